"""Reading and writing files safely: regular files only, bounded reads, locked updates.

* :func:`read_regular` opens a path without blocking (``O_NONBLOCK``, so a FIFO cannot hang the
  open), refuses anything that is not a regular file after ``fstat`` on the open descriptor
  (devices such as ``/dev/zero``, FIFOs, sockets — also behind a symlink), and reads in
  chunks, stopping one byte past the limit (a sparse or growing file cannot be read whole).
* :func:`check_output_path` refuses an output path that exists and is not a regular file
  (a device, a FIFO, a symlink, a folder): writing would replace it.
* :func:`locked` serialises read-modify-write updates of one file across processes with a
  lock file beside it (``filelock``), so that a concurrent update can never be lost; the
  write itself stays atomic (:func:`checker.files.atomic.atomic_write`).
"""
from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from checker.errors import GongkaiError, InputError, UsageError

__all__ = ["LOCK_TIMEOUT", "MAX_INPUT_BYTES", "check_output_path", "kind_of", "locked",
           "read_regular"]

MAX_INPUT_BYTES = 50 * 1024 * 1024  # one report file: larger inputs are refused unread

LOCK_TIMEOUT = 60.0  # seconds to wait for another gongkai process updating the same file
_CHUNK = 1 << 20


def kind_of(mode: int) -> str:
    """What a file mode is, in words (for messages)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".rstrip("0").rstrip(".") + " MB"


def _size_words(n: int) -> str:
    return _mb(n) if n >= 1024 * 1024 else f"{n} bytes"


def read_regular(path: str | Path, *, limit: int, what: str = "file",
                 error: type[GongkaiError] = InputError, hint: str | None = None) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises ``error`` (exit 2, naming the file) when the path is missing, is not a regular
    file (FIFO, device, socket, folder — symlinks are followed and their target judged), or
    holds more than ``limit`` bytes — the size is checked both from ``fstat`` before reading
    and while reading, so a file that lies about its size is never read past the limit.
    """
    name = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(name, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a FIFO or socket nobody writes to
            raise error(f"cannot read {what}: it is not a regular file", path=name,
                        hint="give a regular file") from None
        raise error(f"cannot read {what}: {exc.strerror or exc}", path=name) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise error(f"cannot read {what}: it is {kind_of(st.st_mode)}, not a regular file",
                        path=name, hint="give a regular file (copy the data into one first)")
        if st.st_size > limit:
            raise error(f"{what} is too large ({_size_words(st.st_size)}; the limit is "
                        f"{_size_words(limit)})",
                        path=name, hint=hint)
        if getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise error(f"{what} is too large (more than the limit of {_size_words(limit)})",
                            path=name,
                            hint=hint)
        return b"".join(chunks)
    except OSError as exc:
        raise error(f"cannot read {what}: {exc.strerror or exc}", path=name) from None
    finally:
        os.close(fd)


def check_output_path(path: str | Path, flag: str = "-o") -> None:
    """Refuse an output path that exists and is not a regular file (or whose folder is missing).

    A symlink, device, FIFO, socket or folder named as an output would be replaced by the
    atomic rename; gongkai never does that.
    """
    p = Path(path)
    try:
        st = os.lstat(p)
    except FileNotFoundError:
        parent = p.resolve().parent
        if not parent.is_dir():
            raise UsageError(f"{flag}: folder {parent} does not exist", path=str(p),
                             hint="create the folder first or choose another path") from None
        return
    except OSError as exc:
        raise UsageError(f"{flag}: cannot use this path: {exc.strerror or exc}",
                         path=str(p)) from None
    if not stat.S_ISREG(st.st_mode):
        raise UsageError(f"{flag}: the path exists and is {kind_of(st.st_mode)}; gongkai only "
                         "replaces regular files", path=str(p),
                         hint="give a new file name or an existing regular file")


def _lock_path(path: Path) -> Path:
    return path.parent / f".{path.name}-lock"


@contextlib.contextmanager
def locked(path: str | Path, *, timeout: float = LOCK_TIMEOUT,
           error: type[GongkaiError] = InputError) -> Iterator[None]:
    """Hold the update lock of ``path`` for a read-modify-write: a hidden ``.NAME-lock`` beside
    it, left in place (deleting a lock file races with its next user); other gongkai
    processes updating the same file wait their turn.

    Raises ``error`` when the lock cannot be created (read-only folder) or is not free within
    ``timeout`` seconds.
    """
    from filelock import FileLock, Timeout

    p = Path(path)
    lock = FileLock(str(_lock_path(p)), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise error(f"another process has been updating this file for {timeout:g} s",
                    path=str(p), hint=f"wait for it, or remove {_lock_path(p)} if no gongkai "
                    "process is running") from None
    except OSError as exc:
        raise error(f"cannot lock the file for updating: {exc.strerror or exc}", path=str(p),
                    hint="check that the folder exists and is writable") from None
    try:
        yield
    finally:
        lock.release()
