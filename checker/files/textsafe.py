"""Text that every output can hold: lone surrogates and non-characters replaced by U+FFFD.

A JSON report may spell ``"\\ud800"`` (a lone surrogate: no UTF-8 file, XLSX cell or XML
document can hold it) or carry U+FFFF (not allowed in XML: JUnit, XLSX and HTML break on
it). :func:`make_representable` replaces every such character in a report, everywhere, by
U+FFFD and says how many it replaced, so that the caller can report it; outputs never fail
on them. Clean reports cost one search of their text (or of the raw JSON bytes).
"""
from __future__ import annotations

import functools
import re
import sys
from typing import Any

from checker.files.lazyre import LazyPattern, lazy

__all__ = [
    "BAD_CHARS",
    "clean",
    "make_representable",
    "note",
    "replace_all",
    "take",
    "warn_replaced",
]

# lone surrogates; U+FDD0..U+FDEF; U+xFFFE and U+xFFFF in every plane
BAD_CHARS = lazy("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
                 + "".join(f"\\U{p:04x}fffe\\U{p:04x}ffff" for p in range(1, 17)) + "]")
_RAW_SOURCE = (rb"\\u[dD][89a-fA-F]|\\u[fF][dD][dDeE][0-9a-fA-F]|\\u[fF][fF][fF][eEfF]"
               rb"|\xef\xbf[\xbe\xbf]|\xef\xb7[\x90-\xaf]|[\xf0-\xf4][\x8f\x9f\xaf\xbf]\xbf[\xbe\xbf]")
_RAW_HINTS = (b"\\u", b"\xef\xbf\xbe", b"\xef\xbf\xbf", b"\xef\xb7", b"\xbf\xbe", b"\xbf\xbf")
REPLACEMENT = "\ufffd"


@functools.cache
def _raw_pattern() -> re.Pattern[bytes]:
    """What :data:`BAD_CHARS` finds, in raw JSON bytes: ``\\u`` escapes of surrogates and
    non-characters, or their UTF-8 forms (compiled when a hint of one is first seen)."""
    return re.compile(_RAW_SOURCE)


# the same within the Basic Multilingual Plane: one table look-up per character, where
# BAD_CHARS tries its 32 ranges of the other planes one by one (15 times slower on CJK text)
_BMP_BAD_CHARS = lazy("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_LONG = 256  # characters from which a text is first looked at for the other planes


def _bad_chars(text: str) -> LazyPattern:
    """The pattern to search ``text`` with: the BMP one when no character of ``text`` lies
    beyond U+FFFF (two bytes each in UTF-16, lone surrogates included)."""
    if len(text) >= _LONG and len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text):
        return _BMP_BAD_CHARS
    return BAD_CHARS


def clean(text: str) -> tuple[str, int]:
    """``text`` with every unrepresentable character replaced, and how many were."""
    bad = _bad_chars(text)
    if bad.search(text) is None:
        return text, 0
    return bad.subn(REPLACEMENT, text)


def _walk(obj: Any) -> tuple[Any, int]:
    """Clean every string (keys too) in a JSON-like value, without recursion."""
    total = 0
    root: list[Any] = [obj]
    stack: list[tuple[Any, Any]] = [(root, 0)]
    while stack:
        holder, key = stack.pop()
        value = holder[key]
        if isinstance(value, str):
            new, n = clean(value)
            if n:
                holder[key] = new
                total += n
        elif isinstance(value, dict):
            for k in list(value):
                if isinstance(k, str):
                    nk, n = clean(k)
                    if n:
                        value[nk] = value.pop(k)
                        total += n
                        k = nk
                stack.append((value, k))
        elif isinstance(value, list):
            stack.extend((value, i) for i in range(len(value)))
    return root[0], total


def replace_all(obj: Any) -> int:
    """Replace unrepresentable characters in every string of ``obj`` (in place); how many."""
    return _walk(obj)[1]


def make_representable(report: Any, raw: bytes | None = None) -> int:
    """Replace unrepresentable characters in ``report`` in place; return how many there were.

    With ``raw`` (the JSON bytes the report was parsed from), a clean file costs one bytes
    search; otherwise the report's ``text`` and meta are searched first, and the whole report
    only when they hold such a character (tables and rows are read from the text).
    """
    if raw is not None:
        if not any(s in raw for s in _RAW_HINTS) or _raw_pattern().search(raw) is None:
            return 0
    elif isinstance(report, dict) and isinstance(report.get("text"), str):
        meta = report.get("meta")
        heads = [report["text"], *(v for v in (meta.values() if isinstance(meta, dict) else ())
                                   if isinstance(v, str))]
        if not any(BAD_CHARS.search(h) for h in heads):
            return 0
    _, n = _walk(report)
    return n


def warn_replaced(path: str | None, count: int, lang: str = "zh") -> None:
    """Tell the user (stderr) that ``count`` characters of ``path`` were replaced."""
    if not count:
        return
    name = path or "<report>"
    if lang == "en":
        msg = (f"gongkai: {name}: {count} characters that no output can hold (lone surrogates or "
               "non-characters) were replaced by U+FFFD")
    else:
        msg = (f"gongkai: {name}：{count} 个无法写入输出的字符（孤立代理项或非字符）"
               "已替换为 U+FFFD")
    try:
        sys.stderr.write(msg + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


_NOTED: dict[str, int] = {}


def note(path: str | None, count: int) -> None:
    """Remember that ``count`` characters of the report at ``path`` were replaced (the reader
    does not know the message language; :func:`take` hands the count to whoever reports it)."""
    if count:
        key = path or ""
        _NOTED[key] = _NOTED.get(key, 0) + count
        if len(_NOTED) > 1000:  # nobody collects them (library use): keep memory bounded
            _NOTED.pop(next(iter(_NOTED)))


def take(path: str | None) -> int:
    """How many characters were replaced in the report at ``path`` since the last call."""
    return _NOTED.pop(path or "", 0)
