"""Split runs of digits that lost their cell separators, using the tables' own identities.

A crawler that flattens a table turns ``151 | 3 | 0 | 0 | 0 | 0 | 154`` into ``15130000154``.
The form's arithmetic makes most such runs decidable: a T3 row's total equals the sum of its
six other cells, a T4 group's total the sum of its four others. These functions enumerate
the splits that satisfy the identity (numbers never have leading zeros).
"""
from __future__ import annotations

__all__ = ["split_sum_row", "split_groups", "split_free"]

_MAX_DIGITS = 40
_MAX_RESULTS = 64


def split_sum_row(digits: str, nparts: int) -> list[tuple[int, ...]]:
    """Split ``digits`` into ``nparts`` numbers followed by their sum, consuming all digits."""
    if not digits.isdigit() or len(digits) > _MAX_DIGITS:
        return []
    out: list[tuple[int, ...]] = []
    n = len(digits)

    def rec(i: int, parts: list[int], total: int) -> None:
        if len(out) >= _MAX_RESULTS:
            return
        if len(parts) == nparts:
            if digits[i:] == str(total):
                out.append((*parts, total))
            return
        left = nparts - len(parts)  # parts still to place (including this one)
        for width in range(1, n - i - left + 1):
            tok = digits[i:i + width]
            if width > 1 and tok[0] == "0":
                break
            val = int(tok)
            new_total = total + val
            # the total needs at least as many digits as the largest part and the sum
            if n - (i + width) - (left - 1) < len(str(new_total)):
                break
            rec(i + width, parts + [val], new_total)

    rec(0, [], 0)
    return out


def split_groups(digits: str, group_parts: int, groups: int) -> list[tuple[int, ...]]:
    """Split ``digits`` into ``groups`` groups of ``group_parts`` numbers plus their total."""
    if not digits.isdigit() or len(digits) > _MAX_DIGITS:
        return []
    out: list[tuple[int, ...]] = []
    n = len(digits)

    def rec(i: int, g: int, acc: list[int]) -> None:
        if len(out) >= _MAX_RESULTS:
            return
        if g == groups:
            if i == n:
                out.append(tuple(acc))
            return
        _group(i, [], 0, g, acc)

    def _group(i: int, parts: list[int], total: int, g: int, acc: list[int]) -> None:
        if len(parts) == group_parts:
            s = str(total)
            if digits.startswith(s, i):
                rec(i + len(s), g + 1, acc + parts + [total])
            return
        for width in range(1, n - i + 1):
            tok = digits[i:i + width]
            if width > 1 and tok[0] == "0":
                break
            if width > 9:
                break
            _group(i + width, parts + [int(tok)], total + int(tok), g, acc)

    rec(0, 0, [])
    return out


def split_free(digits: str, nparts: int) -> list[tuple[int, ...]]:
    """All splits of ``digits`` into ``nparts`` numbers without leading zeros (capped)."""
    if not digits.isdigit() or len(digits) > _MAX_DIGITS:
        return []
    out: list[tuple[int, ...]] = []
    n = len(digits)

    def rec(i: int, parts: list[int]) -> None:
        if len(out) >= _MAX_RESULTS:
            return
        if len(parts) == nparts - 1:
            tok = digits[i:]
            if tok and (len(tok) == 1 or tok[0] != "0"):
                out.append((*parts, int(tok)))
            return
        for width in range(1, n - i - (nparts - len(parts) - 1) + 1):
            tok = digits[i:i + width]
            if width > 1 and tok[0] == "0":
                break
            rec(i + width, parts + [int(tok)])

    rec(0, [])
    return out
