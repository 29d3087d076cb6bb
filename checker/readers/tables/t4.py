"""Table T4 — 政府信息公开行政复议、行政诉讼情况 — one row of 15 cells.

The values follow a header of group and column names that real layouts scatter over many
lines (or run together); they are read after the first ``结果维持`` and may be one line,
three Markdown tables of five, or a run of digits split by the group identities.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from checker.files.lazyre import lazy
from checker.readers.locate import Locator
from checker.readers.tables.align import Aligned, Src, align
from checker.readers.tables.build import add_row_notes, cell, issue, row_record
from checker.readers.tables.choose import Identity, choose, whole_run
from checker.readers.tables.fields import Field, value_fields
from checker.readers.tables.labels import find_any

if TYPE_CHECKING:
    import regex

__all__ = ["COLS", "GROUPS", "extract_t4"]

GROUPS = ("rev", "lit_dir", "lit_aft")
COLS = ("kept", "fixed", "other", "pending", "total")
_HEADERS = ("行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结",
            "未经复议直接起诉", "复议后起诉")
_KEPT = lazy(r"结\s*果\s*维\s*持")
_PENDING = lazy(r"尚\s*未\s*审\s*结")
_DIGIT = lazy(r"\d")
_ROW = "t4"
_STOP = lazy(r"(?:^|\n|\s)[#\s]*(?:五\s*[、.]|\(\s*五\s*\)\s*(?:存在|政府信息公开工作存在))")


def _header(work: str, start: int) -> re.Match[str] | None:
    """The first 结果维持 of a table header: 尚未审结 follows with no number in between."""
    for m in _KEPT.finditer(work, start):
        pend = _PENDING.search(work, m.end(), m.end() + 200)
        if pend and not _DIGIT.search(work, m.end(), pend.start()):
            return m
    return None


def _fuzzy_header(word: str, work: str, start: int, end: int) -> regex.Match[str] | None:
    import regex  # only needed when a header is misspelt

    return regex.search(rf"(?:{regex.escape(word)}){{e<=1}}", work[start:end], regex.BESTMATCH)


_ROW_LABEL = "行政复议、行政诉讼数据"
# each group's total is the sum of its four results (H5–H7)
_IDENTITIES = [Identity(f"t4:{g}", ((_ROW, 5 * i + 4, 1),
                                    *((_ROW, 5 * i + k, -1) for k in range(4))))
               for i, g in enumerate(GROUPS)]


def _resolve(aligned: Aligned, issues: list[dict[str, Any]], where: dict[str, Any] | None) -> None:
    """Choose among the splits of a run-together T4 with its three group identities; when
    several splits are equally good, the row is unread (T4 has no other identity to ask)."""
    if len(aligned.candidates) < 2:
        return
    good = [k for k, ok in enumerate(aligned.row_ok) if ok]
    if len(good) > 1:
        # every split in ``good`` satisfies all three identities: nothing tells them apart
        aligned.candidates = [aligned.candidates[k] for k in good]
        aligned.row_ok = [True] * len(good)
    for c in choose({_ROW: aligned}, _IDENTITIES if len(good) <= 1 else []):
        if c.chosen is None or len(good) > 1:
            if c.chosen is not None:
                aligned.cells = [Src("", None, None, None, "unread") for _ in aligned.cells]
                aligned.found = [whole_run(aligned)]
            issues.append(issue("unread", "t4", _ROW, f"{_ROW_LABEL}: the run-together cells "
                                f"({aligned.digits}) split {c.ways} ways and the table's "
                                "identities cannot choose among them; left unread",
                                label=_ROW_LABEL, actual=aligned.digits, where=where))
        else:
            broken = f"; with it the published table breaks {', '.join(c.broken)}" \
                if c.broken else ""
            issues.append(issue("inferred_cells", "t4", _ROW, f"{_ROW_LABEL}: the run-together "
                                f"cells ({aligned.digits}) split {c.ways} ways; chose the way "
                                f"that breaks the fewest identities{broken}", label=_ROW_LABEL,
                                actual=aligned.digits, where=where))


def extract_t4(work: str, text: str, loc: Locator, start: int = 0
               ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]],
                          tuple[int, int]] | None:
    """Extract T4 after ``start``. Returns (table, rows, issues, span) or None."""
    kept = _header(work, start)
    if kept is None:
        return None
    stop_m = _STOP.search(work, kept.end())
    stop = min(stop_m.start() if stop_m else len(work), kept.end() + 3000)
    digit = _DIGIT.search(work, kept.end(), stop)
    if digit is None:
        return None
    line_start = work.rfind("\n", 0, digit.start()) + 1
    pos = line_start if not work[max(line_start, kept.end()):digit.start()].strip(" \t|") \
        else digit.start()
    fields: list[Field] = []
    while pos < stop and len([f for f in fields if f.kind != "text"]) < 15:
        got, mode = value_fields(work, text, pos, stop, 15 - len(fields), after_label=False)
        if mode == "none" or not got:
            break
        fields.extend(got)
        last = got[-1]
        nl = work.find("\n", last.end, stop)
        if nl < 0 or any(f.run for f in got):
            break
        pos = nl + 1
    if not any(f.kind == "num" for f in fields):
        return None
    aligned: Aligned = align(fields, 15, "groups5", text)
    issues: list[dict[str, Any]] = []
    _resolve(aligned, issues, loc.loc(fields[0].start))
    head_start = max(start, kept.start() - 400)
    first_val = fields[0].start
    for word in ("行政复议", "行政诉讼"):
        if find_any((word,), work, head_start, first_val) is None:
            m = _fuzzy_header(word, work, head_start, first_val)
            if m:
                written = text[head_start + m.start():head_start + m.end()]
                issues.append(issue("label_variant", "t4", None, f"column header {written!r} "
                                    f"differs from the form's {word!r}", label=written,
                                    expected=word, actual=written,
                                    where=loc.loc(head_start + m.start(), len(written))))
    table: dict[str, Any] = {}
    for g, group in enumerate(GROUPS):
        table[group] = {c: cell(s, loc) for c, s in
                        zip(COLS, aligned.cells[g * 5:(g + 1) * 5], strict=False)}
    where = loc.loc(first_val)
    row = row_record("t4", "", aligned, 15, None, loc)
    row["loc"] = where
    row.pop("label")
    add_row_notes(issues, "t4", "t4", _ROW_LABEL, aligned, 15, where,
                  tuple(f"{g}.{c}" for g in GROUPS for c in COLS), "t4.")
    span_end = max(f.end for f in fields)
    return table, [row], issues, (kept.start(), span_end)
