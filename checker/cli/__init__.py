"""The ``gongkai`` command: the parser and exit codes in :mod:`~checker.cli.app`, one module a
sub-command, the process's start and exit in :mod:`~checker.cli.process`."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["main"]

if TYPE_CHECKING:  # pragma: no cover
    from checker.cli.app import main
else:
    def __getattr__(name: str) -> Any:
        """``main``, imported when first asked for: the console script starts from
        :mod:`checker.cli.process`, which tunes the process before the command is imported."""
        if name == "main":
            from checker.cli.app import main

            return main
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
