"""Table values the prose is compared with: table-3 rows and sums by key (``new``, ``r3``,
``r1+r2``, ``new+cin`` …) and table-4 cells (spec/domain.md §1.4, §1.5), read from the
report's value index and worked out once per report.
"""
from __future__ import annotations

from fractions import Fraction

from checker.report import T3_COLS, Report

__all__ = ["T3_KEY_LABELS", "Number", "Value", "t3_value", "t4_value"]

# a cell's number: whole counts stay int (cheaper, and exact like a Fraction)
Number = Fraction | int
# a value (None: not available), the cells it was read from, whether any was blank or inferred
Value = tuple[Number | None, list[str], bool]

T3_KEY_LABELS: dict[str, tuple[str, str]] = {
    "new": ("表三“本年新收”合计", "table 3 new applications (total)"),
    "cin": ("表三“上年结转”合计", "table 3 carried over (total)"),
    "r1": ("表三“予以公开”合计", "table 3 \"(1) disclosed\" (total)"),
    "r2": ("表三“部分公开”合计", "table 3 \"(2) partly disclosed\" (total)"),
    "r1+r2": ("表三“予以公开”与“部分公开”之和", "table 3 (1) plus (2)"),
    "r3": ("表三“不予公开”各项之和", "the sum of the items under table 3 \"(3) not disclosed\""),
    "r4": ("表三“无法提供”各项之和",
           "the sum of the items under table 3 \"(4) cannot be provided\""),
    "r5": ("表三“不予处理”各项之和", "the sum of the items under table 3 \"(5) not processed\""),
    "r6": ("表三“其他处理”各项之和",
           "the sum of the items under table 3 \"(6) otherwise handled\""),
    "r7": ("表三“（七）总计”", "table 3 \"(7) total\""),
    "cout": ("表三“结转下年度继续办理”合计", "table 3 carried forward (total)"),
    "new+cin": ("表三“本年新收”与“上年结转”之和", "table 3 new plus carried over"),
    "new.nat": ("表三“本年新收”行“自然人”列", "table 3 new applications from natural persons"),
    "new.org": ("表三“本年新收”行法人或其他组织五列之和",
                "table 3 new applications from organisations"),
}
_LEAVES = {"r3": 8, "r4": 3, "r5": 5, "r6": 3}
_ORG_COLS = ("biz", "res", "npo", "law", "oth")


def _cell(report: Report, cid: str) -> tuple[Number | None, bool]:
    """(value, blank or inferred): a missing cell is (None, False); a blank one (0, True).

    Read from the report's value index (built by ``report.cell_index()``), without building
    a cell view.
    """
    values = report.values
    if cid not in values:
        return None, False
    value = values[cid]
    if value is None:
        return 0, True
    v = value if isinstance(value, int) else Fraction(str(value))
    return v, cid in report.inferred_cells


def t3_value(report: Report, key: str, col: str = "tot") -> Value:
    """A table-3 value by key (``new``, ``r3``, ``r1+r2``, ``new+cin``, ``new.org`` …).

    Returns (value, cells used, inferred). Value None when every cell it needs is absent or
    blank, so the comparison cannot be made. Worked out once per report.
    """
    return report.analysis(_t3_value, key, col)


def _t3_value(report: Report, key: str, col: str = "tot") -> Value:
    """A table-3 value by key (``new``, ``r3``, ``r1+r2``, ``new+cin``, ``new.org`` …).

    Returns (value, cells used, inferred). Value None when every cell it needs is absent or
    blank, so the comparison cannot be made.
    """
    if "+" in key:
        total: Number = 0
        cells: list[str] = []
        inferred = False
        for part in key.split("+"):
            v, c, inf = t3_value(report, part, col)
            if v is None:
                return None, cells + c, inferred
            total += v
            cells += c
            inferred = inferred or inf
        return total, cells, inferred
    if key == "new.nat":
        return t3_value(report, "new", "nat")
    if key == "new.org":
        vals = [t3_value(report, "new", c) for c in _ORG_COLS]
        numbers = [v[0] for v in vals if v[0] is not None]
        if len(numbers) < len(vals):
            return None, [], False
        return sum(numbers, 0), [c for v in vals for c in v[1]], any(v[2] for v in vals)
    report.cell_index()  # builds report.values
    values = report.values
    if key in _LEAVES:
        present = [i for i in _leaf_ids(key, col) if i in values]
        if not present and f"t3.{key}.{col}" in values:
            present = [f"t3.{key}.{col}"]
    else:
        present = [f"t3.{key}.{col}"] if f"t3.{key}.{col}" in values else []
    if not present:
        return None, [], False
    found: Number = 0
    blanks = 0
    inferred = False
    inferred_cells = report.inferred_cells
    for cid in present:  # what _cell gives, read inline: a blank cell is 0 and inferred
        value = values[cid]
        if value is None:
            blanks += 1
            inferred = True
            continue
        found += value if isinstance(value, int) else Fraction(str(value))
        inferred = inferred or cid in inferred_cells
    if blanks == len(present):
        return None, present, True
    return found, present, inferred


def _spell_leaf_ids(key: str, col: str) -> tuple[str, ...]:
    """Cell ids of a table-3 row's items: ``t3.r3_1.tot`` … ``t3.r3_8.tot``."""
    return tuple(f"t3.{key}_{i}.{col}" for i in range(1, _LEAVES[key] + 1))


# spelt out once for every such row and table-3 column
_LEAF_IDS = {(key, col): _spell_leaf_ids(key, col) for key in _LEAVES for col in T3_COLS}


def _leaf_ids(key: str, col: str) -> tuple[str, ...]:
    return _LEAF_IDS.get((key, col)) or _spell_leaf_ids(key, col)


def t4_value(report: Report, group: str, col: str) -> Value:
    """A table-4 value: ``rev``/``lit_dir``/``lit_aft`` or ``lit`` (both lawsuit groups)."""
    groups = ("lit_dir", "lit_aft") if group == "lit" else (group,)
    total: Number = 0
    cells: list[str] = []
    inferred = False
    seen = False
    report.cell_index()  # builds report.values
    for g in groups:
        cid = f"t4.{g}.{col}"
        v, flag = _cell(report, cid)
        if v is None:
            continue
        cells.append(cid)
        if report.values[cid] is not None:
            seen = True
        total += v
        inferred = inferred or flag
    if not seen:
        return None, cells, True
    return total, cells, inferred
