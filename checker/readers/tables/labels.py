"""Row labels of the statistical tables, as patterns that survive real-world layouts.

Each label becomes a regular expression over the folded work text (see :mod:`.fold`):
whitespace and line breaks may appear between any two characters (PDF line wrapping,
``商 业 企\\n业``), brackets and commas are half-width after folding, the row number
(``一、``, ``（一）``, ``1.``) is optional. When the exact pattern is not found, a fuzzy
pattern allowing one typo finds the label and the deviation is reported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import regex

from checker.files.lazyre import lazy
from checker.files.recache import compile_pattern
from checker.readers.fold import fold

__all__ = ["RowSpec", "find_any", "find_label", "norm_label", "spaced"]

_QUOTES = "“”\"'‘’"


def spaced(literal: str) -> str:
    """Regex for ``literal`` (folded) allowing whitespace between characters."""
    parts = []
    for ch in fold(literal):
        if ch.isspace():
            continue
        if ch in _QUOTES:
            parts.append("[“”\"'‘’]?")
        elif ch in "、,":
            parts.append("[、,]?")
        else:
            parts.append(re.escape(ch))
    return r"\s*".join(parts)


_NOT_LABEL = lazy("[\\s" + re.escape(_QUOTES) + "]+")  # \\s is exactly str.isspace


def norm_label(s: str) -> str:
    """Normalise a label for comparison: folded, no whitespace, quotes or list commas."""
    return _NOT_LABEL.sub("", fold(s)).replace("、", ",")


def cn_prefix(numeral: str) -> str:
    """Regex for a Chinese list number: ``一、`` ``一.`` ``(一)``."""
    return rf"(?:\(\s*{numeral}\s*\)|{numeral}\s*[、.])"


def num_prefix(n: int) -> str:
    """Regex for an Arabic list number: ``1.`` ``1、`` ``(1)``."""
    return rf"(?:\(\s*{n}\s*\)|{n}\s*[.、,])"


@dataclass(frozen=True)
class RowSpec:
    """One table row: id, canonical label, and how to find it.

    Attributes:
        id: the row id (``r3_7``, ``license``...).
        label: the canonical label as printed on the form.
        core: the literal that identifies the row (searched with optional whitespace).
        prefix: regex of the row number, optional unless ``need_prefix``.
        tail: literal that may follow the core as part of the label (notes, long names).
        core_re: a regex used instead of ``spaced(core)``.
        need_prefix: the row number is required (short cores such as ``其他``).
        fuzzy: allow a one-typo match when the exact one fails.
    """

    id: str
    label: str
    core: str
    prefix: str = ""
    tail: str = ""
    core_re: str = ""
    need_prefix: bool = False
    fuzzy: bool = True


# words of the form that real tables write otherwise, and the variants accepted
_TAIL_VARIANTS = ((spaced("不再处理"), r"不\s*再\s*(?:处|受)\s*理"),)


def _tail(tail: str) -> str:
    out = spaced(tail)
    for form, variant in _TAIL_VARIANTS:
        out = out.replace(form, variant)
    return out


@cache
def _exact(spec: RowSpec) -> re.Pattern[str]:
    body = spec.core_re or spaced(spec.core)
    if spec.tail:
        body += rf"(?:\s*{_tail(spec.tail)})?"
    if spec.prefix:
        pre = rf"(?P<pre>{spec.prefix})\s*"
        if not spec.need_prefix:
            pre = rf"(?:{pre})?"
    else:
        pre = ""
    return compile_pattern(pre + rf"(?P<body>{body})")


@cache
def _fuzzy(spec: RowSpec) -> regex.Pattern[str] | None:
    core = fold(spec.core)
    if not spec.fuzzy or len(core) < 4 or spec.need_prefix:
        return None
    # one typo in a short label, two in a long one, three in the longest (a dropped word:
    # "其他法律行政止公开" for "其他法律行政法规禁止公开")
    errs = 1 if len(core) < 8 else 2 if len(core) < 11 else 3
    pat = rf"(?:{regex.escape(core)}){{e<={errs}}}"
    if spec.tail:
        pat += rf"(?:\s*{_tail(spec.tail)})?"
    return regex.compile(rf"(?P<body>{pat})", regex.BESTMATCH)


def find_label(spec: RowSpec, work: str, start: int, end: int
               ) -> tuple[int, int, int, bool] | None:
    """Find ``spec``'s label in ``work[start:end]``; returns (match_start, match_end, body_start,
    fuzzy) or None. ``match_start`` includes the row number when present."""
    m = _exact(spec).search(work, start, end)
    if m:
        return m.start(), m.end(), m.start("body"), False
    fz = _fuzzy(spec)
    if fz is None:
        return None
    m2 = fz.search(work, start, end)
    if not m2:
        return None
    s = m2.start()
    if spec.prefix:
        pm = compile_pattern(rf"(?:{spec.prefix})\s*$").search(work, max(start, s - 8), s)
        if pm:
            return pm.start(), m2.end(), s, True
    return s, m2.end(), s, True


def find_any(words: tuple[str, ...], work: str, start: int, end: int) -> re.Match[str] | None:
    """First match of any of ``words`` (spaced) in ``work[start:end]``."""
    return _words(words).search(work, start, end)


@cache
def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    return compile_pattern("|".join(spaced(w) for w in words))
