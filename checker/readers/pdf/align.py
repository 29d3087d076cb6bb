"""Tables without ruling lines, found by the alignment of their text.

Used on pages with no ruled table that hold at least :data:`MIN_NUMERIC` lines of three or more
numbers.  Between the first and the last such line, each line is cut into chunks where the gap
between characters is wider than :data:`COLUMN_GAP` times their height; the columns are the
stretches of the page that chunks of lines with two or more chunks cover, gaps between them
being the gutters.  A line whose chunk crosses a gutter ends a run of table rows; a run becomes
a table only if it looks like one (:func:`looks_tabular`), otherwise its lines stay text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from checker.readers.pdf.lines import Line, cell_text, split_chunks
from checker.readers.pdf.objects import Char

__all__ = ["COLUMN_GAP", "MIN_NUMERIC", "AlignedTable", "find_aligned", "looks_tabular"]

MIN_NUMERIC = 3
COLUMN_GAP = 1.0
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


@dataclass
class AlignedTable:
    """Rows of cell texts found by alignment, and the lines they were read from."""

    top: float
    rows: list[list[str]]
    lines: list[Line]


def find_aligned(lines: list[Line]) -> tuple[list[AlignedTable], list[Line]]:
    """Aligned tables among ``lines`` (top to bottom) and the lines left as text."""
    numeric = [i for i, line in enumerate(lines) if len(_NUMBER.findall(line.text)) >= 3]
    if len(numeric) < MIN_NUMERIC:
        return [], lines
    first, last = numeric[0], numeric[-1]
    region = lines[first:last + 1]
    chunked = [split_chunks(line.chars, COLUMN_GAP) for line in region]
    columns = _columns([c for chunks in chunked if len(chunks) > 1 for c in chunks])
    if len(columns) < 3:
        return [], lines
    tables: list[AlignedTable] = []
    text = lines[:first]
    run: list[tuple[Line, list[list[Char]]]] = []
    for line, chunks in zip(region, chunked, strict=False):
        placed = _place(chunks, columns)
        if placed is None:
            _close(run, tables, text)
            run = []
            text.append(line)
        else:
            run.append((line, placed))
    _close(run, tables, text)
    text.extend(lines[last + 1:])
    return tables, text


def _columns(chunks: list[list[Char]]) -> list[tuple[float, float]]:
    """The x-intervals covered by chunks, overlapping ones merged, left to right."""
    spans = sorted((c[0].x0, c[-1].x1) for c in chunks)
    out: list[tuple[float, float]] = []
    for x0, x1 in spans:
        if out and x0 <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], x1))
        else:
            out.append((x0, x1))
    return out


def _place(chunks: list[list[Char]], columns: list[tuple[float, float]]) -> list[list[Char]] | None:
    """The line's characters per column, or None when a chunk crosses a gutter."""
    cells: list[list[Char]] = [[] for _ in columns]
    for chunk in chunks:
        x0, x1 = chunk[0].x0, chunk[-1].x1
        hits = [j for j, (c0, c1) in enumerate(columns) if x0 <= c1 and x1 >= c0]
        if len(hits) != 1:
            return None
        cells[hits[0]].extend(chunk)
    return cells


def _close(run: list[tuple[Line, list[list[Char]]]], tables: list[AlignedTable],
           text: list[Line]) -> None:
    if not run:
        return
    rows = [[cell_text(cell) for cell in cells] for _, cells in run]
    if looks_tabular(rows):
        tables.append(AlignedTable(run[0][0].top, rows, [line for line, _ in run]))
    else:
        text.extend(line for line, _ in run)


def looks_tabular(rows: list[list[str]]) -> bool:
    """At least 3 columns and at least half the non-empty rows with 3 or more filled cells."""
    filled = [sum(1 for cell in row if cell) for row in rows if any(row)]
    return bool(filled) and len(rows[0]) >= 3 and sum(n >= 3 for n in filled) * 2 >= len(filled)
