"""Plugins: the manager (built-ins, entry points, rule packs, typed hook wrappers) and the
built-in plugin that wires gongkai's own packs, reader, grading and output formats."""
from __future__ import annotations

from checker.plugins.manager import (
    DEFAULT_PLUGINS,
    ENTRY_POINT_GROUP,
    Plugins,
    builtin_packs_dir,
    get_plugin_manager,
)

__all__ = ["DEFAULT_PLUGINS", "ENTRY_POINT_GROUP", "Plugins", "builtin_packs_dir",
           "get_plugin_manager"]
