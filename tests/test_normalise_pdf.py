"""PDF renderer: ruled tables as TAB rows with page places, running headers, refusals.

Building test PDFs needs a CJK font (Debian: ``apt-get install -y fonts-wqy-microhei`` or
``fonts-noto-cjk``; or set GONGKAI_CJK_FONT); tests that need one skip with that message.
"""
from __future__ import annotations

import glob
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2", reason="pypdfium2 is not installed (pip install 'gongkai[pdf]')")
fpdf = pytest.importorskip("fpdf", reason="fpdf2 is not installed (needed to build test PDFs)")

from checker.errors import InputError  # noqa: E402
from checker.readers.pdf import read as pdf_renderer  # noqa: E402
from checker.readers.pdf.read import NO_TEXT, NO_UNICODE, render  # noqa: E402

HEADER = "某区人民政府办公室2023年政府信息公开工作年度报告"
PROSE = ("2023年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化政务公开，"
         "不断提升政府信息公开质量和实效，全年主动公开政府信息4427条，办理依申请公开63件，"
         "各项工作取得明显成效。")
NUMS = {"new": [63, 0, 0, 0, 0, 0, 63], "r1": [14, 0, 0, 0, 0, 0, 14]}


def _find_cjk_font() -> str | None:
    env = os.environ.get("GONGKAI_CJK_FONT")
    if env and Path(env).is_file():
        return env
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True,
                             timeout=10, check=False).stdout
        files = sorted(x.split(":")[0].strip() for x in out.splitlines() if x.strip())
        files = [f for f in files if f.lower().endswith((".ttf", ".ttc", ".otf"))]
        if files:
            return files[0]
    hits = [h for pattern in ("wqy*", "*[Nn]oto*CJK*", "*[Dd]roid*[Ff]allback*")
            for h in glob.glob(f"/usr/share/fonts/**/{pattern}.tt[fc]", recursive=True)]
    return sorted(hits)[0] if hits else None


FONT = _find_cjk_font()
needs_font = pytest.mark.skipif(
    FONT is None, reason="no CJK font installed: apt-get install -y fonts-wqy-microhei "
                         "(or fonts-noto-cjk), or set GONGKAI_CJK_FONT")


def _pdf(font: str | None = FONT) -> "fpdf.FPDF":
    class Report(fpdf.FPDF):
        def header(self) -> None:
            self.set_font("cjk", size=9)
            self.cell(0, 6, HEADER, align="C")
            self.ln(10)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("cjk", size=9)
            self.cell(0, 6, f"第 {self.page_no()} 页 共 {{nb}} 页", align="C")

    doc = Report()
    doc.add_font("cjk", fname=font)
    doc.set_font("cjk", size=10.5)
    return doc


def _para(doc: "fpdf.FPDF", text: str, h: float = 6) -> None:
    doc.multi_cell(0, h, text, new_x="LMARGIN", new_y="NEXT")


def build_report_pdf() -> bytes:
    """3 pages: prose + ruled T3 (merged cells); ruled T4; a table without ruling lines."""
    doc = _pdf()
    doc.add_page()
    _para(doc, "一、总体情况")
    _para(doc, "　　" + PROSE)
    _para(doc, "三、收到和处理政府信息公开申请情况")
    with doc.table(col_widths=(30, 25, 40, 12, 12, 12, 12, 12, 12, 12), line_height=5,
                   first_row_as_headings=False) as table:
        row = table.row()
        row.cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", colspan=3,
                 rowspan=3)
        row.cell("申请人情况", colspan=7)
        row = table.row()
        row.cell("自然人", rowspan=2)
        row.cell("法人或其他组织", colspan=5)
        row.cell("总计", rowspan=2)
        row = table.row()
        for name in ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]:
            row.cell(name)
        row = table.row()
        row.cell("一、本年新收政府信息公开申请数量", colspan=3)
        for v in NUMS["new"]:
            row.cell(str(v))
        row = table.row()
        row.cell("三、本年度办理结果", rowspan=3)
        row.cell("（一）予以公开", colspan=2)
        for v in NUMS["r1"]:
            row.cell(str(v))
        row = table.row()
        row.cell("（三）不予公开", rowspan=2)
        row.cell("1.属于国家秘密")
        for _ in range(7):
            row.cell("0")
        row = table.row()
        row.cell("2.其他法律行政法规禁止公开")
        for _ in range(7):
            row.cell("0")
    _para(doc, "以上数据统计期限自2023年1月1日至12月31日。")
    doc.add_page()
    _para(doc, "四、政府信息公开行政复议、行政诉讼情况")
    with doc.table(line_height=6, first_row_as_headings=False) as table:
        row = table.row()
        row.cell("行政复议", colspan=2)
        row.cell("行政诉讼", colspan=2)
        row = table.row()
        for v in ["2", "0", "1", "0"]:
            row.cell(v)
    doc.add_page()
    _para(doc, "附：各单位办理情况")
    for name, a, b, c in [("办公室", 12, 3, 15), ("财政局", 7, 1, 8), ("自然资源局", 30, 2, 32),
                          ("教育局", 4, 0, 4)]:
        doc.cell(60, 7, name)
        doc.cell(30, 7, str(a))
        doc.cell(30, 7, str(b))
        doc.cell(30, 7, str(c), new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


@pytest.fixture(scope="module")
def rendered():
    if FONT is None:
        pytest.skip("no CJK font installed: apt-get install -y fonts-wqy-microhei")
    return render(build_report_pdf())


@needs_font
def test_ruled_table_rows_tab_separated_in_order(rendered) -> None:
    lines = rendered.text.split("\n")
    i = lines.index("三、收到和处理政府信息公开申请情况")
    assert lines[i + 1:i + 8] == [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况" + "\t" * 6,
        "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
        "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t",
        "一、本年新收政府信息公开申请数量\t\t\t63\t0\t0\t0\t0\t0\t63",
        "三、本年度办理结果\t（一）予以公开\t\t14\t0\t0\t0\t0\t0\t14",
        "\t（三）不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0",
        "\t\t2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0",
    ]
    assert lines[i + 8] == "以上数据统计期限自2023年1月1日至12月31日。"
    assert rendered.places[i + 4] == {"page": 1, "table": 1, "row": 4,
                                      "where": "第 1 页，表格 1，第 4 行"}
    assert rendered.places[i] == {"page": 1, "where": "第 1 页"}


@needs_font
def test_second_page_table_and_places(rendered) -> None:
    lines = rendered.text.split("\n")
    i = lines.index("四、政府信息公开行政复议、行政诉讼情况")
    assert lines[i + 1:i + 3] == ["行政复议\t\t行政诉讼\t", "2\t0\t1\t0"]
    assert rendered.places[i + 2] == {"page": 2, "table": 2, "row": 2,
                                      "where": "第 2 页，表格 2，第 2 行"}
    assert len(rendered.places) == len(lines)


@needs_font
def test_table_without_ruling_lines_found_by_alignment(rendered) -> None:
    lines = rendered.text.split("\n")
    i = lines.index("附：各单位办理情况")
    assert lines[i + 1:i + 5] == ["办公室\t12\t3\t15", "财政局\t7\t1\t8", "自然资源局\t30\t2\t32",
                                  "教育局\t4\t0\t4"]
    assert rendered.places[i + 1]["page"] == 3 and rendered.places[i + 1]["table"] == 3


@needs_font
def test_headers_page_numbers_dropped_and_wrapped_prose_joined(rendered) -> None:
    assert HEADER not in rendered.text
    assert "页 共" not in rendered.text
    lines = rendered.text.split("\n")
    assert lines[:2] == ["一、总体情况", PROSE]  # the paragraph wraps over 3 lines in the PDF


@needs_font
def test_page_budget_and_page_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    data = build_report_pdf()
    monkeypatch.setattr(pdf_renderer, "PAGE_BUDGET", 1)
    first = render(data)
    assert {p["page"] for p in first.places if p} == {1}
    monkeypatch.setattr(pdf_renderer, "MAX_PAGES", 2)
    with pytest.raises(InputError, match="3 pages"):
        render(data)


def test_image_only_pdf_refused() -> None:
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(image, format="PNG")
    doc = fpdf.FPDF()
    doc.add_page()
    doc.image(image, x=10, y=10, w=180)
    with pytest.raises(InputError) as info:
        render(bytes(doc.output()))
    assert str(info.value) == NO_TEXT
    assert "没有文字层" in NO_TEXT and "no text layer" in NO_TEXT


@needs_font
def test_encrypted_and_damaged_pdf_refused() -> None:
    doc = _pdf()
    doc.set_encryption(owner_password="owner", user_password="secret")
    doc.add_page()
    _para(doc, "机密")
    with pytest.raises(InputError, match="PDF"):
        render(bytes(doc.output()))
    good = build_report_pdf()
    with pytest.raises(InputError, match="PDF"):
        render(good[: len(good) // 3])


@pytest.mark.parametrize("data", [b"", b"hello", b"PK\x03\x04", b"%PDF-1.7\n%%EOF",
                                  b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>"])
def test_not_a_pdf_refused(data: bytes) -> None:
    with pytest.raises(InputError):
        render(data)


def test_missing_pypdfium2_gives_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    monkeypatch.delitem(sys.modules, "checker.readers.pdf.geometry", raising=False)
    with pytest.raises(InputError) as info:
        render(b"%PDF-1.7")
    assert "gongkai[pdf]" in str(info.value)


T3_ROWS = [  # label cells (text, rowspan, colspan) and the total; every other number is 0
    ([("一、本年新收政府信息公开申请数量", 1, 3)], 63), ([("二、上年结转政府信息公开申请数量", 1, 3)], 3),
    ([("三、本年度办理结果", 22, 1), ("（一）予以公开", 1, 2)], 14),
    ([("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2)], 15),
    ([("（三）不予公开", 8, 1), ("1.属于国家秘密", 1, 1)], 0),
    *[([(label, 1, 1)], 2 if label.startswith("7") else 0) for label in [
        "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
        "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"]],
    ([("（四）无法提供", 3, 1), ("1.本机关不掌握相关政府信息", 1, 1)], 34),
    ([("2.没有现成信息需要另行制作", 1, 1)], 0), ([("3.补正后申请内容仍不明确", 1, 1)], 0),
    ([("（五）不予处理", 5, 1), ("1.信访举报投诉类申请", 1, 1)], 0),
    *[([(label, 1, 1)], 0) for label in ["2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
                                         "5.要求行政机关确认或重新出具已获取信息"]],
    ([("（六）其他处理", 3, 1), ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 1, 1)], 0),
    ([("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 1, 1)], 0),
    ([("3.其他", 1, 1)], 1), ([("（七）总计", 1, 2)], 66), ([("四、结转下年度继续办理", 1, 3)], 0),
]


def build_full_t3_pdf() -> bytes:
    doc = _pdf()
    doc.set_font("cjk", size=8)
    doc.add_page()
    _para(doc, HEADER)
    _para(doc, "三、收到和处理政府信息公开申请情况")
    with doc.table(col_widths=(22, 22, 50, 12, 12, 12, 12, 12, 12, 12), line_height=4,
                   first_row_as_headings=False) as table:
        row = table.row()
        row.cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", colspan=3,
                 rowspan=3)
        row.cell("申请人情况", colspan=7)
        row = table.row()
        row.cell("自然人", rowspan=2)
        row.cell("法人或其他组织", colspan=5)
        row.cell("总计", rowspan=2)
        row = table.row()
        for name in ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]:
            row.cell(name)
        for labels, total in T3_ROWS:
            row = table.row()
            for text, rowspan, colspan in labels:
                row.cell(text, rowspan=rowspan, colspan=colspan)
            for v in [total, 0, 0, 0, 0, 0, total]:
                row.cell(str(v))
    _para(doc, "四、政府信息公开行政复议、行政诉讼情况")
    return bytes(doc.output())


@needs_font
def test_end_to_end_t3_cells_from_pdf() -> None:
    try:
        from checker.readers import normalise_text
    except ImportError:
        pytest.skip("checker.readers.normalise_text (the text normaliser) is not available yet")
    r = render(build_full_t3_pdf())
    report = normalise_text(r.text, places=r.places, media_type=r.media_type, title=r.title)
    t3 = report["tables"]["t3"]
    assert t3["new"]["tot"]["value"] == 63
    assert t3["r3_7"]["nat"]["value"] == 2
    assert t3["r4_1"]["tot"]["value"] == 34
    assert t3["r7"]["tot"]["value"] == 66
    assert t3["r7"]["tot"]["loc"]["page"] == 1
    assert t3["r7"]["tot"]["loc"]["where"].startswith("第 1 页，表格 1，")


@needs_font
def test_text_without_unicode_mapping_refused() -> None:
    """A font whose ToUnicode map is gone: PDFium flags every character, the PDF is refused."""
    doc = _pdf()
    doc.add_page()
    _para(doc, "三、收到和处理政府信息公开申请情况 " + PROSE)
    data = bytes(doc.output())
    assert data.count(b"/ToUnicode") == 1
    broken = data.replace(b"/ToUnicode", b"/ToUnicodX")  # same length: offsets stay valid
    assert "收到和处理" in render(data).text
    with pytest.raises(InputError) as info:
        render(broken)
    assert str(info.value) == NO_UNICODE
    assert "Unicode" in NO_UNICODE and "字符映射" in NO_UNICODE


def _mm(value: float) -> float:
    return value * 72 / 25.4


def test_page_geometry_characters_and_ruling_lines() -> None:
    """Characters and ruling lines come out where fpdf2 put them (points, top-left origin);
    white lines, shading and white boxes behind text are not ruling lines."""
    from checker.readers.pdf.geometry import Document

    doc = fpdf.FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=12)
    doc.set_line_width(0.2)
    doc.line(20, 50, 120, 50)
    doc.line(20, 50, 20, 90)
    doc.set_fill_color(0, 0, 0)
    doc.rect(30, 100, 80, 0.5, style="F")  # a border drawn as a thin filled rectangle
    doc.set_fill_color(255, 255, 255)
    doc.rect(30, 120, 80, 20, style="F")  # a white box behind a paragraph
    doc.set_fill_color(200, 200, 255)
    doc.rect(30, 150, 80, 20, style="F")  # cell shading
    doc.set_draw_color(255, 255, 255)
    doc.line(20, 180, 120, 180)  # an invisible line
    doc.text(20, 40, "Hi")
    page = Document(bytes(doc.output())).read(0)
    assert round(page.width, 1) == round(_mm(210), 1) and round(page.height, 1) == round(_mm(297), 1)
    got = sorted((e.orient, round(e.pos, 1), round(e.start, 1), round(e.end, 1)) for e in page.edges)
    want = sorted([("h", round(_mm(50), 1), round(_mm(20), 1), round(_mm(120), 1)),
                   ("v", round(_mm(20), 1), round(_mm(50), 1), round(_mm(90), 1)),
                   ("h", round(_mm(100.25), 1), round(_mm(30), 1), round(_mm(110), 1))])
    assert len(got) == 3
    for (o1, p1, *ends1), (o2, p2, *ends2) in zip(got, want):  # a stroked line's ends may
        assert o1 == o2 and abs(p1 - p2) <= 0.1, (got, want)  # include half its width (0.6 pt)
        assert all(abs(x - y) <= 0.7 for x, y in zip(ends1, ends2)), (got, want)
    h, i = page.chars
    assert (h.text, i.text) == ("H", "i")
    assert abs(h.x0 - _mm(20)) < 1 and h.x1 <= i.x0 + 0.01
    assert h.top < _mm(40) < h.bottom and h.top == i.top  # loose boxes: one line, one top
    assert page.unmapped == 0


def test_white_boxes_behind_prose_do_not_make_a_table() -> None:
    """Exporters that put a white filled box behind every line (js-018.pdf) leave prose as
    prose; before, the boxes' edges made the page a grid of cells."""
    doc = fpdf.FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=11)
    words = "Open government information is published on the portal every working day"
    for k in range(8):
        doc.set_fill_color(255, 255, 255)
        doc.rect(20, 30 + 8 * k, 170, 8, style="F")
        doc.text(22, 36 + 8 * k, f"{words} {k}.")
    text = render(bytes(doc.output())).text
    assert text == " ".join(f"{words} {k}." for k in range(8))  # one paragraph, no cells


def test_grid_drawn_as_one_filled_path_of_thin_rectangles() -> None:
    """Some exporters draw a whole table's borders as one filled path of thin rectangles."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    xs, ys = (20, 70, 120, 170), (30, 40, 50)
    doc = fpdf.FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=10)
    cells = [["Office", "12", "15"], ["Finance", "7", "8"]]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            doc.text(xs[c] + 2, ys[r] + 7, text)
    pdf = pdfium.PdfDocument(bytes(doc.output()))
    page = pdf[0]
    height = page.get_height()
    half = 0.25

    def rect(path: ctypes.c_void_p, x0: float, top: float, x1: float, bottom: float) -> None:
        pdfium_c.FPDFPath_MoveTo(path, x0, height - top)
        for x, y in ((x1, top), (x1, bottom), (x0, bottom)):
            pdfium_c.FPDFPath_LineTo(path, x, height - y)
        pdfium_c.FPDFPath_Close(path)

    path = pdfium_c.FPDFPageObj_CreateNewPath(_mm(xs[0]), height - _mm(ys[0]) + half)
    for y in ys:
        rect(path, _mm(xs[0]), _mm(y) - half, _mm(xs[-1]), _mm(y) + half)
    for x in xs:
        rect(path, _mm(x) - half, _mm(ys[0]), _mm(x) + half, _mm(ys[-1]))
    pdfium_c.FPDFPath_SetDrawMode(path, pdfium_c.FPDF_FILLMODE_WINDING, False)
    pdfium_c.FPDFPageObj_SetFillColor(path, 0, 0, 0, 255)
    pdfium_c.FPDFPage_InsertObject(page.raw, path)
    assert pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    rendered = render(out.getvalue())
    assert rendered.text.split("\n") == ["\t".join(row) for row in cells]
    assert rendered.places[1] == {"page": 1, "table": 1, "row": 2,
                                  "where": "第 1 页，表格 1，第 2 行"}


def _landscape_report() -> bytes:
    doc = _pdf()
    doc.add_page(orientation="L")
    _para(doc, "四、政府信息公开行政复议、行政诉讼情况")
    with doc.table(line_height=6, first_row_as_headings=False) as table:
        row = table.row()
        row.cell("行政复议", colspan=2)
        row.cell("行政诉讼", colspan=2)
        row = table.row()
        for v in ["2", "0", "1", "0"]:
            row.cell(v)
    return bytes(doc.output())


@needs_font
@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_page_drawn_through_a_form_xobject(rotation: int) -> None:
    """A landscape page placed, turned, as a Form XObject on a page with /Rotate (how some
    tools produce landscape tables) reads as the landscape page does: form matrices and the
    page rotation are both applied to characters and ruling lines."""
    import pypdfium2 as pdfium

    data = _landscape_report()
    src = pdfium.PdfDocument(data)
    dst = pdfium.PdfDocument.new()
    width, height = src[0].get_size()
    turned = {90: ((0, 1, -1, 0, height, 0), (height, width)),  # anticlockwise a quarter
              180: ((-1, 0, 0, -1, width, height), (width, height)),
              270: ((0, -1, 1, 0, 0, width), (height, width))}  # clockwise a quarter
    matrix, size = turned[rotation]
    page = dst.new_page(*size)
    form = src.page_as_xobject(0, dst).as_pageobject()
    form.transform(pdfium.PdfMatrix(*matrix))
    page.insert_obj(form)
    page.gen_content()
    page.set_rotation(rotation)  # shown turned back: upright again
    out = io.BytesIO()
    dst.save(out)
    expected = render(data).text
    assert expected.split("\n")[-2:] == ["行政复议\t\t行政诉讼\t", "2\t0\t1\t0"]
    assert render(out.getvalue()).text == expected


def build_long_report_pdf(pages: int = 4) -> bytes:
    """A report whose T3 breaks over two pages, with a "- n -" footer and running header."""
    class Report(fpdf.FPDF):
        def header(self) -> None:
            self.set_font("cjk", size=9)
            self.cell(0, 6, HEADER, align="C")
            self.ln(10)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("cjk", size=9)
            self.cell(0, 6, f"- {self.page_no()} -", align="C")

    doc = Report()
    doc.add_font("cjk", fname=FONT)
    doc.set_font("cjk", size=10.5)
    doc.add_page()
    _para(doc, "一、总体情况")
    for _ in range(9):
        _para(doc, "　　" + PROSE)
    _para(doc, "三、收到和处理政府信息公开申请情况")
    with doc.table(col_widths=(22, 22, 50, 12, 12, 12, 12, 12, 12, 12), line_height=6,
                   first_row_as_headings=False) as table:
        row = table.row()
        for name in ["", "", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构",
                     "其他", "总计"]:
            row.cell(name)
        for labels, total in T3_ROWS:
            row = table.row()
            for text, _rowspan, colspan in labels:  # no row spans: fpdf2 keeps those on a page
                row.cell(text, colspan=colspan + (1 if len(labels) == 1 and colspan < 3 else 0))
            for v in [total, 0, 0, 0, 0, 0, total]:
                row.cell(str(v))
    while doc.page_no() < pages:
        doc.add_page()
        _para(doc, "　　" + PROSE)
    _para(doc, "四、政府信息公开行政复议、行政诉讼情况")
    return bytes(doc.output())


@needs_font
def test_table_over_two_pages_with_page_numbers_in_locations() -> None:
    from checker.readers import normalise_text

    r = render(build_long_report_pdf())
    tab_pages = sorted({p["page"] for p in r.places if p and "table" in p})
    assert len(tab_pages) == 2, tab_pages  # the table really breaks over a page
    report = normalise_text(r.text, places=r.places, media_type=r.media_type, title=r.title)
    t3 = report["tables"]["t3"]
    for (labels, total), key in zip(T3_ROWS, ["new", "cin"]):
        assert t3[key]["tot"]["value"] == total
    assert t3["r4_1"]["tot"]["value"] == 34 and t3["r7"]["tot"]["value"] == 66
    assert t3["r7"]["nat"]["value"] == 66 and t3["cout"]["tot"]["value"] == 0
    first = t3["new"]["tot"]["loc"]
    last = t3["cout"]["tot"]["loc"]
    assert first["page"] == tab_pages[0] and last["page"] == tab_pages[1]
    assert last["where"].startswith(f"第 {tab_pages[1]} 页，表格 ")
    assert HEADER not in r.text  # running header, 4 pages
    assert not any(line.strip("- ").isdigit() for line in r.text.split("\n"))  # "- n -" footers


@needs_font
def test_encrypted_pdf_message() -> None:
    doc = _pdf()
    doc.set_encryption(owner_password="owner", user_password="secret")
    doc.add_page()
    _para(doc, "机密")
    with pytest.raises(InputError) as info:
        render(bytes(doc.output()))
    assert str(info.value) == pdf_renderer.ENCRYPTED


@needs_font
def test_owner_password_only_is_read() -> None:
    """Permissions without a user password do not stop reading (a viewer opens it too)."""
    doc = _pdf()
    doc.set_encryption(owner_password="owner")
    doc.add_page()
    _para(doc, "一、总体情况")
    assert render(bytes(doc.output())).text.split("\n")[-1] == "一、总体情况"


@needs_font
def test_renders_from_threads_agree() -> None:
    """PDFium is not thread-safe; the reader serialises its calls, so threads (a Dask worker,
    a web service) get the same result as one at a time."""
    from concurrent.futures import ThreadPoolExecutor

    data = build_report_pdf()
    expected = render(data).text
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: render(data).text, range(8)))
    assert results == [expected] * 8


REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real2"


@pytest.mark.skipif(not (REAL / "js-018.pdf").is_file(), reason="../shared/corpus/real2 not here")
def test_real_report_js018_table_3() -> None:
    """A published PDF (Word export): T3 over two pages, a vertical-writing merged cell, white
    boxes behind the prose, tables left open at the page break."""
    import json

    from checker.readers import normalise_bytes

    truth = next(t for t in json.loads((REAL / "truth.json").read_text(encoding="utf-8"))
                 if t["file"] == "js-018.pdf")
    report = normalise_bytes((REAL / "js-018.pdf").read_bytes(), path="js-018.pdf")
    t3 = report["tables"]["t3"]
    for row, cells in truth["t3"].items():
        for col, value in cells.items():
            assert t3[row][col]["value"] == value, (row, col)
    rendered = render((REAL / "js-018.pdf").read_bytes())
    lines = rendered.text.split("\n")
    assert "三、本年度办理结果\t（一）予以公开\t\t0\t0\t0\t0\t0\t0\t0" in lines
    assert "\t\t2.没有现成信息需要另行制作\t3\t0\t0\t0\t0\t0\t3" in lines
    assert "10\t1\t0\t0\t0\t0\t0\t0\t0\t0\t5\t0\t0\t0\t0" in lines  # T4 as printed
    assert not any("\t" in line and "审核" in line for line in lines)  # prose is not a table


def test_aligned_table_touching_page_top() -> None:
    """The text-alignment region around numeric lines is clamped to the page (it used to be
    refused as an unreadable PDF when a line's box reached above the page)."""
    doc = fpdf.FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=10)
    names = ["Office", "Finance", "Education", "Health"]
    for r, name in enumerate(names):
        y = 2 + 7 * r
        for x, text in ((20, name), (80, str(r * 7)), (110, str(r)), (140, str(r + 3))):
            doc.text(x, y, text)
    lines = render(bytes(doc.output())).text.split("\n")
    assert lines == [f"{name}\t{r * 7}\t{r}\t{r + 3}" for r, name in enumerate(names)]


@needs_font
def test_damaged_copies_are_read_or_refused_never_crash() -> None:
    """Bytes flipped anywhere in a report PDF (seeded): the reader returns text or refuses
    with InputError, nothing else escapes."""
    import random

    good = build_report_pdf()
    rng = random.Random(13)
    outcomes = {"read": 0, "refused": 0}
    for _ in range(40):
        data = bytearray(good)
        for _ in range(rng.choice((1, 8, 64))):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            rendered = render(bytes(data))
        except InputError:
            outcomes["refused"] += 1
        else:
            assert len(rendered.places) == len(rendered.text.split("\n"))
            outcomes["read"] += 1
    assert outcomes["read"] > 0


def test_pdf_without_pages_refused_with_a_reason() -> None:
    """PDFium will not open a document without pages; the message says why, not "Success"."""
    import pypdfium2 as pdfium

    out = io.BytesIO()
    pdfium.PdfDocument.new().save(out)
    with pytest.raises(InputError) as info:
        render(out.getvalue())
    assert str(info.value).startswith("无法读取 PDF / cannot read the PDF file: it is ")
    assert "Success" not in str(info.value)
    with pytest.raises(InputError, match="not in PDF format"):
        render(b"%PDF-1.7\n" + bytes(range(256)) * 4)
