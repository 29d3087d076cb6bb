"""What a pack's regular expression would cost the regex engine to compile, estimated first.

The ``regex`` module expands counted repeats when it compiles a pattern:
``(?:(?:a{1000}){1000}){1000}`` would take it minutes and gigabytes. :func:`expansion`
walks the pattern as the engine reads it — escapes, character sets (nested ones too),
groups, alternation, and in verbose mode (``(?x)`` or the flag) whitespace and comments,
which may stand between an item and its quantifier — and returns the number of item copies
compilation would make: the sum over a sequence, the product through nested counted repeats.
It stops counting as soon as the total passes ``limit``.
"""
from __future__ import annotations

from checker.files.lazyre import lazy

__all__ = ["MAX_EXPANSION", "check_expansion", "expansion"]

MAX_EXPANSION = 100_000
_COUNT = lazy(r"\{\s*(\d*)\s*(?:,\s*(\d*)\s*)?\}")
_FLAGS = lazy(r"\(\?([a-zA-Z^-]*)(\)|:)")


class _TooBig(Exception):
    pass


def _skip_set(src: str, i: int) -> int:
    """Index past the character set opening at ``src[i]`` (``[``), nested sets included."""
    depth = 0
    n = len(src)
    first = True
    while i < n:
        c = src[i]
        if c == "\\":
            i += 2
            first = False
            continue
        if c == "[" and (depth == 0 or not first):
            depth += 1
            i += 1
            first = True
            if i < n and src[i] == "^":
                i += 1
            continue
        if c == "]" and not first:
            depth -= 1
            i += 1
            if depth == 0:
                return i
            continue
        first = False
        i += 1
    return n


def _skip_escape(src: str, i: int) -> int:
    """Index past the escape starting at ``src[i]`` (a backslash)."""
    if i + 1 >= len(src):
        return len(src)
    c = src[i + 1]
    if c in "pPNxuUg" and i + 2 < len(src) and src[i + 2] in "{<":
        close = "}" if src[i + 2] == "{" else ">"
        end = src.find(close, i + 3)
        return len(src) if end == -1 else end + 1
    return i + 2


def _skip_verbose(src: str, i: int) -> int:
    n = len(src)
    while i < n:
        if src[i] in " \t\n\r\f\v":
            i += 1
        elif src[i] == "#":
            end = src.find("\n", i)
            i = n if end == -1 else end + 1
        else:
            break
    return i


def expansion(src: str, verbose: bool = False, limit: int = MAX_EXPANSION) -> int:
    """Copies of pattern items compiling ``src`` would make (at most ``limit + 1``)."""
    try:
        return _expansion(src, verbose, limit)
    except _TooBig:
        return limit + 1


def _expansion(src: str, verbose: bool, limit: int) -> int:
    n = len(src)
    m = _FLAGS.match(src)
    if m and m.group(2) == ")" and "x" in m.group(1).split("-")[0]:
        verbose = True
    # one frame per open group: [total so far, verbose inside]
    stack: list[list[int]] = [[0, int(verbose)]]
    i = 0
    while i < n:
        frame = stack[-1]
        vb = bool(frame[1])
        if vb:
            j = _skip_verbose(src, i)
            if j != i:
                i = j
                continue
        c = src[i]
        cost = 0
        if c == "\\":
            i = _skip_escape(src, i)
            cost = 1
        elif c == "[":
            i = _skip_set(src, i)
            cost = 1
        elif c == "(":
            if src.startswith("(?#", i):
                end = src.find(")", i)
                i = n if end == -1 else end + 1
                continue
            fm = _FLAGS.match(src, i)
            if fm and fm.group(2) == ")":  # a flag setting, e.g. (?x) or (?i)
                on = fm.group(1).split("-")[0]
                if "x" in on:
                    frame[1] = 1
                i = fm.end()
                continue
            inner_vb = frame[1]
            if fm and fm.group(2) == ":":
                on, _, off = fm.group(1).partition("-")
                inner_vb = 1 if "x" in on else (0 if "x" in off else inner_vb)
                i = fm.end()
            else:
                i += 1
                if i < n and src[i] == "?":  # (?P<name>, (?=, (?<=, (?>, (?| …
                    while i < n and src[i] not in ">=!:|)" and src[i] != "(":
                        i += 1
                    if i < n and src[i] in ">=!:|":
                        i += 1
            stack.append([0, inner_vb])
            continue
        elif c == ")" and len(stack) > 1:
            inner = stack.pop()
            frame = stack[-1]
            cost = max(1, inner[0])
            i += 1
        elif c == "|":
            i += 1
            continue
        else:
            i += 1
            cost = 1
        # a quantifier may follow (after whitespace and comments in verbose mode)
        j = _skip_verbose(src, i) if frame[1] else i
        times = 1
        if j < n and src[j] == "{":
            q = _COUNT.match(src, j)
            if q and (q.group(1) or q.group(2)):
                low = int(q.group(1) or 0)
                high = int(q.group(2)) if q.group(2) else low
                times = max(low, high, 1)
                i = q.end()
        frame[0] += cost * times
        if frame[0] > limit:
            raise _TooBig
    total = sum(f[0] for f in stack)
    if total > limit:
        raise _TooBig
    return total


def check_expansion(src: str, what: str, verbose: bool = False,
                    limit: int = MAX_EXPANSION) -> None:
    """Raise ValueError when compiling ``src`` would expand it past ``limit`` item copies."""
    if expansion(src, verbose, limit) > limit:
        shown = src if len(src) <= 60 else src[:60] + "…"
        raise ValueError(f"{what}: counted repeats in {shown!r} expand to more than "
                         f"{limit} copies when compiled")
