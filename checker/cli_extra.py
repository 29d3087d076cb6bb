"""Sub-commands beyond check/normalise/rules/explain/validate-pack (reviewer and ecosystem)."""
from __future__ import annotations

from typing import Any, Callable

COMMANDS: dict[str, Callable[[Any], int]] = {}


def add_parsers(sub: Any, add_common: Callable[[Any], None], add_selection: Callable[[Any], None]) -> None:
    """Register further sub-commands on the ``gongkai`` parser."""
