"""TOML files parsed before, kept between runs (a start-up cost: the score profile, gongkai.toml).

Reading a TOML file means importing the parser, checking its limits and parsing it: about 10 ms
of every ``gongkai check`` for the default score profile alone. The parsed table depends only
on the file's bytes, so it is kept in the user's cache directory
(:func:`checker.files.validcache.cache_dir`), keyed by the SHA-256 of those bytes, as
:mod:`marshal` data. Only content that parsed and passed the limits before is stored; a table
holding values marshal cannot keep (dates and times) is simply not stored. An entry that cannot
be read counts as absent; a cache that cannot be written only costs speed.
``GONGKAI_NO_CACHE=1`` turns it off.
"""
from __future__ import annotations

import contextlib
import marshal
from pathlib import Path
from typing import Any

__all__ = ["MAX_ENTRIES", "load", "store"]

FORMAT = "toml-1"
MAX_ENTRIES = 200


def _folder() -> Path | None:
    from checker.files.validcache import cache_dir

    base = cache_dir()
    return base / FORMAT if base is not None else None


def load(digest: str) -> dict[str, Any] | None:
    """The table parsed from content with this digest before, or None."""
    folder = _folder()
    if folder is None:
        return None
    with contextlib.suppress(Exception):  # absent, unreadable or corrupt: parse again
        value = marshal.loads((folder / f"{digest}.marshal").read_bytes())
        if isinstance(value, dict):
            return value
    return None


def store(digest: str, table: dict[str, Any]) -> None:
    """Keep ``table``, parsed from content with this digest (when marshal can hold it)."""
    folder = _folder()
    if folder is None:
        return
    try:
        data = marshal.dumps(table)
    except ValueError:  # a date or time value: not kept, parsed each time
        return
    from checker.files.atomic import atomic_write

    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / f"{digest}.marshal", data)
        entries = sorted(folder.glob("*.marshal"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-MAX_ENTRIES]:
            old.unlink()
