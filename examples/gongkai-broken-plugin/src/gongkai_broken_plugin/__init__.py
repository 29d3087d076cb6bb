"""A deliberately broken gongkai plugin: both of its hooks raise.

gongkai must report it as a ``PLUGIN`` rule error (exit code 2) and still run every other
rule. Used by ``tests/test_third_party.py``; never install it for real use.
"""
from __future__ import annotations

from typing import Any

from checker import hookimpl


@hookimpl
def checker_register_check_kinds(config: Any) -> list[Any]:
    raise RuntimeError("broken plugin: check kinds unavailable")


@hookimpl
def checker_register_packs(config: Any) -> list[Any]:
    raise RuntimeError("broken plugin: packs unavailable")
