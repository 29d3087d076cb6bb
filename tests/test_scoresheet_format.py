"""Score sheets people can use: the XLSX has an autofilter, a frozen header and fitted column
widths; list values (SEC013's half-width ordinals, SEC014's page chrome) are text, joined
with 、 in Chinese and ", " in English, in the XLSX and the HTML — never a Python list."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker.cli.app import main
from checker.render.values import as_text

ROOT = Path(__file__).resolve().parent.parent
openpyxl = pytest.importorskip("openpyxl")


@pytest.mark.parametrize("value,lang,text", [
    (["(一)", "(二)"], "zh", "(一)、(二)"), (["a", "b"], "en", "a, b"), (None, "zh", ""),
    ((1, 2), "zh", "1、2"), ({"总计": 3}, "zh", "总计：3"), ("x", "en", "x"), (5, "zh", "5"),
    ([["a", "b"], "c"], "zh", "a、b、c"),
])
def test_as_text(value, lang, text):
    assert as_text(value, lang) == text


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    d = tmp_path_factory.mktemp("sheets")
    shutil.copy2(ROOT / "fixtures" / "raw" / "seed-2023.txt", d / "seed-2023.txt")
    shutil.copy2(ROOT / "fixtures" / "raw" / "html-tabs-2023.txt", d / "html-tabs-2023.txt")
    out = {}
    for lang in ("zh", "en"):
        xlsx, html = d / f"{lang}.xlsx", d / f"{lang}.html"
        code = main(["score", str(d), "--jobs", "1", "--xlsx", str(xlsx), "--html", str(html),
                     "--lang", lang])
        assert code in (0, 1)
        out[lang] = (xlsx, html)
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_xlsx_has_autofilter_frozen_header_and_widths(scored, lang):
    wb = openpyxl.load_workbook(scored[lang][0])
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        widths = [ws.column_dimensions[ws.cell(1, c).column_letter].width
                  for c in range(1, ws.max_column + 1)]
        assert all(6 <= w <= 60 for w in widths), widths
        assert all(ws.cell(1, c).font.bold for c in range(1, ws.max_column + 1))
    findings = wb.worksheets[1]
    head = [c.value for c in findings[1]]
    assert widths and max(widths) > min(widths)  # fitted, not one width for all
    message_col = head.index("说明" if lang == "zh" else "message") + 1
    code_col = head.index("规则" if lang == "zh" else "code") + 1
    assert (findings.column_dimensions[findings.cell(1, message_col).column_letter].width
            > findings.column_dimensions[findings.cell(1, code_col).column_letter].width)


@pytest.mark.parametrize("lang,sep", [("zh", "、"), ("en", ", ")])
def test_list_values_are_text_everywhere(scored, lang, sep):
    xlsx, html = scored[lang]
    wb = openpyxl.load_workbook(xlsx)
    values = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
              if c.value is not None]
    assert not [v for v in values if v.startswith("['") or "', '" in v]
    assert any(v.startswith(f"(一){sep}(二){sep}(三)") for v in values)  # SEC013, as text
    page = html.read_text(encoding="utf-8")
    assert "[&#x27;" not in page and "&#x27;, &#x27;" not in page
    assert f"(一){sep}(二)" in page
