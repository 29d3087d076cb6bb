"""What the PDF reader works with: characters and ruling lines, in display coordinates
(points, origin at the top left of the page as shown, y growing downwards)."""
from __future__ import annotations

from typing import NamedTuple

__all__ = ["Char", "Edge"]


class Char:
    """One character: its text, box and line height (``size``, the box's height)."""

    __slots__ = ("bottom", "size", "text", "top", "x0", "x1")

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float) -> None:
        self.text = text
        self.x0, self.x1, self.top, self.bottom = x0, x1, top, bottom
        self.size = max(1.0, bottom - top)

    def __repr__(self) -> str:
        return (f"Char({self.text!r}, {self.x0:.1f}, {self.x1:.1f}, {self.top:.1f}, "
                f"{self.bottom:.1f})")


class Edge(NamedTuple):
    """A horizontal (``"h"``: at y = ``pos`` from x ``start`` to ``end``) or vertical (``"v"``:
    at x = ``pos`` from y ``start`` to ``end``) ruling line."""

    orient: str
    pos: float
    start: float
    end: float
