"""Every rule's pass and fail cases (tests/cases/<CODE>.toml), run by one parametrised test."""
from __future__ import annotations

from collections import Counter

import pytest

from tests.casekit import batch_context, build, build_peers, build_previous, load_cases

CASES = load_cases()


_SESSIONS: dict = {}


def _session_for(session, case):
    select = tuple(case.get("select", ()))
    if not select:
        return session
    if select not in _SESSIONS:
        from checker.api import Session

        _SESSIONS[select] = Session({"select": select}, entry_points=False)
    return _SESSIONS[select]


@pytest.mark.parametrize("code,case", CASES, ids=[f"{c}:{k['id']}" for c, k in CASES])
def test_rule_case(session, code, case):
    """A pass case does not trigger its rule; a fail case yields exactly its listed codes."""
    result = _session_for(session, case).check(build(case), previous=build_previous(case),
                                               batch=batch_context(build_peers(case)))
    assert not result.rule_errors, result.rule_errors
    fired = Counter(f.code for f in result.findings)
    if case["id"].startswith("pass"):
        assert fired[code] == 0, [f.message for f in result.findings if f.code == code]
        if "findings" in case:
            assert fired == Counter(case["findings"]), sorted(fired.elements())
    else:
        assert case["id"].startswith("fail"), "case ids start with pass_ or fail_"
        assert code in case["findings"], "a fail case must list its own rule"
        assert fired == Counter(case["findings"]), (
            sorted(fired.elements()), [f.message for f in result.findings])


def test_every_rule_has_pass_and_fail_cases(session):
    """Each rule of every first-party pack has at least one pass_ and one fail_ case."""
    have = {}
    for code, case in CASES:
        have.setdefault(code, set()).add(case["id"].split("_")[0])
    missing = [r.code for r in session.all_rules if have.get(r.code) != {"pass", "fail"}]
    assert not missing, f"rules without pass and fail cases: {missing}"


def test_clean_report_has_no_findings_and_full_score(session):
    """The clean synthetic 2021 report: no findings, score 100."""
    result = session.check(build({"base": "clean-2021"}))
    assert [f.message for f in result.findings] == []
    assert not result.rule_errors
    assert result.grade.score == 100
    assert result.grade.grade == "优秀"
