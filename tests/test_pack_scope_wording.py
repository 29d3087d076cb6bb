"""Rule-level ``scope`` and pack ``[wording]``: parsed, validated, translated and rendered."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from checker.api import Session
from checker.engine.kinds import CheckKind, Hit, RunContext, Say, Skip
from checker.engine.packs import Rule, parse_pack
from checker.engine.run import run_rules
from checker.engine.scope import Scope, parts_scope_schema
from checker.errors import PackError
from checker.report import Report
from tests.casekit import load_base

HEAD = """
[pack]
id = "t"
title = "t"
version = "1"
"""


def rule_toml(check: str, extra: str = "", with_: str = "") -> str:
    return f"""
[rules.TST001]
name = "t.one"
summary = "s"
severity = "warning"
category = "content"
check = "{check}"
message = "{{note}}"
message_en = "{{note}}"
doc = "d"
{extra}
{with_}
"""


def _said(rule: Rule, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    where = ",".join(rule.scope.parts or ())
    if rule.options.get("skip"):
        yield Skip(Say("gone", {"where": where}))
        return
    yield Hit(params={"note": Say("note", {"where": where, "inner": Say("gone", {"where": "x"})})},
              pointer="/text", key="k")


SAYER = CheckKind(name="sayer", summary="says pack wording", options_schema={
    "type": "object", "additionalProperties": False, "properties": {"skip": {"type": "boolean"}}},
    run=_said, params=frozenset({"note"}), wording=frozenset({"gone", "note"}),
    scope_schema=parts_scope_schema(), legacy_scope={"part": "parts"})
WORDING = """
[wording.gone]
zh = "缺少{where}"
en = "{where} is missing"

[wording.note]
zh = "在{where}（{inner}）"
en = "in {where} ({inner})"
"""


def kinds() -> dict[str, CheckKind]:
    return {**Session({}, entry_points=False).kinds, "sayer": SAYER}


def parse(text: str) -> Any:
    return parse_pack(text.encode("utf-8"), "p.toml", kinds())


def error_of(text: str) -> PackError:
    with pytest.raises(PackError) as info:
        parse(text)
    return info.value


def test_scope_is_typed_and_numerals_become_part_ids() -> None:
    """``scope.parts`` may name parts by numeral; the rule carries part ids in a Scope."""
    pack = parse(HEAD + WORDING + rule_toml("sayer", 'scope = { parts = ["六", "overview"] }'))
    assert pack.rules[0].scope == Scope(parts=("other", "overview"))


def test_old_with_spelling_is_moved_into_scope() -> None:
    """A kind's old ``with`` spelling (``part = …``) becomes ``rule.scope`` and leaves ``with``."""
    pack = parse(HEAD + WORDING + rule_toml("sayer", with_='[rules.TST001.with]\npart = "一"'))
    assert pack.rules[0].scope == Scope(parts=("overview",))
    assert pack.rules[0].options == {}


def test_first_party_topics_rules_read_scope() -> None:
    """The shipped topics rules say their part in ``scope``, not in ``with``."""
    rules = {r.code: r for r in Session({}, entry_points=False).rules}
    assert rules["SEC007"].scope.parts == ("overview",)
    assert rules["SEC019"].scope.parts == ("other",)
    assert "part" not in rules["SEC019"].options


def test_scope_given_twice_is_refused() -> None:
    """Saying where a rule looks in both ``scope`` and the old ``with`` key is an error."""
    err = error_of(HEAD + WORDING + rule_toml("sayer", 'scope = { parts = ["一"] }',
                                              '[rules.TST001.with]\npart = "二"'))
    assert err.where == "key rules.TST001.with.part" and "twice" in str(err)


def test_unknown_scope_key_gets_did_you_mean() -> None:
    """A misspelt scope key is refused by the schema, naming the key and the right spelling."""
    err = error_of(HEAD + WORDING + rule_toml("sayer", 'scope = { part = ["一"] }'))
    assert "unknown key 'part'" in str(err) and "did you mean 'parts'" in str(err)
    assert err.where == "key rules.TST001.scope"


def test_scope_values_are_checked() -> None:
    """A table that is not t2/t3/t4 is refused."""
    err = error_of(HEAD + WORDING + rule_toml("sayer", 'scope = { tables = ["t9"] }'))
    assert "'t9' is not one of" in str(err) and "did you mean 't2'" not in str(err)


def test_scope_the_kind_does_not_read_is_refused() -> None:
    """A scope field the kind ignores is an error, never silently dropped."""
    err = error_of(HEAD + WORDING + rule_toml("sayer", 'scope = { tables = ["t3"] }'))
    assert err.where == "key rules.TST001.scope" and "unknown key 'tables'" in str(err)
    err = error_of(HEAD + rule_toml("headings", 'scope = { parts = ["一"] }',
                                    '[rules.TST001.with]\nclassify = "variant"'))
    assert "reads no scope" in str(err)


def test_topics_needs_exactly_one_part() -> None:
    """The topics kind reads one part: none or two are refused where the pack says so."""
    topics = '[rules.TST001.with]\ntopics = [{ name = "a", keywords = ["a"] }]'
    err = error_of(HEAD + rule_toml("topics", "", topics).replace("{note}", "{topic}"))
    assert "'parts' is required" in str(err)
    err = error_of(HEAD + rule_toml("topics", 'scope = { parts = ["一", "二"] }', topics)
                   .replace("{note}", "{topic}"))
    assert err.where == "key rules.TST001.scope.parts"


def test_missing_wording_is_refused_with_a_hint() -> None:
    """A pack whose rules use a kind must define the wording that kind says."""
    err = error_of(HEAD + WORDING.replace("[wording.note]", "[wording.notes]")
                   + rule_toml("sayer"))
    assert err.where == "key wording.note" and "needs wording 'note'" in str(err)
    assert "did you mean [wording.note]" in (err.hint or "")


def test_wording_needs_both_languages() -> None:
    """A ``[wording]`` entry without ``en`` is refused by the schema."""
    err = error_of(HEAD + WORDING.replace('en = "{where} is missing"\n', "")
                   + rule_toml("sayer"))
    assert "'en' is required" in str(err) and err.where == "key wording.gone"


@pytest.mark.parametrize("lang, skip, note", [
    ("zh", "缺少overview", "在overview（缺少x）"),
    ("en", "Overview is missing", "In overview (x is missing)"),
])
def test_say_is_rendered_from_the_pack_in_the_run_language(lang: str, skip: str,
                                                           note: str) -> None:
    """Skip reasons and Hit params that are Says become the pack's zh or en text."""
    pack = parse(HEAD + WORDING + rule_toml("sayer", 'scope = { parts = ["一"] }')
                 + rule_toml("sayer", 'scope = { parts = ["一"] }',
                             "[rules.TST002.with]\nskip = true")
                 .replace("TST001", "TST002").replace("t.one", "t.two"))
    report = Report(load_base("clean-2021"))
    findings, skipped, errors = run_rules(report, pack.rules, kinds(), RunContext(lang=lang))
    assert errors == []
    assert [f.message for f in findings] == [note]
    assert [s.reason for s in skipped] == [skip]
