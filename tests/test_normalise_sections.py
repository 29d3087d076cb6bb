"""Headings in every numbering style, false headings, and metadata fallbacks."""
from __future__ import annotations

import pytest

from checker.readers import normalise_text
from checker.readers.headings import classify
from checker.readers.meta import agency_of

TITLES = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
          "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"]
PARTS = ["overview", "proactive", "applications", "review_litigation", "problems", "other"]
NUMS = "一二三四五六"


def parts(text: str) -> list[tuple[str, str]]:
    return [(s["number"], s["part"]) for s in normalise_text(text)["sections"]
            if s["part"] != "preamble"]


@pytest.mark.parametrize("style", ["{n}、{t}", "（{n}）{t}", "({n}) {t}", "{d}. {t}", "## {n}、{t}"])
def test_numbering_styles(style):
    """Parts are found whatever the numbering style."""
    text = "\n".join(style.format(n=n, d=i + 1, t=t) + "\n正文。" for i, (n, t) in
                     enumerate(zip(NUMS, TITLES)))
    got = parts(text)
    assert [p for _n, p in got] == PARTS


def test_inline_headings_in_one_line_article():
    """Headings run together in one flattened line are found, with the title as written."""
    text = "前言。 " + "".join(f"{n}、{t}内容{i}。" for i, (n, t) in enumerate(zip(NUMS, TITLES)))
    rep = normalise_text(text)
    heads = [s["heading"] for s in rep["sections"] if s["part"] != "preamble"]
    assert heads == [f"{n}、{t}" for n, t in zip(NUMS, TITLES)]


def test_false_headings_are_not_parts():
    """一是… prose, T3 row labels and numbered table items never become parts."""
    text = "\n".join([
        "一、总体情况", "一是加强领导。", "二是完善制度。",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量", "三、本年度办理结果", "1.属于国家秘密",
        "四、结转下年度继续办理",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况", "一、加强培训", "二、完善机制",
        "六、其他需要报告的事项", "无。"])
    assert parts(text) == list(zip(NUMS, PARTS))


def test_preamble_list_is_not_the_parts():
    """A preamble listing the parts inline does not replace the real headings."""
    text = ("本报告包括：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况。\n"
            + "\n".join(f"{n}、{t}\n正文。" for n, t in zip(NUMS, TITLES)))
    rep = normalise_text(text)
    assert rep["sections"][0]["part"] == "preamble"
    assert rep["sections"][1]["loc"]["line"] == 2


@pytest.mark.parametrize("title,part", [
    ("概述", "overview"), ("基本情况", "overview"),
    ("行政机关主动公开政府信息情况", "proactive"),
    ("行政机关收到和处理政府信息公开申请情况", "applications"),
    ("收到的处理政府信息公开申请情况", "applications"),
    ("依申请公开政府信息情况", "applications"),
    ("因政府信息公开工作被申请行政复议、提起行政诉讼情况", "review_litigation"),
    ("因政府信息公开申请行政复议、提起行政诉讼的情况", "review_litigation"),
    ("政府信息公开工作存在的主要问题及改进情况", "problems"),
    ("存在的主要问题和改进措施", "problems"), ("存在问题及工作打算", "problems"),
    ("其他需要报告事项", "other"), ("政府信息公开的收费及减免情况", "unknown"),
])
def test_heading_variants(title, part):
    """Official, 条例, pre-2019 and typo wordings map onto their parts."""
    assert classify(title) == part


def test_meta_fallbacks():
    """Year from the period statement; agency before or after the year; crawler title."""
    rep = normalise_text("某某局信息公开工作报告\n统计期限自2021年1月1日至2021年12月31日。\n")
    assert rep["meta"]["year"] == 2021
    assert rep["meta"]["period"]["end"] == "2021-12-31"
    assert agency_of("2023年某某区政府信息公开工作年度报告") == "某某区"
    assert agency_of("某某区 2023 年度 政府信息公开工作年度报告") == "某某区"
    crawl = normalise_text("标题: 某某县教育局2022年政府信息公开工作年度报告\n发布时间: 2023-01-30 09:00\n"
                           "==================== 正文 ====================\n正文。时间：2022年05月13日\n")
    assert crawl["meta"]["title"] == "某某县教育局2022年政府信息公开工作年度报告"
    assert crawl["meta"]["published"] == "2023-01-30"
    given = normalise_text("正文。", title="某某局2020年政府信息公开工作年度报告", published="2021-01-31")
    assert given["meta"]["agency"] == "某某局"
    assert given["meta"]["published"] == "2021-01-31"


def test_empty_text():
    """Empty input gives an empty, valid report."""
    rep = normalise_text("")
    assert rep["sections"] == [] and rep["tables"] == {}
    assert rep["meta"]["format"] == "unknown"
