"""The report's prose as the ``narrative`` and ``percentage`` kinds read it: the regions of
the searched parts without the tables, the text with ASCII digits, clause and sentence bounds,
counts and outcome labels (spec/domain.md §8.1–8.3).

What the prose states is found by :mod:`checker.checks.claims`; the table values it is
compared with by :mod:`checker.checks.tablevalues`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from checker.files.lazyre import lazy
from checker.report import Report

__all__ = ["DEFAULT_PARTS", "NUM", "OUTCOME_LABELS", "SENTENCE_END", "SINGLE_LABELS", "SP",
           "Claim", "Keys", "Region", "clause_end", "clause_start", "other_year", "outcome_key",
           "outcome_name", "parse_count", "regions", "search_text", "sentence_bounds"]

DEFAULT_PARTS = ("overview", "applications", "review_litigation")
_WIDTH = str.maketrans("０１２３４５６７８９％．", "0123456789%.")
_WIDE = lazy("[０-９％．]")
SP = r"[ \t\u3000\u00a0]*"
NUM = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+|[零〇一二两三四五六七八九十百]{1,4})"
_CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
       "八": 8, "九": 9}
_CLAUSE_END = "，,。；;：:！？!?\n"
SENTENCE_END = "。；;！？!?\n"

# Labels of application outcomes and the table values they name (§1.4).
SINGLE_LABELS = r"予以公开|部分公开|不予公开|无法提供|不予处理|其他处理"
OUTCOME_LABELS = (r"予以公开(?:及|和|与|或|以及)部分公开|部分公开(?:及|和|与|或|以及)予以公开|"
                  r"予以公开|部分公开|不予公开|无法提供|不予处理|其他处理")
_OUTCOME_KEY = {"予以公开": "r1", "部分公开": "r2", "不予公开": "r3", "无法提供": "r4",
                "不予处理": "r5", "其他处理": "r6"}


def outcome_key(label: str) -> str:
    """Table key of an outcome label: ``予以公开及部分公开`` → ``r1+r2``."""
    if label in _OUTCOME_KEY:
        return _OUTCOME_KEY[label]
    return "r1+r2"


def outcome_name(label: str) -> str:
    return label if label in _OUTCOME_KEY else "予以公开及部分公开"


def parse_count(raw: str) -> int | None:
    """``66`` / ``1,234`` / ``两`` / ``十二`` → int; None when it is not a count."""
    if raw.isdigit():  # the common case: no separators to drop
        return int(raw)
    raw = raw.replace(",", "")
    if raw.isdigit():
        return int(raw)
    total, cur = 0, 0
    for ch in raw:
        if ch in _CN:
            cur = _CN[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


class Region(NamedTuple):
    """A span of prose in one report part (a named tuple: cheap to build)."""

    start: int
    end: int
    part: str


@dataclass(eq=False, slots=True)
class Claim:
    """A count stated in the prose.

    Attributes:
        kind: received, answered, handled, outcome, carried_forward, carried_over, review,
            litigation, review_each, review_sum, review_result, litigation_result, none,
            all_answered.
        label: the words that name the count (``予以公开``, ``受理``, ``行政复议`` …).
        value: the stated number (None for claims without one).
        start, end: the claim's span in the text.
        num: the number's span.
        key: the table value it names (``new``, ``r3``, ``rev.total`` …).
        extra: kind-specific details.
    """

    kind: str
    label: str
    value: int | None
    start: int
    end: int
    num: tuple[int, int] | None = None
    key: str = ""
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


def search_text(report: Report) -> str:
    """The report text with full-width digits and ％ made ASCII (same length, same offsets)."""
    return report.analysis(_search_text)


def _search_text(report: Report) -> str:
    text = report.text
    wide = "％" in text or "．" in text or any(ch in text for ch in "０１２３４５６７８９")
    return text.translate(_WIDTH) if wide else text


def _table_spans(report: Report) -> list[tuple[int, int]]:
    """(first row's offset, end of the last row's line) of each table with located rows."""
    text = report.text
    spans: list[tuple[int, int]] = []
    for table in ("t2", "t3", "t4"):
        lo, hi = _offset_range(report.rows(table))
        if lo is None:
            continue
        end = text.find("\n", hi)
        spans.append((lo, len(text) if end < 0 else end))
    return sorted(spans)


def _offset_range(rows: list[dict[str, Any]]) -> tuple[int | None, int]:
    """The least and greatest ``loc.offset`` of the rows (None, 0 when none has one), in one
    walk without a list of offsets."""
    lo: int | None = None
    hi = 0
    for row in rows:
        loc = row.get("loc")
        if isinstance(loc, dict):
            off = loc.get("offset")
            if isinstance(off, int):
                if lo is None:
                    lo = hi = off
                elif off < lo:
                    lo = off
                elif off > hi:
                    hi = off
    return lo, hi


def regions(report: Report, parts: tuple[str, ...] = DEFAULT_PARTS) -> list[Region] | None:
    """Spans of the given parts minus the tables; the whole text when the report has no
    sections; None when it has sections but none of these parts."""
    return report.analysis(_find_regions, tuple(parts))


def _find_regions(report: Report, parts: tuple[str, ...]) -> list[Region] | None:
    spans: list[tuple[int, int, str]] = []  # (start, end, part)
    if not report.sections:
        spans = [(0, len(report.text), "")]
    else:
        for s in report.sections:
            span = s.get("span")
            if s.get("part") in parts and isinstance(span, dict):
                spans.append((int(span["start"]), int(span["end"]), s.get("part") or ""))
    result: list[Region] | None
    if not spans:
        result = None
    else:
        result = []
        tables = _table_spans(report)
        for start, end, part in sorted(spans, key=lambda r: r[0]):
            pos = start
            for lo, hi in tables:
                if hi <= pos or lo >= end:
                    continue
                if lo > pos:
                    result.append(Region(pos, lo, part))
                pos = max(pos, hi)
            if pos < end:
                result.append(Region(pos, end, part))
    return result


# The last clause (sentence) end before a position: a greedy ``.*`` backs off to it in one
# regex call, instead of one ``rfind`` per end character.
_LAST_CLAUSE_END = lazy(r".*[" + _CLAUSE_END + "]", re.S)
_LASTSENTENCE_END = lazy(r".*[" + SENTENCE_END + "]", re.S)
_NEXT_CLAUSE_END = lazy("[" + _CLAUSE_END + "]")
_NEXTSENTENCE_END = lazy("[" + SENTENCE_END + "]")


def clause_start(text: str, pos: int, limit: int = 80) -> int:
    lo = max(0, pos - limit)
    m = _LAST_CLAUSE_END.match(text, lo, pos)
    return m.end() if m else lo


def clause_end(text: str, pos: int, limit: int = 80) -> int:
    hi = min(len(text), pos + limit)
    m = _NEXT_CLAUSE_END.search(text, pos, hi)
    return m.start() if m else hi


def sentence_bounds(text: str, pos: int, lo: int = 0, hi: int | None = None,
                    limit: int = 300) -> tuple[int, int]:
    """The sentence (ended by 。；！？ or a line break) around ``pos``."""
    hi = len(text) if hi is None else hi
    floor = max(lo, pos - limit)
    ceil = min(hi, pos + limit)
    m = _LASTSENTENCE_END.match(text, floor, pos)
    e = _NEXTSENTENCE_END.search(text, pos, ceil)
    return (m.end() if m else floor), (e.start() if e else ceil)


_YEAR = lazy(r"((?:19|20)\d{2})\s*年")


def other_year(fragment: str, year: int | None) -> bool:
    """Whether ``fragment`` names a year other than the report year."""
    if year is None or "年" not in fragment:
        return False
    return any(int(m.group(1)) != year for m in _YEAR.finditer(fragment))


class Keys:
    """Stable, distinct fingerprint keys for claims (the same statement may occur twice)."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}  # a plain dict: one is made per rule and report

    def __call__(self, *parts: Any) -> str:
        base = ":".join(str(p) for p in parts)
        n = self.seen[base] = self.seen.get(base, 0) + 1
        return base if n == 1 else f"{base}#{n}"
