"""Choose among the ways to split run-together rows, with the whole table's identities.

A row whose digits ran together may split several ways. Each way is a candidate; the table's
identities (a row's total, a column's total, the 勾稽 balance) judge every combination of the
candidates of all such rows at once:

* the combinations that break the fewest identities are the best;
* when one combination is best, it is taken — even if it breaks an identity: that broken
  identity is what the published table says, and the finding it raises is real;
* when several are best, the cells they disagree on are left **unread** and the cells they
  all agree on are read: neither an accusation nor a number quoted back to the author may
  rest on a guess.

Identities are linear: ``sum(coef × cell) == 0`` over ``(row, col)`` cells; one with a cell
that is not a whole number (blank, unread) is not evaluated.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product

from checker.readers.tables.align import Aligned, Src

__all__ = ["Choice", "Identity", "choose", "whole_run"]

_MAX_COMBINATIONS = 8_000


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


def _ints(cells: Sequence[Src]) -> tuple[int | None, ...]:
    return tuple(c.value if isinstance(c.value, int) else None for c in cells)


def _values_of(a: Aligned) -> list[tuple[int | None, ...]]:
    """Every candidate's cell values (without building their cells when they are lazy)."""
    raw = getattr(a.candidates, "values", None)
    if raw is not None:
        return [tuple(raw_row) for raw_row in raw]
    return [_ints(c) for c in a.candidates]


def _broken(identities: Sequence[Identity], values: dict[str, tuple[int | None, ...]]
            ) -> list[str]:
    """The identities that fail on ``values`` (row id → cell values, every row an identity
    names, full width); one with a cell that is not a whole number (blank, unread) is not
    evaluated."""
    out = []
    for ident in identities:
        total = 0
        for row, col, coef in ident.terms:
            v = values[row][col]
            if v is None:
                break
            total += coef * v
        else:
            if total:
                out.append(ident.name)
    return out


def whole_run(a: Aligned) -> Src:
    """The run of digits of an unsplit row as one found field."""
    c0 = a.candidates[0]
    start = c0[0].start
    last = c0[-1]
    end = (last.start or 0) + (last.length or 0)
    return Src(a.digits, start, end - (start or 0), None, "exact")


def _product_size(spaces: Sequence[Sequence[int]]) -> int:
    n = 1
    for sp in spaces:
        n *= len(sp)
        if n > _MAX_COMBINATIONS:
            break
    return n


def choose(rows: dict[str, Aligned], identities: Sequence[Identity]) -> list[Choice]:
    """Resolve every row of ``rows`` that has candidates; updates the rows in place.

    The search first combines the splits that satisfy each row's own total; when no such
    combination satisfies the whole table, it lets one row at a time break its total (a
    published table with one wrong cell). All searches of a table together evaluate at most
    ``_MAX_COMBINATIONS`` combinations; a space that would pass the budget is not searched
    and, if nothing could be searched, the rows stay unread.
    """
    amb = [rid for rid, a in rows.items() if len(a.candidates) > 1]
    if not amb:
        return []
    relevant = [i for i in identities if any(r in amb for r, _c, _k in i.terms)
                and all(r in rows for r, _c, _k in i.terms)]
    everything = {rid: list(range(len(rows[rid].candidates))) for rid in amb}
    row_ok = {rid: [k for k, ok in enumerate(rows[rid].row_ok) if ok] or everything[rid]
              for rid in amb}
    values = {rid: _ints(a.cells) for rid, a in rows.items()}
    cand_values = {rid: _values_of(rows[rid]) for rid in amb}
    scored: dict[tuple[int, ...], list[str]] = {}

    def search(space: list[list[int]]) -> bool:
        # a space is searched whole or not at all, within one budget for the whole table
        if len(scored) + _product_size(space) > _MAX_COMBINATIONS:
            return False
        for combo in product(*space):
            if combo in scored:
                continue
            for rid, k in zip(amb, combo, strict=False):
                values[rid] = cand_values[rid][k]
            scored[combo] = _broken(relevant, values)
        return True

    searched = search([row_ok[r] for r in amb])
    if not scored or min(len(b) for b in scored.values()) > 0:
        for i in range(len(amb)):
            space = [everything[r] if j == i else row_ok[r] for j, r in enumerate(amb)]
            searched = search(space) or searched
    out: list[Choice] = []
    if not scored:
        for rid in amb:
            a = rows[rid]
            a.cells = [Src("", None, None, None, "unread") for _ in a.cells]
            a.found = [whole_run(a)]
            out.append(Choice(rid, None, len(a.candidates), ()))
        return out
    least = min(len(b) for b in scored.values())
    best = sorted((combo, broken) for combo, broken in scored.items() if len(broken) == least)
    first_combo, first_broken = best[0]
    for i, rid in enumerate(amb):
        a = rows[rid]
        options = sorted({combo[i] for combo, _b in best})
        if len(options) > 1:
            # the best readings disagree: keep the cells they all agree on, the rest unread
            first_cells = a.candidates[options[0]]
            vals = cand_values[rid]
            a.cells = [c if all(vals[k][j] == vals[options[0]][j] for k in options)
                       else Src("", None, None, None, "unread")
                       for j, c in enumerate(first_cells)]
            a.found = [whole_run(a)]
            out.append(Choice(rid, None, len(a.candidates), tuple(first_broken)))
            continue
        k = first_combo[i]
        a.cells = a.candidates[k]
        a.found = a.candidates[k]
        out.append(Choice(rid, k, len(a.candidates), tuple(first_broken)))
    return out
