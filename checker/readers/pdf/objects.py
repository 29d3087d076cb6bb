"""What the PDF reader works with: characters and ruling lines, in display coordinates
(points, origin at the top left of the page as shown, y growing downwards)."""
from __future__ import annotations

from typing import NamedTuple

__all__ = ["Char", "Edge", "char"]


class Char(NamedTuple):
    """One character: its text, box and line height (``size``: the box's height, at least 1).

    A named tuple, as a page has thousands; :func:`char` builds one with its size worked out.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


def char(text: str, x0: float, x1: float, top: float, bottom: float) -> Char:
    """A :class:`Char` with its size worked out from the box."""
    return Char(text, x0, x1, top, bottom, max(1.0, bottom - top))


class Edge(NamedTuple):
    """A horizontal (``"h"``: at y = ``pos`` from x ``start`` to ``end``) or vertical (``"v"``:
    at x = ``pos`` from y ``start`` to ``end``) ruling line."""

    orient: str
    pos: float
    start: float
    end: float
