"""The engine: rule isolation, selection, determinism, not-assessable outcomes."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from checker.api import Session
from checker.hookspecs import hookimpl
from checker.engine.kinds import CheckKind, Hit
from checker.engine.packs import parse_pack

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "reports" / "seed-2023.json"
CLEAN = ROOT / "fixtures" / "reports" / "clean-2021.json"

BROKEN_PACK = """
[pack]
id = "broken"
title = "broken"
version = "1"

[rules.BRK001]
name = "broken.raises"
summary = "raises"
severity = "error"
category = "data"
check = "explode"
message = "never"
message_en = "never"
doc = "A rule whose check raises."
"""


class ExplodingPlugin:
    @hookimpl
    def checker_register_check_kinds(self, config):
        def run(rule, report, ctx):
            raise RuntimeError("boom")
            yield  # pragma: no cover
        return [CheckKind("explode", "raises", {"type": "object"}, run)]

    @hookimpl
    def checker_register_packs(self, config):
        return [parse_pack(BROKEN_PACK.encode(), "broken.toml")]


class BrokenPlugin:
    @hookimpl
    def checker_register_check_kinds(self, config):
        raise ValueError("plugin failed to start")


def test_a_rule_that_raises_is_reported_and_others_still_run(session):
    """An exception in one rule becomes a rule error; the other rules' findings are unchanged."""
    broken = Session({}, entry_points=False, extra_plugins=[ExplodingPlugin()])
    result = broken.check(str(SEED))
    assert [e.code for e in result.rule_errors] == ["BRK001"]
    assert "boom" in result.rule_errors[0].error
    normal = session.check(str(SEED))
    assert [f.fingerprint for f in result.findings] == [f.fingerprint for f in normal.findings]


def test_a_broken_plugin_is_recorded_not_fatal():
    """A plugin whose hook raises is listed as an error; built-in rules still run."""
    s = Session({}, entry_points=False, extra_plugins=[BrokenPlugin()])
    result = s.check(str(CLEAN))
    assert any("plugin failed to start" in e.error for e in result.rule_errors)
    assert result.rules_run == len(Session({}, entry_points=False).rules)


def test_blocking_a_pack_plugin_removes_its_rules():
    """Each pack is the plugin pack:<id>; blocking it removes exactly its rules."""
    s = Session({"blocked_plugins": ["pack:table-identities"]}, entry_points=False)
    assert not any(r.pack == "table-identities" for r in s.rules)


@pytest.mark.parametrize("select,ignore", [
    (("TBL*",), ()), (("table-identities",), ("TBL010",)), ((), ("t3.*",)), (("rows.cell_count",), ()),
])
def test_selection_by_code_name_pack_and_glob(session, select, ignore):
    """--select/--ignore match codes, names, pack ids and globs; fewer rules never add findings."""
    s = Session({"select": select, "ignore": ignore}, entry_points=False)
    sub = {f.fingerprint for f in s.check(str(SEED)).findings}
    full = {f.fingerprint for f in session.check(str(SEED)).findings}
    assert sub <= full
    for rule in s.rules:
        assert not any(pat in (rule.code, rule.name) for pat in ignore)


def test_missing_table_gives_not_assessable_not_a_pass(session):
    """Identity rules on a report without table 3 are reported as not assessable."""
    data = json.loads(CLEAN.read_text(encoding="utf-8"))
    del data["tables"]["t3"]
    result = session.check(data)
    skipped = {n.code for n in result.not_assessable}
    assert {"TBL001", "TBL002", "TBL003"} <= skipped
    assert "TBL012" in {f.code for f in result.findings}


def test_wrong_cell_is_named_as_most_likely(session):
    """When a wrong cell breaks a row and a column identity, both findings name it and share a root."""
    data = json.loads(CLEAN.read_text(encoding="utf-8"))
    data["tables"]["t3"]["r1"]["nat"]["value"] = 11
    data["tables"]["t3"]["r1"]["nat"]["raw"] = "11"
    result = session.check(data)
    ident = [f for f in result.findings if f.code in ("TBL001", "TBL002")]
    assert {f.code for f in ident} == {"TBL001", "TBL002"}
    for f in ident:
        assert f.pointer == "/tables/t3/r1/nat"
        assert f.root == "cell:t3.r1.nat"
        assert "最可能填错的是" in f.message
    # one root cause is deducted once
    charged = [d for d in result.grade.deductions if d.code in ("TBL001", "TBL002")]
    assert len(charged) == 1


def test_output_is_deterministic(session):
    """Checking the same report twice gives identical findings in identical order."""
    a = session.check(str(SEED))
    b = Session({}, entry_points=False).check(str(SEED))
    assert a.findings == b.findings


def test_partial_report_never_crashes(session):
    """A report with only meta and text validates and runs every rule without errors."""
    data = {"meta": {"format": "unknown"}, "text": "无内容"}
    result = session.check(copy.deepcopy(data))
    assert not result.rule_errors


def test_findings_are_built_with_every_field(session):
    """Findings, locations and deductions carry every field, and equal what their constructor
    builds from those fields."""
    from dataclasses import fields

    result = session.check_report(json.loads(SEED.read_text("utf-8")))
    built = [*result.findings, *(f.location for f in result.findings), *result.grade.deductions]
    assert result.findings and result.grade.deductions
    for obj in built:
        cls = type(obj)
        assert cls(**{x.name: getattr(obj, x.name) for x in fields(cls)}) == obj
        assert set(vars(obj)) == {x.name for x in fields(cls)}
