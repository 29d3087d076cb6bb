"""The per-report view as one self-contained HTML page: the report's text with each finding's
span marked, each finding listed under its line (as in the batch HTML report), and the score
card on top. No network, no script; every value from the report is escaped.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from checker.findings import Finding, RunResult, Severity
from checker.render.html_assets import CSS
from checker.render.html_report import _e, _finding, _num
from checker.workflows.annotate.texts import SEVERITY_WORDS, points_of, severity_counts

__all__ = ["annotate_html", "render_view"]

_VIEW_CSS = """
.card{border:1px solid #ddd;background:#fafafa;padding:8px 16px;margin:12px 0}
.card .score{font-size:18px;font-weight:600}
.text{font-family:inherit;border-top:1px solid #ddd;margin-top:16px}
.ln{display:flex;gap:12px;padding:1px 0}.ln:hover{background:#f6f8ff}
.no{color:#999;min-width:3.5em;text-align:right;user-select:none;font-size:12px;padding-top:2px}
.tx{white-space:pre-wrap;word-break:break-all;flex:1}
.ln.has{background:#fffbea}
mark.sev-blocker,mark.sev-error{background:#ffcdd2}mark.sev-warning{background:#ffe066}
mark.sev-info{background:#d6e9ff}
.notes{margin:0 0 6px 4.5em;padding-left:20px}
"""
_RANK = {"info": 0, "warning": 1, "error": 2, "blocker": 3}


def _t(zh: str, en: str, lang: str) -> str:
    return en if lang == "en" else zh


def _spans(f: Finding, line: str) -> tuple[int, int] | None:
    """The columns of ``line`` a finding concerns (its own span, else its actual value)."""
    loc = f.location
    if not loc.column:
        return None
    start = loc.column - 1
    if loc.end_line == loc.line and loc.end_column and loc.end_column > loc.column:
        end = loc.end_column - 1
    elif loc.end_line and loc.line and loc.end_line > loc.line:
        end = len(line)
    elif isinstance(f.actual, str) and f.actual and line.startswith(f.actual, start):
        end = start + len(f.actual)
    else:
        return None
    return (start, min(end, len(line))) if start < min(end, len(line)) else None


def _marked(line: str, spans: list[tuple[int, int, str]]) -> str:
    """``line`` escaped, each character in a span inside ``<mark>`` of the worst severity."""
    worst: list[str | None] = [None] * len(line)
    for a, b, sev in spans:
        for i in range(a, b):
            if worst[i] is None or _RANK[sev] > _RANK[worst[i] or "info"]:
                worst[i] = sev
    out: list[str] = []
    i = 0
    while i < len(line):
        j = i
        while j < len(line) and worst[j] == worst[i]:
            j += 1
        chunk = _e(line[i:j])
        out.append(f'<mark class="sev-{worst[i]}">{chunk}</mark>' if worst[i] else chunk)
        i = j
    return "".join(out)


def _card(result: RunResult, lang: str) -> str:
    g = result.grade
    parts = ['<section class="card" id="score-card">']
    if g is not None:
        grade = g.grade_en if lang == "en" else g.grade
        veto = _t("（存在否决项）", " (vetoed by a blocker)", lang) if g.vetoed else ""
        parts.append(f'<div class="score">{_e(_t("得分", "score", lang))} {_num(g.score)} / '
                     f'{_e(_t("等级", "grade", lang))} {_e(grade)}{_e(veto)}</div>')
    counts = severity_counts(result)
    order = (Severity.BLOCKER, Severity.ERROR, Severity.WARNING, Severity.INFO)
    parts.append('<p class="counts">' + _e(_t("问题：", "findings: ", lang)) + _e(
        _t("，", ", ", lang).join(f"{SEVERITY_WORDS[s][1 if lang == 'en' else 0]} {counts[s]}"
                                  for s in order)) + "</p>")
    if g is not None and g.categories:
        cats = _t("；", "; ", lang).join(
            f"{c.label_en if lang == 'en' else c.label} {_num(c.score)}/{_num(c.weight)}"
            for c in g.categories)
        parts.append(f'<p class="cats">{_e(cats)}</p>')
    if result.not_assessable:
        items = "".join(f"<li><code>{_e(n.code)}</code> {_e(n.name)}：{_e(n.reason)}</li>"
                        for n in result.not_assessable)
        head = _t("无法评估（需人工核验）", "not assessable (check by hand)", lang)
        parts.append(f'<details class="na"><summary>{_e(head)} {len(result.not_assessable)}'
                     f"</summary><ul>{items}</ul></details>")
    for e in result.rule_errors:
        parts.append(f'<p class="error">{_e(_t("规则出错：", "rule error: ", lang))}'
                     f"{_e(e.code)} {_e(e.error)}</p>")
    parts.append("</section>")
    return "".join(parts)


def render_view(report: dict[str, Any], result: RunResult, lang: str = "zh") -> str:
    """The whole page for one checked report (``report`` is its normalised dict)."""
    from checker.workflows.batch.summary import _row

    text = report.get("text") or ""
    lines = text.split("\n")
    points = points_of(result)
    by_line: dict[int, list[Finding]] = {}
    unplaced: list[Finding] = []
    for f in result.findings:
        n = f.location.line
        (by_line.setdefault(n, []) if n and 1 <= n <= len(lines) else unplaced).append(f)

    def items(found: list[Finding]) -> str:
        rows = [_row(f, points.get(f.fingerprint, 0.0), "", lines) for f in found]
        return '<ol class="findings notes">' + "".join(_finding(r, lang) for r in rows) + "</ol>"

    body: list[str] = []
    for n, line in enumerate(lines, 1):
        found = by_line.get(n, [])
        spans = [(*s, f.severity.value) for f in found if (s := _spans(f, line))]
        cls = "ln has" if found else "ln"
        body.append(f'<div class="{cls}" id="L{n}"><span class="no">{n}</span>'
                    f'<span class="tx">{_marked(line, spans)}</span></div>')
        if found:
            body.append(items(found))
    meta = result.meta
    title = str(meta.get("title") or result.path or _t("年度报告", "annual report", lang))
    sub = " · ".join(str(x) for x in (meta.get("agency"), meta.get("year"), result.path) if x)
    unplaced_html = ""
    if unplaced:
        head = _t("不在正文某一行的问题", "Findings not on one line of the text", lang)
        unplaced_html = f"<h2>{_e(head)}</h2>{items(unplaced)}"
    return "".join([
        f'<!DOCTYPE html><html lang="{"en" if lang == "en" else "zh-CN"}"><head>'
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        'style-src \'unsafe-inline\'; img-src data:">',
        f"<title>{_e(title)}</title><style>{CSS}{_VIEW_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1><p class=\"where\">{_e(sub)}</p>",
        _card(result, lang), unplaced_html,
        f"<h2>{_e(_t('报告正文（问题已标出）', 'Report text (findings marked)', lang))}</h2>",
        f'<div class="text">{"".join(body)}</div></body></html>\n',
    ])


def annotate_html(report: dict[str, Any], result: RunResult, out: str | Path,
                  lang: str = "zh") -> None:
    """Write the per-report view of ``report`` and its ``result`` to ``out`` (atomically)."""
    from checker.files.atomic import atomic_write

    atomic_write(out, render_view(report, result, lang))
