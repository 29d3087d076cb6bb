"""Layered configuration: defaults ← ``gongkai.toml`` / ``[tool.gongkai]`` ← command line.

The file is found by walking up from the first report (or the current directory):
the nearest ``gongkai.toml``, or a ``pyproject.toml`` with a ``[tool.gongkai]`` table.
Per-path overrides (``[[overrides]]`` with ``paths`` globs) apply to matching reports.
Unknown keys are errors with a suggestion. Each value remembers where it came from.
"""
from __future__ import annotations

import copy
import fnmatch
import marshal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.errors import ConfigError, GongkaiError
from checker.files.digest import sha256

__all__ = ["DEFAULTS", "KEYS", "SUPPRESSION_KEYS", "Config", "find_config", "load_config"]

DEFAULTS: dict[str, Any] = {"lang": "zh", "fail_on": "error", "select": (), "ignore": (),
                            "pack_dirs": (), "profile": None, "severity": {}, "options": {},
                            "suppress": [], "rule_timeout": 5.0, "blocked_plugins": (),
                            "agency_aliases": {}, "decisions": None}
KEYS: dict[str, tuple[type, ...]] = {
    "lang": (str,), "fail_on": (str,), "select": (list,), "ignore": (list,),
    "pack_dirs": (list,), "profile": (str,), "severity": (dict,), "options": (dict,),
    "suppress": (list,), "overrides": (list,), "rule_timeout": (int, float),
    "blocked_plugins": (list,), "agency_aliases": (dict,), "decisions": (str,),
    "docs_url": (str,),
}
MAX_TOML_BYTES = 1_000_000  # configuration, profile and sidecar files
SUPPRESSION_KEYS = ("code", "fingerprint", "reason", "paths")
_TUPLES = ("select", "ignore", "pack_dirs", "blocked_plugins")
_ENUMS = {"lang": ("zh", "en"), "fail_on": ("info", "warning", "error", "blocker")}
_SEVERITIES = ("info", "warning", "error", "blocker")


@dataclass
class Config:
    """The effective configuration and where each value came from."""

    values: dict[str, Any] = field(default_factory=lambda: dict(DEFAULTS))
    sources: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    overrides: list[dict[str, Any]] = field(default_factory=list)

    def for_report(self, report: str | Path) -> dict[str, Any]:
        """The values for one report, with matching ``[[overrides]]`` applied."""
        return self.resolve(report)[0]

    def relative(self, report: str | Path) -> str:
        """The report's path relative to the configuration file's folder (posix), if inside."""
        base = self.path.parent if self.path else Path.cwd()
        try:
            return Path(report).resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            return Path(report).as_posix()

    def matching_overrides(self, report: str | Path) -> list[int]:
        """Indexes of the ``[[overrides]]`` whose ``paths`` match the report."""
        rel, given = self.relative(report), Path(report).as_posix()
        return [i for i, ov in enumerate(self.overrides)
                if any(_glob_match(rel, g) or _glob_match(given, g) for g in ov["paths"])]

    def resolve(self, report: str | Path | None) -> tuple[dict[str, Any], dict[str, str]]:
        """(values, sources) for one report: the file's values, then matching overrides."""
        out, sources = dict(self.values), dict(self.sources)
        if report is None:
            return out, sources
        prefix = "tool.gongkai." if self.path and self.path.name == "pyproject.toml" else ""
        for i in self.matching_overrides(report):
            for k, v in self.overrides[i].items():
                if k == "suppress":  # suppressions add up; other lists replace
                    out[k] = list(out.get(k) or []) + list(v)
                elif k != "paths":
                    out[k] = _merge(out.get(k), v)
                    sources[k] = f"{self.path}:{prefix}overrides[{i}].{k}"
        return out, sources


def _glob_match(path: str, pattern: str) -> bool:
    """fnmatch, where a pattern ending in ``/`` (a folder) matches everything below it."""
    if pattern.endswith("/"):
        pattern += "*"
    return fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(path, pattern.lstrip("./"))


def _merge(old: Any, new: Any) -> Any:
    if isinstance(old, dict) and isinstance(new, dict):
        return {**old, **new}
    return new


def find_config(start: str | Path | None = None) -> Path | None:
    """The nearest gongkai.toml, or pyproject.toml with [tool.gongkai], from ``start`` up."""
    here = Path(start or Path.cwd()).resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for d in (here, *here.parents):
        g = d / "gongkai.toml"
        if g.is_file():
            return g
        p = d / "pyproject.toml"
        if p.is_file():
            try:
                tool = read_toml(p, "pyproject.toml", ConfigError).get("tool", {})
            except ConfigError:
                continue
            if isinstance(tool, dict) and "gongkai" in tool:
                return p
    return None


def read_toml(path: str | Path, what: str, error: type[GongkaiError]) -> dict[str, Any]:
    """A TOML file read safely: a regular file of at most 1 MB, UTF-8, limits checked before
    parsing (:mod:`checker.files.tomlguard`); every problem is ``error`` naming the file."""
    from checker.files import parsedtoml, tomlguard
    from checker.files.safeio import read_regular

    data = read_regular(path, limit=MAX_TOML_BYTES, what=what, error=error)
    digest = sha256(data).hexdigest()
    key = (str(path), digest)
    kept = _PARSED.get(key)
    if kept is not None:  # one parse per content and process: a run reads its config thrice
        # a fresh copy for each caller (marshal's is a C-speed deep copy)
        return marshal.loads(kept) if isinstance(kept, bytes) else copy.deepcopy(kept)
    parsed = parsedtoml.load(digest)  # and once per content across runs
    if parsed is None:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise error(f"not UTF-8 (byte {exc.start})", path=str(path)) from None
        parsed = tomlguard.loads(text, str(path), error=error)
        parsedtoml.store(digest, parsed)
    try:
        _PARSED[key] = marshal.dumps(parsed)
    except ValueError:  # a date or time value: kept as it is, deep-copied for each caller
        _PARSED[key] = copy.deepcopy(parsed)
    return parsed


_PARSED: dict[tuple[str, str], bytes | dict[str, Any]] = {}


def _check_table(table: dict[str, Any], path: str, prefix: str) -> None:
    for key, value in table.items():
        where = f"{prefix}{key}"
        if key not in KEYS:
            import difflib
            close = difflib.get_close_matches(key, sorted(KEYS), n=1, cutoff=0.5)
            raise ConfigError(f"unknown key '{key}'", path=path, where=where,
                              hint=f"did you mean '{close[0]}'?" if close
                              else f"valid keys: {', '.join(sorted(KEYS))}")
        if not isinstance(value, KEYS[key]):
            raise ConfigError(f"'{key}' must be a {KEYS[key][0].__name__}", path=path, where=where)
        if key in _ENUMS and value not in _ENUMS[key]:
            raise ConfigError(f"'{value}' is not one of: {', '.join(_ENUMS[key])}", path=path,
                              where=where)
        # (the isinstance tests below repeat the KEYS check above, for the type checker)
        if key == "severity" and isinstance(value, dict):
            for code, sev in value.items():
                if sev not in _SEVERITIES:
                    raise ConfigError(f"severity '{sev}' for {code} is not one of: "
                                      f"{', '.join(_SEVERITIES)}", path=path,
                                      where=f"{where}.{code}")
        if key == "options" and isinstance(value, dict):
            for code, opts in value.items():
                if not isinstance(opts, dict):
                    raise ConfigError("options of a rule must be a table", path=path,
                                      where=f"{where}.{code}")
        if key == "suppress" and isinstance(value, list):
            for i, item in enumerate(value):
                check_suppression(item, path, f"{where}[{i}]")
        if key == "agency_aliases" and isinstance(value, dict):
            for alias, name in value.items():
                if not isinstance(name, str) or not name.strip():
                    raise ConfigError(f"the alias '{alias}' must name an agency (a string)",
                                      path=path, where=f"{where}.{alias}",
                                      hint='[agency_aliases]\n"某某管委会" = "某某管理委员会"')
        if key == "overrides" and isinstance(value, list):
            for i, ov in enumerate(value):
                if not isinstance(ov, dict) or not isinstance(ov.get("paths"), list):
                    raise ConfigError("each [[overrides]] needs 'paths' (a list of globs)",
                                      path=path, where=f"{where}[{i}]")
                rest = {k: v for k, v in ov.items() if k != "paths"}
                if "overrides" in rest:
                    raise ConfigError("overrides cannot nest", path=path, where=f"{where}[{i}]")
                _check_table(rest, path, f"{where}[{i}].")


def check_suppression(item: Any, path: str, where: str) -> None:
    """Raise ConfigError unless ``item`` is a suppression with a reason and a target."""
    example = 'suppress = [{ code = "SEC004", reason = "省里统一使用条例措辞" }]'
    if not isinstance(item, dict):
        raise ConfigError("a suppression must be a table", path=path, where=where, hint=example)
    for k in item:
        if k not in SUPPRESSION_KEYS:
            import difflib
            close = difflib.get_close_matches(k, SUPPRESSION_KEYS, n=1, cutoff=0.5)
            raise ConfigError(f"unknown key '{k}' in a suppression", path=path,
                              where=f"{where}.{k}",
                              hint=f"did you mean '{close[0]}'?" if close
                              else f"valid keys: {', '.join(SUPPRESSION_KEYS)}")
    reason = item.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ConfigError("a suppression needs a 'reason' (why this finding is acceptable)",
                          path=path, where=where, hint=example)
    if not (item.get("fingerprint") or item.get("code")):
        raise ConfigError("a suppression needs 'code' or 'fingerprint'", path=path, where=where,
                          hint=example)
    for k in ("code", "fingerprint"):
        if k in item and not isinstance(item[k], str):
            raise ConfigError(f"'{k}' must be a string", path=path, where=f"{where}.{k}")
    paths = item.get("paths", [])
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise ConfigError("'paths' must be a list of globs", path=path, where=f"{where}.paths")


def _resolve_paths(key: str, value: Any, base: Path, origin: str = "") -> Any:
    """Paths in a configuration file are relative to that file's folder.

    Suppressions also remember their folder (``base``, for their ``paths`` globs) and where
    they were written (``origin``), so that stale ones can be named.
    """
    if key == "suppress":
        return [{**item, "base": str(base.resolve()), "origin": f"{origin}[{i}]"}
                for i, item in enumerate(value)]
    if key == "pack_dirs":
        return [str((base / v).resolve()) for v in value]
    if key in ("profile", "decisions") and value:
        return str((base / value).resolve())
    return value


def load_config(start: str | Path | None = None, explicit: str | Path | None = None) -> Config:
    """Load the configuration file that applies (or ``explicit``) over the defaults."""
    cfg = Config()
    for k in DEFAULTS:
        cfg.sources[k] = "default"
    path = Path(explicit) if explicit else find_config(start)
    if path is None:
        return cfg
    doc = read_toml(path, "configuration", ConfigError)
    table = doc.get("tool", {}).get("gongkai", {}) if path.name == "pyproject.toml" else doc
    prefix = "tool.gongkai." if path.name == "pyproject.toml" else ""
    if not isinstance(table, dict):
        raise ConfigError("[tool.gongkai] must be a table", path=str(path))
    _check_table(table, str(path), prefix)
    cfg.path = path
    for key, value in table.items():
        if key == "overrides":
            cfg.overrides = [
                {k: (tuple(v) if k in _TUPLES else v) for k, v in (
                    (k, _resolve_paths(k, v, path.parent, f"{path}:{prefix}overrides[{n}].{k}"))
                    for k, v in ov.items())}
                for n, ov in enumerate(value)]
            continue
        value = _resolve_paths(key, value, path.parent, f"{path}:{prefix}{key}")
        cfg.values[key] = tuple(value) if key in _TUPLES else value
        cfg.sources[key] = f"{path}:{prefix}{key}"
    return cfg
