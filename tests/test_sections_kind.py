"""The structure kinds (parts, headings, topics, report_format, title, period) on edited reports."""
from __future__ import annotations

import copy

import pytest

from checker.api import Session
from checker.checks.headings import classify_heading
from checker.checks.sections import normalise_title
from tests.casekit import build, load_base


@pytest.fixture(scope="module")
def sess() -> Session:
    return Session({"select": ["required-sections"]}, entry_points=False)


def codes(result) -> list[str]:
    return sorted(f.code for f in result.findings)


def with_heading(report: dict, part: str, heading: str) -> dict:
    """Change a part heading in the sections and the text alike (as a normaliser would)."""
    rep = copy.deepcopy(report)
    sec = next(s for s in rep["sections"] if s["part"] == part)
    old = sec["heading"]
    rep = build({"base": "clean-2021", "replace": [[old + "\n", heading + "\n"]]}) \
        if rep["text"].count(old + "\n") == 1 else rep
    sec = next(s for s in rep["sections"] if s["part"] == part)
    sec["heading"] = heading
    sec["title"] = heading.split("、", 1)[-1]
    return rep


def test_seed_gives_exactly_three_heading_warnings(sess):
    """The seed's headings 三, 四 and 五 are 条例-wording variants: three warnings, no error."""
    result = sess.check("fixtures/reports/seed-2023.json")
    heads = [f for f in result.findings if f.code == "SEC005"]
    assert [f.actual[:2] for f in heads] == ["三、", "四、", "五、"]
    assert not [f for f in result.findings if f.code == "SEC006"]
    assert heads[1].expected == "四、政府信息公开行政复议、行政诉讼情况"


def test_seed_findings_of_the_pack(sess):
    """The seed's structural and typographic defects are all reported."""
    result = sess.check("fixtures/reports/seed-2023.json")
    assert codes(result) == ["SEC005", "SEC005", "SEC005", "SEC010", "SEC013", "SEC013",
                             "SEC013", "SEC014", "SEC015", "SEC016", "SEC017"]
    assert any(n.code == "SEC018" for n in result.not_assessable)


def test_clean_report_is_clean(sess):
    """The clean fixture passes every rule of the pack."""
    assert codes(sess.check(build({"base": "clean-2021"}))) == []


@pytest.mark.parametrize("title,expected", [
    ("收到和处理政府信息公开申请情况", None),
    ("政府信息公开行政复议及行政诉讼情况", None),
    ("政府信息公开行政复议行政诉讼情况", None),
    ("主动公开政府信息的情况", None),
    ("行政机关收到和处理政府信息公开申请情况", "variant"),
    ("收到的处理政府信息公开申请情况", "outdated"),
    ("因政府信息公开申请行政复议、提起行政诉讼的情况", "outdated"),
    ("工作存在的主要问题及下步打算", "outdated"),
    ("概述", "outdated"),
    ("其他需要报告事项", "variant"),
])
def test_classify_heading(title, expected):
    """Headings are classified exact / variant / outdated after normalisation (spec §3.3)."""
    part = {"收": "applications", "政": "review_litigation", "主": "proactive",
            "行": "applications", "因": "review_litigation", "工": "problems", "概": "overview",
            "其": "other"}[title[0]]
    res = classify_heading(part, title)
    assert (res[0] if res else None) == expected


def test_normalise_title_unifies_brackets_spaces_and_separators():
    """Brackets, spaces, 的情况 and the 复议/诉讼 separator are normalised."""
    assert normalise_title("政府信息公开行政复议 和 行政诉讼的情况") == "政府信息公开行政复议、行政诉讼情况"


def test_sections_heading_is_used_not_the_text(sess):
    """A heading changed consistently in sections and text is classified from the sections."""
    rep = with_heading(load_base("clean-2021"), "other", "六、其他需要报告事项")
    assert codes(sess.check(rep)) == ["SEC005"]


def test_no_sections_gives_one_finding_and_skips(sess):
    """Without any recognised part: one SEC002 finding, order and emptiness not assessable."""
    rep = load_base("clean-2021")
    rep["sections"] = []
    result = sess.check(rep)
    assert codes(result) == ["SEC002"]
    skipped = {n.code for n in result.not_assessable}
    assert {"SEC001", "SEC003", "SEC005", "SEC007"} <= skipped


def test_six_part_rules_skip_pre2019(sess):
    """Pre-2019 reports are not held to the six-part structure."""
    rep = build({"base": "clean-2021", "drop_parts": ["problems"],
                 "meta": {"year": 2016, "format": "pre2019",
                          "title": "青岚县市场监督管理局2016年政府信息公开工作年度报告"}})
    result = sess.check(rep)
    assert "SEC002" not in codes(result)
    assert "SEC002" in {n.code for n in result.not_assessable}


def test_format_rules(sess):
    """mixed → SEC008; a format that does not fit the year → SEC009; unknown → not assessable."""
    assert codes(sess.check(build({"meta": {"format": "mixed"}}))) == ["SEC008"]
    assert codes(sess.check(build({"meta": {"format": "pre2019"}}))) == ["SEC009"]
    res = sess.check(build({"meta": {"format": "unknown"}, "drop_tables": ["t2", "t3", "t4"]}))
    assert "SEC009" not in codes(res)
    assert "SEC009" in {n.code for n in res.not_assessable}


def test_format_2019_fits_2020(sess):
    """A 2020 report in the 2019 trial format is fine."""
    rep = build({"meta": {"format": "2019", "year": 2020,
                          "title": "青岚县市场监督管理局2020年政府信息公开工作年度报告"},
                 "replace": [["统计期限为2023年1月1日至12月31日", "统计期限为2020年1月1日至12月31日"],
                             ["统计期限自2023年1月1日起至2023年12月31日止",
                              "统计期限自2020年1月1日起至2020年12月31日止"]]})
    assert "SEC009" not in codes(sess.check(rep))


def test_title_year_mismatch(sess):
    """A title naming another year than the report's is flagged with the corrected title."""
    res = sess.check(build({"meta": {"title": "青岚县市场监督管理局2022年政府信息公开工作年度报告"}}))
    f = [x for x in res.findings if x.code == "SEC010"]
    assert f and f[0].expected == "青岚县市场监督管理局2023年政府信息公开工作年度报告"


def test_period_year_mismatch_names_both(sess):
    """A period of the wrong year is an error stating the expected period."""
    res = sess.check(build({"replace": [["统计期限自2023年1月1日起至2023年12月31日止",
                                         "统计期限自2022年1月1日起至2022年12月31日止"]]}))
    f = [x for x in res.findings if x.code == "SEC012"]
    assert len(f) == 1 and "2022年1月1日" in f[0].actual and f[0].expected.startswith("2023年1月1日")


def test_subtopics_combined_heading(sess):
    """A sub-heading that joins two topics covers both."""
    rep = build({"replace": [["（四）政府信息公开平台建设", "（四）政府信息管理与平台建设"]]})
    assert "SEC007" not in codes(sess.check(rep))


def test_accountability_only_for_governments(sess):
    """SEC018 runs for a 人民政府, is not assessable for a 管委会, silent for a department."""
    cut = [["在工作考核、社会评议和责任追究方面，将政务公开工作纳入局内年度绩效考核，考核结果与评先评优挂钩；"
            "通过门户网站留言、12315热线等渠道收集社会公众对政务公开工作的意见建议，开展社会评议；"
            "本年度未发生因政府信息公开工作不到位而被追究责任的情况。", ""]]
    assert "SEC018" not in codes(sess.check(build({"replace": cut})))
    res = sess.check(build({"replace": cut, "meta": {"agency": "青岚县人民政府"}}))
    f = [x for x in res.findings if x.code == "SEC018"]
    assert len(f) == 1 and "工作考核" in f[0].message and "社会评议" in f[0].message
    res = sess.check(build({"replace": cut, "meta": {"agency": "青岚经济开发区管理委员会"}}))
    assert "SEC018" in {n.code for n in res.not_assessable}


def test_english_messages(sess):
    """Messages render in English too, with expected and actual."""
    s = Session({"select": ["required-sections"], "lang": "en"}, entry_points=False)
    res = s.check("fixtures/reports/seed-2023.json")
    msg = next(f.message for f in res.findings if f.code == "SEC005")
    assert "differs from the format's heading" in msg and "收到和处理政府信息公开申请情况" in msg
    assert msg[0].isupper() and "「" not in msg
