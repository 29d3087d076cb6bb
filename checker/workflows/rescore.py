"""Re-scoring in one place: baselines, suppressions and reviewer decisions.

``gongkai check``, ``gongkai baseline`` and ``gongkai score`` all come here after checking a
report. In order:

1. findings whose fingerprint is in the **baseline** are dropped (known, not shown);
2. findings matched by a **suppression** (configuration or sidecar) move to ``suppressed``;
3. findings a reviewer **dismissed** (decisions file) move to ``suppressed``.

Then the result is graded once more through :meth:`checker.api.Session.regrade`, which gives
the grade hook the same view as the first grading (rules and categories that ran), so the
coverage and unassessed points are kept.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.findings import RunResult
from checker.workflows.suppress import Suppression, Tracker, from_config, load_sidecar, partition

if TYPE_CHECKING:
    from checker.session import Session

__all__ = ["Rescoring", "apply_suppressions", "rescore", "rescoring_for"]


@dataclass(frozen=True)
class Rescoring:
    """What to take out of a result before it is scored again."""

    baseline: frozenset[str] = frozenset()
    suppressions: tuple[Suppression, ...] = ()
    decisions: Mapping[str, str] = field(default_factory=dict)  # fingerprint -> status


def rescoring_for(values: Mapping[str, Any], report: str | Path | None, *,
                  baseline: set[str] | frozenset[str] | None = None,
                  decisions: Mapping[str, str] | None = None) -> Rescoring:
    """The rescoring of one report under its effective configuration ``values``."""
    sups = tuple(from_config(dict(values))) + tuple(load_sidecar(report))
    return Rescoring(frozenset(baseline or ()), sups, dict(decisions or {}))


def rescore(result: RunResult, session: Any, how: Rescoring,
            tracker: Tracker | None = None) -> RunResult:
    """``result`` without baseline, suppressed and dismissed findings, graded again once."""
    changed = False
    if how.baseline:
        keep = tuple(f for f in result.findings if f.fingerprint not in how.baseline)
        if len(keep) != len(result.findings):
            result = replace(result, findings=keep)
            changed = True
    if how.suppressions:
        names = [r.code for r in session.rules] + [r.name for r in session.rules]
        new = partition(result, how.suppressions, rule_codes=names, tracker=tracker)
        changed = changed or new is not result
        result = new
    if how.decisions:
        gone = tuple(f for f in result.findings if how.decisions.get(f.fingerprint) == "dismissed")
        if gone:
            keep = tuple(f for f in result.findings
                         if how.decisions.get(f.fingerprint) != "dismissed")
            result = replace(result, findings=keep, suppressed=tuple(result.suppressed) + gone)
            changed = True
    if not changed:
        return result
    return replace(result, grade=session.regrade(result))


def rescore_all(results: Sequence[RunResult], session: Any, how: Rescoring) -> list[RunResult]:
    """Several results of one session under one rescoring."""
    return [rescore(r, session, how) for r in results]


def apply_suppressions(result: RunResult, session: Session,
                       tracker: Tracker | None = None) -> RunResult:
    """Apply the session configuration's suppressions and the report's sidecar file."""
    return rescore(result, session, rescoring_for(session.config, result.path), tracker)
