"""Place the edits of a finding's fix, made over the report text, on the text a fixer edits
(the decoded ``.txt``, the laid-out text of an HTML page, the runs of a Word document).

The two texts agree in their non-blank characters but may differ in white space (line
endings, ``&nbsp;``, table cells joined by tabs) and in what they include (a page's
``<title>``). Both are reduced to their *skeleton*, the non-blank characters in order. When
the skeletons are equal, the n-th non-blank character of one is the n-th of the other.
Otherwise each fix is anchored by the skeleton around it (its characters and up to
:data:`CONTEXT` characters on both sides, or on one side only) which must occur exactly once
in each text.

An edit is placed when it replaces one non-blank character, inserts before one, or deletes
the whole run of white space between two non-blank characters (which then becomes the whole
run between the same two characters in the target, however it is written there). Anything
else, or a fix whose anchor is not unique, is not placed: the caller reports it.
"""
from __future__ import annotations

import bisect

from checker.findings import Fix as FindingFix
from checker.workflows.fix.model import Edit

__all__ = ["CONTEXT", "Placer"]

#: Skeleton characters of context tried, in turn, on each side of a fix.
CONTEXT = (8, 24, 64, 160)


def _skeleton(text: str) -> tuple[str, list[int]]:
    pos = [i for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(text[i] for i in pos), pos


def _occurrences(hay: str, needle: str, limit: int = 2) -> list[int]:
    out: list[int] = []
    at = hay.find(needle)
    while at >= 0 and len(out) < limit:
        out.append(at)
        at = hay.find(needle, at + 1)
    return out


class Placer:
    """Maps positions of ``source`` (the report text) to positions of ``target``."""

    def __init__(self, source: str, target: str) -> None:
        self.source, self.target = source, target
        self.s_skel, self.s_pos = _skeleton(source)
        self.t_skel, self.t_pos = _skeleton(target)
        self.same = self.s_skel == self.t_skel

    def _index(self, offset: int) -> int | None:
        """The skeleton index of the non-blank character at ``offset``."""
        j = bisect.bisect_left(self.s_pos, offset)
        return j if j < len(self.s_pos) and self.s_pos[j] == offset else None

    def _shift(self, j0: int, j1: int) -> int | None:
        """target skeleton index − source skeleton index around source indices j0..j1."""
        if self.same:
            return 0
        for k in CONTEXT:
            for left, right in ((k, k), (k, 0), (0, k)):  # one side may differ (a title)
                shift = self._unique(max(0, j0 - left), min(len(self.s_skel), j1 + 1 + right))
                if shift is not None:
                    return shift
        return None

    def _unique(self, a: int, b: int) -> int | None:
        """The shift that maps the source skeleton window a..b onto its one copy in the
        target, if the window occurs exactly once in each."""
        window = self.s_skel[a:b]
        if len(_occurrences(self.s_skel, window)) == 1:
            found = _occurrences(self.t_skel, window)
            if len(found) == 1:
                return found[0] - a
        return None

    def offset(self, offset: int) -> int | None:
        """The target position of the non-blank source character at ``offset``."""
        j = self._index(offset)
        if j is None:
            return None
        shift = self._shift(j, j)
        return None if shift is None else self.t_pos[j + shift]

    def place(self, fix: FindingFix) -> list[Edit] | None:
        """The fix's edits as one-character edits of the target; None if any cannot be placed."""
        src, tgt = self.source, self.target
        singles: list[tuple[int, str, str]] = []     # (skeleton index, old, new)
        deleted: set[int] = set()                     # source offsets of deleted blanks
        for offset, length, new in fix.edits:
            old = src[offset:offset + length]
            if length == 0 or len(old) != length:
                j = self._index(offset)
                if length or j is None:
                    return None
                singles.append((j, src[offset], new + src[offset]))
            elif old.isspace() and new == "":
                deleted.update(range(offset, offset + length))
            elif len(new) == length or length == 1:
                parts = [new] if length == 1 else list(new)
                for i, (o, n) in enumerate(zip(old, parts, strict=True)):
                    j = self._index(offset + i)
                    if j is None:
                        return None
                    if o != n:
                        singles.append((j, o, n))
            else:
                return None
        runs: list[tuple[int, int]] = []              # (skeleton index before, after)
        for at in sorted(deleted):
            before = bisect.bisect_left(self.s_pos, at) - 1
            if before < 0 or before + 1 >= len(self.s_pos):
                return None
            if not runs or runs[-1][0] != before:
                runs.append((before, before + 1))
        for before, after in runs:  # the whole run of blanks must go
            if any(i not in deleted for i in range(self.s_pos[before] + 1, self.s_pos[after])):
                return None
        indices = [j for j, _, _ in singles] + [j for run in runs for j in run]
        if not indices:
            return []
        shift = self._shift(min(indices), max(indices))
        if shift is None:
            return None
        kind = fix.kind
        out: list[Edit] = []
        for j, old, new in singles:
            t = self.t_pos[j + shift]
            if tgt[t] != old:
                return None
            out.append(Edit(t, old, new, kind))
        for before, after in runs:
            a, b = self.t_pos[before + shift], self.t_pos[after + shift]
            out += [Edit(t, tgt[t], "", kind) for t in range(a + 1, b)]
        return sorted(out, key=lambda e: e.pos)
