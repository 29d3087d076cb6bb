"""Expand table rows with row/column spans into the grid a browser's copy produces.

A merged cell's text is kept once, at the top-left position of the merged area; every other
position it covers becomes an empty string, so each row's cells land in the right columns.
Each row is as long as its last occupied position (rows are not padded to the table's width,
just as a browser's copy does not pad them).
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MAX_COLUMNS", "MAX_SPAN_ROWS", "Span", "expand"]

#: Columns beyond this are dropped (no real report table comes close; it stops span bombs).
MAX_COLUMNS = 256
#: A rowspan larger than this is clipped (HTML caps rowspan at 65534; we also clip to the table).
MAX_SPAN_ROWS = 65534


@dataclass(frozen=True)
class Span:
    """One source cell: its text and how many rows/columns it covers (both at least 1).

    ``rowspan == 0`` means "to the end of the table", as in HTML.
    """

    text: str
    rowspan: int = 1
    colspan: int = 1


def expand(rows: list[list[Span]]) -> list[list[str]]:
    """Lay out ``rows`` of spanning cells into rows of strings.

    Args:
        rows: the cells of each source row, in order (cells covered by a span from an earlier
            row are *not* listed, as in HTML).

    Returns:
        one list of strings per source row; positions covered by a span (other than its
        top-left) are ``""``.
    """
    n_rows = len(rows)
    out: list[list[str]] = []
    # covered[c] = number of further rows column c is still covered by a rowspan from above
    covered: dict[int, int] = {}
    for r, cells in enumerate(rows):
        line: dict[int, str] = {}
        for c, left in list(covered.items()):
            line[c] = ""
            if left <= 1:
                del covered[c]
            else:
                covered[c] = left - 1
        col = 0
        for cell in cells:
            while col in line:
                col += 1
            if col >= MAX_COLUMNS:
                break
            colspan = max(1, min(cell.colspan, MAX_COLUMNS - col))
            remaining = n_rows - r
            rowspan = (remaining if cell.rowspan <= 0
                       else min(cell.rowspan, remaining, MAX_SPAN_ROWS))
            for i in range(colspan):
                c = col + i
                if c in line:  # overlapping spans (malformed table): first one wins
                    continue
                line[c] = cell.text if i == 0 else ""
                if rowspan > 1:
                    covered[c] = max(covered.get(c, 0), rowspan - 1)
            col += colspan
        width = max(line) + 1 if line else 0
        out.append([line.get(c, "") for c in range(width)])
    return out
