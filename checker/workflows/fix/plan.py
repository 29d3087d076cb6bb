"""Safe typographic fixes, planned on text: what ``gongkai fix`` would change, char by char.

Only four kinds of change are ever made, each inside a strictly recognised pattern, and never
to a number or a word:

``brackets``
    the year brackets of a 发文字号 (``【】 [] ［］ （） () ﹝﹞`` → ``〔〕``), only in the complete
    form 机关代字 + bracket + four-digit year (19xx/20xx) + bracket + serial + 号.
``spaces``
    whitespace inside such a document number, or inside a decree number
    (``国务院令 第 711 号`` → ``国务院令第711号``). A line break between the agency code and the
    bracket, or between the bracket and the serial (``鲁政办发⏎⏎〔2023〕8号``), is whitespace
    inside the number too, and is removed: the number is joined onto one line.
``marks``
    nested book-title marks ``《…《…》…》`` → ``《…〈…〉…》``, only in a line whose marks balance;
    an unbalanced line is never guessed at, it is reported as needing a manual fix.
``ordinals``
    half-width ordinal brackets ``(一)`` → ``（一）`` (一 … 十) at the start of a line or of a
    table cell (after a tab or a run of two spaces).

A plan is a list of :class:`Fix` (one per recognised number, title pair or ordinal), each made
of one-character :class:`Edit` s, so that callers holding text in pieces (HTML text nodes,
DOCX runs) can map every edit back to its piece; a fix whose edits cannot all be mapped is
dropped whole and reported as needing a manual fix.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

__all__ = ["KINDS", "DEFAULT_KINDS", "Edit", "Fix", "Manual", "Plan", "plan", "apply_edits", "keep_editable", "line_of"]

from checker.workflows.fix.kinds import DEFAULT_KINDS, KINDS
#: An unclosed outer title directly around a closed inner title that is followed by the cited
#: number: 《A《B》（X〔2020〕1号） — the outer title can only end where the number begins.
_UNCLOSED_OUTER = re.compile(
    r"《(?P<outer>[^《》〈〉\n]{1,80})(?P<open>《)(?P<inner>[^《》〈〉\n]{1,120})(?P<close>》)"
    r"(?=[（(][\u4e00-\u9fff]{1,12}[〔﹝\[［【（(][0-9]{4}[〕﹞\]］】）)][0-9]{1,5}号[）)])")

_H = "[ \u00a0\u2002\u2003\u2009\u3000]"
_HGAP = _H + "{0,4}"
_GAP = "[ \u00a0\u2002\u2003\u2009\u3000\r\n]{0,12}"
_DOCNO = re.compile(
    rf"(?P<agency>[\u4e00-\u9fff]{{2}})(?P<g1>{_GAP})(?P<open>[〔﹝\[［【（(])(?P<g2>{_HGAP})"
    rf"(?P<year>(?:19|20)[0-9]{{2}})(?P<g3>{_HGAP})(?P<close>[〕﹞\]］】）)])(?P<g4>{_GAP})"
    rf"(?P<serial>[0-9]{{1,5}})(?P<g5>{_HGAP})号")
_DECREE = re.compile(
    rf"(?:国务院令|国令)(?P<g1>{_GAP})(?:第(?P<g2>{_HGAP}))?(?P<serial>[0-9]{{1,5}})"
    rf"(?P<g3>{_HGAP})号")
_ORDINAL = re.compile(
    r"(?:^|(?<=\t)|(?<=[ \u3000]{2}))[ \u3000]*(?P<open>[(（])[一二三四五六七八九十](?P<close>[)）])",
    re.M)
_MAX_BREAKS = 3


@dataclass(frozen=True)
class Edit:
    """Replace the one character at ``pos`` (``old``) by ``new`` ('' deletes it)."""

    pos: int
    old: str
    new: str
    kind: str


@dataclass(frozen=True)
class Fix:
    """One recognised pattern and the edits that repair it (applied all or none)."""

    start: int
    end: int
    edits: tuple[Edit, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(k for k in KINDS if any(e.kind == k for e in self.edits))

    def before(self, text: str) -> str:
        return text[self.start:self.end]

    def after(self, text: str) -> str:
        return apply_edits(text[self.start:self.end],
                           [Edit(e.pos - self.start, e.old, e.new, e.kind) for e in self.edits])


@dataclass(frozen=True)
class Manual:
    """A defect that has no safe automatic fix: ``reason`` is ``marks_unbalanced`` or
    ``split`` (a fix that would have to edit markup, a paragraph break or a line break in a
    Word document)."""

    pos: int
    end: int
    reason: str


@dataclass
class Plan:
    fixes: list[Fix] = field(default_factory=list)
    manual: list[Manual] = field(default_factory=list)

    @property
    def edits(self) -> list[Edit]:
        return [e for f in self.fixes for e in f.edits]


def _gap_edits(m: re.Match[str], groups: Iterable[str], kind: str) -> list[Edit]:
    out = []
    for g in groups:
        if m.group(g):
            out += [Edit(p, m.string[p], "", kind) for p in range(m.start(g), m.end(g))]
    return out


def _breaks_ok(m: re.Match[str], groups: Iterable[str]) -> bool:
    return all((m.group(g) or "").count("\n") <= _MAX_BREAKS for g in groups)


def _docnos(text: str) -> list[Fix]:
    out = []
    for m in _DOCNO.finditer(text):
        if m.group("agency").endswith("令"):
            continue  # 国务院令〔2019〕711号 is a decree number written wrongly: wording
        gaps = ("g1", "g2", "g3", "g4", "g5")
        if not _breaks_ok(m, gaps):
            continue
        edits = _gap_edits(m, gaps, "spaces")
        for g, want in (("open", "〔"), ("close", "〕")):
            if m.group(g) != want:
                edits.append(Edit(m.start(g), m.group(g), want, "brackets"))
        if edits:
            out.append(Fix(m.start("agency"), m.end(), tuple(sorted(edits, key=lambda e: e.pos))))
    return out


def _decrees(text: str) -> list[Fix]:
    out = []
    for m in _DECREE.finditer(text):
        gaps = ("g1", "g2", "g3")
        edits = _gap_edits(m, gaps, "spaces")
        if edits and _breaks_ok(m, gaps):
            out.append(Fix(m.start(), m.end(), tuple(edits)))
    return out


def _ordinals(text: str) -> list[Fix]:
    out = []
    for m in _ORDINAL.finditer(text):
        edits = [Edit(m.start(g), m.group(g), want, "ordinals")
                 for g, want in (("open", "（"), ("close", "）")) if m.group(g) != want]
        if edits:
            out.append(Fix(m.start("open"), m.end(), tuple(edits)))
    return out


def _lines(text: str) -> Iterable[tuple[int, int]]:
    start = 0
    for m in re.finditer(r"\n", text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _marks(text: str) -> tuple[list[Fix], list[Manual]]:
    fixes: list[Fix] = []
    manual: list[Manual] = []
    for ls, le in _lines(text):
        line = text[ls:le]
        if line.count("《") < 2:
            continue
        stack: list[int] = []
        pairs: list[tuple[int, int, int]] = []  # (open, close, depth)
        balanced, nested = True, False
        for i, ch in enumerate(line):
            if ch in "《〈":
                if ch == "《" and any(line[s] == "《" for s in stack):
                    nested = True
                stack.append(i)
            elif ch in "》〉":
                if not stack or line[stack[-1]] != {"》": "《", "〉": "〈"}[ch]:
                    balanced = False
                    break
                pairs.append((stack.pop(), i, len(stack)))
        balanced = balanced and not stack
        if not balanced:
            m = _UNCLOSED_OUTER.search(line) if line.count("《") == line.count("》") + 1 else None
            if m:
                o, c = ls + m.start("open"), ls + m.start("close")
                fixes.append(Fix(ls + m.start(), c + 1, (Edit(o, "《", "〈", "marks"),
                                                         Edit(c, "》", "〉》", "marks"))))
            elif nested or line.count("《") > line.count("》"):
                manual.append(Manual(ls, le, "marks_unbalanced"))
            continue
        for o, c, depth in pairs:
            if depth % 2 == 1 and line[o] == "《":
                fixes.append(Fix(ls + o, ls + c + 1, (Edit(ls + o, "《", "〈", "marks"),
                                                      Edit(ls + c, "》", "〉", "marks"))))
    return fixes, manual


def plan(text: str, kinds: Sequence[str] = KINDS) -> Plan:
    """Every safe fix in ``text`` of the given kinds, and what needs a manual fix."""
    fixes: list[Fix] = []
    result = Plan()
    if "brackets" in kinds or "spaces" in kinds:
        fixes += _docnos(text) + _decrees(text)
    if "ordinals" in kinds:
        fixes += _ordinals(text)
    if "marks" in kinds:
        got, result.manual = _marks(text)
        fixes += got
    seen: set[int] = set()
    for f in sorted(fixes, key=lambda f: f.start):
        edits = tuple(e for e in f.edits if e.kind in kinds and e.pos not in seen)
        if edits:
            seen.update(e.pos for e in edits)
            result.fixes.append(Fix(f.start, f.end, edits))
    return result


def keep_editable(p: Plan, editable: Callable[[int], bool]) -> Plan:
    """Drop every fix with an edit at a position that cannot be edited (markup, a paragraph
    break); each dropped fix becomes a :class:`Manual` with reason ``split``."""
    out = Plan(manual=list(p.manual))
    for f in p.fixes:
        if all(editable(e.pos) for e in f.edits):
            out.fixes.append(f)
        else:
            out.manual.append(Manual(f.start, f.end, "split"))
    out.manual.sort(key=lambda m: m.pos)
    return out


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply one-character edits (positions in ``text``); each ``old`` must match."""
    chars = list(text)
    for e in sorted(edits, key=lambda e: e.pos, reverse=True):
        if chars[e.pos] != e.old:
            raise ValueError(f"edit at {e.pos} expects {e.old!r}, found {chars[e.pos]!r}")
        chars[e.pos] = e.new
    return "".join(chars)


def line_of(text: str, pos: int) -> int:
    """1-based line number of offset ``pos``."""
    return text.count("\n", 0, pos) + 1
