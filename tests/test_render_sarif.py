"""SARIF 2.1.0 output: valid against the official schema, every result at a physical location."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from checker.findings import Location, RuleError
from checker.render import sarif

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"
RAW_SEED = ROOT / "fixtures" / "raw" / "seed-2023.txt"


@pytest.fixture(scope="module")
def validator():
    if not SCHEMA.is_file():
        pytest.skip(f"the official SARIF 2.1.0 schema is not at {SCHEMA} (../shared absent)")
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _log(results, **opts):
    return json.loads(sarif.render(results, {"lang": "zh", **opts}))


def _assert_located(log):
    results = log["runs"][0]["results"]
    assert results
    for res in results:
        phys = res["locations"][0]["physicalLocation"]
        assert phys["artifactLocation"]["uri"] and "\\" not in phys["artifactLocation"]["uri"]
        assert phys["region"]["startLine"] >= 1, res["ruleId"]
        assert phys["region"]["startColumn"] >= 1


def test_seed_json_validates_against_sarif_schema(validator, seed_result, session):
    """The seed's SARIF log is valid SARIF 2.1.0 and each result has a file and a line."""
    log = _log([seed_result], rules=session.rules)
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    _assert_located(log)
    assert len(log["runs"][0]["results"]) == len(seed_result.findings)


def test_raw_text_seed_validates_and_points_at_the_text_file(validator, session):
    """Checking the raw .txt seed gives results located in that very file."""
    result = session.check(str(RAW_SEED))
    log = _log([result], rules=session.rules)
    assert not list(validator.iter_errors(log))
    _assert_located(log)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"]}
    assert uris == {sarif.artifact_uri(str(RAW_SEED))}
    lines = RAW_SEED.read_text(encoding="utf-8").splitlines()
    for res in log["runs"][0]["results"]:
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["snippet"]["text"].strip("…")[:10] in lines[region["startLine"] - 1]


def test_results_carry_rule_level_fingerprint_and_properties(seed_result, session):
    """ruleId/ruleIndex point at the rule descriptor; levels map from severities."""
    log = _log([seed_result], rules=session.rules)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == {r.code for r in session.rules}
    by_fp = {f.fingerprint: f for f in seed_result.findings}
    expected_level = {"blocker": "error", "error": "error", "warning": "warning", "info": "note"}
    for res in run["results"]:
        f = by_fp[res["partialFingerprints"]["gongkai/v1"]]
        assert res["ruleId"] == f.code == rules[res["ruleIndex"]]["id"]
        assert res["level"] == expected_level[f.severity.value]
        assert res["message"]["text"] == f.message
        assert res["properties"]["severity"] == f.severity.value
        assert res["properties"]["category"] == f.category
        assert res["properties"]["pack"] == f.pack
    rule = next(r for r in rules if r["id"] == "DOC011")
    assert "helpUri" not in rule  # SARIF wants an absolute URI there; the docs ship locally
    assert "docs/rules.md#doc011" in rule["help"]["text"]
    assert rule["fullDescription"]["text"] and rule["defaultConfiguration"]["level"] == "error"
    assert run["invocations"][0]["executionSuccessful"] is True


def test_finding_without_line_keeps_artifact_location(validator, seed_result):
    """A finding with no line still names its file; no region is invented."""
    f = replace(seed_result.findings[0], location=Location(path="reports/a b.txt"))
    log = _log([replace(seed_result, findings=(f,))])
    assert not list(validator.iter_errors(log))
    phys = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert phys == {"artifactLocation": {"uri": "reports/a b.txt"}}


def test_rule_errors_mark_the_run_unsuccessful(validator, seed_result):
    """A rule error sets executionSuccessful false and becomes a notification."""
    broken = replace(seed_result, rule_errors=(RuleError("TBL003", "table-identities", "boom"),))
    log = _log([broken])
    assert not list(validator.iter_errors(log))
    inv = log["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert "boom" in inv["toolExecutionNotifications"][0]["message"]["text"]


def test_cli_sarif_format(capsys):
    """`gongkai check --format sarif` prints the log and keeps the exit code."""
    from checker.cli import main

    code = main(["check", str(ROOT / "fixtures" / "reports" / "seed-2023.json"), "--format", "sarif"])
    log = json.loads(capsys.readouterr().out)
    assert code == 1 and log["version"] == "2.1.0" and log["runs"][0]["results"]
