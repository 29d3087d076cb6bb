"""Table T2 — 主动公开政府信息情况 — in its 2021 or 2019 column layout."""
from __future__ import annotations

from typing import Any

from checker.files.lazyre import lazy
from checker.readers.locate import Locator
from checker.readers.tables.build import add_row_notes, cell, issue, row_record
from checker.readers.tables.labels import RowSpec, find_any
from checker.readers.tables.rows import locate_in_order, read_hits

__all__ = ["MARKERS_2019", "MARKERS_2021", "extract_t2"]

MARKERS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额")
MARKERS_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量",
                "其他对外管理服务事项", "采购项目数量", "采购总金额", "政府集中采购")
_NORM_RE = r"(?:行\s*政\s*)?规\s*范\s*性\s*文\s*件"

# row id, canonical label, core, core regex, columns, money column indexes
_ROWS_2021 = [
    ("reg", "规章", "规章", "", ("issued", "abolished", "in_force"), set()),
    ("norm", "行政规范性文件", "行政规范性文件", _NORM_RE, ("issued", "abolished", "in_force"),
     set()),
    ("license", "行政许可", "行政许可", "", ("decisions",), set()),
    ("penalty", "行政处罚", "行政处罚", "", ("decisions",), set()),
    ("coercion", "行政强制", "行政强制", "", ("decisions",), set()),
    ("fee", "行政事业性收费", "行政事业性收费", "", ("amount_wan",), {0}),
]
_ROWS_2019 = [
    ("reg", "规章", "规章", "", ("made", "published", "total"), set()),
    ("norm", "规范性文件", "规范性文件", _NORM_RE, ("made", "published", "total"), set()),
    ("license", "行政许可", "行政许可", "", ("prev", "change", "decisions"), set()),
    ("other_mgmt", "其他对外管理服务事项", "其他对外管理服务事项", "",
     ("prev", "change", "decisions"), set()),
    ("penalty", "行政处罚", "行政处罚", "", ("prev", "change", "decisions"), set()),
    ("coercion", "行政强制", "行政强制", "", ("prev", "change", "decisions"), set()),
    ("fee", "行政事业性收费", "行政事业性收费", "", ("prev", "change"), set()),
    ("procurement", "政府集中采购", "政府集中采购", "", ("count", "amount"), {1}),
]
_CAPTION = lazy(r"第\s*二\s*十\s*条\s*第\s*\(\s*[一五六八九]\s*\)\s*项")


def _specs(rows: list[Any]) -> tuple[list[RowSpec], dict[str, Any], dict[str, Any]]:
    specs = [RowSpec(rid, label, core, core_re=cre) for rid, label, core, cre, _c, _m in rows]
    shape = {rid: (len(cols), None, money) for rid, _l, _c, _r, cols, money in rows}
    cols = {rid: c for rid, _l, _c, _r, c, _m in rows}
    return specs, shape, cols


def extract_t2(work: str, text: str, loc: Locator, end: int | None = None
               ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]],
                          tuple[int, int], str] | None:
    """Extract T2 before ``end``. Returns (table, rows, issues, span, layout) or None.

    ``layout`` is ``"2021"`` or ``"2019"`` (from the column headers).
    """
    end = len(work) if end is None else end
    cap = _CAPTION.search(work, 0, end)
    if cap is None:
        head = find_any(MARKERS_2021 + MARKERS_2019[:4], work, 0, end)
        if head is None:
            return None
        start = max(0, head.start() - 200)
    else:
        start = cap.start()
    stop = min(end, start + 4000)
    layout = "2019" if find_any(MARKERS_2019, work, start, stop) else "2021"
    specs, shape, cols = _specs(_ROWS_2019 if layout == "2019" else _ROWS_2021)
    hits = locate_in_order(specs, work, text, start, stop, window=1500)
    if not hits:
        return None
    last = hits[-1]
    nl = work.find("\n", last.end, stop)
    read_hits(hits, work, text, stop if nl < 0 else min(stop, nl + 200), shape)
    table: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    issues: list[dict[str, Any]] = []
    for h in hits:
        rid = h.spec.id
        expected = shape[rid][0]
        where = loc.loc(h.start, len(h.label))
        table[rid] = {c: cell(s, loc) for c, s in zip(cols[rid], h.values.cells, strict=False)}
        rows.append(row_record(rid, h.label, h.values, expected, h.start, loc))
        add_row_notes(issues, "t2", rid, h.label, h.values, expected, where, cols[rid])
        if h.variant:
            issues.append(issue("label_variant", "t2", rid, f"row label {h.label!r} differs from "
                                f"the form's {h.spec.label!r}", label=h.label,
                                expected=h.spec.label, actual=h.label, where=where))
    found = {h.spec.id for h in hits}
    for spec in specs:
        if spec.id not in found:
            issues.append(issue("missing_row", "t2", spec.id, f"row {spec.label} not found in T2"))
    span_end = max((s.start or 0) + (s.length or 0) for h in hits for s in h.values.found) \
        if any(h.values.found for h in hits) else last.end
    return table, rows, issues, (start, max(span_end, last.end)), layout
