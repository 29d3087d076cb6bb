"""Enumerate the ways a run of digits that lost its cell separators can be split.

A crawler that flattens a table turns ``151 | 3 | 0 | 0 | 0 | 0 | 154`` into ``15130000154``.
Numbers never have leading zeros, which keeps the ways few; which way is right is decided by
the tables' identities (:mod:`checker.readers.tables.choose`).
"""
from __future__ import annotations

__all__ = ["split_free"]

_MAX_DIGITS = 40
_MAX_RESULTS = 64


def split_free(digits: str, nparts: int, limit: int = _MAX_RESULTS) -> list[tuple[int, ...]]:
    """All splits of ``digits`` into ``nparts`` numbers without leading zeros.

    Returns ``[]`` when there are more than ``limit`` of them: a choice among so many is no
    reading at all, and the caller leaves the row unread.
    """
    if not digits.isdigit() or len(digits) > _MAX_DIGITS or nparts < 1:
        return []
    out: list[tuple[int, ...]] = []
    n = len(digits)

    class _TooMany(Exception):
        pass

    def rec(i: int, parts: list[int]) -> None:
        if len(parts) == nparts - 1:
            tok = digits[i:]
            if tok and (len(tok) == 1 or tok[0] != "0"):
                out.append((*parts, int(tok)))
                if len(out) > limit:
                    raise _TooMany
            return
        for width in range(1, n - i - (nparts - len(parts) - 1) + 1):
            tok = digits[i:i + width]
            if width > 1 and tok[0] == "0":
                break
            rec(i + width, [*parts, int(tok)])

    try:
        rec(0, [])
    except _TooMany:
        return []
    return out
