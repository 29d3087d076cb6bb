"""Sub-commands beyond check/normalise/rules/explain/validate-pack, one module per area.

Each module listed in ``EXTRA_COMMAND_MODULES`` exposes
``add_parsers(sub, add_common, add_selection) -> dict[str, handler]``; a handler takes the
parsed arguments and returns an exit code. Modules are imported only when the parser is built.
"""
from __future__ import annotations

import importlib
from typing import Any, Callable

EXTRA_COMMAND_MODULES = ("checker.cli.score", "checker.cli.check", "checker.cli.fix",
                         "checker.cli.serve")
COMMANDS: dict[str, Callable[[Any], int]] = {}


def add_parsers(sub: Any, add_common: Callable[[Any], None], add_selection: Callable[[Any], None]) -> None:
    """Register the further sub-commands on the ``gongkai`` parser."""
    for name in EXTRA_COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # that area is not installed in this build
            raise
        COMMANDS.update(module.add_parsers(sub, add_common, add_selection))
