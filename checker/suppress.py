"""Suppressions with a required reason, from configuration (applied after checking)."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from checker.findings import RunResult


def apply_suppressions(result: RunResult, session: Any) -> RunResult:
    """Move suppressed findings out of ``findings`` (and out of the score)."""
    rules = session.config.get("suppress") or []
    if not rules:
        return result
    keep, gone = [], []
    for f in result.findings:
        if any((s.get("fingerprint") == f.fingerprint) or
               (s.get("code") == f.code and not s.get("fingerprint")) for s in rules):
            gone.append(f)
        else:
            keep.append(f)
    if not gone:
        return result
    regraded = replace(result, findings=tuple(keep), suppressed=tuple(gone))
    return replace(regraded, grade=session.plugins.grade(regraded, session.profile))
