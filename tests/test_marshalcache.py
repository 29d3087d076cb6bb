"""checker.files.marshalcache: a bounded table kept between processes, safe when broken."""
from __future__ import annotations

from pathlib import Path

import pytest

from checker.files.marshalcache import MarshalCache


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("GONGKAI_NO_CACHE", raising=False)
    return tmp_path


def _process(stem: str, max_entries: int, use: list[str], add: list[str]) -> MarshalCache:
    """One run: reads the file, looks some keys up, adds others, writes at its end."""
    cache = MarshalCache(stem, max_entries)
    for key in use:
        assert cache.get(key) == key.upper()
    for key in add:
        cache.put(key, key.upper())
    cache.save()
    return cache


def test_what_a_run_added_is_read_by_the_next(cache_dir: Path) -> None:
    _process("t", 10, [], ["a", "b"])
    later = _process("t", 10, ["a", "b"], [])
    assert later.added == {}
    assert list(cache_dir.glob("t-*.marshal"))


def test_the_table_is_bounded_and_keeps_what_runs_use(cache_dir: Path) -> None:
    _process("t", 4, [], ["a", "b", "c", "d"])
    _process("t", 4, ["a"], ["e"])  # b, the oldest unused entry, goes
    survivor = MarshalCache("t", 4)
    assert [k for k in "abcde" if survivor.get(k) is not None] == ["a", "c", "d", "e"]


def test_a_corrupt_file_is_an_empty_table_and_is_replaced(cache_dir: Path) -> None:
    _process("t", 10, [], ["a"])
    (path,) = cache_dir.glob("t-*.marshal")
    path.write_bytes(b"\x00garbage")
    cache = MarshalCache("t", 10)
    assert cache.get("a") is None
    cache.put("b", "B")
    cache.save()
    assert MarshalCache("t", 10).get("b") == "B"


def test_no_cache_reads_and_writes_nothing(cache_dir: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGKAI_NO_CACHE", "1")
    cache = MarshalCache("t", 10)
    cache.put("a", "A")
    cache.save()
    assert not list(cache_dir.iterdir())
