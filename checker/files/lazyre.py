"""Regular expressions compiled when first used, not when their module is imported.

A module-level ``_X = lazy(r"…")`` costs nothing at import; the first ``_X.search(…)`` (or any
other attribute) compiles it, and from then on the compiled pattern's methods are attributes
of the object itself, so a call costs what a call on the pattern costs. A command that never
needs a pattern (``gongkai check`` of a JSON report never runs the text readers) never pays for
compiling it. Pickles as its source, so cached objects holding one stay cheap to load.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

__all__ = ["LazyPattern", "lazy"]

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """A pattern from :mod:`re` (or ``regex``, with ``module="regex"``) compiled on first use."""

    __slots__ = ("source", "flags", "module", "_compiled", *_METHODS)

    if TYPE_CHECKING:  # what the compiled pattern's methods give (regex's match alike)
        search: Callable[..., re.Match[str] | None]
        match: Callable[..., re.Match[str] | None]
        fullmatch: Callable[..., re.Match[str] | None]
        finditer: Callable[..., Iterator[re.Match[str]]]
        findall: Callable[..., list[Any]]
        sub: Callable[..., str]
        subn: Callable[..., tuple[str, int]]
        split: Callable[..., list[str | Any]]

    def __init__(self, source: str, flags: int = 0, module: str = "re") -> None:
        self.source = source
        self.flags = flags
        self.module = module
        self._compiled: Any = None

    def compiled(self) -> Any:
        """The compiled pattern (compiled now if it was not yet)."""
        if self._compiled is None:
            pattern: object  # an re or a regex pattern: only its methods are taken
            if self.module == "regex":
                import regex

                pattern = regex.compile(self.source, self.flags)
            else:
                from checker.files.recache import compile_pattern

                pattern = compile_pattern(self.source, self.flags)
            for name in _METHODS:
                object.__setattr__(self, name, getattr(pattern, name))
            self._compiled = pattern
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        # only reached for what is not set yet: the methods before the first use, and the
        # pattern's other attributes (pattern, groups, groupindex …)
        if name.startswith("__") or name == "_compiled":
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __reduce__(self) -> tuple[Any, tuple[str, int, str]]:
        return LazyPattern, (self.source, self.flags, self.module)

    def __repr__(self) -> str:
        return f"lazy({self.source!r})"


def lazy(source: str, flags: int = 0) -> LazyPattern:
    """``re.compile(source, flags)``, done when the pattern is first used."""
    return LazyPattern(source, flags)


def lazy_regex(source: str, flags: int = 0) -> LazyPattern:
    """``regex.compile(source, flags)``, done when the pattern is first used."""
    return LazyPattern(source, flags, "regex")
