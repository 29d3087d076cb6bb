"""Third-party plugins written for gongkai 0.1 keep working for one release (issue 11)."""
from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from checker.oldpaths import MOVED, new_name

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "reports" / "seed-2023.json"


NOW_PACKAGES = ("engine", "grading", "config")  # their 0.1 names are forwarded (tested below)


@pytest.mark.parametrize("old", sorted(set(MOVED) - set(NOW_PACKAGES)))
def test_every_old_module_path_is_the_new_module_with_a_warning(old: str) -> None:
    """``import checker.<old>`` gives the very module at its new place, and says where it went."""
    sys.modules.pop(f"checker.{old}", None)
    with pytest.warns(DeprecationWarning, match=r"has moved to checker\."):
        module = importlib.import_module(f"checker.{old}")
    new = importlib.import_module(new_name(f"checker.{old}") or "")
    if old == "normalise":  # the 0.1 package that was also the function: callable, forwarding
        assert callable(module) and module.normalise_text is new.normalise_text
    else:
        assert module is new


def test_old_names_of_modules_that_became_packages_are_forwarded() -> None:
    """``from checker.engine import run_rules`` (0.1: engine.py) still works, with a warning."""
    from checker.engine import run as engine_run

    with pytest.warns(DeprecationWarning, match="checker.engine.run"):
        from checker.engine import run_rules
    assert run_rules is engine_run.run_rules
    with pytest.warns(DeprecationWarning, match="checker.grading.score"):
        from checker.grading import grade
    from checker.grading.score import grade as new_grade

    assert grade is new_grade


def test_a_name_that_never_existed_is_still_an_import_error() -> None:
    """Forwarding does not invent names."""
    with pytest.raises(ImportError):
        from checker.engine import no_such_name  # noqa: F401


def test_unmoved_modules_are_not_answered_by_the_finder() -> None:
    """Only moved modules are redirected."""
    assert new_name("checker.findings") is None
    assert new_name("checker.report") is None
    assert new_name("json") is None
    assert new_name("checker.normalise.text") == "checker.readers.text"


def test_old_paths_in_a_fresh_interpreter_check_a_report_as_before() -> None:
    """A plugin of 0.1 style: old imports, then a check — same result, normalise still callable."""
    code = (
        "import warnings; warnings.simplefilter('ignore')\n"
        "from checker.kinds import CheckKind, Hit, Skip\n"
        "from checker.packs import Rule\n"
        "import checker.normalise.text\n"
        "from checker.engine import run_rules\n"
        "import checker\n"
        f"r = checker.check({str(SEED)!r})\n"
        "assert callable(checker.normalise)\n"
        "from checker.engine.kinds import Hit as NewHit\n"
        "assert Hit is NewHit\n"
        "print(r.grade.score)\n")
    new = subprocess.run([sys.executable, "-c", f"import checker\nprint(checker.check({str(SEED)!r}).grade.score)"],
                         capture_output=True, text=True, timeout=120, check=False)
    old = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         check=False)
    assert old.returncode == 0, old.stderr
    assert old.stdout == new.stdout and old.stdout.strip()


def test_old_builtin_plugin_name_is_accepted_in_blocked_plugins() -> None:
    """``blocked_plugins = ["checker.builtin"]`` (0.1's name) blocks today's built-in plugin."""
    from checker.plugins.manager import get_plugin_manager

    plugins = get_plugin_manager({}, entry_points=False, blocked=["checker.builtin"])
    assert plugins.pm.is_blocked("checker.plugins.builtin")
