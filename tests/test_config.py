"""Configuration: discovery, validation with suggestions, per-path overrides, `gongkai config`."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from checker.cli.app import build_parser, main
from checker.cli.check import check_files, run_check
from checker.config.layers import find_config, load_config
from tests.clitools import check  # noqa: F401 - the shared helper
from checker.errors import ConfigError, GongkaiError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "reports" / "seed-2023.json"
CLEAN = ROOT / "fixtures" / "reports" / "clean-2021.json"




def reports_of(out: str) -> list[dict]:
    return json.loads(out)["reports"]


@pytest.fixture
def tree(tmp_path):
    """A project: gongkai.toml at the top, reports in two folders."""
    for sub in ("2019", "2023"):
        (tmp_path / "reports" / sub).mkdir(parents=True)
        shutil.copy2(SEED, tmp_path / "reports" / sub / "seed.json")
    return tmp_path


def test_unknown_key_is_an_error_with_a_suggestion(tree, capsys):
    """A misspelt key stops the run (exit 2) and names the nearest valid key."""
    (tree / "gongkai.toml").write_text('fail_onn = "warning"\n', encoding="utf-8")
    code, _, err = check([str(tree / "reports" / "2023" / "seed.json")], capsys)
    assert code == 2
    assert "unknown key 'fail_onn'" in err and "did you mean 'fail_on'?" in err
    assert "gongkai.toml" in err


@pytest.mark.parametrize("text, message", [
    ('lang = "fr"\n', "'fr' is not one of: zh, en"),
    ('severity = { DOC011 = "fatal" }\n', "severity 'fatal' for DOC011"),
    ('[[overrides]]\nignore = ["DOC*"]\n', "needs 'paths'"),
    ('[[overrides]]\npaths = ["a/*"]\nfail_onn = "info"\n', "did you mean 'fail_on'?"),
    ('select = "DOC011"\n', "'select' must be a list"),
    ('fail_on = \n', "invalid TOML"),
])
def test_invalid_values_are_reported(tmp_path, text, message):
    """Wrong types, enum values, nesting and syntax each give a clear ConfigError."""
    (tmp_path / "gongkai.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(start=tmp_path)
    assert message in str(info.value)


def test_unknown_rule_in_severity_is_an_error(tree, capsys):
    """severity/options naming no rule is an error with the nearest code."""
    (tree / "gongkai.toml").write_text('[severity]\nDOC01 = "info"\n', encoding="utf-8")
    code, _, err = check([str(tree / "reports" / "2023" / "seed.json")], capsys)
    assert code == 2 and "no known rule 'DOC01'" in err and "did you mean" in err


def test_discovery_walks_up_and_prefers_nearest(tree):
    """The nearest gongkai.toml or pyproject.toml with [tool.gongkai] applies."""
    report = tree / "reports" / "2019" / "seed.json"
    assert find_config(report) is None or not str(find_config(report)).startswith(str(tree))
    (tree / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(report) is None or not str(find_config(report)).startswith(str(tree))
    (tree / "pyproject.toml").write_text('[tool.gongkai]\nlang = "en"\n', encoding="utf-8")
    assert find_config(report) == (tree / "pyproject.toml").resolve()
    (tree / "reports" / "gongkai.toml").write_text('lang = "zh"\n', encoding="utf-8")
    assert find_config(report) == (tree / "reports" / "gongkai.toml").resolve()


def test_pyproject_settings_apply(tree, capsys):
    """[tool.gongkai] sets language, fail_on and severity for `gongkai check`."""
    (tree / "pyproject.toml").write_text(
        '[tool.gongkai]\nlang = "en"\nfail_on = "blocker"\n[tool.gongkai.severity]\nDOC011 = "info"\n',
        encoding="utf-8")
    code, out, _ = check([str(tree / "reports" / "2023" / "seed.json"), "--format", "json"], capsys)
    assert code == 0  # nothing is a blocker
    findings = reports_of(out)[0]["findings"]
    assert {f["severity"] for f in findings if f["code"] == "DOC011"} == {"info"}
    _, zh_out, _ = check([str(tree / "reports" / "2023" / "seed.json"), "--format", "json",
                          "--lang", "zh"], capsys)
    zh = {f["fingerprint"]: f["message"] for f in reports_of(zh_out)[0]["findings"]}
    assert all(zh[f["fingerprint"]] != f["message"] for f in findings)  # lang = "en" applied
    code, _, _ = check([str(tree / "reports" / "2023" / "seed.json"), "--fail-on", "error"], capsys)
    assert code == 1  # the command line beats the file


def test_per_path_overrides_apply_per_report(tree, capsys):
    """An [[overrides]] block changes only the reports under its paths."""
    (tree / "gongkai.toml").write_text(
        'fail_on = "error"\n[[overrides]]\npaths = ["reports/2019/"]\nignore = ["doc-numbers"]\n'
        'fail_on = "blocker"\n', encoding="utf-8")
    old, new = tree / "reports" / "2019" / "seed.json", tree / "reports" / "2023" / "seed.json"
    args = build_parser().parse_args(["check", str(old), str(new)])
    run = check_files([old, new], args)
    assert len(run.sessions) == 2 and not run.failed
    codes = [{f.code for f in r.findings} for r in run.results]
    assert not any(c.startswith("DOC") for c in codes[0])
    assert any(c.startswith("DOC") for c in codes[1])
    assert [e.values["fail_on"] for e in run.configs] == ["blocker", "error"]
    assert run.exit_code() == 1
    assert check([str(old)], capsys)[0] == 0  # 2019 alone: fail_on blocker


def test_reports_sharing_a_configuration_share_a_session(tree):
    """Two reports with the same effective configuration load plugins once."""
    a, b = tree / "reports" / "2019" / "seed.json", tree / "reports" / "2023" / "seed.json"
    run = check_files([a, b], build_parser().parse_args(["check", str(a)]))
    assert len(run.sessions) == 1 and len(run.results) == 2


def test_pack_dirs_and_profile_are_relative_to_the_file(tree):
    """Paths in the configuration resolve against the configuration file's folder."""
    (tree / "gongkai.toml").write_text('pack_dirs = ["packs"]\nprofile = "p.toml"\n', encoding="utf-8")
    cfg = load_config(start=tree / "reports")
    assert cfg.values["pack_dirs"] == (str((tree / "packs").resolve()),)
    assert cfg.values["profile"] == str((tree / "p.toml").resolve())


def test_config_command_shows_values_and_sources(tree, capsys):
    """`gongkai config PATH` prints each value and where it came from (text and JSON)."""
    (tree / "gongkai.toml").write_text(
        'lang = "en"\n[[overrides]]\npaths = ["reports/2019/*"]\nignore = ["SEC010"]\n',
        encoding="utf-8")
    report = tree / "reports" / "2019" / "seed.json"
    assert main(["config", str(report), "--format", "json", "--fail-on", "warning"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["config_file"] == str((tree / "gongkai.toml").resolve())
    assert doc["values"]["lang"] == "en" and doc["values"]["ignore"] == ["SEC010"]
    assert doc["sources"]["lang"].endswith("gongkai.toml:lang")
    assert doc["sources"]["ignore"].endswith("gongkai.toml:overrides[0].ignore")
    assert doc["sources"]["fail_on"] == "command line"
    assert doc["sources"]["select"] == "default"
    assert doc["overrides_applied"] == [0]
    assert main(["config", str(tree / "reports" / "2023" / "seed.json")]) == 0
    out = capsys.readouterr().out
    assert "configuration file:" in out and "gongkai.toml" in out
    line = next(ln for ln in out.splitlines() if ln.startswith("ignore"))
    assert "[]" in line and "# default" in line
