"""Errors that end a run with exit code 2 and a clear message (never a traceback)."""
from __future__ import annotations

__all__ = [
    "ConfigError",
    "GongkaiError",
    "InputError",
    "PackError",
    "UnknownSelectorError",
    "UsageError",
]


class GongkaiError(Exception):
    """Base class: something the user can fix; rendered as one clear message, exit code 2.

    Args:
        message: what is wrong.
        path: the file concerned, if any.
        where: the place inside the file (a key path, ``line 3, column 5`` ...), if known.
        hint: what to do about it.
    """

    def __init__(self, message: str, *, path: str | None = None, where: str | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.where = where
        self.hint = hint

    def __str__(self) -> str:
        head = ""
        if self.path:
            head = f"{self.path}: "
            if self.where:
                head = f"{self.path}: {self.where}: "
        elif self.where:
            head = f"{self.where}: "
        text = head + self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class InputError(GongkaiError):
    """A report file that cannot be read, decoded, parsed or validated."""


class PackError(GongkaiError):
    """A rule pack (or score profile) that is not valid."""


class ConfigError(GongkaiError):
    """Invalid configuration."""


class UsageError(GongkaiError):
    """Invalid command-line usage."""


class UnknownSelectorError(UsageError, ValueError):
    """A ``select``/``ignore`` pattern that names no rule, pack or glob match.

    A :class:`ValueError` too, so that ``checker.check(p, select=["FOO999"])`` raises what a
    Python caller expects for a bad argument value. ``pattern`` is the offending pattern,
    ``suggestion`` the closest known code, name or pack id (or None).
    """

    def __init__(self, message: str, *, pattern: str, suggestion: str | None = None,
                 path: str | None = None, where: str | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message, path=path, where=where, hint=hint)
        self.pattern = pattern
        self.suggestion = suggestion
