"""The habits ruff users bring: colours, stdin, exit codes, statistics, globs, suggestions,
help in Chinese, shell completion, unknown selectors, non-reports skipped, compact output."""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import checker
from checker.cli.app import main
from checker.cli.help import help_lang
from checker.cli.inputs import excluded, expand, use_color
from checker.errors import UnknownSelectorError
from checker.readers.recognise import OTHER, OWN, skip_reason_data

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "reports" / "seed-2023.json"
CLEAN = ROOT / "fixtures" / "reports" / "clean-2021.json"
RAW = ROOT / "fixtures" / "raw" / "seed-2023.txt"


def run(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


# -- colours ----------------------------------------------------------------------------
@pytest.mark.parametrize("env,isatty,to_file,expected", [
    ({}, True, False, True), ({}, False, False, False),
    ({"NO_COLOR": "1"}, True, False, False), ({"NO_COLOR": ""}, True, False, True),
    ({"FORCE_COLOR": "1"}, False, False, True), ({"FORCE_COLOR": "1"}, False, True, False),
    ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, True, False, False),
])
def test_color_follows_no_color_org(env, isatty, to_file, expected):
    """NO_COLOR (non-empty) wins; FORCE_COLOR colours a pipe; -o FILE never gets colours."""
    assert use_color(False, to_file, isatty, env) is expected
    assert use_color(True, to_file, isatty, env) is False


def _on_a_terminal(env: dict[str, str]) -> bytes:
    import pty

    master, slave = pty.openpty()
    try:
        subprocess.run([sys.executable, "-m", "checker", "check", str(CLEAN)], stdout=slave,
                       stderr=slave, env=env, timeout=120, cwd=ROOT, check=False)
    finally:
        os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return b"".join(chunks)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_no_color_on_a_terminal_gives_no_escape_codes():
    """On a real (pseudo-)terminal: colours by default, none with NO_COLOR=1 (a clean report:
    its one line fits the terminal buffer)."""
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    base["PYTHONPATH"] = str(ROOT)
    assert b"\x1b[" in _on_a_terminal(base)
    assert b"\x1b[" not in _on_a_terminal({**base, "NO_COLOR": "1"})


# -- stdin, exit codes, statistics, quiet ---------------------------------------------------
def test_stdin_with_a_filename(monkeypatch, capsys):
    """`check - --stdin-filename x.txt` reads standard input as a text report named x.txt."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(RAW.read_bytes())))
    code, out, _ = run(["check", "-", "--stdin-filename", "x.txt", "--format", "json"], capsys)
    doc = json.loads(out)
    assert code == 1
    assert doc["reports"][0]["path"] == "x.txt"
    assert "DOC015" in {f["code"] for f in doc["reports"][0]["findings"]}


def test_stdin_json_without_a_name(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CLEAN.read_bytes())))
    code, out, _ = run(["check", "-", "--stdin-filename", "clean.json"], capsys)
    assert code == 0 and "clean.json" in out


def test_exit_zero_keeps_errors(capsys, tmp_path):
    """--exit-zero turns 1 into 0, but an unreadable input still exits 2."""
    assert run(["check", SEED], capsys)[0] == 1
    assert run(["check", SEED, "--exit-zero"], capsys)[0] == 0
    assert run(["check", SEED, tmp_path / "missing.txt", "--exit-zero"], capsys)[0] == 2


def test_statistics_counts_per_rule(capsys):
    """--statistics: one line per rule, most frequent first, counts that add up."""
    import checker as api

    expected = {}
    for f in api.check(str(SEED)).findings:
        expected[f.code] = expected.get(f.code, 0) + 1
    code, out, _ = run(["check", SEED, "--statistics", "--lang", "en"], capsys)
    assert code == 1
    lines = out.strip().splitlines()
    counts = {line.split()[1]: int(line.split()[0]) for line in lines[:-1]}
    assert counts == expected
    assert [int(line.split()[0]) for line in lines[:-1]] == sorted(counts.values(), reverse=True)
    assert lines[-1] == f"{sum(expected.values())} findings, {len(expected)} rules"
    code, out, _ = run(["check", SEED, "--statistics", "--format", "json"], capsys)
    assert {r["code"]: r["count"] for r in json.loads(out)} == expected


def test_clean_report_is_one_line_and_quiet_prints_only_findings(capsys):
    """A clean report is one line (no score table); -q prints nothing for it."""
    code, out, _ = run(["check", CLEAN], capsys)
    assert code == 0
    assert len(out.strip().splitlines()) == 1
    assert "未发现问题" in out and "得分100" in out and "评分类别" not in out
    code, out, _ = run(["check", CLEAN, SEED, "-q"], capsys)
    assert code == 1
    assert str(CLEAN) not in out and "评分类别" not in out and "得分" not in out
    assert "DOC011" in out


# -- --output-format, --exclude, globs ------------------------------------------------------
def test_output_format_is_an_alias(capsys):
    code, out, _ = run(["check", CLEAN, "--output-format", "json"], capsys)
    assert code == 0 and json.loads(out)["reports"]


def test_quoted_glob_is_expanded_and_exclude_drops(tmp_path, monkeypatch, capsys):
    """A glob the shell did not expand is expanded (** recursive); --exclude drops files."""
    (tmp_path / "reports" / "drafts").mkdir(parents=True)
    shutil.copy2(CLEAN, tmp_path / "reports" / "a.json")
    shutil.copy2(SEED, tmp_path / "reports" / "drafts" / "b.json")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["check", "reports/**/*.json", "--format", "json"], capsys)
    paths = sorted(r["path"] for r in json.loads(out)["reports"])
    assert paths == ["reports/a.json", "reports/drafts/b.json"] and code == 1
    code, out, _ = run(["check", "reports/**/*.json", "--exclude", "drafts/*", "--format", "json"],
                       capsys)
    assert [r["path"] for r in json.loads(out)["reports"]] == ["reports/a.json"] and code == 0
    code, _, err = run(["check", "reports/*.nothing"], capsys)
    assert code == 2 and "reports/*.nothing" in err


def test_expand_and_excluded_units(tmp_path):
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    assert expand([str(tmp_path / "*.txt"), str(tmp_path / "x.txt"), "-"]) == [
        str(tmp_path / "x.txt"), "-"]
    assert excluded("a/b/c.txt", ["b/*"]) and excluded("a/b/c.txt", ["c.txt"])
    assert excluded("a/drafts/c.txt", ["drafts/"]) and not excluded("a/b/c.txt", ["d/*"])


# -- suggestions and unknown selectors ---------------------------------------------------------
def test_misspelt_command_suggests(capsys):
    code, _, err = run(["chek", str(CLEAN)], capsys)
    assert code == 2 and "check" in err and "chek" in err


@pytest.mark.parametrize("pattern,suggestion", [
    ("FOO999", None), ("TBL0100", "TBL010"), ("t3.balanse", "t3.balance"),
    ("table-identity", "table-identities"), ("XYZ*", None),
])
def test_unknown_selector_is_a_usage_error(capsys, pattern, suggestion):
    """--select / --ignore that match no rule: exit 2 with the nearest name."""
    for flag in ("--select", "--ignore"):
        code, out, err = run(["check", CLEAN, flag, pattern, "--lang", "en"], capsys)
        assert code == 2 and out == ""
        assert pattern in err and "matches no rule" in err
        if suggestion:
            assert f"did you mean '{suggestion}'" in err


def test_shell_expanded_glob_in_select_is_explained(tmp_path, monkeypatch, capsys):
    """An unquoted --select TBL* the shell turned into a file name: say so."""
    (tmp_path / "TBL-notes.txt").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["check", "--select", "TBL-notes.txt", CLEAN, "--lang", "en"], capsys)
    assert code == 2 and "quote the pattern" in err


def test_unknown_selector_in_configuration(tmp_path, capsys):
    (tmp_path / "gongkai.toml").write_text('ignore = ["SEC0O4"]\n', encoding="utf-8")
    shutil.copy2(CLEAN, tmp_path / "r.json")
    code, _, err = run(["check", tmp_path / "r.json", "--lang", "en"], capsys)
    assert code == 2 and "gongkai.toml" in err and "SEC0O4" in err


def test_python_api_raises_value_error_with_suggestion():
    with pytest.raises(ValueError) as info:
        checker.check(str(CLEAN), select=["TBL0100"])
    assert isinstance(info.value, UnknownSelectorError)
    assert info.value.suggestion == "TBL010" and info.value.pattern == "TBL0100"


# -- help and completion ----------------------------------------------------------------------
def test_help_language():
    assert help_lang(["check", "--lang", "zh"], {}) == "zh"
    assert help_lang(["check", "--lang=en"], {"LANG": "zh_CN.UTF-8"}) == "en"
    assert help_lang([], {"LANG": "zh_CN.UTF-8"}) == "zh"
    assert help_lang([], {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}) == "en"
    assert help_lang([], {}) == "en"


def test_help_in_chinese_with_examples_and_exit_codes(capsys):
    assert main(["check", "--help", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "用法：" in out and "示例：" in out and "退出码：" in out
    assert "只运行与规则编号" in out and "--stdin-filename" in out
    assert main(["check", "--help", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "exit codes:" in out and "NO_COLOR" in out
    assert main(["--lang", "zh", "--help"]) == 0  # before the command too
    out = capsys.readouterr().out
    assert "用法：" in out and "退出码：" in out and "检查报告，列出问题并评分" in out


def test_lang_before_the_command(capsys):
    code, out, err = run(["--lang", "en", "check", CLEAN], capsys)
    assert code == 0 and "no findings" in out
    code, _, err = run(["--lang", "en", "chek"], capsys)
    assert code == 2 and "did you mean 'check'" in err


@pytest.mark.parametrize("shell,marker", [("bash", "complete"), ("zsh", "#compdef"),
                                          ("fish", "complete -c")])
def test_completion_scripts(capsys, shell, marker):
    pytest.importorskip("shtab")
    code, out, _ = run(["completion", shell], capsys)
    assert code == 0 and marker in out and "gongkai" in out
    assert "check" in out and "--select" in out


# -- not reports ----------------------------------------------------------------------------
@pytest.mark.parametrize("name,data,expected", [
    ("package.json", b'{"name": "x", "version": "1.0.0"}', OTHER),
    ("gongkai-decisions.json", b"{}", OWN),
    ("baseline.json", b'{"schema": "gongkai.results/1", "reports": []}', OWN),
    ("r.json", b'{"schema": "gongkai.report/1"}', None),
    ("r.json", b'{"meta": 3, "text": ""}', None),
    ("broken.json", b"{not json", None),
    ("r.txt", b"anything", None),
])
def test_skip_reason_from_bytes(name, data, expected):
    assert skip_reason_data(name, data) == expected


def test_non_reports_are_skipped_with_a_note(tmp_path, capsys):
    """package.json, requirements.txt, index.html, decisions: a note each, exit 0."""
    files = {"package.json": '{"name": "x", "version": "1.0.0"}\n',
             "requirements.txt": "requests>=2\n",
             "index.html": "<html><head><title>Home</title></head><body><p>Hi</p></body></html>",
             "gongkai-decisions.json": "{}\n"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, out, err = run(["check", *(tmp_path / n for n in files)], capsys)
    assert code == 0 and out == ""
    for name in files:
        assert sum(name in line for line in err.splitlines()) == 1, err
    assert "不是政府信息公开工作年度报告" in err and "gongkai 自身的文件" in err
    code, out, err = run(["check", tmp_path / "package.json", SEED, "--lang", "en"], capsys)
    assert code == 1 and "not a government information-disclosure annual report" in err
    code, out, err = run(["check", tmp_path / "package.json", "-q"], capsys)
    assert code == 0 and err == ""
