"""Places in the original document a person can find: page, paragraph, table, row, cell.

A document reader records, for each line of the text it renders, where the line came from
(``第 3 页``, ``第 12 段``, ``表格 2，第 5 行``); :func:`describe` words such a place for
people in Chinese or English, so that a finding on a Word file names its paragraph or table
cell and one on a PDF its page, whatever the language of the output.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["PLACE_KEYS", "clean_place", "describe"]

#: The integer keys of a place, most general first.
PLACE_KEYS = ("page", "paragraph", "table", "row", "cell")
_NAMED = {"标题": "title"}


def _int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    return None


def clean_place(place: Any) -> dict[str, Any] | None:
    """The valid keys of a reader's place (positive integers, a string ``where``), or None."""
    if not isinstance(place, Mapping):
        return None
    out: dict[str, Any] = {}
    for key in PLACE_KEYS:
        v = _int(place.get(key))
        if v is not None:
            out[key] = v
    where = place.get("where")
    if isinstance(where, str) and where:
        out["where"] = where
    return out or None


def describe(place: Mapping[str, Any], lang: str = "zh") -> str | None:
    """``第 2 页，表格 1，第 3 行，第 4 列`` / ``page 2, table 1, row 3, cell 4``; a place
    with no integer key keeps its ``where`` text (translated when it is a known word)."""
    page, para, table, row, cell = (_int(place.get(k)) for k in PLACE_KEYS)
    en = lang == "en"
    bits: list[str] = []
    if page:
        bits.append(f"page {page}" if en else f"第 {page} 页")
    if table:
        bits.append(f"table {table}" if en else f"表格 {table}")
        if row:
            bits.append(f"row {row}" if en else f"第 {row} 行")
        if cell:
            bits.append(f"cell {cell}" if en else f"第 {cell} 列")
    elif para:
        bits.append(f"paragraph {para}" if en else f"第 {para} 段")
    if bits:
        return ", ".join(bits) if en else "，".join(bits)
    where = place.get("where")
    if isinstance(where, str) and where:
        return _NAMED.get(where, where) if en else where
    return None
