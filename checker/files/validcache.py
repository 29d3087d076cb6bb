"""A small on-disk memory of content that passed validation (packs, report JSON).

Validation needs jsonschema, whose import alone costs ~70 ms; re-checking unchanged files (a
pre-commit hook, a CI re-run, a reviewer's second pass) need not pay it again. Keys are
sha256 digests of the exact bytes validated together with the schema's digest, so any change
to either means validating again. An unwritable cache only costs speed.
Set GONGKAI_NO_CACHE=1 to disable it, GONGKAI_CACHE_DIR to move it.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = ["cache_dir", "remember", "seen"]

_LIMIT = 1000
_loaded: dict[str, list[str]] = {}


def cache_dir() -> Path | None:
    if os.environ.get("GONGKAI_NO_CACHE"):
        return None
    explicit = os.environ.get("GONGKAI_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "gongkai"


def _file(kind: str) -> Path | None:
    d = cache_dir()
    return d / f"validated-{kind}.json" if d else None


def _keys(kind: str) -> list[str]:
    if kind not in _loaded:
        path = _file(kind)
        keys: list[str] = []
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                keys = [k for k in data if isinstance(k, str)] if isinstance(data, list) else []
            except (OSError, ValueError):
                keys = []
        _loaded[kind] = keys
    return _loaded[kind]


def seen(kind: str, key: str) -> bool:
    return key in _keys(kind)


def remember(kind: str, key: str) -> None:
    keys = _keys(kind)
    if key in keys:
        return
    keys.append(key)
    del keys[:-_LIMIT]
    path = _file(kind)
    if path is None:
        return
    from checker.files.atomic import atomic_write

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(keys))
    except OSError:
        pass
