"""Atomic file writes: write a temporary file beside the target, fsync, then rename.

A crash or Ctrl-C mid-write leaves the previous file intact and no partial output.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["atomic_write", "atomic_write_chunks"]


def atomic_write(path: str | Path, data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``data`` atomically (same directory, then ``os.replace``)."""
    atomic_write_chunks(path, (data,), encoding=encoding)


def atomic_write_chunks(path: str | Path, chunks: Iterable[str | bytes], *,
                        encoding: str = "utf-8") -> None:
    """Like :func:`atomic_write`, for output too large to hold at once (written as it comes)."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk.encode(encoding) if isinstance(chunk, str) else chunk)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
