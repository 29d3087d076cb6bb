"""JUnit XML: one suite per report, one case per rule, failures at or above fail_on."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from checker.findings import RuleError
from checker.render import junit


def _parse(results, **opts):
    return ET.fromstring(junit.render(results, opts).encode("utf-8"))


def test_seed_suite_counts(seed_result, session):
    """Each rule that ran is a case; rules with errors-or-worse findings fail."""
    root = _parse([seed_result], rules=session.rules, config={"fail_on": "error"})
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == len(session.rules) == int(suite.get("tests"))
    failing = {f.code for f in seed_result.findings if f.severity.rank >= 2}
    failed = {c.get("name").split()[0] for c in cases if c.find("failure") is not None}
    assert failed == failing and int(suite.get("failures")) == len(failing)
    assert suite.find("properties/property[@name='score']").get("value") == f"{seed_result.grade.score:g}"
    doc011 = next(c for c in cases if c.get("name").startswith("DOC011"))
    assert "国办公开办函〔2021〕30 号" in doc011.find("failure").text


def test_fail_on_warning_fails_more_cases(seed_result):
    """Lowering fail_on turns warning findings into failures, info stays output."""
    by_error = _parse([seed_result], fail_on="error").find("testsuite")
    by_warning = _parse([seed_result], fail_on="warning").find("testsuite")
    assert int(by_warning.get("failures")) > int(by_error.get("failures"))
    info_codes = {f.code for f in seed_result.findings if f.severity.value == "info"}
    for case in by_warning.findall("testcase"):
        if case.get("name").split()[0] in info_codes:
            assert case.find("failure") is None and case.find("system-out") is not None


def test_rule_errors_and_escaping(seed_result):
    """Rule errors are <error>; markup and control characters survive as valid XML."""
    f = replace(seed_result.findings[0], message='<a href="x">&</a>\x07 ]]>')
    r = replace(seed_result, findings=(f,), rule_errors=(RuleError("TBL003", "t", "boom <x>"),))
    text = junit.render([r], {"fail_on": "info"})
    root = ET.fromstring(text.encode("utf-8"))
    suite = root.find("testsuite")
    err = suite.find("testcase[@name='TBL003 TBL003']/error")
    assert err.get("message") == "boom <x>"
    fail = suite.find("testcase/failure")
    assert fail.get("message") == '<a href="x">&</a> ]]>'
    assert root.get("errors") == "1"


def test_clean_report_has_no_failures(session):
    """The clean fixture: every case passes."""
    from pathlib import Path

    clean = session.check(str(Path(__file__).resolve().parent.parent / "fixtures" / "reports" / "clean-2021.json"))
    root = _parse([clean], rules=session.rules)
    assert root.get("failures") == "0" and root.get("errors") == "0"
    assert int(root.get("tests")) == len(session.rules)


def test_unreadable_file_is_an_errored_case(tmp_path, capsys):
    """`gongkai check --format junit` with a missing file: an errored case naming it."""
    from pathlib import Path

    from checker.cli.app import main

    clean = Path(__file__).resolve().parent.parent / "fixtures" / "reports" / "clean-2021.json"
    missing = tmp_path / "gone.txt"
    code = main(["check", str(clean), str(missing), "--format", "junit"])
    root = ET.fromstring(capsys.readouterr().out.encode("utf-8"))
    assert code == 2
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    broken = suites[str(missing)]
    case = broken.find("testcase")
    assert case.find("error").get("type") == "InputError"
    assert "gone.txt" in case.find("error").get("message")
    assert broken.get("errors") == "1" and broken.get("tests") == "1"
    assert int(root.get("errors")) >= 1
    assert str(clean) in suites
