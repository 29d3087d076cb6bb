"""The ``identity`` check kind: arithmetic identities over table cells (spec §2.1 H1–H7).

A rule gives an expression (or a list of alternatives, e.g. the 2021 and 2019 T3 result
rows) with ``{row}``/``{col}`` templates expanded over named sets. Evaluation is exact.
When several identities fail, the cell that sits in most of the failing identities is named
as the most likely wrong cell, and the findings share it as their root (deducted once).
"""
from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any, NamedTuple

from checker.checks.common import as_fraction, cell_loc, cell_pointer, labels, show_number
from checker.checks.identity_compile import (
    MAX_INSTANCES,
    NAMED_SETS,
    OPTIONS_SCHEMA,
    TABLE_LABELS,
    Alternative,
    Instance,
    compile_options,
)
from checker.engine import expr as ex
from checker.engine.kinds import CheckKind, Hit, RunContext, Say, Skip
from checker.hookspecs import hookimpl
from checker.report import COL_LABELS, Report, cell_label, row_label

if TYPE_CHECKING:
    from checker.engine.packs import Rule

__all__ = [
    "MAX_INSTANCES",
    "NAMED_SETS",
    "OPTIONS_SCHEMA",
    "PARAMS",
    "TABLE_LABELS",
    "compile_options",
    "run",
]


def _choose(report: Report, inst: Instance) -> tuple[Alternative, list[str]]:
    """The first alternative with every cell present, else the one missing fewest."""
    best: tuple[int, int] | None = None
    chosen = inst.alternatives[0]
    missing_best: list[str] = []
    index = report.cell_index()
    for i, alt in enumerate(inst.alternatives):
        if all(map(index.__contains__, alt.cells)):
            return alt, []
        missing = [c for c in alt.cells if c not in index]
        score = (len(missing), i)
        if best is None or score < best:
            best, chosen, missing_best = score, alt, missing
    return chosen, missing_best


_TOLERANCES: dict[str, Fraction] = {}
_ZERO = Fraction(0)


def _tolerance(rule: Rule) -> Fraction:
    raw = str(rule.options.get("tolerance", 0))
    tol = _TOLERANCES.get(raw)
    if tol is None:
        tol = _TOLERANCES[raw] = Fraction(raw)
    return tol


def _compare(op: str, a: Fraction, b: Fraction, tol: Fraction) -> bool:
    if op == "==":
        return abs(a - b) <= tol
    if op == "!=":
        return abs(a - b) > tol
    if op == "<=":
        return a <= b + tol
    if op == ">=":
        return a + tol >= b
    if op == "<":
        return a < b + tol
    return a + tol > b


class _Eval(NamedTuple):
    """One identity evaluated on one report (a named tuple: dozens are built per report)."""

    alt: Alternative
    lhs: Fraction
    rhs: Fraction
    ok: bool
    blanks: tuple[str, ...]
    inferred: tuple[str, ...]


def _inferred(report: Report, cells: tuple[str, ...]) -> tuple[str, ...]:
    marked = report.inferred_cells
    if not marked or marked.isdisjoint(cells):
        return ()
    return tuple(c for c in cells if c in marked)


_NONE = type(None)
_INT_OR_BLANK = frozenset({int, _NONE})
_INT = frozenset({int})


def _holds(form: tuple[tuple[str, ...], tuple[int, ...], int], values: dict[str, Any]) -> bool:
    """A linear identity over present cells that are all whole numbers, and it holds."""
    cids, weights, const = form
    vals = list(map(values.__getitem__, cids))
    return set(map(type, vals)) <= _INT and const + sum(map(operator.mul, weights, vals)) == 0


def _evaluate(report: Report, alt: Alternative, tol: Fraction) -> _Eval:
    """Evaluate one identity exactly (once per report: several rules share the work)."""
    return report.analysis(_evaluate_once, alt, tol)


def _evaluate_once(report: Report, alt: Alternative, tol: Fraction) -> _Eval:
    values = report.values
    if not values:
        report.cell_index()
    form = alt.form
    if form is not None and alt.node.op == "==" and not tol:
        # integers (blanks count 0) need no Fractions: the weighted sum is summed in C
        cids, weights, const = form
        vals = list(map(values.__getitem__, cids))
        types = set(map(type, vals))
        if types <= _INT_OR_BLANK:
            blanks = ([c for c, v in zip(cids, vals, strict=True) if v is None]
                      if _NONE in types else [])
            diff = const + sum(map(operator.mul, weights, vals)) if not blanks else \
                const + sum(w * v for w, v in zip(weights, vals, strict=True) if v is not None)
            if diff == 0:
                return _Eval(alt, _ZERO, _ZERO, True, tuple(blanks), _inferred(report, alt.cells))
    blanks = [c for c in alt.cells if values.get(c) is None]
    inferred = _inferred(report, alt.cells)

    def value_of(cid: str) -> Fraction:
        v = as_fraction(report.cell(cid), blank_as_zero=True)
        return v if v is not None else Fraction(0)

    lhs = ex.evaluate(alt.node.left, value_of)
    rhs = ex.evaluate(alt.node.right, value_of)
    return _Eval(alt, lhs, rhs, _compare(alt.node.op, lhs, rhs, tol),
                 tuple(dict.fromkeys(blanks)), inferred)


def _all_failures(report: Report, ctx: RunContext) -> dict[str, list[tuple[str, ...]]]:
    """Cells of every failing identity of every identity rule in this run, per table."""
    identities = tuple((rule.compiled, _tolerance(rule)) for rule in ctx.rules
                       if rule.check == "identity" and isinstance(rule.compiled, tuple))
    return report.analysis(_failures, identities)


def _failures(report: Report, identities: tuple[tuple[Any, Fraction], ...]
              ) -> dict[str, list[tuple[str, ...]]]:
    failing: dict[str, list[tuple[str, ...]]] = {}
    for compiled, tol in identities:
        for inst in compiled:
            alt, missing = _choose(report, inst)
            if missing:
                continue
            try:
                res = _evaluate(report, alt, tol)
            except ZeroDivisionError:
                continue
            if not res.ok:
                failing.setdefault(alt.cells[0].split(".")[0], []).append(alt.cells)
    return failing


def _suspect(report: Report, ctx: RunContext, cells: tuple[str, ...]) -> str | None:
    """The cell of this identity that appears in most failing identities (≥ 2, unique)."""
    failing = _all_failures(report, ctx).get(cells[0].split(".")[0], [])
    if len(failing) < 2:
        return None
    counts = Counter(c for group in failing for c in set(group))
    ranked = [(n, c) for c, n in counts.items() if c in cells]
    if not ranked:
        return None
    ranked.sort(reverse=True)
    top = ranked[0][0]
    tied = [c for n, c in ranked if n == top]
    return tied[0] if top >= 2 and len(tied) == 1 else None


def _hit(rule: Rule, report: Report, ctx: RunContext, inst: Instance, res: _Eval) -> Hit:
    cells = res.alt.cells
    first = cells[0]
    suspect = _suspect(report, ctx, cells)
    diff = res.lhs - res.rhs
    col_zh, col_en = COL_LABELS.get(inst.col, (inst.col, inst.col))
    row_id = inst.row or first.split(".")[1]
    params: dict[str, Any] = {
        "lhs": show_number(res.lhs), "rhs": show_number(res.rhs),
        "diff": show_number(abs(diff)), "signed_diff": show_number(diff),
        "expr": res.alt.text, "col": inst.col, "col_label": col_zh, "col_label_en": col_en,
        "row": row_id, "row_label": row_label(row_id, "zh"),
        "row_label_en": row_label(row_id, "en"),
        "cell_label": labels(first)["zh"], "cell_label_en": labels(first)["en"],
        "suspect": labels(suspect)["zh"] if suspect else "",
        "suspect_en": labels(suspect)["en"] if suspect else "",
        "suspect_note": Say("identity_suspect_note", {"cell": labels(suspect)["zh"],
                                             "cell_en": labels(suspect)["en"]})
        if suspect else "",
        "blank_note": Say("identity_blank_note") if res.blanks else "",
    }
    evidence = tuple(
        {"cell": c, "label": labels(c)["zh"], "label_en": labels(c)["en"],
         "value": (view.raw if (view := report.cell(c)) else None),
         "loc": cell_loc(report, c), "suspect": c == suspect}
        for c in cells)
    target = suspect or first
    return Hit(params=params, pointer=cell_pointer(target), loc=cell_loc(report, target),
               expected=show_number(res.rhs), actual=show_number(res.lhs), evidence=evidence,
               key=inst.key, confidence="inferred" if (res.blanks or res.inferred) else "exact",
               root=f"cell:{suspect}" if suspect else None)


def _one_row(cells: list[str]) -> tuple[str, str] | None:
    """(table, row) when every cell lies in one row, else None."""
    rows = {(table, rest.partition(".")[0]) for table, _, rest in (c.partition(".") for c in cells)}
    return rows.pop() if len(rows) == 1 and len(cells) > 2 else None


def _cells_zh(cells: list[str]) -> str:
    one = _one_row(cells)
    if one:
        return f"{TABLE_LABELS[one[0]][0]}“{row_label(one[1])}”行{len(cells)}个单元格"
    head = "、".join(cell_label(c) for c in cells[:2])
    return f"{head}等{len(cells)}个单元格" if len(cells) > 2 else head


def _cells_en(cells: list[str]) -> str:
    one = _one_row(cells)
    if one:
        return f'{len(cells)} cells of {TABLE_LABELS[one[0]][1]}, row "{row_label(one[1], "en")}"'
    head = ", ".join(cell_label(c, "en") for c in cells[:2])
    return f"{head} and {len(cells) - 2} more cells" if len(cells) > 2 else head


def run(rule: Rule, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    instances: tuple[Instance, ...] = rule.compiled
    tol = _tolerance(rule)
    blank_zero = rule.options.get("blank", "zero") == "zero"
    table = instances[0].alternatives[0].cells[0].split(".")[0] if instances else ""
    if table and not report.has_table(table):
        yield Skip(Say("identity_table_missing", {"table": table}))
        return
    index = report.cell_index()
    values = report.values
    exact = not tol
    unread_cells = report.unread_cells
    for inst in instances:
        alt = inst.alternatives[0]
        missing: list[str] = []
        if not all(map(index.__contains__, alt.cells)):  # else _choose takes the first one
            alt, missing = _choose(report, inst)
            unread = [c for c in alt.cells if c in unread_cells]
            if unread:
                yield Skip(Say("identity_cells_unread", {"cells": _cells_zh(unread),
                                                "cells_en": _cells_en(unread)}),
                           pointer=cell_pointer(unread[0]))
                continue
        elif exact and alt.form is not None and alt.node.op == "==" and _holds(alt.form, values):
            continue  # whole numbers, no blanks, the identity holds: nothing to report
        if missing:
            if rule.options.get("optional_lhs") and alt.cells[0] in missing:
                continue
            if len(missing) == len(alt.cells):
                continue  # the row/column does not exist in this layout at all
            yield Skip(Say("identity_cells_missing",
                           {"cells": ", ".join(cell_label(c) for c in missing[:3]),
                            "cells_en": ", ".join(missing[:3]), "expr": alt.text}),
                       pointer=cell_pointer(missing[0]))
            continue
        try:
            res = _evaluate(report, alt, tol)
        except ZeroDivisionError:
            yield Skip(Say("identity_division_by_zero", {"expr": alt.text}))
            continue
        if res.blanks and not blank_zero:
            yield Skip(Say("identity_blank_cells", {"expr": alt.text}))
        elif not res.ok:
            yield _hit(rule, report, ctx, inst, res)


# What the kind says when a pack does not word it itself: identity is the general kind of
# every pack (a provincial relation between cells needs no [wording] table of its own).
WORDING: dict[str, dict[str, str]] = {
    "identity_table_missing": {"zh": "报告中未找到{table}，无法核对",
                               "en": "{table} not found in the report"},
    "identity_cells_unread": {"zh": "{cells}未能读出，此项无法核对，请人工核对。",
                     "en": "{cells} could not be read; check this by hand."},
    "identity_cells_missing": {"zh": "缺少单元格{cells}，无法核对{expr}",
                      "en": "cells missing ({cells}); cannot check {expr}"},
    "identity_division_by_zero": {"zh": "除数为0，无法核对{expr}",
                                  "en": "division by zero in {expr}"},
    "identity_blank_cells": {"zh": "单元格为空白，无法核对{expr}",
                             "en": "blank cells; cannot check {expr}"},
    "identity_suspect_note": {"zh": "，最可能填错的是{cell}",
                              "en": "; the most likely wrong cell is {cell}"},
    "identity_blank_note": {"zh": "（空白单元格按0计）", "en": " (blank cells counted as 0)"},
}
PARAMS = frozenset({"lhs", "rhs", "diff", "signed_diff", "expr", "col", "col_label", "row",
                    "row_label", "cell_label", "suspect", "suspect_note", "blank_note"})


@hookimpl
def checker_register_check_kinds(config: Any) -> list[CheckKind]:
    return [CheckKind(name="identity",
                      summary="arithmetic identity over table cells, per row/column, exact",
                      options_schema=OPTIONS_SCHEMA, run=run, compile=compile_options,
                      params=PARAMS, wording=frozenset(WORDING), default_wording=WORDING)]
