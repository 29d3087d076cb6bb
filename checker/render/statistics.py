"""``gongkai check --statistics``: how often each rule fired, most frequent first (as ruff).

Text: one line per rule (count, code, severity, the rule's summary) and a total; JSON with
``options["json"]``: a list of ``{"code", "name", "severity", "count", "reports", "summary"}``.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from checker.findings import RunResult

__all__ = ["render", "statistics"]


def statistics(results: Sequence[RunResult], rules: Sequence[Any] = (),
               lang: str = "zh") -> list[dict[str, Any]]:
    """Per rule: code, name, severity, findings, reports with a finding, summary."""
    summaries = {r.code: (r.summary_for(lang) if hasattr(r, "summary_for")
                          else getattr(r, "summary", "")) for r in rules}
    rows: dict[str, dict[str, Any]] = {}
    for res in results:
        for f in res.findings:
            row = rows.setdefault(f.code, {"code": f.code, "name": f.name,
                                           "severity": f.severity.value, "count": 0,
                                           "reports": set(), "summary": summaries.get(f.code, "")})
            row["count"] += 1
            row["reports"].add(res.path or "")
    out = sorted(rows.values(), key=lambda r: (-r["count"], r["code"]))
    for row in out:
        row["reports"] = len(row["reports"])
    return out


def render(results: Sequence[RunResult], options: dict[str, Any] | None = None) -> str:
    opts = options or {}
    lang = str(opts.get("lang") or "zh")
    rows = statistics(results, opts.get("rules") or (), lang)
    if opts.get("json"):
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if not rows:
        return "no findings\n" if lang == "en" else "未发现问题\n"
    width = max(len(str(r["count"])) for r in rows)
    lines = [f"{r['count']:>{width}}  {r['code']}  {r['severity']:<7}  {r['summary']}".rstrip()
             for r in rows]
    total = sum(r["count"] for r in rows)
    lines.append(f"{total} findings, {len(rows)} rules" if lang == "en"
                 else f"共{total}个问题，涉及{len(rows)}条规则")
    return "\n".join(lines) + "\n"
