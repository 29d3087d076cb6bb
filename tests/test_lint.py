"""`ruff check checker` and `mypy checker` are clean with the project's configuration."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(tool) is None:
        pytest.skip(f"{tool} is not installed: pip install -e '.[lint]' (package {tool!r})")
    return subprocess.run([sys.executable, "-m", tool, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, check=False)


def test_ruff_check_is_clean() -> None:
    """ruff finds nothing in the package, with the rules pinned in pyproject.toml."""
    done = _run("ruff", "check", "checker")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean() -> None:
    """mypy (strict, Python 3.10) finds no error in the package."""
    done = _run("mypy", "checker")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout
