"""Identity rules compiled: each expression expanded over its ``{row}``/``{col}`` sets into
instances, parsed once when the pack loads (the ``identity`` kind's ``compile``)."""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from checker.engine import expr as ex
from checker.report import T3_COLS, T3_LEAF_COLS, T4_COLS, T4_GROUPS

__all__ = [
    "MAX_INSTANCES",
    "NAMED_SETS",
    "OPTIONS_SCHEMA",
    "TABLE_LABELS",
    "Alternative",
    "Instance",
    "compile_options",
]

TABLE_LABELS = {"t2": ("表二", "table 2"), "t3": ("表三", "table 3"), "t4": ("表四", "table 4")}

T3_ROWS_2021 = ("new", "cin", "r1", "r2", *(f"r3_{i}" for i in range(1, 9)),
                *(f"r4_{i}" for i in range(1, 4)), *(f"r5_{i}" for i in range(1, 6)),
                *(f"r6_{i}" for i in range(1, 4)), "r7", "cout")
T3_ROWS_2019 = (*(r for r in T3_ROWS_2021 if not r.startswith("r6_") and r not in ("r7", "cout")),
                "r6", "r7", "cout")
NAMED_SETS: dict[str, tuple[str, ...]] = {
    "t3": T3_COLS, "t3_leaf": T3_LEAF_COLS, "t4_groups": T4_GROUPS, "t4": T4_COLS,
    "t3_rows": (*T3_ROWS_2021, "r6", "r3", "r4", "r5"),
}

# A list of row or column ids, as a pack may give instead of a named set.
_ID_LIST: dict[str, Any] = {"type": "array",
                            "items": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}}
OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "oneOf": [{"required": ["expr"]}, {"required": ["each"]}],
    "properties": {
        "each": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1},
                 "description": "independent identities, each checked on its own"},
        "expr": {"oneOf": [{"type": "string", "minLength": 1},
                           {"type": "array", "minItems": 1, "items": {"type": "string"}}],
                 "description": "identity, or alternatives: the first with all cells present runs"},
        "rows": {"oneOf": [{"enum": sorted(NAMED_SETS)},
                           _ID_LIST]},
        "cols": {"oneOf": [{"enum": sorted(NAMED_SETS)},
                           _ID_LIST]},
        "tolerance": {"type": "number", "minimum": 0},
        "blank": {"enum": ["zero", "skip"],
                  "description": "blank or '/' operands: count as 0 (finding marked inferred) "
                                 "or skip"},
        "optional_lhs": {"type": "boolean",
                         "description": "an instance whose left-hand cell is absent does not "
                                        "apply"},
    },
}


@dataclass(frozen=True, eq=False)
class Alternative:
    """One identity, precompiled: its cells and (when linear) its weighted-sum form.

    Compared by identity: compiled once with its pack, it keys the report's analyses.
    """

    text: str
    node: ex.Comparison
    cells: tuple[str, ...]
    # lhs - rhs as (cells, integer weights, constant), or None when it is not of that form
    form: tuple[tuple[str, ...], tuple[int, ...], int] | None


@dataclass(frozen=True, eq=False)
class Instance:
    """One identity at one row and column, with the ways it may be written."""

    key: str
    row: str
    col: str
    alternatives: tuple[Alternative, ...]


MAX_INSTANCES = 10_000  # identities one rule may expand to (rows × cols × expressions)


def _set(value: Any) -> tuple[str, ...]:
    if value is None:
        return ("",)
    if isinstance(value, str):
        return NAMED_SETS[value]
    return tuple(value)


def _form(node: ex.Comparison) -> tuple[tuple[str, ...], tuple[int, ...], int] | None:
    left, right = ex.linear(node.left), ex.linear(node.right)
    if left is None or right is None:
        return None
    coef = dict(left[0])
    for k, v in right[0].items():
        coef[k] = coef.get(k, Fraction(0)) - v
    const = left[1] - right[1]
    if any(v.denominator != 1 for v in coef.values()) or const.denominator != 1:
        return None
    used = [(k, int(v)) for k, v in coef.items() if v]
    return tuple(k for k, _ in used), tuple(w for _, w in used), int(const)


def compile_options(options: dict[str, Any]) -> tuple[Instance, ...]:
    if "each" in options:
        groups = [[e] for e in options["each"]]
    else:
        groups = [options["expr"] if isinstance(options["expr"], list) else [options["expr"]]]
    size = (len(_set(options.get("rows"))) * len(_set(options.get("cols")))
            * sum(len(g) for g in groups))
    if size > MAX_INSTANCES:  # checked before any expression is expanded or parsed
        raise ValueError(f"rows × cols × expressions make {size} identities; the limit is "
                         f"{MAX_INSTANCES}")
    instances: list[Instance] = []
    for gi, exprs in enumerate(groups):
        instances.extend(_instances(options, exprs, f"{gi}:" if len(groups) > 1 else ""))
    return tuple(instances)


def _instances(options: dict[str, Any], exprs: list[str], prefix: str) -> list[Instance]:
    instances: list[Instance] = []
    for row in _set(options.get("rows")):
        for col in _set(options.get("cols")):
            alts: list[Alternative] = []
            for template in exprs:
                try:
                    text = ex.expand(template, row=row, col=col)
                    node = ex.parse(text)
                except ex.ExprError as exc:
                    raise ValueError(str(exc)) from None
                if not isinstance(node, ex.Comparison):
                    raise ValueError(f"an identity needs a comparison (==, <=, …): {template!r}")
                alts.append(Alternative(text, node, tuple(ex.cells_of(node)), _form(node)))
            instances.append(Instance(prefix + f"{row}.{col}".strip("."), row, col, tuple(alts)))
    return instances
