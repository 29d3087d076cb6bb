"""Suppressions: accepted findings, each with a required reason, taken out of the score.

Two places say what is accepted:

* the configuration: ``suppress = [{ code = "SEC004", reason = "…", paths = ["2019/*"] }]``
  (``code`` may be a rule code, a rule name or a glob; ``fingerprint`` picks one finding);
* a sidecar ``gongkai-suppressions.toml`` beside the report, keyed by fingerprint::

      [76608291c33be595]
      reason = "标题中的空格来自网站模板，原件无误"
      code = "SEC010"          # optional: checked against the finding

A :class:`Tracker` remembers which suppressions matched, so that ``gongkai check`` can list
those that no longer match anything (the defect was fixed, or the rule changed).
"""
from __future__ import annotations

import contextlib
import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from checker.config.layers import check_suppression
from checker.errors import ConfigError
from checker.files import tomlguard
from checker.findings import Finding, RunResult

MAX_SIDECAR_BYTES = 1_000_000

__all__ = [
    "SIDECAR",
    "Suppression",
    "Tracker",
    "from_config",
    "load_sidecar",
    "partition",
    "suppress",
]

SIDECAR = "gongkai-suppressions.toml"


@dataclass(frozen=True)
class Suppression:
    """One accepted finding (by fingerprint) or kind of finding (by code), with its reason."""

    reason: str
    origin: str
    code: str | None = None
    fingerprint: str | None = None
    paths: tuple[str, ...] = ()
    base: str | None = None

    def applies_to(self, report: str | None) -> bool:
        """Whether this suppression is in scope for the report at ``report``."""
        if not self.paths:
            return True
        if report is None:
            return False
        rel = Path(report).as_posix()
        if self.base:
            with contextlib.suppress(ValueError):
                rel = Path(report).resolve().relative_to(Path(self.base)).as_posix()
        return any(fnmatch.fnmatchcase(rel, g + "*" if g.endswith("/") else g) for g in self.paths)

    def matches(self, f: Finding) -> bool:
        if self.fingerprint and self.fingerprint != f.fingerprint:
            return False
        if not self.code:
            return True
        return (self.code in (f.code, f.name) or fnmatch.fnmatchcase(f.code, self.code)
                or fnmatch.fnmatchcase(f.name, self.code))

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "fingerprint": self.fingerprint,
                               "reason": self.reason, "origin": self.origin}
        if self.paths:
            out["paths"] = list(self.paths)
        return {k: v for k, v in out.items() if v is not None}


def from_config(values: dict[str, Any]) -> list[Suppression]:
    """The suppressions of an effective configuration (see :mod:`checker.config.layers`)."""
    out = []
    for i, item in enumerate(values.get("suppress") or ()):
        out.append(Suppression(reason=item["reason"], origin=item.get("origin") or f"suppress[{i}]",
                               code=item.get("code"), fingerprint=item.get("fingerprint"),
                               paths=tuple(item.get("paths") or ()), base=item.get("base")))
    return out


_SIDECARS: dict[tuple[str, int, int], list[Suppression]] = {}


def load_sidecar(report: str | Path | None) -> list[Suppression]:
    """The suppressions in the ``gongkai-suppressions.toml`` beside ``report`` (if any)."""
    if report is None:
        return []
    path = Path(report).resolve().parent / SIDECAR
    try:
        st = path.stat()
    except OSError:
        return []
    key = (str(path), st.st_mtime_ns, st.st_size)
    if key not in _SIDECARS:
        _SIDECARS[key] = _parse_sidecar(path)
    return _SIDECARS[key]


def _parse_sidecar(path: Path) -> list[Suppression]:
    from checker.files.safeio import read_regular

    data = read_regular(path, limit=MAX_SIDECAR_BYTES, what="suppressions file", error=ConfigError,
                        hint="keep one table per accepted finding")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 (byte {exc.start})", path=str(path)) from None
    doc = tomlguard.loads(text, str(path), error=ConfigError)
    out = []
    for fp, entry in doc.items():
        if not isinstance(entry, dict):
            raise ConfigError("each suppression is a table keyed by the finding's fingerprint",
                              path=str(path), where=fp,
                              hint='[76608291c33be595]\nreason = "…"')
        if "fingerprint" in entry:
            raise ConfigError("the table name is the fingerprint; do not repeat it",
                              path=str(path), where=f"{fp}.fingerprint")
        check_suppression({**entry, "fingerprint": fp}, str(path), fp)
        out.append(Suppression(reason=entry["reason"], origin=f"{path}:{fp}",
                               code=entry.get("code"), fingerprint=fp,
                               paths=tuple(entry.get("paths") or ()), base=str(path.parent)))
    return out


@dataclass
class Tracker:
    """Which suppressions were in scope for some checked report, and which matched."""

    in_scope: dict[Suppression, None] = field(default_factory=dict)
    used: set[Suppression] = field(default_factory=set)
    reasons: dict[str, str] = field(default_factory=dict)

    def stale(self) -> list[Suppression]:
        """Suppressions in scope for a checked report that matched none of its findings."""
        return [s for s in self.in_scope if s not in self.used]


def partition(result: RunResult, sups: Sequence[Suppression], *, rule_codes: Iterable[str] = (),
              tracker: Tracker | None = None) -> RunResult:
    """Move the findings matched by ``sups`` from ``findings`` to ``suppressed`` (no re-grading;
    :func:`checker.workflows.rescore.rescore` grades once after every kind of removal).

    Args:
        result: one report's result.
        sups: candidate suppressions (those out of scope for this report are ignored).
        rule_codes: the codes and names of the rules that ran; a code suppression for a rule
            that did not run is not counted as stale.
        tracker: records scope and matches, for listing stale suppressions.
    """
    codes = set(rule_codes)
    active = [s for s in sups if s.applies_to(result.path)]
    if tracker is not None:
        for s in active:
            if (s.fingerprint or not codes
                    or any(fnmatch.fnmatchcase(c, s.code or "") for c in codes)):
                tracker.in_scope.setdefault(s, None)
    if not active:
        return result
    keep, gone = [], []
    for f in result.findings:
        hit = next((s for s in active if s.matches(f)), None)
        if hit is None:
            keep.append(f)
            continue
        gone.append(f)
        if tracker is not None:
            tracker.used.add(hit)
            tracker.reasons[f.fingerprint] = hit.reason
    if not gone:
        return result
    return replace(result, findings=tuple(keep), suppressed=tuple(result.suppressed) + tuple(gone))


def suppress(result: RunResult, sups: Sequence[Suppression], *, rule_codes: Iterable[str] = (),
             tracker: Tracker | None = None, regrade: Any = None) -> RunResult:
    """:func:`partition`, then ``regrade(result) -> Grade`` when something was suppressed."""
    new = partition(result, sups, rule_codes=rule_codes, tracker=tracker)
    return replace(new, grade=regrade(new)) if regrade and new is not result else new
