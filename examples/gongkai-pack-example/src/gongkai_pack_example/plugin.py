"""The plugin module named by the ``gongkai`` entry point: two hook implementations.

gongkai registers this module with its plugin manager; pluggy then calls the functions
marked ``@hookimpl`` whose names match hooks in ``checker.hookspecs``.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from checker import hookimpl

from gongkai_pack_example.contact import CONTACT_BLOCK


@hookimpl
def checker_register_check_kinds(config: Any) -> list[Any]:
    """The check kinds this plugin adds: ``contact_block``."""
    return [CONTACT_BLOCK]


@hookimpl
def checker_register_packs(config: Any) -> list[Any]:
    """The packs this plugin adds: ``rules/shandong.toml`` shipped inside the package."""
    return [Path(str(resources.files("gongkai_pack_example") / "rules" / "shandong.toml"))]
