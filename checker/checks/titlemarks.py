"""Book-title marks 《》 and 〈〉 of the report text, paired paragraph by paragraph (spec
§4.3); found once per report as a report analysis, for the citation kinds and the scan of
cited titles in :mod:`checker.checks.doctext`."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.report import Report

__all__ = ["Marks", "marks"]


@dataclass
class Marks:
    """Book-title marks of the text, paragraph by paragraph (a paragraph is one line)."""

    pairs: dict[int, int] = field(default_factory=dict)     # 《 → 》 and 〈 → 〉, both ways
    unclosed: list[int] = field(default_factory=list)       # 《/〈 never closed
    unopened: list[int] = field(default_factory=list)       # 》/〉 with no opener
    nested: list[tuple[int, int]] = field(default_factory=list)  # (outer 《, inner 《) pairs
    bad_paragraphs: set[int] = field(default_factory=set)   # start offsets of unbalanced ones


_OPENERS = {"《": "》", "〈": "〉"}
_CLOSERS = {"》": "《", "〉": "〈"}


def _positions(text: str, ch: str) -> list[int]:
    out = []
    at = text.find(ch)
    while at >= 0:
        out.append(at)
        at = text.find(ch, at + 1)
    return out


def _scan_marks(text: str) -> Marks:
    res = Marks()
    found = sorted((at, ch) for ch in "《》〈〉" for at in _positions(text, ch))
    if not found:
        return res
    # group the marks by paragraph (line); a title broken across lines joins two paragraphs
    lines: list[tuple[int, list[tuple[int, str]]]] = []
    for at, ch in found:
        ls = text.rfind("\n", 0, at) + 1
        if lines and lines[-1][0] == ls:
            lines[-1][1].append((at, ch))
        else:
            lines.append((ls, [(at, ch)]))
    stack: list[int] = []
    nested: list[tuple[int, int]] = []
    para_start: int | None = None
    for i, (ls, items) in enumerate(lines):
        if para_start is None:
            para_start, stack, nested = ls, [], []
        for at, ch in items:
            if ch in _OPENERS:
                if ch == "《" and any(text[s] == "《" for s in stack):
                    outer = next(s for s in reversed(stack) if text[s] == "《")
                    nested.append((outer, at))
                stack.append(at)
                continue
            want = _CLOSERS[ch]
            if stack and text[stack[-1]] == want:
                res.pairs[stack.pop()] = at
            elif any(text[s] == want for s in stack):
                while text[stack[-1]] != want:  # what lies between is never closed
                    res.unclosed.append(stack.pop())
                    res.bad_paragraphs.add(para_start)
                res.pairs[stack.pop()] = at
            else:
                res.unopened.append(at)
                res.bad_paragraphs.add(para_start)
        if stack and i + 1 < len(lines) and _continues(text, ls, lines[i + 1], stack):
            continue  # a title broken across lines: the paragraph goes on
        if stack:
            res.unclosed.extend(stack)
            res.bad_paragraphs.add(para_start)
        if para_start not in res.bad_paragraphs:
            res.nested.extend(nested)
        para_start = None
    res.pairs.update({v: k for k, v in list(res.pairs.items())})
    return res


def _continues(text: str, ls: int, nxt: tuple[int, list[tuple[int, str]]],
               stack: list[int]) -> bool:
    """Is the next line with marks the next non-empty line, and does it close the titles
    left open (with only balanced titles of its own on the way)? Then a title was broken
    across lines, typically by copying out of a PDF."""
    line_end = text.find("\n", ls)
    between = text[line_end + 1:nxt[0]] if line_end >= 0 else ""
    if between.strip() or between.count("\n") > 3:
        return False
    need = [text[s] for s in stack]
    local: list[str] = []
    for _, ch in nxt[1]:
        if ch in _OPENERS:
            local.append(ch)
        elif local and _CLOSERS[ch] == local[-1]:
            local.pop()
        elif not local and need and _CLOSERS[ch] == need[-1]:
            need.pop()
            if not need:
                return True
        else:
            return False
    return False


def marks(report: Report) -> Marks:
    """The book-title marks of the text (pairs, and the ones left open), found once."""
    return report.analysis(_marks)


def _marks(report: Report) -> Marks:
    return _scan_marks(report.text)
