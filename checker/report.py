"""The normalised report: load, validate, and look up cells, sections and lines by id."""
from __future__ import annotations

import bisect
import functools
import itertools
import json
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

from checker.errors import InputError
from checker.files.digest import sha256

__all__ = [
    "COL_LABELS",
    "ROW_LABELS",
    "T3_COLS",
    "T3_LEAF_COLS",
    "T4_COLS",
    "T4_GROUPS",
    "CellView",
    "Report",
    "cell_label",
    "load_json_report",
    "row_label",
    "validate_report",
]

T3_COLS = ("nat", "biz", "res", "npo", "law", "oth", "tot")
T3_LEAF_COLS = T3_COLS[:-1]
T4_GROUPS = ("rev", "lit_dir", "lit_aft")
T4_COLS = ("kept", "fixed", "other", "pending", "total")

COL_LABELS: dict[str, tuple[str, str]] = {
    "nat": ("自然人", "natural persons"), "biz": ("商业企业", "businesses"),
    "res": ("科研机构", "research institutions"), "npo": ("社会公益组织", "non-profits"),
    "law": ("法律服务机构", "legal service providers"), "oth": ("其他", "other organisations"),
    "tot": ("总计", "total"),
    "kept": ("结果维持", "upheld"), "fixed": ("结果纠正", "corrected"),
    "other": ("其他结果", "other result"), "pending": ("尚未审结", "pending"),
    "total": ("总计", "total"),
    "issued": ("本年制发件数", "issued this year"), "abolished": ("本年废止件数", "abolished"),
    "in_force": ("现行有效件数", "in force"), "decisions": ("本年处理决定数量", "decisions"),
    # the 2019 format's table 2
    "made": ("本年新制作数量", "made this year"), "published": ("本年新公开数量", "published"),
    "prev": ("上一年项目数量", "items last year"), "change": ("本年增/减", "change this year"),
    "count": ("采购项目数量", "procurements"), "amount": ("采购总金额", "procurement amount"),
    "amount_wan": ("本年收费金额（万元）", "fees (10k yuan)"),
}

ROW_LABELS: dict[str, tuple[str, str]] = {
    "new": ("一、本年新收", "new applications"), "cin": ("二、上年结转", "carried over"),
    "r1": ("（一）予以公开", "disclosed"), "r2": ("（二）部分公开", "partly disclosed"),
    "r3": ("（三）不予公开", "not disclosed"), "r4": ("（四）无法提供", "cannot be provided"),
    "r5": ("（五）不予处理", "not processed"), "r6": ("（六）其他处理", "otherwise handled"),
    "r7": ("（七）总计", "results total"), "cout": ("四、结转下年度继续办理", "carried forward"),
    "rev": ("行政复议", "administrative review"),
    "lit_dir": ("行政诉讼（未经复议直接起诉）", "litigation (direct)"),
    "lit_aft": ("行政诉讼（复议后起诉）", "litigation (after review)"),
    "reg": ("规章", "rules"), "norm": ("行政规范性文件", "normative documents"),
    "license": ("行政许可", "licensing"), "penalty": ("行政处罚", "penalties"),
    "coercion": ("行政强制", "coercive measures"), "fee": ("行政事业性收费", "fees"),
}
_SUB_LABELS = {
    "r3": ["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
           "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"],
    "r4": ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"],
    "r5": ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
           "要求行政机关确认或重新出具已获取信息"],
    "r6": ["申请人无正当理由逾期不补正", "申请人逾期未按收费通知要求缴纳费用", "其他"],
}
_TABLE_LABELS = {"t2": ("表二", "table 2"), "t3": ("表三", "table 3"), "t4": ("表四", "table 4")}


def _row_label(row: str, lang: str) -> str:
    if row in ROW_LABELS:
        zh, en = ROW_LABELS[row]
        return zh if lang == "zh" else en
    group, _, idx = row.partition("_")
    if group in _SUB_LABELS and idx.isdigit():
        names = _SUB_LABELS[group]
        i = int(idx)
        parent = _row_label(group, lang)
        if 1 <= i <= len(names):
            return f"{parent}{i}.{names[i - 1]}" if lang == "zh" else f"{parent} {i}"
    return row


def row_label(row: str, lang: str = "zh") -> str:
    """A reader's name for a row id: ``r7`` → ``（七）总计``, ``r3_2`` → ``（三）不予公开2.…``."""
    return _row_label(row, lang)


_T2_TOTAL = ("对外公开总数量", "published in total")


@functools.lru_cache(maxsize=4096)
def cell_label(cell_id: str, lang: str = "zh") -> str:
    """A reader's name for a cell id: ``t3.r7.nat`` → ``表三“（七）总计”行“自然人”列``,
    ``Table 3, row "(7) total", column "natural persons"`` (cached: pure)."""
    parts = cell_id.split(".")
    if len(parts) != 3:
        return cell_id
    table, row, col = parts
    t = _TABLE_LABELS.get(table, (table, table))[0 if lang == "zh" else 1]
    c = (_T2_TOTAL if table == "t2" and col == "total" else
         COL_LABELS.get(col, (col, col)))[0 if lang == "zh" else 1]
    r = _row_label(row, lang)
    return f"{t}“{r}”行“{c}”列" if lang == "zh" else f'{t}, row "{r}", column "{c}"'


T = TypeVar("T")
if TYPE_CHECKING:  # in typing from Python 3.11; annotations only, never evaluated at run time
    from typing_extensions import TypeVarTuple, Unpack

    Args = TypeVarTuple("Args")


class CellView(NamedTuple):
    """One table cell as the rules see it."""

    id: str
    value: int | Decimal | None
    raw: str
    loc: dict[str, Any] | None
    confidence: str

    @property
    def blank(self) -> bool:
        return self.value is None


_SCHEMA_CACHE: dict[str, Any] = {}


def _report_validator() -> Any:
    if "v" not in _SCHEMA_CACHE:
        import jsonschema  # lazily: it costs ~70 ms to import

        schema = json.loads((Path(__file__).parent / "schemas" / "report.schema.json")
                            .read_text(encoding="utf-8"))
        _SCHEMA_CACHE["v"] = jsonschema.Draft202012Validator(schema)
    return _SCHEMA_CACHE["v"]


def validate_report(data: Any, path: str | None = None) -> None:
    """Raise InputError naming the first schema violation (file and JSON path)."""
    if not isinstance(data, dict):
        raise InputError("not a valid gongkai report: the top level must be a JSON object",
                         path=path, hint="see docs/report-format.md")
    validator = _report_validator()
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        where = "/" + "/".join(str(p) for p in err.absolute_path)
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise InputError(f"not a valid gongkai report: {err.message}{more}", path=path,
                         where=f"at {where}",
                         hint="see docs/report-format.md; `gongkai normalise FILE` writes one")


def load_json_report(path: str | Path, data: bytes | None = None) -> dict[str, Any]:
    """Read and validate a normalised report JSON file."""
    from checker.files import textsafe
    p = str(path)
    if data is None:
        from checker.files.safeio import MAX_INPUT_BYTES, read_regular

        data = read_regular(p, limit=MAX_INPUT_BYTES, what="file")
    raw = data
    try:
        # a dict once validate_report() has passed it (or the cache says it did, below)
        obj: dict[str, Any] = json.loads(raw.decode("utf-8-sig"), parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        raise InputError(f"JSON must be UTF-8 (byte {exc.start} is not)", path=p) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", path=p,
                         where=f"line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise InputError("JSON nested too deeply", path=p) from None
    except ValueError as exc:  # an integer of more than 4,300 digits; NaN or Infinity
        raise InputError(f"invalid JSON: {_value_error(exc)}", path=p,
                         hint="numbers in a report are integers of ordinary size") from None
    from checker.files.validcache import remember, seen

    digest = _schema_digest() + sha256(raw).hexdigest()
    if not seen("reports", digest):
        # seen() means valid and clean: a file with characters to replace is never remembered
        replaced = textsafe.make_representable(obj, raw)
        validate_report(obj, p)
        if replaced:
            textsafe.note(p, replaced)
        else:
            remember("reports", digest)
    return obj


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a report may hold")


def _value_error(exc: ValueError) -> str:
    text = str(exc)
    if "digits" in text:
        return "a number has more than 4,300 digits"
    return text


@functools.cache
def _schema_digest() -> str:
    data = (Path(__file__).parent / "schemas" / "report.schema.json").read_bytes()
    return sha256(data).hexdigest()[:16]


class Report:
    """Read-only access to a normalised report dict."""

    def __init__(self, data: dict[str, Any], path: str | None = None) -> None:
        self.data = data
        source = (data.get("meta", {}) or {}).get("source", {}) or {}
        self.path = path or source.get("path")
        # Findings point into the original document when the report names it.
        self.source_path: str | None = source.get("path") or path
        self.meta: dict[str, Any] = data.get("meta", {}) or {}
        self.text: str = data.get("text", "") or ""
        self.tables: dict[str, Any] = data.get("tables", {}) or {}
        self.sections: list[dict[str, Any]] = data.get("sections", []) or []
        self._raw_cells: dict[str, dict[str, Any]] = {}  # cell id -> the report's cell dict
        self._views: dict[str, CellView] = {}  # cell id -> its view, built on first use
        self._indexed = False
        self.values: dict[str, int | Decimal | None] = {}  # cell id -> value, for fast arithmetic
        self.inferred_cells: set[str] = set()
        self.unread_cells: set[str] = set()  # cells the reader could not read: never a value
        self._analyses: dict[tuple[Any, ...], Any] = {}  # see analysis()

    def analysis(self, compute: Callable[[Report, Unpack[Args]], T], *args: Unpack[Args]) -> T:
        """``compute(self, *args)``, worked out once per report and then reused.

        Several rules read the same per-report analysis (the canonical sections, the document
        numbers found, the fee sentences …). Each analysis is a plain typed function of the
        report; this keeps its result, keyed by the function and its (hashable) arguments, so
        the rule that asks first pays for it and the others share it.
        """
        key = (compute, *args)
        try:
            return cast(T, self._analyses[key])
        except KeyError:
            value = self._analyses[key] = compute(self, *args)
            return value

    @property
    def format(self) -> str:
        return self.meta.get("format") or "unknown"

    @property
    def year(self) -> int | None:
        return self.meta.get("year")

    def has_table(self, table: str) -> bool:
        return bool(self.tables.get(table))

    def cell(self, cell_id: str) -> CellView | None:
        """The cell with this id (``t3.r7.nat``), or None when the report lacks it."""
        view = self._views.get(cell_id)
        if view is not None:
            return view
        raw = self.cell_index().get(cell_id)
        if raw is None:
            return None
        # views are built on first use: most cells are only summed, through ``values``
        view = self._views[cell_id] = CellView(
            cell_id, self.values[cell_id], str(raw.get("raw", "")), raw.get("loc"),
            raw.get("confidence") or "exact")
        return view

    def cell_index(self) -> dict[str, dict[str, Any]]:
        """The report's cell dict of every cell id present (unread cells left out); built once,
        with ``values``, ``inferred_cells`` and ``unread_cells``."""
        if not self._indexed:
            self._index()
        return self._raw_cells

    def _index(self) -> None:
        """Index every cell once: rules look cells up thousands of times per report."""
        self._indexed = True
        cells = self._raw_cells
        values = self.values
        inferred = self.inferred_cells
        for table, rows in self.tables.items():
            if rows.__class__ is not dict:
                continue
            for row, cols in rows.items():
                if cols.__class__ is not dict:
                    continue
                prefix = f"{table}.{row}."
                for col, c in cols.items():
                    if c.__class__ is dict:
                        cid = prefix + col
                        if c.get("confidence") == "unread":
                            self.unread_cells.add(cid)
                            continue
                        v = c.get("value")
                        values[cid] = v if v.__class__ is int else _number(v)
                        cells[cid] = c
                        if c.get("confidence") == "inferred":
                            inferred.add(cid)

    def rows(self, table: str) -> list[dict[str, Any]]:
        return (self.data.get("rows") or {}).get(table, []) or []

    @property
    def issues(self) -> list[dict[str, Any]]:
        return self.data.get("issues", []) or []

    def section(self, part: str) -> dict[str, Any] | None:
        for s in self.sections:
            if s.get("part") == part:
                return s
        return None

    def section_text(self, part: str) -> str | None:
        s = self.section(part)
        if not s or "span" not in s:
            return None
        return self.text[s["span"]["start"]:s["span"]["end"]]

    def part_at(self, offset: int) -> str | None:
        """The canonical part whose span contains ``offset``."""
        spans = self._part_spans
        i = bisect.bisect_right(spans[0], offset) - 1
        if i >= 0 and offset < spans[1][i]:
            return spans[2][i]
        return None

    @cached_property
    def _part_spans(self) -> tuple[list[int], list[int], list[str | None]]:
        rows = sorted((s["span"]["start"], s["span"]["end"], s.get("part")) for s in self.sections
                      if isinstance(s.get("span"), dict))
        return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]

    @cached_property
    def _line_starts(self) -> list[int]:
        # each line starts one past the previous line's end: running sums of (length + 1)
        lines = self.text.split("\n")
        return list(itertools.accumulate(map((1).__add__, map(len, lines[:-1])), initial=0))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset in the text."""
        starts = self._line_starts
        idx = bisect.bisect_right(starts, offset) - 1
        return idx + 1, offset - starts[idx] + 1

    def place_of_line(self, line: int) -> dict[str, Any] | None:
        """The reader's place of a 1-based line (``places``), or None when not known."""
        places = self.data.get("places")
        if not places or not 1 <= line <= len(places):
            return None
        place = places[line - 1]
        return place if isinstance(place, dict) else None

    def line_text(self, line: int) -> str:
        starts = self._line_starts
        if not 1 <= line <= len(starts):
            return ""
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[starts[line - 1]:end]


def _number(value: Any) -> int | Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            d = Decimal(value)
        except InvalidOperation:
            return None
        return int(d) if d == d.to_integral_value() and "." not in value else d
    return None
