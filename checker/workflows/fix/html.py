"""``gongkai fix`` on HTML: edit text between tags only, every other byte kept as it is.

The page is cut into markup (tags, comments, ``<!DOCTYPE>``, CDATA, and the contents of
``script``/``style``/``textarea``), which is never touched, and text. The fixes are planned on
the text as a browser lays it out: block tags (``p``, ``div``, ``br``, ``td`` …) end a line,
inline tags (``span``, ``b`` …) are transparent, entities count as the one character they
stand for, and source line breaks inside text are spaces. A fix that would have to cross a
block tag (a number split over two paragraphs) is not made and is reported for a manual fix.
"""
from __future__ import annotations

import html
import re
from collections.abc import Sequence

from checker.workflows.fix.encoding import TextFix, decode_exact, encode_exact
from checker.workflows.fix.model import Plan, keep_editable
from checker.workflows.fix.plan import checked, plan_findings

__all__ = ["fix_html"]

_TOKEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|<\?.*?\?>"
    r"|<(?P<name>/?[A-Za-z][A-Za-z0-9:-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.S)
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp")
_BLOCK = frozenset(
    "address article aside blockquote br caption center dd details dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section "
    "summary table tbody tfoot thead td th tr ul body html head".split())
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _guess_html(data: bytes, path: str | None) -> str:
    from checker.readers.htmlmeta import decode

    return decode(data)[1]


def _layout(src: str) -> tuple[str, list[tuple[int, int] | None]]:
    """The laid-out text of the page, and for each of its characters the raw span it came
    from (None for a line break made by a tag)."""
    chars: list[str] = []
    spans: list[tuple[int, int] | None] = []

    def text(a: int, b: int) -> None:
        pos = a
        for m in _ENTITY.finditer(src, a, b):
            plain(pos, m.start())
            got = html.unescape(m.group())
            if len(got) == 1:
                chars.append(got)
                spans.append((m.start(), m.end()))
            else:
                plain(m.start(), m.end())
            pos = m.end()
        plain(pos, b)

    def plain(a: int, b: int) -> None:
        for i in range(a, b):
            ch = src[i]
            chars.append(" " if ch in "\r\n\t\f" else ch)
            spans.append((i, i + 1))

    pos = 0
    while pos < len(src):
        m = _TOKEN.search(src, pos)
        if m is None:
            text(pos, len(src))
            break
        text(pos, m.start())
        name = (m.group("name") or "").lower()
        end = m.end()
        if name in _RAW_TEXT:
            close = re.compile(rf"</{name}\s*>", re.I).search(src, end)
            end = close.end() if close else len(src)
        if name.lstrip("/") in _BLOCK:
            chars.append("\n")
            spans.append(None)
        pos = end
    return "".join(chars), spans


def fix_html(data: bytes, path: str | None, kinds: Sequence[str]) -> TextFix:
    """Plan and apply the fixes to the text nodes of an HTML page: the page is checked, and
    the fixes of its findings are placed on the laid-out text."""
    src, enc = decode_exact(data, path, guess=_guess_html)
    laid, spans = _layout(src)
    report_text, findings = checked(path or "report.html", data)
    p: Plan = keep_editable(plan_findings(report_text, findings, laid, kinds),
                            lambda pos: spans[pos] is not None)

    def where(pos: int) -> int:
        for span in spans[pos:]:
            if span is not None:
                return src.count("\n", 0, span[0]) + 1
        return src.count("\n") + 1

    if not p.fixes:
        return TextFix(src, src, None, p, where, planned=laid)
    pieces: list[str] = []
    at = 0
    for e in sorted(p.edits, key=lambda e: e.pos):
        span = spans[e.pos]
        assert span is not None  # keep_editable dropped every fix at a tag
        a, b = span
        pieces += [src[at:a], e.new]
        at = b
    out = "".join(pieces) + src[at:]
    return TextFix(src, out, encode_exact(out, enc, path), p, where, planned=laid)
