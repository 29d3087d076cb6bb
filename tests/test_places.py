"""Places a Word/PDF/HTML user can find (第 N 段, 表格/行/列, 第 N 页) in every output."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from checker.readers.places import clean_place, describe
from checker.render import html_report, json_out, sarif, text

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT / "fixtures" / "raw" / "seed-2023.txt"
SCHEMAS = ROOT / "checker" / "schemas"


@pytest.mark.parametrize("place,zh,en", [
    ({"paragraph": 12}, "第 12 段", "paragraph 12"),
    ({"table": 2, "row": 5, "cell": 3}, "表格 2，第 5 行，第 3 列", "table 2, row 5, cell 3"),
    ({"page": 4}, "第 4 页", "page 4"),
    ({"page": 4, "table": 1, "row": 2}, "第 4 页，表格 1，第 2 行", "page 4, table 1, row 2"),
    ({"where": "标题"}, "标题", "title"),
    ({}, None, None),
])
def test_describe(place: dict, zh: str | None, en: str | None) -> None:
    assert describe(place, "zh") == zh
    assert describe(place, "en") == en


def test_clean_place_keeps_only_valid_keys() -> None:
    assert clean_place({"page": 2, "row": 0, "table": True, "where": "x", "junk": 1}) == \
        {"page": 2, "where": "x"}
    assert clean_place({"row": -1}) is None and clean_place("第 2 段") is None


@pytest.fixture(scope="module")
def docx_result(tmp_path_factory: pytest.TempPathFactory, session):
    pytest.importorskip("docx", reason="python-docx is not installed (pip install 'gongkai[docx]')")
    from tests.test_annotate import seed_docx

    path = seed_docx(tmp_path_factory.mktemp("places") / "seed.docx")
    report = session.read(str(path))
    return report, session.check_report(report, str(path))


def test_docx_findings_name_paragraph_or_table_cell(docx_result) -> None:
    report, result = docx_result
    lines = report["text"].split("\n")
    assert len(report["places"]) == len(lines)
    jsonschema.validate(report, json.loads((SCHEMAS / "report.schema.json").read_text("utf-8")))
    paragraph = next(f for f in result.findings if f.code == "DOC015")
    assert paragraph.location.paragraph == 2 and paragraph.location.where == "第 2 段"
    cell = next(f for f in result.findings if f.location.table and f.location.column
                and f.location.column > 1)
    loc = cell.location
    assert loc.row and loc.cell == lines[loc.line - 1].count("\t", 0, loc.column - 1) + 1
    assert loc.where == f"表格 {loc.table}，第 {loc.row} 行，第 {loc.cell} 列"
    assert loc.line  # the extracted-text line stays available for tools


def test_places_in_text_json_sarif_and_html(docx_result) -> None:
    _report, result = docx_result
    out = text.render([result], {"lang": "en", "width": 200})
    assert "└ paragraph 2" in out and "cell" in out
    doc = json.loads(json_out.render([result]))
    jsonschema.validate(doc, json.loads((SCHEMAS / "results.schema.json").read_text("utf-8")))
    locs = [f["location"] for f in doc["reports"][0]["findings"]]
    assert {"paragraph": 2, "where": "第 2 段"}.items() <= locs[1].items()
    assert any({"table", "row", "cell", "line"} <= set(loc) for loc in locs)
    runs = json.loads(sarif.render([result]))["runs"][0]["results"]
    assert any(r["locations"][0].get("message", {}).get("text") == "第 2 段" for r in runs)
    from checker.workflows.batch.summary import _row

    rows = [_row(f, 0.0, "", []) for f in result.findings]
    assert "第 2 段" in html_report._finding(rows[1], "zh")


def test_html_table_rows_and_cells(session, tmp_path: Path) -> None:
    html = (ROOT / "fixtures" / "raw" / "report_utf8_2023.html").read_text(encoding="utf-8")
    cell = ('二、上年结转政府信息公开申请数量</span></p></td><td><p class="MsoNormal">'
            '<span lang="EN-US">3</span>')
    assert cell in html
    page = tmp_path / "wrong-cell.html"
    page.write_text(html.replace(cell, cell.replace(">3<", ">5<")), encoding="utf-8")
    result = session.check(str(page))
    cells = [f.location for f in result.findings if f.location.table]
    assert cells and all(loc.row and loc.cell for loc in cells)
    paragraphs = [f.location for f in result.findings if f.location.paragraph]
    assert paragraphs and all(loc.where == f"第 {loc.paragraph} 段" for loc in paragraphs)


def test_pdf_pages_from_reader_places(session) -> None:
    """Whatever reader renders a PDF, its per-line page becomes the finding's page."""
    from checker.readers import normalise_text

    body = SEED_TXT.read_text(encoding="utf-8")
    n = body.count("\n") + 1
    places = [{"page": 1 + i * 4 // n, "where": f"第 {1 + i * 4 // n} 页"} for i in range(n)]
    report = normalise_text(body, places=places, media_type="application/pdf")
    result = session.check(report)
    for f in result.findings:
        if f.location.line:
            assert f.location.page == 1 + (f.location.line - 1) * 4 // n
            assert f.location.where.startswith(f"第 {f.location.page} 页")
    from checker.api import Session

    english = Session({"lang": "en"}, entry_points=False).check(report)
    placed = [f for f in english.findings if f.location.page]
    assert placed and all(f.location.where.startswith("page ") for f in placed)


def test_plain_text_has_no_places(session) -> None:
    report = session.read(str(SEED_TXT))
    assert "places" not in report
    assert all(f.location.where is None for f in session.check(report).findings
               if f.pointer == "/text")
