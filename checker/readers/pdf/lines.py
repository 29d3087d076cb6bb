"""Characters to text lines: grouping by position, spacing words by the gaps between them."""
from __future__ import annotations

import re
from dataclasses import dataclass
from operator import attrgetter

from checker.readers.pdf.objects import Char

__all__ = ["Line", "cell_text", "group", "joined", "make_line", "split_chunks"]

_SPACES = re.compile(r"\s+")
#: Characters whose tops differ by more than this share of their height are on different lines.
LINE_SHIFT = 0.4
#: A gap wider than this share of the height between two characters is a space.
WORD_GAP = 0.3


@dataclass
class Line:
    """A visual line of text: its box, height (``size``), text and characters."""

    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    text: str
    chars: list[Char]


def group(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into visual lines, top to bottom, each sorted left to right."""
    out: list[list[Char]] = []
    current: list[Char] = []
    first_top = 0.0
    for ch in sorted(chars, key=_top_left):
        drop = ch.top - first_top
        if current and drop > 2.0 and drop > LINE_SHIFT * ch.size:
            current.sort(key=_left)
            out.append(current)
            current = []
        if not current:
            first_top = ch.top
        current.append(ch)
    if current:
        current.sort(key=_left)
        out.append(current)
    return out


_top_left = attrgetter("top", "x0")
_left = attrgetter("x0")
_right = attrgetter("x1")
_top = attrgetter("top")
_bottom = attrgetter("bottom")
_size = attrgetter("size")


def _text(chars: list[Char]) -> str:
    parts: list[str] = []
    prev: Char | None = None
    for ch in chars:
        text = ch.text
        if text.isspace():
            if parts and parts[-1] != " ":
                parts.append(" ")
            continue
        if prev is not None:
            if text == prev.text and abs(ch.x0 - prev.x0) < 1:
                continue  # overprinted ("fake bold") duplicate
            if ch.x0 - prev.x1 > WORD_GAP * ch.size and parts[-1] != " ":
                parts.append(" ")
        parts.append(text)
        prev = ch
    return _SPACES.sub(" ", "".join(parts)).strip()


def make_line(chars: list[Char]) -> Line:
    """A line from characters sorted left to right."""
    inked = [c for c in chars if not c.text.isspace()] or chars  # leading spaces do not indent
    sizes = sorted(map(_size, inked))  # the usual height: fonts differ in ascent/descent
    return Line(top=min(map(_top, chars)), bottom=max(map(_bottom, chars)),
                x0=inked[0].x0, x1=max(map(_right, inked)), size=sizes[len(sizes) // 2],
                text=_text(chars), chars=chars)


def lines(chars: list[Char]) -> list[Line]:
    """The non-empty visual lines of ``chars``, top to bottom."""
    out = [make_line(g) for g in group(chars)]
    return [line for line in out if line.text]


def joined(left: str, right: str) -> str:
    """Join wrapped text: no space between CJK characters, one between ASCII words."""
    if not left or not right:
        return left or right
    ascii_both = left[-1].isascii() and right[0].isascii() and left[-1] not in "-/"
    return left + (" " if ascii_both else "") + right


def cell_text(chars: list[Char]) -> str:
    """A table cell's text: its lines joined as wrapped text, TABs made spaces."""
    if len(chars) == 1:  # a one-digit cell, the commonest kind: no lines to find
        single = chars[0].text
        return "" if single.isspace() else single
    text = ""
    for g in group(chars):
        text = joined(text, _text(g))
    return text.replace("\t", " ")


def split_chunks(chars: list[Char], gap: float) -> list[list[Char]]:
    """A line's characters (left to right) split where the gap exceeds ``gap`` × height."""
    chunks: list[list[Char]] = []
    prev: Char | None = None
    for ch in chars:
        if ch.text.isspace():
            continue
        if prev is None or ch.x0 - prev.x1 > gap * ch.size:
            chunks.append([])
        chunks[-1].append(ch)
        prev = ch
    return chunks
