"""fixtures/reports/defects/: one defective report per rule, each yielding exactly its findings.

The files are generated from the rule cases (``python -m tests.casekit``); a test keeps them
in sync, so they are a stable, browsable set of examples for every rule.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from checker.api import Session
from tests.casekit import DEFECTS, batch_context, defect_fixtures

EXPECTED = json.loads((DEFECTS / "expected.json").read_text(encoding="utf-8"))
_SESSIONS: dict = {}


def _session(select):
    key = tuple(select or ())
    if key not in _SESSIONS:
        _SESSIONS[key] = Session({"select": key} if key else {}, entry_points=False)
    return _SESSIONS[key]


def test_defect_fixtures_are_in_sync_with_the_cases():
    """Regenerate with: python -m tests.casekit"""
    built = defect_fixtures()
    assert sorted(built) == sorted(EXPECTED)
    for name, item in built.items():
        assert json.loads((DEFECTS / name).read_text(encoding="utf-8")) == item["report"], name


def test_every_rule_has_a_defect_fixture():
    """Each first-party rule is covered by one defective fixture."""
    codes = {e["rule"] for e in EXPECTED.values()}
    missing = [r.code for r in _session(()).all_rules if r.code not in codes]
    assert not missing


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_defect_fixture_yields_exactly_its_findings(name):
    """Checking the file gives exactly the findings recorded for it."""
    entry = EXPECTED[name]
    previous = (json.loads((DEFECTS / entry["previous"]).read_text(encoding="utf-8"))
                if entry.get("previous") else None)
    peers = [(path, role, json.loads((DEFECTS / f).read_text(encoding="utf-8")))
             for f, path, role in entry.get("peers", [])]
    result = _session(entry.get("select")).check(str(DEFECTS / name), previous=previous,
                                                  batch=batch_context(peers))
    assert not result.rule_errors
    assert Counter(f.code for f in result.findings) == Counter(entry["findings"])
