"""The JSON output format (``gongkai.results/1``), documented in docs/output-formats.md.

Stable: keys are only ever added. Each finding carries code, name, pack, severity, category,
message, pointer, location (file, line, column, excerpt), source_line, expected, actual,
confidence, evidence and fingerprint.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from checker.findings import Finding, RunResult

__all__ = ["SCHEMA_ID", "finding_to_dict", "render", "result_to_dict"]

SCHEMA_ID = "gongkai.results/1"


def finding_to_dict(f: Finding, deduction: float | None = None) -> dict[str, Any]:
    return {
        "code": f.code, "name": f.name, "pack": f.pack, "severity": f.severity.value,
        "category": f.category, "message": f.message, "pointer": f.pointer,
        "location": f.location.as_dict(), "source_line": f.location.excerpt,
        "expected": f.expected, "actual": f.actual, "confidence": f.confidence,
        "evidence": list(f.evidence), "part": f.part, "fingerprint": f.fingerprint,
        "deduction": deduction, "doc": f.doc_url,
    }


def result_to_dict(r: RunResult) -> dict[str, Any]:
    points = {d.fingerprint: d.points for d in (r.grade.deductions if r.grade else ())}
    out: dict[str, Any] = {
        "path": r.path,
        "meta": {k: r.meta.get(k) for k in ("title", "agency", "year", "format", "published")},
        "findings": [finding_to_dict(f, points.get(f.fingerprint, 0.0)) for f in r.findings],
        "not_assessable": [{"code": n.code, "name": n.name, "pack": n.pack,
                            "category": n.category, "reason": n.reason, "pointer": n.pointer}
                           for n in r.not_assessable],
        "rule_errors": [{"code": e.code, "pack": e.pack, "error": e.error} for e in r.rule_errors],
        "suppressed": [{"code": f.code, "fingerprint": f.fingerprint} for f in r.suppressed],
        "rules_run": r.rules_run,
    }
    if r.grade:
        g = r.grade
        out["score"] = g.score
        out["grade"] = g.grade
        out["grade_en"] = g.grade_en
        out["profile"] = g.profile
        out["vetoed"] = g.vetoed
        out["categories"] = [{"id": c.id, "label": c.label, "label_en": c.label_en,
                              "weight": c.weight, "lost": c.lost, "score": c.score}
                             for c in g.categories]
        out["unassessed_points"] = g.unassessed_points
        out["assessed_points"] = g.assessed_points
        out["assessed_score"] = g.assessed_score
        out["needs_review"] = g.needs_review
        out["unassessed"] = [{"item": k, "points": v} for k, v in g.unassessed]
    counts: dict[str, int] = {}
    for f in r.findings:
        counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
    out["counts"] = counts
    return out


def render(results: Sequence[RunResult], options: dict[str, Any] | None = None) -> str:
    from checker import __version__

    doc: dict[str, Any] = {"schema": SCHEMA_ID, "tool": {"name": "gongkai", "version": __version__},
                           "reports": [result_to_dict(r) for r in results]}
    reasons = (options or {}).get("suppression_reasons")
    if reasons is not None:  # gongkai check: why each finding was suppressed, and stale ones
        for rep in doc["reports"]:
            for item in rep["suppressed"]:
                reason = reasons.get(item["fingerprint"])
                if reason:
                    item["reason"] = reason
        doc["stale_suppressions"] = list((options or {}).get("stale_suppressions", ()))
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False, default=str) + "\n"
