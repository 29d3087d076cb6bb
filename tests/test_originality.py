"""Originality: text carried over from last year, and passages shared across a batch."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

from checker.api import Session
from checker.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import synth_prose as sp  # noqa: E402


def _score_json(tmp_path: Path, batch: Path, *extra: str) -> dict[str, dict]:
    out = tmp_path / "out.json"
    main(["score", str(batch), "--json", str(out), "--jobs", "2", *extra])
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema"] == "gongkai.results/1"
    return {Path(r["path"]).name: r for r in doc["reports"]}


def _org(rep: dict) -> list[dict]:
    return [f for f in rep["findings"] if f["category"] == "originality"]


def _lost(rep: dict, cat: str = "originality") -> float:
    return next(c["lost"] for c in rep["categories"] if c["id"] == cat)


@pytest.fixture(scope="module")
def copy_batch(tmp_path_factory):
    """a (published first), b (another body, copies a's part 五, later), c (unrelated)."""
    d = tmp_path_factory.mktemp("copy")
    (d / "a.txt").write_text(sp.report_text(3, published="2024-01-10"), encoding="utf-8")
    (d / "b.txt").write_text(sp.report_text(4, copy_from=3, published="2024-01-25"),
                             encoding="utf-8")
    (d / "c.txt").write_text(sp.report_text(5, published="2024-01-15"), encoding="utf-8")
    return d


def test_a_copied_part_is_found_on_both_sides_and_the_copier_loses_points(copy_batch, tmp_path):
    reps = _score_json(tmp_path, copy_batch)
    b = _org(reps["b.txt"])
    assert [f["code"] for f in b] == ["ORG003"]
    assert "a.txt" in b[0]["message"] and "100%" in b[0]["message"]
    assert b[0]["part"] == "problems"
    assert "第五部分100%" in b[0]["message"]  # the share of each part
    own = next(e for e in b[0]["evidence"] if e.get("side") == "own")
    other = next(e for e in b[0]["evidence"] if e.get("side") == "other")
    assert own["value"] and other["value"] and other["path"].endswith("a.txt")
    assert own["value"] != other["value"]  # the copy's numbers were updated: digits ignored
    assert _lost(reps["b.txt"]) == 5
    a = _org(reps["a.txt"])
    assert [f["code"] for f in a] == ["ORG005"] and "b.txt" in a[0]["message"]
    assert _lost(reps["a.txt"]) == 0
    assert _org(reps["c.txt"]) == [] and _lost(reps["c.txt"]) == 0


def test_html_shows_both_passages_side_by_side(copy_batch, tmp_path):
    out = tmp_path / "a.html"
    main(["score", str(copy_batch), "--html", str(out), "--jobs", "1"])
    html = out.read_text(encoding="utf-8")
    assert html.count('<table class="pair">') == 2  # the copier's finding and the source's
    assert "a.txt</th>" in html and "b.txt</th>" in html


def test_undated_pairs_are_both_copiers(tmp_path):
    d = tmp_path / "b"
    d.mkdir()
    (d / "a.txt").write_text(sp.report_text(3), encoding="utf-8")
    (d / "b.txt").write_text(sp.report_text(4, copy_from=3), encoding="utf-8")
    reps = _score_json(tmp_path, d)
    for name in ("a.txt", "b.txt"):
        codes = [f["code"] for f in _org(reps[name])]
        assert codes == ["ORG003"], name
        assert "发布日期不能说明孰先孰后" in _org(reps[name])[0]["message"]


def test_a_provincial_template_is_not_copying(tmp_path):
    """Six bodies share their province's template sentences; none is reported."""
    d = tmp_path / "t"
    d.mkdir()
    for i in range(6):
        (d / f"r{i}.txt").write_text(sp.report_text(20 + i, template=7), encoding="utf-8")
    reps = _score_json(tmp_path, d)
    assert all(_org(r) == [] for r in reps.values())
    # without the rest of the province, the same two reports do share those sentences
    pair = tmp_path / "pair"
    pair.mkdir()
    for i in range(2):
        (pair / f"r{i}.txt").write_text(sp.report_text(20 + i, template=7), encoding="utf-8")
    from checker.checks import textshare as ts
    from checker.report import Report

    s = Session({})
    r0, r1 = (Report(s.read(str(pair / f"r{i}.txt"))) for i in range(2))
    shared = ts.share_of(ts.part_clauses(r0)["other"], ts.keys_of(r1), "other")
    assert shared.copied > 0


def test_prescribed_wording_is_not_counted():
    """Headings, table labels and the standard sentences never count as shared text."""
    from checker.checks import textshare as ts
    text = ("五、存在的主要问题及改进情况\n"
            "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）"
            "和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
            "（国办公开办函〔2021〕30号）要求编制。本年度未收取信息处理费。")
    assert ts.clauses(text) == []


def test_same_body_reports_are_not_compared(tmp_path):
    """Two years of one body in one batch are the cross-year rules' business, not ORG003."""
    d = tmp_path / "s"
    d.mkdir()
    (d / "a.txt").write_text(sp.report_text(3), encoding="utf-8")
    (d / "b.txt").write_text(sp.report_text(3, copy_from=3), encoding="utf-8")
    reps = _score_json(tmp_path, d)
    assert all(_org(r) == [] for r in reps.values())


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    """Last year's report names the body 管委会, this year's 管理委员会; part 五 is carried over
    with its numbers updated."""
    root = tmp_path_factory.mktemp("years")
    (root / "2024").mkdir()
    (root / "2023").mkdir()
    (root / "2023" / "old.txt").write_text(
        sp.report_text(8, agency="平潭综合实验区 管委会", year=2023), encoding="utf-8")
    (root / "2024" / "new.txt").write_text(
        sp.report_text(9, agency="平潭综合实验区管理委员会", year=2024, copy_from=8),
        encoding="utf-8")
    (root / "2024" / "other.txt").write_text(sp.report_text(10, year=2024), encoding="utf-8")
    return root


def test_score_previous_matches_name_variants_and_finds_the_carry_over(two_years, tmp_path, capsys):
    csv_path = tmp_path / "s.csv"
    reps = _score_json(tmp_path, two_years / "2024", "--previous", str(two_years / "2023"),
                       "--csv", str(csv_path))
    new = reps["new.txt"]
    codes = [f["code"] for f in _org(new)]
    assert codes == ["ORG001"]
    assert "old.txt" in _org(new)[0]["message"]
    assert "XYR001" not in {n["code"] for n in new["not_assessable"]}  # matched: assessed
    assert _lost(new) == 5
    out = capsys.readouterr().out
    assert "未匹配到上年报告：1份" in out and "other.txt" in out.split("未匹配到上年报告")[1]
    rows = {Path(r["文件"]).name: r for r in
            csv.DictReader(csv_path.read_bytes().decode("utf-8-sig").splitlines())}
    assert rows["new.txt"]["上年报告"].endswith("old.txt") and rows["other.txt"]["上年报告"] == ""


def test_check_previous_reports_each_part(two_years):
    s = Session({})
    result = s.check(str(two_years / "2024" / "new.txt"),
                     previous=s.read(str(two_years / "2023" / "old.txt")))
    org = [f for f in result.findings if f.category == "originality"]
    assert [(f.code, f.part) for f in org] == [("ORG001", "problems")]
    assert org[0].actual == "100%"
    unrelated = s.check(str(two_years / "2024" / "other.txt"),
                        previous=s.read(str(two_years / "2023" / "old.txt")))
    assert not [f for f in unrelated.findings if f.category == "originality"]


def test_thresholds_are_options(two_years):
    """Raising ORG001's threshold above the share moves the part to no finding at all."""
    s = Session({"options": {"ORG001": {"min_share": 1}, "ORG002": {"max_share": 1}}})
    prev = s.read(str(two_years / "2023" / "old.txt"))
    result = s.check(str(two_years / "2024" / "new.txt"), previous=prev)
    assert [f.code for f in result.findings if f.category == "originality"] == ["ORG001"]
    s = Session({"options": {"ORG001": {"min_share": 0.99}}, "ignore": ["ORG002"]})
    assert [f.code for f in s.check(str(two_years / "2024" / "new.txt"), previous=prev).findings
            if f.category == "originality"] == ["ORG001"]


def test_without_a_previous_report_or_batch_it_is_not_assessable():
    s = Session({})
    result = s.check(str(ROOT / "fixtures" / "reports" / "clean-2021.json"))
    skipped = {n.code for n in result.not_assessable}
    assert {"ORG001", "ORG002", "ORG003", "ORG004", "ORG005"} <= skipped
    assert dict(result.grade.unassessed)["ORG001"] == 3


def _profile(parts: dict[str, list[int]]):
    import numpy as np

    from checker.workflows.batch.originality import TextProfile

    return TextProfile(tuple((p, np.array(k, dtype=np.int64), np.full(len(k), 10, dtype=np.int32))
                             for p, k in parts.items()))


def test_find_peers_uses_templates_roles_and_bodies():
    """Exact verification after LSH: template keys out, later date copies, one body never."""
    from checker.workflows.batch.originality import BatchSettings, find_peers

    template = list(range(1000, 1010))
    profiles = [_profile({"problems": template + [1, 2, 3, 4, 5]}),          # source
                _profile({"problems": template + [1, 2, 3, 4, 5, 6]}),       # copier
                _profile({"problems": template + [20, 21, 22, 23, 24]}),     # template only
                _profile({"problems": template + [30, 31, 32, 33, 34]}),
                _profile({"problems": template + [40, 41, 42, 43, 44]}),
                _profile({"problems": template + [1, 2, 3, 4, 5]})]          # same body as 0
    agencies = ["甲局", "乙局", "丙局", "丁局", "戊局", "甲局"]
    published = ["2024-01-10", "2024-01-20", "", "", "", "2024-01-30"]
    peers = find_peers(profiles, agencies, published, BatchSettings(min_chars=40))
    assert sorted(peers) == [0, 1, 5]
    assert peers[0][0] == [(1, "source")] and peers[1][0] == [(0, "copier"), (5, "source")]
    assert peers[5][0] == [(1, "copier")]  # 5 and 0 are one body: never paired
    assert sorted(int(k) for k in peers[1][1]) == template  # template keys handed on
