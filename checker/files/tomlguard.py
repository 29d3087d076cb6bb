"""TOML read with its limits checked before the parser runs.

The standard parser (``tomllib``) keeps, for every dotted key, every prefix of it: a key of
*n* parts costs it *n²* memory, so 100 kB of ``a.a.a…`` exhausts memory inside the parser.
:func:`loads` scans the text first — headers, dotted keys, inline tables and arrays, with
strings and comments skipped — and refuses a document nested deeper than ``max_depth``
before parsing it. The same scan refuses ``nan`` and ``inf`` values (a deduction of ``nan``
would make findings free; a total of ``inf`` is not JSON), naming the line and the key.
"""
from __future__ import annotations

import sys
from typing import Any

from checker.errors import GongkaiError, PackError

__all__ = ["MAX_TOML_DEPTH", "loads", "scan"]

MAX_TOML_DEPTH = 32
_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+.:")
_NONFINITE = frozenset({"nan", "inf", "+nan", "-nan", "+inf", "-inf"})


class TomlLimit(ValueError):
    """The text breaks a limit; ``line`` and ``key`` say where."""

    def __init__(self, message: str, line: int, key: str) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.key = key


def _skip_string(text: str, i: int) -> int:
    """Index just past the string starting at ``text[i]`` (a quote)."""
    q = text[i]
    if text.startswith(q * 3, i):
        end = text.find(q * 3, i + 3)
        if q == '"':
            while end != -1 and _escaped(text, end):
                end = text.find(q * 3, end + 1)
        if end == -1:
            return len(text)
        end += 3
        while end < len(text) and text[end] == q:  # up to two quotes may close the string
            end += 1
        return end
    j = i + 1
    n = len(text)
    while j < n:
        c = text[j]
        if c == "\\" and q == '"':
            j += 2
            continue
        if c == q or c == "\n":
            return j + 1
        j += 1
    return n


def _escaped(text: str, at: int) -> bool:
    k = at - 1
    count = 0
    while k >= 0 and text[k] == "\\":
        count += 1
        k -= 1
    return count % 2 == 1


def scan(text: str, max_depth: int = MAX_TOML_DEPTH, *, finite: bool = True) -> None:
    """Raise :class:`TomlLimit` if the TOML ``text`` nests deeper than ``max_depth`` (table
    headers, dotted keys, inline tables and arrays together) or, with ``finite``, holds a
    ``nan`` or ``inf`` value. Syntax errors are left to the parser."""
    n = len(text)
    i = 0
    line = 1
    header = 0          # depth of the current [table] header
    header_name = ""
    nest: list[str] = []  # open brackets of the current value: "[" or "{"
    in_value = False
    key_depth = 0       # depth of the key whose value is being read
    key_name = ""
    seg = 1             # parts of the key being read
    key_start = -1
    at_line_start = True
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
            if not nest:
                in_value = False
                at_line_start = True
            continue
        if c in " \t\r":
            i += 1
            continue
        if c == "#":
            end = text.find("\n", i)
            i = n if end == -1 else end
            continue
        if c in "\"'":
            j = _skip_string(text, i)
            line += text.count("\n", i, j)
            i = j
            continue
        if at_line_start and not nest and c == "[":
            j = i + 1
            double = j < n and text[j] == "["
            parts = 1
            start = j + (1 if double else 0)
            while j < n and text[j] not in "]\n":
                if text[j] in "\"'":
                    j = _skip_string(text, j)
                    continue
                if text[j] == ".":
                    parts += 1
                j += 1
            header = parts + (1 if double else 0)
            header_name = text[start:j].strip()
            if header > max_depth:
                raise TomlLimit(f"nested too deeply: a table header {header} levels deep "
                                f"(limit {max_depth})", line, header_name[:80])
            i = j + 1
            at_line_start = False
            continue
        at_line_start = False
        if not in_value:
            if key_start < 0:
                key_start = i
            if c == ".":
                seg += 1
            elif c == "=":
                key_depth = header + seg
                key_name = (header_name + "." if header_name else "") + text[key_start:i].strip()
                if key_depth > max_depth:
                    raise TomlLimit(f"nested too deeply: a key {key_depth} levels deep "
                                    f"(limit {max_depth})", line, key_name[:80])
                in_value = True
                seg, key_start = 1, -1
            i += 1
            continue
        inline_key = bool(nest) and nest[-1] == "{" and key_start >= 0
        if c in "[{":
            nest.append(c)
            depth = key_depth + len(nest) + (seg - 1 if inline_key else 0)
            if depth > max_depth:
                raise TomlLimit(f"nested too deeply: a value {depth} levels deep "
                                f"(limit {max_depth})", line, key_name[:80])
            key_start, seg = (i + 1, 1) if c == "{" else (-1, 1)
            i += 1
            continue
        if c in "]}":
            if nest:
                nest.pop()
            key_start, seg = -1, 1
            i += 1
            continue
        if c == ",":
            key_start, seg = (i + 1, 1) if nest and nest[-1] == "{" else (-1, 1)
            i += 1
            continue
        if inline_key:
            if c == ".":
                seg += 1
                deep = key_depth + len(nest) + seg - 1
                if deep > max_depth:
                    raise TomlLimit(f"nested too deeply: a key {deep} levels deep "
                                    f"(limit {max_depth})",
                                    line, key_name[:80])
            elif c == "=":
                key_start, seg = -1, 1
            i += 1
            continue
        j = i
        while j < n and text[j] in _BARE:
            j += 1
        if j == i:
            i += 1
            continue
        if finite and text[i:j] in _NONFINITE:
            raise TomlLimit(f"'{text[i:j]}' is not a finite number", line, key_name[:80])
        i = j


def loads(text: str, path: str, *, error: type[GongkaiError] = PackError,
          max_depth: int = MAX_TOML_DEPTH, finite: bool = True,
          checked: bool = False) -> dict[str, Any]:
    """Parse TOML ``text`` (from ``path``) after :func:`scan`; every failure is ``error``.

    ``checked=True`` skips the scan and the character check: for text whose exact bytes
    passed them before (a pack found in the validated-content cache).
    """
    if sys.version_info >= (3, 11):  # imported here: a pack from the pack cache needs no TOML
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    if checked:
        try:
            parsed: dict[str, Any] = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, RecursionError) as exc:
            raise error(f"invalid TOML: {exc}", path=path) from None
        return parsed
    try:
        scan(text, max_depth, finite=finite)
    except TomlLimit as exc:
        hint = ("use a finite number" if "finite" in exc.message
                else f"TOML read by gongkai may nest at most {max_depth} levels")
        where = f"line {exc.line}" + (f", key {exc.key}" if exc.key else "")
        raise error(exc.message, path=path, where=where, hint=hint) from None
    try:
        doc: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"invalid TOML: {exc}", path=path) from None
    except RecursionError:
        raise error("TOML nested too deeply", path=path) from None
    from checker.files.textsafe import BAD_CHARS, replace_all

    if BAD_CHARS.search(text) or "\\u" in text.lower():  # literally, or as an escape
        replaced = replace_all(doc)
        if replaced:
            raise error(f"holds {replaced} characters that no output can hold (non-characters "
                        "such as U+FFFF)", path=path, hint="remove them")
    return doc
