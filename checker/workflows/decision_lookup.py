"""Finding decisions' findings in reports: for ``gongkai review set`` and ``gongkai review list``.

Reports are checked as ``gongkai check`` checks them (each under its effective configuration,
suppressions applied, no baseline). Findings that need last year's report or the rest of a
batch (cross-year and batch originality rules) cannot be re-found by checking one report
alone; their decisions show "unknown" rather than "no longer matches".
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["CONTEXT_KINDS", "findings_in", "still_matches"]

CONTEXT_KINDS = ("crossyear", "originality")


def _files(paths: Iterable[str | Path]) -> list[Path]:
    from checker.workflows.batch.files import collect_files

    return collect_files([p for p in paths if Path(p).exists()])


def findings_in(paths: Sequence[str | Path], args: Any
                ) -> tuple[dict[str, dict[str, str]], set[str]]:
    """(fingerprint → {file, code, message} of every finding or suppressed finding in the
    reports under ``paths``, codes of rules that need a previous report or a batch)."""
    from checker.workflows.pipeline import check_files

    files = _files(paths)
    run = check_files(files, args)
    out: dict[str, dict[str, str]] = {}
    for r in run.results:
        for f in (*r.findings, *r.suppressed):
            out.setdefault(f.fingerprint, {"file": str(r.path or ""), "code": f.code,
                                           "message": f.message})
    context = {rule.code for rule in run.rules() if rule.check in CONTEXT_KINDS}
    return out, context


def still_matches(decisions: dict[str, Any], paths: Sequence[str | Path], args: Any
                  ) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """fingerprint → "yes" / "no" / "unknown", and what the reports say about each finding.

    The reports checked are ``paths`` and the files the decisions recorded.
    """
    recorded = [d.file for d in decisions.values() if d.file]
    targets = list(dict.fromkeys([*map(str, paths), *recorded]))
    found, context = findings_in(targets, args) if targets else ({}, set())
    checked = {str(Path(p).resolve()) for p in _files(targets)} if targets else set()
    out: dict[str, str] = {}
    for fp, d in decisions.items():
        if fp in found:
            out[fp] = "yes"
        elif d.code in context:
            out[fp] = "unknown"
        elif (d.file and str(Path(d.file).resolve()) in checked) or (not d.file and paths):
            out[fp] = "no"
        else:
            out[fp] = "unknown"
    return out, found
