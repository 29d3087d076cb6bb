"""Check kinds ``citation.*``: how documents are cited — spliced titles, numbers that
contradict the issuer, book-title marks, the basis of the fee statement (spec §4.3–§4.5).

They use the shared text scan of :mod:`checker.checks.doctext`.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from checker.checks.common import excerpt_around, text_loc, variant_kinds
from checker.checks.doctext import numbers, strip_connectives
from checker.checks.fee import SENT_END, fee_sentences
from checker.checks.titlemarks import ascii_fix, marks, nested_fix, unclosed_outer_fix
from checker.engine.kinds import CheckKind, Hit, RunContext, Say, Skip
from checker.files.lazyre import lazy
from checker.files.recache import compile_pattern
from checker.hookspecs import hookimpl
from checker.report import Report

if TYPE_CHECKING:
    from checker.engine.packs import Rule

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
        yield Hit(params={"issuer": outer, "inner_issuer": inner_issuer, "fix": fix,
                          "title": text[start:m.end() + len(inner)],
                          "context": excerpt_around(text, start, m.end() + len(inner))},
                  pointer="/text", loc=text_loc(report, start, m.end() + len(inner)),
                  expected=f"{inner_issuer}的文件以其本身标题和文号引用",
                  actual=text[start:m.end() + at],
                  key=f"splice:{outer}:{inner_issuer}:{start}")


_OWN_NUMBER = compile_pattern(
    r"\s*[（(]\s*(?P<n>[\u4e00-\u9fff]{2,12}\s*〔\s*\d{4}\s*〕\s*\d{1,5}\s*号)\s*[）)]")


def _own_citation(text: str, inner: str, after: int) -> str | Say:
    """How to cite the document a spliced title wraps: by its own title (and number)."""
    title = inner.strip()
    if not title:
        return ""
    m = _OWN_NUMBER.match(text, after)
    number = re.sub(r"\s+", "", m.group("n")) if m else ""
    if number:
        return Say("own_title_number", {"number": number, "title": title})
    return Say("own_title", {"title": title})


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
    import difflib  # only when the bounds leave it open

    return difflib.SequenceMatcher(None, a, b).ratio() >= floor


def _issuer_number(rule: Rule, report: Report) -> Iterator[Hit]:
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
                          "context": excerpt_around(report.text, d.cite.start, d.end)},
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
        counts = {"double_open": para.count("《"), "double_close": para.count("》"),
                  "single_open": para.count("〈"), "single_close": para.count("〉")}
        single = counts["single_open"] or counts["single_close"]
        yield Hit(params={"opens": Say("marks_counted_both" if single else "marks_counted",
                                       counts),
                          "mark": text[first],
                          "context": excerpt_around(text, first, first + 30, 20)},
                  pointer="/text", loc=text_loc(report, first, first + 1),
                  expected="书名号成对", actual=text[first], key=f"unbalanced:{ps}:{len(bad)}",
                  fix=unclosed_outer_fix(text, ps, le))


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
                          "context": excerpt_around(text, outer, outer_close + 1)},
                  pointer="/text", loc=text_loc(report, inner, close + 1), expected=corrected,
                  actual=title, key=f"nested:{outer}:{inner}", fix=nested_fix(text, mk, inner))


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
                          "corrected": corrected,
                          "context": excerpt_around(text, m.start(), m.end())},
                  pointer="/text", loc=text_loc(report, m.start(), m.end()), expected=corrected,
                  actual=m.group(0), key=f"ascii:{m.start()}",
                  fix=ascii_fix(m.start(), m.end(), inside))


def _enumeration(report: Report) -> Iterator[Hit]:
    text = report.text
    for m in _ENUM.finditer(text):
        yield Hit(params={"context": excerpt_around(text, m.start(), m.end()), "corrected": "》《"},
                  pointer="/text", loc=text_loc(report, m.start(), m.end()), expected="》《",
                  actual=m.group(0), key=f"enum:{m.start()}")


def _weak_basis(rule: Rule, report: Report) -> Iterator[Hit | Skip]:
    fee = fee_sentences(report)
    if fee is None:
        yield Skip(Say("basis_part_missing"))
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
        while ss > s.start and not SENT_END.match(text[ss - 1]):
            ss -= 1
        se = SENT_END.search(text, first, s.end)
        se_at = se.end() if se else s.end
        yield Hit(params={"title": cited[0] if cited else "",
                          "number": nums[0].canonical if nums else "",
                          "context": excerpt_around(text, ss, min(se_at, ss + 100), 0)},
                  pointer="/text", loc=text_loc(report, ss, se_at), actual=text[ss:se_at],
                  expected="《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）",
                  key=f"basis:{s.start}")


def run_citation(test: str, rule: Rule, report: Report,
                 ctx: RunContext) -> Iterator[Hit | Skip]:
    """The citations that fail ``test``."""
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


_VARIANTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "spliced_title": ("a notice's title spliced with the title of what it issues (§4.3)", ()),
    "issuer_number": ("a cited number whose agency code contradicts the named issuer (§4.5)",
                      ("agency_codes", "min_similarity")),
    "marks_unbalanced": ("book-title marks 《》 that do not pair up in a paragraph", ()),
    "marks_nested": ("book-title marks nested inside 《》 without 〈〉", ()),
    "marks_ascii": ("titles in ASCII or other look-alike angle brackets instead of 《》", ()),
    "marks_enumeration": ("a pause mark 、 between consecutive titles in 《》", ()),
    "weak_basis": ("the fee statement cites no national basis (§4.1)", ("national",)),
}

# The pack wording each variant may say: how to cite a spliced document by its own title, the
# count of unpaired marks, the skip reason of weak_basis.
_WORDING: dict[str, frozenset[str]] = {
    "spliced_title": frozenset({"own_title", "own_title_number"}),
    "marks_unbalanced": frozenset({"marks_counted", "marks_counted_both"}),
    "weak_basis": frozenset({"basis_part_missing"}),
}


@hookimpl
def checker_register_check_kinds(config: Any) -> list[CheckKind]:
    return variant_kinds("citation", "test", CITATION_SCHEMA, run_citation, _VARIANTS,
                         CITATION_PARAMS, wording=_WORDING)
