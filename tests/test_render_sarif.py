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
    assert rule["helpUri"] == sarif.DEFAULT_DOCS_URL + "doc011"
    assert rule["helpUri"].startswith("https://")  # SARIF wants an absolute URI there
    assert rule["fullDescription"]["text"] and rule["defaultConfiguration"]["level"] == "error"
    assert run["invocations"][0]["executionSuccessful"] is True


def test_finding_without_line_is_at_line_1_relative_to_the_base(validator, seed_result, tmp_path):
    """A whole-file finding names its file relative to SRCROOT and sits at line 1."""
    f = replace(seed_result.findings[0], location=Location(path=str(tmp_path / "reports/a b.txt")))
    log = _log([replace(seed_result, findings=(f,))], base=str(tmp_path))
    assert not list(validator.iter_errors(log))
    run = log["runs"][0]
    phys = run["results"][0]["locations"][0]["physicalLocation"]
    assert phys == {"artifactLocation": {"uri": "reports/a%20b.txt", "uriBaseId": "SRCROOT"},
                    "region": {"startLine": 1}}
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == tmp_path.resolve().as_uri() + "/"


def test_every_location_has_a_base_and_a_region(validator, seed_result):
    """Each result: artifactLocation relative (no scheme) with uriBaseId, and a region."""
    log = _log([seed_result], base=str(ROOT))
    assert not list(validator.iter_errors(log))
    for res in log["runs"][0]["results"]:
        phys = res["locations"][0]["physicalLocation"]
        assert phys["artifactLocation"]["uriBaseId"] == "SRCROOT"
        assert ":" not in phys["artifactLocation"]["uri"]
        assert phys["region"]["startLine"] >= 1


def test_docs_url_is_configurable(seed_result):
    """helpUri follows options["docs_url"] or the configuration's docs_url."""
    log = _log([seed_result], docs_url="https://example.org/rules#")
    assert all(r["helpUri"].startswith("https://example.org/rules#")
               for r in log["runs"][0]["tool"]["driver"]["rules"])
    log = _log([seed_result], config={"docs_url": "https://example.org/c/"})
    assert log["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"].startswith(
        "https://example.org/c/")


def test_unreadable_input_is_a_notification(validator, seed_result, tmp_path, capsys):
    """An unreadable file makes executionSuccessful false and is named in a notification."""
    from checker.cli.app import main

    missing = tmp_path / "gone.txt"
    code = main(["check", str(RAW_SEED), str(missing), "--format", "sarif", "--base", str(tmp_path)])
    log = json.loads(capsys.readouterr().out)
    assert code == 2
    assert not list(validator.iter_errors(log))
    inv = log["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    note = inv["toolExecutionNotifications"][0]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "gone.txt", "uriBaseId": "SRCROOT"}
    assert log["runs"][0]["results"]  # the readable report is still there
    for res in log["runs"][0]["results"]:
        assert res["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1


def test_fixable_findings_carry_fixes(validator):
    """DOC015 in the raw seed gets the replacement `gongkai fix` would make; others none."""
    import checker

    result = checker.check(str(RAW_SEED))
    log = _log([result], base=str(ROOT))
    assert not list(validator.iter_errors(log))
    by_rule = {}
    for res in log["runs"][0]["results"]:
        by_rule.setdefault(res["ruleId"], []).append(res)
    doc015 = by_rule["DOC015"][0]
    change = doc015["fixes"][0]["artifactChanges"][0]
    rep = change["replacements"][0]
    assert rep["insertedContent"]["text"] == "国务院令第711号"
    region = doc015["locations"][0]["physicalLocation"]["region"]
    assert (rep["deletedRegion"]["startLine"], rep["deletedRegion"]["startColumn"]) == (
        region["startLine"], region["startColumn"])
    line = RAW_SEED.read_text(encoding="utf-8").splitlines()[rep["deletedRegion"]["startLine"] - 1]
    start, end = rep["deletedRegion"]["startColumn"] - 1, rep["deletedRegion"]["endColumn"] - 1
    assert line[start:end] == "国务院令 第 711 号"
    assert "fixes" not in by_rule["DOC018"][0]  # the issuer's name is wording: no fix
    assert "fixes" not in by_rule["NAR001"][0]


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
    from checker.cli.app import main

    code = main(["check", str(ROOT / "fixtures" / "reports" / "seed-2023.json"), "--format", "sarif"])
    log = json.loads(capsys.readouterr().out)
    assert code == 1 and log["version"] == "2.1.0" and log["runs"][0]["results"]
