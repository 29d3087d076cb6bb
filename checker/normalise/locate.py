"""Turn character offsets into ``loc`` objects (line, column, offset, place in the original)."""
from __future__ import annotations

from bisect import bisect_right

__all__ = ["Locator"]

_PLACE_KEYS = ("page", "table", "row", "where")


class Locator:
    """Maps offsets in ``text`` to 1-based line/column and merges reader places.

    Args:
        text: the normalised text (lines separated by ``\\n``).
        places: optional per-line places from a document reader (``places[i]`` is line
            ``i + 1``); their ``page``/``table``/``row``/``where`` keys are merged into every
            ``loc`` on that line, and table cells get ``cell`` (1-based TAB field index).
    """

    def __init__(self, text: str, places: list | None = None) -> None:
        self.text = text
        starts = [0]
        find = text.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.starts = starts
        self.places = places if places else None

    def line_of(self, offset: int) -> int:
        """Return the 0-based line index holding ``offset``."""
        return bisect_right(self.starts, offset) - 1

    def loc(self, offset: int, length: int | None = None, *, cell: bool = False) -> dict:
        """Return a schema ``loc`` for ``offset`` (and ``length`` characters)."""
        offset = max(0, min(offset, len(self.text)))
        li = self.line_of(offset)
        start = self.starts[li]
        out: dict = {"line": li + 1, "column": offset - start + 1, "offset": offset}
        if length is not None and length >= 0:
            out["length"] = length
        if self.places is not None and li < len(self.places):
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
