"""One scan of the report text for document numbers, decree numbers, book-title marks and the
title each number is cited with (spec/domain.md §4.4–§4.5, §5).

Shared by the ``docnumber``, ``docregistry``, ``citation`` and ``fee`` check kinds; each scan
runs once per report and is kept as report analyses (:meth:`checker.report.Report.analysis`).
The book-title marks are paired in :mod:`checker.checks.titlemarks`. Everything here is
tolerant: it finds
broken forms too (look-alike, square, lenticular or round brackets, 2-digit, full-width or
Chinese-numeral years, 第, leading zeros, missing 号, spaces and line breaks inside), so
that the rules can name the defect. Hard-coded patterns only (stdlib ``re``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from checker.checks.titlemarks import Marks, marks
from checker.files.lazyre import lazy
from checker.files.recache import compile_pattern

if TYPE_CHECKING:
    from checker.report import Report

__all__ = [
    "BRACKET_CLASS",
    "Cite",
    "DocNo",
    "canonical",
    "cite_for",
    "issuer_of",
    "normalise_title",
    "numbers",
    "show_raw",
    "strip_connectives",
]

# Bracket classes (§5.3): 〔〕 is correct, ﹝﹞ a look-alike, the rest are wrong.
BRACKET_CLASS = {"〔": "ok", "〕": "ok", "﹝": "lookalike", "﹞": "lookalike",
                 "[": "square", "]": "square", "［": "square", "］": "square",
                 "【": "lenticular", "】": "lenticular",
                 "（": "round", "）": "round", "(": "round", ")": "round"}
_STRONG = {"ok", "lookalike"}
_FW_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "000012345678" + "9")
_HSPACE = " \u3000\u00a0\u2002\u2003\u2009"
_WS = _HSPACE + "\r\n"

_ANCHOR_TAIL = (r"[ \u3000\u00a0]*"
                r"(?P<year>[0-9０-９]{4}|[0-9０-９]{2}|[〇零○Ｏ一二三四五六七八九]{4})"
                r"[ \u3000\u00a0]*[〕﹞\]］】）)]")
# One regex per opening bracket: a pattern that starts with a literal is searched for many
# times faster than one that starts with a character class.
_ANCHORS = tuple((opener, compile_pattern(re.escape(opener) + _ANCHOR_TAIL))
                 for opener in "〔﹝[［【（(")
_TAIL = lazy(
    r"(?P<g2>[ \u3000\u00a0\u2002\u2003\u2009\r\n]*)(?P<di>第)?(?P<g3>[ \u3000\u00a0]*)"
    r"(?P<serial>[0-9０-９]{1,5})(?P<g4>[ \u3000\u00a0]*)(?P<hao>号)?")
_LIST_AFTER = lazy(r"[、，,和及至\-–—~～]\s*[0-9０-９]{1,5}\s*号")
_DECREE_HEAD = lazy(r"国务院令|国令")
_DECREE = lazy(
    r"(?P<g1>\s*)"
    r"(?P<by>[〔﹝\[［【（(]\s*[0-9０-９]{2,4}\s*[〕﹞\]］】）)])?(?P<g2>\s*)(?P<di>第)?(?P<g3>\s*)"
    r"(?P<serial>[0-9０-９]{1,5})(?P<g4>\s*)(?P<hao>号)")
_NON_DIGITS = lazy(r"\D")
_CJK_RUN = lazy(r"[\u4e00-\u9fff]+\Z")
_CONNECTIVES = ("深入贯彻落实", "认真贯彻落实", "贯彻落实", "严格落实", "认真落实", "认真贯彻",
                "根据", "依据", "按照", "依照", "遵照", "对照", "落实", "贯彻", "执行", "结合",
                "以及", "和", "及", "与", "并", "对")
# Words before a bare title's 关于 that end the running text (学习…, 印发了…), not the issuer.
_CUT_WORDS = ("根据", "依据", "按照", "依照", "遵照", "对照", "落实", "贯彻", "执行", "学习",
              "结合", "印发了", "印发", "下发了", "下发", "制定了", "制定", "出台了", "出台",
              "发布了")
_DOC_TYPES = ("通知", "意见", "办法", "决定", "规定", "方案", "要点", "批复", "函", "条例", "细则",
              "公告", "通报", "报告", "规划", "纲要", "目录", "指引", "标准", "制度", "格式",
              "规则")
_TITLE_STOPS = set("。；;！？!?\n，,：:、）)")
_LAST_TITLE_SPECIAL = lazy(  # the last stop or title mark before a position
    "(?s:.*)[" + re.escape("".join(sorted(_TITLE_STOPS)) + "《〈》〉") + "]")


class Cite(NamedTuple):
    """The title a number is cited with: ``《title》（number）`` or a bare title before it."""

    title: str
    start: int
    end: int
    marked: bool      # enclosed in 《》
    unclosed: bool    # the number sits inside a 《 that the paragraph never closes
    norm: str = ""    # normalise_title(title)
    issuer: str = ""  # issuer_of(title)


@dataclass
class DocNo:
    """One document number (``docno``) or State Council decree number (``decree``)."""

    kind: str
    start: int
    end: int
    raw: str
    agency: str
    open: str
    close: str
    year_raw: str
    year: int | None
    serial_raw: str
    serial: int | None
    di: bool
    hao: bool
    spaces: bool
    newline: bool
    paren: int | None = None
    cite: Cite | None = None

    @property
    def brackets(self) -> set[str]:
        return {BRACKET_CLASS.get(self.open, "ok"), BRACKET_CLASS.get(self.close, "ok")} - {""}

    @property
    def canonical(self) -> str:
        return canonical(self)


def canonical(d: DocNo) -> str:
    """The correct form of a number: ``国办公开办函〔2021〕30号`` / ``国务院令第711号``."""
    serial = str(d.serial) if d.serial is not None else d.serial_raw.translate(_FW_DIGITS)
    if d.kind == "decree":
        prefix = "中华人民共和国国务院令" if d.agency.startswith("中华人民共和国") else "国务院令"
        return f"{prefix}第{serial}号"
    year = str(d.year) if d.year is not None else d.year_raw
    return f"{d.agency}〔{year}〕{serial}号"


_BREAKS = lazy(r"\r?\n+")


def show_raw(text: str) -> str:
    """A number as written, with line breaks made visible."""
    return _BREAKS.sub("⏎", text) if "\n" in text else text


def _year(raw: str, report_year: int | None) -> int | None:
    s = raw.translate(_FW_DIGITS)
    if not s.isdigit():
        s = raw.translate(_CN_DIGITS)
        if not s.isdigit():
            return None
    y = int(s)
    if len(s) == 2:
        pivot = (report_year or 2030) % 100 + 1
        y += 2000 if y <= pivot else 1900
    return y


def _agency_before(text: str, pos: int) -> tuple[int, str, str]:
    """(start, agency, gap) of the agency code ending before ``pos`` (whitespace allowed)."""
    j = pos
    while j > 0 and text[j - 1] in _WS and pos - j < 6:
        j -= 1
    gap = text[j:pos]
    if gap.count("\n") > 3:
        return pos, "", ""
    run = _CJK_RUN.search(text, max(0, j - 12), j)  # the CJK characters ending at j
    if run is None:
        return pos, "", ""
    k = run.start()
    agency = strip_connectives(text[k:j])
    return j - len(agency), agency, gap


def _scan_docnos(text: str, report_year: int | None) -> list[DocNo]:
    out: list[DocNo] = []
    # An anchor holds no opening bracket after its first character, so the anchors are those
    # matching at each opening bracket, whatever the order they are looked for in.
    anchors = sorted((m for opener, rx in _ANCHORS if opener in text for m in rx.finditer(text)),
                     key=lambda m: m.start())
    for m in anchors:
        o, c = m.start(), m.end()
        open_, close = text[o], text[c - 1]
        cls = {BRACKET_CLASS[open_], BRACKET_CLASS[close]}
        strong = cls <= _STRONG
        tail = _TAIL.match(text, c)
        if not tail:
            continue
        start, agency, gap1 = _agency_before(text, o)
        if agency.endswith("令"):
            continue  # a decree number, handled below
        hao = bool(tail.group("hao"))
        g2 = tail.group("g2")
        if not hao:
            if not strong or "\n" in g2 or _LIST_AFTER.match(text, tail.end()):
                continue
            nxt = text[tail.end():tail.end() + 1]
            if nxt.isdigit() or nxt in ".．":
                continue
        if not strong:
            year_digits = m.group("year").translate(_FW_DIGITS)
            if len(agency) < 2 or not hao:
                continue
            if "round" in cls and not (len(year_digits) == 4 and year_digits[:2] in ("19", "20")):
                continue
        if gap1 and "\n" not in gap1 and not agency:
            gap1 = ""
        end = tail.end()
        gaps = (gap1, text[o + 1:c - 1], g2, tail.group("g3"), tail.group("g4"))
        serial_raw = tail.group("serial")
        serial_digits = serial_raw.translate(_FW_DIGITS)
        out.append(DocNo(
            kind="docno", start=start, end=end, raw=text[start:end], agency=agency,
            open=open_, close=close, year_raw=m.group("year"),
            year=_year(m.group("year"), report_year), serial_raw=serial_raw,
            serial=int(serial_digits), di=bool(tail.group("di")), hao=hao,
            spaces=any(ch in _HSPACE for g in gaps if "\n" not in g for ch in g),
            newline=any("\n" in g for g in gaps)))
    return out


def _scan_decrees(text: str) -> list[DocNo]:
    out: list[DocNo] = []
    for h in _DECREE_HEAD.finditer(text):
        m = _DECREE.match(text, h.end())
        if not m:
            continue
        start = h.start()
        if text.startswith("中华人民共和国", start - 7):
            start -= 7
        gaps = [m.group(g) for g in ("g1", "g2", "g3", "g4")]
        by = m.group("by") or ""
        year_raw = _NON_DIGITS.sub("", by.translate(_FW_DIGITS))
        serial_raw = m.group("serial")
        out.append(DocNo(
            kind="decree", start=start, end=m.end(), raw=text[start:m.end()],
            agency=text[start:h.end()], open=by[:1], close=by[-1:], year_raw=year_raw,
            year=int(year_raw) if year_raw else None, serial_raw=serial_raw,
            serial=int(serial_raw.translate(_FW_DIGITS)), di=bool(m.group("di")),
            hao=True, spaces=any(ch in _HSPACE for g in gaps for ch in g),
            newline=any("\n" in g for g in gaps)))
    return out


# -- the title a number is cited with ---------------------------------------------------------
# The first connective (in _CONNECTIVES order) that starts the text and leaves 2+ characters.
_LEADING_CONNECTIVE = lazy("(?:" + "|".join(_CONNECTIVES) + ")(?=.{2})", re.DOTALL)


def strip_connectives(s: str) -> str:
    m = _LEADING_CONNECTIVE.match(s)
    while m is not None:
        s = s[m.end():]
        m = _LEADING_CONNECTIVE.match(s)
    return s


_OPENING_MARKS = lazy(r"[《〈<＜‹⟨]")


def issuer_of(title: str) -> str:
    """The issuer part of a notice title (text before the first 关于), or ''."""
    at = title.find("关于")
    if at <= 0:
        return ""
    head = _OPENING_MARKS.split(title[:at])[-1]
    return strip_connectives(head.strip(_WS))


_NOT_TITLE = lazy(r"[《》〈〉<>＜＞‹›⟨⟩\"“”‘’'\s]")


def normalise_title(s: str) -> str:
    s = _NOT_TITLE.sub("", s)
    return s.replace("(", "（").replace(")", "）")


def cite_for(text: str, mk: Marks, paren: int) -> Cite | None:
    """The title cited just before the bracket at ``paren`` (the 《…》 or a bare title)."""
    j = paren
    while j > 0 and text[j - 1] in _HSPACE:
        j -= 1
    line_start = text.rfind("\n", 0, paren) + 1
    unclosed = [u for u in mk.unclosed if line_start <= u < paren and text[u] == "《"]
    if unclosed:
        u = min(unclosed)
        return _cite(text[u + 1:j], u + 1, j, True, True)
    if j > 0 and text[j - 1] == "》" and (j - 1) in mk.pairs:
        o = mk.pairs[j - 1]
        return _cite(text[o + 1:j - 1], o + 1, j - 1, True, False)
    k = j
    lo = max(0, j - 150)
    while k > lo:
        # jump to the last stop or title mark before k (the characters between are the title's)
        m = _LAST_TITLE_SPECIAL.match(text, lo, k)
        if m is None:
            k = lo
            break
        q = m.end() - 1
        ch = text[q]
        if ch in ("》", "〉") and q in mk.pairs:
            k = mk.pairs[q]
            continue
        if ch in _TITLE_STOPS or ch in "《〈":
            k = q + 1
            break
        k = q  # an unpaired closing mark is part of the title
    title = strip_connectives(text[k:j].strip(_WS))
    at = title.find("关于")
    if at < 0 or not title.endswith(_DOC_TYPES):
        return None
    cut = max((title.rfind(w, 0, at) + len(w) for w in _CUT_WORDS if title.rfind(w, 0, at) >= 0),
              default=0)
    title = title[cut:]
    return _cite(title, j - len(title), j, False, False)


def _cite(title: str, start: int, end: int, marked: bool, unclosed: bool) -> Cite:
    return Cite(title, start, end, marked, unclosed, normalise_title(title), issuer_of(title))


def _attach_cites(text: str, found: list[DocNo], mk: Marks) -> list[DocNo]:
    out = []
    for d in found:
        p = d.start - 1
        while p >= 0 and text[p] in _HSPACE:
            p -= 1
        if p >= 0 and text[p] in "（(":
            cite = cite_for(text, mk, p)
            d.paren, d.cite = p, cite
        out.append(d)
    return out


def numbers(report: Report) -> list[DocNo]:
    """Every document and decree number in the text, in order, each with its cited title."""
    return report.analysis(_numbers)


def _numbers(report: Report) -> list[DocNo]:
    text = report.text
    found = _scan_docnos(text, report.year) + _scan_decrees(text)
    found.sort(key=lambda d: d.start)
    return _attach_cites(text, found, marks(report))
