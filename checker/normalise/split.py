"""Split runs of digits that lost their cell separators, using the tables' own identities.

A crawler that flattens a table turns ``151 | 3 | 0 | 0 | 0 | 0 | 154`` into ``15130000154``.
The form's arithmetic makes most such runs decidable: a T3 row's total equals the sum of its
six other cells, a T4 group's total the sum of its four others. These functions enumerate
the splits that satisfy the identity (numbers never have leading zeros).
"""
from __future__ import annotations

__all__ = ["split_sum_row", "split_groups", "split_free"]

_MAX_DIGITS = 40
# a T3 row of seven cells; beyond this the search gets slow and real rows never get there
_MAX_SUM_DIGITS = 28
_MAX_RESULTS = 64


def split_sum_row(digits: str, nparts: int) -> list[tuple[int, ...]]:
    """Split ``digits`` into ``nparts`` numbers followed by their sum, consuming all digits.

    The total is tried at each length; every part is at most the total, so parts are no
    longer than it and their running sum never exceeds it — which keeps the search small.
    """
    if not digits.isdigit() or len(digits) > _MAX_SUM_DIGITS or nparts < 1:
        return []
    out: list[tuple[int, ...]] = []
    n = len(digits)
    for tlen in range(1, n - nparts + 1):
        tot_s = digits[n - tlen:]
        if tlen > 1 and tot_s[0] == "0":
            continue
        plen = n - tlen
        if plen > nparts * tlen:
            continue
        prefix = digits[:plen]
        # casting out nines: splitting keeps digit sums, so the sum needs them congruent
        if sum(map(int, prefix)) % 9 != sum(map(int, tot_s)) % 9:
            continue
        total = int(tot_s)

        def rec(i: int, parts: list[int], acc: int, widest: int) -> None:
            if len(out) >= _MAX_RESULTS:
                return
            left = nparts - len(parts)
            if left == 0:
                if i == plen and acc == total:
                    out.append((*parts, total))
                return
            rest = plen - i
            if rest < left or rest > left * tlen:
                return
            # even the largest remaining parts cannot reach the total
            if acc + left * (10 ** min(tlen, rest - left + 1) - 1) < total:
                return
            # some part must be nearly as long as the total (six short ones cannot reach it)
            if widest < tlen - 1 and rest - left + 1 < tlen - 1:
                return
            for width in range(1, min(tlen, rest - left + 1) + 1):
                tok = prefix[i:i + width]
                if width > 1 and tok[0] == "0":
                    break
                val = int(tok)
                if acc + val > total:
                    break
                rec(i + width, parts + [val], acc + val, max(widest, width))

        rec(0, [], 0, 0)
    return sorted(set(out))


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
