"""The gongkai command: exit codes, output formats, languages, bad input, atomic output."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
SEED = str(ROOT / "fixtures" / "reports" / "seed-2023.json")
CLEAN = str(ROOT / "fixtures" / "reports" / "clean-2021.json")


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_report_exits_0(capsys):
    """A clean report: no findings, exit code 0."""
    code, out, _ = run(["check", CLEAN], capsys)
    assert code == 0
    assert "未发现问题" in out and "100" in out


def test_findings_exit_1_and_fail_on_controls_it(capsys):
    """The seed has errors: exit 1 by default, 0 with --fail-on blocker."""
    assert run(["check", SEED], capsys)[0] == 1
    assert run(["check", SEED, "--fail-on", "blocker"], capsys)[0] == 0


def test_json_output_schema(capsys):
    """--format json: every finding carries the documented keys."""
    code, out, _ = run(["check", SEED, "--format", "json"], capsys)
    doc = json.loads(out)
    assert doc["schema"] == "gongkai.results/1"
    rep = doc["reports"][0]
    assert rep["grade"] and isinstance(rep["score"], (int, float))
    for f in rep["findings"]:
        for key in ("code", "name", "pack", "severity", "category", "message", "pointer",
                    "source_line", "expected", "actual", "fingerprint", "location"):
            assert key in f


def test_english_messages(capsys):
    """--lang en gives English messages and labels."""
    code, out, _ = run(["check", SEED, "--lang", "en", "--select", "TBL010"], capsys)
    assert "values where 7 are expected" in out
    assert "grade" in out


@pytest.mark.parametrize("content,needle", [
    (b"", "empty"), (b"{not json", "invalid JSON"), (b'{"meta": 3, "text": ""}', "not a valid gongkai report"),
])
def test_bad_input_exits_2_with_a_clear_message(tmp_path, capsys, content, needle):
    """Broken input: a message naming the file and what is wrong, exit 2, no traceback."""
    p = tmp_path / "bad.json"
    p.write_bytes(content)
    code, out, err = run(["check", str(p)], capsys)
    assert code == 2
    assert str(p) in err and needle in err
    assert "Traceback" not in err


def test_missing_file_and_usage_errors_exit_2(capsys, tmp_path):
    """A missing file or an unknown option exits 2."""
    assert run(["check", str(tmp_path / "nope.json")], capsys)[0] == 2
    assert run(["check"], capsys)[0] == 2
    assert run(["check", SEED, "--format", "nosuch"], capsys)[0] == 2


def test_one_bad_file_does_not_hide_the_others(tmp_path, capsys):
    """With several files, a broken one is reported and the rest are still checked."""
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    code, out, err = run(["check", CLEAN, str(bad), "--format", "json"], capsys)
    assert code == 2
    assert len(json.loads(out)["reports"]) == 1


def test_output_file_is_written_atomically(tmp_path, capsys):
    """-o writes the whole output; an existing file is replaced, not appended."""
    out = tmp_path / "r.json"
    out.write_text("old", encoding="utf-8")
    run(["check", CLEAN, "--format", "json", "-o", str(out)], capsys)
    assert json.loads(out.read_text(encoding="utf-8"))["reports"][0]["score"] == 100
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_rules_explain_and_validate_pack(capsys, tmp_path):
    """rules lists every rule; explain shows one; validate-pack accepts and refuses packs."""
    code, out, _ = run(["rules"], capsys)
    assert code == 0 and "TBL003" in out
    code, out, _ = run(["explain", "TBL003"], capsys)
    assert code == 0 and "勾稽" in out
    code, out, _ = run(["explain", "t3.balance", "--lang", "en"], capsys)
    assert code == 0 and "carried" in out
    assert run(["explain", "TBL999"], capsys)[0] == 2
    good = ROOT / "fixtures" / "packs" / "valid" / "tiny.toml"
    assert run(["validate-pack", str(good)], capsys)[0] == 0
    bad = ROOT / "fixtures" / "packs" / "invalid" / "unknown-key.toml"
    code, _, err = run(["validate-pack", str(bad)], capsys)
    assert code == 2 and "did you mean 'severity'" in err


def test_extra_pack_dir_adds_rules(capsys):
    """--pack-dir loads a third-party pack beside the first-party ones."""
    code, out, _ = run(["rules", "--pack-dir", str(ROOT / "fixtures" / "packs" / "valid")], capsys)
    assert "TNY001" in out


def test_python_dash_m_and_console_script_agree():
    """python -m checker runs the same CLI as gongkai."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "checker", "check", CLEAN], capture_output=True,
                          text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "100" in proc.stdout


def test_python_api_check():
    """checker.check(path_or_report) returns a RunResult with a grade."""
    import checker

    result = checker.check(SEED, select=["TBL*"])
    assert result.grade is not None
    assert {f.code for f in result.findings} == {"TBL010", "TBL011"}
    data = json.loads(Path(CLEAN).read_text(encoding="utf-8"))
    assert checker.check(data).grade.score == 100
