"""GitHub Actions annotations: one workflow command per finding, correctly escaped."""
from __future__ import annotations

from dataclasses import replace

from checker.findings import Location, RuleError
from checker.render import github


def test_escaping_of_data_and_properties():
    """%, CR and LF are escaped everywhere; ':' and ',' only in properties."""
    assert github.escape_data("50%\r\na:b,c") == "50%25%0D%0Aa:b,c"
    assert github.escape_property("50%\r\na:b,c") == "50%25%0D%0Aa%3Ab%2Cc"
    assert github.command("error", "x", file="a,b:c.txt", line=3, col=None) == \
        "::error file=a%2Cb%3Ac.txt,line=3::x"


def test_seed_annotations(seed_result):
    """Every finding becomes one annotation at its file and line, with the code as title."""
    lines = github.render([seed_result], {"lang": "en"}).splitlines()
    commands = [ln for ln in lines if ln.startswith("::")]
    assert len(commands) == len(seed_result.findings)
    level = {"blocker": "error", "error": "error", "warning": "warning", "info": "notice"}
    for f, cmd in zip(seed_result.findings, commands):
        head, _, message = cmd[2:].partition("::")
        kind, _, props = head.partition(" ")
        assert kind == level[f.severity.value]
        fields = dict(p.split("=", 1) for p in props.split(","))
        assert fields["line"] == str(f.location.line)
        assert fields["col"] == str(f.location.column)
        assert fields["title"] == f"{f.code} {f.name}"
        assert fields["file"] == f.location.path
        assert "\n" not in message and message.startswith(github.escape_data(f.message))
    assert lines[-1] == f"gongkai: 1 reports, {len(seed_result.findings)} findings"


def test_multiline_message_and_missing_line(seed_result):
    """A message with newlines stays on one line; a finding without a line has no line=."""
    f = replace(seed_result.findings[0], message="第一行\n第二行 100%", expected=None, actual=None,
                location=Location(path="r.txt"))
    out = github.render([replace(seed_result, findings=(f,))]).splitlines()[0]
    assert out == f"::{'warning' if f.severity.value == 'warning' else 'error'} file=r.txt," \
                  f"title={f.code} {f.name}::第一行%0A第二行 100%25"


def test_rule_error_is_an_error_annotation(seed_result):
    """A rule error is reported, never dropped."""
    r = replace(seed_result, findings=(), rule_errors=(RuleError("X001", "p", "bad: thing"),))
    out = github.render([r]).splitlines()
    assert out[0].startswith("::error file=") and "title=gongkai rule error X001::X001 (p): bad: thing" in out[0]
