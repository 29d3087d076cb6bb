"""Parsed, validated and compiled rule packs kept between runs (a start-up cost, not a result).

Loading a pack means reading its TOML, validating it against the schema and each check kind's
options, and compiling its rules (expressions, regular expressions); a short command such as
``gongkai check report.json`` would spend much of its time there. After a pack has loaded
once, the finished :class:`~checker.engine.packs.RulePack` is pickled into the user's cache
directory (:func:`checker.files.validcache.cache_dir`: ``$GONGKAI_CACHE_DIR``, else
``$XDG_CACHE_HOME/gongkai``, else ``~/.cache/gongkai``); the next run loads that instead.

The key covers everything the result depends on: the pack file's exact bytes and path, the
gongkai version, the Python version, the rule-pack schema and every check kind's options
schema and parameters (see :func:`checker.plugins.packfiles._cache_key`), and the size and
modification time of the modules that compile the kinds' options. Any change means a new key,
so a stale entry is never used. An entry that cannot be read or unpickled, or is not a pack
for that file, counts as absent; a cache that cannot be written only costs speed. Set
``GONGKAI_NO_CACHE=1`` to turn the cache off.

The entries are pickles, as trusted as the user's own cache directory (like ``~/.local``).
"""
from __future__ import annotations

import contextlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

from checker.engine.packs import RulePack
from checker.files.digest import sha256
from checker.files.validcache import cache_dir

__all__ = ["MAX_ENTRIES", "entry_key", "load", "store"]

FORMAT = "packs-2"  # bump when what is pickled changes shape
MAX_ENTRIES = 200  # oldest entries beyond this are removed when one is written


def _folder() -> Path | None:
    base = cache_dir()
    return base / FORMAT if base is not None else None


# worked out once per set of kinds: a session's packs share it
_stamp_seen: tuple[dict[str, Any], str] | None = None


def _code_stamp(kinds: dict[str, Any]) -> str:
    """Size and mtime of the modules whose ``compile`` functions built the cached rules."""
    global _stamp_seen
    if _stamp_seen is not None and _stamp_seen[0] is kinds:
        return _stamp_seen[1]
    stamps = []
    seen: dict[str, str | None] = {}  # a module's stat, once (a module defines several kinds)
    for name in sorted(kinds):
        func = getattr(kinds[name], "compile", None)
        module = sys.modules.get(getattr(func, "__module__", "") or "")
        file = getattr(module, "__file__", None)
        if not file:
            continue
        if file not in seen:
            try:
                st = os.stat(file)
                seen[file] = f"{file}:{st.st_size}:{st.st_mtime_ns}"
            except OSError:
                seen[file] = None
        if seen[file] is not None:
            stamps.append(f"{name}:{seen[file]}")
    _stamp_seen = (kinds, "\n".join(stamps))
    return _stamp_seen[1]


def entry_key(pack_key: str, path: str, kinds: dict[str, Any]) -> str:
    """The entry's name: the pack's content key, its path, versions and the kinds' code."""
    from checker import __version__

    h = sha256(pack_key.encode())
    for part in (FORMAT, __version__, sys.version, path, _code_stamp(kinds)):
        h.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def load(key: str, path: str) -> RulePack | None:
    """The cached pack for ``key``, or None (absent, unreadable, corrupt or not this pack)."""
    folder = _folder()
    if folder is None:
        return None
    try:
        data = (folder / f"{key}.pickle").read_bytes()
    except OSError:
        return None
    try:
        pack = pickle.loads(data)
    except Exception:  # a damaged entry is a miss, whatever unpickling raised
        return None
    if not isinstance(pack, RulePack) or pack.path != path:
        return None
    return pack


def store(key: str, pack: RulePack) -> None:
    """Keep ``pack`` under ``key`` if it can be pickled and the cache can be written."""
    folder = _folder()
    if folder is None:
        return
    try:
        data = pickle.dumps(pack, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a plugin kind compiled its options to something that cannot pickle
        return
    from checker.files.atomic import atomic_write

    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / f"{key}.pickle", data)
        _prune(folder)
    except OSError:
        return


def _prune(folder: Path) -> None:
    entries = list(folder.glob("*.pickle"))
    if len(entries) <= MAX_ENTRIES:
        return
    def mtime(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    for old in sorted(entries, key=mtime)[:len(entries) - MAX_ENTRIES]:
        with contextlib.suppress(OSError):
            old.unlink()
