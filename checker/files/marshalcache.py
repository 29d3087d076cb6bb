"""A table of compiled things kept between runs in one ``marshal`` file of the user's cache.

Start-up caches (:mod:`checker.files.recache` for regular expressions,
:mod:`checker.files.dataclasscode` for the methods ``dataclasses`` generates) keep what a
compiler produced from a source text, so that the next process skips the compiler. The values
are plain data or code objects, which :mod:`marshal` writes and reads fast and which depend
only on the source and the Python build: the file's name carries the Python version and the
implementation's cache tag, so another interpreter never reads it.

Safe when stale or broken: an absent, unreadable or corrupt file is an empty table; what a
process adds is written once at exit, atomically, and only if it added something; a file that
cannot be written only costs speed. A table is bounded (its file is read at every start): when
it is written, the entries this process used go last and the oldest of the others are dropped
beyond ``max_entries``, so what an upgrade or a changed pack left behind fades away.
``GONGKAI_NO_CACHE=1`` turns every such cache off, ``GONGKAI_CACHE_DIR`` moves it
(:func:`checker.files.validcache.cache_dir`).
"""
from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["MAX_ENTRIES", "MarshalCache", "enabled", "save_all"]

MAX_ENTRIES = 2_000  # entries kept per table (a few hundred are used by one run)

_OPEN: list[MarshalCache] = []  # tables with something to write at exit


def enabled() -> bool:
    """May start-up caches be used (CPython, and not turned off by ``GONGKAI_NO_CACHE``)?"""
    return sys.implementation.name == "cpython" and not os.environ.get("GONGKAI_NO_CACHE")


class MarshalCache:
    """One table ``key -> value``, read from its file when first asked, written back at exit
    with what this process added."""

    def __init__(self, stem: str, max_entries: int = MAX_ENTRIES) -> None:
        self.stem = stem  # the file name's start, e.g. "regex-20220615"
        self.max_entries = max_entries
        self._table: dict[Any, Any] | None = None
        self._new: dict[Any, Any] = {}
        self._used: set[Any] = set()

    def path(self) -> Path | None:
        from checker.files.validcache import cache_dir

        base = cache_dir()
        if base is None:
            return None
        version = "-".join(str(v) for v in sys.version_info[:3])
        tag = sys.implementation.cache_tag or "none"
        return base / f"{self.stem}-{version}-{tag}.marshal"

    def _loaded(self) -> dict[Any, Any]:
        if self._table is None:
            self._table = {}
            path = self.path()
            if path is not None:
                with contextlib.suppress(Exception):  # absent, unreadable or corrupt: afresh
                    loaded = marshal.loads(path.read_bytes())
                    if isinstance(loaded, dict):
                        self._table = loaded
        return self._table

    def get(self, key: Any) -> Any:
        """The value kept for ``key``, or None."""
        value = self._loaded().get(key)
        if value is not None:
            self._used.add(key)
        return value

    def put(self, key: Any, value: Any) -> None:
        """Keep ``value`` for ``key``; written to the file at exit."""
        if not self._new:
            if not _OPEN:
                atexit.register(save_all)
            if self not in _OPEN:
                _OPEN.append(self)
        self._new[key] = value
        self._loaded()[key] = value

    @property
    def added(self) -> dict[Any, Any]:
        """What this process added and has not written yet."""
        return self._new

    def forget(self) -> None:
        """Drop what was read, as a new process would start (what was added is kept)."""
        self._table = None

    def save(self) -> None:
        """Write the table with what this process added into its file (atomically)."""
        if not self._new or not enabled():
            return
        path = self.path()
        if path is None:
            return
        table = dict(self._read_file(path))
        used = {key: table.pop(key) for key in self._used if key in table}
        table.update(used)  # the entries of this run go last: the oldest go first
        table.update(self._new)
        if len(table) > self.max_entries:
            table = dict(list(table.items())[-self.max_entries:])
        from checker.files.atomic import atomic_write

        with contextlib.suppress(OSError, ValueError):
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, marshal.dumps(table))
        self._new.clear()

    @staticmethod
    def _read_file(path: Path) -> dict[Any, Any]:
        """The file as it is now (another process may have added to it meanwhile)."""
        try:
            loaded = marshal.loads(path.read_bytes())
        except Exception:
            return {}
        return loaded if isinstance(loaded, dict) else {}


def save_all() -> None:
    """Write every table that has new entries (registered with :mod:`atexit`)."""
    for cache in list(_OPEN):
        cache.save()
    _OPEN.clear()
