"""Check kinds ``citation`` (how documents are cited: spliced titles, numbers that contradict
the issuer, book-title marks, the basis of the fee statement; spec §4.3–§4.5) and ``fee``
(part 六 states the 信息处理费, and agrees with table 3; §4.2, §2.2 X4).

Both use the shared text scan of :mod:`checker.checks.doctext`; the fee sentences of part 六
are found once per report and kept as report analyses (:meth:`checker.report.Report.analysis`).
"""
from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterator

from checker.checks.common import cell_loc, cell_pointer, text_loc
from checker.checks.doctext import marks, numbers, strip_connectives
from checker.hookspecs import hookimpl
from checker.engine.kinds import CheckKind, Hit, RunContext, Skip
from checker.engine.lazyre import lazy
from checker.report import Report

CITATION_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["test"],
    "properties": {
        "test": {"enum": ["spliced_title", "issuer_number", "marks_unbalanced", "marks_nested",
                          "marks_ascii", "marks_enumeration", "weak_basis"]},
        "agency_codes": {"type": "object", "additionalProperties": {"type": "string"},
                         "description": "issuer_number: agency code → issuer"},
        "min_similarity": {"type": "number", "minimum": 0, "maximum": 1,
                           "description": "issuer_number: a cited issuer at least this similar "
                                          "to the expected one is a misspelling"},
        "national": {"type": "array", "items": {"type": "string"}, "minItems": 1,
                     "description": "weak_basis: titles or numbers that make a national basis"},
    },
}
CITATION_PARAMS = frozenset({"context", "title", "issuer", "inner_issuer", "number",
                             "expected_issuer", "code", "opens", "closes", "corrected", "mark",
                             "fix"})

FEE_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["test"],
    "properties": {"test": {"enum": ["statement", "notice_conflict", "collected_no_applications"]}},
}
FEE_PARAMS = frozenset({"context", "r6_2", "amount", "part", "applications"})

DEFAULT_NATIONAL = ("政府信息公开信息处理费管理办法", "国办函〔2020〕109号", "政府信息公开条例")
_BODY_END = ("厅", "室", "府", "会", "部", "局", "委", "院", "署", "中心", "办", "组", "处", "所")
_SPLICE = lazy(r"关于印发\s*[《〈<＜‹⟨]")
_INNER_END = lazy(r"[》〉>＞›⟩\n]")
_ASCII = lazy(r"<([^<>\n]{2,80}?)>|＜([^＜＞\n]{2,80}?)＞|‹([^‹›\n]{2,80}?)›|⟨([^⟨⟩\n]{2,80}?)⟩")
_CJK2 = lazy(r"[\u4e00-\u9fff].*[\u4e00-\u9fff]")
_ENUM = lazy(r"》[ \u3000]*、[ \u3000]*《")
_CJK_RUN = lazy(r"[\u4e00-\u9fff]+\Z")
_LINE_BREAK = lazy(r"\s*\n\s*")
_CODE_CHARS = lazy(r"[=/\"'\\:;{}]")
_SPACES = lazy(r"\s+")
_TITLES = lazy(r"《[^\n]{2,80}?》")


def _context(text: str, start: int, end: int, pad: int = 12) -> str:
    ls = max(text.rfind("\n", 0, start) + 1, start - pad)
    le = text.find("\n", end)
    le = min(le if le >= 0 else len(text), end + pad)
    body = text[ls:le].strip()
    if "\n" in body:
        body = _LINE_BREAK.sub(" ", body)
    return ("…" if ls > 0 and text[ls - 1] != "\n" else "") + body + (
        "…" if le < len(text) and text[le] != "\n" else "")


def _issuer_before(text: str, pos: int) -> str:
    run = _CJK_RUN.search(text, max(0, pos - 40), pos)  # the CJK characters ending at pos
    return strip_connectives(text[run.start():pos]) if run else ""


# -- citation -----------------------------------------------------------------------------------
def _spliced(report: Report) -> Iterator[Hit]:
    text = report.text
    for m in _SPLICE.finditer(text):
        outer = _issuer_before(text, m.start())
        end = _INNER_END.search(text, m.end())
        inner = text[m.end():end.start() if end else min(len(text), m.end() + 100)]
        at = inner.find("关于")
        inner_issuer = inner[:at].strip() if at > 0 else ""
        if (len(outer) < 2 or len(inner_issuer) < 2 or not inner_issuer.endswith(_BODY_END)
                or inner_issuer in outer or outer in inner_issuer):
            continue
        start = m.start() - len(outer)
        fix = _own_citation(text, inner, end.end() if end else m.end() + len(inner))
        yield Hit(params={"issuer": outer, "inner_issuer": inner_issuer, "fix": fix[0],
                          "fix_en": fix[1], "title": text[start:m.end() + len(inner)],
                          "context": _context(text, start, m.end() + len(inner))},
                  pointer="/text", loc=text_loc(report, start, m.end() + len(inner)),
                  expected=f"{inner_issuer}的文件以其本身标题和文号引用", actual=text[start:m.end() + at],
                  key=f"splice:{outer}:{inner_issuer}:{start}")


_OWN_NUMBER = re.compile(r"\s*[（(]\s*(?P<n>[\u4e00-\u9fff]{2,12}\s*〔\s*\d{4}\s*〕\s*\d{1,5}\s*号)\s*[）)]")


def _own_citation(text: str, inner: str, after: int) -> tuple[str, str]:
    """How to cite the document a spliced title wraps: by its own title (and number)."""
    title = inner.strip()
    if not title:
        return "", ""
    m = _OWN_NUMBER.match(text, after)
    number = re.sub(r"\s+", "", m.group("n")) if m else ""
    if number:
        return (f"文号{number}对应的标题应为《{title}》。",
                f"Cite {number} by its own title, 《{title}》.")
    return f"应直接引用《{title}》。", f"Cite it by its own title, 《{title}》."


def _similar(a: str, b: str, floor: float) -> bool:
    """``SequenceMatcher(None, a, b).ratio() >= floor``, first checking difflib's own upper
    bounds (``real_quick_ratio``, ``quick_ratio``, same formulas) without building a matcher."""
    total = len(a) + len(b)

    def ratio(matches: int) -> float:
        return 2.0 * matches / total if total else 1.0

    if ratio(min(len(a), len(b))) < floor:
        return False
    if ratio(sum((Counter(a) & Counter(b)).values())) < floor:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= floor


def _issuer_number(rule: Any, report: Report) -> Iterator[Hit]:
    codes: dict[str, str] = rule.options.get("agency_codes") or {}
    ordered = sorted(codes, key=len, reverse=True)
    floor = float(rule.options.get("min_similarity", 0.75))
    for d in numbers(report):
        if d.kind != "docno" or d.cite is None:
            continue
        code = next((c for c in ordered if d.agency.endswith(c)), None)
        cited = d.cite.issuer
        if code is None or not cited:
            continue
        expected = codes[code]
        if expected in cited or _similar(cited, expected, floor):
            continue
        yield Hit(params={"number": d.canonical, "code": code, "issuer": cited,
                          "expected_issuer": expected, "title": d.cite.title,
                          "context": _context(report.text, d.cite.start, d.end)},
                  pointer="/text", loc=text_loc(report, d.cite.start, d.end),
                  expected=expected, actual=cited, key=f"issuer-number:{d.canonical}:{d.start}",
                  root=f"citation-number:{d.start}")


def _para_groups(report: Report) -> list[tuple[int, list[int]]]:
    mk = marks(report)
    starts = sorted(mk.bad_paragraphs)
    groups: dict[int, list[int]] = {}
    for at in sorted(mk.unclosed + mk.unopened):
        ps = max((s for s in starts if s <= at), default=0)
        groups.setdefault(ps, []).append(at)
    return sorted(groups.items())


def _unbalanced(report: Report) -> Iterator[Hit]:
    text = report.text
    for ps, bad in _para_groups(report):
        le = text.find("\n", bad[-1])
        le = le if le >= 0 else len(text)
        para = text[ps:le]
        first = bad[0]
        yield Hit(params={"opens": f"有{para.count('《')}个“《”、{para.count('》')}个“》”"
                                   + (f"、{para.count('〈')}个“〈”、{para.count('〉')}个“〉”"
                                      if "〈" in para or "〉" in para else ""),
                          "opens_en": f"{para.count('《')} 《 and {para.count('》')} 》"
                                      + (f", {para.count('〈')} 〈 and {para.count('〉')} 〉"
                                         if "〈" in para or "〉" in para else ""),
                          "mark": text[first], "context": _context(text, first, first + 30, 20)},
                  pointer="/text", loc=text_loc(report, first, first + 1),
                  expected="书名号成对", actual=text[first], key=f"unbalanced:{ps}:{len(bad)}")


def _nested(report: Report) -> Iterator[Hit]:
    text = report.text
    mk = marks(report)
    for outer, inner in mk.nested:
        close = mk.pairs.get(inner, inner)
        outer_close = mk.pairs.get(outer, close)
        title = text[outer:outer_close + 1]
        corrected = (text[outer:inner] + "〈" + text[inner + 1:close] + "〉"
                     + text[close + 1:outer_close + 1])
        yield Hit(params={"title": title, "corrected": corrected,
                          "context": _context(text, outer, outer_close + 1)},
                  pointer="/text", loc=text_loc(report, inner, close + 1), expected=corrected,
                  actual=title, key=f"nested:{outer}:{inner}")


def _inside_double(report: Report, start: int, end: int) -> bool:
    text, mk = report.text, marks(report)
    ls = text.rfind("\n", 0, start) + 1
    return any(text[o] == "《" and o < start and c > end for o, c in mk.pairs.items()
               if ls <= o < start)


def _ascii(report: Report) -> Iterator[Hit]:
    text = report.text
    if not any(ch in text for ch in "<＜‹⟨"):
        return
    for m in _ASCII.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        if not _CJK2.search(inner) or _CODE_CHARS.search(inner):
            continue
        inside = _inside_double(report, m.start(), m.end())
        corrected = f"〈{inner}〉" if inside else f"《{inner}》"
        yield Hit(params={"mark": m.group(0)[0] + m.group(0)[-1], "title": m.group(0),
                          "corrected": corrected, "context": _context(text, m.start(), m.end())},
                  pointer="/text", loc=text_loc(report, m.start(), m.end()), expected=corrected,
                  actual=m.group(0), key=f"ascii:{m.start()}")


def _enumeration(report: Report) -> Iterator[Hit]:
    text = report.text
    for m in _ENUM.finditer(text):
        yield Hit(params={"context": _context(text, m.start(), m.end()), "corrected": "》《"},
                  pointer="/text", loc=text_loc(report, m.start(), m.end()), expected="》《",
                  actual=m.group(0), key=f"enum:{m.start()}")


def _weak_basis(rule: Any, report: Report) -> Iterator[Hit | Skip]:
    fee = fee_sentences(report)
    if fee is None:
        yield Skip("报告缺少第六部分，无法核对信息处理费的依据",
                   "part 6 is missing; cannot check the basis of the fee statement")
        return
    national = list(rule.options.get("national") or DEFAULT_NATIONAL)
    text = report.text
    found = []
    for s in fee.windows:
        chunk = text[s.start:s.end]
        nums = [d for d in numbers(report) if s.start <= d.start < s.end]
        squeezed = _SPACES.sub("", chunk)  # a title may be broken across lines
        if any(n in squeezed for n in national) or any(d.canonical in national for d in nums):
            return  # the fee text cites a national basis somewhere
        if "《" in chunk or nums:
            found.append((s, chunk, nums))
    for s, chunk, nums in found[:1]:
        cited = ([d.cite.title for d in nums if d.cite is not None]
                 or _TITLES.findall(chunk)
                 or ([chunk[chunk.index("《"):].split("\n")[0][:60]] if "《" in chunk else []))
        first = min(([s.start + chunk.index("《")] if "《" in chunk else [])
                    + [d.start for d in nums])
        ss = first
        while ss > s.start and not _SENT_END.match(text[ss - 1]):
            ss -= 1
        se = _SENT_END.search(text, first, s.end)
        se_at = se.end() if se else s.end
        yield Hit(params={"title": cited[0] if cited else "",
                          "number": nums[0].canonical if nums else "",
                          "context": _context(text, ss, min(se_at, ss + 100), 0)},
                  pointer="/text", loc=text_loc(report, ss, se_at), actual=text[ss:se_at],
                  expected="《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）",
                  key=f"basis:{s.start}")


def run_citation(rule: Any, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    test = rule.options["test"]
    if test == "spliced_title":
        yield from _spliced(report)
    elif test == "issuer_number":
        yield from _issuer_number(rule, report)
    elif test == "marks_unbalanced":
        yield from _unbalanced(report)
    elif test == "marks_nested":
        yield from _nested(report)
    elif test == "marks_ascii":
        yield from _ascii(report)
    elif test == "marks_enumeration":
        yield from _enumeration(report)
    elif test == "weak_basis":
        yield from _weak_basis(rule, report)


# -- fee -----------------------------------------------------------------------------------------
_FEE_WORD = lazy(r"信息处理费|信息(?:公开)?(?:处理)?费|处理费")
# without the word 信息处理费, a statement about 收费/费用 in part 六 still counts
_FEE_LOOSE = lazy(r"收费|收取[^。；\n]{0,6}费|费用")
_SENT_END = lazy(r"[。！？；!?;\n]")
_NEG = lazy(
    r"未收|没有收|无收|不收|免收|免费|未产生|没有产生|未发生|没有发生|不存在|未涉及|不涉及|无此|均未|未曾"
    r"|为零|为\s*[0０]|(?<![0-9０-９.])[0０〇零]\s*元|未[^。；\n]{0,15}收取|没有[^。；\n]{0,15}收取"
    r"|无[^。；\n]{0,6}信息处理费|^\s*(?:无|没有|未收取|不涉及)\s*[。.]?\s*$", re.M)
_AMOUNT = lazy(r"(?<![0-9.])([0-9]+(?:\.[0-9]+)?)\s*(万元|元)")
_NO_NOTICE = lazy(
    r"(?:未|没有|无|不存在)[^。；\n按]{0,10}(?:发出|下发|出具|发送|送达|作出|开具|制发)?[^。；\n按]{0,4}"
    r"(?:收费|缴费)通知|未(?:启动|开展|进行|发生|涉及|履行)[^。；\n]{0,8}收费程序")


@dataclass(frozen=True)
class Window:
    start: int
    end: int
    stated: bool
    amount: Decimal | None


@dataclass(frozen=True)
class FeeText:
    part_start: int
    part_end: int
    windows: tuple[Window, ...]


def _window(text: str, at: int, lo: int, hi: int) -> tuple[int, int]:
    s = at
    while s > lo and not _SENT_END.match(text[s - 1]):
        s -= 1
    m = _SENT_END.search(text, at, hi)
    e = m.end() if m else hi
    line = text[s:e].strip()
    if len(line) < 40 and not line.endswith(("。", "；", "！")):
        # a heading such as （一）收取信息处理费情况: the statement is the next paragraph
        nxt = re.compile(r"\S[^\n]*").search(text, e, hi)
        if nxt:
            e = nxt.end()
    return s, e


def fee_sentences(report: Report) -> FeeText | None:
    """The sentences of part 六 that speak of 信息处理费 — or, failing that, of 收费/费用 —
    (None when part 六 is missing)."""
    return report.analysis(_fee_sentences)


def _fee_sentences(report: Report) -> FeeText | None:
    sec = report.section("other")
    result = None
    if sec is not None and sec.get("span"):
        lo, hi = sec["span"]["start"], sec["span"]["end"]
        text = report.text
        windows: list[Window] = []
        last_end = -1
        # every sentence about the fee counts: "不收取费用。……将依照……收取信息处理费" states it
        hits = sorted([*_FEE_WORD.finditer(text, lo, hi), *_FEE_LOOSE.finditer(text, lo, hi)],
                      key=lambda m: m.start())
        for m in hits:
            if m.start() < last_end:
                continue
            s, e = _window(text, m.start(), lo, hi)
            chunk = text[s:e]
            neg = bool(_NEG.search(chunk))
            amounts = [Decimal(a) * (10000 if u == "万元" else 1) for a, u in _AMOUNT.findall(chunk)]
            amount = None if neg or not amounts else max(amounts)
            windows.append(Window(s, e, neg or bool(amounts), amount))
            last_end = e
        result = FeeText(lo, hi, tuple(windows))
    return result


def _t3_all_zero(report: Report) -> bool:
    seen = False
    for row, cols in (report.tables.get("t3") or {}).items():
        if not isinstance(cols, dict):
            continue
        for col in cols:
            view = report.cell(f"t3.{row}.{col}")
            if view is not None and view.value not in (None, 0):
                return False
            seen = seen or view is not None
    return seen


def run_fee(rule: Any, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    test = rule.options["test"]
    fee = fee_sentences(report)
    if fee is None:
        yield Skip("报告缺少第六部分（其他需要报告的事项），无法核对信息处理费",
                   "part 6 (other matters) is missing; cannot check the information processing fee")
        return
    text = report.text
    if test == "statement":
        if not any(w.stated for w in fee.windows):
            at = fee.windows[0].start if fee.windows else fee.part_start
            end = fee.windows[0].end if fee.windows else min(fee.part_end, at + 12)
            excerpt = _context(text, at, end, 0) if fee.windows else ""
            context = f"（原文为“{excerpt}”）" if excerpt else "（第六部分未提及信息处理费）"
            context_en = (f' (the text reads "{excerpt}")' if excerpt
                          else " (part 6 does not mention the fee)")
            yield Hit(params={"context": context, "context_en": context_en,
                              "part": "六、其他需要报告的事项"},
                      pointer=f"/sections/{report.sections.index(report.section('other'))}",
                      loc=text_loc(report, at, end),
                      expected="本年度收取信息处理费X元 / 本年度未收取信息处理费",
                      actual=text[at:end] if fee.windows else "（未提及信息处理费）",
                      key="fee-statement")
        return
    if not report.has_table("t3"):
        yield Skip("未找到表三，无法核对信息处理费与收费通知", "table 3 not found; cannot check X4")
        return
    if test == "notice_conflict":
        view = report.cell("t3.r6_2.tot")
        if view is None or view.value is None:
            yield Skip("表三缺少“申请人逾期未按收费通知要求缴纳费用”总计，无法核对",
                       "table 3 lacks the fee-notice row total; cannot check X4")
            return
        if view.value <= 0:
            return
        m = _NO_NOTICE.search(text, fee.part_start, fee.part_end)
        if m:
            yield Hit(params={"r6_2": str(view.value),
                              "applications": "application" if view.value == 1 else "applications",
                              "context": _context(text, m.start(), m.end())},
                      pointer=cell_pointer("t3.r6_2.tot"), loc=text_loc(report, m.start(), m.end()),
                      expected="表三有收费通知未缴费的申请时，不应称未发出收费通知",
                      actual=m.group(0), key="x4-notice",
                      evidence=({"cell": "t3.r6_2.tot", "label": "表三（六）2.逾期未缴费·总计",
                                 "label_en": "table 3 (6) 2 total", "value": view.raw,
                                 "loc": cell_loc(report, "t3.r6_2.tot")},))
    elif test == "collected_no_applications":
        paid = [w for w in fee.windows if w.amount is not None and w.amount > 0]
        if paid and _t3_all_zero(report):
            w = paid[0]
            amount = f"{w.amount.normalize():f}"
            yield Hit(params={"amount": amount, "context": _context(text, w.start, w.end, 0)},
                      pointer="/text", loc=text_loc(report, w.start, w.end),
                      expected="收取信息处理费须有依申请公开的申请", actual=f"{amount}元",
                      key="x4-collected")


@hookimpl
def checker_register_check_kinds(config: Any) -> list[CheckKind]:
    return [
        CheckKind(name="citation",
                  summary="document citations: spliced titles, issuer vs number, book-title marks",
                  options_schema=CITATION_SCHEMA, run=run_citation, params=CITATION_PARAMS),
        CheckKind(name="fee",
                  summary="part 6 states the information processing fee; X4 with table 3",
                  options_schema=FEE_SCHEMA, run=run_fee, params=FEE_PARAMS),
    ]
