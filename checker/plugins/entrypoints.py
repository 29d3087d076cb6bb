"""Third-party plugins from the ``gongkai`` entry-point group: found cheaply (without importing
every installed distribution's metadata when none declares the group), each loaded so that a
broken one is recorded and reported, never fatal to the others."""
from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.plugins.manager import Plugins

__all__ = ["ENTRY_POINT_GROUP", "any_declared", "load_entry_points"]

ENTRY_POINT_GROUP = "gongkai"


_SCANNED: dict[tuple[str, tuple[str, ...]], bool] = {}  # (group, sys.path) -> found


def _any_entry_point_group(group: str) -> bool:
    """Cheaply tell whether any installed distribution declares the entry-point group.

    Importing importlib.metadata costs ~20 ms at start-up; scanning the ``entry_points.txt``
    files of installed distributions for ``[group]`` costs a fraction of that, so the full
    machinery is imported only when some distribution has the group. The answer is kept for
    the process (the commands and the rules each load plugins), as long as ``sys.path`` stays,
    and between runs while no folder of ``sys.path`` changed (installing or removing a
    distribution adds or removes its ``.dist-info`` folder there).
    """
    key = (group, tuple(sys.path))
    if key not in _SCANNED:
        _SCANNED[key] = _remembered(group)
    return _SCANNED[key]


def _remembered(group: str) -> bool:
    from checker.files.marshalcache import MarshalCache

    folders = []
    for entry in sys.path:
        try:
            folders.append((entry, os.stat(entry or ".").st_mtime_ns))
        except OSError:
            folders.append((entry, -1))
    cache = MarshalCache("entry-points", max_entries=50)
    key = (group, tuple(folders))
    found = cache.get(key)
    if found is None:
        found = _scan(group)
        cache.put(key, found)
    return bool(found)


def _scan(group: str) -> bool:
    needle = f"[{group}]"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                listing = os.path.join(entry or ".", name, "entry_points.txt")
                with open(listing, encoding="utf-8") as fh:
                    if needle in fh.read():
                        return True
            except OSError:
                continue
    return False


def any_declared() -> bool:
    """Does any installed distribution declare a plugin of the ``gongkai`` group?"""
    return _any_entry_point_group(ENTRY_POINT_GROUP)


def load_entry_points(plugins: Plugins) -> None:
    if not any_declared():
        return
    from importlib.metadata import entry_points

    try:
        eps = entry_points(group=ENTRY_POINT_GROUP)
    except Exception as exc:  # pragma: no cover - broken metadata
        plugins._plugin_error("entry points", exc)
        return
    for ep in sorted(eps, key=lambda e: e.name):
        if plugins.pm.is_blocked(ep.name) or plugins.pm.has_plugin(ep.name):
            continue
        try:
            plugins.pm.register(ep.load(), name=ep.name)
        except Exception as exc:
            plugins._plugin_error(ep.name, exc)
