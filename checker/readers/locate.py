"""Turn character offsets into ``loc`` objects (line, column, offset, place in the original)."""
from __future__ import annotations

from bisect import bisect_right
from typing import Any

__all__ = ["Locator", "offset_at"]

_PLACE_KEYS = ("page", "paragraph", "table", "row", "where")


class Locator:
    """Maps offsets in ``text`` to 1-based line/column and merges reader places.

    Args:
        text: the normalised text (lines separated by ``\\n``).
        places: optional per-line places from a document reader (``places[i]`` is line
            ``i + 1``); their ``page``/``paragraph``/``table``/``row``/``where`` keys are merged
            into every ``loc`` on that line, and table cells get ``cell`` (1-based TAB field
            index).
    """

    def __init__(self, text: str, places: list[Any] | None = None) -> None:
        self.text = text
        starts = [0]
        find = text.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.starts = starts
        self.size = len(text)
        self.places = places if places else None
        self._cells: dict[tuple[int, int | None], dict[str, Any]] = {}

    def line_of(self, offset: int) -> int:
        """Return the 0-based line index holding ``offset``."""
        return bisect_right(self.starts, offset) - 1

    def loc(self, offset: int, length: int | None = None, *, cell: bool = False) -> dict[str, Any]:
        """Return a schema ``loc`` for ``offset`` (and ``length`` characters)."""
        if offset < 0:
            offset = 0
        elif offset > self.size:
            offset = self.size
        starts = self.starts
        li = bisect_right(starts, offset) - 1
        start = starts[li]
        if self.places is None:  # the common case (plain text): no place to merge
            if length is not None and length >= 0:
                return {"line": li + 1, "column": offset - start + 1, "offset": offset,
                        "length": length}
            return {"line": li + 1, "column": offset - start + 1, "offset": offset}
        out: dict[str, Any] = {"line": li + 1, "column": offset - start + 1, "offset": offset}
        if length is not None and length >= 0:
            out["length"] = length
        if li < len(self.places):
            place = self.places[li]
            if isinstance(place, dict):
                for key in _PLACE_KEYS:
                    val = place.get(key)
                    if key == "where":
                        if isinstance(val, str):
                            out[key] = val
                    elif isinstance(val, int) and not isinstance(val, bool) and val >= 1:
                        out[key] = val
            if cell:
                out["cell"] = self.text.count("\t", start, offset) + 1
        return out

    def cell(self, offset: int, length: int | None) -> dict[str, Any]:
        """``loc(offset, length, cell=True)``, remembered: a table cell's place is asked for
        twice (the table's cell and the row's cell); each call returns a fresh dict."""
        key = (offset, length)
        got = self._cells.get(key)
        if got is None:
            got = self._cells[key] = self.loc(offset, length, cell=True)
        return got.copy()


def offset_at(text: str, line: int | None, column: int | None) -> int | None:
    """The offset in ``text`` of a 1-based ``line`` and ``column`` (None: no such place)."""
    if not line:
        return None
    at = 0
    for _ in range(line - 1):
        at = text.find("\n", at) + 1
        if at == 0:
            return None
    at += (column or 1) - 1
    return at if at <= len(text) else None
