"""Split Word runs at a character so that a comment can start or end exactly there.

A run (``w:r``) is cut in two: the left part stays the original element, the right part is a
deep copy (same ``w:rPr``, so the same formatting) holding the rest of the run's content.
The text of the paragraph is unchanged.
"""
from __future__ import annotations

import copy
from typing import Any

from checker.normalise.docx import _W

__all__ = ["run_ending_at", "run_starting_at"]

_R, _RPR = f"{_W}r", f"{_W}rPr"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _set_text(t: Any, text: str) -> None:
    t.text = text
    if text != text.strip():
        t.set(_SPACE, "preserve")


def _content(r: Any) -> list[Any]:
    return [c for c in r if c.tag != _RPR]


def _split(r: Any, t: Any, i: int) -> Any:
    """Cut run ``r`` before character ``i`` of its ``w:t`` ``t``; return the right part."""
    children = list(r)
    k = children.index(t)
    text = t.text or ""
    right = copy.deepcopy(r)
    right_children = list(right)
    for c in right_children[:k]:
        if c.tag != _RPR:
            right.remove(c)
    _set_text(right_children[k], text[i:])
    for c in children[k + 1:]:
        r.remove(c)
    if i > 0:
        _set_text(t, text[:i])
    else:
        r.remove(t)
    r.addnext(right)
    return right


def run_starting_at(t: Any, i: int) -> Any:
    """The run whose first character is character ``i`` of ``w:t`` ``t`` (splitting if need be)."""
    r = t.getparent()
    if r is None or r.tag != _R:
        raise ValueError("w:t outside a run")
    content = _content(r)
    if i == 0 and content and content[0] is t:
        return r
    return _split(r, t, i)


def run_ending_at(t: Any, i: int) -> Any:
    """The run whose last character is character ``i`` of ``w:t`` ``t`` (splitting if need be)."""
    r = t.getparent()
    if r is None or r.tag != _R:
        raise ValueError("w:t outside a run")
    content = _content(r)
    if i + 1 < len(t.text or ""):
        _split(r, t, i + 1)
    elif content[-1] is not t:  # move what follows t (tabs, breaks, more text) to a new run
        right = copy.deepcopy(r)
        for c in list(right):
            if c.tag != _RPR:
                right.remove(c)
        for c in content[content.index(t) + 1:]:
            right.append(c)  # lxml moves the element
        r.addnext(right)
    return r
