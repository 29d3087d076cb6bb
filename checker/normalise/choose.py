"""Choose among the ways to split run-together rows, with the whole table's identities.

A row whose digits ran together may split several ways. Each way is a candidate; the table's
identities (a row's total, a column's total, the 勾稽 balance) judge every combination of the
candidates of all such rows at once:

* the combinations that break the fewest identities are the best;
* when one combination is best, it is taken — even if it breaks an identity: that broken
  identity is what the published table says, and the finding it raises is real;
* when several are best and they break nothing, the first in preference order is taken (the
  identities hold whichever is true);
* when several are best and they break something, the rows they disagree on are left
  **unread**: an accusation must not rest on a guess.

Identities are linear: ``sum(coef × cell) == 0`` over ``(row, col)`` cells; one with a cell
that is not a whole number (blank, unread) is not evaluated.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Callable, Sequence

from .align import Aligned, Src

__all__ = ["Identity", "Choice", "choose", "whole_run"]

_MAX_COMBINATIONS = 40_000


@dataclass(frozen=True)
class Identity:
    """``sum(coef × value of (row, col)) == 0``, named for messages (``row_total:r7``)."""

    name: str
    terms: tuple[tuple[str, int, int], ...]  # (row id, column index, coefficient)


@dataclass
class Choice:
    """What :func:`choose` decided for one ambiguous row."""

    row: str
    chosen: int | None  # candidate index; None: left unread
    ways: int
    broken: tuple[str, ...]  # identities the chosen combination breaks


def _value(cells: Sequence[Src], col: int) -> int | None:
    v = cells[col].value if col < len(cells) else None
    return v if isinstance(v, int) else None


def _broken(identities: Sequence[Identity], lookup: Callable[[str], Sequence[Src] | None]
            ) -> list[str]:
    out = []
    for ident in identities:
        total = 0
        for row, col, coef in ident.terms:
            cells = lookup(row)
            v = _value(cells, col) if cells is not None else None
            if v is None:
                break
            total += coef * v
        else:
            if total != 0:
                out.append(ident.name)
    return out


def whole_run(a: Aligned) -> Src:
    """The run of digits of an unsplit row as one found field."""
    c0 = a.candidates[0]
    start = c0[0].start
    last = c0[-1]
    end = (last.start or 0) + (last.length or 0)
    return Src(a.digits, start, end - (start or 0), None, "exact")


def choose(rows: dict[str, Aligned], identities: Sequence[Identity]) -> list[Choice]:
    """Resolve every row of ``rows`` that has candidates; updates the rows in place."""
    amb = [rid for rid, a in rows.items() if len(a.candidates) > 1]
    if not amb:
        return []
    relevant = [i for i in identities if any(r in amb for r, _c, _k in i.terms)]
    sizes = [len(rows[r].candidates) for r in amb]
    combos = 1
    for n in sizes:
        combos *= n
    pick: dict[str, int] = {}

    def lookup(rid: str) -> Sequence[Src] | None:
        a = rows.get(rid)
        if a is None:
            return None
        if rid in pick:
            return a.candidates[pick[rid]]
        return a.cells

    scored: list[tuple[int, tuple[int, ...], list[str]]] = []
    if combos <= _MAX_COMBINATIONS:
        for combo in product(*(range(n) for n in sizes)):
            pick.update(zip(amb, combo))
            broken = _broken(relevant, lookup)
            scored.append((len(broken), combo, broken))
    else:
        # too many combinations: settle one row at a time given the others (a few rounds)
        current = [0] * len(amb)
        for _round in range(4):
            changed = False
            for i, rid in enumerate(amb):
                best = None
                for k in range(sizes[i]):
                    pick.update(zip(amb, current))
                    pick[rid] = k
                    n = len(_broken(relevant, lookup))
                    if best is None or n < best[0]:
                        best = (n, k)
                if best is not None and best[1] != current[i]:
                    current[i], changed = best[1], True
            if not changed:
                break
        for i in range(len(amb)):
            for k in range(sizes[i]):
                combo = tuple(current[:i]) + (k,) + tuple(current[i + 1:])
                pick.update(zip(amb, combo))
                broken = _broken(relevant, lookup)
                scored.append((len(broken), combo, broken))
    least = min(s[0] for s in scored)
    best = [s for s in scored if s[0] == least]
    first = best[0]
    out: list[Choice] = []
    for i, rid in enumerate(amb):
        a = rows[rid]
        options = {s[1][i] for s in best}
        if least > 0 and len(options) > 1:
            a.cells = [Src("", None, None, None, "unread") for _ in a.cells]
            a.found = [whole_run(a)]
            out.append(Choice(rid, None, len(a.candidates), ()))
            continue
        k = first[1][i]
        a.cells = a.candidates[k]
        a.found = a.candidates[k]
        out.append(Choice(rid, k, len(a.candidates), tuple(first[2])))
    return out
