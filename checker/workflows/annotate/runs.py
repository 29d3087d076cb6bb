"""Cut Word runs at characters so that comments can start and end exactly there.

A cut divides a run (``w:r``) in two: the left part stays the original element, the right
part is a new run with a copy of the original's properties (``w:rPr``, so the same
formatting) into which the content after the cut is *moved*. The ``w:t`` elements of the
document therefore stay valid through any number of cuts, except that a ``w:t`` cut in the
middle keeps only its left part (the rest is a new ``w:t`` in the new run) — which is why
:class:`Cutter` makes all the cuts of one ``w:t`` from right to left, and answers "which run
holds character ``j`` of this ``w:t``" once every cut is made. The text is unchanged.
"""
from __future__ import annotations

import copy
from typing import Any

from checker.readers.docx import _W

__all__ = ["Cutter"]

_R, _RPR = f"{_W}r", f"{_W}rPr"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _set_text(t: Any, text: str) -> None:
    t.text = text
    if text != text.strip():
        t.set(_SPACE, "preserve")


def _cut(t: Any, i: int) -> Any | None:
    """Cut ``t``'s run before character ``i`` of ``t``; the run that now starts there (None
    when ``i`` is past the run's last content: nothing starts there)."""
    r = t.getparent()
    if r is None or r.tag != _R:
        raise ValueError("w:t outside a run")
    content = [c for c in r if c.tag != _RPR]
    text = t.text or ""
    if i <= 0 and content[0] is t:
        return r
    after = content[content.index(t) + 1:]
    if i >= len(text) and not after:
        return None
    right = copy.deepcopy(r)
    for c in list(right):
        if c.tag != _RPR:
            right.remove(c)
    if i <= 0:
        movers = [t, *after]
    elif i >= len(text):
        movers = after
    else:
        tail = copy.deepcopy(t)
        _set_text(tail, text[i:])
        _set_text(t, text[:i])
        right.append(tail)
        movers = after
    for c in movers:
        right.append(c)  # lxml moves the element: references to it stay valid
    r.addnext(right)
    return right


class Cutter:
    """Collects cut points, makes them, then finds the runs that hold given characters."""

    def __init__(self) -> None:
        self._wanted: dict[int, tuple[Any, set[int]]] = {}
        # keyed by id(): each entry keeps its w:t alive, so lxml keeps the same proxy (and id)
        self._made: dict[int, tuple[Any, list[tuple[int, Any]]]] = {}

    def want(self, t: Any, i: int) -> None:
        """Ask for a run boundary before character ``i`` of ``w:t`` ``t``."""
        self._wanted.setdefault(id(t), (t, set()))[1].add(i)

    def cut(self) -> None:
        """Make every cut asked for (each ``w:t``'s from right to left)."""
        for key, (t, points) in self._wanted.items():
            made: list[tuple[int, Any]] = []
            for i in sorted(points, reverse=True):
                run = _cut(t, i)
                if run is not None:
                    made.append((i, run))
            self._made[key] = (t, sorted(made, key=lambda m: m[0]))
        self._wanted.clear()

    def run_of(self, t: Any, j: int) -> Any:
        """The run that holds character ``j`` of ``w:t`` ``t`` (after :meth:`cut`)."""
        found = t.getparent()  # holds t's own characters: those before its first cut
        for i, run in self._made.get(id(t), (t, []))[1]:
            if 0 < i <= j:
                found = run  # a run cut at i > 0 holds the new w:t with t's characters from i
        return found
