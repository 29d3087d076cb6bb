"""The text normaliser reads the seed report cell by cell (domain spec §9 #20–#24)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from checker.readers import normalise_text

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "raw" / "seed-2023.txt"
VALIDATOR = Draft202012Validator(
    json.loads((ROOT / "checker" / "schemas" / "report.schema.json").read_text(encoding="utf-8")))
COLS = ("nat", "biz", "res", "npo", "law", "oth", "tot")

SEED_T3 = {
    "new": [63, 0, 0, 0, 0, 0, 63],
    "cin": [3, 0, 0, 0, 0, 0, 3],
    "r1": [14, 0, 0, 0, 0, 0, 14],
    "r2": [15, 0, 0, 0, 0, 0, 15],
    **{f"r3_{i}": [0] * 7 for i in (1, 2, 3, 4, 5, 6, 8)},
    "r3_7": [2, 0, 0, 0, 0, 0, 2],
    "r4_1": [34, 0, 0, 0, 0, 0, 34],
    "r4_2": [0] * 7, "r4_3": [0] * 7,
    **{f"r5_{i}": [0] * 7 for i in range(1, 6)},
    "r6_1": [0] * 7, "r6_2": [0] * 7,
    "r6_3": [1, 0, 0, 0, 0, 0, 1],
    "r7": [66, 0, 0, 0, 0, 0, 66],
    "cout": [None, 0, 0, 0, 0, 0, 0],
}
SEED_T4 = [2, 0, 0, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]


@pytest.fixture(scope="module")
def seed() -> dict:
    return normalise_text(SEED.read_text(encoding="utf-8"),
                          source={"path": str(SEED), "media_type": "text/plain"})


def t3_values(report: dict) -> dict[str, list]:
    """The T3 table as plain lists of values, row by row."""
    return {rid: [row[c]["value"] for c in COLS] for rid, row in report["tables"]["t3"].items()}


def t4_values(report: dict) -> list:
    """The T4 row as a list of 15 values."""
    t4 = report["tables"]["t4"]
    return [t4[g][c]["value"] for g in ("rev", "lit_dir", "lit_aft")
            for c in ("kept", "fixed", "other", "pending", "total")]


def test_seed_is_schema_valid(seed):
    """The seed normalises to a schema-valid report."""
    errors = [e.message for e in VALIDATOR.iter_errors(seed)]
    assert errors == []
    assert seed["schema"] == "gongkai.report/1"


def test_seed_t3_every_cell(seed):
    """Every T3 cell of the seed has the value the report states."""
    assert t3_values(seed) == SEED_T3


def test_seed_t3_malformed_rows_recorded_as_they_are(seed):
    """The 8-value row and the 6-value row are kept as written, aligned by inference."""
    rows = {r["id"]: r for r in seed["rows"]["t3"]}
    r37 = rows["r3_7"]
    assert r37["label"] == "7. 属于行政执法案卷"
    assert [c["raw"] for c in r37["cells"]] == ["2", "0", "0", "0", "0", "0", "0", "2"]
    assert r37["expected"] == 7
    t3 = seed["tables"]["t3"]
    assert {t3["r3_7"][c]["confidence"] for c in COLS} == {"inferred"}
    cout = rows["cout"]
    assert [c["raw"] for c in cout["cells"]] == ["0"] * 6
    nat = t3["cout"]["nat"]
    assert (nat["raw"], nat["value"], nat["confidence"]) == ("", None, "missing")
    assert nat["loc"]["line"] == 126
    kinds = {(i["kind"], i["row"]) for i in seed["issues"]}
    assert ("extra_cells", "r3_7") in kinds
    assert ("missing_cells", "cout") in kinds
    missing = next(i for i in seed["issues"] if i["kind"] == "missing_cells")
    assert (missing["cell"], missing["expected"], missing["actual"]) == ("t3.cout.nat", 7, 6)


def test_seed_t3_cell_positions_point_at_the_text(seed):
    """Each exact cell's loc offset points at its raw text."""
    text = seed["text"]
    for row in seed["tables"]["t3"].values():
        for c in row.values():
            if c["raw"]:
                off = c["loc"]["offset"]
                assert text[off:off + len(c["raw"])] == c["raw"]
    assert seed["tables"]["t3"]["new"]["nat"]["loc"]["line"] == 101


def test_seed_t4(seed):
    """T4 reads 2 0 0 0 2 1 0 0 0 1 0 0 0 0 0."""
    assert t4_values(seed) == SEED_T4


def test_seed_t2(seed):
    """T2: 许可 16770, 处罚 1987, 强制 159, 收费 "24.448" 万元, 规章/规范性文件 all 0."""
    t2 = seed["tables"]["t2"]
    assert t2["license"]["decisions"]["value"] == 16770
    assert t2["penalty"]["decisions"]["value"] == 1987
    assert t2["coercion"]["decisions"]["value"] == 159
    assert t2["fee"]["amount_wan"]["value"] == "24.448"
    for rid in ("reg", "norm"):
        assert [t2[rid][c]["value"] for c in ("issued", "abolished", "in_force")] == [0, 0, 0]


def test_seed_sections(seed):
    """All six parts are found with their headings as written, after a preamble."""
    parts = [(s["number"], s["part"], s["heading"]) for s in seed["sections"]]
    assert parts == [
        ("", "preamble", ""),
        ("一", "overview", "一、总体情况"),
        ("二", "proactive", "二、主动公开政府信息情况"),
        ("三", "applications", "三、行政机关收到和处理政府信息公开申请情况"),
        ("四", "review_litigation", "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
        ("五", "problems", "五、政府信息公开工作存在的主要问题及改进情况"),
        ("六", "other", "六、其他需要报告的事项"),
    ]
    overview = seed["sections"][1]
    assert [s["heading"] for s in overview["subsections"]] == [
        "（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设",
        "(五) 监督保障"]
    assert overview["subsections"][4]["number"] == "（五）"
    assert len(seed["sections"][6]["subsections"]) == 7
    text = seed["text"]
    for s in seed["sections"][1:]:
        assert text[s["span"]["start"]:].startswith(s["heading"])


def test_seed_meta(seed):
    """Title, agency, year, period and format of the seed."""
    meta = seed["meta"]
    assert meta["title"] == "聊城经济技术开发区管理委员会 2023 年 政府信息公开工作年度报告"
    assert meta["agency"] == "聊城经济技术开发区管理委员会"
    assert meta["year"] == 2023
    assert meta["format"] == "2021"
    assert meta["published"] is None
    assert (meta["period"]["start"], meta["period"]["end"]) == ("2023-01-01", "2023-12-31")
    assert meta["source"]["path"] == str(SEED)


def test_deterministic(seed):
    """Normalising twice gives the same dict."""
    again = normalise_text(SEED.read_text(encoding="utf-8"),
                           source={"path": str(SEED), "media_type": "text/plain"})
    assert json.dumps(again, ensure_ascii=False, sort_keys=True) == json.dumps(
        seed, ensure_ascii=False, sort_keys=True)


def test_places_merge_into_locs():
    """Places from a reader land in every loc of their line, with the TAB field as ``cell``."""
    text = SEED.read_text(encoding="utf-8")
    n = text.count("\n") + 1
    places = [{"page": 1 + i // 40, "where": f"第 {1 + i // 40} 页"} for i in range(n)]
    report = normalise_text(text, places=places, media_type="text/html")
    c = report["tables"]["t3"]["new"]["nat"]
    assert c["loc"]["page"] == 3 and c["loc"]["where"] == "第 3 页"
    assert c["loc"]["cell"] == 3  # label, empty merged cell, then 自然人
    assert report["meta"]["source"]["media_type"] == "text/html"
    assert not list(VALIDATOR.iter_errors(report))
