"""The percentage check kind and the exact rounding module behave as spec/domain.md §7 says."""
from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace

import pytest

from checker.engine.scope import Scope
from checker.engine.wording import render
from checker.engine import rounding as rd
from checker.api import Session
from checker.checks import percentage
from checker.engine.kinds import Hit, RunContext, Skip
from checker.report import Report
from tests.casekit import build

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "reports" / "seed-2023.json"
CLEAN = ROOT / "fixtures" / "reports" / "clean-2021.json"
LIST = "分别占办结总数的50%、17%、8%、17%、4%、4%"


@pytest.fixture(scope="module")
def session() -> Session:
    return Session({"select": ["percentages"]})


def _codes(session: Session, case: dict) -> list[tuple[str, str]]:
    result = session.check(build(case))
    return [(f.code, f.message) for f in result.findings]


def _wording() -> Mapping[str, Mapping[str, str]]:
    """The percentages pack's wording (the notes a hit says)."""
    return Session({"select": ["percentages"]}).rules[0].wording


def _run(test: str, report: dict, **opts) -> list:
    rule = SimpleNamespace(options=opts, scope=Scope())
    return list(percentage.run(test, rule, Report(report), RunContext()))


# -- rounding ------------------------------------------------------------------------------
def test_gbt8170_rounds_exact_half_to_even_and_above_half_up() -> None:
    """GB/T 8170 sends an exact .5 to the even neighbour and anything above .5 up."""
    assert rd.round_to(Fraction(25, 2), 0, "gbt8170") == 12
    assert rd.round_to(Fraction(27, 2), 0, "gbt8170") == 14
    assert rd.round_to(Fraction(25, 2), 0, "half_up") == 13
    assert rd.round_to(rd.percent_of(1, 66), 0, "gbt8170") == 2  # 1.5151… → 2
    assert rd.round_to(Fraction("4.345"), 2, "gbt8170") == Fraction("4.34")
    assert rd.round_to(Fraction("4.3451"), 2, "gbt8170") == Fraction("4.35")


def test_fits_and_truncation_are_distinct() -> None:
    """35/805 = 4.348% rounds to 4.35%; 4.34% is only what truncation gives."""
    exact = rd.percent_of(35, 805)
    assert rd.fits(Decimal("4.35"), exact)
    assert not rd.fits(Decimal("4.34"), exact)
    assert rd.truncate_to(exact, 2) == Fraction("4.34")
    assert rd.fits(Decimal("51.85"), rd.percent_of(42, 81))


@pytest.mark.parametrize("num,den", [(1, 66), (35, 805), (1, 8), (3, 8), (42, 81), (0, 5), (7, 7)])
@pytest.mark.parametrize("stated", ["0", "2", "12", "13", "4.34", "4.35", "51.85", "37.5", "100"])
@pytest.mark.parametrize("rule", rd.RULES)
def test_integer_fast_path_agrees_with_fractions(num: int, den: int, stated: str, rule: str) -> None:
    """fits_ratio (integer arithmetic) gives the same verdict as the exact Fraction path."""
    assert rd.fits_ratio(Decimal(stated), num, den, rule) == rd.fits(Decimal(stated), rd.percent_of(num, den), rule)


def test_largest_remainder_accepts_either_side_of_a_tie() -> None:
    """The seed's (21, 23, 3, 52, 1) over 66 is a largest-remainder allocation; ties go either way."""
    counts = [14, 15, 2, 34, 1]
    assert rd.is_largest_remainder([Decimal(x) for x in ("21", "23", "3", "52", "1")], counts, 66)
    assert rd.is_largest_remainder([Decimal(x) for x in ("21", "23", "3", "51", "2")], counts, 66)
    assert not rd.is_largest_remainder([Decimal(x) for x in ("21", "22", "3", "52", "2")], counts, 66)
    assert not rd.is_largest_remainder([Decimal(x) for x in ("21", "23", "3", "52", "1")], counts, 63)
    assert sum(rd.largest_remainder(counts, 66)) == 100


# -- the check kind on reports -------------------------------------------------------------
def test_seed_reports_other_handling_adjusted_to_100(session: Session) -> None:
    """The seed's 其他处理 1% (1/66 = 1.52% → 2%) is reported as adjusted, naming 66."""
    found = [(f.code, f.message) for f in session.check(str(SEED)).findings if f.code.startswith("PCT")]
    assert [c for c, _ in found] == ["PCT002"]
    msg = found[0][1]
    for part in ("其他处理", "1%", "1.52%", "2%", "66", "（七）总计"):
        assert part in msg


def test_seed_year_on_year_without_prior_is_not_assessable() -> None:
    """同比下降9.6% with no prior figure and no previous report is a Skip, not a pass."""
    out = _run("yoy", json.loads(SEED.read_text(encoding="utf-8")))
    assert out and all(isinstance(o, Skip) for o in out)


def test_year_on_year_uses_previous_report() -> None:
    """With last year's report (73 new applications) the seed's 同比下降9.6% checks out."""
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    prev = build({"base": "seed-2023", "cells": {"t3.new.tot": "73", "t3.cin.tot": "0"}})
    rule = SimpleNamespace(options={}, scope=Scope())
    assert list(percentage.run("yoy", rule, Report(seed), RunContext(previous=Report(prev)))) == []
    prev = build({"base": "seed-2023", "cells": {"t3.new.tot": "80", "t3.cin.tot": "0"}})
    out = list(percentage.run("yoy", rule, Report(seed), RunContext(previous=Report(prev))))
    assert len(out) == 1 and isinstance(out[0], Hit)


def test_clean_report_has_no_percentage_findings(session: Session) -> None:
    """The clean fixture's shares (50%, 17%, 8%, 17%, 4%, 4% of 24) all round correctly."""
    assert [f.code for f in session.check(str(CLEAN)).findings] == []


def test_truncated_inline_share_is_an_error_naming_truncation(session: Session) -> None:
    """16.66% for 4/24 = 16.667% is an error; the message says truncation would give it."""
    found = _codes(session, {"replace": [["结转下年度继续办理3件，", "无法提供4件，占16.66%。结转下年度继续办理3件，"]]})
    assert [c for c, _ in found] == ["PCT001"]
    assert "舍去尾数" in found[0][1] and "16.67%" in found[0][1]


def test_listed_set_shares_one_denominator(session: Session) -> None:
    """A listed set is judged on one denominator: 16% fits 4/25 but not the set's 24."""
    found = _codes(session, {"replace": [[LIST, LIST.replace("17%、8%", "16%、8%")]]})
    assert [c for c, _ in found] == ["PCT001"]


def test_inline_combined_label_and_new_denominator(session: Session) -> None:
    """予以公开及部分公开 = r1 + r2; a share of 本年新收 is accepted and reported as fitting."""
    text = "结转下年度继续办理3件，"
    found = _codes(session, {"replace": [[text, "予以公开及部分公开16件，占64%。" + text]]})
    assert found == []


def test_half_up_option_changes_exact_half() -> None:
    """With rounding = half_up, 12.5% stated as 13% is right; under GB/T 8170 it is not."""
    report = build({"replace": [["结转下年度继续办理3件，", "无法提供4件，占12.5%。结转下年度继续办理3件，"]],
                    "cells": {}})
    # 4/32 = 12.5%: make 32 a candidate denominator by stating it in the paragraph
    report = build({"replace": [["本年度办结24件，", "本年度办结24件，全年共收到政府信息公开申请32件，其中无法提供4件，占13%，"]]})
    gb = [o for o in _run("shares", report) if isinstance(o, Hit)]
    hu = [o for o in _run("shares", report, rounding="half_up") if isinstance(o, Hit)]
    assert len(gb) == 1 and hu == []
    note = render(gb[0].params["note"], _wording(), "zh")
    assert note == "（四舍五入可得13%，但舍去的部分恰为5时应使末位为偶数）"


def test_total_not_100_needs_a_complete_set(session: Session) -> None:
    """Only a set whose counts add up to the denominator must total 100%."""
    found = _codes(session, {"replace": [[LIST, LIST.replace("4%、4%", "4%、14%")]]})
    assert sorted(c for c, _ in found) == ["PCT001", "PCT003"]
    partial = "其中予以公开12件、部分公开4件，分别占50%、17%。"
    found = _codes(session, {"replace": [["不予公开的2件中，", partial + "不予公开的2件中，"]]})
    assert found == []


def test_year_on_year_direction_and_figures(session: Session) -> None:
    """同比 changes are recomputed from both stated figures, and the direction word must match."""
    base = "本年度新收政府信息公开申请25件，"
    ok = _codes(session, {"replace": [[base, base + "较上年的20件增长25%，"]]})
    assert ok == []
    wrong_dir = _codes(session, {"replace": [[base, base + "较上年增加5件，同比下降25%，"]]})
    assert [c for c, _ in wrong_dir] == ["PCT004"] and "实为增长" in wrong_dir[0][1]
    wrong = _codes(session, {"replace": [[base, "本年度新收政府信息公开申请25件（2022年为20件），同比增长20%，"]]})
    assert [c for c, _ in wrong] == ["PCT004"]


def test_missing_table_is_not_assessable() -> None:
    """Shares whose counts cannot be found (no table 3, no stated count) are skipped."""
    report = build({"drop_tables": ["t3"], "replace": [[LIST, "分别占比50%、17%、8%、17%、4%、4%"]]})
    out = _run("shares", report)
    assert out == [] or all(isinstance(o, Skip) for o in out)
    report = build({"drop_tables": ["t3"],
                    "replace": [["其中予以公开12件、部分公开4件、不予公开2件、无法提供4件、不予处理1件、其他处理1件，" + LIST,
                                 "其中予以公开、部分公开分别占50%、17%"]]})
    out = _run("shares", report)
    assert out and all(isinstance(o, Skip) for o in out)
