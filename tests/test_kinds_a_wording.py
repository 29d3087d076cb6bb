"""The kinds of the doc-numbers, fee-notice, table-identities, cross-year packs and the
``deadline`` kind say their skip reasons and notes in their packs' ``[wording]``, not in Python."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker.api import Session
from checker.engine.kinds import CheckKind, Hit, RunContext, Say, Skip
from checker.engine.packs import Rule, parse_pack
from checker.engine.run import run_rules
from checker.errors import PackError
from checker.report import Report
from tests.casekit import load_base

RULES = Path(__file__).resolve().parent.parent / "rules"
PACKS = ("doc-numbers", "fee-notice", "table-identities", "cross-year")
FAMILIES = ("docnumber.", "docregistry.", "citation.", "fee.", "cells.", "crossyear.")


def _kinds_a(rule: Rule) -> bool:
    return rule.check.startswith(FAMILIES) or rule.check == "deadline"


def _reports() -> Iterator[tuple[Report, Report | None]]:
    """Reports that make these kinds skip and hit: empty, no tables, clean with last year."""
    yield Report({"meta": {}, "text": "", "sections": [], "tables": {}}), None
    clean = load_base("clean-2021")
    yield Report({**clean, "tables": {}, "meta": {**clean["meta"], "published": "2月"}}), None
    prev = {**clean, "meta": {**clean["meta"], "year": clean["meta"]["year"] - 3}}
    yield Report(clean), Report(prev)
    text = ("六、其他需要报告的事项\n依据鲁政办字〔2020〕179号和国令第 711 号执行，"
            "同比下降9.6%。\n")
    yield Report({"meta": {"format": "2021", "agency": "某镇人民政府", "published": "2024-03-01",
                           "year": 2023}, "text": text, "tables": {},
                  "sections": [{"part": "other", "heading": "六、其他需要报告的事项",
                                "span": {"start": 0, "end": len(text)}}]}), Report(clean)


def _says(value: Any) -> Iterator[Say]:
    if isinstance(value, Say):
        yield value
        for v in value.params.values():
            yield from _says(v)


def test_every_skip_and_note_is_pack_wording_the_kind_declares(session: Session) -> None:
    """Each skip of these kinds is a Say, and each Say (in skips and hit params) is a key the
    kind declares, so pack validation guarantees its text."""
    rules = [r for r in session.all_rules if _kinds_a(r)]
    skips = 0
    for report, previous in _reports():
        for rule in rules:
            kind: CheckKind = session.kinds[rule.check]
            for o in kind.run(rule, report, RunContext(previous=previous)):
                said: list[Say] = []
                if isinstance(o, Skip):
                    assert isinstance(o.reason, Say) and not o.reason_en, (rule.code, o)
                    said = list(_says(o.reason))
                    skips += 1
                elif isinstance(o, Hit):
                    said = [s for v in o.params.values() for s in _says(v)]
                for say in said:
                    assert say.key in kind.wording, (rule.code, say.key)
                    assert say.key in rule.wording, (rule.code, say.key)
    assert skips >= 20  # the reports above do make these kinds skip


def _pack(name: str, text: str) -> list[Rule]:
    return parse_pack(text.encode("utf-8"), f"{name}.toml",
                      Session({}, entry_points=False).kinds).rules


@pytest.mark.parametrize("pack, key", [("doc-numbers", "in_full"),
                                       ("fee-notice", "fee_part_missing"),
                                       ("table-identities", "table_missing"),
                                       ("cross-year", "no_previous")])
def test_a_pack_without_the_wording_is_refused(pack: str, key: str) -> None:
    """The kinds declare what they say: a pack that drops a wording its rules need is refused."""
    text = (RULES / f"{pack}.toml").read_text(encoding="utf-8")
    assert f"[wording.{key}]" in text
    with pytest.raises(PackError) as info:
        _pack(pack, text.replace(f"[wording.{key}]", f"[wording.{key}_gone]"))
    assert info.value.where == f"key wording.{key}"


def test_skip_reasons_come_from_the_pack_in_both_languages() -> None:
    """Rewording the pack rewords the skip reason; English is a sentence."""
    text = (RULES / "fee-notice.toml").read_text(encoding="utf-8")
    text = text.replace('zh = "报告缺少第六部分（其他需要报告的事项），无法核对信息处理费"',
                        'zh = "第六部分缺失：信息处理费无法核对"')
    rules = [r for r in _pack("fee-notice", text) if r.code == "FEE001"]
    report = Report({"meta": {"format": "2021", "year": 2023}, "text": "无。", "sections": [],
                     "tables": {}})
    kinds = Session({}, entry_points=False).kinds
    for lang, reason in (("zh", "第六部分缺失：信息处理费无法核对"),
                         ("en", "Part 6 (other matters) is missing; cannot check the "
                                "information processing fee")):
        _, skipped, errors = run_rules(report, rules, kinds, RunContext(lang=lang))
        assert errors == [] and [s.reason for s in skipped] == [reason]


@pytest.mark.parametrize("lang, message", [
    ("zh", "令号“国令第 711 号”中有多余空格，应为“国令第711号”（或写全“国务院令第711号”）。"),
    ("en", 'Decree number "国令第 711 号" contains spaces; write "国令第711号" '
           "(or in full: 国务院令第711号)."),
])
def test_notes_in_messages_are_pack_wording(lang: str, message: str) -> None:
    """A note said by a kind (the decree's full form) is worded by the pack in the run's
    language, inside the rule's message."""
    session = Session({"lang": lang, "select": ["DOC015"]}, entry_points=False)
    report = {"meta": {"format": "2021", "year": 2023}, "text": "依据国令第 711 号执行。",
              "sections": [], "tables": {}}
    result = session.check(report)
    assert [f.message for f in result.findings] == [message]
