"""Compiled regular expressions kept between runs: the start-up cost of CJK character classes.

CPython compiles a pattern in pure Python, and a character class that mixes ASCII with a large
CJK range (``[0-9A-Za-z\\u3400-\\u9fff]``) is built code point by code point: several
milliseconds each. A check of one report compiles about a hundred patterns, which made pattern
compilation the largest single cost of a short ``gongkai check`` (issue 13). What the compiler
produces — the code list the matching engine (``_sre``) runs, with the group names — depends
only on the pattern, its flags and the Python build, so it is kept in the user's cache directory
(:mod:`checker.files.marshalcache`) and handed straight to the engine next time.

Safe when stale or broken: the file is keyed by the Python version and the engine's ``MAGIC``;
an entry is used only if the engine accepts it; anything unexpected (another Python
implementation, renamed internals, an unreadable or corrupt file) means plain ``re.compile``.
A test compares every cached pattern with ``re.compile`` of the same source (equal patterns
have equal code). ``GONGKAI_NO_CACHE=1`` turns it off; a cache that cannot be written only
costs speed.
"""
from __future__ import annotations

import re
import sys
from array import array
from typing import Any

from checker.files.marshalcache import MAX_ENTRIES, MarshalCache, enabled

__all__ = ["CACHE", "MAX_ENTRIES", "compile_pattern", "save"]

# flags, the engine's code (as the bytes of an array of code words: marshal reads bytes in one
# copy, where a list of ints is an object per word), groups, group names, names by index
Entry = tuple[int, bytes | list[int], int, dict[str, int], tuple[str | None, ...]]

try:  # the compiler's two halves: public-but-private modules, named differently before 3.11
    import _sre  # type: ignore[import-not-found]  # the C matching engine: typeshed has no stub

    if sys.version_info >= (3, 11):
        from re import _compiler as _sre_compile
        from re import _parser as _sre_parse
    else:  # pragma: no cover - Python 3.10
        import sre_compile as _sre_compile
        import sre_parse as _sre_parse
    _AVAILABLE = sys.implementation.name == "cpython" and hasattr(_sre_compile, "_code")
    _WORDS = "I" if array("I").itemsize == _sre.CODESIZE else None  # the engine's code word
    CACHE = MarshalCache(f"regex2-{_sre.MAGIC}")
except ImportError:  # pragma: no cover - another implementation
    _AVAILABLE = False
    _WORDS = None
    CACHE = MarshalCache("regex2")


def _enabled() -> bool:
    return _AVAILABLE and enabled()


def _compile_code(source: str, flags: int) -> Entry:
    """What ``re.compile`` hands to the engine, worked out by the standard compiler."""
    parsed: Any = _sre_parse.parse(source, flags)
    # a private helper typeshed does not declare (its presence is checked: _AVAILABLE)
    code = _sre_compile._code(parsed, flags)  # type: ignore[attr-defined]
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    words = [int(c) for c in code]
    return (int(flags | parsed.state.flags),
            array(_WORDS, words).tobytes() if _WORDS else words, parsed.state.groups - 1,
            {str(k): int(v) for k, v in groupindex.items()},
            tuple(indexgroup))


def _engine_args(entry: Entry) -> tuple[Any, ...]:
    """The entry as ``_sre.compile`` takes it (the code as a list of code words)."""
    flags, code, groups, groupindex, indexgroup = entry
    if isinstance(code, bytes):
        code = array(_WORDS or "I", code).tolist()
    return flags, code, groups, groupindex, indexgroup


def compile_pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, with the compiler's work kept between runs."""
    if not _enabled() or flags & re.DEBUG:
        return re.compile(source, flags)
    key = (source, int(flags))
    entry = CACHE.get(key)
    if entry is not None:
        try:
            pattern: re.Pattern[str] = _sre.compile(source, *_engine_args(entry))
            return pattern
        except Exception:  # an entry the engine refuses: compile afresh
            pass
    try:
        entry = _compile_code(source, int(flags))
        pattern = _sre.compile(source, *_engine_args(entry))
    except re.error:
        raise  # a bad pattern is the caller's error, as with re.compile
    except Exception:  # internals not as expected: the plain way
        return re.compile(source, flags)
    CACHE.put(key, entry)
    return pattern


def save() -> None:
    """Write the patterns compiled by this process into the cache file (atomically)."""
    CACHE.save()
