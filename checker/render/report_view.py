"""One report on one page: a score card, the findings, and the report's text with each
finding's place marked. Self-contained (inline CSS, no script, no network); every value from
the report or its file name is escaped. ``gongkai serve`` adds its forms through ``actions``.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from itertools import pairwise
from typing import Any

from checker.render.html_report import _SEV, _STATUS, _e, _num, _t

__all__ = ["MAX_LINES", "VIEW_CSS", "ReportView", "finding_spans", "render_report_view"]

MAX_LINES = 20000  # lines of text shown; a longer text says how many more there are
_TOKEN = re.compile(r"\S{1,40}")
_ORDER = ("blocker", "error", "warning", "info")
_CSP_META = ("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
             "style-src 'unsafe-inline'; img-src data:; form-action 'self'\">")

VIEW_CSS = """
body{font:14px/1.5 system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#222}
header.top{background:#24476b;color:#fff;padding:10px 24px;display:flex;gap:18px;align-items:center}
header.top a{color:#fff}header.top .brand{font-weight:600;font-size:16px}
main{padding:16px 24px}h1{font-size:20px;margin:0 0 8px;word-break:break-all}
h2{font-size:16px;margin:18px 0 6px}
.card{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start;border:1px solid #ddd;
 border-radius:6px;padding:12px 16px;background:#fafcff}
.score{font-size:40px;font-weight:700;line-height:1}.grade{font-size:18px;margin-top:4px}
.counts span{display:inline-block;margin-right:10px}
table.cats{border-collapse:collapse}table.cats td{padding:1px 8px 1px 0}
.downloads a{margin-right:14px}
.layout{display:grid;grid-template-columns:minmax(320px,42%) 1fr;gap:20px;margin-top:16px}
ol.findings{padding-left:22px;margin:0}li.finding{margin:0 0 10px}
li.finding.dismissed{opacity:.6}li.finding.dismissed .msg{text-decoration:line-through}
.badge{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px}
.sev-blocker.badge{background:#7a0010}.sev-error.badge{background:#c62828}
.sev-warning.badge{background:#b26a00}.sev-info.badge{background:#2e6da4}
.code{font-weight:600}.status{color:#555;font-style:italic}.points{color:#c62828}
.where,.fp,.na,.reason{color:#666;font-size:12px}.ea{font-size:13px}
.text{font:13px/1.6 "Noto Sans Mono CJK SC",ui-monospace,monospace;border:1px solid #ddd;
 border-radius:6px;max-height:80vh;overflow:auto;background:#fff}
.ln{display:flex;white-space:pre-wrap;word-break:break-all}.ln:target{background:#eef4ff}
.no{flex:0 0 4.5em;text-align:right;padding-right:10px;color:#999;user-select:none}
.tx{flex:1}mark{padding:0 1px;border-radius:2px}
mark.sev-blocker,mark.sev-error{background:#ffcdd2}mark.sev-warning{background:#ffe082}
mark.sev-info{background:#cfe3f7}.ln.hit{background:#fff8e1}
.error{color:#c62828}.none{color:#2e7d32}.omitted{color:#666}
form.decide{display:flex;gap:6px;flex-wrap:wrap;margin-top:4px}
form.decide input[type=text]{flex:1;min-width:10em;padding:2px 4px}
@media (max-width:900px){.layout{grid-template-columns:1fr}}
"""


@dataclass
class ReportView:
    """What the page shows.

    Args:
        name: the report's file name (as the user knows it).
        lines: the report's text, line by line (the extracted text for Word/PDF/HTML).
        result: the checked result, reviewer decisions already applied (dismissed findings
            moved to ``suppressed``, the score regraded).
        dismissed: fingerprints of the findings a reviewer dismissed.
        decisions: fingerprint → (status, reason) of every decision on this report.
        downloads: (label, href) links shown under the score card.
        top: HTML of a navigation bar (already escaped), or "".
        actions: HTML (already escaped) added under a finding, e.g. a reviewer's form.
        note: a line under the title (escaped here).
    """

    name: str
    lines: Sequence[str]
    result: Any
    dismissed: frozenset[str] = frozenset()
    decisions: dict[str, tuple[str, str]] = field(default_factory=dict)
    downloads: Sequence[tuple[str, str]] = ()
    top: str = ""
    actions: Callable[[Any], str] | None = None
    note: str = ""


def finding_spans(f: Any, lines: Sequence[str]) -> tuple[int, int, int] | None:
    """(0-based line, start, end) of the text a finding concerns, or None when it has no line.

    A finding with a column and an end on the same line marks that span; with a column only,
    its ``actual`` value when the text has it there, else the word there; without a column,
    the whole line (leading and trailing blanks excluded).
    """
    loc = f.location
    if not loc.line or loc.line > len(lines):
        return None
    i = loc.line - 1
    line = lines[i]
    if not loc.column:
        stripped = line.strip()
        if not stripped:
            return None
        start = line.index(stripped)
        return i, start, start + len(stripped)
    col = min(loc.column - 1, len(line))
    if loc.end_line == loc.line and loc.end_column and loc.end_column > loc.column:
        end = min(loc.end_column - 1, len(line))
    elif isinstance(f.actual, str) and f.actual.strip() and line.startswith(f.actual, col):
        end = col + len(f.actual)
    elif loc.end_line and loc.end_line > loc.line:
        end = len(line)
    else:
        m = _TOKEN.match(line, col)
        end = m.end() if m else col
    return (i, col, end) if end > col else None


def _worst(severities: set[str]) -> str:
    return next(s for s in _ORDER if s in severities)


def _line_html(line: str, spans: list[tuple[int, int, str, str]]) -> str:
    """The line with every span in a ``<mark>``; overlapping spans share the worst colour."""
    if not spans:
        return _e(line)
    cuts = sorted({0, len(line), *(a for a, _, _, _ in spans), *(b for _, b, _, _ in spans)})
    out = []
    for a, b in pairwise(cuts):
        cover = [s for s in spans if s[0] <= a and b <= s[1]]
        piece = _e(line[a:b])
        if cover:
            sev = _worst({s[2] for s in cover})
            title = "；".join(s[3] for s in cover)
            out.append(f'<mark class="sev-{sev}" title="{_e(title)}">{piece}</mark>')
        else:
            out.append(piece)
    return "".join(out)


def _text(view: ReportView, findings: Sequence[Any], lang: str) -> str:
    spans: dict[int, list[tuple[int, int, str, str]]] = {}
    whole: set[int] = set()
    for f in findings:
        where = finding_spans(f, view.lines)
        if where is None:
            continue
        i, a, b = where
        spans.setdefault(i, []).append((a, b, f.severity.value, f"{f.code} {f.message}"))
        whole.add(i)
    rows = []
    for i, line in enumerate(view.lines[:MAX_LINES]):
        hit = " hit" if i in whole else ""
        rows.append(f'<div class="ln{hit}" id="L{i + 1}"><span class="no">{i + 1}</span>'
                    f'<span class="tx">{_line_html(line, spans.get(i, []))}</span></div>')
    more = len(view.lines) - MAX_LINES
    if more > 0:
        omitted = _t(f"另有{more}行未显示", f"{more} more lines not shown", lang)
        rows.append(f'<p class="omitted">{_e(omitted)}</p>')
    return '<div class="text" id="text">' + "".join(rows) + "</div>"


def _finding(i: int, f: Any, points: float, view: ReportView, lang: str) -> str:
    sev = f.severity.value
    sev_zh, sev_en = _SEV.get(sev, (sev, sev))
    status, reason = view.decisions.get(f.fingerprint, ("", ""))
    classes = f"finding sev-{sev}" + (f" {status}" if status in _STATUS else "")
    loc = f.location
    where = []
    if loc.line:
        line = _t(f"第{loc.line}行", f"line {loc.line}", lang)
        where.append(f'<a href="#L{loc.line}">{_e(line)}</a>')
    if loc.where:
        where.append(_e(loc.where))
    parts = [f'<li class="{classes}" id="f-{_e(f.fingerprint)}" '
             f'data-fingerprint="{_e(f.fingerprint)}">',
             f'<span class="badge sev-{_e(sev)}">{_e(_t(sev_zh, sev_en, lang))}</span> ',
             f'<code class="code">{_e(f.code)}</code> <span class="msg">{_e(f.message)}</span>']
    if status in _STATUS:
        parts.append(f' <span class="status">{_e(_t(*_STATUS[status], lang))}</span>')
    if points:
        parts.append(f' <span class="points">−{_num(points)}</span>')
    if where:
        parts.append('<div class="where">' + " · ".join(where) + "</div>")
    if f.expected is not None or f.actual is not None:
        parts.append('<div class="ea">' + _e(_t("应为", "expected", lang))
                     + f" <b>{_e(f.expected)}</b>；"
                     + _e(_t("实为", "actual", lang)) + f" <b>{_e(f.actual)}</b></div>")
    if reason:
        parts.append(f'<div class="reason">{_e(_t("理由：", "reason: ", lang))}{_e(reason)}</div>')
    parts.append(f'<div class="fp">{_e(f.fingerprint)}</div>')
    if view.actions is not None:
        parts.append(view.actions(f))
    parts.append("</li>")
    return "".join(parts)


def _card(view: ReportView, lang: str) -> str:
    r = view.result
    g = r.grade
    counts: dict[str, int] = {}
    for f in r.findings:
        counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
    head = []
    if g is not None:
        grade = g.grade_en if lang == "en" else g.grade
        head.append(f'<div><div class="score" id="score">{_e(_num(g.score))}</div>'
                    f'<div class="grade" id="grade">{_e(grade)}</div></div>')
    else:
        head.append('<div class="score" id="score">—</div>')
    sev = "".join(f'<span class="sev-{s}"><span class="badge sev-{s}">'
                  f"{_e(_t(*_SEV[s], lang))}</span> {counts.get(s, 0)}</span>" for s in _ORDER)
    body = [f'<div class="counts" id="counts">{sev}</div>']
    if g is not None and g.categories:
        rows = "".join(f"<tr><td>{_e(c.label_en if lang == 'en' else c.label)}</td>"
                       f"<td>{_e(_num(c.score))}/{_e(_num(c.weight))}</td></tr>"
                       for c in g.categories)
        body.append(f'<table class="cats">{rows}</table>')
    if g is not None and g.vetoed:
        veto = _t("存在否决项，等级不计分数", "a blocker vetoes the grade", lang)
        body.append(f'<p class="error">{_e(veto)}</p>')
    if r.not_assessable:
        items = "".join(f"<li><code>{_e(n.code)}</code> {_e(n.reason)}</li>"
                        for n in r.not_assessable)
        label = _t(f"{len(r.not_assessable)}条规则无法评估",
                   f"{len(r.not_assessable)} rules could not be assessed", lang)
        body.append(f'<details class="na"><summary>{_e(label)}</summary><ul>{items}</ul></details>')
    for e in r.rule_errors:
        body.append(f'<p class="error">{_e(_t("规则出错：", "rule error: ", lang))}'
                    f"{_e(e.code)} {_e(e.error)}</p>")
    if view.downloads:
        links = "".join(f'<a href="{_e(href)}" download>{_e(label)}</a>'
                        for label, href in view.downloads)
        body.append(f'<p class="downloads">{links}</p>')
    return f'<section class="card" id="card">{"".join(head)}<div>{"".join(body)}</div></section>'


def render_report_view(view: ReportView, lang: str = "zh") -> str:
    """The whole page as a string."""
    r = view.result
    points = {d.fingerprint: d.points for d in (r.grade.deductions if r.grade else ())}
    dismissed = [f for f in r.suppressed if f.fingerprint in view.dismissed]
    shown = list(r.findings) + dismissed
    items = [_finding(i, f, points.get(f.fingerprint, 0.0), view, lang)
             for i, f in enumerate(shown)]
    listing = (f'<ol class="findings" id="findings">{"".join(items)}</ol>' if items else
               f'<p class="none" id="findings">{_e(_t("未发现问题", "no findings", lang))}</p>')
    meta = r.meta or {}
    sub = " · ".join(_e(v) for v in (meta.get("agency"), meta.get("year")) if v)
    note = f'<p class="where">{_e(view.note)}</p>' if view.note else ""
    title = _t(f"检查结果：{view.name}", f"Check of {view.name}", lang)
    return "".join([
        f'<!DOCTYPE html><html lang="{"en" if lang == "en" else "zh-CN"}">'
        '<head><meta charset="utf-8">',
        _CSP_META,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{VIEW_CSS}</style></head><body>",
        view.top, "<main>",
        f'<h1 id="name">{escape(view.name)}</h1>',
        f'<p class="where">{sub}</p>' if sub else "", note,
        _card(view, lang),
        '<div class="layout"><section>',
        f"<h2>{_e(_t('问题', 'Findings', lang))}（{len(r.findings)}）</h2>" if lang != "en"
        else f"<h2>Findings ({len(r.findings)})</h2>",
        listing, "</section><section>",
        f"<h2>{_e(_t('报告文本', 'Text of the report', lang))}</h2>",
        _text(view, shown, lang), "</section></div></main></body></html>\n",
    ])
