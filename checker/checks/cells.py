"""The ``cells`` check kind: table presence, row shape, blank cells, and cell domains (H8, H9)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator

from checker.checks.common import TABLE_NAMES, cell_loc, cell_pointer, labels
from checker.hookspecs import hookimpl
from checker.kinds import CheckKind, Hit, RunContext, Skip
from checker.report import Report

OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["test", "tables"],
    "properties": {
        "test": {"enum": ["present", "row_shape", "blank", "integer", "money", "max_decimals"]},
        "tables": {"type": "array", "minItems": 1, "items": {"enum": ["t2", "t3", "t4"]}},
        "rows": {"type": "array", "items": {"type": "string"},
                 "description": "only these row ids (default: all)"},
        "exclude_rows": {"type": "array", "items": {"type": "string"}},
        "decimals": {"type": "integer", "minimum": 0, "maximum": 10},
    },
}
PARAMS = frozenset({"table", "table_label", "cell_label", "raw", "row", "row_label", "expected",
                    "actual", "count", "decimals"})
MONEY_CELLS = {"t2.fee.amount_wan", "t2.procurement.amount"}


def _table_params(table: str) -> dict[str, str]:
    zh, en = TABLE_NAMES[table]
    return {"table": table, "table_label": zh, "table_label_en": en}


def run(rule: Any, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    opts = rule.options
    test = opts["test"]
    for table in opts["tables"]:
        if test == "present":
            if not report.has_table(table):
                yield Hit(params=_table_params(table), pointer=f"/tables/{table}", key=table)
            continue
        if not report.has_table(table):
            yield Skip(f"未找到{TABLE_NAMES[table][0]}", f"{TABLE_NAMES[table][1]} not found")
            continue
        if test == "row_shape":
            yield from _row_shape(report, table, opts)
        else:
            yield from _cell_tests(report, table, test, opts)


def _row_shape(report: Report, table: str, opts: dict[str, Any]) -> Iterator[Hit]:
    rows = report.rows(table)
    for i, rec in enumerate(rows):
        expected = rec.get("expected")
        actual = len(rec.get("cells", []))
        if expected is None or actual == expected:
            continue
        if opts.get("rows") and rec.get("id") not in opts["rows"]:
            continue
        label = rec.get("label") or rec.get("id") or ""
        yield Hit(params={**_table_params(table), "row": rec.get("id") or "", "row_label": label,
                          "expected": expected, "actual": actual},
                  pointer=f"/rows/{table}/{i}", loc=rec.get("loc"), expected=expected,
                  actual=actual, key=f"{table}:{rec.get('id')}:{i}",
                  evidence=tuple({"label": f"第 {k + 1} 个值", "label_en": f"value {k + 1}",
                                  "value": c.get("raw", "")} for k, c in enumerate(rec.get("cells", []))))


def _improper(report: Report, table: str) -> list[str]:
    """Cell ids of a table whose value is not a plain non-negative integer (computed once)."""
    key = ("cells.improper", table)
    if key not in report.memo:
        out = []
        for row, cols in (report.tables.get(table) or {}).items():
            if not isinstance(cols, dict):
                continue
            for col in cols:
                cid = f"{table}.{row}.{col}"
                view = report.cell(cid)
                if view is not None and not (isinstance(view.value, int) and view.value >= 0):
                    out.append(cid)
        report.memo[key] = out
    return report.memo[key]


_NOT_FILLED = ("", "/", "／", "—", "-", "－", "——", "\\")


def _cell_tests(report: Report, table: str, test: str, opts: dict[str, Any]) -> Iterator[Hit]:
    rows = opts.get("rows")
    excluded = set(opts.get("exclude_rows", ()))
    for cid in _improper(report, table):
        row = cid.split(".")[1]
        if (rows and row not in rows) or row in excluded:
            continue
        view = report.cell(cid)
        if view is None:
            continue
        lab = labels(cid)
        params = {**_table_params(table), "cell_label": lab["zh"], "cell_label_en": lab["en"],
                  "raw": view.raw if view.raw != "" else "（空白）", "raw_en": view.raw or "(blank)"}
        hit = dict(params=params, pointer=cell_pointer(cid), loc=cell_loc(report, cid), key=cid,
                   actual=view.raw, confidence="inferred" if view.confidence == "inferred" else "exact")
        if test == "blank":
            if view.value is None and view.raw.strip() in _NOT_FILLED:
                yield Hit(**hit, expected="0")
        elif test == "integer":
            if cid in MONEY_CELLS:
                continue
            if view.value is None:
                if view.raw.strip() not in _NOT_FILLED:
                    yield Hit(**hit, expected="非负整数")
            else:
                yield Hit(**hit, expected="非负整数")
        elif test == "money":
            if cid in MONEY_CELLS and view.value is not None and Decimal(str(view.value)) < 0:
                yield Hit(**hit, expected=">= 0")
        elif test == "max_decimals":
            if cid not in MONEY_CELLS or view.value is None:
                continue
            places = -Decimal(str(view.value)).as_tuple().exponent
            limit = int(opts.get("decimals", 4))
            if places > limit:
                yield Hit(**{**hit, "params": {**params, "decimals": limit}}, expected=f"≤ {limit} 位小数")


@hookimpl
def checker_register_check_kinds(config: Any) -> list[CheckKind]:
    return [CheckKind(name="cells", summary="table presence, row shape, blank and invalid cells",
                      options_schema=OPTIONS_SCHEMA, run=run, params=PARAMS)]
