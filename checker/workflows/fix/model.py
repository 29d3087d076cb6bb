"""What ``gongkai fix`` plans: one-character edits on the text a writer holds, grouped into
fixes applied all or none, and what needs a manual fix.

Edits are one character each so that callers holding text in pieces (HTML text nodes, DOCX
runs) can map every edit back to its piece; a fix whose edits cannot all be mapped is dropped
whole and reported as needing a manual fix.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from checker.workflows.fix.kinds import KINDS

__all__ = ["Edit", "Fix", "Manual", "Plan", "apply_edits", "keep_editable", "line_of"]


@dataclass(frozen=True)
class Edit:
    """Replace the one character at ``pos`` (``old``) by ``new`` ('' deletes it)."""

    pos: int
    old: str
    new: str
    kind: str


@dataclass(frozen=True)
class Fix:
    """One repaired defect and its edits (applied all or none)."""

    start: int
    end: int
    edits: tuple[Edit, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of its edits, known kinds first in their order."""
        found = list(dict.fromkeys(e.kind for e in self.edits))
        return tuple(k for k in KINDS if k in found) + tuple(k for k in found if k not in KINDS)

    def before(self, text: str) -> str:
        return text[self.start:self.end]

    def after(self, text: str) -> str:
        return apply_edits(text[self.start:self.end],
                           [Edit(e.pos - self.start, e.old, e.new, e.kind) for e in self.edits])


@dataclass(frozen=True)
class Manual:
    """A defect without a safe automatic fix. ``reason``: ``marks_unbalanced`` (a rule found
    it and attached no fix), ``split`` (the fix would have to edit markup, a paragraph break or
    a line break in a Word document) or ``unplaced`` (the fix could not be placed exactly in
    the source; ``pos`` is then -1)."""

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
