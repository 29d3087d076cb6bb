"""The structure, percentage and narrative checks are kinds named ``family.variant``; a pack in
the 0.1 spelling (``check = "parts"`` with ``test = "order"``, ``headings`` + ``classify``,
``narrative`` + ``claim`` …) loads as the named kinds and finds exactly the same."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from checker.api import Session
from checker.engine.kinds import Hit, RunContext, Skip
from checker.engine.packs import OLD_SWITCHES, RulePack, parse_pack
from checker.engine.wording import skip_reason
from checker.errors import PackError
from checker.report import Report
from tests.casekit import build

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
PACKS = ("required-sections", "percentages")
# family → the option that picked the variant in 0.1 packs
SWITCH = {"parts": "test", "headings": "classify", "report_format": "test", "period": "test",
          "percentage": "test", "narrative": "claim"}
VARIANTS = {"parts": 4, "headings": 2, "report_format": 2, "period": 2, "percentage": 4,
            "narrative": 9}
_CHECK = re.compile(r'^check = "(?P<family>[a-z_]+)\.(?P<variant>[a-z_]+)"\n'
                    r'(?:with = \{ (?P<rest>[^\n]*) \}\n)?', re.MULTILINE)
# reports on which the rules find and skip different things
REPORTS: tuple[dict[str, Any], ...] = (
    {"base": "seed-2023"},
    {},
    {"drop_tables": ["t3", "t4"]},
    {"drop_parts": ["overview", "applications"]},
    {"meta": {"format": "mixed"}},
    {"meta": {"format": "unknown", "year": None}, "drop_tables": ["t2", "t3", "t4"]},
    {"cells": {"t4.rev.kept": "0", "t4.rev.fixed": "1", "t3.new.tot": "30"}},
)


def old_spelling(text: str) -> str:
    """The pack as a 0.1 pack wrote it: the variant back in its switch option."""
    def back(m: re.Match[str]) -> str:
        family, variant = m["family"], m["variant"]
        if family not in SWITCH:
            return m.group(0)
        options = f'{SWITCH[family]} = "{variant}"' + (f", {m['rest']}" if m["rest"] else "")
        return f'check = "{family}"\nwith = {{ {options} }}\n'
    return _CHECK.sub(back, text)


def _outcomes(session: Session, pack: RulePack, lang: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for case in REPORTS:
        report = Report(build(case))
        for rule in pack.rules:
            for o in session.kinds[rule.check].run(rule, report, RunContext(lang=lang)):
                if isinstance(o, Hit):
                    out.append((rule.code, (o.params, o.pointer, o.loc, o.expected, o.actual,
                                            o.evidence, o.key, o.confidence)))
                elif isinstance(o, Skip):
                    out.append((rule.code, (skip_reason(rule, o, lang), o.pointer)))
    return out


@pytest.mark.parametrize("pack", PACKS)
def test_packs_name_the_variant_kinds_without_switches(session: Session, pack: str) -> None:
    """Every rule of these families names a ``family.variant`` kind and has no switch."""
    parsed = parse_pack((RULES / f"{pack}.toml").read_bytes(), pack, session.kinds)
    families = {r.check.split(".")[0] for r in parsed.rules if "." in r.check}
    assert families & set(SWITCH)
    for rule in parsed.rules:
        assert rule.check not in SWITCH, rule.code
        assert not set(rule.options) & set(OLD_SWITCHES), rule.code


def test_families_are_no_kinds_and_variants_take_no_switch(session: Session) -> None:
    """``parts``, ``narrative`` … are gone as kinds; each variant has its own options schema."""
    for family, count in VARIANTS.items():
        assert family not in session.kinds
        variants = [k for name, k in session.kinds.items() if name.startswith(family + ".")]
        assert len(variants) == count, family
        for kind in variants:
            assert not set(kind.options_schema.get("properties", {})) & set(OLD_SWITCHES)
            assert kind.summary and kind.params


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_old_spelling_loads_as_the_named_kinds_and_finds_the_same(session: Session, pack: str,
                                                                  lang: str) -> None:
    """The pack rewritten to the 0.1 spelling loads rule by rule as the named kind, and its
    rules give identical hits and skips on several reports."""
    new_text = (RULES / f"{pack}.toml").read_text(encoding="utf-8")
    old_text = old_spelling(new_text)
    assert any(f'check = "{family}"\n' in old_text for family in SWITCH)
    new = parse_pack(new_text.encode(), "new.toml", session.kinds)
    old = parse_pack(old_text.encode(), "old.toml", session.kinds)
    assert [r.options for r in old.rules] == [r.options for r in new.rules]
    assert [r.check for r in old.rules] == [r.check for r in new.rules]
    found = _outcomes(session, new, lang)
    assert any(isinstance(v[0], dict) for _, v in found)  # hits were compared, not only skips
    assert _outcomes(session, old, lang) == found


def test_percentage_yoy_refuses_the_share_options(session: Session) -> None:
    """``denominators`` belongs to the share kinds, not to ``percentage.yoy``."""
    text = (RULES / "percentages.toml").read_text(encoding="utf-8")
    text = text.replace('check = "percentage.yoy"\nwith = { rounding = "gbt8170" }',
                        'check = "percentage.yoy"\nwith = { denominators = ["r7"] }', 1)
    with pytest.raises(PackError, match="unknown key 'denominators'"):
        parse_pack(text.encode(), "bad.toml", session.kinds)


def test_old_spelling_with_an_unknown_claim_is_refused(session: Session) -> None:
    """``check = "narrative"`` with an unknown claim is an unknown kind, with a hint."""
    text = (RULES / "percentages.toml").read_text(encoding="utf-8")
    text = text.replace('check = "narrative.received"',
                        'check = "narrative"\nwith = { claim = "recieved" }', 1)
    with pytest.raises(PackError, match="unknown check kind 'narrative'") as err:
        parse_pack(text.encode(), "old.toml", session.kinds)
    assert "did you mean" in str(err.value)


def test_kinds_say_their_wording_in_the_pack_words(session: Session) -> None:
    """Skip reasons and notes come from the packs' ``[wording]``, in the run's language, and
    every wording key a kind may say is defined by the pack that uses it."""
    packs = {p.id: p for p in session.plugins.packs()}
    for pack_id in ("required-sections", "percentages", "originality"):
        pack = packs[pack_id]
        for rule in pack.rules:
            assert session.kinds[rule.check].wording <= set(pack.wording), rule.code
    old = Report(build({"meta": {"year": 2016}}))
    rule = next(r for r in packs["required-sections"].rules if r.code == "SEC001")
    [skip] = session.kinds[rule.check].run(rule, old, RunContext())
    assert isinstance(skip, Skip)
    assert skip_reason(rule, skip, "zh") == "2019年以前的报告不适用六部分格式"
    assert skip_reason(rule, skip, "en") == "The six-part format applies from 2019 on"
    zh = Session({"select": ["SEC006"]}, entry_points=False)
    en = Session({"select": ["SEC006"], "lang": "en"}, entry_points=False)
    typo = build({"replace": [["三、收到和处理政府信息公开申请情况\n", "三、收到的处理政府信息公开申请情况\n"]]})
    [found] = zh.check(typo).findings
    assert "中“收到的处理”疑为“收到和处理”之误，应为“三、收到和处理政府信息公开申请情况”" in found.message
    [found] = en.check(typo).findings
    assert 'has "收到的处理", apparently a typo for "收到和处理"; write' in found.message
