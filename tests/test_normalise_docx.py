"""DOCX renderer: document order, merged cells (horizontal and vertical), zip-bomb defence."""
from __future__ import annotations

import io
import sys
import zipfile

import pytest

docx = pytest.importorskip("docx", reason="python-docx is not installed (pip install 'gongkai[docx]')")

from checker.errors import InputError  # noqa: E402
from checker.readers import docx as docx_renderer  # noqa: E402
from checker.readers.docx import render  # noqa: E402

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
# (row, label column, text) for the data rows of a 2021-format T3, and the numbers per row.
T3_LABELS = [
    (3, 0, "一、本年新收政府信息公开申请数量"), (4, 0, "二、上年结转政府信息公开申请数量"),
    (5, 0, "三、本年度办理结果"), (5, 1, "（一）予以公开"),
    (6, 1, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    (7, 1, "（三）不予公开"), (7, 2, "1.属于国家秘密"), (8, 2, "2.其他法律行政法规禁止公开"),
    (9, 2, "3.危及“三安全一稳定”"), (10, 2, "4.保护第三方合法权益"), (11, 2, "5.属于三类内部事务信息"),
    (12, 2, "6.属于四类过程性信息"), (13, 2, "7.属于行政执法案卷"), (14, 2, "8.属于行政查询事项"),
    (15, 1, "（四）无法提供"), (15, 2, "1.本机关不掌握相关政府信息"),
    (16, 2, "2.没有现成信息需要另行制作"), (17, 2, "3.补正后申请内容仍不明确"),
    (18, 1, "（五）不予处理"), (18, 2, "1.信访举报投诉类申请"), (19, 2, "2.重复申请"),
    (20, 2, "3.要求提供公开出版物"), (21, 2, "4.无正当理由大量反复申请"),
    (22, 2, "5.要求行政机关确认或重新出具已获取信息"),
    (23, 1, "（六）其他处理"),
    (23, 2, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    (24, 2, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    (25, 2, "3.其他"), (26, 1, "（七）总计"), (27, 0, "四、结转下年度继续办理"),
]
T3_NUMBERS = {3: 63, 4: 3, 5: 14, 6: 15, 13: 2, 15: 34, 25: 1, 26: 66}
# merged areas: (top, left, bottom, right), 0-based inclusive
T3_MERGES = [
    (0, 0, 2, 2), (0, 3, 0, 9), (1, 3, 2, 3), (1, 4, 1, 8), (1, 9, 2, 9),
    (3, 0, 3, 2), (4, 0, 4, 2), (5, 0, 26, 0), (5, 1, 5, 2), (6, 1, 6, 2), (7, 1, 14, 1),
    (15, 1, 17, 1), (18, 1, 22, 1), (23, 1, 25, 1), (26, 1, 26, 2), (27, 0, 27, 2),
]


def build_report_docx() -> bytes:
    """A small 2021-format report with a T3 table built from merged cells."""
    document = docx.Document()
    document.core_properties.title = "某区人民政府办公室2023年政府信息公开工作年度报告"
    document.add_paragraph("某区人民政府办公室2023年政府信息公开工作年度报告")
    para = document.add_paragraph("本报告依据《条例》编制。")
    para.add_run().add_break()
    para.add_run("统计期限\t自2023年1月1日起。")
    document.add_paragraph("")
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    table = document.add_table(rows=28, cols=10)
    for top, left, bottom, right in T3_MERGES:
        table.cell(top, left).merge(table.cell(bottom, right))
    table.cell(0, 0).text = NOTE
    table.cell(0, 3).text = "申请人情况"
    table.cell(1, 3).text = "自然人"
    table.cell(1, 4).text = "法人或其他组织"
    table.cell(1, 9).text = "总计"
    for i, name in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
        table.cell(2, 4 + i).text = name
    for row, col, text in T3_LABELS:
        table.cell(row, col).text = text
    for row in range(3, 28):
        n = T3_NUMBERS.get(row, 0)
        for col, value in zip(range(3, 10), [n, 0, 0, 0, 0, 0, n]):
            table.cell(row, col).text = str(value)
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    t4 = document.add_table(rows=2, cols=3)
    t4.cell(0, 0).merge(t4.cell(0, 1))
    t4.cell(0, 0).text = "行政复议"
    t4.cell(0, 2).text = "行政诉讼"
    nested = t4.cell(1, 2).add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "内"
    nested.cell(0, 1).text = "表"
    t4.cell(1, 0).text = "2"
    t4.cell(1, 1).text = "0"
    document.add_paragraph("六、其他需要报告的事项")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def rendered():
    return render(build_report_docx())


def test_document_order_paragraphs_and_breaks(rendered) -> None:
    lines = rendered.text.split("\n")
    assert lines[:4] == ["某区人民政府办公室2023年政府信息公开工作年度报告", "本报告依据《条例》编制。",
                         "统计期限 自2023年1月1日起。", "三、收到和处理政府信息公开申请情况"]
    assert rendered.places[:4] == [{"paragraph": 1, "where": "第 1 段"},
                                   {"paragraph": 2, "where": "第 2 段"},
                                   {"paragraph": 2, "where": "第 2 段"},
                                   {"paragraph": 3, "where": "第 3 段"}]
    assert lines[-1] == "六、其他需要报告的事项"
    assert lines.index("四、政府信息公开行政复议、行政诉讼情况") == 4 + 28
    assert rendered.title == "某区人民政府办公室2023年政府信息公开工作年度报告"
    assert len(rendered.places) == len(lines)


def test_merged_cells_text_once_at_top_left(rendered) -> None:
    lines = rendered.text.split("\n")
    rows = lines[4:4 + 28]
    assert rows[0] == NOTE + "\t\t\t申请人情况" + "\t" * 6
    assert rows[1] == "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计"
    assert rows[2] == "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t"
    assert rows[3] == "一、本年新收政府信息公开申请数量\t\t\t63\t0\t0\t0\t0\t0\t63"
    assert rows[5] == "三、本年度办理结果\t（一）予以公开\t\t14\t0\t0\t0\t0\t0\t14"
    assert rows[6] == "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t\t15\t0\t0\t0\t0\t0\t15"
    assert rows[7] == "\t（三）不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0"
    assert rows[8] == "\t\t2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0"
    assert rows[15] == "\t（四）无法提供\t1.本机关不掌握相关政府信息\t34\t0\t0\t0\t0\t0\t34"
    assert rows[26] == "\t（七）总计\t\t66\t0\t0\t0\t0\t0\t66"
    assert rows[27] == "四、结转下年度继续办理\t\t\t0\t0\t0\t0\t0\t0\t0"
    assert all(len(r.split("\t")) == 10 for r in rows)
    assert rendered.places[4 + 5] == {"table": 1, "row": 6, "where": "表格 1，第 6 行"}


def test_nested_table_text_stays_in_its_cell(rendered) -> None:
    lines = rendered.text.split("\n")
    i = lines.index("四、政府信息公开行政复议、行政诉讼情况")
    assert lines[i + 1:i + 3] == ["行政复议\t\t行政诉讼", "2\t0\t内 表"]
    assert rendered.places[i + 2] == {"table": 2, "row": 2, "where": "表格 2，第 2 行"}


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


def test_zip_bomb_ratio_refused() -> None:
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<x/>",
                 "word/media/image1.bin": b"\0" * (30 * 1024 * 1024)})
    assert len(data) < 1024 * 1024
    with pytest.raises(InputError, match="zip bomb"):
        render(data)


def test_total_size_and_member_count_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    good = build_report_docx()
    monkeypatch.setattr(docx_renderer, "MAX_TOTAL_BYTES", 10_000)
    with pytest.raises(InputError, match="expand to"):
        render(good)
    monkeypatch.undo()
    monkeypatch.setattr(docx_renderer, "MAX_MEMBERS", 5)
    with pytest.raises(InputError, match="members"):
        render(good)


@pytest.mark.parametrize("data,message", [
    (b"", "corrupt"),
    (b"PK\x03\x04 this is not really a zip", "corrupt"),
    (b"%PDF-1.7 not a docx", "corrupt"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "legacy Word"),
])
def test_not_a_docx_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        render(data)


def test_zip_without_word_part_refused() -> None:
    with pytest.raises(InputError, match="not a DOCX"):
        render(_zip({"hello.txt": b"hi"}))


def test_truncated_and_damaged_docx_refused() -> None:
    good = build_report_docx()
    with pytest.raises(InputError):
        render(good[: len(good) // 2])
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["word/document.xml"] = b"<w:document><unclosed"
    with pytest.raises(InputError, match="DOCX"):
        render(_zip(members))


def test_missing_python_docx_gives_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(InputError) as info:
        render(b"PK\x03\x04")
    assert "gongkai[docx]" in str(info.value)


def test_end_to_end_t3_cells_from_docx(rendered) -> None:
    try:
        from checker.readers import normalise_text
    except ImportError:
        pytest.skip("checker.readers.normalise_text (the text normaliser) is not available yet")
    report = normalise_text(rendered.text, places=rendered.places, media_type=rendered.media_type,
                            title=rendered.title)
    t3 = report["tables"]["t3"]
    assert t3["new"]["tot"]["value"] == 63
    assert t3["r2"]["nat"]["value"] == 15
    assert t3["r7"]["tot"]["value"] == 66
    assert t3["r7"]["tot"]["loc"]["where"].startswith("表格 1，第 27 行")
    assert report["meta"]["title"] == "某区人民政府办公室2023年政府信息公开工作年度报告"
