"""Where each character of a Word document's rendered text lives in its XML.

:mod:`checker.readers.docx` renders a ``.docx`` to lines of text (a paragraph per line, a
table row per line with TAB-separated cells, Word's numbering included, whitespace
collapsed). :func:`line_map` walks the body the same way and returns, for each line, its
text and for each character the ``w:t`` element and index it came from (``None`` for
characters Word draws but the author did not type: numbers, tabs, cell separators), so that
a finding's line and columns can be turned back into runs of the document.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker.readers.docx import (
    _BREAKS,
    _NOT_TEXT,
    _P,
    _SDT,
    _SDT_CONTENT,
    _T,
    _TABS,
    _TBL,
    _TC,
    _TR,
    _W,
    MAX_COLUMNS,
    _direct,
    _int_val,
)
from checker.readers.numbering import Numbering

__all__ = ["Line", "Owner", "line_map"]

#: (``w:t`` element, index of the character in its text), or None for drawn characters.
Owner = tuple[Any, int] | None
_SPACE = frozenset(" \t\r\n\f\v\xa0\u200b")


@dataclass
class Line:
    """One rendered line: its text, each character's owner, and the paragraphs it came from."""

    text: str
    owners: list[Owner]
    paragraphs: list[Any]


def _para_chars(p: Any) -> list[tuple[str, Owner]]:
    """A paragraph's characters as :func:`checker.readers.docx._para_text` reads them."""
    out: list[tuple[str, Owner]] = []
    stack = list(reversed(list(p)))
    while stack:
        element = stack.pop()
        tag = element.tag
        if not isinstance(tag, str) or tag in _NOT_TEXT:
            continue
        if tag == _T:
            out.extend((ch, (element, i)) for i, ch in enumerate(element.text or ""))
        elif tag in _TABS:
            out.append((" ", None))
        elif tag in _BREAKS:
            out.append(("\n", None))
        elif tag == f"{_W}noBreakHyphen":
            out.append(("-", None))
        else:
            stack.extend(reversed(list(element)))
    return out


def _collapse(chars: list[tuple[str, Owner]]) -> list[tuple[str, Owner]]:
    """Whitespace runs become one space (owned by the run's first character); ends stripped."""
    out: list[tuple[str, Owner]] = []
    in_space = False
    for ch, owner in chars:
        if ch in _SPACE:
            if not in_space:
                out.append((" ", owner))
            in_space = True
        else:
            out.append((ch, owner))
            in_space = False
    start, end = 0, len(out)
    while start < end and out[start][0].isspace():  # as str.strip() in the renderer
        start += 1
    while end > start and out[end - 1][0].isspace():
        end -= 1
    return out[start:end]


def _labelled(p: Any, numbering: Numbering) -> list[tuple[str, Owner]]:
    return [(ch, None) for ch in numbering.label(p)] + _para_chars(p)


def _cell(tc: Any, numbering: Numbering) -> list[tuple[str, Owner]]:
    chars: list[tuple[str, Owner]] = []
    for n, p in enumerate(tc.iter(_P)):
        if n:
            chars.append((" ", None))
        chars.extend(_labelled(p, numbering))
    return _collapse(chars)


def _row(tr: Any, numbering: Numbering) -> tuple[list[list[tuple[str, Owner]]], list[Any]]:
    cells: list[list[tuple[str, Owner]]] = [
        [] for _ in range(min(_int_val(tr.find(f"{_W}trPr"), "gridBefore", 0), MAX_COLUMNS))]
    paragraphs: list[Any] = []
    for tc in _direct(tr, _TC):
        if len(cells) >= MAX_COLUMNS:
            break
        props = tc.find(f"{_W}tcPr")
        span = min(max(1, _int_val(props, "gridSpan", 1)), MAX_COLUMNS - len(cells))
        merges = [props.find(f"{_W}{m}") if props is not None else None
                  for m in ("vMerge", "hMerge")]
        continued = any(m is not None and (m.get(f"{_W}val") or "continue") == "continue"
                        for m in merges)
        chars = _cell(tc, numbering)
        cells.append([] if continued else chars)
        if not continued:
            paragraphs.extend(tc.iter(_P))
        cells.extend([] for _ in range(span - 1))
    return cells, paragraphs


def line_map(body: Any, numbering: Numbering) -> list[Line]:
    """The rendered lines of a document body with their characters' owners."""
    lines: list[Line] = []
    stack = list(reversed(list(body)))
    while stack:
        element = stack.pop()
        tag = element.tag
        if tag in (_SDT, _SDT_CONTENT):
            stack.extend(reversed([c for c in element if c.tag in (_SDT_CONTENT, _P, _TBL, _SDT)]))
        elif tag == _P:
            chars = _labelled(element, numbering)
            part: list[tuple[str, Owner]] = []
            for ch in [*chars, ("\n", None)]:
                if ch[0] == "\n":
                    got = _collapse(part)
                    if got:
                        lines.append(Line("".join(c for c, _ in got), [o for _, o in got],
                                          [element]))
                    part = []
                else:
                    part.append(ch)
        elif tag == _TBL:
            for tr in _direct(element, _TR):
                cells, paragraphs = _row(tr, numbering)
                if not any(cells):
                    continue
                text: list[str] = []
                owners: list[Owner] = []
                for n, cell in enumerate(cells):
                    if n:
                        text.append("\t")
                        owners.append(None)
                    text.extend(c for c, _ in cell)
                    owners.extend(o for _, o in cell)
                lines.append(Line("".join(text), owners, paragraphs))
    return lines
