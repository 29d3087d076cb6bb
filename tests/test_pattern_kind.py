"""The generic ``pattern`` kind: regexes from packs, scoped, grouped, suggested, time-limited."""
from __future__ import annotations

import pytest

from checker.checks import pattern
from checker.engine.kinds import RunContext, Skip
from checker.engine.packs import Rule
from checker.engine.scope import Scope
from checker.findings import Severity
from checker.report import Report
from tests.casekit import load_base


def make_rule(parts: list[str] | None = None, **options) -> Rule:
    rule = Rule(code="TST001", name="test.pattern", pack="test", severity=Severity.WARNING,
                category="language", check="pattern", options=options, message="{match}",
                message_en="{match}", summary="s", summary_en="s", doc="d",
                scope=Scope(parts=tuple(parts) if parts else None))
    rule.compiled = pattern.compile_options(options)
    return rule


def run(rule: Rule, report: Report) -> list:
    return list(pattern.run(rule, report, RunContext()))


@pytest.fixture()
def clean() -> Report:
    return Report(load_base("clean-2021"))


@pytest.fixture()
def seed() -> Report:
    return Report(load_base("seed-2023"))


def test_hit_has_span_loc_and_suggestion(seed):
    """Each hit carries the match's span as loc and the suggestion from the template."""
    rule = make_rule(pattern=r"(?P<n>[1-9]\d*[1-9])\s*余(?P<u>[\u4e00-\u9fff]?)",
                     suggest=r"\g<n>\g<u>")
    hits = run(rule, seed)
    assert len(hits) == 1
    h = hits[0]
    assert h.params["match"] == "4427 余条" and h.params["suggestion"] == "4427条"
    assert seed.text[h.loc["offset"]:h.loc["offset"] + h.loc["length"]] == "4427 余条"


def test_parts_scope_and_skip(clean):
    """Only the named parts are searched; a missing part makes the rule not assessable."""
    rule = make_rule(pattern="统计期限", parts=["other"])
    assert len(run(rule, clean)) == 1
    clean.sections = [s for s in clean.sections if s["part"] != "other"]
    assert isinstance(run(rule, clean)[0], Skip)


def test_exclude_and_exclude_line(clean):
    """exclude drops matches, exclude_line drops matches on matching lines."""
    assert len(run(make_rule(pattern="统计期限"), clean)) == 2
    assert run(make_rule(pattern="统计期限", exclude="期限"), clean) == []
    assert len(run(make_rule(pattern="统计期限", exclude_line="本报告所列数据"), clean)) == 1


def test_requires(seed, clean):
    """requires gates the rule on another pattern being present."""
    rule = make_rule(pattern=r"（[一二三]）主动公开", requires="不存在的文字")
    assert run(rule, clean) == []


def test_grouping(seed):
    """group=line collapses matches on one line; group=all into one hit."""
    pats = ["打印正文", "分享到：", r"字号：大 中 小"]
    assert len(run(make_rule(pattern=pats), seed)) == 3
    hits = run(make_rule(pattern=pats, group="line"), seed)
    assert len(hits) == 1 and hits[0].params["count"] == 3
    assert len(run(make_rule(pattern=r"\(([一二三四五六七])\)", group="all"), seed)) == 1


def test_prefilter_gives_the_same_hits(seed):
    """A prefilter only speeds things up: the same hits with and without it."""
    a = run(make_rule(pattern=r"\d{4}年0\d月"), seed)
    b = run(make_rule(pattern=r"\d{4}年0\d月", prefilter=["年0"]), seed)
    assert [h.loc for h in a] == [h.loc for h in b] and len(a) == 1


def test_max_hits(seed):
    """max_hits caps the findings."""
    assert len(run(make_rule(pattern="开发区", max_hits=2), seed)) == 2


def test_invalid_options_raise_value_error():
    """A bad regex or a template naming an unknown group is rejected when the pack loads."""
    with pytest.raises(ValueError):
        pattern.compile_options({"pattern": "(unclosed"})
    with pytest.raises(ValueError):
        pattern.compile_options({"pattern": "(?P<a>x)", "suggest": r"\g<b>"})


def test_timeout_becomes_a_clear_error():
    """Catastrophic backtracking is stopped by the time limit and reported, not hung on."""
    rule = make_rule(pattern=r"(a|aa)+$", timeout=0.05)
    report = Report({"text": "a" * 60 + "!", "meta": {}})
    with pytest.raises(RuntimeError, match="ran longer"):
        run(rule, report)


def test_keys_are_stable_across_unrelated_edits(seed):
    """Fingerprint keys name the part and the match, not the offset."""
    rule = make_rule(pattern="打印正文")
    k1 = run(rule, seed)[0].key
    seed.text = "前言\n" + seed.text
    assert k1.endswith("打印正文:1")
