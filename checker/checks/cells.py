"""The ``cells.*`` check kinds: table presence, row shape, blank cells, and cell domains (H8,
H9)."""
from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from checker.checks.common import TABLE_NAMES, cell_loc, cell_pointer, labels, variant_kinds
from checker.engine.kinds import CheckKind, Hit, RunContext, Say, Skip
from checker.hookspecs import hookimpl
from checker.report import CellView, Report, cell_label

if TYPE_CHECKING:
    from checker.engine.packs import Rule

OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["test", "tables"],
    "properties": {
        "test": {"enum": ["present", "row_shape", "blank", "many_blank", "integer", "money",
                          "max_decimals"]},
        "threshold": {"type": "object", "additionalProperties": False,
                      "properties": {t: {"type": "integer", "minimum": 0}
                                     for t in ("t2", "t3", "t4")},
                      "description": "blank cells per table beyond which they count as one "
                                     "finding of the many_blank rule instead of one each"},
        "tables": {"type": "array", "minItems": 1, "items": {"enum": ["t2", "t3", "t4"]}},
        "rows": {"type": "array", "items": {"type": "string"},
                 "description": "only these row ids (default: all)"},
        "exclude_rows": {"type": "array", "items": {"type": "string"}},
        "decimals": {"type": "integer", "minimum": 0, "maximum": 10},
    },
}
PARAMS = frozenset({"table", "table_label", "cell_label", "raw", "row", "row_label", "expected",
                    "actual", "count", "decimals", "threshold"})
_NOT_FILLED = ("", "/", "／", "—", "-", "－", "——", "\\")
MONEY_CELLS = {"t2.fee.amount_wan", "t2.procurement.amount"}
# 2019-format T2 "本年增/减": a change, legitimately negative (still an integer).
SIGNED_COLS = frozenset({"change"})


def _table_params(table: str) -> dict[str, str]:
    zh, en = TABLE_NAMES[table]
    return {"table": table, "table_label": zh, "table_label_en": en}


def run(test: str, rule: Rule, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    """The cells of the rule's tables that fail ``test`` (or the tables, for ``present``)."""
    opts = rule.options
    for table in opts["tables"]:
        if test == "present":
            if not report.has_table(table):
                yield Hit(params=_table_params(table), pointer=f"/tables/{table}", key=table)
            continue
        if not report.has_table(table):
            yield Skip(Say("table_missing", _table_params(table)))
            continue
        ambiguous = _ambiguous_rows(report, table)
        # one note per unread row, from the row-shape rule (the others skip the row silently)
        for row in sorted(ambiguous) if ambiguous and test == "row_shape" else ():
            label, raw = ambiguous[row]
            yield Skip(Say("row_unread", {**_table_params(table), "label": label, "raw": raw}),
                       pointer=f"/tables/{table}/{row}")
        if test == "row_shape":
            yield from _row_shape(report, table, opts, ambiguous)
        elif test == "many_blank":
            blanks = _blanks(report, table, ambiguous)
            limit = (opts.get("threshold") or {}).get(table)
            if limit is not None and len(blanks) > limit:
                yield Hit(params={**_table_params(table), "count": len(blanks), "threshold": limit},
                          pointer=f"/tables/{table}", loc=cell_loc(report, blanks[0]),
                          expected="0", actual=f"{len(blanks)} 个空白单元格", key=table,
                          evidence=tuple({"cell": c, "label": labels(c)["zh"],
                                          "label_en": labels(c)["en"], "value": ""}
                                         for c in blanks[:50]))
        else:
            if test == "blank":
                limit = (opts.get("threshold") or {}).get(table)
                if limit is not None and len(_blanks(report, table, ambiguous)) > limit:
                    continue  # reported once, as many blank cells, by the many_blank rule
            yield from _cell_tests(report, table, test, opts, ambiguous)


def _ambiguous_rows(report: Report, table: str) -> dict[str, tuple[str, str]]:
    """Rows the normaliser could not read (run-together digits it could not split, values it
    could not place): row id → (label, text as written). One pass over the issues, once per
    report (callers never change the result)."""
    return report.analysis(_ambiguous_by_table).get(table) or {}


def _ambiguous_by_table(report: Report) -> dict[str, dict[str, tuple[str, str]]]:
    by_table: dict[str, dict[str, tuple[str, str]]] = {}
    for i in report.issues:
        if i.get("kind") in ("ambiguous", "unread") and i.get("row"):
            label = str(i.get("label") or i["row"])
            raw = str(i.get("actual") or "")
            table = i.get("table")
            if isinstance(table, str):  # an issue of no table is no row of one
                by_table.setdefault(table, {})[i["row"]] = (label, raw)
    return by_table


def _blanks(report: Report, table: str, ambiguous: dict[str, tuple[str, str]]) -> list[str]:
    """Blank (not filled) cells of a table outside the ambiguous rows (worked out once: the
    blank and many_blank rules both count them)."""
    return report.analysis(_blank_cells, table)


def _blank_cells(report: Report, table: str) -> list[str]:
    ambiguous = _ambiguous_rows(report, table)
    out = []
    for cid in _improper(report, table):
        view = report.cell(cid)
        if view is not None and view.value is None and view.raw.strip() in _NOT_FILLED \
                and cid.split(".")[1] not in ambiguous:
            out.append(cid)
    return out


def _row_shape(report: Report, table: str, opts: dict[str, Any],
               ambiguous: dict[str, tuple[str, str]]) -> Iterator[Hit]:
    only = opts.get("rows")
    rows = report.rows(table)
    # most rows have as many cells as expected: pick out the others first
    for i in [i for i, rec in enumerate(rows) if len(rec.get("cells", ())) != rec.get("expected")]:
        rec = rows[i]
        expected = rec.get("expected")
        cells = rec.get("cells", [])
        actual = len(cells)
        if expected is None or actual == expected or actual == 0 or rec.get("id") in ambiguous:
            continue  # a row with no value at all is blank (TBL011), not misaligned
        if only and rec.get("id") not in only:
            continue
        if actual < expected and actual + _placed_blanks(report, table, rec.get("id")) == expected:
            continue  # the layout shows where the blank cells are: a blank, not a shape error
        if actual < expected and _zero_row(report, table, rec.get("id")):
            continue  # every value 0: where the blank cell is cannot matter, nor be told
        label = rec.get("label") or rec.get("id") or ""
        yield Hit(params={**_table_params(table), "row": rec.get("id") or "", "row_label": label,
                          "expected": expected, "actual": actual},
                  pointer=f"/rows/{table}/{i}", loc=rec.get("loc"), expected=expected,
                  actual=actual, key=f"{table}:{rec.get('id')}:{i}",
                  evidence=tuple([{"label": zh, "label_en": en, "value": c.get("raw", "")}
                                  for (zh, en), c in zip(_nth_values(len(cells)), cells,
                                                         strict=True)]))


_NTH_VALUES = tuple((f"第 {k} 个值", f"value {k}") for k in range(1, 33))


def _nth_values(n: int) -> tuple[tuple[str, str], ...]:
    """The labels of a row's first ``n`` values: 第 1 个值 / value 1, …"""
    if n <= len(_NTH_VALUES):
        return _NTH_VALUES[:n]
    return _NTH_VALUES + tuple((f"第 {k} 个值", f"value {k}")
                               for k in range(len(_NTH_VALUES) + 1, n + 1))


def _zero_row(report: Report, table: str, row: str | None) -> bool:
    """A short row whose values are all 0 (read as zeros: the missing cell is 0 or blank)."""
    cols = (report.tables.get(table) or {}).get(row or "", {})
    return bool(cols) and all(isinstance(c, dict) and c.get("value") == 0 for c in cols.values())


def _placed_blanks(report: Report, table: str, row: str | None) -> int:
    """Blank cells of a row whose position the layout showed (e.g. an empty TAB field)."""
    cols = (report.tables.get(table) or {}).get(row or "", {})
    return sum(1 for c in cols.values() if isinstance(c, dict) and c.get("value") is None
               and str(c.get("raw", "")).strip() in _NOT_FILLED and c.get("loc"))


def _improper(report: Report, table: str) -> list[str]:
    """Cell ids of a table whose value is not a plain non-negative integer (one pass over all
    tables, once per report)."""
    return report.analysis(_improper_by_table).get(table, [])


def _improper_by_table(report: Report) -> dict[str, list[str]]:
    report.cell_index()
    by_table: dict[str, list[str]] = {}
    for cid in [cid for cid, v in report.values.items() if v.__class__ is not int or v < 0]:
        by_table.setdefault(cid.partition(".")[0], []).append(cid)
    return by_table


def _cell_expected(test: str, cid: str, view: CellView, limit: int) -> str | None:
    """What the cell should be when ``test`` finds it wrong; None when it passes."""
    value = view.value
    if test == "blank":
        return "0" if value is None and view.raw.strip() in _NOT_FILLED else None
    if test == "integer":
        if cid in MONEY_CELLS:
            return None
        if value is None:
            return None if view.raw.strip() in _NOT_FILLED else "非负整数"
        if isinstance(value, int) and cid.rsplit(".", 1)[-1] in SIGNED_COLS:
            return None  # an increase or decrease may be negative
        return "非负整数"
    if cid not in MONEY_CELLS or value is None:
        return None
    if test == "money":
        return ">= 0" if Decimal(str(value)) < 0 else None
    if test == "max_decimals":
        exponent = Decimal(str(value)).as_tuple().exponent
        places = -exponent if isinstance(exponent, int) else 0  # an int: the value is finite
        return f"≤ {limit} 位小数" if places > limit else None
    return None


def _cell_tests(report: Report, table: str, test: str, opts: dict[str, Any],
                ambiguous: dict[str, tuple[str, str]]) -> Iterator[Hit]:
    rows = opts.get("rows")
    excluded = set(opts["exclude_rows"]) | set(ambiguous) if opts.get("exclude_rows") \
        else set(ambiguous)
    limit = int(opts.get("decimals", 4)) if test == "max_decimals" else 0
    for cid in _improper(report, table):
        row = cid.split(".")[1]
        if (rows and row not in rows) or row in excluded:
            continue
        view = report.cell(cid)
        if view is None:
            continue
        expected = _cell_expected(test, cid, view, limit)
        if expected is None:
            continue
        params: dict[str, Any] = {**_table_params(table), "cell_label": cell_label(cid, "zh"),
                  "cell_label_en": cell_label(cid, "en"),
                  "raw": view.raw if view.raw != "" else Say("blank_cell")}
        if test == "max_decimals":
            params["decimals"] = limit
        yield Hit(params=params, pointer=cell_pointer(cid), loc=cell_loc(report, cid), key=cid,
                  actual=view.raw,
                  confidence="inferred" if view.confidence == "inferred" else "exact",
                  expected=expected)


_ROWS = ("tables", "rows", "exclude_rows")
_VARIANTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "present": ("the statistical tables are present", ("tables",)),
    "row_shape": ("every row of a table has its cells (H8)", _ROWS),
    "blank": ("blank cells, one finding each up to a threshold per table (H9)",
              (*_ROWS, "threshold")),
    "many_blank": ("more blank cells in a table than its threshold: one finding (H9)",
                   (*_ROWS, "threshold")),
    "integer": ("counts are whole, non-negative numbers (H8)", _ROWS),
    "money": ("amounts are non-negative numbers (H8)", _ROWS),
    "max_decimals": ("amounts have at most so many decimals (H8)", (*_ROWS, "decimals")),
}

# The pack wording each variant may say: a table not found (every variant but ``present``,
# whose finding it is), a row the reader could not read, a blank cell shown in a message.
_WORDING: dict[str, frozenset[str]] = {
    v: frozenset({"table_missing"} | ({"row_unread"} if v == "row_shape" else set())
                 | ({"blank_cell"} if v in ("blank", "integer", "money", "max_decimals")
                    else set()))
    for v in _VARIANTS if v != "present"}


@hookimpl
def checker_register_check_kinds(config: Any) -> list[CheckKind]:
    return variant_kinds("cells", "test", OPTIONS_SCHEMA, run, _VARIANTS, PARAMS,
                         wording=_WORDING)
