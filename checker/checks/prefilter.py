"""The ``prefilter`` option of the ``pattern`` kind: the lines of a scope that hold one of a
rule's literal strings, so that its regexes only run there.

Searching is the whole cost, so it is done the fast way: a one-character ``str.find`` jumps to
a literal's first character, and a regex that begins with a literal (searched several times
faster than an alternation or a character class in front) takes it from there.
"""
from __future__ import annotations

import functools
import re
from typing import Any

from checker.files.recache import compile_pattern

__all__ = ["prefilter_windows"]


@functools.lru_cache(maxsize=256)
def _finders(literals: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str] | None], ...]:
    """Per first character of the literals: (that character, a regex of the literals that
    begin with it, or None when the character alone is the literal).

    A regex that begins with a literal is searched fast (an alternation or character class
    in front is several times slower), and a one-character ``str.find`` is faster still.
    Where several literals match at one place the regex takes the one that comes first:
    the longest with four literals or more, else the first listed (as one find per literal).
    """
    ordered = sorted(literals, key=len, reverse=True) if len(literals) >= 4 else literals
    groups: dict[str, list[str]] = {}
    for lit in ordered:
        groups.setdefault(lit[0], []).append(lit)
    return tuple((first, None if lits == [first] else
                  compile_pattern("|".join(re.escape(lit) for lit in lits)))
                 for first, lits in groups.items())


@functools.lru_cache(maxsize=256)
def _single_chars(literals: tuple[str, ...]) -> tuple[str, ...] | None:
    """The literals' distinct characters when each literal is one character, else None."""
    return tuple(dict.fromkeys(literals)) if all(len(lit) == 1 for lit in literals) else None


def _next_literal(text: str, first: str, rx: re.Pattern[str] | None, pos: int, end: int
                  ) -> tuple[int, int, str, re.Pattern[str] | None] | None:
    """(start, end, first, rx) of the finder's first literal in ``text[pos:end]``, or None.

    A one-character find goes first: it skips to the literals' first character fastest.
    """
    i = text.find(first, pos, end)
    if i == -1:
        return None
    if rx is None:
        return i, i + 1, first, rx
    m = rx.search(text, i, end)
    return None if m is None else (*m.span(), first, rx)


def _literal_lines(text: str, a: int, b: int, finders: tuple[tuple[str, Any], ...],
                   out: list[tuple[int, int]]) -> None:
    """Add the lines (clipped to ``a``–``b``) holding a literal to ``out``, in text order.

    Each finder keeps its next literal and searches again only once a window has passed
    it: every finder scans the scope at most once.
    """
    heads = [h for first, rx in finders if (h := _next_literal(text, first, rx, a, b)) is not None]
    while heads:
        i, j, _, _ = min(heads)  # finders begin with different characters: no ties
        la = max(a, text.rfind("\n", 0, i) + 1)
        lb = text.find("\n", j, b)
        lb = b if lb == -1 else lb
        out.append((la, lb))
        # the next window starts at or after lb (a literal may begin with the line break)
        kept = []
        for h in heads:
            if h[0] < lb:
                h = _next_literal(text, h[2], h[3], lb, b)
                if h is None:
                    continue
            kept.append(h)
        heads = kept


def _char_lines(text: str, a: int, b: int, chars: tuple[str, ...],
                out: list[tuple[int, int]]) -> None:
    """``_literal_lines`` for literals of one character each: a find for each per line is
    cheaper than keeping the next of each."""
    find = text.find
    pos = a
    while pos < b:
        i = -1
        for ch in chars:
            k = find(ch, pos, b)
            if k != -1 and (i == -1 or k < i):
                i = k
        if i == -1:
            break
        la = max(a, text.rfind("\n", 0, i) + 1)
        lb = find("\n", i + 1, b)
        lb = b if lb == -1 else lb
        out.append((la, lb))
        pos = lb  # a literal may be the line break


def prefilter_windows(text: str, scopes: list[tuple[int, int]], literals: list[str] | None
                      ) -> list[tuple[int, int]]:
    """The scopes, or with a prefilter only the lines (clipped to a scope) holding a literal.

    Lines next to each other become one window: fewer, longer searches.
    """
    if not literals:
        return scopes
    lits = tuple(literals)
    chars = _single_chars(lits)
    out: list[tuple[int, int]] = []
    for a, b in scopes:
        if chars is not None:
            _char_lines(text, a, b, chars, out)
        else:
            _literal_lines(text, a, b, _finders(lits), out)
    if len(scopes) > 1:
        out.sort()
    merged: list[tuple[int, int]] = []
    for a, b in out:
        if merged and a <= merged[-1][1] + 1:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged
