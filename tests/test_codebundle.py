"""gongkai's modules served from one file of compiled code (checker.files.codebundle): the same
modules, never stale, and the usual import whenever the file cannot vouch for a module."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "reports" / "seed-2023.json"

# a check, then which of gongkai's modules came from the bundle, and a traceback's line
_PROBE = r"""
import io, json, sys, contextlib, traceback
from checker.cli.app import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(["check", sys.argv[1], "--format", "json"])
from checker.files.codebundle import _KeptCodeLoader
import checker.engine.expr as expr
kept = sorted(n for n, m in list(sys.modules.items())
              if isinstance(getattr(m, "__loader__", None), _KeptCodeLoader))
try:
    expr.parse("t3.x.y ==")
except Exception:
    frame = traceback.extract_tb(sys.exc_info()[2])[-1]
    where = [frame.filename, frame.lineno, frame.line]
print(json.dumps({"code": code, "out": json.loads(out.getvalue())["reports"][0]["findings"],
                  "kept": kept, "file": expr.__file__, "where": where,
                  "marker": getattr(expr, "BUNDLE_TEST_MARKER", None)}))
"""


def _copy_package(tmp: Path) -> Path:
    """A private copy of the package (its sources can be changed), without .pyc files."""
    home = tmp / "src"
    shutil.copytree(ROOT / "checker", home / "checker",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return home


def _probe(home: Path, cache: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("GONGKAI_NO_CACHE",)}
    env.update(PYTHONPATH=str(home), GONGKAI_CACHE_DIR=str(cache), **extra)
    done = subprocess.run([sys.executable, "-c", _PROBE, str(SEED)], capture_output=True,
                          text=True, env=env, cwd=home, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_modules_come_from_the_bundle_and_behave_the_same(tmp_path: Path) -> None:
    home = _copy_package(tmp_path)
    cache = tmp_path / "cache"
    first = _probe(home, cache)  # imports the usual way, writes the bundle at exit
    assert first["kept"] == [] and list(cache.glob("code-*.marshal"))
    second = _probe(home, cache)
    assert len(second["kept"]) > 50 and "checker.engine.expr" in second["kept"]
    assert second["out"] == first["out"] and second["code"] == first["code"]
    assert second["file"] == str(home / "checker" / "engine" / "expr.py")
    assert second["where"] == first["where"]  # tracebacks name the real file, line and text
    assert second["where"][0] == second["file"] and second["where"][2]


def test_a_warm_run_writes_no_cache_file(tmp_path: Path) -> None:
    """Once warm, a run only reads: no start-up cache is written again (a write is an fsync)."""
    home = _copy_package(tmp_path)
    cache = tmp_path / "cache"
    _probe(home, cache)
    _probe(home, cache)
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    _probe(home, cache)
    after = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    assert after == before


def test_a_changed_source_is_imported_afresh_and_the_bundle_follows(tmp_path: Path) -> None:
    home = _copy_package(tmp_path)
    cache = tmp_path / "cache"
    _probe(home, cache)
    source = home / "checker" / "engine" / "expr.py"
    source.write_text(source.read_text(encoding="utf-8") + "\nBUNDLE_TEST_MARKER = 1\n",
                      encoding="utf-8")
    changed = _probe(home, cache)
    assert changed["marker"] == 1 and "checker.engine.expr" not in changed["kept"]
    again = _probe(home, cache)  # the entry was brought up to date at exit
    assert again["marker"] == 1 and "checker.engine.expr" in again["kept"]


def test_same_size_and_other_content_is_not_served(tmp_path: Path) -> None:
    """The modification time decides, as for a .pyc: same length, new bytes, new code."""
    home = _copy_package(tmp_path)
    cache = tmp_path / "cache"
    source = home / "checker" / "engine" / "expr.py"
    source.write_text(source.read_text(encoding="utf-8") + "\nBUNDLE_TEST_MARKER = 1\n",
                      encoding="utf-8")
    _probe(home, cache)
    source.write_text(source.read_text(encoding="utf-8").replace("MARKER = 1", "MARKER = 2"),
                      encoding="utf-8")
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 1_000_000))
    assert _probe(home, cache)["marker"] == 2


def test_a_corrupt_bundle_means_the_usual_import(tmp_path: Path) -> None:
    home = _copy_package(tmp_path)
    cache = tmp_path / "cache"
    first = _probe(home, cache)
    (bundle,) = cache.glob("code-*.marshal")
    bundle.write_bytes(b"\x00 not marshal")
    broken = _probe(home, cache)
    assert broken["kept"] == [] and broken["out"] == first["out"]
    assert len(_probe(home, cache)["kept"]) > 50  # rewritten


def test_another_copy_of_the_package_has_its_own_bundle(tmp_path: Path) -> None:
    """Two installations sharing a cache folder never serve each other's code."""
    cache = tmp_path / "cache"
    one, two = _copy_package(tmp_path / "one"), _copy_package(tmp_path / "two")
    _probe(one, cache)
    seen = _probe(two, cache)
    assert seen["kept"] == [] and seen["file"].startswith(str(two))
    assert len(list(cache.glob("code-*.marshal"))) == 2


def test_no_cache_leaves_the_import_system_alone(tmp_path: Path) -> None:
    home = _copy_package(tmp_path)
    cache = tmp_path / "cache"
    _probe(home, cache)
    off = _probe(home, cache, GONGKAI_NO_CACHE="1")
    assert off["kept"] == []


@pytest.mark.parametrize("name", ["checker.engine", "checker.checks"])
def test_packages_keep_their_path(name: str, tmp_path: Path) -> None:
    """A package from the bundle still finds its submodules (and pkgutil lists them)."""
    home = _copy_package(tmp_path)
    cache = tmp_path / "cache"
    _probe(home, cache)
    code = (f"import importlib, pkgutil; m = importlib.import_module({name!r}); "
            "print(m.__path__[0], sorted(i.name for i in pkgutil.iter_modules(m.__path__))[:3], "
            "type(m.__loader__).__name__)")
    env = {**os.environ, "PYTHONPATH": str(home), "GONGKAI_CACHE_DIR": str(cache)}
    env.pop("GONGKAI_NO_CACHE", None)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=home, timeout=120, check=True).stdout
    folder = home / Path(*name.split("."))
    assert out.startswith(str(folder)) and "_KeptCodeLoader" in out
