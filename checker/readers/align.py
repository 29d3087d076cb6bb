"""Align the fields found after a row label to the table's columns.

Rules, in order (each deviation is reported, never silently guessed):

* exactly as many fields as columns: cell by cell (blank fields stay blank: raw ``""``,
  value ``None``);
* trailing empty fields are padding; leading empty fields are padding only while the row
  has more fields than columns (a merged label cell) — so a row whose first value cell is
  blank keeps it blank, aligned by its position in the grid;
* digits run together (no separators): split with the row identity → ``inferred``;
* more values than columns: drop the surplus value(s) whose removal makes the identity
  hold → ``inferred`` and an ``extra_cells`` note;
* fewer values than columns: the total is taken from the end when it adds up, the rest
  from the left; unfilled cells are ``missing``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, overload

from checker.readers.fields import Field, parse_number
from checker.readers.split import split_free

_MAX_CANDIDATES = 4000

__all__ = ["Aligned", "Src", "align", "identity_holds"]


@dataclass(slots=True)
class Src:
    """One aligned cell: what was written, where, its value and how sure we are."""

    raw: str
    start: int | None
    length: int | None
    value: int | str | None
    confidence: str


@dataclass
class Aligned:
    """The result of aligning one row."""

    cells: list[Src]
    found: list[Src]
    notes: list[tuple[str, str]] = field(default_factory=list)
    candidates: Sequence[list[Src]] = field(default_factory=list)
    blanks: list[int] = field(default_factory=list)
    row_ok: list[bool] = field(default_factory=list)  # per candidate: the row identity holds
    digits: str = ""  # the run of digits the candidates split

    @property
    def unread(self) -> bool:
        """True when no cell of the row could be read."""
        return all(c.confidence == "unread" for c in self.cells)


def identity_holds(values: list[Any], identity: str | None) -> bool:
    """Check a row's own identity on ``values`` (None values make it fail)."""
    if identity is None:
        return True
    ints = [v for v in values if isinstance(v, int)]
    if len(ints) != len(values):
        return False
    if identity == "row_sum":
        return ints[-1] == sum(ints[:-1])
    if identity == "groups5":
        return all(ints[g + 4] == sum(ints[g:g + 4]) for g in range(0, len(ints), 5))
    return True


def _src(f: Field, conf: str, money: bool) -> Src:
    raw = f.raw
    val: int | str | None
    if f.kind != "num":
        val = None
    elif not money and raw.isascii() and raw.isdigit():  # the usual cell: a plain count
        val = int(raw)
    else:
        val = parse_number(raw.translate(_FW), money=money)
    return Src(raw, f.start, f.end - f.start, val, conf)


_FW = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}


def _unread() -> Src:
    """A cell that could not be read: never a blank, never 0."""
    return Src("", None, None, None, "unread")


def _runs(fields: list[Field], text: str) -> tuple[str, list[int]] | None:
    """Concatenate the digits of all fields, with each digit's offset; None if not digits."""
    digits: list[str] = []
    pos: list[int] = []
    for f in fields:
        if f.kind == "blank":
            continue
        folded = f.raw.translate(_FW)
        if f.kind != "num" or not folded.isdigit():
            return None
        digits.append(folded)
        pos.extend(range(f.start, f.start + len(f.raw)))
    s = "".join(digits)
    return (s, pos) if s else None


def _from_split(values: tuple[int, ...], pos: list[int], text: str, money: set[int],
                confidence: str = "inferred") -> list[Src]:
    out: list[Src] = []
    i = 0
    for k, v in enumerate(values):
        width = len(str(v))
        chunk = pos[i:i + width]
        raw = "".join(text[p] for p in chunk)
        value: int | str = str(v) if k in money else v
        out.append(Src(raw, chunk[0], chunk[-1] - chunk[0] + 1, value, confidence))
        i += width
    return out


class Splits(Sequence[list[Src]]):
    """The candidate splits of a run, as cells built only when looked at (a long run splits
    thousands of ways; the table's search reads their values, see :attr:`values`)."""

    def __init__(self, values: list[tuple[int, ...]], pos: list[int], text: str,
                 money: set[int]) -> None:
        self.values = values
        self._pos, self._text, self._money = pos, text, money
        self._built: dict[int, list[Src]] = {}

    def __len__(self) -> int:
        return len(self.values)

    @overload
    def __getitem__(self, k: int) -> list[Src]: ...

    @overload
    def __getitem__(self, k: slice) -> list[list[Src]]: ...

    def __getitem__(self, k: int | slice) -> list[Src] | list[list[Src]]:
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        if k < 0:
            k += len(self)
        got = self._built.get(k)
        if got is None:
            got = self._built[k] = _from_split(self.values[k], self._pos, self._text,
                                               self._money, "inferred")
        return got


def _prefer(cands: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
    """Order candidate splits: most weight in the first column (自然人 dominate), then flat."""
    return sorted(cands, key=lambda c: (-c[0], max(c[1:-1], default=0), c))


def align(fields: list[Field], expected: int, identity: str | None, text: str,
          money: set[int] | None = None) -> Aligned:
    """Align ``fields`` to ``expected`` columns (see the module docstring)."""
    money = money or set()
    vals = list(fields)

    def exact(fs: list[Field], conf: str = "exact") -> list[Src]:
        return [_src(f, conf, k in money) for k, f in enumerate(fs)]

    trailing = 0
    while vals and vals[-1].kind == "blank":
        vals.pop()
        trailing += 1
    while len(vals) > expected and vals[0].kind == "blank":
        vals.pop(0)
    if len(vals) < expected and trailing:
        tail = fields[len(fields) - trailing:]
        vals.extend(tail[: expected - len(vals)])
    if len(vals) == expected:
        # the usual row: cell by cell; the cells written are also the cells found (only their
        # text and place are read from ``found``)
        cells = []
        found = []
        blanks = []
        for k, f in enumerate(vals):
            raw = f.raw
            val: int | str | None
            if f.kind != "num":
                val = None
            elif raw.isascii() and raw.isdigit() and k not in money:
                val = int(raw)
            else:
                val = parse_number(raw.translate(_FW), money=k in money)
            if raw.strip():
                src = Src(raw, f.start, f.end - f.start, val, "exact")
                found.append(src)
            else:
                src = Src(raw, f.start, f.end - f.start, val, "missing")
                blanks.append(k)
            cells.append(src)
        return Aligned(cells, found, blanks=blanks)
    found = [Src(f.raw, f.start, f.end - f.start, None, "exact") for f in vals if f.raw.strip()]

    if len(vals) < expected or any(f.run for f in vals):
        run = _runs(vals, text)
        if run is not None and (len(vals) == 1 or any(f.run for f in vals)
                                or len(run[0]) >= expected):
            return _align_run(run[0], run[1], expected, identity, text, money, found)

    if len(vals) > expected:
        extra = len(vals) - expected
        values = [parse_number(f.raw.translate(_FW)) if f.kind == "num" else None for f in vals]
        chosen: list[Field] | None = None
        results: set[tuple[Any, ...]] = set()
        if extra <= 2 and len(vals) <= 20:
            for drop in combinations(range(len(vals)), extra):
                keep = [i for i in range(len(vals)) if i not in drop]
                kv = [values[i] for i in keep]
                if identity_holds(kv, identity) and identity is not None:
                    results.add(tuple(kv))
                    if chosen is None:
                        chosen = [vals[i] for i in keep]
        note = (f"{len(vals)} values for {expected} columns")
        if chosen is not None and len(results) == 1:
            return Aligned(exact(chosen, "inferred"), found,
                           [("extra_cells", note + "; the surplus value was dropped where the "
                             "row identity holds")])
        cells = exact(vals[: expected - 1] + vals[-1:], "inferred")
        kind_note = [("extra_cells", note + "; the row identity decides nothing, kept the first "
                      "and the last values")]
        if len(results) > 1:
            kind_note.append(("ambiguous", f"{len(results)} ways to drop the surplus value"))
        return Aligned(cells, found, kind_note)

    # fewer values than columns, no way to place them for sure
    return _short_row(exact(vals, "inferred"), expected, identity, found,
                      f"{len(vals)} values for {expected} columns")


def _short_row(srcs: list[Src], expected: int, identity: str | None, found: list[Src],
               note_text: str) -> Aligned:
    """Fewer values than columns, their places unknown: only what the arithmetic pins is read.

    A total written last that equals the sum of the other values is the total; when it is 0,
    every other cell is 0 (or blank, which the identities count as 0). Every other cell is
    ``unread``: its column cannot be told, so no identity may use it.
    """
    note = [("missing_cells", note_text)]
    if not srcs:
        # nothing at all after the label: the row is printed blank (TBL011 says so)
        return Aligned([Src("", None, None, None, "missing") for _ in range(expected)], found,
                       note)
    cells = [_unread() for _ in range(expected)]
    ints = [s.value for s in srcs if isinstance(s.value, int)]
    if len(ints) != len(srcs):
        return Aligned(cells, found, [*note, ("unread", "values cannot be placed in columns")])
    if identity == "row_sum" and len(srcs) >= 2 and ints[-1] == sum(ints[:-1]):
        cells[-1] = srcs[-1]
        if ints[-1] == 0:
            cells[:-1] = [Src("", None, None, 0, "inferred") for _ in range(expected - 1)]
            return Aligned(cells, found, [*note, ("zero_row", "every value is 0; the missing "
                                                      "cell is blank or 0")])
        return Aligned(cells, found, [*note, ("unread", "only the total can be placed")])
    return Aligned(cells, found, [*note, ("unread", "values cannot be placed in columns")])


def _align_run(digits: str, pos: list[int], expected: int, identity: str | None, text: str,
               money: set[int], found: list[Src]) -> Aligned:
    """Cells whose digits ran together: split by what the digits allow.

    * as many digits as cells: one digit a cell — forced, whatever the identities say;
    * more digits: every split is a candidate (those satisfying the row's own identity
      first); the table chooses among them (see :func:`choose`), or a single candidate stands;
    * fewer digits: one cell at least is blank — see :func:`_short_row`.
    """
    n = len(digits)
    if n == expected:
        cells = _from_split(tuple(int(d) for d in digits), pos, text, money, "exact")
        return Aligned(cells, cells, [("split_forced", f"cells run together ({digits}); "
                                       f"{n} digits for {expected} cells")])
    if n < expected:
        srcs = _from_split(tuple(int(d) for d in digits), pos, text, money, "inferred")
        return _short_row(srcs, expected, identity, srcs,
                          f"cells run together ({digits}): {n} digits for {expected} cells")
    cands = split_free(digits, expected, limit=_MAX_CANDIDATES)
    if not cands:
        return Aligned([_unread() for _ in range(expected)], found,
                       [("unread", f"cells run together ({digits}) and cannot be split")])
    if identity is None and len(cands) > 1:
        # no identity to choose with: any choice would be a guess
        whole = Src(text[pos[0]:pos[-1] + 1], pos[0], pos[-1] - pos[0] + 1, None, "exact")
        return Aligned([_unread() for _ in range(expected)], [whole],
                       [("unread", f"cells run together ({digits}); {len(cands)} ways to "
                         "split them and no identity to choose with")])
    good = [c for c in cands if identity_holds(list(c), identity)]
    ordered = (_prefer(good) if identity else good) + _prefer([c for c in cands if c not in good])
    splits = Splits(ordered, pos, text, money)
    res = Aligned(splits[0], splits[0], [("inferred_cells", f"cells run together ({digits}); "
                                      f"{len(cands)} ways to split them")])
    res.candidates = splits
    res.row_ok = [identity_holds(list(c), identity) for c in ordered]
    res.digits = digits
    return res
