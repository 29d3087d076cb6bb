"""SARIF ``fixes`` from the fixes attached to findings (:class:`checker.findings.Fix`).

A fix's edits are positions in the report text. For a plain-text source the report text is
the file's decoded text with its line endings made ``\\n``, so its lines and columns (code
points) are the file's: each fix becomes one SARIF ``fix`` with one replacement — the span
from the finding's start (or the first edit, if earlier) to its end (or the last edit) and
the same span with the edits made. HTML and Word sources are repaired through their markup
(``gongkai fix`` places the edits there), which a text replacement cannot express; their
findings carry no ``fixes``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from checker.findings import Finding
from checker.readers.locate import offset_at

__all__ = ["fixes_of", "source_text"]

_TEXT_SUFFIXES = (".txt", ".text", ".md")


def source_text(path: str | None, cache: dict[str, str | None]) -> str | None:
    """The report text of the plain-text file ``path`` as the text reader makes it (None:
    not a readable text file)."""
    if not path or not path.lower().endswith(_TEXT_SUFFIXES):
        return None
    if path not in cache:
        from checker.readers.decode import decode_text

        try:
            text: str | None = decode_text(Path(path).read_bytes(), path)[0]
        except (OSError, ValueError):
            text = None
        if text is not None:
            text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
        cache[path] = text
    return cache[path]


def _position(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def fixes_of(f: Finding, text: str, artifact: dict[str, str], lang: str) -> list[dict[str, Any]]:
    """The SARIF ``fixes`` of finding ``f`` whose report text is ``text`` (the source file's)."""
    fix = f.fix
    if fix is None or not fix.edits:
        return []
    start = min(o for o, _, _ in fix.edits)
    end = max(o + n for o, n, _ in fix.edits)
    if end > len(text):
        return []  # the file is not the one that was checked
    loc = f.location
    a = offset_at(text, loc.line, loc.column)
    b = offset_at(text, loc.end_line, loc.end_column)
    if a is not None and a < start:
        start = a
    if b is not None and b > end:
        end = b
    before = text[start:end]
    after = type(fix)(tuple((o - start, n, r) for o, n, r in fix.edits), fix.title).apply(before)
    sl, sc = _position(text, start)
    el, ec = _position(text, end)
    if lang == "en":
        words = f"{fix.title_en or fix.title}: replace “{before}” with “{after}” (gongkai fix)"
    else:
        words = f"{fix.title}：将“{before}”改为“{after}”（gongkai fix）"
    return [{
        "description": {"text": words},
        "artifactChanges": [{
            "artifactLocation": artifact,
            "replacements": [{
                "deletedRegion": {"startLine": sl, "startColumn": sc, "endLine": el,
                                  "endColumn": ec},
                "insertedContent": {"text": after}}]}],
        "properties": {"kinds": [fix.kind] if fix.kind else []}}]
