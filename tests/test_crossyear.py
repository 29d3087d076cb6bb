"""Cross-year checks: the ``crossyear`` kind, the ``cross-year`` pack's cases (which need last
year's report, so they run here with ``casekit.build_previous``), and ``score --previous``."""
from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from checker.cli.app import main
from tests.casekit import build, build_previous

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
CLEAN = ROOT / "fixtures" / "reports" / "clean-2021.json"
PACK = ROOT / "rules" / "cross-year.toml"
PENDING_PACK = ROOT / "rules" / "cross-year.toml.pending"


def _wired() -> bool:
    from checker.plugins import DEFAULT_PLUGINS

    return "checker.checks.crossyear" in DEFAULT_PLUGINS and PACK.is_file()


def _config() -> tuple[dict, list]:
    """Session arguments that include the cross-year pack, wired in or not yet."""
    if _wired():
        return {}, []
    import checker.checks.crossyear as plugin

    return {"pack_dirs": [str(PENDING_PACK)]}, [plugin]


def _cases() -> list[tuple[str, dict]]:
    seen: dict[str, Path] = {}
    for folder in (ROOT / "tests" / "cases", ROOT / "tests" / "cases_crossyear"):
        for path in sorted(folder.glob("XYR*.toml")):
            seen.setdefault(path.name, path)
    out = []
    for name, path in sorted(seen.items()):
        for case in tomllib.loads(path.read_text(encoding="utf-8"))["cases"]:
            out.append((path.stem, case))
    return out


CASES = _cases()


@pytest.fixture(scope="module")
def xsession():
    from checker.api import Session

    cfg, extra = _config()
    return Session(cfg, entry_points=False, extra_plugins=extra)


@pytest.mark.parametrize("code,case", CASES, ids=[f"{c}:{k['id']}" for c, k in CASES])
def test_crossyear_case(xsession, code, case):
    """Pass cases do not fire their rule; fail cases fire exactly the listed codes."""
    result = xsession.check(build(case), previous=build_previous(case))
    assert not result.rule_errors, result.rule_errors
    fired = Counter(f.code for f in result.findings)
    if case["id"].startswith("pass"):
        assert fired[code] == 0, [f.message for f in result.findings if f.code == code]
        if "findings" in case:
            assert fired == Counter(case["findings"]), sorted(fired.elements())
    else:
        assert fired == Counter(case["findings"]), ([f.message for f in result.findings])


def test_every_crossyear_rule_has_cases(xsession):
    """Each rule of the cross-year pack has pass and fail cases."""
    have: dict[str, set[str]] = {}
    for code, case in CASES:
        have.setdefault(code, set()).add(case["id"].split("_")[0])
    rules = [r.code for r in xsession.all_rules if r.pack == "cross-year"]
    assert rules == ["XYR001", "XYR002", "XYR003"]
    assert all(have.get(c) == {"pass", "fail"} for c in rules), have


def test_without_previous_every_rule_is_not_assessable(xsession):
    """No previous report: each cross-year rule says why it was not assessed."""
    result = xsession.check(build({"base": "clean-2021"}))
    reasons = {n.code: n.reason for n in result.not_assessable if n.pack == "cross-year"}
    assert set(reasons) == {"XYR001", "XYR002", "XYR003"}
    assert all("上年报告" in r for r in reasons.values())


def test_previous_of_the_wrong_year_is_not_used(xsession):
    """A previous report two years back is not assessable, not compared."""
    prev = build({"base": "clean-2021", "meta": {"year": 2020}})
    result = xsession.check(build({"base": "clean-2021"}), previous=prev)
    assert not [f for f in result.findings if f.pack == "cross-year"]
    assert any("2020" in n.reason for n in result.not_assessable if n.code == "XYR001")


def test_carry_over_message_names_column_and_both_values(xsession):
    """The X1 finding points at this year's cell and names last year's value."""
    prev = build({"base": "clean-2021", "meta": {"year": 2022}, "cells": {"t2.norm.in_force": "14"}})
    result = xsession.check(build({"base": "clean-2021"}), previous=prev)
    f = next(f for f in result.findings if f.code == "XYR001" and f.pointer.endswith("/biz"))
    assert f.pointer == "/tables/t3/cin/biz" and f.expected == "1" and f.actual == "0"
    assert "商业企业" in f.message and "2022" in f.message
    assert f.location.line is not None


def test_score_previous_matches_by_agency_and_year(tmp_path, capsys, monkeypatch):
    """`score --previous DIR`: matched by agency (spaces and brackets ignored) and year − 1;
    an unmatched report is not assessable, and a matched one is compared."""
    extra_args: list[str] = []
    if not _wired():  # until the pack is wired in: register the kind and the pending pack here
        import checker.plugins.manager

        monkeypatch.setattr(checker.plugins.manager, "DEFAULT_PLUGINS",
                            (*checker.plugins.manager.DEFAULT_PLUGINS, "checker.checks.crossyear"))
        extra_args = ["--pack-dir", str(PENDING_PACK)]
    this, last = tmp_path / "2023", tmp_path / "2022"
    this.mkdir()
    last.mkdir()
    (this / "a.json").write_bytes(CLEAN.read_bytes())
    other = json.loads(CLEAN.read_text(encoding="utf-8"))
    other["meta"]["agency"] = "青岚县教育局"
    (this / "b.json").write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    prev = build({"base": "clean-2021", "meta": {"year": 2022, "agency": "青岚县 市场监督管理局（本级）"},
                  "cells": {"t2.norm.in_force": "14"}})
    prev["meta"]["agency"] = "青岚县 市场监督管理局"
    (last / "a-2022.json").write_text(json.dumps(prev, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "s.csv"
    main(["score", str(this), "--previous", str(last), "--csv", str(out), "--jobs", "1", *extra_args])
    rows = {Path(r["文件"]).name: r for r in csv.DictReader(out.read_bytes().decode("utf-8-sig").splitlines())}
    assert rows["a.json"]["上年报告"].endswith("a-2022.json")
    assert rows["b.json"]["上年报告"] == ""
    assert "XYR001" in capsys.readouterr().out
