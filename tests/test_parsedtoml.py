"""TOML parsed before is read back from the cache exactly (checker.files.parsedtoml)."""
from __future__ import annotations

from pathlib import Path

import pytest

from checker.config import layers
from checker.errors import ConfigError
from checker.files import parsedtoml

PROFILE = Path(__file__).resolve().parent.parent / "checker" / "profiles" / "default.toml"


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GONGKAI_NO_CACHE", raising=False)
    monkeypatch.setattr(layers, "_PARSED", {})
    return tmp_path / "cache"


def test_a_second_process_reads_the_same_table_without_parsing(cache: Path,
                                                                monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    """The default profile: parsed once, then from the cache, equal to a fresh parse."""
    fresh = layers.read_toml(PROFILE, "profile", ConfigError)
    assert list((cache / parsedtoml.FORMAT).glob("*.marshal"))
    monkeypatch.setattr(layers, "_PARSED", {})  # a new process

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr("checker.files.tomlguard.loads", no_parsing)
    assert layers.read_toml(PROFILE, "profile", ConfigError) == fresh


def test_changed_content_is_parsed_again(cache: Path, tmp_path: Path) -> None:
    """The key is the content: an edited file is never answered from an old entry."""
    f = tmp_path / "gongkai.toml"
    f.write_text('lang = "en"\n', encoding="utf-8")
    assert layers.read_toml(f, "config", ConfigError) == {"lang": "en"}
    f.write_text('lang = "zh"\n', encoding="utf-8")
    assert layers.read_toml(f, "config", ConfigError) == {"lang": "zh"}


def test_dates_are_not_kept_and_corrupt_entries_are_ignored(cache: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """A table marshal cannot hold is parsed each time; garbage in the cache is not trusted."""
    dated = tmp_path / "d.toml"
    dated.write_text("when = 2024-01-01\n", encoding="utf-8")
    assert str(layers.read_toml(dated, "config", ConfigError)["when"]) == "2024-01-01"
    assert not list((cache / parsedtoml.FORMAT).glob("*.marshal"))
    plain = tmp_path / "p.toml"
    plain.write_text("a = 1\n", encoding="utf-8")
    layers.read_toml(plain, "config", ConfigError)
    (entry,) = (cache / parsedtoml.FORMAT).glob("*.marshal")
    entry.write_bytes(b"\x00not marshal")
    monkeypatch.setattr(layers, "_PARSED", {})
    assert layers.read_toml(plain, "config", ConfigError) == {"a": 1}


def test_a_bad_file_is_still_refused(cache: Path, tmp_path: Path) -> None:
    """Errors are never cached: a broken file names itself every time."""
    bad = tmp_path / "bad.toml"
    bad.write_text("a = \n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ConfigError):
            layers.read_toml(bad, "config", ConfigError)
