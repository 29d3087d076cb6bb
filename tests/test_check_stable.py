"""Regression guard: checking known reports gives byte-identical results.

Every report in ``fixtures/reports`` and ``fixtures/reports/defects`` (not ``*.previous.json``
nor the defects' index ``expected.json``), every raw input in ``fixtures/raw`` (text and HTML)
and, when present, ``../shared/corpus/*.txt`` is checked with all first-party packs; the JSON
rendering of the result (findings, messages, order, fingerprints, scores) is hashed and
compared with ``tests/data/check-digests.json``. The tool version in the rendering is blanked,
so a version bump alone does not count as a change.

After a deliberate change of the output, refresh the digests (and say why in the commit):

    python tests/test_check_stable.py --update
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.digests import DigestStore, update_main  # noqa: E402

from checker import __version__  # noqa: E402
from checker.api import Session  # noqa: E402
from checker.render.json_out import render  # noqa: E402

REPORTS = ROOT / "fixtures" / "reports"
RAW = ROOT / "fixtures" / "raw"
CORPUS = ROOT.parent / "shared" / "corpus"
DIGESTS = ROOT / "tests" / "data" / "check-digests.json"


def _inputs(root: Path, patterns: tuple[str, ...]) -> list[tuple[str, Path]]:
    if not root.is_dir():
        return []
    files = sorted({p for pat in patterns for p in root.glob(pat)
                    if not p.name.endswith(".previous.json") and p.name != "expected.json"})
    return [(os.path.relpath(p, ROOT).replace(os.sep, "/"), p) for p in files]


def cases() -> list[tuple[str, Path]]:
    """(case id, file): the id is the path relative to the repository, as the report's path."""
    return (_inputs(REPORTS, ("*.json",)) + _inputs(REPORTS / "defects", ("*.json",))
            + _inputs(RAW, ("*.txt", "*.html")) + _inputs(CORPUS, ("*.txt",)))


@lru_cache(maxsize=1)
def _session() -> Session:
    return Session({}, entry_points=False)


def compute(name: str, path: Path) -> str:
    cwd = os.getcwd()
    os.chdir(ROOT)  # the result carries the path as given: keep it independent of the checkout
    try:
        result = _session().check(name)
    finally:
        os.chdir(cwd)
    text = render([result]).replace(f'"version": "{__version__}"', '"version": "-"', 1)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_STORE = DigestStore(DIGESTS)


def _stored() -> dict:
    return _STORE.stored()


_CASES = cases()


@pytest.mark.parametrize("name,path", _CASES, ids=[c[0] for c in _CASES])
def test_check_unchanged(name: str, path: Path) -> None:
    stored = _stored()
    if name not in stored:
        pytest.skip(f"no stored digest for {name} (run this module with --update)")
    assert compute(name, path) == stored[name], (
        f"check result of {name} changed; if deliberate, run "
        "python tests/test_check_stable.py --update")


def test_digests_cover_the_fixtures() -> None:
    stored = _stored()
    missing = [c[0] for c in _CASES if c[0].startswith("fixtures/") and c[0] not in stored]
    assert not missing, f"no stored digest for {missing}"


def main(argv: list[str]) -> int:
    by_name = {c[0]: c for c in _CASES}
    return update_main(argv, __doc__ or "", _STORE, list(by_name),
                       lambda name: compute(*by_name[name]))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
