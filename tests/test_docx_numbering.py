"""Word's automatic numbering (numbering.xml) is read as the numbers a reader sees."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

docx = pytest.importorskip("docx",
                           reason="python-docx is not installed (pip install 'gongkai[docx]')")

from checker.api import Session  # noqa: E402
from checker.readers.docx import render  # noqa: E402
from checker.readers.numbering import format_number  # noqa: E402
from tests.wordnumbering import add_numbering, number, numbered_seed_docx  # noqa: E402

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "raw" / "seed-2023.txt"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.mark.parametrize("n,fmt,want", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCounting", "二十"), (21, "chineseCountingThousand", "二十一"),
    (105, "chineseCounting", "一百零五"), (3, "chineseLegalSimplified", "叁"),
    (1, "ideographTraditional", "甲"), (11, "ideographTraditional", "甲"),
    (2, "ideographZodiac", "丑"), (3, "decimalEnclosedCircle", "③"), (12, "decimal", "12"),
    (4, "upperRoman", "IV"), (9, "lowerRoman", "ix"), (27, "lowerLetter", "aa"),
    (2, "upperLetter", "B"), (7, "decimalZero", "07"), (5, "decimalFullWidth", "５"),
    (2, "decimalEnclosedParen", "⑵"), (1, "bullet", ""),
])
def test_number_formats(n: int, fmt: str, want: str) -> None:
    assert format_number(n, fmt) == want


def _lines(document: object) -> list[str]:
    buf = io.BytesIO()
    document.save(buf)  # type: ignore[attr-defined]
    return render(buf.getvalue()).text.split("\n")


def test_seed_with_word_numbered_headings_has_all_six_parts(tmp_path: Path) -> None:
    """The six part headings and the sub-topics numbered by Word: no part missing."""
    path = tmp_path / "numbered.docx"
    numbered_seed_docx(SEED.read_text(encoding="utf-8"), path)
    raw = docx.Document(str(path))
    assert not any(p.text.startswith(("一、", "六、")) for p in raw.paragraphs)  # not typed
    session = Session({"lang": "zh"}, entry_points=False)
    report = session.read(str(path))
    parts = [s["part"] for s in report["sections"]]
    assert parts == ["preamble", "overview", "proactive", "applications", "review_litigation",
                     "problems", "other"]
    lines = report["text"].split("\n")
    assert "一、总体情况" in lines and "（二）依申请公开" in lines
    assert "六、其他需要报告的事项" in lines
    assert "（七）其他有关文件专门要求通过政府信息公开工作年度报告予以报告的事项" in lines
    codes = {f.code for f in session.check(report).findings}
    assert "SEC002" not in codes and "SEC001" not in codes


def test_restart_start_values_and_overrides() -> None:
    """Deeper levels restart under a new parent; ``start`` and ``startOverride`` are kept;
    a second list with a start override begins at that number."""
    document = docx.Document()
    add_numbering(document)
    add_numbering(document, ABSTRACT_START, num_id=91)
    add_numbering(document, ABSTRACT_START.replace('abstractNumId="91"', 'abstractNumId="92"'),
                  num_id=92, overrides='<w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/>'
                  '</w:lvlOverride>')
    for text, num_id, ilvl in [("总体情况", 90, 0), ("主动公开", 90, 1), ("依申请公开", 90, 1),
                               ("细项", 90, 2), ("细项", 90, 2), ("主动公开情况", 90, 0),
                               ("重新开始", 90, 1), ("第三项", 91, 0), ("第四项", 91, 0),
                               ("第七项", 92, 0), ("第八项", 92, 0)]:
        number(document.add_paragraph(text), num_id, ilvl)
    assert _lines(document) == ["一、总体情况", "（一）主动公开", "（二）依申请公开", "1. 细项",
                                "2. 细项", "二、主动公开情况", "（一）重新开始", "丙．第三项",
                                "丁．第四项", "庚．第七项", "辛．第八项"]


ABSTRACT_START = f"""<w:abstractNum {W} w:abstractNumId="91">
 <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="ideographTraditional"/>
  <w:lvlText w:val="%1．"/></w:lvl></w:abstractNum>"""


def test_numbering_through_the_paragraph_style_and_legal_numbers() -> None:
    """A heading style carrying the numbering numbers its paragraphs; ``isLgl`` shows the
    parent levels as decimals (1.1); ``lvlRestart`` 0 never restarts."""
    from docx.oxml import parse_xml

    document = docx.Document()
    add_numbering(document, f"""<w:abstractNum {W} w:abstractNumId="93">
      <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
       <w:lvlText w:val="第%1部分"/></w:lvl>
      <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/>
       <w:lvlRestart w:val="0"/><w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>""", num_id=93)
    style = document.styles["Heading 1"]
    style.element.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {W}><w:numId w:val="93"/></w:numPr>'))
    document.add_heading("总体情况", level=1)
    number(document.add_paragraph("甲"), 93, 1)
    document.add_heading("主动公开", level=1)
    number(document.add_paragraph("乙"), 93, 1)
    document.add_paragraph("没有编号的段落")
    assert _lines(document) == ["第一部分 总体情况", "1.1 甲", "第二部分 主动公开", "2.2 乙",
                                "没有编号的段落"]


def test_numbered_cells_in_a_table() -> None:
    """Numbered paragraphs in table cells are counted in document order too."""
    document = docx.Document()
    add_numbering(document)
    table = document.add_table(rows=2, cols=2)
    for r in range(2):
        para = table.cell(r, 0).paragraphs[0]
        para.add_run(["予以公开", "部分公开"][r])
        number(para, 90, 1)
        table.cell(r, 1).text = str(r + 14)
    assert _lines(document) == ["（一）予以公开\t14", "（二）部分公开\t15"]
