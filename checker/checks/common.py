"""Small helpers shared by check kinds: cell pointers, locations, labels."""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from checker.report import CellView, Report, cell_label

__all__ = ["cell_pointer", "cell_loc", "labels", "as_fraction", "show_number", "text_loc",
           "TABLE_NAMES"]

TABLE_NAMES = {"t2": ("表二（主动公开政府信息情况）", "table 2 (proactive disclosure)"),
               "t3": ("表三（收到和处理政府信息公开申请情况）", "table 3 (applications)"),
               "t4": ("表四（行政复议、行政诉讼情况）", "table 4 (review and litigation)")}


def cell_pointer(cell_id: str) -> str:
    """JSON pointer of a cell id: ``t3.r7.nat`` → ``/tables/t3/r7/nat``."""
    return "/tables/" + cell_id.replace(".", "/")


def cell_loc(report: Report, cell_id: str) -> dict[str, Any] | None:
    """The cell's own loc; for a cell without one, its row's loc."""
    view = report.cell(cell_id)
    if view is not None and view.loc:
        return view.loc
    table, row, _ = (cell_id.split(".") + ["", "", ""])[:3]
    for rec in report.rows(table):
        if rec.get("id") == row and rec.get("loc"):
            return rec["loc"]
    return None


def text_loc(report: Report, start: int, end: int) -> dict[str, Any]:
    """A loc for a span of the report text."""
    line, col = report.position(start)
    return {"line": line, "column": col, "offset": start, "length": max(0, end - start)}


def labels(cell_id: str) -> dict[str, str]:
    return {"zh": cell_label(cell_id, "zh"), "en": cell_label(cell_id, "en")}


def as_fraction(view: CellView | None, blank_as_zero: bool = True) -> Fraction | None:
    if view is None:
        return None
    if view.value is None:
        return Fraction(0) if blank_as_zero else None
    return Fraction(str(view.value)) if not isinstance(view.value, int) else Fraction(view.value)


def show_number(value: Fraction | int | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        return f"{float(value):.4f}".rstrip("0").rstrip(".")
    return str(value)
