"""HTML renderer: browser-copy layout of tables, chrome removal, encodings, hostile input."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.errors import InputError
from checker.readers.tables.grid import Span, expand
from checker.readers.html import render
from checker.readers.htmlmeta import norm_date
from checker.readers.rendered import Rendered

RAW = Path(__file__).resolve().parent.parent / "fixtures" / "raw"
TITLE = "聊城经济技术开发区管理委员会2023年政府信息公开工作年度报告"
T = "\t"

# Exact rows of T3 (2021 format) as a browser copies them: three label columns, seven numbers.
T3_LINES = [
    "（本列数据的勾稽关系为：第一项加第二项之和， 等于第三项加第四项之和）\t\t\t申请人情况"
    + "\t" * 6,
    "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
    "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t",
    "一、本年新收政府信息公开申请数量\t\t\t63\t0\t0\t0\t0\t0\t63",
    "二、上年结转政府信息公开申请数量\t\t\t3\t0\t0\t0\t0\t0\t3",
    "三、本年度办理结果\t（一）予以公开\t\t14\t0\t0\t0\t0\t0\t14",
    "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t\t15\t0\t0\t0\t0\t0\t15",
    "\t（三）不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0",
    "\t\t2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0",
]
T3_LATER = [
    "\t\t7.属于行政执法案卷\t2\t0\t0\t0\t0\t0\t2",
    "\t（四）无法提供\t1.本机关不掌握相关政府信息\t34\t0\t0\t0\t0\t0\t34",
    "\t（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    "\t0\t0\t0\t0\t0\t0\t0",
    "\t\t3.其他\t1\t0\t0\t0\t0\t0\t1",
    "\t（七）总计\t\t66\t0\t0\t0\t0\t0\t66",
    "四、结转下年度继续办理\t\t\t0\t0\t0\t0\t0\t0\t0",
]
T4_LINES = [
    "行政复议" + T * 5 + "行政诉讼" + T * 9,
    "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t",
    "\t" * 5 + "\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2),
    "2\t0\t0\t0\t2\t1\t0\t0\t0\t1\t0\t0\t0\t0\t0",
]
T2_LINES = [
    "第二十条第（一）项\t\t\t",
    "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
    "规章\t0\t0\t0",
    "行政许可\t16770\t\t",
    "行政事业性收费\t24.448\t\t",
]
CHROME = ["字号", "打印", "关闭窗口", "关闭", "分享到", "当前位置", "您现在的位置", "网站首页",
          "互动交流", "网站标识码", "版权所有", "统计代码", "console.log", "站内搜索", "微博"]


def _render(name: str) -> Rendered:
    return render((RAW / name).read_bytes())


def _contiguous(lines: list[str], block: list[str]) -> bool:
    start = lines.index(block[0])
    return lines[start:start + len(block)] == block


@pytest.fixture(scope="module", params=["report_utf8_2023.html", "report_gbk_layout_2023.html"])
def page(request: pytest.FixtureRequest) -> Rendered:
    return _render(request.param)


def test_table_rows_are_tab_lines_with_cells_in_their_columns(page: Rendered) -> None:
    lines = page.text.split("\n")
    assert _contiguous(lines, T3_LINES)
    assert all(line in lines for line in T3_LATER)
    assert _contiguous(lines, T4_LINES)
    assert all(line in lines for line in T2_LINES)
    # every T3 data row has exactly 3 label columns + 7 numbers
    first = lines.index(T3_LINES[3])
    for line in lines[first:first + 25]:
        assert len(line.split("\t")) == 10, line


def test_places_for_rows_and_paragraphs(page: Rendered) -> None:
    lines = page.text.split("\n")
    assert len(page.places) == len(lines)
    row = lines.index(T3_LINES[5])
    assert page.places[row] == {"table": 2, "row": 6, "where": "表格 2，第 6 行"}
    assert page.places[lines.index(T4_LINES[3])] == {"table": 3, "row": 4, "where": "表格 3，第 4 行"}
    heading = lines.index("三、收到和处理政府信息公开申请情况")
    assert page.places[heading] is not None and page.places[heading]["where"].startswith("第 ")
    paragraphs = [p["where"] for p in page.places if p and "table" not in p and p["where"] != "标题"]
    assert paragraphs == [f"第 {n} 段" for n in range(1, len(paragraphs) + 1)]


def test_chrome_is_gone_and_article_kept(page: Rendered) -> None:
    for word in CHROME:
        assert word not in page.text, word
    lines = page.text.split("\n")
    assert lines[0] == TITLE
    for heading in ["一、总体情况", "二、主动公开政府信息情况", "六、其他需要报告的事项"]:
        assert heading in lines
    assert lines[-1] == "本年度政府信息公开未收取信息处理费。"


def test_br_splits_lines_and_word_runs_are_not_spaced(page: Rendered) -> None:
    lines = page.text.split("\n")
    i = lines.index("2023年通过门户网站主动公开信息4427条。")
    assert lines[i + 1] == "其中召开常务会议18次。"
    assert "6 3" not in page.text  # <span>6</span><span>3</span> stays "63"


def test_metadata_utf8() -> None:
    r = _render("report_utf8_2023.html")
    assert (r.title, r.published, r.encoding, r.media_type) == (
        TITLE, "2024-01-19", "utf-8", "text/html")


def test_metadata_gbk_declared_gb2312() -> None:
    r = _render("report_gbk_layout_2023.html")
    # the <title> carries a site suffix; the report part is kept
    assert (r.title, r.published, r.encoding) == (TITLE, "2024-01-20", "gb18030")


def test_gbk_without_declared_charset_is_detected() -> None:
    data = (RAW / "report_gbk_layout_2023.html").read_bytes()
    data = data.replace(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', b"")
    assert b"charset" not in data
    r = render(data)
    assert r.encoding == "gb18030"
    assert T3_LINES[5] in r.text.split("\n")


def test_bom_and_published_in_text() -> None:
    html = ("<html><head><title>某局2022年政府信息公开工作年度报告</title></head><body>"
            "<p>发布时间：2023年1月30日</p><p>一、总体情况</p></body></html>")
    r = render(b"\xef\xbb\xbf" + html.encode("utf-8"))
    assert r.encoding == "utf-8" and r.published == "2023-01-30"
    assert r.text.split("\n")[0] == "某局2022年政府信息公开工作年度报告"


@pytest.mark.parametrize("value,expected", [
    ("2024-01-19 09:30", "2024-01-19"), ("2024-1-5", "2024-01-05"), ("2024年01月05日", "2024-01-05"),
    ("2024/12/31", "2024-12-31"), ("20240120", "2024-01-20"), ("2024-13-01", None), ("soon", None),
])
def test_norm_date(value: str, expected: str | None) -> None:
    assert norm_date(value) == expected


def test_grid_expand_rowspan_colspan() -> None:
    rows = [[Span("a", 2, 1), Span("b", 1, 2)], [Span("c"), Span("d")], [Span("e", 0, 1), Span("f")],
            [Span("g")]]
    assert expand(rows) == [["a", "b", ""], ["", "c", "d"], ["e", "f"], ["", "g"]]


def test_span_bomb_is_bounded() -> None:
    html = "<table>" + "<tr><td rowspan=65534 colspan=1000>x</td><td>y</td></tr>" * 300 + "</table>"
    started = time.perf_counter()
    r = render(html.encode())
    assert time.perf_counter() - started < 5
    assert all(len(line.split("\t")) <= 256 for line in r.text.split("\n"))


def test_nested_table_bomb_does_not_blow_the_stack() -> None:
    depth = 20_000
    html = "<body>" + "<table><tr><td>层" * depth + "核心" + "</td></tr></table>" * depth + "</body>"
    started = time.perf_counter()
    r = render(html.encode())
    assert time.perf_counter() - started < 10
    assert "核心" in r.text


def test_deeply_nested_blocks_refused_quickly() -> None:
    started = time.perf_counter()
    with pytest.raises(InputError, match="嵌套过深"):
        render(("<div>" * 50_000 + "x").encode())
    assert time.perf_counter() - started < 2


def test_layout_table_with_nested_data_table() -> None:
    html = ("<table><tr><td><p>一、总体情况</p><p>正文。</p>"
            "<table><tr><td rowspan=2>甲</td><td>1</td></tr><tr><td>2</td></tr></table>"
            "</td></tr></table>")
    r = render(html.encode())
    assert r.text.split("\n") == ["一、总体情况", "正文。", "甲\t1", "\t2"]
    assert r.places[2] == {"table": 1, "row": 1, "where": "表格 1，第 1 行"}


@pytest.mark.parametrize("data", [b"", b"   \n ", b"\x00" * 10])
def test_empty_input_refused(data: bytes) -> None:
    if data.strip():
        assert isinstance(render(data), Rendered)
    else:
        with pytest.raises(InputError):
            render(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=400), st.text(
    alphabet=st.sampled_from(list("<>/=\"' tabledrhspncoly123字号大中小\t\n")), max_size=400
).map(str.encode)))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    try:
        r = render(data)
    except InputError:
        return
    assert len(r.places) == len(r.text.split("\n")) or r.text == ""


def test_end_to_end_t3_cells_from_html(page: Rendered) -> None:
    try:
        from checker.readers import normalise_text
    except ImportError:
        pytest.skip("checker.readers.normalise_text (the text normaliser) is not available yet")
    report = normalise_text(page.text, places=page.places, media_type=page.media_type,
                            title=page.title, published=page.published)
    t3, t4 = report["tables"]["t3"], report["tables"]["t4"]
    assert t3["new"]["tot"]["value"] == 63
    assert t3["r4_1"]["nat"]["value"] == 34
    assert t3["r7"]["tot"]["value"] == 66
    assert t3["r7"]["tot"]["loc"]["where"].startswith("表格 2，第 27 行")
    assert (t4["rev"]["total"]["value"], t4["lit_dir"]["total"]["value"]) == (2, 1)
    assert report["tables"]["t2"]["license"]["decisions"]["value"] == 16770
    assert report["meta"]["published"] == page.published


def test_hidden_elements_and_class_chrome_skipped() -> None:
    html = ("<body><div style='display: none'>隐藏的元数据</div><p hidden>也隐藏</p>"
            "<div class='share-bar'>分享到微信</div><ul class='subnav'><li>栏目</li></ul>"
            "<p>一、总体情况</p></body>")
    assert render(html.encode()).text == "一、总体情况"
