"""The one-call API: ``checker.check`` / ``checker.readers`` reuse a default session, and
``checker.readers`` stays callable whatever has been imported (issue 13, part 4)."""
from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

import checker
from checker import api

ROOT = Path(__file__).resolve().parents[1]
SEED_JSON = ROOT / "fixtures" / "reports" / "seed-2023.json"
SEED_TXT = ROOT / "fixtures" / "raw" / "seed-2023.txt"


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """The configurations of every Session built while the test runs (fresh default sessions)."""
    api.clear_default_sessions()
    made: list[dict] = []
    original = api.Session.__post_init__

    def counting(self: api.Session) -> None:
        made.append(dict(self.config))
        original(self)

    monkeypatch.setattr(api.Session, "__post_init__", counting)
    yield made
    api.clear_default_sessions()


def test_check_builds_one_session_per_configuration(built: list[dict]) -> None:
    first = checker.check(str(SEED_JSON))
    second = checker.check(str(SEED_JSON))
    checker.check(str(SEED_JSON), lang="en")
    checker.check(str(SEED_JSON), lang="en")
    assert built == [{}, {"lang": "en"}]
    assert first.grade.score == second.grade.score
    assert [f.fingerprint for f in first.findings] == [f.fingerprint for f in second.findings]
    assert api.default_session({}) is api.default_session({})
    assert api.default_session({"lang": "en"}) is not api.default_session({})


def test_default_session_gives_the_same_result_as_a_fresh_one(built: list[dict]) -> None:
    checker.check(str(SEED_JSON))  # warm the default session
    reused = checker.check(str(SEED_JSON))
    fresh = checker.Session({}).check(str(SEED_JSON))
    assert reused.grade == fresh.grade
    assert reused.findings == fresh.findings


def test_clear_default_sessions_rebuilds(built: list[dict]) -> None:
    checker.check(str(SEED_JSON))
    api.clear_default_sessions()
    checker.check(str(SEED_JSON))
    assert built == [{}, {}]


def test_each_thread_has_its_own_default_session(built: list[dict]) -> None:
    mine = api.default_session({})
    theirs: list[api.Session] = []
    t = threading.Thread(target=lambda: theirs.append(api.default_session({})))
    t.start()
    t.join()
    assert theirs and theirs[0] is not mine
    assert api.default_session({}) is mine


def test_normalise_uses_the_default_session_too(built: list[dict]) -> None:
    one = checker.normalise(str(SEED_TXT))
    two = checker.normalise(str(SEED_TXT))
    checker.check(str(SEED_TXT))
    assert one == two
    assert one["meta"]["year"] == 2023
    assert built == [{}]


def test_session_is_exported() -> None:
    assert checker.Session is api.Session
    assert "Session" in checker.__all__
    from checker import Session

    assert Session is api.Session


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                          cwd=str(ROOT), timeout=120)


@pytest.mark.parametrize("before", [
    "",
    "import checker.readers",
    "import checker.readers.decode as d",
    "from checker.readers import normalise_bytes",
    "from checker import normalise",
    "import checker.api",
    # the 0.1 paths (checker.oldpaths): still importable, and checker.normalise stays callable
    "import checker.normalise",
    "import checker.normalise.decode as d",
    "from checker.normalise import normalise_bytes",
    "from checker.normalise.text import normalise_text",
])
def test_normalise_stays_callable_whatever_was_imported(before: str) -> None:
    """A fresh interpreter each time: what was imported first must not matter."""
    code = (f"{before}\nimport checker\n"
            f"a = checker.normalise({str(SEED_TXT)!r})\n"
            f"b = checker.normalise({str(SEED_TXT)!r})\n"
            "from checker.readers import normalise_text\n"
            "import checker.normalise.text\n"
            f"c = checker.normalise({str(SEED_TXT)!r})\n"
            "assert a == b == c and a['meta']['year'] == 2023\n"
            "assert callable(checker.normalise) and callable(checker.readers.normalise_bytes)\n"
            "print('ok')\n")
    proc = _run(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"


def test_import_checker_stays_light() -> None:
    """``import checker`` does not load the API, the readers or the packs (start-up time)."""
    proc = _run("import sys, checker\n"
                "print(sorted(m for m in ('checker.api', 'checker.readers', 'checker.plugins')"
                " if m in sys.modules))")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_a_misspelt_keyword_is_an_error_with_a_suggestion():
    import pytest

    import checker

    seed = Path(__file__).resolve().parent.parent / "fixtures" / "raw" / "seed-2023.txt"
    with pytest.raises(TypeError, match="did you mean 'select'"):
        checker.check(seed, selct=["TBL001"])
    with pytest.raises(TypeError, match="unexpected keyword argument 'langg'"):
        checker.normalise(seed, langg="en")
    assert checker.check(seed, select=["TBL001"]).rules_run == 1
