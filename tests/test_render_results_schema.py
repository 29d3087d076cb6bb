"""The JSON output (gongkai.results/1) validates against checker/schemas/results.schema.json."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from checker.findings import RuleError
from checker.render import json_out

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "checker" / "schemas" / "results.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    return jsonschema.Draft202012Validator(SCHEMA)


def _errors(validator, doc):
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(doc)]


def test_seed_json_output_validates(validator, seed_result, session):
    """The seed's JSON output, from JSON and from raw text, matches the published schema."""
    raw = session.check(str(ROOT / "fixtures" / "raw" / "seed-2023.txt"))
    doc = json.loads(json_out.render([seed_result, raw]))
    assert _errors(validator, doc) == []
    assert len(doc["reports"][0]["findings"]) == len(seed_result.findings) > 0


def test_cli_json_with_suppressions_validates(validator, tmp_path, capsys):
    """The CLI's JSON, with suppression reasons and stale suppressions, matches too."""
    from checker.cli.app import build_parser
    from checker.cli.check import run_check

    report = tmp_path / "seed.json"
    report.write_bytes((ROOT / "fixtures" / "reports" / "seed-2023.json").read_bytes())
    (tmp_path / "gongkai.toml").write_text(
        'suppress = [{ code = "SEC013", reason = "模板" }, { code = "TBL003", reason = "old" }]\n',
        encoding="utf-8")
    run_check(build_parser().parse_args(["check", str(report), "--format", "json"]))
    doc = json.loads(capsys.readouterr().out)
    assert _errors(validator, doc) == []
    assert doc["stale_suppressions"] and doc["reports"][0]["suppressed"][0]["reason"] == "模板"


def test_schema_rejects_broken_output(validator, seed_result):
    """The schema is not vacuous: a wrong severity or a missing key is caught."""
    doc = json.loads(json_out.render([seed_result]))
    doc["reports"][0]["findings"][0]["severity"] = "fatal"
    del doc["reports"][0]["findings"][1]["fingerprint"]
    doc["reports"][0]["findings"][2]["location"]["line"] = 0
    assert len(_errors(validator, doc)) == 3
    broken = replace(seed_result, rule_errors=(RuleError("X1", "p", "boom"),))
    assert _errors(validator, json.loads(json_out.render([broken]))) == []
