"""The pack cache (checker/engine/packcache.py) and lazily compiled regexes (checker/files/lazyre.py):
faster start-up, never a different result (issue 13, part 5)."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from checker.api import Session
from checker.engine import packcache
from checker.files.lazyre import LazyPattern, lazy, lazy_regex

ROOT = Path(__file__).resolve().parents[1]
SEED_JSON = ROOT / "fixtures" / "reports" / "seed-2023.json"
PACK = """
[pack]
id = "tiny"
title = "小包"
version = "1.0.0"

[rules.TNY001]
name = "tiny.word"
severity = "warning"
category = "language"
check = "pattern"
message = "出现“{match}”"
message_en = "found '{match}'"
summary = "不应出现的词"
doc = "测试用。"
with = { pattern = "%s" }
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of this test's own (the suite otherwise runs with the cache off)."""
    monkeypatch.delenv("GONGKAI_NO_CACHE", raising=False)
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path / "cache"))
    import checker.files.validcache as vc

    monkeypatch.setattr(vc, "_loaded", {})
    return tmp_path / "cache" / packcache.FORMAT


def _pack_dir(tmp_path: Path, word: str) -> Path:
    d = tmp_path / "packs"
    d.mkdir(exist_ok=True)
    (d / "tiny.toml").write_text(PACK % word, encoding="utf-8")
    return d


def _result(config: dict) -> tuple:
    r = Session(config, entry_points=False).check(str(SEED_JSON))
    return r.grade, r.findings


def test_second_session_loads_packs_from_the_cache_with_the_same_result(cache: Path) -> None:
    first = _result({})
    entries = sorted(cache.glob("*.pickle"))
    assert len(entries) >= 6  # one per first-party pack
    stamps = [p.stat().st_mtime_ns for p in entries]
    second = _result({})
    assert second == first
    assert [p.stat().st_mtime_ns for p in sorted(cache.glob("*.pickle"))] == stamps  # read only


def test_a_changed_pack_is_loaded_again_not_taken_from_the_cache(cache: Path,
                                                                 tmp_path: Path) -> None:
    d = _pack_dir(tmp_path, "本机关")
    a = Session({"pack_dirs": [str(d)]}, entry_points=False)
    assert [r.options["pattern"] for r in a.all_rules if r.code == "TNY001"] == ["本机关"]
    _pack_dir(tmp_path, "依申请")
    b = Session({"pack_dirs": [str(d)]}, entry_points=False)
    assert [r.options["pattern"] for r in b.all_rules if r.code == "TNY001"] == ["依申请"]
    hits = [f for f in b.check(str(SEED_JSON)).findings if f.code == "TNY001"]
    assert hits and all("依申请" in f.message for f in hits)


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps({"a": 1}),
                                    pickle.dumps(["list"])[:5]])
def test_a_corrupt_entry_is_a_miss_and_is_replaced(cache: Path, damage: bytes) -> None:
    first = _result({})
    for entry in cache.glob("*.pickle"):
        entry.write_bytes(damage)
    assert _result({}) == first
    assert all(pickle.loads(e.read_bytes()).__class__.__name__ == "RulePack"
               for e in cache.glob("*.pickle"))


def test_an_entry_for_another_path_is_not_used(cache: Path, tmp_path: Path) -> None:
    d = _pack_dir(tmp_path, "本机关")
    Session({"pack_dirs": [str(d)]}, entry_points=False)
    pack = next(p for p in (pickle.loads(e.read_bytes()) for e in cache.glob("*.pickle"))
                if p.id == "tiny")
    assert packcache.load("x" * 64, pack.path) is None  # absent
    key = next(e.stem for e in cache.glob("*.pickle")
               if pickle.loads(e.read_bytes()).id == "tiny")
    assert packcache.load(key, pack.path) is not None
    assert packcache.load(key, str(tmp_path / "elsewhere.toml")) is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_an_unwritable_cache_only_costs_speed(cache: Path, tmp_path: Path) -> None:
    cache.parent.mkdir(parents=True)
    cache.parent.chmod(0o500)
    try:
        assert _result({}) == _result({})
        assert not cache.exists()
    finally:
        cache.parent.chmod(0o700)


def test_a_cache_path_that_is_a_file_only_costs_speed(cache: Path) -> None:
    cache.parent.mkdir(parents=True)
    cache.write_text("in the way", encoding="utf-8")
    first = _result({})
    assert _result({}) == first
    assert cache.read_text(encoding="utf-8") == "in the way"


def test_no_cache_env_var_turns_it_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGKAI_NO_CACHE", "1")
    _result({})
    assert not cache.exists()


def test_xdg_cache_home_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GONGKAI_NO_CACHE", raising=False)
    monkeypatch.delenv("GONGKAI_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    _result({})
    assert list((tmp_path / "xdg" / "gongkai" / packcache.FORMAT).glob("*.pickle"))


def test_the_key_changes_with_version_and_kind_code(monkeypatch: pytest.MonkeyPatch) -> None:
    kinds = Session({}, entry_points=False).kinds
    base = packcache.entry_key("k", "/p.toml", kinds)
    assert packcache.entry_key("k", "/p.toml", kinds) == base
    assert packcache.entry_key("k2", "/p.toml", kinds) != base
    assert packcache.entry_key("k", "/q.toml", kinds) != base
    import checker

    monkeypatch.setattr(checker, "__version__", "999.0")
    assert packcache.entry_key("k", "/p.toml", kinds) != base
    monkeypatch.undo()
    monkeypatch.setattr(packcache, "_code_stamp", lambda kinds: "edited")
    assert packcache.entry_key("k", "/p.toml", kinds) != base


def test_cli_check_output_is_the_same_cold_and_warm(tmp_path: Path) -> None:
    """Whole processes: first run fills the cache, the second uses it; same bytes out."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GONGKAI_CACHE_DIR": str(tmp_path / "c")}
    env.pop("GONGKAI_NO_CACHE", None)
    cmd = [sys.executable, "-m", "checker", "check", str(SEED_JSON), "--format", "json"]
    runs = [subprocess.run(cmd, capture_output=True, env=env, check=False, timeout=120)
            for _ in range(2)]
    off = subprocess.run(cmd, capture_output=True, env={**env, "GONGKAI_NO_CACHE": "1"},
                         check=False, timeout=120)
    assert runs[0].returncode == runs[1].returncode == off.returncode == 1
    assert runs[0].stdout == runs[1].stdout == off.stdout
    assert list((tmp_path / "c" / packcache.FORMAT).glob("*.pickle"))


def test_lazy_pattern_compiles_on_first_use_and_behaves_like_the_pattern() -> None:
    p = lazy(r"(?P<n>\d+)年")
    assert p._compiled is None
    assert p.search("2023年").group("n") == "2023"
    assert p._compiled is not None
    assert p.groupindex == {"n": 1} and p.pattern == r"(?P<n>\d+)年"
    assert p.sub("X", "1年2年") == "XX" and p.findall("1年") == ["1"]
    again = pickle.loads(pickle.dumps(p))
    assert isinstance(again, LazyPattern) and again._compiled is None
    assert again.fullmatch("7年")
    q = lazy_regex(r"\p{Han}+")
    assert q.search("ab中文").group(0) == "中文"


def test_importing_the_checks_compiles_few_regexes() -> None:
    """Module-level patterns wait for their first use (a fresh interpreter counts)."""
    code = ("import re, regex, sys\n"
            "n = [0]\n"
            "def counting(orig):\n"
            "    def compile(*a, **k):\n"
            "        n[0] += 'checker' in sys._getframe(1).f_code.co_filename\n"
            "        return orig(*a, **k)\n"
            "    return compile\n"
            "re.compile, regex.compile = counting(re.compile), counting(regex.compile)\n"
            "import checker.checks.citation, checker.checks.percentage, checker.checks.doctext\n"
            "print(n[0])\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=str(ROOT), check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) <= 25  # generated tables of doctext/prose; 93 before
