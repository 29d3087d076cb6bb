"""The text-only kind of fix: half-width ordinal brackets ``(一)`` → ``（一）`` (一 … 十) at the
start of a line or of a table cell (after a tab or a run of two spaces).

No rule reports this defect as such (SEC013 reports half-width ordinals only mixed with
full-width ones, once per part), so it is found here, on the text being fixed.
"""
from __future__ import annotations

import re

from checker.workflows.fix.model import Edit, Fix

__all__ = ["ordinal_fixes"]

_ORDINAL = re.compile(
    r"(?:^|(?<=\t)|(?<=[ \u3000]{2}))[ \u3000]*"
    r"(?P<open>[(（])[一二三四五六七八九十](?P<close>[)）])",
    re.M)


def ordinal_fixes(text: str) -> list[Fix]:
    """One fix per half-width (or half-half) ordinal at the start of a line or cell."""
    out = []
    for m in _ORDINAL.finditer(text):
        edits = [Edit(m.start(g), m.group(g), want, "ordinals")
                 for g, want in (("open", "（"), ("close", "）")) if m.group(g) != want]
        if edits:
            out.append(Fix(m.start("open"), m.end(), tuple(edits)))
    return out
