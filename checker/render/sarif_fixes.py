"""SARIF ``fixes`` for findings that ``gongkai fix`` can repair in a plain-text source.

The text fixer's plan (:mod:`checker.workflows.fix.plan`) is made on the source file as it is
on disk; each planned fix whose span meets a finding's lines becomes a SARIF ``fix`` with one
replacement (the span's text before → after), in the same line/column terms as the finding's
region.
HTML and Word sources are fixed through their markup, which a text replacement cannot
express; their findings carry no ``fixes`` (``gongkai fix`` still repairs them).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.errors import GongkaiError

__all__ = ["FIXABLE", "FixCache", "TextFixes", "planned_fixes"]

_TEXT_SUFFIXES = (".txt", ".text", ".md")
#: The rules whose defect ``gongkai fix`` repairs, and by which kinds of fix.
FIXABLE: dict[str, tuple[str, ...]] = {
    "DOC001": ("brackets",), "DOC002": ("brackets",), "DOC003": ("brackets",),
    "DOC004": ("brackets",), "DOC011": ("spaces",), "DOC012": ("spaces",),
    "DOC015": ("spaces",), "FEE004": ("marks",), "FEE005": ("marks",),
}
Span = tuple[int, int, int, int, str, str, tuple[str, ...]]


@dataclass(frozen=True)
class TextFixes:
    """One file's planned fixes as (start line, start column, end line, end column, before,
    after, kinds), 1-based, end column exclusive."""

    spans: tuple[Span, ...]

    def for_finding(self, code: str, start: tuple[int, int], end: tuple[int, int]) -> list[Span]:
        """The fixes of the kinds that repair rule ``code`` whose span overlaps the finding's
        (line, column) range ``start``..``end`` (inclusive)."""
        kinds = set(FIXABLE.get(code, ()))
        return [s for s in self.spans if kinds & set(s[6])
                and (s[0], s[1]) <= end and (s[2], s[3]) > start]


def _position(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


#: The planned fixes of each source file already looked at in one rendering (None: no fixes).
FixCache = dict[str, "TextFixes | None"]


def planned_fixes(path: str | None, cache: FixCache) -> TextFixes | None:
    """The fixes planned for the text file ``path`` (None when not a readable text file)."""
    if not path or not path.lower().endswith(_TEXT_SUFFIXES):
        return None
    if path in cache:
        return cache[path]
    result: TextFixes | None = None
    try:
        from checker.workflows.fix.files import plan_file
        from checker.workflows.fix.kinds import DEFAULT_KINDS

        planned = plan_file(Path(path), DEFAULT_KINDS)
        if planned.kind == "text":
            text = planned.result.text
            spans = []
            for fix in planned.result.plan.fixes:
                sl, sc = _position(text, fix.start)
                el, ec = _position(text, fix.end)
                spans.append((sl, sc, el, ec, fix.before(text), fix.after(text), fix.kinds))
            result = TextFixes(tuple(spans))
    except (GongkaiError, OSError, ValueError):  # a file that cannot be planned has no fixes
        result = None
    cache[path] = result
    return result
