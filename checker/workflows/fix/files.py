"""``gongkai fix`` on files: read, pick the text/HTML/DOCX fixer, diff, back up, write.

Writes are atomic (:func:`checker.files.atomic.atomic_write`). The original is kept beside the file
as ``FILE.orig`` (or ``FILE.orig.1``, ``.2`` … when that exists: a backup is never
overwritten), written atomically before the fixed file replaces the original. A file that
changed on disk between reading and writing is left alone.
"""
from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.errors import InputError
from checker.files.atomic import atomic_write
from checker.workflows.fix.encoding import TextFix
from checker.workflows.fix.kinds import KINDS

__all__ = ["MAX_BACKUPS", "FileFix", "backup_path", "plan_file", "unified_diff", "write_fix"]

MAX_BYTES = 50 * 1024 * 1024
MAX_BACKUPS = 1000


@dataclass
class FileFix:
    """The planned fix of one file."""

    path: Path
    kind: str          # text, html or docx
    data: bytes        # the file as read
    result: TextFix

    @property
    def changed(self) -> bool:
        return self.result.new_data is not None and self.result.new_data != self.data


def _read(path: Path) -> bytes:
    from checker.files.safeio import read_regular

    if path.is_dir():
        raise InputError("is a directory, not a report file", path=str(path))
    data = read_regular(path, limit=MAX_BYTES, what="file")
    if not data.strip():
        raise InputError("file is empty", path=str(path))
    return data


def plan_file(path: str | Path, kinds: Sequence[str] = KINDS) -> FileFix:
    """Read ``path`` and plan its fixes (nothing is written)."""
    from checker.readers.decode import sniff

    p = Path(path)
    data = _read(p)
    suffix = p.suffix.lower()
    kind = sniff(data, str(p))
    if suffix == ".json" or (kind == "text" and data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"):
        raise InputError("`gongkai fix` repairs source documents (.txt, .html, .docx), not "
                         "normalised JSON", path=str(p),
                         hint="fix the document the JSON was made from, then normalise it again")
    if kind == "legacy":
        raise InputError(".doc and .wps files cannot be fixed in place", path=str(p),
                         hint="save it as .docx in Word or WPS, then run gongkai fix on that")
    if kind == "pdf":
        raise InputError("PDF files cannot be fixed in place", path=str(p),
                         hint="fix the Word or HTML source the PDF was made from")
    if kind == "html":
        from checker.workflows.fix.html import fix_html

        return FileFix(p, kind, data, fix_html(data, str(p), kinds))
    if kind == "docx":
        from checker.workflows.fix.docx import fix_docx

        return FileFix(p, kind, data, fix_docx(data, str(p), kinds))
    from checker.workflows.fix.encoding import fix_text

    return FileFix(p, "text", data, fix_text(data, str(p), kinds))


def backup_path(path: Path) -> Path:
    """``FILE.orig``, or the first free ``FILE.orig.N``."""
    first = path.with_name(path.name + ".orig")
    if not first.exists():
        return first
    for n in range(1, MAX_BACKUPS):
        cand = path.with_name(f"{path.name}.orig.{n}")
        if not cand.exists():
            return cand
    raise InputError(f"{MAX_BACKUPS} backups of this file exist already", path=str(path),
                     hint="remove old .orig files, or use --no-backup")


def write_fix(fix: FileFix, backup: bool = True) -> Path | None:
    """Write the fixed file (atomically); returns the backup's path, if one was made."""
    if not fix.changed:
        return None
    if _read(fix.path) != fix.data:
        raise InputError("the file changed on disk while it was being fixed; nothing written",
                         path=str(fix.path), hint="run `gongkai fix` again")
    saved = None
    try:
        if backup:
            saved = backup_path(fix.path)
            atomic_write(saved, fix.data)
        atomic_write(fix.path, fix.result.new_data or b"")
    except OSError as exc:  # read-only folder, full disk: this file, not the whole run
        raise InputError(f"cannot write the fixed file: {exc.strerror or exc}", path=str(fix.path),
                         hint="check that the folder is writable and the disk not full; "
                              "the original is unchanged") from None
    return saved


def unified_diff(fix: FileFix) -> str:
    """A unified diff of the document's text before and after (for DOCX, one line per
    paragraph)."""
    name = str(fix.path)
    before = fix.result.before.splitlines(keepends=True)
    after = fix.result.after.splitlines(keepends=True)
    lines = list(difflib.unified_diff(before, after, fromfile=name, tofile=name))
    out = []
    for line in lines:
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)
