"""Old Word formats (``.doc``) and WPS Office files (``.wps``), converted through LibreOffice.

Nothing in Python reads these binary formats well, so when LibreOffice is installed its
``soffice --headless --convert-to docx`` turns the file into a ``.docx`` in a private
temporary folder (with a throw-away LibreOffice profile, so that a running LibreOffice or a
second conversion at the same time does not interfere), under a time limit. Without
LibreOffice the file is refused with a message saying what to do.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

from checker.errors import InputError

# subprocess, tempfile and shutil are imported where a conversion needs them: every text or
# HTML document is sniffed with is_legacy, and they cost several milliseconds of each start

__all__ = ["CONVERT_TIMEOUT", "LEGACY_SUFFIXES", "is_legacy", "media_type", "soffice", "to_docx"]

#: Seconds a conversion may take before LibreOffice is stopped.
CONVERT_TIMEOUT = 120
LEGACY_SUFFIXES = (".doc", ".wps", ".dot", ".wpt")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HINT = ("install LibreOffice (Debian/Ubuntu: apt-get install --no-install-recommends "
         "libreoffice-writer), or open the file in Word or WPS and save it as .docx")


def _suffix(path: str | None) -> str:
    return os.path.splitext(path or "")[1].lower()


def is_legacy(data: bytes, path: str | None) -> bool:
    """A ``.doc``/``.wps`` by name, or an OLE compound file whose name says nothing else."""
    suffix = _suffix(path)
    if suffix in LEGACY_SUFFIXES:
        return True
    return data[:8] == _OLE and suffix in ("", ".bin", ".tmp")


def media_type(path: str | None) -> str:
    """The media type recorded for a converted file."""
    wps = _suffix(path) in (".wps", ".wpt")
    return "application/wps-office.wps" if wps else "application/msword"


def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    import shutil

    return shutil.which("soffice") or shutil.which("libreoffice")


def _run(cmd: list[str], timeout: float) -> tuple[int, str]:
    """Run LibreOffice in its own process group; stop the whole group on timeout."""
    import signal
    import subprocess

    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return proc.returncode, out.decode("utf-8", "replace")


def to_docx(data: bytes, path: str | None, timeout: float = CONVERT_TIMEOUT) -> bytes:
    """Convert ``.doc``/``.wps`` bytes to ``.docx`` bytes with LibreOffice.

    Raises:
        InputError: LibreOffice is not installed, timed out or could not convert the file.
    """
    import subprocess
    import tempfile

    from checker.files.atomic import atomic_write

    exe = soffice()
    kind = _suffix(path) or ".doc"
    if exe is None:
        raise InputError(f"读取 {kind} 文件需要 LibreOffice（soffice），但未安装 / reading {kind} "
                         "files needs LibreOffice (soffice), which is not installed",
                         path=path, hint=_HINT)
    with tempfile.TemporaryDirectory(prefix="gongkai-convert-") as tmp:
        folder = Path(tmp)
        src = folder / f"report{kind if kind in LEGACY_SUFFIXES else '.doc'}"
        atomic_write(src, data)
        cmd = [exe, "--headless", "--norestore", "--nologo", "--nolockcheck", "--nodefault",
               f"-env:UserInstallation={(folder / 'profile').as_uri()}",
               "--convert-to", "docx", "--outdir", str(folder / "out"), str(src)]
        try:
            code, log = _run(cmd, timeout)
        except subprocess.TimeoutExpired:
            raise InputError(f"LibreOffice 转换超时（{timeout:g} 秒）/ LibreOffice did not convert "
                             f"the file within {timeout:g} s", path=path,
                             hint="open the file in Word or WPS and save it as .docx") from None
        except OSError as exc:
            raise InputError(f"无法运行 LibreOffice / cannot run LibreOffice ({exc})", path=path,
                             hint=_HINT) from None
        made = folder / "out" / "report.docx"
        if not made.is_file() or made.stat().st_size == 0:
            detail = " ".join(log.split())[-200:]
            raise InputError(f"LibreOffice 无法转换该文件 / LibreOffice could not convert the file "
                             f"(exit {code}{': ' + detail if detail else ''})", path=path,
                             hint="the file may be damaged or password-protected; open it in "
                                  "Word or WPS and save it as .docx")
        return made.read_bytes()
