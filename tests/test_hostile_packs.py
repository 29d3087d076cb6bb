"""Hostile rule packs: packs are third-party data and must never hang, crash or run code.

A catastrophic-backtracking regex becomes a rule error; a pack that is too large, nested too
deeply, reaches for Python (``__import__``, ``open(``, attribute access) or steps outside the
expression grammar is refused at load with the file and key named (exit 2); message
placeholders cannot reach into Python objects.
"""
from __future__ import annotations

import copy
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker.api import Session
from checker.cli.app import main
from checker.engine.packs import MAX_DEPTH, MAX_PACK_BYTES, format_message

ROOT = Path(__file__).resolve().parent.parent
CLEAN_PATH = ROOT / "fixtures" / "reports" / "clean-2021.json"
CLEAN = json.loads(CLEAN_PATH.read_text(encoding="utf-8"))
TINY = (ROOT / "fixtures" / "packs" / "valid" / "tiny.toml").read_text(encoding="utf-8")
WATCHDOG = pytest.mark.timeout(120, method="thread")


def pattern_pack(pattern: str, **options: object) -> str:
    """A one-rule pack of the ``pattern`` kind (options: timeout, prefilter, parts …)."""
    opts = {"pattern": pattern, **options}
    inline = ", ".join(f"{k} = {json.dumps(v)}" for k, v in opts.items())
    return f"""[pack]
id = "hostile"
title = "hostile"
version = "1"

[rules.HOS001]
name = "hostile.backtrack"
summary = "s"
severity = "warning"
category = "language"
check = "pattern"
with = {{ {inline} }}
message = "{{match}}"
message_en = "{{match}}"
doc = "d"
"""


def tiny_with_expr(expr: str) -> str:
    return TINY.replace('"t4.rev.kept <= t4.rev.total"', json.dumps(expr))


def _validate(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str]:
    capsys.readouterr()
    rc = main(["validate-pack", str(path)])
    return rc, capsys.readouterr().err


def _report_with_trap() -> dict:
    data = copy.deepcopy(CLEAN)
    data["text"] += "\n" + "a" * 40 + "!\n"  # (a|a)+$ backtracks 2^40 ways on this line
    return data


# --- regexes ---------------------------------------------------------------------------

@WATCHDOG
@pytest.mark.parametrize("options, rule_timeout, says", [
    ({}, 5.0, "catastrophic backtracking"),                # the pattern's own default limit
    ({"timeout": 0.2}, 5.0, "ran longer than 0.2 s"),      # a pack-chosen, shorter limit
    ({"timeout": 5}, 0.5, "rule ran longer than 0.5 s"),   # the per-rule limit cuts in first
    ({"prefilter": ["aaa"]}, 5.0, "catastrophic backtracking"),
])
def test_catastrophic_regex_becomes_rule_error(tmp_path, options, rule_timeout, says):
    """A backtracking regex is stopped and reported; every other rule's findings are unchanged."""
    pack = tmp_path / "hostile.toml"
    pack.write_text(pattern_pack(r"(a|a)+$", **options), encoding="utf-8")
    report = _report_with_trap()
    normal = Session({}, entry_points=False).check(report)
    session = Session({"pack_dirs": [str(pack)], "rule_timeout": rule_timeout}, entry_points=False)
    t0 = time.monotonic()
    result = session.check(report)
    elapsed = time.monotonic() - t0
    assert [e.code for e in result.rule_errors] == ["HOS001"]
    assert says in result.rule_errors[0].error
    assert elapsed < 20, "a backtracking pattern must be stopped, not run to the end"
    assert sorted(f.fingerprint for f in result.findings) == sorted(f.fingerprint for f in normal.findings)


@WATCHDOG
def test_catastrophic_regex_via_cli_exits_2(tmp_path, capsys):
    """Through the CLI the stopped rule is listed in the output and the exit code is 2."""
    pack = tmp_path / "hostile.toml"
    pack.write_text(pattern_pack(r"(a|a)+$"), encoding="utf-8")
    report = tmp_path / "r.json"
    report.write_text(json.dumps(_report_with_trap(), ensure_ascii=False), encoding="utf-8")
    rc = main(["check", str(report), "--pack-dir", str(pack), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 2
    assert [e["code"] for e in out["reports"][0]["rule_errors"]] == ["HOS001"]


@WATCHDOG
def test_regex_that_explodes_when_compiled_is_refused_at_load(tmp_path):
    """Nested counted repeats expand at compile time (10^9 copies): refused, not a hang at load."""
    pack = tmp_path / "explode.toml"
    pack.write_text(pattern_pack(r"(?:(?:a{1000}){1000}){1000}"), encoding="utf-8")
    try:
        proc = subprocess.run([sys.executable, "-m", "checker", "validate-pack", str(pack)],
                              capture_output=True, text=True, timeout=20, cwd=ROOT,
                              env=_env())
    except subprocess.TimeoutExpired:
        pytest.fail("compiling the pack's regex hung (no limit on compile-time expansion)")
    assert proc.returncode == 2
    assert str(pack) in proc.stderr and "rules.HOS001.with" in proc.stderr


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "PYTHONPATH": str(ROOT), "GONGKAI_NO_CACHE": "1"}


# --- size and nesting ---------------------------------------------------------------------

def test_oversized_pack_refused(tmp_path, capsys):
    """A pack over MAX_PACK_BYTES is refused before parsing, naming the file and the limit."""
    pack = tmp_path / "big.toml"
    pack.write_text(TINY + "\n# " + "x" * MAX_PACK_BYTES + "\n", encoding="utf-8")
    rc, err = _validate(capsys, pack)
    assert rc == 2 and str(pack) in err and str(MAX_PACK_BYTES) in err
    assert main(["check", str(CLEAN_PATH), "--pack-dir", str(pack)]) == 2
    assert str(pack) in capsys.readouterr().err


@pytest.mark.parametrize("depth, says", [(MAX_DEPTH + 2, "nested deeper"),
                                         (100_000, "nested too deeply")])
def test_deeply_nested_pack_refused(tmp_path, capsys, depth, says):
    """A pack nested past the limit (or past the TOML parser's recursion) is refused cleanly."""
    pack = tmp_path / "deep.toml"
    pack.write_text(TINY + "\n[rules.TNY001.with2]\nx = " + "[" * depth + "]" * depth + "\n",
                    encoding="utf-8")
    rc, err = _validate(capsys, pack)
    assert rc == 2 and str(pack) in err and says in err and "Traceback" not in err


# --- no code, no files ------------------------------------------------------------------

CODE = [
    "__import__('os').system('true') == 1",
    "open('/etc/passwd') == 1",
    "t3.r7.nat.__class__ == 1",
    "t3.r7.nat.real == 1",
    "eval('1') == 1",
    "globals() == 1",
    "lambda: 1",
    "[x for x in ()] == 1",
    "t3.r7.nat == 1; import os",
]
OUTSIDE_GRAMMAR = [
    "t3.r7.nat ** 2 == 1",
    "t3.r7.nat if 1 else 0",
    "t3.r7.nat @ 2 == 1",
    "t5.a.b == 1",
    "t3.r[0-99].nat == 1",
    "'s' == 1",
    "t3.r7.nat == 1 == 2",
    "t3.r7.nat",
    "sum() == 1",
    "t3.r7.nat == \u0661",          # ARABIC-INDIC DIGIT ONE: NUMBER is ASCII digits only
    "t3.r7.nat == \uff11",          # FULLWIDTH DIGIT ONE
]
TOO_DEEP = ["(" * 900 + "t3.r7.nat" + ")" * 900 + " == 1", "-" * 1900 + "t3.r7.nat == 1"]


@pytest.mark.parametrize("expr", CODE + OUTSIDE_GRAMMAR + TOO_DEEP,
                         ids=lambda e: e[:30].encode("ascii", "backslashreplace").decode())
def test_expression_outside_grammar_refused_at_load(tmp_path, capsys, expr):
    """`validate-pack` exits 2 naming the file and the rule's `with` key; nothing is evaluated."""
    pack = tmp_path / "bad.toml"
    pack.write_text(tiny_with_expr(expr), encoding="utf-8")
    rc, err = _validate(capsys, pack)
    assert rc == 2, err
    assert str(pack) in err and "rules.TNY001.with" in err, err
    assert "Traceback" not in err


def test_refused_pack_does_not_stop_validating_the_others(tmp_path, capsys):
    """One hostile pack among several: each is reported, the valid one still says ok."""
    bad = tmp_path / "bad.toml"
    bad.write_text(tiny_with_expr(TOO_DEEP[0]), encoding="utf-8")
    good = ROOT / "fixtures" / "packs" / "valid" / "tiny.toml"
    capsys.readouterr()
    rc = main(["validate-pack", str(bad), str(good)])
    out, err = capsys.readouterr()
    assert rc == 2 and f"{good}: ok" in out and str(bad) in err


@pytest.mark.parametrize("extra, key", [
    ('include = "/etc/passwd"', "include"),
    ('import = "os"', "import"),
])
def test_pack_cannot_name_files_or_modules(tmp_path, capsys, extra, key):
    """There is no key through which a pack reaches the file system or Python: unknown keys fail."""
    pack = tmp_path / "reach.toml"
    pack.write_text(TINY.replace('version = "1"', f'version = "1"\n{extra}'), encoding="utf-8")
    rc, err = _validate(capsys, pack)
    assert rc == 2 and str(pack) in err and f"unknown key '{key}'" in err


@pytest.mark.parametrize("template", [
    "{lhs.__class__}", "{lhs.__class__.__mro__}", "{lhs[0]}", "{lhs!r}", "{lhs:>999999999}",
    "{0}", "{}", "{lhs.__globals__}", "{__import__.__call__}",
])
def test_message_placeholders_are_inert(template):
    """Only plain names are filled: attribute, index, conversion and format spec stay literal."""
    class Probe:
        def __format__(self, spec: str) -> str:  # pragma: no cover - must never run
            raise AssertionError("format() was called on a parameter")

        def __getattr__(self, name: str) -> object:  # pragma: no cover - must never run
            raise AssertionError(f"attribute {name} was read")

    out = format_message(f"a {template} b", {"lhs": Probe(), "__import__": Probe()})
    assert out == f"a {template} b"


def test_plain_placeholders_only_read_the_parameters():
    """A plain name is looked up in the rule's parameters only, never in Python's namespaces."""
    assert format_message("[{__import__}][{open}][{__builtins__}]", {}) == "[][][]"


def test_placeholder_with_attribute_refused_at_load(tmp_path, capsys):
    """A message naming `{lhs.__class__}` is refused at load (unknown placeholder), file and key named."""
    pack = tmp_path / "msg.toml"
    pack.write_text(TINY.replace("维持 {lhs} 超过总计 {rhs}", "{lhs.__class__}"), encoding="utf-8")
    rc, err = _validate(capsys, pack)
    assert rc == 2 and str(pack) in err and "rules.TNY001.message" in err
