"""Shared text between two reports: clauses, their digit-blind keys, shares and passages.

The unit of comparison is the *clause*: the text between Chinese or ASCII punctuation marks
(。；！？，：、 and line breaks). A clause is normalised before it is compared — NFKC, every
digit run replaced by ``#`` (numbers that were merely updated do not hide a copy), white space,
punctuation, brackets and quotes removed — and keyed by a 64-bit BLAKE2b digest. Clauses
shorter than ``MIN_CLAUSE`` normalised characters and the report's own headings are never
counted; the wording the 2021 format prescribes (part and sub-section titles, table labels, the
standard preamble and fee statements: ``PRESCRIBED``) is removed from every clause first.

Only the free-text parts are compared (一 总体情况, 五 存在的主要问题及改进情况,
六 其他需要报告的事项): parts 二–四 are the prescribed tables.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from checker.files.digest import blake2b
from checker.files.lazyre import lazy

__all__ = [
    "FREE_PARTS",
    "MIN_CLAUSE",
    "PART_LABELS",
    "PRESCRIBED",
    "Clause",
    "Share",
    "clause_key",
    "clauses",
    "keys_of",
    "normalise_clause",
    "part_clauses",
    "passage",
    "share_of",
]

FREE_PARTS = ("overview", "problems", "other")
PART_LABELS = {"overview": ("第一部分“总体情况”", "Part 1 (overview)"),
               "problems": ("第五部分“存在的主要问题及改进情况”",
                            "Part 5 (problems and improvements)"),
               "other": ("第六部分“其他需要报告的事项”", "Part 6 (other matters)")}
MIN_CLAUSE = 6
_SPLIT = lazy(r"[。；;！？!?，,：:、\n\r]+")
_DIGITS = lazy(r"\d+")
_DROP = lazy(r"[^\w#]+|_+")

# Wording of the 2021 format (国办公开办函〔2021〕30号) and its usual standard sentences:
# headings, table labels, the preamble sentence and the fee statement.
_PRESCRIBED_TEXT = (
    "总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项",
    "主动公开方面", "依申请公开方面", "政府信息管理方面", "信息公开平台建设方面",
    "政府信息公开平台建设方面", "监督保障方面", "主动公开", "依申请公开", "政府信息管理",
    "平台建设", "监督保障", "存在的主要问题", "改进情况", "改进措施",
    "本报告根据《中华人民共和国政府信息公开条例》",
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）", "以下简称《条例》",
    "和《国务院办公厅政府信息与政务公开办公室关于印发"
    "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》",
    "国办公开办函〔2021〕30号", "要求编制", "由本机关编制", "本报告中所列数据的统计期限自",
    "本报告所列数据的统计期限自#年#月#日起至#年#月#日止",
    "本报告所列数据统计期限为#年#月#日至#年#月#日",
    "如对本报告有任何疑问", "请与", "联系", "联系地址", "邮编", "联系电话", "电子邮箱",
    "本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
    "按照《政府信息公开信息处理费管理办法》", "政府信息公开信息处理费管理办法",
    "本年度未收取信息处理费", "未收取信息处理费", "本机关未收取信息处理费", "无其他需要报告的事项",
    "本年度无其他需要报告的事项", "无",
)


def normalise_clause(text: str) -> str:
    """A clause as compared: NFKC, digit runs as ``#``, no white space or punctuation."""
    s = unicodedata.normalize("NFKC", text)
    return _DROP.sub("", _DIGITS.sub("#", s))


def clause_key(norm: str) -> int:
    """A stable signed 64-bit key of a normalised clause (same in every process)."""
    return int.from_bytes(blake2b(norm.encode("utf-8"), digest_size=8).digest(),
                          "little", signed=True)


def _prescribed() -> re.Pattern[str]:
    phrases = {normalise_clause(piece) for phrase in _PRESCRIBED_TEXT
               for piece in (phrase, *_SPLIT.split(phrase))}
    ordered = sorted((p for p in phrases if len(p) >= 2), key=lambda p: (-len(p), p))
    from checker.files.recache import compile_pattern

    return compile_pattern("|".join(re.escape(p) for p in ordered))


# The prescribed wording, normalised: removed from every clause before it is keyed.
PRESCRIBED: re.Pattern[str] = _prescribed()


@dataclass(frozen=True)
class Clause:
    """One counted clause: its span in the report text, key and normalised length."""

    start: int
    end: int
    key: int
    size: int


def clauses(text: str, start: int = 0, end: int | None = None,
            skip: Iterable[int] = ()) -> list[Clause]:
    """The counted clauses of ``text[start:end]`` (spans are offsets into ``text``)."""
    stop = len(text) if end is None else end
    ignore = frozenset(skip)
    out: list[Clause] = []
    pos = start
    for m in _SPLIT.finditer(text, start, stop):
        _add(text, pos, m.start(), ignore, out)
        pos = m.end()
    _add(text, pos, stop, ignore, out)
    return out


def _add(text: str, a: int, b: int, ignore: frozenset[int], out: list[Clause]) -> None:
    if b - a < MIN_CLAUSE:
        return
    norm = PRESCRIBED.sub("", normalise_clause(text[a:b]))
    if len(norm) < MIN_CLAUSE:
        return
    key = clause_key(norm)
    if key in ignore:
        return
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    out.append(Clause(a, b, key, len(norm)))


def _heading_keys(section: dict[str, Any]) -> set[int]:
    keys = set()
    for s in (section, *(section.get("subsections") or ())):
        for field in ("heading", "title"):
            for piece in _SPLIT.split(str(s.get(field) or "")):
                n = PRESCRIBED.sub("", normalise_clause(piece))
                if n:
                    keys.add(clause_key(n))
    return keys


def part_clauses(report: Any, parts: Sequence[str] = FREE_PARTS) -> dict[str, list[Clause]]:
    """The counted clauses of each free-text part present in ``report`` (a Report); cached."""
    out: dict[str, list[Clause]] = {}
    for part in parts:
        found = report.analysis(_part_clauses, part)
        if found is not None:
            out[part] = found
    return out


def _part_clauses(report: Any, part: str) -> list[Clause] | None:
    sec = report.section(part)
    span = sec.get("span") if sec else None
    return (clauses(report.text, span["start"], span["end"], _heading_keys(sec))
            if isinstance(span, dict) else None)


def keys_of(report: Any, parts: Sequence[str] = FREE_PARTS) -> frozenset[int]:
    """Every counted clause key of the report's free-text parts (cached)."""
    return frozenset(report.analysis(_clause_keys, tuple(parts)))


def _clause_keys(report: Any, parts: tuple[str, ...]) -> frozenset[int]:
    return frozenset(c.key for cl in part_clauses(report, parts).values() for c in cl)


@dataclass(frozen=True)
class Share:
    """How much of one part is found in the other report."""

    part: str
    copied: int  # normalised characters in clauses found in the other report
    total: int   # normalised characters counted in the part

    @property
    def ratio(self) -> Fraction:
        return Fraction(self.copied, self.total) if self.total else Fraction(0)

    @property
    def percent(self) -> int:
        """The share in whole per cent, rounded down (exact integer arithmetic)."""
        return self.copied * 100 // self.total if self.total else 0


def share_of(cl: Sequence[Clause], other: frozenset[int] | set[int], part: str) -> Share:
    total = sum(c.size for c in cl)
    copied = sum(c.size for c in cl if c.key in other)
    return Share(part, copied, total)


def passage(text: str, cl: Sequence[Clause], other: frozenset[int] | set[int],
            limit: int = 160) -> tuple[int, int, str] | None:
    """The longest stretch of consecutive clauses found in ``other``: (start, end, text)."""
    best: tuple[int, int, int] | None = None  # size, first index, last index
    run_start, run_size = -1, 0
    for i, c in enumerate(cl):
        if c.key in other:
            if run_start < 0:
                run_start, run_size = i, 0
            run_size += c.size
            if best is None or run_size > best[0]:
                best = (run_size, run_start, i)
        else:
            run_start = -1
    if best is None:
        return None
    a, b = cl[best[1]].start, cl[best[2]].end
    quote = " ".join(text[a:b].split())
    if len(quote) > limit:
        quote = quote[:limit - 1] + "…"
    return a, b, quote
