"""Check kinds named ``family.variant``, and the 0.1 spelling (``check = "K"`` with a
``test``/``defect`` switch) still read the same for one release."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.engine.kinds import Hit, RunContext, Skip
from checker.engine.packs import OLD_SWITCHES, parse_pack
from checker.errors import PackError
from checker.report import Report

RULES = Path(__file__).resolve().parent.parent / "rules"
PACKS = ("doc-numbers", "fee-notice", "table-identities", "cross-year")
FAMILIES = ("docnumber", "docregistry", "citation", "fee", "cells", "crossyear")
_CHECK = re.compile(r'^check = "(?P<family>[a-z_]+)\.(?P<variant>[a-z_]+)"$', re.MULTILINE)


def _old_spelling(text: str) -> str:
    """The pack as a 0.1 pack wrote it: the variant back in a ``defect``/``test`` option."""
    blocks = text.split("\n[rules.")
    for i, block in enumerate(blocks):
        m = _CHECK.search(block)
        if m is None:
            continue
        key = "defect" if m["family"] == "docnumber" else "test"
        switch = f'{key} = "{m["variant"]}"'
        block = block[:m.start()] + f'check = "{m["family"]}"' + block[m.end():]
        if re.search(r"^with = \{ ", block, re.MULTILINE):
            block = re.sub(r"^with = \{ ", f"with = {{ {switch}, ", block, count=1, flags=re.MULTILINE)
        else:
            block = block.replace(f'check = "{m["family"]}"',
                                  f'check = "{m["family"]}"\nwith = {{ {switch} }}', 1)
        blocks[i] = block
    return "\n[rules.".join(blocks)


def _report() -> Report:
    text = ("二、主动公开政府信息情况\n依据发改价格[2004]297号、鲁政办发 〔2023〕8号和国务院令 第 711 号，"
            "按照《国务院办公厅关于印发《政府信息公开信息处理费管理办法》的通知》（国办函〔2020〕109号）"
            "及<政府信息公开条例>执行。\n六、其他需要报告的事项\n本年度收取信息处理费 0 元。\n")
    return Report({"meta": {"year": 2023, "format": "2021"}, "text": text, "sections": [],
                   "tables": {}})


def _outcomes(session, rule) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for o in session.kinds[rule.check].run(rule, _report(), RunContext()):
        if isinstance(o, Hit):
            out.append(("hit", (o.params, o.pointer, o.loc, o.expected, o.actual, o.key)))
        elif isinstance(o, Skip):
            out.append(("skip", (o.reason, o.reason_en)))
    return out


@pytest.mark.parametrize("pack", PACKS)
def test_first_party_packs_name_dotted_kinds_without_switches(session, pack):
    """Every rule of these packs names a ``family.variant`` kind and has no switch option."""
    parsed = parse_pack((RULES / f"{pack}.toml").read_bytes(), pack, session.kinds)
    for rule in parsed.rules:
        family = rule.check.split(".")[0]
        if family in FAMILIES:
            assert "." in rule.check, rule.code
        assert not set(rule.options) & set(OLD_SWITCHES), rule.code
        assert rule.check in session.kinds


def test_no_family_is_registered_as_a_switch(session):
    """The families are gone as kinds; each variant's schema has no ``test``/``defect`` key."""
    for family in FAMILIES:
        assert family not in session.kinds
        variants = [k for name, k in session.kinds.items() if name.startswith(family + ".")]
        assert len(variants) >= 3, family
        for kind in variants:
            assert not set(kind.options_schema.get("properties", {})) & set(OLD_SWITCHES)


@pytest.mark.parametrize("pack", PACKS)
def test_old_spelling_loads_as_the_named_kind(session, pack):
    """A 0.1 pack loads rule by rule as the named kind, options without the switch, and its
    rules find exactly what the new spelling finds."""
    new_text = (RULES / f"{pack}.toml").read_text(encoding="utf-8")
    old_text = _old_spelling(new_text)
    assert old_text != new_text
    new = parse_pack(new_text.encode(), "new.toml", session.kinds)
    old = parse_pack(old_text.encode(), "old.toml", session.kinds)
    for a, b in zip(new.rules, old.rules, strict=True):
        assert (b.check, b.options) == (a.check, a.options)
        assert _outcomes(session, b) == _outcomes(session, a)


def test_old_spelling_with_an_unknown_variant_is_refused(session):
    """``check = "docnumber"`` with an unknown defect is an unknown kind, with a hint."""
    text = (RULES / "doc-numbers.toml").read_text(encoding="utf-8")
    text = text.replace('check = "docnumber.square_brackets"',
                        'check = "docnumber"\nwith = { defect = "squares" }', 1)
    with pytest.raises(PackError, match="unknown check kind 'docnumber'"):
        parse_pack(text.encode(), "old.toml", session.kinds)


def test_a_variant_refuses_another_variants_option(session):
    """Each kind has its own options: ``years_ahead`` belongs to ``docnumber.future_year``."""
    text = (RULES / "doc-numbers.toml").read_text(encoding="utf-8")
    text = text.replace('check = "docnumber.square_brackets"',
                        'check = "docnumber.square_brackets"\nwith = { years_ahead = 2 }', 1)
    with pytest.raises(PackError, match="unknown key 'years_ahead'"):
        parse_pack(text.encode(), "bad.toml", session.kinds)
