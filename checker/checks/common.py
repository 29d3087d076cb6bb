"""Small helpers shared by check kinds: cell pointers, locations, labels."""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from checker.engine.kinds import CheckKind, Outcome, RunContext
from checker.report import CellView, Report, cell_label

if TYPE_CHECKING:
    from checker.engine.packs import Rule

__all__ = [
    "TABLE_NAMES",
    "as_fraction",
    "cell_loc",
    "cell_pointer",
    "excerpt_around",
    "labels",
    "show_number",
    "text_loc",
    "variant_kinds",
]

TABLE_NAMES = {"t2": ("表二（主动公开政府信息情况）", "table 2 (proactive disclosure)"),
               "t3": ("表三（收到和处理政府信息公开申请情况）", "table 3 (applications)"),
               "t4": ("表四（行政复议、行政诉讼情况）", "table 4 (review and litigation)")}


def cell_pointer(cell_id: str) -> str:
    """JSON pointer of a cell id: ``t3.r7.nat`` → ``/tables/t3/r7/nat``."""
    return "/tables/" + cell_id.replace(".", "/")


def cell_loc(report: Report, cell_id: str) -> dict[str, Any] | None:
    """The cell's own loc; for a cell without one, its row's loc."""
    view = report.cell(cell_id)
    if view is not None and view.loc:
        return view.loc
    table, row, _ = [*cell_id.split("."), "", "", ""][:3]
    for rec in report.rows(table):
        loc = rec.get("loc")
        if rec.get("id") == row and isinstance(loc, dict) and loc:
            return loc
    return None


def text_loc(report: Report, start: int, end: int) -> dict[str, Any]:
    """A loc for a span of the report text."""
    line, col = report.position(start)
    return {"line": line, "column": col, "offset": start, "length": max(0, end - start)}


def labels(cell_id: str) -> dict[str, str]:
    """The cell's label in Chinese and English: ``{"zh": …, "en": …}``."""
    return {"zh": cell_label(cell_id, "zh"), "en": cell_label(cell_id, "en")}


def as_fraction(view: CellView | None, blank_as_zero: bool = True) -> Fraction | None:
    """The cell's value as an exact fraction; a blank cell is 0 (or None)."""
    if view is None:
        return None
    if view.value is None:
        return Fraction(0) if blank_as_zero else None
    return Fraction(str(view.value)) if not isinstance(view.value, int) else Fraction(view.value)


def show_number(value: Fraction | int | None) -> str:
    """A number as message text: whole fractions as integers, others to at most 4 places."""
    if value is None:
        return "—"
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        return f"{float(value):.4f}".rstrip("0").rstrip(".")
    return str(value)


def variant_kinds(family: str, switch: str, schema: dict[str, Any],
                  run: Callable[[str, Rule, Report, RunContext], Iterable[Outcome]],
                  variants: Mapping[str, tuple[str, tuple[str, ...]]],
                  params: frozenset[str],
                  compile: Callable[[dict[str, Any]], Any] | None = None,
                  wording: Mapping[str, frozenset[str]] | None = None) -> list[CheckKind]:
    """One registered kind ``family.variant`` per variant of a family of checks.

    Args:
        family: the family's name (``docnumber``); each kind is named ``family.variant``.
        switch: the option that picked the variant in the 0.1 spelling (``test``, ``defect``);
            it is not an option of the new kinds.
        schema: the family's options schema; each kind takes only the options it names.
        run: ``run(variant, rule, report, ctx)``, the family's shared code.
        variants: variant → (summary, the option keys that variant accepts).
        params: the message placeholders the family provides.
        compile: the family's options compiler, if any.
        wording: variant → the pack wording keys that variant says (none if not listed).
    """
    props: dict[str, Any] = schema.get("properties", {})
    required = [k for k in schema.get("required", ()) if k != switch]
    said = wording or {}
    kinds: list[CheckKind] = []
    for variant, (summary, keys) in variants.items():
        own: dict[str, Any] = {"type": "object", "additionalProperties": False,
                               "properties": {k: props[k] for k in keys}}
        need = [k for k in required if k in keys]
        if need:
            own["required"] = need
        kinds.append(CheckKind(name=f"{family}.{variant}", summary=summary, options_schema=own,
                               run=functools.partial(run, variant), compile=compile,
                               params=params, wording=said.get(variant, frozenset())))
    return kinds


def excerpt_around(text: str, start: int, end: int, pad: int = 12) -> str:
    """The line around ``text[start:end]``, at most ``pad`` characters either side, with
    an ellipsis where it is cut and line breaks as spaces."""
    ls = max(text.rfind("\n", 0, start) + 1, start - pad)
    le = text.find("\n", end)
    le = min(le if le >= 0 else len(text), end + pad)
    body = text[ls:le].strip()
    if "\n" in body:
        body = re.sub(r"\s*\n\s*", " ", body)
    return ("…" if ls > 0 and text[ls - 1] != "\n" else "") + body + (
        "…" if le < len(text) and text[le] != "\n" else "")


