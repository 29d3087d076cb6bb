"""The ``gongkai`` command: the parser and exit codes in :mod:`~checker.cli.app`, one module a
sub-command."""
from __future__ import annotations

from checker.cli.app import main

__all__ = ["main"]
