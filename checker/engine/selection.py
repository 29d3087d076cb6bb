"""Validate ``select``/``ignore`` patterns: every pattern must name something that exists.

A pattern is a rule code (``TBL003``), a rule name (``t3.balance``), a pack id
(``table-identities`` or ``pack:table-identities``) or a glob over those (``TBL*``). A
pattern that matches no rule is a mistake — a typo, a pack that is not installed, or a glob
the shell expanded into file names — and silently running no rule would grade the report
100 / 优秀, so it is refused with the closest known name as a suggestion.
"""
from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from checker.errors import UnknownSelectorError

if TYPE_CHECKING:
    from checker.engine.packs import Rule

__all__ = ["check_patterns", "suggest", "targets"]


def targets(rules: Iterable[Rule]) -> list[str]:
    """Every code, name and pack id a pattern may name, sorted."""
    out: set[str] = set()
    for r in rules:
        out.update((r.code, r.name, r.pack, f"pack:{r.pack}"))
    return sorted(out)


def suggest(pattern: str, known: Sequence[str]) -> str | None:
    """The known code, name or pack id closest to ``pattern`` (case ignored), or None."""
    folded = {k.casefold(): k for k in known}
    import difflib
    close = difflib.get_close_matches(pattern.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


def _matches(pattern: str, known: Sequence[str]) -> bool:
    return any(k == pattern or fnmatch.fnmatchcase(k, pattern) for k in known)


def check_patterns(rules: Iterable[Rule], select: Sequence[str], ignore: Sequence[str], *,
                   where: dict[str, str] | None = None) -> None:
    """Raise :class:`UnknownSelectorError` for the first pattern that matches no rule.

    Args:
        rules: every rule loaded (before selection).
        select, ignore: the patterns.
        where: for each key (``select``, ``ignore``), where its value came from (shown in the
            message: ``command line`` or ``gongkai.toml:select``).
    """
    known = targets(rules)
    for key, patterns in (("select", select), ("ignore", ignore)):
        for pattern in patterns:
            if _matches(pattern, known):
                continue
            close = suggest(pattern, known)
            if os.path.exists(pattern) and not any(c in pattern for c in "*?["):
                hint = (f"'{pattern}' is a file: the shell expanded a glob into file names; "
                        f"quote the pattern, e.g. --{key} 'TBL*'")
            elif close:
                hint = f"did you mean '{close}'?"
            else:
                hint = "`gongkai rules` lists the codes, names and packs"
            src = (where or {}).get(key) or key
            raise UnknownSelectorError(f"'{key}' pattern '{pattern}' matches no rule",
                                       pattern=pattern, suggestion=close, where=src, hint=hint)
