"""The hand-written normalised reports under fixtures/reports/ are valid and self-consistent.

Each fixture must validate against the report schema, every position it records must point
at the text it claims to, and the seed fixture must carry the facts the domain specification
states about the seed (§9).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "checker" / "schemas" / "report.schema.json"
FIXTURES = sorted((ROOT / "fixtures" / "reports").glob("*.json"))
SEED_TEXT = ROOT.parent / "shared" / "seeds" / "000_a37446611c7cd14c.txt"

T3_ROWS = (
    ["new", "cin", "r1", "r2"]
    + [f"r3_{i}" for i in range(1, 9)]
    + [f"r4_{i}" for i in range(1, 4)]
    + [f"r5_{i}" for i in range(1, 6)]
    + [f"r6_{i}" for i in range(1, 4)]
    + ["r7", "cout"]
)
T3_COLS = ["nat", "biz", "res", "npo", "law", "oth", "tot"]


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _ids(paths):
    return [p.name for p in paths]


def _cells(doc: dict):
    """Yield (cell id, cell) for every table cell."""
    for table, groups in doc.get("tables", {}).items():
        for group, cells in groups.items():
            for col, cell in cells.items():
                yield f"{table}.{group}.{col}", cell


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _check_loc(text: str, loc: dict | None, what: str) -> None:
    if loc is None or "offset" not in loc:
        return
    assert 0 <= loc["offset"] <= len(text), what
    assert (loc["line"], loc["column"]) == _line_col(text, loc["offset"]), what


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_fixtures_exist():
    names = {p.name for p in FIXTURES}
    assert {"seed-2023.json", "clean-2021.json"} <= names


@pytest.mark.parametrize("path", FIXTURES, ids=_ids(FIXTURES))
def test_validates_against_schema(path, validator):
    errors = sorted(validator.iter_errors(_load(path)), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


@pytest.mark.parametrize("path", FIXTURES, ids=_ids(FIXTURES))
def test_cell_locs_point_at_raw(path):
    doc = _load(path)
    text = doc["text"]
    for cid, cell in _cells(doc):
        loc = cell.get("loc")
        _check_loc(text, loc, cid)
        if cell["raw"] and loc is not None:
            off = loc["offset"]
            assert text[off : off + len(cell["raw"])] == cell["raw"], cid
    for table, rows in doc.get("rows", {}).items():
        for row in rows:
            _check_loc(text, row.get("loc"), f"rows.{table}.{row['id']}")
            for i, c in enumerate(row["cells"]):
                loc = c.get("loc")
                _check_loc(text, loc, f"rows.{table}.{row['id']}[{i}]")
                if c["raw"] and loc is not None:
                    off = loc["offset"]
                    assert text[off : off + len(c["raw"])] == c["raw"], (table, row["id"], i)
    for issue in doc.get("issues", []):
        _check_loc(text, issue.get("loc"), f"issue {issue['kind']}")


@pytest.mark.parametrize("path", FIXTURES, ids=_ids(FIXTURES))
def test_section_headings_at_span_start(path):
    doc = _load(path)
    text = doc["text"]
    sections = doc.get("sections", [])
    assert sections
    for sec in sections:
        span = sec["span"]
        assert 0 <= span["start"] <= span["end"] <= len(text)
        assert text.startswith(sec["heading"], span["start"]), sec["heading"]
        assert sec["loc"]["offset"] == span["start"]
        _check_loc(text, sec["loc"], sec["heading"])
        for sub in sec.get("subsections", []):
            s = sub["span"]
            assert span["start"] <= s["start"] <= s["end"] <= span["end"], sub["heading"]
            assert text.startswith(sub["heading"], s["start"]), sub["heading"]
            assert sub["loc"]["offset"] == s["start"]
            _check_loc(text, sub["loc"], sub["heading"])
    # parts tile the text: each span ends where the next begins, the last at len(text)
    for a, b in zip(sections, sections[1:]):
        assert a["span"]["end"] == b["span"]["start"]
    assert sections[-1]["span"]["end"] == len(text)


@pytest.mark.parametrize("path", FIXTURES, ids=_ids(FIXTURES))
def test_full_t3_grid(path):
    t3 = _load(path)["tables"]["t3"]
    assert set(t3) == set(T3_ROWS)
    for rid in T3_ROWS:
        assert set(t3[rid]) == set(T3_COLS), rid


# ---- the seed -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> dict:
    return _load(ROOT / "fixtures" / "reports" / "seed-2023.json")


def test_seed_text_is_the_seed(seed):
    if not SEED_TEXT.exists():
        pytest.skip("shared seed not available")
    raw = SEED_TEXT.read_bytes()
    assert seed["text"] == raw.decode("utf-8")
    assert seed["meta"]["source"]["sha256"] == hashlib.sha256(raw).hexdigest()


def test_seed_meta(seed):
    meta = seed["meta"]
    assert meta["title"] == "聊城经济技术开发区管理委员会 2023 年 政府信息公开工作年度报告"
    assert meta["agency"] == "聊城经济技术开发区管理委员会"
    assert meta["year"] == 2023 and meta["format"] == "2021" and meta["published"] is None


def test_seed_facts(seed):
    t3 = seed["tables"]["t3"]
    assert t3["new"]["tot"]["value"] == 63
    assert t3["cin"]["tot"]["value"] == 3
    assert t3["r7"]["tot"]["value"] == 66
    assert t3["r7"]["nat"]["value"] == 66
    # 7.属于行政执法案卷: 8 printed values, aligned by inference
    assert all(c["confidence"] == "inferred" for c in t3["r3_7"].values())
    assert t3["r3_7"]["nat"]["value"] == 2 and t3["r3_7"]["tot"]["value"] == 2
    # 四、结转下年度继续办理: the 自然人 cell is blank
    nat = t3["cout"]["nat"]
    assert nat["raw"] == "" and nat["value"] is None and nat["confidence"] == "missing"
    assert t3["cout"]["tot"]["value"] == 0
    others = [
        c
        for rid in T3_ROWS
        for col, c in t3[rid].items()
        if rid != "r3_7" and (rid, col) != ("cout", "nat")
    ]
    assert all(c["confidence"] == "exact" for c in others)
    assert seed["tables"]["t2"]["fee"]["amount_wan"]["value"] == "24.448"
    t4 = seed["tables"]["t4"]
    totals = tuple(t4[g]["total"]["value"] for g in ("rev", "lit_dir", "lit_aft"))
    assert totals == (2, 1, 0)


def test_seed_rows_and_issues(seed):
    rows = {r["id"]: r for r in seed["rows"]["t3"]}
    assert [r["id"] for r in seed["rows"]["t3"]] == T3_ROWS
    assert [c["raw"] for c in rows["r3_7"]["cells"]] == ["2", "0", "0", "0", "0", "0", "0", "2"]
    assert rows["r3_7"]["label"] == "7. 属于行政执法案卷"
    assert len(rows["cout"]["cells"]) == 6 and rows["cout"]["expected"] == 7
    assert all(len(r["cells"]) == 7 for rid, r in rows.items() if rid not in ("r3_7", "cout"))
    t4rows = seed["rows"]["t4"]
    assert len(t4rows) == 1 and len(t4rows[0]["cells"]) == 15 and t4rows[0]["expected"] == 15
    kinds = {(i["kind"], i.get("row")): i for i in seed["issues"]}
    extra = kinds[("extra_cells", "r3_7")]
    assert (extra["table"], extra["expected"], extra["actual"]) == ("t3", 7, 8)
    missing = kinds[("missing_cells", "cout")]
    assert (missing["table"], missing["cell"], missing["expected"], missing["actual"]) == (
        "t3",
        "t3.cout.nat",
        7,
        6,
    )


def test_seed_headings(seed):
    secs = {s["part"]: s for s in seed["sections"]}
    assert secs["applications"]["heading"] == "三、行政机关收到和处理政府信息公开申请情况"
    assert [s["heading"] for s in secs["overview"]["subsections"]][-1] == "(五) 监督保障"
    problems = [s["heading"] for s in secs["problems"]["subsections"]]
    assert problems == ["(一) 存在的主要问题", "（二）改进措施"]
    assert len(secs["other"]["subsections"]) == 7


# ---- the clean report: every hard identity holds --------------------------------------------


@pytest.fixture(scope="module")
def clean() -> dict:
    return _load(ROOT / "fixtures" / "reports" / "clean-2021.json")


def test_clean_identities(clean):
    t3 = {
        r: {c: cell["value"] for c, cell in cols.items()}
        for r, cols in clean["tables"]["t3"].items()
    }
    leaves = [r for r in T3_ROWS if r not in ("new", "cin", "r7", "cout")]
    for rid in T3_ROWS:
        assert t3[rid]["tot"] == sum(t3[rid][c] for c in T3_COLS[:-1]), rid  # H1
    for c in T3_COLS:
        assert t3["r7"][c] == sum(t3[r][c] for r in leaves), c  # H2
        assert t3["new"][c] + t3["cin"][c] == t3["r7"][c] + t3["cout"][c], c  # H3
    for g, cells in clean["tables"]["t4"].items():
        v = {c: cell["value"] for c, cell in cells.items()}
        assert v["total"] == v["kept"] + v["fixed"] + v["other"] + v["pending"], g  # H5-H7
    for _, cell in _cells(clean):
        assert cell["confidence"] == "exact" and cell["raw"] != ""
    assert t3["r6_2"]["tot"] == 0
    assert not clean.get("issues")
    text = clean["text"]
    assert "本年度未收取信息处理费" in text
    assert f"本年度新收政府信息公开申请{t3['new']['tot']}件，上年结转{t3['cin']['tot']}件" in text
    assert f"办结{t3['r7']['tot']}件" in text
    assert f"结转下年度继续办理{t3['cout']['tot']}件" in text
