"""Terminal output as lines of styled pieces and tables, written with rich or as plain text.

:mod:`checker.render.text` says *what* to print (:class:`Line`, :class:`Table`); this module
writes it. In a terminal, with colours, :mod:`rich` writes it. Without colours — a
pre-commit hook, a CI log, a pipe — the result is plain text, and rich would cost more to
import than the whole check of a report (issue 13), so :func:`write_plain` writes the same
text itself: rich's tab stops and table layout, reproduced for the characters whose display
width it knows exactly. Whatever it cannot vouch for (a control character, a character of
unknown width where widths matter, a table wider than the page) makes it answer None, and
rich writes it. A test renders every fixture both ways and compares them.
"""
from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["TAB_SIZE", "Block", "Line", "Table", "cells", "write_plain", "write_rich"]

TAB_SIZE = 8  # rich's default tab stops


@dataclass(frozen=True)
class Line:
    """One line: ``(text, rich style)`` pieces (style None: plain); no pieces: a blank line."""

    pieces: Sequence[tuple[str, str | None]]


@dataclass(frozen=True)
class Table:
    """A table without borders: a bold header row, then rows; columns two spaces apart."""

    headers: Sequence[str]
    justify: Sequence[str]  # "left" or "right", per column
    rows: Sequence[Sequence[str]]


Block = Line | Table

# characters rich strips (BEL, BS, VT, FF, CR) or might treat specially, and line breaks
_UNSAFE = re.compile(r"[\x00-\x09\x0a-\x1f\x7f]")
# (first, last, cells): code point ranges whose width rich gives as stated (checked by a test)
_WIDTHS = (
    (0x0020, 0x007E, 1), (0x00A0, 0x00AC, 1), (0x00AE, 0x00FF, 1), (0x2010, 0x2027, 1),
    (0x2030, 0x205E, 1), (0x2160, 0x2188, 1), (0x2190, 0x21FF, 1), (0x2460, 0x24FF, 1),
    (0x2500, 0x257F, 1), (0x3000, 0x3029, 2), (0x3030, 0x303E, 2), (0x3041, 0x3096, 2),
    (0x309B, 0x30FF, 2), (0x3400, 0x4DBF, 2), (0x4E00, 0x9FFF, 2), (0xF900, 0xFA6D, 2),
    (0xFA70, 0xFAD9, 2), (0xFE30, 0xFE4F, 2), (0xFF01, 0xFF60, 2), (0xFFE0, 0xFFE6, 2),
)


def _width(ch: str) -> int | None:
    code = ord(ch)
    if 0x20 <= code <= 0x7E:
        return 1
    for first, last, width in _WIDTHS:
        if first <= code <= last:
            return width
    return None


def cells(text: str) -> int | None:
    """How many terminal cells ``text`` takes as rich counts them, or None when it holds a
    character whose width this module does not know."""
    if text.isascii():
        return len(text) if text.isprintable() else None
    total = 0
    for ch in text:
        width = _width(ch)
        if width is None:
            return None
        total += width
    return total


def _expand_tabs(text: str) -> str | None:
    """Tabs to spaces at rich's tab stops: each tab becomes a space, then spaces up to the
    next multiple of :data:`TAB_SIZE` cells (None: a width is unknown)."""
    out: list[str] = []
    position = 0
    parts = text.split("\t")
    for i, part in enumerate(parts):
        width = cells(part)
        if width is None:
            return None
        out.append(part)
        position += width
        if i < len(parts) - 1:
            out.append(" ")
            position += 1
            remainder = position % TAB_SIZE
            if remainder:
                out.append(" " * (TAB_SIZE - remainder))
                position += TAB_SIZE - remainder
    return "".join(out)


def _plain_line(line: Line) -> str | None:
    text = "".join(piece for piece, _ in line.pieces)
    if "\t" in text:
        if _UNSAFE.search(text.replace("\t", " ")):
            return None
        return _expand_tabs(text)
    return None if _UNSAFE.search(text) else text


def _plain_table(table: Table, width: int) -> list[str] | None:
    grid = [list(table.headers), *[list(row) for row in table.rows]]
    sizes = [[cells(c) for c in row] for row in grid]
    if any(n is None or _UNSAFE.search(c) for row, ns in zip(grid, sizes, strict=True)
           for c, n in zip(row, ns, strict=True)):
        return None
    widths = [max(int(row[i] or 0) for row in sizes) for i in range(len(table.headers))]
    if sum(widths) + 2 * (len(widths) - 1) > width:
        return None  # rich would wrap the cells
    lines = []
    for row, ns in zip(grid, sizes, strict=True):
        cols = []
        for c, n, w, how in zip(row, ns, widths, table.justify, strict=True):
            pad = " " * (w - int(n or 0))
            cols.append(pad + c if how == "right" else c + pad)
        lines.append("  ".join(cols))
    return lines


def write_plain(blocks: Sequence[Block], width: int) -> str | None:
    """The blocks as rich writes them without colours, or None where that is not certain."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            rows = _plain_table(block, width)
            if rows is None:
                return None
            out.extend(rows)
        else:
            text = _plain_line(block)
            if text is None:
                return None
            out.append(text)
    return "".join(f"{line}\n" for line in out)


def write_rich(blocks: Sequence[Block], width: int, *, color: bool) -> str:
    """The blocks through rich (colours when ``color``)."""
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color,
                      color_system="auto" if color else None,
                      highlight=False, soft_wrap=True, emoji=False)
    for block in blocks:
        if isinstance(block, Table):
            table = RichTable(show_header=True, header_style="bold", box=None, pad_edge=False)
            for header, how in zip(block.headers, block.justify, strict=True):
                table.add_column(Text(header), justify="right" if how == "right" else "left")
            for row in block.rows:
                table.add_row(*(Text(c) for c in row))  # as written, never read as markup
            console.print(table)
            continue
        if not block.pieces:
            console.print()
            continue
        text: Any = Text()
        for piece, style in block.pieces:
            text.append(piece, style=style or "")
        console.print(text)
    return buf.getvalue()
