"""Baselines: remember today's findings so that only new ones are shown later.

A baseline is the JSON output format (``gongkai.results/1``) of the reports it covers,
written atomically by ``gongkai baseline FILE... -o baseline.json``. Findings are matched by
fingerprint (rule, report identity and place), so re-ordering or re-wording a report does
not resurrect old findings, and a fixed-then-reintroduced defect shows again only if its
place changed.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from checker.errors import GongkaiError, InputError
from checker.findings import RunResult

__all__ = ["apply_baseline", "load_baseline", "write_baseline"]

MAX_BASELINE_BYTES = 200 * 1024 * 1024
_HINT = "write one with `gongkai baseline FILE... -o baseline.json`"


def load_baseline(path: str | Path) -> set[str]:
    """The fingerprints recorded in the baseline at ``path``."""
    from checker.files.safeio import read_regular

    data = read_regular(path, limit=MAX_BASELINE_BYTES, what="baseline", hint=_HINT)
    try:
        doc = json.loads(data.decode("utf-8"))
    except RecursionError:
        raise InputError("baseline is nested too deeply", path=str(path), hint=_HINT) from None
    except ValueError as exc:
        raise InputError(f"baseline is not valid JSON: {exc}", path=str(path), hint=_HINT) from None
    try:
        if not str(doc.get("schema", "")).startswith("gongkai.results/"):
            raise TypeError
        return {str(f["fingerprint"]) for r in doc["reports"] for f in r["findings"]}
    except (AttributeError, KeyError, TypeError):
        raise InputError("not a gongkai baseline (expected the gongkai.results/1 JSON format)",
                         path=str(path), hint=_HINT) from None


def apply_baseline(result: RunResult, known: set[str], session: Any) -> RunResult:
    """Drop the findings whose fingerprint is in ``known`` and re-score the rest."""
    from checker.workflows.rescore import Rescoring, rescore

    return rescore(result, session, Rescoring(baseline=frozenset(known)))


def write_baseline(results: Sequence[RunResult], path: str | Path) -> int:
    """Write ``results`` as a baseline (atomically); return the number of findings recorded."""
    from checker.files.atomic import atomic_write
    from checker.files.safeio import check_output_path, locked
    from checker.render.json_out import render

    try:
        check_output_path(path, "-o")
    except GongkaiError as exc:
        raise InputError(f"cannot write baseline: {exc.message}", path=str(path),
                         hint=exc.hint) from None
    try:
        with locked(path):
            atomic_write(path, render(results))
    except OSError as exc:
        raise InputError(f"cannot write baseline: {exc.strerror or exc}", path=str(path),
                         hint="check that the folder exists and is writable") from None
    return sum(len(r.findings) for r in results)
