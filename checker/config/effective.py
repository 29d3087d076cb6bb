"""The effective configuration of one report: file layers, per-path overrides, then flags.

Every value remembers where it came from (``default``, ``FILE:key``,
``FILE:overrides[N].key`` or ``command line``). Reports whose effective configurations are
equal share one :class:`checker.api.Session` (plugins, packs and profile loaded once).
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.config.layers import Config, find_config, load_config
from checker.errors import ConfigError, UnknownSelectorError

__all__ = ["Effective", "SessionCache", "check_rule_keys", "effective"]

CLI = "command line"
# Keys that change what a Session loads or runs; the rest (fail_on, suppress) apply after.
_POST_KEYS = ("fail_on", "suppress", "docs_url")


@dataclass
class Effective:
    """One report's configuration: values, their sources, the file and overrides used."""

    values: dict[str, Any]
    sources: dict[str, str]
    config: Config
    overrides: list[int]

    def session_key(self) -> str:
        pre = {k: v for k, v in self.values.items() if k not in _POST_KEYS}
        return json.dumps(pre, sort_keys=True, default=str, ensure_ascii=False)


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


_CONFIGS: dict[str, Config] = {}


def _config_for(report: str | Path | None, explicit: str | None) -> Config:
    path = Path(explicit) if explicit else find_config(report)
    key = ""
    if path:
        try:
            st = path.stat()
            key = f"{path.resolve()}\x1f{st.st_mtime_ns}\x1f{st.st_size}"
        except OSError:
            key = str(path)  # load_config reports the unreadable file
    if key not in _CONFIGS:
        _CONFIGS[key] = load_config(explicit=path) if path else Config(
            sources={k: "default" for k in Config().values})
    return _CONFIGS[key]


def clear_cache() -> None:
    """Forget loaded configuration files (tests; long-running embedders)."""
    _CONFIGS.clear()


def effective(args: Any, report: str | Path | None) -> Effective:
    """The configuration for ``report`` (a file or folder; None: the current directory)."""
    cfg = _config_for(report, getattr(args, "config", None))
    values, sources = cfg.resolve(report)
    overrides = cfg.matching_overrides(report) if report is not None else []

    def put(key: str, value: Any) -> None:
        values[key] = value
        sources[key] = CLI

    if getattr(args, "lang", None):
        put("lang", args.lang)
    values.setdefault("lang", "zh")
    if getattr(args, "pack_dir", None):
        put("pack_dirs", tuple(values.get("pack_dirs") or ()) +
            tuple(str(Path(p).resolve()) for p in args.pack_dir))
    if getattr(args, "select", None):
        put("select", _split(args.select))
    if getattr(args, "ignore", None):
        put("ignore", tuple(values.get("ignore") or ()) + _split(args.ignore))
    if getattr(args, "profile", None):
        put("profile", str(Path(args.profile).resolve()))
    if getattr(args, "fail_on", None):
        put("fail_on", args.fail_on)
    return Effective(values, sources, cfg, overrides)


def check_rule_keys(eff: Effective, rules: Sequence[Any]) -> None:
    """Raise ConfigError when ``severity`` or ``options`` name a rule that does not exist."""
    names = {r.code for r in rules} | {r.name for r in rules}
    for key in ("severity", "options"):
        for code in eff.values.get(key) or {}:
            if code in names:
                continue
            import difflib
            close = difflib.get_close_matches(code, sorted(names), n=1, cutoff=0.6)
            where = eff.sources.get(key, key)
            raise ConfigError(f"'{key}' names no known rule '{code}'", where=where,
                              hint=f"did you mean '{close[0]}'?" if close
                              else "`gongkai rules` lists the codes and names")


class SessionCache:
    """One Session per distinct effective configuration."""

    def __init__(self, **session_kwargs: Any) -> None:
        self._sessions: dict[str, Any] = {}
        self._kwargs = session_kwargs

    def get(self, eff: Effective) -> Any:
        key = eff.session_key()
        if key not in self._sessions:
            from checker.session import Session

            try:
                session = Session(dict(eff.values), **self._kwargs)
            except UnknownSelectorError as exc:  # name where the pattern came from
                exc.where = eff.sources.get(exc.where or "", exc.where)
                raise
            check_rule_keys(eff, session.all_rules)
            self._sessions[key] = session
        return self._sessions[key]

    def __len__(self) -> int:
        return len(self._sessions)

    def all(self) -> list[Any]:
        """The sessions built so far."""
        return list(self._sessions.values())
