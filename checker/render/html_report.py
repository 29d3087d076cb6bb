"""One self-contained HTML page for a batch: a sortable, filterable table of reports, each
report's findings with the offending part of its source line marked, and a chart of how often
each rule fired. No network, no CDN: CSS and JavaScript are inline; every value is escaped.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from checker.files.atomic import atomic_write
from checker.render.html_assets import CSS, JS
from checker.render.values import as_text

__all__ = ["PageExtras", "render_html", "write_html"]

#: (Chinese, English) label of each severity and review status.
_SEV: dict[str, tuple[str, str]] = {
    "blocker": ("否决", "blocker"), "error": ("错误", "error"), "warning": ("警告", "warning"),
    "info": ("提示", "info")}
_STATUS: dict[str, tuple[str, str]] = {
    "confirmed": ("已确认", "confirmed"), "dismissed": ("已驳回", "dismissed")}
_COLUMNS = [  # key, zh, en, type
    ("path", "文件", "File", "text"), ("agency", "机关", "Agency", "text"),
    ("year", "年度", "Year", "num"), ("format", "格式", "Format", "text"),
    ("score", "得分", "Score", "num"), ("grade", "等级", "Grade", "text"),
    ("coverage", "已评估分值", "Assessed", "num"),
    ("error", "错误", "Errors", "num"), ("warning", "警告", "Warnings", "num"),
    ("info", "提示", "Info", "num"), ("findings", "问题数", "Findings", "num"),
]


@dataclass(frozen=True)
class PageExtras:
    """What a live page (``gongkai serve``) adds to the static one; all HTML already escaped.

    ``top`` opens the body; ``report`` opens a report's details; ``finding`` ends a finding's
    item; ``script`` runs after the page's own script; ``css`` follows the page's own style.
    """

    top: str = ""
    css: str = ""
    report: Callable[[Any], str] | None = None
    finding: Callable[[Any], str] | None = None
    script: str = ""


def _t(zh: str, en: str, lang: str) -> str:
    return en if lang == "en" else zh


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _num(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}".rstrip("0").rstrip(".")


def _excerpt(f: Any) -> str:
    """The source line with the offending part in ``<mark>``."""
    text = f.excerpt or ""
    if not text:
        return ""
    mark = getattr(f, "mark", None)
    if mark and 0 <= mark[0] < mark[1] <= len(text):
        a, b = mark
        return f"{_e(text[:a])}<mark>{_e(text[a:b])}</mark>{_e(text[b:])}"
    return _e(text)


def _finding(f: Any, lang: str, extras: PageExtras | None = None) -> str:
    sev: tuple[str, str] = _SEV.get(f.severity, (f.severity, f.severity))
    status = _STATUS.get(f.status)
    where = []
    if f.line:
        where.append(_t(f"第{f.line}行", f"line {f.line}", lang))
    if f.where:
        where.append(_e(f.where))
    parts = [f'<li class="finding sev-{_e(f.severity)}{" " + f.status if f.status else ""}" '
             f'data-fingerprint="{_e(f.fingerprint)}">',
             f'<span class="badge sev-{_e(f.severity)}">{_e(_t(*sev, lang))}</span> '
             f'<code class="code">{_e(f.code)}</code> ',
             f'<span class="msg">{_e(f.message)}</span>']
    if status:
        parts.append(f' <span class="status">{_e(_t(*status, lang))}</span>')
    if f.points:
        parts.append(f' <span class="points">−{_num(f.points)}</span>')
    meta = " · ".join(where)
    if meta:
        parts.append(f'<div class="where">{meta}</div>')
    if f.excerpt:
        parts.append(f'<pre class="excerpt">{_excerpt(f)}</pre>')
    pair = getattr(f, "pair", None)
    if pair:
        own, other_path, other = pair
        parts.append('<table class="pair"><tr>'
                     f'<th>{_e(_t("本报告", "this report", lang))}</th>'
                     f'<th>{_e(other_path)}</th></tr>'
                     f'<tr><td class="own">{_e(own)}</td><td class="other">{_e(other)}</td></tr>'
                     '</table>')
    if f.expected is not None or f.actual is not None:
        parts.append('<div class="ea">' + _t("应为", "expected", lang)
                     + f" <b>{_e(as_text(f.expected, lang))}</b>" + _t("；", "; ", lang)
                     + _t("实为", "actual", lang) + f" <b>{_e(as_text(f.actual, lang))}</b></div>")
    parts.append(f'<div class="fp">{_e(f.fingerprint)}</div>')
    if extras is not None and extras.finding is not None:
        parts.append(extras.finding(f))
    parts.append("</li>")
    return "".join(parts)


def _report(i: int, s: Any, lang: str, extras: PageExtras | None = None) -> str:
    nfind = len(s.findings) + s.omitted
    assessed = getattr(s, "assessed_points", None)
    values = {"path": s.path, "agency": s.agency, "year": s.year, "format": s.format,
              "score": _num(s.score), "grade": s.grade_en if lang == "en" else s.grade,
              "coverage": _num(assessed),
              "error": s.count("error") + s.count("blocker"), "warning": s.count("warning"),
              "info": s.count("info"), "findings": nfind}
    if s.error:
        values.update(score="", grade=_t("无法读取", "unreadable", lang), error="", warning="",
                      info="", findings="", coverage="")
    search = " ".join(str(v) for v in (s.path, s.agency, s.year, s.error or "") if v).lower()
    search += " " + " ".join(sorted({f.code.lower() for f in s.findings}))
    cells = "".join(f'<td class="c-{k}" data-v="{_e(values[k])}">{_e(values[k])}</td>'
                    for k, *_ in _COLUMNS)
    grade_key = "unreadable" if s.error else (s.grade or "")
    head = (f'<tr class="row" tabindex="0" aria-expanded="false" data-grade="{_e(grade_key)}" '
            f'data-search="{_e(search)}">{cells}</tr>')
    body: list[str] = []
    if extras is not None and extras.report is not None:
        body.append(extras.report(s))
    if s.error:
        body.append(f'<p class="error">{_e(_t("无法读取：", "could not be read: ", lang))}'
                    f'{_e(s.error)}</p>')
    for err in s.rule_errors:
        body.append(f'<p class="error">{_e(_t("规则出错：", "rule error: ", lang))}{_e(err)}</p>')
    if s.categories:
        cats = "，".join(f"{_e(label_en if lang == 'en' else label)} {_num(score)}/{_num(w)}"
                        for _, label, label_en, w, score in s.categories)
        body.append(f'<p class="cats">{cats}</p>')
    if assessed is not None and not s.error:
        review = getattr(s, "needs_review", False)
        cov = _t(f"已评估{_num(assessed)}分（共100分），可评估部分得分"
                 f"{_num(getattr(s, 'assessed_score', None))}/{_num(assessed)}",
                 f"{_num(assessed)} of 100 points assessed; score of what was assessed "
                 f"{_num(getattr(s, 'assessed_score', None))}/{_num(assessed)}", lang)
        if review:
            cov += _t("；未评估的分值过多，不定等级，需人工核验",
                      "; too many points unassessed for a grade: needs review", lang)
        body.append(f'<p class="coverage">{_e(cov)}</p>')
    if s.previous:
        body.append(f'<p class="prev">{_e(_t("上年报告：", "previous report: ", lang))}'
                    f'{_e(s.previous)}</p>')
    items = [_finding(f, lang, extras) for f in tuple(s.findings) + tuple(s.dismissed)]
    if items:
        body.append('<ol class="findings">' + "".join(items) + "</ol>")
    elif not s.error:
        body.append(f'<p class="none">{_e(_t("未发现问题", "no findings", lang))}</p>')
    if s.omitted:
        omitted = _t(f"另有{s.omitted}条问题未列出", f"{s.omitted} more findings not listed", lang)
        body.append(f'<p class="omitted">{_e(omitted)}</p>')
    detail = (f'<tr class="detail" hidden><td colspan="{len(_COLUMNS)}">{"".join(body)}</td></tr>')
    return f'<tbody class="report" data-i="{i}">{head}{detail}</tbody>'


def _review_table(summaries: Sequence[Any], heads: str, lang: str,
                  extras: PageExtras | None = None) -> str:
    """The reports that need review, apart: their scores are against less than the whole."""
    rows = [(i, s) for i, s in enumerate(summaries) if getattr(s, "needs_review", False)]
    if not rows:
        return ""
    title = _t(f"待核验（未评估的分值过多，不定等级）：{len(rows)}份",
               f"Needs review (too many points unassessed for a grade): {len(rows)}", lang)
    return (f'<h2 id="review-title">{_e(title)}</h2>'
            f'<table id="review"><thead><tr>{heads}</tr></thead>'
            + "".join(_report(i, s, lang, extras) for i, s in rows) + "</table>")


def _chart(summaries: Sequence[Any], lang: str) -> str:
    """Inline SVG bars: findings per rule code, most frequent first."""
    counts: Counter[str] = Counter()
    reports: Counter[str] = Counter()
    for s in summaries:
        codes = [f.code for f in s.findings]
        counts.update(codes)
        reports.update(set(codes))
    if not counts:
        return f'<p class="none">{_e(_t("没有问题", "no findings", lang))}</p>'
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    top = items[0][1]
    bar_h, gap, label_w, width = 18, 6, 90, 640
    height = len(items) * (bar_h + gap)
    out = [f'<svg id="rule-chart" role="img" width="{label_w + width + 120}" height="{height}" '
           'xmlns="http://www.w3.org/2000/svg" '
           f'aria-label="{_e(_t("规则触发次数", "findings per rule", lang))}">']
    for n, (code, c) in enumerate(items):
        y = n * (bar_h + gap)
        w = max(2, round(width * c / top))
        tip = _t(f"{code}：{c}条，{reports[code]}份报告",
                 f"{code}: {c} findings in {reports[code]} reports", lang)
        out.append(f'<g class="bar" data-code="{_e(code)}"><title>{_e(tip)}</title>'
                   f'<text x="0" y="{y + 13}">{_e(code)}</text>'
                   f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}"></rect>'
                   f'<text x="{label_w + w + 6}" y="{y + 13}">{c}</text></g>')
    out.append("</svg>")
    return "".join(out)


def render_html(summaries: Sequence[Any], lang: str = "zh", notes: Sequence[str] = (),
                extras: PageExtras | None = None) -> str:
    """The whole page as a string (deterministic: no dates, no random ids)."""
    title = _t("政府信息公开工作年度报告评分汇总", "Annual report scores", lang)
    grades = sorted({("unreadable" if s.error else s.grade)
                     for s in summaries if s.error or s.grade})
    unreadable = _t("无法读取", "unreadable", lang)
    options = "".join(f'<option value="{_e(g)}">{_e(unreadable if g == "unreadable" else g)}'
                      "</option>" for g in grades)
    heads = "".join(f'<th data-type="{typ}" data-col="{n}" tabindex="0">'
                    f"{_e(_t(zh, en, lang))}</th>"
                    for n, (_, zh, en, typ) in enumerate(_COLUMNS))
    scored = [s.score for s in summaries if s.score is not None]
    stats = _t(f"共{len(summaries)}份报告，{len(summaries) - len(scored)}份无法读取",
               f"{len(summaries)} reports, {len(summaries) - len(scored)} unreadable", lang)
    if scored:
        stats += _t(f"；平均分{_num(round(sum(scored) / len(scored), 2))}",
                    f"; mean score {_num(round(sum(scored) / len(scored), 2))}", lang)
    note_html = "".join(f"<li>{_e(n)}</li>" for n in notes)
    return "".join([
        f'<!DOCTYPE html><html lang="{"en" if lang == "en" else "zh-CN"}">'
        '<head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        'style-src \'unsafe-inline\'; script-src \'unsafe-inline\'; img-src data:">',
        f"<title>{_e(title)}</title><style>{CSS}{extras.css if extras else ''}</style>"
        "</head><body>",
        extras.top if extras else "",
        f"<h1>{_e(title)}</h1><p id=\"stats\">{_e(stats)}</p>",
        '<div class="controls"><input id="filter" type="search" placeholder="'
        f'{_e(_t("筛选：文件、机关、规则代码", "filter: file, agency, rule code", lang))}">',
        f'<select id="grade-filter"><option value="">{_e(_t("全部等级", "all grades", lang))}'
        f"</option>{options}</select>",
        '<span id="shown"></span></div>',
        f'<table id="reports"><thead><tr>{heads}</tr></thead>',
        "".join(_report(i, s, lang, extras) for i, s in enumerate(summaries)
                if not getattr(s, "needs_review", False)),
        "</table>",
        _review_table(summaries, heads, lang, extras),
        f"<h2>{_e(_t('各规则触发次数', 'How often each rule fired', lang))}</h2>",
        _chart(summaries, lang),
        (f"<h2>{_e(_t('说明', 'Notes', lang))}</h2><ul id=\"notes\">{note_html}</ul>"
         if notes else ""),
        f"<script>{JS}{extras.script if extras else ''}</script></body></html>\n",
    ])


def write_html(path: str | Path, summaries: Sequence[Any], lang: str = "zh",
               notes: Sequence[str] = ()) -> None:
    atomic_write(path, render_html(summaries, lang, notes))
