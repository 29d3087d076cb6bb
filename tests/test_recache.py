"""Compiled regular expressions kept between runs (checker.files.recache) are exactly re.compile's."""
from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import checker
from checker.files import recache
from checker.files.lazyre import LazyPattern
from checker.files.marshalcache import MarshalCache

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "reports" / "seed-2023.json"

pytestmark = pytest.mark.skipif(not recache._AVAILABLE, reason="the pattern cache needs CPython")


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("GONGKAI_NO_CACHE", raising=False)
    monkeypatch.setattr(recache, "CACHE", MarshalCache(recache.CACHE.stem))
    return tmp_path


def _every_lazy_pattern() -> list[LazyPattern]:
    found = []
    for info in pkgutil.walk_packages(checker.__path__, "checker."):
        if info.name.startswith(("checker.serve", "checker.oldpaths", "checker.__main__")):
            continue
        module = importlib.import_module(info.name)
        found += [v for v in vars(module).values() if isinstance(v, LazyPattern)]
    return found


def test_every_pattern_of_gongkai_compiles_to_the_same_code_through_the_cache(cache: Path) -> None:
    """Fresh, then from the file written: equal to re.compile (equal patterns have equal code)."""
    patterns = [p for p in _every_lazy_pattern() if p.module == "re"]
    assert len(patterns) > 50
    for p in patterns:
        assert recache.compile_pattern(p.source, p.flags) == re.compile(p.source, p.flags)
    recache.save()
    assert list(cache.glob("regex2-*.marshal"))
    recache.CACHE.forget()  # a new process: read the file
    for p in patterns:
        got = recache.compile_pattern(p.source, p.flags)
        assert got == re.compile(p.source, p.flags)
        assert got.groupindex == re.compile(p.source, p.flags).groupindex
    assert recache.CACHE.added == {}  # every one came from the file


def test_named_groups_and_matches_are_kept(cache: Path) -> None:
    """A pattern from the file matches as the original does, group names included."""
    source = r"(?P<year>[0-9０-９]{4})年(?P<rest>[\u3400-\u9fffA-Za-z]+)"
    recache.compile_pattern(source)
    recache.save()
    recache.CACHE.forget()
    m = recache.compile_pattern(source).search("于２０２３年公开报告abc。")
    assert m is not None and m.group("year") == "２０２３" and m.group("rest") == "公开报告abc"


def test_a_corrupt_or_foreign_file_is_ignored(cache: Path) -> None:
    """Garbage in the cache file means compiling afresh, never a wrong pattern."""
    source = r"[0-9A-Za-z\u3400-\u9fff]+"
    recache.compile_pattern(source)
    recache.save()
    (path,) = cache.glob("regex2-*.marshal")
    path.write_bytes(b"\x00garbage")
    recache.CACHE.forget()
    assert recache.compile_pattern(source) == re.compile(source)


def test_an_entry_the_engine_refuses_is_compiled_afresh(cache: Path) -> None:
    """A damaged entry (wrong code) is not trusted."""
    source = r"[一-龥]+"
    recache.CACHE._table = {(source, 0): (32, [1, 2, 3], 0, {}, (None,))}
    assert recache.compile_pattern(source) == re.compile(source)


def test_syntax_errors_are_re_errors(cache: Path) -> None:
    """A bad pattern raises as re.compile does."""
    with pytest.raises(re.error):
        recache.compile_pattern("(unclosed")


def test_no_cache_means_plain_re_compile_and_no_file(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """GONGKAI_NO_CACHE=1: nothing read, nothing written."""
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("GONGKAI_NO_CACHE", "1")
    monkeypatch.setattr(recache, "CACHE", MarshalCache(recache.CACHE.stem))
    assert recache.compile_pattern(r"[a-z\u4e00-\u9fff]") == re.compile(r"[a-z\u4e00-\u9fff]")
    recache.save()
    assert not list(tmp_path.iterdir())


def test_a_check_writes_the_file_and_the_next_check_reads_it(tmp_path: Path) -> None:
    """Two processes: the first writes the cache at exit, the second gives the same output."""
    env = {k: v for k, v in __import__("os").environ.items() if k != "GONGKAI_NO_CACHE"}
    env["GONGKAI_CACHE_DIR"] = str(tmp_path)
    cmd = [sys.executable, "-m", "checker", "check", str(SEED), "--format", "json"]
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert list(tmp_path.glob("regex2-*.marshal"))
    second = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert first.returncode == second.returncode and first.stdout == second.stdout
