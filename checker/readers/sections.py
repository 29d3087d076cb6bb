"""Find the report's parts and their sub-sections.

Candidates are numbered lines (``一、…``, ``（一）…``, ``1.…``; Markdown ``#`` and run-in
paragraphs allowed) and, in flattened articles, known part titles inline. The parts are the
best chain of candidates with increasing numbers — so list items, ``一是…`` prose and T3 row
labels such as ``三、本年度办理结果`` never become parts.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from checker.files.lazyre import lazy
from checker.readers.headings import INLINE_PART, NOT_HEADING, STRONG, classify, cn_value
from checker.readers.locate import Locator

__all__ = ["find_sections"]

_NUMS = "一二三四五六七八九十"
_LINE = lazy(
    r"^[ \t#*>]*(?P<num>[一二三四五六七八九十]{1,3}[ \t]*[、.]"
    r"|\([ \t]*[一二三四五六七八九十]{1,3}[ \t]*\)"
    r"|\d{1,2}[ \t]*[.、](?!\d))[ \t]*(?P<rest>[^\n]*)$",
    re.M,
)
# a heading inline in a flattened article, set off by spaces: " 四、审批事项及处理情况 "
# (the look-behind comes after the numeral, so the scan can skip to numerals quickly)
_INLINE_ANY = lazy(r"(?P<num>[一二三四五六七八九十])(?<=[\s。][一二三四五六七八九十])、"
                         r"(?P<title>[^\s，。；：,;:]{2,30})(?=\s)")
_NOT_BEFORE = frozenset("第一二三四五六七八九十")
_LIST_AFTER = lazy(r"\s*[；;、，,]")
_INLINE_SUB = lazy(r"\((?P<n>[一二三四五六七八九十]{1,2})\)")
_CUT = lazy(r"[。:；;]")
_SUB_END = lazy(r"方面|情况")
_SUB_STOP = lazy(r"[。,，；;:：\s\d]")


@dataclass
class _Cand:
    start: int        # offset of the number
    end: int          # offset after the title
    value: int
    style: str        # cn | paren | arabic
    number: str       # the numbering as written, without separators
    title: str
    part: str
    line: bool        # heading at the start of a line (not inline)
    fuzzy: str = ""   # the format's heading when this one was found by a fuzzy match


def _style(num: str) -> str:
    if num.startswith("("):
        return "paren"
    return "arabic" if num[0].isdigit() else "cn"


def _numeral(num: str) -> str:
    return "".join(ch for ch in num if ch in _NUMS or ch.isdigit())


def _title_end(work: str, start: int, end: int) -> int:
    """Where a heading's title ends: line end, or the first full stop of a run-in paragraph."""
    rest = work[start:end].rstrip()
    m = _CUT.search(rest, 0, 42)
    if m and m.end() < len(rest):
        return start + m.start()
    return start + len(rest) if len(rest) <= 40 else -1


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _lines_in(lines: list[re.Match[str]], line_starts: list[int], work: str, start: int,
              end: int) -> list[re.Match[str]]:
    """``list(_LINE.finditer(work, start, end))`` from ``lines``, the matches in all ``work``.

    A match spans one line from its start, so a line wholly inside the range matches alike;
    only the line cut by ``end`` is matched again, as the range search sees it.
    """
    i = bisect_left(line_starts, start)
    out = []
    for m in lines[i:]:
        if m.end() > end:
            break
        out.append(m)
    if end < len(work) and work[end] != "\n":
        cut = work.rfind("\n", 0, end) + 1  # the line that runs on past ``end``
        if start <= cut < end:
            run_on = _LINE.match(work, cut, end)
            if run_on:
                out.append(run_on)
    return out


def _candidates(work: str, spans: list[tuple[int, int]],
                lines: list[re.Match[str]] | None = None) -> list[_Cand]:
    out: list[_Cand] = []
    for m in (_LINE.finditer(work) if lines is None else lines):
        rest = m.group("rest")
        if "\t" in rest or "|" in rest or _inside(m.start("num"), spans):
            continue
        end = _title_end(work, m.start("rest"), m.end("rest"))
        if end < 0:
            continue
        title = work[m.start("rest"):end].strip()
        if not title or NOT_HEADING.match(title):
            continue
        num = m.group("num")
        style = _style(num)
        strong = STRONG.match(title) is not None
        if style != "cn" and not strong:
            continue
        out.append(_Cand(m.start("num"), end, cn_value(_numeral(num)), style, _numeral(num),
                         title, classify(title), True))
    seen = {c.start for c in out}
    for rx in (INLINE_PART, _INLINE_ANY):
        for m in rx.finditer(work):
            if m.start() in seen or _inside(m.start(), spans):
                continue
            before = work[max(0, m.start() - 1):m.start()]
            if before in _NOT_BEFORE or _LIST_AFTER.match(work, m.end()):
                continue
            title = m.group("title")
            if NOT_HEADING.match(title):
                continue
            seen.add(m.start())
            out.append(_Cand(m.start(), m.end(), cn_value(m.group("num")), "cn", m.group("num"),
                             title, classify(title), False))
    out.sort(key=lambda c: c.start)
    return out


def _weight(c: _Cand) -> int:
    return 1 + (2 if c.part != "unknown" else 0) + (1 if c.line else 0)


def _best_chain(cands: list[_Cand]) -> tuple[int, list[_Cand]]:
    """Best chain of candidates with increasing numbers, in document order.

    Dynamic programming over the numbers (few) rather than over pairs of candidates, so a
    document with thousands of numbered lines stays linear.
    """
    if not cands:
        return 0, []
    best_at: dict[int, tuple[int, int]] = {}  # number -> (score, candidate index) so far
    score = [0] * len(cands)
    prev = [-1] * len(cands)
    for i, c in enumerate(cands):
        w = _weight(c)
        s, p = w + (1 if c.value == 1 else 0), -1
        for v, (sc, j) in best_at.items():
            if v < c.value and cands[j].end <= c.start:
                cand = sc + w + (1 if v == c.value - 1 else 0)
                if cand > s:
                    s, p = cand, j
        score[i], prev[i] = s, p
        old = best_at.get(c.value)
        if old is None or s > old[0]:
            best_at[c.value] = (s, i)
    best = max(range(len(cands)), key=lambda i: (score[i], -i))
    chain = []
    i = best
    while i >= 0:
        chain.append(cands[i])
        i = prev[i]
    return score[best], chain[::-1]


def _subsections(work: str, text: str, start: int, end: int, spans: list[tuple[int, int]],
                 loc: Locator, lines: list[re.Match[str]] | None = None,
                 line_starts: list[int] | None = None) -> list[dict[str, Any]]:
    subs: list[tuple[int, int, str, str]] = []
    want = 1
    for m in (_LINE.finditer(work, start, end) if lines is None or line_starts is None
              else _lines_in(lines, line_starts, work, start, end)):
        num = m.group("num")
        if _style(num) != "paren" or _inside(m.start("num"), spans):
            continue
        rest = m.group("rest")
        if "\t" in rest or "|" in rest or cn_value(_numeral(num)) != want:
            continue
        t_end = _title_end(work, m.start("rest"), m.end("rest"))
        if t_end < 0:
            t_end = m.start("rest") + min(16, len(rest))
        subs.append((m.start("num"), t_end, num, work[m.start("rest"):t_end].strip()))
        want += 1
    if not subs:
        for m in _INLINE_SUB.finditer(work, start, end):
            if cn_value(m.group("n")) != want or _inside(m.start(), spans):
                continue
            s = m.end()
            e = _SUB_END.search(work, s, min(end, s + 12))
            t_end = e.end() if e else (lambda st: st.start() if st else min(end, s + 12))(
                _SUB_STOP.search(work, s, min(end, s + 16)))
            if t_end <= s:
                continue
            subs.append((m.start(), t_end, m.group(), work[s:t_end].strip()))
            want += 1
    out = []
    for k, (s, head_end, num, title) in enumerate(subs):
        nxt = subs[k + 1][0] if k + 1 < len(subs) else end
        out.append({"number": f"（{_numeral(num)}）", "heading": text[s:head_end].strip(),
                    "title": text[head_end - len(title):head_end] if title else "",
                    "span": {"start": s, "end": nxt}, "loc": loc.loc(s, head_end - s)})
    return out


# the format's part titles, for headings written with a typo
_OFFICIAL = {1: ("overview", "总体情况"), 2: ("proactive", "主动公开政府信息情况"),
             3: ("applications", "收到和处理政府信息公开申请情况"),
             4: ("review_litigation", "政府信息公开行政复议、行政诉讼情况"),
             5: ("problems", "存在的主要问题及改进情况"), 6: ("other", "其他需要报告的事项")}


def _fill_gaps(work: str, chain: list[_Cand], spans: list[tuple[int, int]]) -> list[_Cand]:
    """A part missing from the chain whose heading is the format's title with a typo or two
    (``五、存在的主要问越及改进情况``): found between its neighbours by a fuzzy match."""
    import regex  # only needed when a part is missing

    out = []
    for c in chain:
        if c.part == "unknown" and c.value in _OFFICIAL:
            part, title = _OFFICIAL[c.value]
            errs = max(1, len(title) // 5)
            if regex.fullmatch(rf"(?:{regex.escape(title)}){{e<={errs}}}", c.title):
                c = _Cand(c.start, c.end, c.value, c.style, c.number, c.title, part, c.line,
                          f"{_NUMS[c.value - 1]}、{title}")
        out.append(c)
    have = {c.value for c in out}
    for v, (part, title) in _OFFICIAL.items():
        if v in have:
            continue
        before = [c for c in out if c.value < v]
        after = [c for c in out if c.value > v]
        if not before or not after:
            continue
        lo, hi = before[-1].end, after[0].start
        errs = max(1, len(title) // 5)
        fuzzy = rf"(?:{regex.escape(title)}){{e<={errs}}}"
        rx = regex.compile(rf"{_NUMS[v - 1]}\s*[、.]\s*(?P<title>{fuzzy})", regex.BESTMATCH)
        m = rx.search(work, lo, hi)
        if m is None or _inside(m.start(), spans):
            continue
        out.append(_Cand(m.start(), m.end(), v, "cn", _NUMS[v - 1], m.group("title"), part,
                         False, f"{_NUMS[v - 1]}、{title}"))
        out.sort(key=lambda c: c.start)
    return out


def find_sections(work: str, text: str, loc: Locator,
                  spans: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Return the schema ``sections`` (preamble first when there is text before part 一)."""
    lines = list(_LINE.finditer(work))  # every numbered line, for parts and sub-sections
    line_starts = [m.start() for m in lines]
    cands = _candidates(work, spans, lines)
    best: list[_Cand] = []
    best_score = 0
    for style in ("cn", "paren", "arabic"):
        score, chain = _best_chain([c for c in cands if c.style == style])
        known = sum(1 for c in chain if c.part != "unknown")
        if style != "cn" and known < 3:
            continue
        if score > best_score:
            best, best_score = chain, score
    if best and sum(1 for c in best if c.part != "unknown") == 0 and len(best) < 3:
        best = []
    if best and best[0].style == "cn":
        best = _fill_gaps(work, best, spans)
    sections: list[dict[str, Any]] = []
    first = best[0].start if best else len(text)
    if text[:first].strip():
        sections.append({"number": "", "heading": "", "title": "", "part": "preamble",
                         "span": {"start": 0, "end": first}, "loc": loc.loc(0)})
    for k, c in enumerate(best):
        nxt = best[k + 1].start if k + 1 < len(best) else len(text)
        heading = text[c.start:c.end].strip()
        title = text[c.end - len(c.title):c.end] if c.title else ""
        sections.append({
            "number": c.number, "heading": heading, "title": title.strip(), "part": c.part,
            "span": {"start": c.start, "end": nxt}, "loc": loc.loc(c.start, c.end - c.start),
            "subsections": _subsections(work, text, c.end, nxt, spans, loc, lines, line_starts),
        })
        if c.fuzzy:
            sections[-1]["deviation"] = {"kind": "fuzzy", "expected": c.fuzzy}
    return sections
