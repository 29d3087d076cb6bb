"""Coverage: every grade says how many points were assessed; too few → 待核验, not a band."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from checker.api import Session
from checker.cli.app import main
from checker.grading.coverage import rule_points, unassessed
from checker.findings import NotAssessable

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "fixtures" / "older"


@pytest.mark.parametrize("name", ["pre2019-crawl-2018.txt", "narrative-2018.txt"])
def test_real_older_or_tableless_reports_are_not_graded_excellent_or_good(session, name):
    """Real pre-2019 reports without table 3: most rules cannot run."""
    from checker.render.json_out import result_to_dict

    rep = result_to_dict(session.check(str(REAL / name)))
    assert rep["grade"] not in ("优秀", "良好")
    assert rep["unassessed_points"] > 20
    assert rep["assessed_points"] == pytest.approx(100 - rep["unassessed_points"])
    assert rep["grade"] in ("待核验", "不合格")  # 不合格 when a blocker already fails it


def test_check_shows_the_coverage_of_an_older_report(capsys):
    assert main(["check", str(REAL / "pre2019-crawl-2018.txt"), "--format", "json"]) in (0, 1)
    rep = json.loads(capsys.readouterr().out)["reports"][0]
    assert rep["grade"] == "待核验" and rep["needs_review"] and rep["assessed_points"] < 80
    main(["check", str(REAL / "pre2019-crawl-2018.txt")])
    assert "待核验" in capsys.readouterr().out


def test_needs_review_shows_the_score_against_what_was_assessable(session):
    result = session.check(str(REAL / "pre2019-crawl-2018.txt"))
    g = result.grade
    assert g.needs_review and g.grade == "待核验" and g.grade_en == "needs review"
    lost = sum(c.lost for c in g.categories)
    assert g.assessed_score == pytest.approx(max(0, g.assessed_points - lost))


def test_score_sheet_and_html_show_coverage_and_sort_review_apart(tmp_path):
    d = tmp_path / "b"
    d.mkdir()
    (d / "a-old.txt").write_bytes((REAL / "pre2019-crawl-2018.txt").read_bytes())
    clean = ROOT / "fixtures" / "reports" / "clean-2021.json"
    (d / "b-clean.json").write_bytes(clean.read_bytes())
    main(["score", str(d), "--csv", str(tmp_path / "s.csv"), "--html", str(tmp_path / "s.html"),
          "--jobs", "1"])
    rows = list(csv.DictReader((tmp_path / "s.csv").read_bytes().decode("utf-8-sig").splitlines()))
    assert [Path(r["文件"]).name for r in rows] == ["b-clean.json", "a-old.txt"]  # review last
    old = rows[1]
    assert old["等级"] == "待核验" and float(old["已评估分值"]) < 80
    assert float(old["可评估部分得分"]) <= float(old["已评估分值"])
    html = (tmp_path / "s.html").read_text(encoding="utf-8")
    main_table, review = html.split('<table id="review">')
    assert "a-old.txt" in review and "a-old.txt" not in main_table.split('id="reports"')[1]
    assert "已评估" in review


def test_a_configured_threshold_changes_the_grade(tmp_path):
    profile = (ROOT / "checker" / "profiles" / "default.toml").read_text(encoding="utf-8")
    p = tmp_path / "lenient.toml"
    p.write_text(profile.replace("max_unassessed = 20", "max_unassessed = 90"), encoding="utf-8")
    g = Session({"profile": str(p)}).check(str(REAL / "pre2019-crawl-2018.txt")).grade
    assert not g.needs_review and g.grade != "待核验"


def test_rule_points_spread_a_category_and_explicit_points_win():
    pts = rule_points({"data": 10.0, "o": 10.0}, {"O1": 6.0},
                      {"D1": "data", "D2": "data", "O1": "o", "O2": "o"})
    assert pts == {"D1": 5.0, "D2": 5.0, "O1": 6.0, "O2": 4.0}


def test_a_rule_with_a_finding_was_assessed_even_if_it_also_skipped():
    skip = [NotAssessable("D1", "d1", "p", "data", "why"),
            NotAssessable("D2", "d2", "p", "data", "why")]
    rules = {"D1": "data", "D2": "data"}
    total, items = unassessed({"data": 10.0}, {}, rules, ["data"], skip, {"D1"})
    assert total == 5 and items == (("D2", 5.0),)
    total, _ = unassessed({"data": 10.0, "x": 7.0}, {}, {"D1": "data"}, ["data"], (), ())
    assert total == 7  # a category no rule of which ran


def test_rescoring_keeps_coverage(session, tmp_path):
    """A suppression re-scores the result; the unassessed points survive (they used to be 0)."""
    result = session.check(str(REAL / "pre2019-crawl-2018.txt"))
    before = result.grade.unassessed_points
    from checker.workflows.rescore import Rescoring, rescore

    target = result.findings[0]
    again = rescore(result, session, Rescoring(decisions={target.fingerprint: "dismissed"}))
    assert target in again.suppressed
    assert again.grade.unassessed_points == before and again.grade.needs_review


def test_what_a_single_run_was_not_given_does_not_send_a_report_to_review(session, tmp_path):
    """Originality, cross-year and the local deadline cannot run on one report checked alone:
    their points are shown as unassessed, but only what the report itself keeps from being
    checked counts against the review threshold — a profile without ``context`` sends the same
    report to review."""
    import re

    seed = ROOT / "fixtures" / "raw" / "seed-2023.txt"
    assert session.check(str(seed)).grade.grade != "待核验"
    profile = (ROOT / "checker" / "profiles" / "default.toml").read_text(encoding="utf-8")
    strict = profile.replace("max_unassessed = 20", "max_unassessed = 5")
    p = tmp_path / "strict.toml"
    p.write_text(strict, encoding="utf-8")
    g = Session({"profile": str(p)}).check(str(seed)).grade
    assert g.unassessed_points > 5  # originality alone is 10
    assert not g.needs_review  # ...all of it context: the seed itself is fully read
    p.write_text(re.sub(r"context = \[[^\]]*\]", "context = []", strict), encoding="utf-8")
    g = Session({"profile": str(p)}).check(str(seed)).grade
    assert g.needs_review and g.grade == "待核验"
