"""Blank cells in one-cell-per-line layouts, told by the blank lines they leave.

Web pages copied as text often put each cell on its own line, with the same number of line
breaks between cells and between rows. An empty cell then shows only as extra line breaks:
``0⏎⏎⏎0⏎⏎⏎0⏎⏎⏎⏎⏎⏎⏎`` (six values, then a longer gap where the seventh, blank, cell was).
Measured against the table's usual gaps, those extra breaks say where the blank cells are.
"""
from __future__ import annotations

import itertools
from collections import Counter

from checker.readers.tables.fields import Field

__all__ = ["Gaps", "measure", "place_blanks"]


class Gaps:
    """The usual line breaks of a table: before a row's first cell, between cells, after."""

    def __init__(self, lead: int, inner: int, trail: int | None) -> None:
        self.lead, self.inner, self.trail = lead, inner, trail


def _values(fields: list[Field]) -> list[Field]:
    return [f for f in fields if f.kind != "text"]


def _breaks(text: str, a: int, b: int) -> int:
    return text.count("\n", a, b)


def one_per_line(text: str, fields: list[Field]) -> bool:
    vals = _values(fields)
    return len(vals) >= 2 and not any(f.run for f in vals) and all(
        _breaks(text, x.end, y.start) >= 1 for x, y in itertools.pairwise(vals))


def measure(text: str, rows: list[tuple[int, int, list[Field]]], expected: int) -> Gaps | None:
    """Usual gaps over the full rows ``(label end, segment end, fields)`` laid one per line."""
    lead: Counter[int] = Counter()
    inner: Counter[int] = Counter()
    trail: Counter[int] = Counter()
    for k, (label_end, seg_end, fields) in enumerate(rows):
        vals = _values(fields)
        if len(vals) != expected or not one_per_line(text, fields):
            continue
        lead[_breaks(text, label_end, vals[0].start)] += 1
        inner.update(_breaks(text, x.end, y.start) for x, y in itertools.pairwise(vals))
        if k + 1 < len(rows):
            trail[_breaks(text, vals[-1].end, seg_end)] += 1
    if not inner or not lead:
        return None
    return Gaps(lead.most_common(1)[0][0], inner.most_common(1)[0][0],
                trail.most_common(1)[0][0] if trail else None)


def place_blanks(text: str, label_end: int, seg_end: int, fields: list[Field], expected: int,
                 gaps: Gaps) -> list[Field] | None:
    """The row's fields with blank fields where the extra line breaks are; None if unsure."""
    vals = _values(fields)
    missing = expected - len(vals)
    if missing <= 0 or not vals or (not one_per_line(text, fields) and len(vals) > 1):
        return None
    slots: list[int] = []  # slot i: before value i; slot len(vals): after the last
    if _breaks(text, label_end, vals[0].start) > gaps.lead:
        slots.append(0)
    for i, (x, y) in enumerate(itertools.pairwise(vals), start=1):
        if _breaks(text, x.end, y.start) > gaps.inner:
            slots.append(i)
    if gaps.trail is not None and _breaks(text, vals[-1].end, seg_end) > gaps.trail:
        slots.append(len(vals))
    if not slots or (len(slots) != 1 and len(slots) != missing):
        return None
    per_slot = {s: (missing if len(slots) == 1 else 1) for s in slots}
    out: list[Field] = []
    for i in range(len(vals) + 1):
        at = vals[i].start if i < len(vals) else vals[-1].end
        out.extend(Field("", at, at, "blank") for _ in range(per_slot.get(i, 0)))
        if i < len(vals):
            out.append(vals[i])
    return out
