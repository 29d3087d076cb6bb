"""No data loss: every file gongkai writes goes through ``checker.files.atomic.atomic_write``.

A process killed mid-write (SIGKILL) leaves the previous file intact; SIGKILL cannot run
clean-up code, so a hidden ``.NAME.XXXXXXXX.tmp`` beside the target may remain (documented in
docs/limits.md). Ctrl-C (SIGINT) and write errors leave the previous file and no temp file.
"""
from __future__ import annotations

import ast
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker.files.atomic import atomic_write

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "reports" / "seed-2023.json"
WATCHDOG = pytest.mark.timeout(120, method="thread")
OLD = "previous content — must survive\n"

# The child pauses inside atomic_write after the temp file is fully written but before the
# rename (by stalling fsync), tells the parent, and waits to be killed or interrupted.
_STALL = r"""
import os, sys, time
_real_fsync = os.fsync
def _stalled_fsync(fd):
    _real_fsync(fd)
    print("READY", flush=True)
    time.sleep(60)
os.fsync = _stalled_fsync
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "GONGKAI_NO_CACHE": "1"}


def _start(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env(), cwd=ROOT)


def _wait_ready(proc: subprocess.Popen[str]) -> None:
    line = proc.stdout.readline()  # type: ignore[union-attr]
    assert line.strip() == "READY", (line, proc.stderr.read() if proc.poll() is not None else "")


def _leftovers(directory: Path, target: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p != target)


CLI_WRITERS = {
    "check -o": ["check", str(SEED), "--format", "json", "-o"],
    "normalise -o": ["normalise", str(ROOT / "fixtures" / "raw" / "seed-2023.txt"), "-o"],
    "rules -o": ["rules", "--format", "markdown", "-o"],
}


@WATCHDOG
@pytest.mark.parametrize("command", sorted(CLI_WRITERS))
def test_sigkill_mid_write_keeps_previous_file(tmp_path, command):
    """SIGKILL between writing the temp file and the rename: the target still holds the old bytes."""
    target = tmp_path / "out.json"
    target.write_text(OLD, encoding="utf-8")
    code = _STALL + "from checker.cli.app import main\nsys.exit(main(sys.argv[1:]))\n"
    proc = _start(code, *CLI_WRITERS[command], str(target))
    _wait_ready(proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert target.read_text(encoding="utf-8") == OLD
    left = _leftovers(tmp_path, target)
    # SIGKILL runs no clean-up: at most the one hidden temp file beside the target remains.
    assert len(left) <= 1 and all(n.startswith(".out.json.") and n.endswith(".tmp") for n in left)


@WATCHDOG
def test_sigkill_during_huge_write_keeps_previous_file(tmp_path):
    """Killed while a 400 MB payload is still being written: the old file is intact."""
    target = tmp_path / "big.json"
    target.write_text(OLD, encoding="utf-8")
    code = ("import sys\nfrom checker.files.atomic import atomic_write\n"
            "atomic_write(sys.argv[1], b'x' * (400 * 1024 * 1024))\n")
    proc = _start(code, str(target))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # kill once the temp file exists and is growing
        tmps = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        if tmps and tmps[0].stat().st_size > 0:
            break
        if proc.poll() is not None:
            pytest.fail("the write finished before it could be interrupted")
        time.sleep(0.001)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert target.read_text(encoding="utf-8") == OLD


@WATCHDOG
@pytest.mark.parametrize("command", sorted(CLI_WRITERS))
def test_ctrl_c_mid_write_leaves_no_temp_file(tmp_path, command):
    """SIGINT mid-write: exit 130, previous file intact, temp file removed."""
    target = tmp_path / "out.json"
    target.write_text(OLD, encoding="utf-8")
    code = _STALL + "from checker.cli.app import main\nsys.exit(main(sys.argv[1:]))\n"
    proc = _start(code, *CLI_WRITERS[command], str(target))
    _wait_ready(proc)
    os.kill(proc.pid, signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err
    assert target.read_text(encoding="utf-8") == OLD
    assert _leftovers(tmp_path, target) == []


def test_write_error_leaves_previous_file_and_no_temp(tmp_path, monkeypatch):
    """A failing write (disk full) raises, keeps the old file and removes the temp file."""
    target = tmp_path / "out.txt"
    target.write_text(OLD, encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        atomic_write(target, "new")
    assert target.read_text(encoding="utf-8") == OLD
    assert _leftovers(tmp_path, target) == []


def test_atomic_write_keeps_permissions(tmp_path):
    """Replacing a file keeps its permission bits; a new file is 0644."""
    target = tmp_path / "out.txt"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o600)
    atomic_write(target, "new")
    assert target.read_text(encoding="utf-8") == "new" and (target.stat().st_mode & 0o777) == 0o600
    fresh = tmp_path / "fresh.txt"
    atomic_write(fresh, b"x")
    assert fresh.stat().st_mode & 0o777 == 0o644


def test_unwritable_output_is_a_clear_error(tmp_path, capsys):
    """`check -o` into a missing directory: exit 2 naming the output file, no traceback."""
    from checker.cli.app import main

    out = tmp_path / "no-such-dir" / "out.json"
    rc = main(["check", str(SEED), "--format", "json", "-o", str(out)])
    err = capsys.readouterr().err
    assert rc == 2 and str(out) in err


# --- static: nothing in checker/ writes a file except through atomic_write ---------------

_WRITE_CALLS = {"write_text", "write_bytes"}
_ALLOWED = {"checker/files/atomic.py"}


def _writes(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        fn = node.func
        name = fn.attr if isinstance(fn, ast.Attribute) else (fn.id if isinstance(fn, ast.Name) else "")
        if name in _WRITE_CALLS:
            lines.append(node.lineno)
        elif name in ("open", "fdopen") and len(node.args) >= 2:
            mode = node.args[1]
            if isinstance(mode, ast.Constant) and isinstance(mode.value, str) and \
                    any(c in mode.value for c in "wax+"):
                lines.append(node.lineno)
        elif name in ("open", "fdopen"):
            for kw in node.keywords:
                if kw.arg == "mode" and isinstance(kw.value, ast.Constant) and \
                        any(c in str(kw.value.value) for c in "wax+"):
                    lines.append(node.lineno)
        elif name in ("mkstemp", "NamedTemporaryFile", "copyfile", "copy2", "move"):
            lines.append(node.lineno)
        elif name == "copy" and node.args:  # shutil.copy(src, dst); dict.copy() takes no args
            lines.append(node.lineno)
    return lines


def test_every_file_write_goes_through_atomic_write():
    """No module of the package opens a file for writing itself (checker/files/atomic.py does it)."""
    offenders = []
    for path in sorted((ROOT / "checker").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in _ALLOWED:
            continue
        for line in _writes(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"{rel}:{line}")
    assert offenders == [], "write files with checker.files.atomic.atomic_write: " + ", ".join(offenders)
