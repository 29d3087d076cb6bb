"""What ``gongkai check`` reads and how it writes: file arguments, globs, stdin, colour.

- :func:`expand` turns the file arguments into the files to check: quoted globs are expanded
  here (Windows shells and some CI runners pass them through unexpanded; ``**`` recurses),
  ``-`` stands for standard input, and ``--exclude`` globs drop files.
- :func:`use_color` follows no-color.org: ``--no-color`` or a non-empty ``NO_COLOR`` turn
  colours off, a non-empty ``FORCE_COLOR`` turns them on when the output is not a file,
  otherwise colours only on a terminal.
"""
from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath

from checker.errors import InputError, UsageError

__all__ = ["STDIN", "excluded", "expand", "read_stdin", "use_color"]

STDIN = "-"
_GLOB_CHARS = "*?["


def _split(values: Sequence[str]) -> list[str]:
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def excluded(path: str, patterns: Sequence[str]) -> bool:
    """True when ``path`` or a trailing part of it (``a/b/c.txt``, ``b/c.txt``, ``c.txt``)
    matches one of the globs."""
    parts = PurePosixPath(path.replace(os.sep, "/")).parts
    tails = ["/".join(parts[i:]) for i in range(len(parts))]
    return any(fnmatch.fnmatchcase(t, pat.rstrip("/")) or fnmatch.fnmatchcase(t, pat)
               or fnmatch.fnmatchcase(t, pat.rstrip("/") + "/*")
               for pat in patterns for t in tails)


def expand(files: Sequence[str], exclude: Sequence[str] = ()) -> list[str]:
    """The files to check, in order, without duplicates (see the module docstring)."""
    patterns = _split(exclude)
    out: list[str] = []
    for arg in files:
        if arg == STDIN:
            names = [STDIN]
        elif not os.path.lexists(arg) and any(c in arg for c in _GLOB_CHARS):
            import glob  # only for a quoted glob

            names = sorted(p for p in glob.glob(arg, recursive=True) if os.path.isfile(p))
            if not names:
                raise UsageError(f"no file matches '{arg}'",
                                 hint="check the pattern; `**` matches folders recursively")
        else:
            names = [arg]
        for name in names:
            if name not in out and not (name != STDIN and excluded(name, patterns)):
                out.append(name)
    return out


def read_stdin(limit: int) -> bytes:
    """Standard input's bytes (at most ``limit``)."""
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"file is larger than {limit // (1024 * 1024)} MB", path="<stdin>",
                         hint="split the document or extract its text first")
    return data


def use_color(no_color: bool, to_file: bool, isatty: bool,
              environ: Mapping[str, str] | None = None) -> bool:
    """Whether text output gets colours (see the module docstring)."""
    env = os.environ if environ is None else environ
    if no_color or env.get("NO_COLOR", ""):
        return False
    if to_file:
        return False
    if env.get("FORCE_COLOR", ""):
        return True
    return isatty


def emit(text: str, output: str | None) -> None:
    """Write ``text`` to ``output`` atomically, or to standard output when there is none."""
    from checker.files import textsafe
    text, replaced = textsafe.clean(text)  # e.g. a file name that is not valid UTF-8
    if replaced:
        textsafe.warn_replaced(output or "<stdout>", replaced)
    if output:
        from checker.files.atomic import atomic_write
        from checker.files.safeio import check_output_path

        parent = Path(output).resolve().parent
        if not parent.is_dir():
            raise UsageError(f"cannot write output: folder {parent} does not exist", path=output,
                             hint="create the folder first or choose another -o path")
        check_output_path(output, "-o")
        try:
            atomic_write(output, text)
        except OSError as exc:
            raise UsageError(f"cannot write output: {exc.strerror or exc}", path=output,
                             hint="check the path, its permissions and the free space") from None
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
