"""Check kinds for citation (being written)."""
from __future__ import annotations

from typing import Any

from checker.hookspecs import hookimpl


@hookimpl
def checker_register_check_kinds(config: Any) -> list[Any]:
    return []
