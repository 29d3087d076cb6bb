"""What a batch reads: the files under the given paths, and why any other file is not read."""
from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from checker.errors import UsageError

#: What a batch reads (case-insensitively); any other file it finds is a row saying why not.
SUPPORTED_SUFFIXES = (".json", ".txt", ".text", ".html", ".htm", ".shtml", ".xhtml", ".docx",
                      ".pdf", ".doc", ".wps")


def collect_files(paths: Sequence[str | Path], exclude: Iterable[str | Path] = ()) -> list[Path]:
    """The files named or found (recursively) under ``paths``.

    Folders are walked in sorted order, skipping hidden entries; every other file is taken,
    whatever its suffix, so that a file the batch cannot read is a row saying why (see
    :func:`not_read_reason`), never skipped in silence. Raises UsageError for a path that
    does not exist.
    """
    skip = {os.path.abspath(p) for p in exclude}
    out: list[Path] = []
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = []
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if not name.startswith("."):
                        found.append(Path(root) / name)
            candidates = sorted(found, key=lambda q: q.as_posix())
        elif p.exists():
            candidates = [p]
        else:
            raise UsageError("no such file or folder", path=str(p),
                             hint="give report files or folders that contain them")
        for c in candidates:
            key = os.path.abspath(c)
            if key not in seen and key not in skip:
                seen.add(key)
                out.append(c)
    return out


def not_read_reason(path: str | Path) -> str | None:
    """Why a batch does not read ``path`` (its suffix is not one it reads), or None."""
    suffix = Path(path).suffix
    if not suffix or suffix.lower() in SUPPORTED_SUFFIXES:
        return None
    return (f"不支持的文件类型“{suffix}”，未读取 / unsupported file type '{suffix}'; not read "
            f"(gongkai reads {' '.join(SUPPORTED_SUFFIXES)})")
