"""Every text layout seen in the wild reads cell by cell (synthetic fixtures in fixtures/raw/)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from checker.readers import normalise_path, normalise_text

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "fixtures" / "raw"
VALIDATOR = Draft202012Validator(
    json.loads((ROOT / "checker" / "schemas" / "report.schema.json").read_text(encoding="utf-8")))
COLS = ("nat", "biz", "res", "npo", "law", "oth", "tot")
T4_ORDER = [(g, c) for g in ("rev", "lit_dir", "lit_aft")
            for c in ("kept", "fixed", "other", "pending", "total")]
Z = [0] * 7
PARTS = ["preamble", "overview", "proactive", "applications", "review_litigation", "problems",
         "other"]


def row(nat: int, *rest: int) -> list[int]:
    """A T3 row from its non-zero leading cells; the total is computed."""
    vals = [nat, *rest] + [0] * (6 - 1 - len(rest))
    return vals + [sum(vals)]


def t3(report: dict) -> dict[str, list]:
    return {rid: [r[c]["value"] for c in COLS] for rid, r in report["tables"]["t3"].items()}


def t4(report: dict) -> list:
    return [report["tables"]["t4"][g][c]["value"] for g, c in T4_ORDER]


def kinds(report: dict) -> set[tuple[str, str | None]]:
    return {(i["kind"], i["row"]) for i in report["issues"]}


def load(name: str) -> dict:
    report = normalise_path(RAW / name)
    assert [e.message for e in VALIDATOR.iter_errors(report)] == []
    return report


def test_runon_crawl_layout():
    """A whole article on one line with cells run together is split by the identities."""
    rep = load("runon-2022.txt")
    got = t3(rep)
    assert got["new"] == [151, 3, 0, 0, 0, 0, 154]
    assert got["r2"] == [19, 1, 0, 0, 0, 0, 20]  # 1|9|10|… also sums; the columns decide
    assert got["r3_4"] == row(1)  # "…权益10000015.属于…": the 5 is the next row's number
    assert got["r4_1"] == [50, 1, 0, 0, 0, 0, 51]
    assert got["r7"] == [153, 3, 0, 0, 0, 0, 156]
    assert got["cout"] == row(2)
    assert rep["tables"]["t3"]["new"]["nat"]["confidence"] == "inferred"
    assert rep["tables"]["t3"]["new"]["nat"]["raw"] == "151"
    assert ("inferred_cells", "r2") in kinds(rep)  # several splits, the table chose
    assert t4(rep) == [1, 0, 1, 0, 2, 3, 1, 0, 0, 4, 0, 0, 0, 1, 1]
    t2 = rep["tables"]["t2"]
    assert t2["license"]["decisions"]["value"] == 3120
    assert t2["fee"]["amount_wan"]["value"] == "12.5"
    assert [t2["reg"][c]["value"] for c in ("issued", "abolished", "in_force")] == [0, 0, 0]
    # "5012" splits many ways and nothing decides: reported, never guessed
    assert {t2["norm"][c]["value"] for c in ("issued", "abolished", "in_force")} == {None}
    assert ("unread", "norm") in kinds(rep)
    assert [s["part"] for s in rep["sections"]] == PARTS
    assert rep["sections"][1]["heading"] == "一、总体情况"
    assert len(rep["sections"][1]["subsections"]) == 5
    meta = rep["meta"]
    assert (meta["title"], meta["agency"], meta["year"], meta["published"], meta["format"]) == (
        "青禾市海川区人民政府2022年政府信息公开工作年度报告", "青禾市海川区人民政府", 2022,
        "2023-01-20", "2021")


def test_markdown_broken_by_pdf_converter():
    """One Markdown table per row, mislabelled header rows and full-width digits."""
    rep = load("markdown-2024.txt")
    got = t3(rep)
    assert got["new"] == [320, 2, 0, 0, 1, 0, 323]
    assert got["r1"] == [150, 1, 0, 0, 0, 0, 151]
    assert rep["tables"]["t3"]["r1"]["nat"]["raw"] == "１５０"
    assert got["r2"] == [40, 0, 0, 0, 1, 0, 41]
    assert got["r6_1"] == row(4) and got["r6_2"] == row(1) and got["r6_3"] == row(30)
    assert got["r7"] == [319, 2, 0, 0, 1, 0, 322]
    assert got["cout"] == row(11)
    assert t4(rep) == [5, 2, 1, 3, 11, 1, 0, 0, 1, 2, 2, 0, 0, 0, 2]
    variants = [i for i in rep["issues"] if i["kind"] == "label_variant"]
    assert any(i["actual"] == "科研企业" and i["expected"] == "科研机构" for i in variants)
    t2 = rep["tables"]["t2"]
    assert [t2["norm"][c]["value"] for c in ("issued", "abolished", "in_force")] == [3, 1, 20]
    assert t2["fee"]["amount_wan"]["value"] == "150.25"
    # "### 一、本年新收…" and "### 三是…" are not parts
    assert [s["number"] for s in rep["sections"]] == ["", "一", "二", "三", "四", "五", "六"]
    assert rep["sections"][1]["heading"] == "一、总体情况"
    assert rep["meta"]["published"] == "2025-01-20"
    assert rep["meta"]["agency"] == "沭河县人民政府"


def test_pdftotext_raw_with_page_numbers_and_form_feeds():
    """pdftotext -raw output: wrapped labels, values on the next line, page chrome."""
    rep = load("pdftotext-2023.txt")
    got = t3(rep)
    assert got["new"] == [1200, 30, 1, 0, 20, 2, 1253]
    assert got["r2"] == [200, 5, 0, 0, 3, 0, 208]
    assert got["r4_2"] == row(6)  # across a form feed and "- 4 -"
    assert got["r5_5"] == row(1)
    assert got["r6_1"] == [30, 1, 0, 0, 1, 0, 32]
    assert got["r7"] == [1193, 28, 1, 0, 19, 2, 1243]
    assert got["cout"] == [22, 2, 0, 0, 1, 0, 25]
    assert t4(rep) == [40, 12, 20, 5, 77, 6, 1, 2, 1, 10, 4, 0, 1, 2, 7]
    t2 = rep["tables"]["t2"]
    assert t2["penalty"]["decisions"]["value"] == 120000
    assert t2["fee"]["amount_wan"]["value"] == "8000.5"
    assert [s["part"] for s in rep["sections"]] == PARTS
    assert rep["meta"]["title"] == "清江市人民政府2023 年政府信息公开工作年度报告"
    assert rep["meta"]["agency"] == "清江市人民政府"
    assert not any(i["kind"] in ("extra_cells", "missing_cells") for i in rep["issues"])


def test_html_rendered_tabs_with_blank_cells():
    """Blank cells stay blank (raw "", value None): never invented zeros."""
    rep = load("html-tabs-2023.txt")
    got = t3(rep)
    assert got["new"] == [12, None, None, None, None, None, 12]
    assert got["r1"] == [10, None, None, None, None, None, 10]
    assert rep["tables"]["t3"]["r1"]["tot"]["raw"] == "１０"
    biz = rep["tables"]["t3"]["new"]["biz"]
    assert (biz["raw"], biz["value"], biz["confidence"]) == ("", None, "missing")
    assert got["r7"] == [12, None, None, None, None, None, 12]
    assert t4(rep) == [1, 0, 0, 0, 1] + [0] * 10
    t2 = rep["tables"]["t2"]
    assert t2["coercion"]["decisions"]["value"] is None
    assert ("label_variant", "norm") in kinds(rep)
    assert rep["meta"]["published"] == "2024-01-15"
    assert rep["meta"]["title"] == "白沙县水利局2023年政府信息公开年度报告"
    assert [s["part"] for s in rep["sections"]] == PARTS


def test_2019_format():
    """2019 T2 columns, the single （六）其他处理 row as r6, format 2019."""
    rep = load("format2019-2020.txt")
    assert rep["meta"]["format"] == "2019"
    got = t3(rep)
    assert got["r6"] == row(1)
    assert "r6_1" not in got
    assert got["r7"] == [40, 1, 0, 0, 0, 0, 41]
    assert got["cout"] == row(2)
    t2 = rep["tables"]["t2"]
    assert [t2["license"][c]["value"] for c in ("prev", "change", "decisions")] == [50, -2, 800]
    assert [t2["other_mgmt"][c]["value"] for c in ("prev", "change", "decisions")] == [10, 0, 60]
    assert [t2["fee"][c]["value"] for c in ("prev", "change")] == [8, -1]
    assert t2["procurement"]["amount"]["value"] == "125.5"
    assert [t2["norm"][c]["value"] for c in ("made", "published", "total")] == [4, 4, 30]
    # a typo in heading 三 still maps to the applications part
    assert rep["sections"][3]["heading"] == "三、收到的处理政府信息公开申请情况"
    assert rep["sections"][3]["part"] == "applications"


def test_pre2019_report():
    """Old headings map onto parts; no tables; format pre2019."""
    rep = load("pre2019-2016.txt")
    assert rep["meta"]["format"] == "pre2019"
    assert rep["tables"] == {}
    missing = {i["table"] for i in rep["issues"] if i["kind"] == "table_not_found"}
    assert missing == {"t2", "t3", "t4"}
    assert [(s["number"], s["part"]) for s in rep["sections"][1:]] == [
        ("一", "overview"), ("二", "proactive"), ("三", "applications"), ("四", "unknown"),
        ("五", "review_litigation"), ("六", "problems"), ("七", "other")]


def test_2021_report_keeping_the_old_single_row_is_2021():
    """A 2021 T2 with the 2019 single （六） row is still the 2021 format (real 2023 reports
    do this, e.g. a 淮安 district's PDF) and reads ``r6``."""
    text = (RAW / "html-tabs-2023.txt").read_text(encoding="utf-8")
    start = text.index("（六）其他处理")
    end = text.index("（七）总计")
    text = text[:start] + "（六）其他处理\t0\t\t\t\t\t\t0\n" + text[end:]
    rep = normalise_text(text)
    assert rep["meta"]["format"] == "2021"
    assert t3(rep)["r6"] == [0, None, None, None, None, None, 0]


@pytest.mark.parametrize("name", sorted(p.name for p in RAW.glob("*.txt")))
def test_cell_locs_point_at_raw(name):
    """Every table cell with a position points at exactly its raw text."""
    rep = load(name)
    text = rep["text"]
    for table in rep["tables"].values():
        for cells in table.values():
            for c in cells.values():
                if c["loc"] and c["raw"]:
                    off = c["loc"]["offset"]
                    assert text[off:off + len(c["raw"])] == c["raw"]
