"""Score sheets for a batch: CSV (one row per report) and XLSX (reports + every finding).

Chinese headers by default, English with ``lang="en"``. The CSV carries a UTF-8 BOM so that
Excel opens it with the right encoding. In the CSV, cells that would start a spreadsheet formula
are quoted with a leading apostrophe (report text is untrusted); in the workbook every text
cell is typed as text; each sheet has a frozen header row, an autofilter and column widths
fitted to its content. List values are text (joined with 、 in Chinese). Both are written
atomically.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from checker.files.atomic import atomic_write
from checker.render.values import as_text

__all__ = ["SEVERITY_LABELS", "finding_rows", "ordered", "report_rows", "write_csv", "write_xlsx"]

SEVERITIES = ("blocker", "error", "warning", "info")
SEVERITY_LABELS = {"blocker": ("否决", "blocker"), "error": ("错误", "error"),
                   "warning": ("警告", "warning"), "info": ("提示", "info")}
STATUS_LABELS = {"confirmed": ("已确认", "confirmed"), "dismissed": ("已驳回", "dismissed"),
                 "": ("", "")}
_REPORT_HEAD = [("文件", "file"), ("机关", "agency"), ("年度", "year"), ("识别格式", "format"),
                ("得分", "score"), ("等级", "grade"), ("已评估分值", "points assessed"),
                ("可评估部分得分", "score of what was assessed")]
_REPORT_TAIL = [("已驳回", "dismissed"), ("无法评估规则数", "not assessable"),
                ("上年报告", "previous report"), ("读取或规则错误", "errors")]
_FINDING_HEAD = [("报告", "report"), ("规则", "code"), ("严重程度", "severity"),
                 ("说明", "message"), ("行", "line"), ("原文", "source line"),
                 ("应为", "expected"), ("实为", "actual"),
                 ("扣分", "points"), ("审核", "decision"), ("指纹", "fingerprint")]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def _safe(value: Any, quote: bool = True) -> Any:
    """Strip control characters; defuse text a spreadsheet would run as a formula (CSV)."""
    if not isinstance(value, str):
        return value
    value = _CONTROL.sub("", value)
    risky = value[:1] in ("=", "+", "@") or (value[:1] == "-" and not value[1:2].isdigit()
                                              and value != "-")
    if quote and risky:
        return "'" + value
    return value


def _categories(summaries: Iterable[Any]) -> list[tuple[str, str, str, float]]:
    seen: dict[str, tuple[str, str, str, float]] = {}
    for s in summaries:
        for cid, label, label_en, weight, _ in s.categories:
            seen.setdefault(cid, (cid, label, label_en, weight))
    return list(seen.values())


def _num(x: float | None) -> Any:
    if x is None:
        return ""
    return int(x) if float(x).is_integer() else round(x, 2)


def ordered(summaries: Sequence[Any]) -> list[Any]:
    """Graded reports first, then those that need review (too much unassessed), each group in
    input order: a 待核验 score is against less than the whole and is not ranked with the rest."""
    return ([s for s in summaries if not getattr(s, "needs_review", False)]
            + [s for s in summaries if getattr(s, "needs_review", False)])


def report_rows(summaries: Sequence[Any], lang: str = "zh", quote: bool = True) -> list[list[Any]]:
    """Header plus one row per report (those needing review last)."""
    summaries = ordered(summaries)
    cats = _categories(summaries)
    head = [_pick(h, lang) for h in _REPORT_HEAD]
    head += [f"{label_en if lang == 'en' else label} ({_num(w)})" for _, label, label_en, w in cats]
    head += [_pick(SEVERITY_LABELS[s], lang) for s in SEVERITIES]
    head += [_pick(h, lang) for h in _REPORT_TAIL]
    rows: list[list[Any]] = [head]
    for s in summaries:
        pts = {cid: score for cid, _, _, _, score in s.categories}
        errors = [s.error] if s.error else list(s.rule_errors)
        if s.omitted:
            errors.append(f"另有{s.omitted}条问题未列出" if lang != "en"
                          else f"{s.omitted} more findings not listed")
        row = [s.path, s.agency, s.year if s.year is not None else "", s.format,
               _num(s.score), s.grade_en if lang == "en" else s.grade,
               _num(getattr(s, "assessed_points", None)), _num(getattr(s, "assessed_score", None))]
        row += [_num(pts[c[0]]) if c[0] in pts else "" for c in cats]
        row += ["" if s.error else s.count(sev) for sev in SEVERITIES]
        row += ["" if s.error else len(s.dismissed), "" if s.error else s.not_assessable,
                s.previous or "", "；".join(errors) if lang != "en" else "; ".join(errors)]
        rows.append([_safe(v, quote) for v in row])
    return rows


def finding_rows(summaries: Iterable[Any], lang: str = "zh",
                 quote: bool = True) -> Iterable[list[Any]]:
    """Header plus one row per finding (dismissed ones too, marked), in report order."""
    yield [_pick(h, lang) for h in _FINDING_HEAD]
    for s in summaries:
        for f in tuple(s.findings) + tuple(s.dismissed):
            sev = SEVERITY_LABELS.get(f.severity, (f.severity, f.severity))
            row = [s.path, f.code, _pick(sev, lang), f.message, f.line or "", f.excerpt or "",
                   as_text(f.expected, lang), as_text(f.actual, lang), _num(f.points),
                   _pick(STATUS_LABELS.get(f.status, (f.status, f.status)), lang), f.fingerprint]
            yield [_safe(v, quote) for v in row]


def write_csv(path: str | Path, summaries: Sequence[Any], lang: str = "zh") -> None:
    """One row per report, UTF-8 with BOM (Excel), written atomically."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerows(report_rows(summaries, lang))
    atomic_write(path, buf.getvalue(), encoding="utf-8-sig")


_MIN_WIDTH, _MAX_WIDTH = 6, 60


def _display_width(value: Any) -> int:
    """Columns a value takes in a spreadsheet: CJK and full-width characters count twice."""
    text = "" if value is None else str(value)
    longest = max((line for line in text.splitlines() or [""]), key=len)
    return sum(2 if ord(c) >= 0x1100 else 1 for c in longest)


def _widths(rows: Sequence[Sequence[Any]]) -> list[float]:
    """Sensible column widths: the widest cell (header included), within 6 … 60."""
    ncols = max((len(r) for r in rows), default=0)
    out = []
    for col in range(ncols):
        widest = max((_display_width(r[col]) for r in rows if col < len(r)), default=0)
        out.append(float(min(_MAX_WIDTH, max(_MIN_WIDTH, widest + 2))))
    return out


def write_xlsx(path: str | Path, summaries: Sequence[Any], lang: str = "zh") -> None:
    """Workbook: sheet 1 one row per report, sheet 2 every finding; written atomically.

    Each sheet has a bold, frozen header row with an autofilter over the whole table, and
    column widths that fit their content (CJK characters count double; at most 60).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for title, rows in (
            ("报告" if lang != "en" else "Reports", report_rows(summaries, lang, quote=False)),
            ("问题" if lang != "en" else "Findings",
             list(finding_rows(summaries, lang, quote=False)))):
        ws = wb.create_sheet(title)
        widths = _widths(rows)
        for col, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.freeze_panes = "A2"
        if widths:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{max(len(rows), 1)}"
        for i, row in enumerate(rows):
            cells = []
            for v in row:
                cell = WriteOnlyCell(ws, value=v)
                if isinstance(v, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                    if _display_width(v) > _MAX_WIDTH:
                        cell.alignment = wrap
                if i == 0:
                    cell.font = bold
                cells.append(cell)
            ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write(path, buf.getvalue())
