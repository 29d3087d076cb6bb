"""The intermediate form every document reader produces: text plus where each line came from.

HTML, DOCX and PDF readers render a document to plain text in the layout the text
normaliser understands — one line per paragraph, one line per table row with its cells
separated by TAB (merged cells expanded into empty cells, as a browser's copy does) — and
record for each line the place in the original a person can find it by.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Rendered"]


@dataclass
class Rendered:
    """A document rendered to text.

    Attributes:
        text: the rendered text, lines separated by ``\\n``.
        places: one entry per line of ``text`` (``places[i]`` is line ``i + 1``): ``None`` or a
            dict with any of ``page``, ``table``, ``row`` (1-based) and ``where`` (a human
            description such as ``第 2 页`` or ``表格 3，第 5 行``). For a table row the text
            normaliser adds ``cell`` from the TAB-separated field index.
        media_type: the input's media type, e.g. ``text/html``.
        title: the document's own title (HTML ``<title>``, DOCX core properties), if any.
        published: publication date ``YYYY-MM-DD`` found in document metadata, if any.
        encoding: the character encoding the input was decoded with, if it was text.
    """

    text: str
    places: list[dict[str, Any] | None] = field(default_factory=list)
    media_type: str = "text/plain"
    title: str | None = None
    published: str | None = None
    encoding: str | None = None
