"""The gongkai process (checker.cli.process): exits at once only when nothing can be lost."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *flags, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=60, check=False)


def test_exit_handlers_run_and_output_is_flushed_before_the_process_ends() -> None:
    done = _run("import atexit, sys\n"
                "atexit.register(lambda: print('handler ran'))\n"
                "from checker.cli.process import exit_now\n"
                "sys.stdout.write('x' * 100000)\n"
                "exit_now(3)\n")
    assert done.returncode == 3
    assert done.stdout == "x" * 100000 + "handler ran\n"


def test_a_running_thread_is_waited_for_as_usual() -> None:
    done = _run("import threading, time\n"
                "from checker.cli.process import exit_now\n"
                "threading.Thread(target=lambda: (time.sleep(0.3), print('thread done'))).start()\n"
                "exit_now(0)\n")
    assert done.returncode == 0 and done.stdout == "thread done\n"


def test_development_mode_exits_the_ordinary_way() -> None:
    """-X dev reports unclosed resources at exit: the ordinary exit keeps that."""
    done = _run("from checker.cli.process import exit_now\n"
                "f = open(__import__('os').devnull)\n"
                "exit_now(0)\n", "-X", "dev")
    assert done.returncode == 0 and "ResourceWarning" in done.stderr


def test_the_command_writes_everything_and_keeps_its_exit_code(tmp_path: Path) -> None:
    seed = ROOT / "fixtures" / "reports" / "seed-2023.json"
    done = subprocess.run([sys.executable, "-m", "checker", "check", str(seed), "--format",
                           "json"], capture_output=True, text=True, cwd=tmp_path, timeout=120,
                          check=False, env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 1  # the seed has errors
    assert done.stdout.rstrip().endswith("}") and '"findings"' in done.stdout
