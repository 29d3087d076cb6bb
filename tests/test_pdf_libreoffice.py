"""A PDF from a real producer: LibreOffice prints the HTML fixture report (its table 3 breaks
over two pages, with the header rows repeated on the second) and the PDF reader must find the
same tables 2, 3 and 4 as the HTML reader does.

Needs LibreOffice (Debian: ``apt-get install -y libreoffice-writer``); skipped without.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2", reason="pypdfium2 is not installed (pip install 'gongkai[pdf]')")

from checker.readers import normalise_path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "fixtures" / "raw" / "report_utf8_2023.html"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed: apt-get install -y libreoffice-writer")
    out = tmp_path_factory.mktemp("lo")
    source = out / "report.html"
    shutil.copyfile(HTML, source)
    proc = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf:writer_web_pdf_Export", "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=240, check=False)
    pdf = out / "report.pdf"
    if not pdf.is_file():
        pytest.skip(f"LibreOffice could not convert the fixture: {proc.stderr[-300:]}")
    return pdf


def _values(report: dict, table: str) -> dict:
    rows = report["tables"].get(table) or {}
    return {(row, col): cell.get("value") for row, cells in rows.items()
            if isinstance(cells, dict) for col, cell in cells.items() if isinstance(cell, dict)}


def test_printed_report_reads_as_the_html(printed: Path) -> None:
    html = normalise_path(HTML)
    pdf = normalise_path(printed)
    assert pdf["meta"]["format"] == html["meta"]["format"] == "2021"
    for table in ("t2", "t3", "t4"):
        expected = _values(html, table)
        assert expected, table
        assert _values(pdf, table) == expected, table


def test_printed_table_3_spans_two_pages_with_page_locations(printed: Path) -> None:
    t3 = normalise_path(printed)["tables"]["t3"]
    first, last = t3["new"]["tot"]["loc"], t3["r7"]["tot"]["loc"]
    assert last["page"] == first["page"] + 1  # the table breaks over a page
    assert last["where"].startswith(f"第 {last['page']} 页，表格 ")
    assert t3["r7"]["tot"]["value"] == 66
