"""Check kinds ``docnumber.*`` (the form of 发文字号 and 国务院令 numbers, spec §5) and
``docregistry.*`` (well-known documents: cited issuer, title and number agree, §1.1, §4.1,
§4.5).

Both read one shared scan of the text (:mod:`checker.checks.doctext`). Each defect is its own
kind (``docnumber.square_brackets`` …), so each has its own rule and severity (§5.3, §5.4).
The registry of well-known documents is data: a rule may list it inline as
``with.registry``; without it the first-party list ``DEFAULT_REGISTRY`` below is used.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checker.checks.common import text_loc, variant_kinds
from checker.checks.docfixes import number_fix
from checker.checks.doctext import DocNo, normalise_title, numbers, show_raw
from checker.engine.kinds import CheckKind, Hit, RunContext, Say, Skip
from checker.files.lazyre import lazy
from checker.hookspecs import hookimpl
from checker.report import Report

if TYPE_CHECKING:
    from checker.engine.packs import Rule

DEFECTS = ("lookalike_brackets", "square_brackets", "lenticular_brackets", "round_brackets",
           "short_year", "chinese_year", "fullwidth_digits", "leading_zero", "serial_di",
           "missing_hao", "spaces", "line_break", "future_year",
           "decree_missing_di", "decree_spaces", "decree_year", "decree_padded")
_FW = str.maketrans("０１２３４５６７８９", "0123456789")
_FW_DIGIT = lazy("[０-９]")

DOCNUMBER_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["defect"],
    "properties": {
        "defect": {"enum": list(DEFECTS)},
        "years_ahead": {"type": "integer", "minimum": 0, "maximum": 50,
                        "description": "future_year: flag years later than report year + this"},
    },
}
DOCNUMBER_PARAMS = frozenset({"number", "corrected", "agency", "year", "serial", "report_year",
                              "max_year", "full"})

_ENTRY_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["numbers", "title"],
    "properties": {
        "id": {"type": "string"}, "kind": {"enum": ["docno", "decree"]},
        "numbers": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 3}},
        "issuer": {"type": "string"}, "title": {"type": "string", "minLength": 2},
        "attachment": {"type": "string"}, "reference": {"type": "string"},
        "aliases": {"type": "array", "items": {"type": "string"}},
        "title_verified": {"type": "boolean"}, "note": {"type": "string"},
    },
}
REGISTRY_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["test"],
    "properties": {
        "test": {"enum": ["issuer", "number", "title", "outer_marks", "attachment_number"]},
        "registry": {"type": "array", "items": _ENTRY_SCHEMA,
                     "description": "well-known documents (default: DEFAULT_REGISTRY)"},
        "only": {"type": "array", "items": {"type": "string"},
                 "description": "only entries with one of these numbers"},
        "exclude": {"type": "array", "items": {"type": "string"},
                    "description": "skip entries with one of these numbers"},
    },
}
REGISTRY_PARAMS = frozenset({"number", "corrected", "cited_title", "cited_issuer",
                             "expected_issuer", "expected_title", "expected_number", "reference",
                             "attachment"})
_NUM = lazy(r"^(?P<agency>.+?)〔(?P<year>\d{4})〕(?P<serial>\d+)号$")
_DECREE_NUM = lazy(r"^(?:中华人民共和国)?国务院令第(?P<serial>\d+)号$")


# -- docnumber ------------------------------------------------------------------------------
def _defects(d: DocNo, report: Report, opts: dict[str, Any]) -> set[str]:
    """Every form defect of one number (names from ``DEFECTS``)."""
    out: set[str] = set()
    if d.newline:
        out.add("line_break")
    if not (d.year_raw.isascii() and d.serial_raw.isascii()) and (
            _FW_DIGIT.search(d.year_raw) or _FW_DIGIT.search(d.serial_raw)):
        out.add("fullwidth_digits")
    serial_digits = d.serial_raw.translate(_FW)
    if d.kind == "decree":
        if not d.di and not d.year_raw:
            out.add("decree_missing_di")
        if d.spaces:
            out.add("decree_spaces")
        if d.year_raw:
            out.add("decree_year")
        if serial_digits.startswith("0"):
            out.add("decree_padded")
        return out
    if d.kind != "docno":
        return out
    out.update(f"{cls}_brackets" for cls in d.brackets)
    year_digits = d.year_raw.translate(_FW)
    if year_digits.isdigit() and len(year_digits) == 2:
        out.add("short_year")
    if not year_digits.isdigit():
        out.add("chinese_year")
    if serial_digits.startswith("0"):
        out.add("leading_zero")
    if d.di:
        out.add("serial_di")
    if not d.hao:
        out.add("missing_hao")
    if d.spaces:
        out.add("spaces")
    if d.year is not None and d.year > (report.year or 0) + int(opts.get("years_ahead", 1)):
        out.add("future_year")
    return out


def _with_defect(report: Report, defect: str, opts: dict[str, Any]) -> list[DocNo]:
    """The numbers with this defect, in text order. Every number's defects are found once per
    report for all rules; only ``future_year`` depends on the rule's options."""
    found = numbers(report)
    if defect == "future_year":
        return [d for d in found if defect in _defects(d, report, opts)]
    return report.analysis(_defect_buckets).get(defect, [])


def _defect_buckets(report: Report) -> dict[str, list[DocNo]]:
    """Every number's defects (bar ``future_year``), by defect."""
    buckets: dict[str, list[DocNo]] = {}
    for d in numbers(report):
        for x in _defects(d, report, {}):
            buckets.setdefault(x, []).append(d)
    return buckets


def _same_form(d: DocNo) -> str:
    """The correct number in the writer's own form: a decree written 国令… keeps 国令 (the
    short form is as correct as 国务院令); everything else is the canonical form."""
    canonical = d.canonical
    if d.kind == "decree" and d.agency == "国令" and canonical.startswith("国务院令"):
        return "国令" + canonical[len("国务院令"):]
    return canonical


def run_docnumber(defect: str, rule: Rule, report: Report,
                  ctx: RunContext) -> Iterator[Hit | Skip]:
    """The numbers with one form ``defect``, each a hit."""
    opts = rule.options
    if defect == "future_year" and not report.year:
        if any(d.kind == "docno" for d in numbers(report)):
            yield Skip(Say("year_unknown"))
        return
    seen: dict[str, int] = {}
    for d in _with_defect(report, defect, opts):
        corrected = d.canonical
        n = seen[corrected] = seen.get(corrected, 0) + 1
        ahead = int(opts.get("years_ahead", 1))
        written = _same_form(d)  # 国令第711号 stays 国令: both forms are accepted
        full: str | Say = "" if written == corrected else Say("in_full", {"corrected": corrected})
        yield Hit(
            params={"number": show_raw(d.raw), "corrected": written, "agency": d.agency,
                    "full": full,
                    "year": d.year if d.year is not None else d.year_raw,
                    "serial": d.serial_raw, "report_year": report.year or "",
                    "max_year": (report.year or 0) + ahead},
            pointer="/text", loc=text_loc(report, d.start, d.end), expected=written,
            actual=d.raw, key=f"{corrected}#{n}", fix=number_fix(d, report.text, defect),
            evidence=({"label": "原文", "label_en": "as written", "value": d.raw},))


# -- docregistry ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """A known document of the registry: its numbers, title, issuer and how it is cited."""

    numbers: tuple[tuple[str, int | None, int], ...]   # (agency or 'decree', year, serial)
    shown: str
    title: str
    issuer: str
    attachment: str
    reference: str
    titles: frozenset[str]
    title_verified: bool
    is_decree: bool


# The first-party registry of well-known documents (data; a rule may replace it with
# ``with.registry``). Kept in Python so that it ships with the package.
DEFAULT_REGISTRY: tuple[dict[str, Any], ...] = (
    {
        "id": "ogi-regulation",
        "kind": "decree",
        "title": "中华人民共和国政府信息公开条例",
        "issuer": "国务院",
        "numbers": ["国务院令第711号", "国务院令第492号"],
        "reference": "《中华人民共和国政府信息公开条例》（国务院令第711号）",
        "note": "first published by 国务院令第492号 (2007), revised by 国务院令第711号 (2019); "
                "spec §0, §5.4",
    },
    {
        "id": "format-2019",
        "numbers": ["国办公开办函〔2019〕60号"],
        "issuer": "国务院办公厅政府信息与政务公开办公室",
        "title": ("国务院办公厅政府信息与政务公开办公室关于印发"
                  "《中华人民共和国政府信息公开工作年度报告格式（试行）》的通知"),
        "attachment": "中华人民共和国政府信息公开工作年度报告格式（试行）",
        "title_verified": False,
        "note": "the 2019 试行 format; its exact title is unverified (spec §11.5)",
    },
    {
        "id": "format-2021",
        "numbers": ["国办公开办函〔2021〕30号"],
        "issuer": "国务院办公厅政府信息与政务公开办公室",
        "title": ("国务院办公厅政府信息与政务公开办公室关于印发"
                  "《中华人民共和国政府信息公开工作年度报告格式》的通知"),
        "attachment": "中华人民共和国政府信息公开工作年度报告格式",
        "note": "spec §1.1 [V S1, S2]",
    },
    {
        "id": "fee-measures",
        "numbers": ["国办函〔2020〕109号"],
        "issuer": "国务院办公厅",
        "title": "国务院办公厅关于印发《政府信息公开信息处理费管理办法》的通知",
        "attachment": "政府信息公开信息处理费管理办法",
        "note": "spec §4.1 [V S26]",
    },
)


def _inner_to_single(title: str) -> str:
    return title.replace("《", "〈").replace("》", "〉")


def _entry(spec: dict[str, Any]) -> Entry:
    nums: list[tuple[str, int | None, int]] = []
    for raw in spec["numbers"]:
        m = _NUM.match(raw)
        d = _DECREE_NUM.match(raw)
        if m:
            nums.append((m["agency"], int(m["year"]), int(m["serial"])))
        elif d:
            nums.append(("decree", None, int(d["serial"])))
        else:
            raise ValueError(f"registry number {raw!r} is not of the form X〔YYYY〕N号 "
                             "or 国务院令第N号")
    title = spec["title"]
    is_decree = spec.get("kind") == "decree" or nums[0][0] == "decree"
    shown = spec["numbers"][0]
    reference = spec.get("reference") or f"《{_inner_to_single(title)}》（{shown}）"
    titles = {normalise_title(t) for t in [title, *spec.get("aliases", [])]}
    return Entry(tuple(nums), shown, title, spec.get("issuer", ""), spec.get("attachment", ""),
                 reference, frozenset(titles), spec.get("title_verified", True), is_decree)


def compile_registry(options: dict[str, Any]) -> tuple[Entry, ...]:
    specs = options.get("registry") or DEFAULT_REGISTRY
    only, exclude = set(options.get("only", ())), set(options.get("exclude", ()))
    out = []
    for spec in specs:
        if only and not only & set(spec["numbers"]):
            continue
        if exclude & set(spec["numbers"]):
            continue
        out.append(_entry(spec))
    return tuple(out)


def _by_number(d: DocNo, entries: tuple[Entry, ...]) -> Entry | None:
    for e in entries:
        for agency, year, serial in e.numbers:
            if agency == "decree":
                if d.kind == "decree" and d.serial == serial:
                    return e
            elif (d.kind == "docno" and d.year == year and d.serial == serial
                  and d.agency.endswith(agency)):
                return e
    return None


def _title_matches(e: Entry, norm: str) -> bool:
    return norm in e.titles


def _by_title(norm: str, entries: tuple[Entry, ...]) -> Entry | None:
    return next((e for e in entries if _title_matches(e, norm)), None)


def _suffix(title: str) -> str:
    at = title.find("关于")
    return normalise_title(title[at:]) if at >= 0 else ""


def _generic_reference(d: DocNo) -> str:
    assert d.cite is not None
    return f"《{_inner_to_single(d.cite.title)}》（{d.canonical}）"


def _registry_hit(d: DocNo, report: Report, e: Entry | None, test: str) -> Hit | None:
    cite = d.cite
    assert cite is not None
    norm = cite.norm
    cited_issuer = cite.issuer
    if test == "issuer":
        if (e is None or not e.issuer or not cited_issuer or cited_issuer.endswith(e.issuer)
                or _suffix(cite.title) != _suffix(e.title)):
            return None
    elif test == "number":
        if e is None or _by_number(d, (e,)) is not None:
            return None
    elif test == "title":
        if e is None or not e.title_verified or cite.unclosed:
            return None
        if _title_matches(e, norm) or (e.attachment and norm == normalise_title(e.attachment)):
            return None
        if len(norm) >= 2 and any(t.endswith(norm) for t in e.titles):
            return None  # a short form: 《条例》, 《政府信息公开条例》, 《关于印发…的通知》
        if e.issuer and cited_issuer and _suffix(cite.title) == _suffix(e.title):
            return None  # only the issuer differs: the issuer rule says so
    elif test == "outer_marks":
        if cite.marked or d.kind != "docno":
            return None
    elif test == "attachment_number" and (
            e is None or not e.attachment or not cite.marked or cite.unclosed
            or norm != normalise_title(e.attachment)):
        return None
    reference = e.reference if e is not None else _generic_reference(d)
    params = {"number": show_raw(d.raw), "corrected": d.canonical, "cited_title": cite.title,
              "cited_issuer": cited_issuer, "expected_issuer": e.issuer if e else "",
              "expected_title": e.title if e else "", "expected_number": e.shown if e else "",
              "reference": reference, "attachment": e.attachment if e else ""}
    expected = {"issuer": params["expected_issuer"], "number": params["expected_number"],
                "title": params["expected_title"]}.get(test, reference)
    actual = {"issuer": cited_issuer, "number": d.canonical}.get(test, cite.title)
    start = min(cite.start, d.start)
    return Hit(params=params, pointer="/text", loc=text_loc(report, start, d.end + 1),
               expected=expected, actual=actual, key=f"{test}:{d.canonical}:{start}",
               root=f"citation-number:{d.start}" if test == "number" else None,
               evidence=({"label": "引用的标题", "label_en": "cited title", "value": cite.title},
                         {"label": "文号", "label_en": "number", "value": d.raw}))


def run_registry(test: str, rule: Rule, report: Report, ctx: RunContext) -> Iterator[Hit]:
    """Citations of well-known documents that fail ``test`` (issuer, number, title …)."""
    entries: tuple[Entry, ...] = rule.compiled
    for d in numbers(report):
        if d.cite is None:
            continue
        if test == "number":
            e = _by_title(d.cite.norm, entries) if not d.cite.unclosed else None
        else:
            e = _by_number(d, entries)
        hit = _registry_hit(d, report, e, test)
        if hit is not None:
            yield hit


_DOCNUMBER_VARIANTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "lookalike_brackets": ("发文字号 year in look-alike brackets ﹝﹞ instead of 〔〕", ()),
    "square_brackets": ("发文字号 year in square brackets [] or ［］", ()),
    "lenticular_brackets": ("发文字号 year in lenticular brackets 【】", ()),
    "round_brackets": ("发文字号 year in round brackets （） or ()", ()),
    "short_year": ("发文字号 with a two-digit year", ()),
    "chinese_year": ("发文字号 year in Chinese numerals", ()),
    "fullwidth_digits": ("发文字号 or 国务院令 number in full-width digits", ()),
    "leading_zero": ("发文字号 serial with leading zeros", ()),
    "serial_di": ("发文字号 serial written with 第", ()),
    "missing_hao": ("发文字号 without the closing 号", ()),
    "spaces": ("发文字号 with spaces inside", ()),
    "line_break": ("发文字号 or 国务院令 number broken across lines", ()),
    "future_year": ("发文字号 year later than the report year allows", ("years_ahead",)),
    "decree_missing_di": ("国务院令 number without 第", ()),
    "decree_spaces": ("国务院令 number with spaces inside", ()),
    "decree_year": ("国务院令 number with a year, which decrees do not have", ()),
    "decree_padded": ("国务院令 number with leading zeros", ()),
}
# What each variant may say from its pack's [wording]: a decree written 国令… may be shown in
# full (``in_full``) by any variant; only future_year needs the report year.
_DOCNUMBER_WORDING: dict[str, frozenset[str]] = {
    v: frozenset({"in_full", "year_unknown"} if v == "future_year" else {"in_full"})
    for v in _DOCNUMBER_VARIANTS}
_REGISTRY_OPTIONS = ("registry", "only", "exclude")
_REGISTRY_VARIANTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "issuer": ("well-known documents: the cited issuer is theirs (§4.5)", _REGISTRY_OPTIONS),
    "number": ("well-known documents: the cited number is theirs (§1.1, §4.1)",
               _REGISTRY_OPTIONS),
    "title": ("well-known documents: the cited title is theirs (§1.1, §4.1)", _REGISTRY_OPTIONS),
    "outer_marks": ("a cited document number follows a title in book-title marks (§4.3)",
                    _REGISTRY_OPTIONS),
    "attachment_number": ("an attachment's title is cited with its notice's number (§4.1)",
                          _REGISTRY_OPTIONS),
}


@hookimpl
def checker_register_check_kinds(config: Any) -> list[CheckKind]:
    return [
        *variant_kinds("docnumber", "defect", DOCNUMBER_SCHEMA, run_docnumber,
                       _DOCNUMBER_VARIANTS, DOCNUMBER_PARAMS, wording=_DOCNUMBER_WORDING),
        *variant_kinds("docregistry", "test", REGISTRY_SCHEMA, run_registry,
                       _REGISTRY_VARIANTS, REGISTRY_PARAMS, compile=compile_registry),
    ]
