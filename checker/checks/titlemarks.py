"""Book-title marks 《》 and 〈〉 of the report text, paired paragraph by paragraph (spec
§4.3); found once per report as a report analysis, for the citation kinds and the scan of
cited titles in :mod:`checker.checks.doctext`."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.report import Report

from checker.engine.kinds import Fix
from checker.files.recache import compile_pattern

__all__ = ["Marks", "ascii_fix", "marks", "nested_fix", "unclosed_outer_fix"]


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


# -- the repairs the citation.marks_* kinds attach to their findings ------------------------------
#: An unclosed outer title directly around a closed inner title that is followed by the cited
#: number: 《A《B》（X〔2020〕1号） — the outer title can only end where the number begins.
_UNCLOSED_OUTER = compile_pattern(
    r"《(?P<outer>[^《》〈〉\n]{1,80})(?P<open>《)(?P<inner>[^《》〈〉\n]{1,120})(?P<close>》)"
    r"(?=[（(][\u4e00-\u9fff]{1,12}[〔﹝\[［【（(][0-9]{4}[〕﹞\]］】）)][0-9]{1,5}号[）)])")
_INNER_TITLE = ("内层书名号改用“〈〉”", "use 〈〉 for the inner title")


def nested_fix(text: str, mk: Marks, inner: int) -> Fix | None:
    """The inner title at ``inner`` written with 〈〉 — only at an odd depth (《〈《〉》 marks
    alternate: a title three deep keeps 《》), and only when it is closed."""
    close = mk.pairs.get(inner, inner)
    if close <= inner:
        return None
    ls = text.rfind("\n", 0, inner) + 1
    depth = sum(1 for o in range(ls, inner)
                if text[o] in _OPENERS and mk.pairs.get(o, -1) > close)
    if depth % 2 == 0:
        return None
    return Fix(edits=((inner, 1, "〈"), (close, 1, "〉")), title=_INNER_TITLE[0],
               title_en=_INNER_TITLE[1], kind="marks")


def unclosed_outer_fix(text: str, start: int, end: int) -> Fix | None:
    """For a paragraph ``text[start:end]`` with one 《 too many: when an unclosed outer title
    directly wraps a closed inner one followed by the cited number, the inner title takes 〈〉
    and the outer one closes before the number. None otherwise (no safe place to close)."""
    para = text[start:end]
    if para.count("《") != para.count("》") + 1:
        return None
    m = _UNCLOSED_OUTER.search(para)
    if m is None:
        return None
    return Fix(edits=((start + m.start("open"), 1, "〈"), (start + m.start("close"), 1, "〉》")),
               title="内层书名号改用“〈〉”，外层书名号在文号前闭合",
               title_en="use 〈〉 for the inner title and close the outer one before the number",
               kind="marks")


def ascii_fix(start: int, end: int, inside: bool) -> Fix:
    """The look-alike marks at ``start`` and ``end - 1`` replaced by 〈〉 (inside 《》) or 《》."""
    opening, closing = ("〈", "〉") if inside else ("《", "》")
    return Fix(edits=((start, 1, opening), (end - 1, 1, closing)),
               title=f"改用书名号“{opening}{closing}”",
               title_en=f"use the book-title marks {opening}{closing}", kind="marks")
