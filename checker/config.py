"""Layered configuration: defaults ← ``gongkai.toml`` / ``[tool.gongkai]`` ← command line.

The file is found by walking up from the first report (or the current directory):
the nearest ``gongkai.toml``, or a ``pyproject.toml`` with a ``[tool.gongkai]`` table.
Per-path overrides (``[[overrides]]`` with ``paths`` globs) apply to matching reports.
Unknown keys are errors with a suggestion. Each value remembers where it came from.
"""
from __future__ import annotations

import difflib
import fnmatch
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["Config", "load_config", "find_config", "KEYS", "DEFAULTS"]

DEFAULTS: dict[str, Any] = {"lang": "zh", "fail_on": "error", "select": (), "ignore": (),
                            "pack_dirs": (), "profile": None, "severity": {}, "options": {},
                            "suppress": [], "rule_timeout": 5.0}
KEYS: dict[str, tuple[type, ...]] = {
    "lang": (str,), "fail_on": (str,), "select": (list,), "ignore": (list,),
    "pack_dirs": (list,), "profile": (str,), "severity": (dict,), "options": (dict,),
    "suppress": (list,), "overrides": (list,), "rule_timeout": (int, float),
}
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
        out = dict(self.values)
        base = self.path.parent if self.path else Path.cwd()
        try:
            rel = Path(report).resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            rel = Path(report).as_posix()
        for ov in self.overrides:
            if any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(Path(report).as_posix(), g)
                   for g in ov["paths"]):
                for k, v in ov.items():
                    if k != "paths":
                        out[k] = _merge(out.get(k), v)
        return out


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
                if "gongkai" in tomllib.loads(p.read_text(encoding="utf-8")).get("tool", {}):
                    return p
            except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
    return None


def _check_table(table: dict[str, Any], path: str, prefix: str) -> None:
    for key, value in table.items():
        where = f"{prefix}{key}"
        if key not in KEYS:
            close = difflib.get_close_matches(key, sorted(KEYS), n=1, cutoff=0.5)
            raise ConfigError(f"unknown key '{key}'", path=path, where=where,
                              hint=f"did you mean '{close[0]}'?" if close
                              else f"valid keys: {', '.join(sorted(KEYS))}")
        if not isinstance(value, KEYS[key]):
            raise ConfigError(f"'{key}' must be a {KEYS[key][0].__name__}", path=path, where=where)
        if key in _ENUMS and value not in _ENUMS[key]:
            raise ConfigError(f"'{value}' is not one of: {', '.join(_ENUMS[key])}", path=path,
                              where=where)
        if key == "severity":
            for code, sev in value.items():
                if sev not in _SEVERITIES:
                    raise ConfigError(f"severity '{sev}' for {code} is not one of: "
                                      f"{', '.join(_SEVERITIES)}", path=path, where=f"{where}.{code}")
        if key == "options":
            for code, opts in value.items():
                if not isinstance(opts, dict):
                    raise ConfigError("options of a rule must be a table", path=path,
                                      where=f"{where}.{code}")
        if key == "suppress":
            for i, item in enumerate(value):
                if not isinstance(item, dict) or not item.get("reason") or not (
                        item.get("fingerprint") or item.get("code")):
                    raise ConfigError("each suppression needs 'reason' and 'fingerprint' or 'code'",
                                      path=path, where=f"{where}[{i}]",
                                      hint='suppress = [{ code = "SEC004", reason = "省里统一使用条例措辞" }]')
        if key == "overrides":
            for i, ov in enumerate(value):
                if not isinstance(ov, dict) or not isinstance(ov.get("paths"), list):
                    raise ConfigError("each [[overrides]] needs 'paths' (a list of globs)",
                                      path=path, where=f"{where}[{i}]")
                rest = {k: v for k, v in ov.items() if k != "paths"}
                if "overrides" in rest:
                    raise ConfigError("overrides cannot nest", path=path, where=f"{where}[{i}]")
                _check_table(rest, path, f"{where}[{i}].")


def load_config(start: str | Path | None = None, explicit: str | Path | None = None) -> Config:
    """Load the configuration file that applies (or ``explicit``) over the defaults."""
    cfg = Config()
    for k in DEFAULTS:
        cfg.sources[k] = "default"
    path = Path(explicit) if explicit else find_config(start)
    if path is None:
        return cfg
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read configuration: {exc.strerror or exc}", path=str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"invalid TOML: {exc}", path=str(path)) from None
    table = doc.get("tool", {}).get("gongkai", {}) if path.name == "pyproject.toml" else doc
    prefix = "tool.gongkai." if path.name == "pyproject.toml" else ""
    if not isinstance(table, dict):
        raise ConfigError("[tool.gongkai] must be a table", path=str(path))
    _check_table(table, str(path), prefix)
    cfg.path = path
    for key, value in table.items():
        if key == "overrides":
            cfg.overrides = value
            continue
        if key == "pack_dirs":
            value = [str((path.parent / v).resolve()) for v in value]
        if key == "profile" and value:
            value = str((path.parent / value).resolve())
        cfg.values[key] = tuple(value) if key in ("select", "ignore") else value
        cfg.sources[key] = f"{path}:{prefix}{key}"
    return cfg
