"""The batch HTML report: escaping and structure, and in headless Chromium (no network) the
table sorts by score, a report opens to show its findings, and the filters work."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from checker.workflows.batch.run import FindingRow, ReportSummary
from checker.cli.app import main
from checker.render.html_report import render_html
from tests.casekit import build

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "fixtures" / "reports"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def test_everything_is_escaped_and_the_offending_part_marked():
    """Report text cannot inject markup; the marked span is the finding's own."""
    f = FindingRow(code="TBL003", name="t3.balance", severity="error", category="data",
                   message="<script>alert(1)</script>", fingerprint="0123456789abcdef", line=3,
                   excerpt="总计\t<b>7</b>\t9", mark=(3, 11), expected="8", actual="<b>7</b>", points=5)
    s = ReportSummary(path="a<x>.txt", agency="机关&", year=2023, format="2021", score=95.0,
                      grade="优秀", grade_en="excellent", severities=(("error", 1),), findings=(f,))
    html = render_html([s])
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>&lt;b&gt;7&lt;/b&gt;</mark>" in html
    assert "a&lt;x&gt;.txt" in html and "机关&amp;" in html
    assert "https://" not in html and "<link" not in html and " src=" not in html


def test_severity_and_status_labels_follow_the_language():
    """Each badge is the (Chinese, English) label of its severity or decision, in the page's
    language; a severity without a label shows its own name in both."""
    rows = (FindingRow(code="DOC001", name="doc.a", severity="warning", category="text",
                       message="m", fingerprint="1" * 16, status="dismissed"),
            FindingRow(code="DOC002", name="doc.b", severity="notice", category="text",
                       message="m", fingerprint="2" * 16))
    s = ReportSummary(path="a.txt", score=90.0, grade="良好", grade_en="good", findings=rows)
    zh, en = render_html([s], "zh"), render_html([s], "en")
    assert '<span class="badge sev-warning">警告</span>' in zh
    assert '<span class="badge sev-warning">warning</span>' in en
    assert '<span class="status">已驳回</span>' in zh
    assert '<span class="status">dismissed</span>' in en
    for page in (zh, en):
        assert '<span class="badge sev-notice">notice</span>' in page


def _variant(base: str, agency: str, cells: dict[str, str]) -> str:
    data = build({"base": base, "cells": cells})
    data["meta"]["agency"] = agency
    return json.dumps(data, ensure_ascii=False)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """An HTML report of five reports with different scores, one unreadable."""
    d = tmp_path_factory.mktemp("html")
    (d / "b-seed.json").write_bytes((REPORTS / "seed-2023.json").read_bytes())
    (d / "a-clean.json").write_bytes((REPORTS / "clean-2021.json").read_bytes())
    (d / "c-wrong.json").write_text(_variant("clean-2021", "青岚县交通运输局", {"t3.r7.nat": "21"}), encoding="utf-8")
    (d / "d-wrong2.json").write_text(_variant("clean-2021", "青岚县水利局", {"t3.r1.nat": "13", "t3.cout.tot": "5"}),
                                     encoding="utf-8")
    (d / "e-empty.txt").write_bytes(b"")
    out = d / "report.html"
    assert main(["score", str(d), "--html", str(out), "--jobs", "1", "--fail-on", "blocker"]) == 0
    return out


def _driver(tmp_path):
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        pytest.skip("headless Chromium test needs the Debian packages chromium and chromium-driver "
                    "(apt-get install chromium chromium-driver); .ci/run installs them")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium (test extra) is not installed")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run",
                 "--disable-sync", "--window-size=1400,1000", f"--user-data-dir={tmp_path / 'profile'}"):
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service(DRIVER), options=opts)


def test_html_report_in_headless_chromium(page, tmp_path):
    """Sort by score (both directions), open a report to see its findings, filter, screenshot."""
    driver = _driver(tmp_path)
    try:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import Select

        driver.get(page.as_uri())
        rows = lambda: driver.find_elements(By.CSS_SELECTOR, "#reports tbody:not([hidden]) tr.row")  # noqa: E731
        score = lambda r: r.find_element(By.CSS_SELECTOR, "td.c-score").get_attribute("data-v")  # noqa: E731
        name = lambda r: Path(r.find_element(By.CSS_SELECTOR, "td.c-path").text).name  # noqa: E731
        assert [name(r) for r in rows()] == ["a-clean.json", "b-seed.json", "c-wrong.json",
                                             "d-wrong2.json", "e-empty.txt"]
        header = driver.find_element(By.CSS_SELECTOR, "#reports th[data-col='4']")
        header.click()
        scores = [score(r) for r in rows()]
        numeric = [float(s) for s in scores if s]
        assert numeric == sorted(numeric) and numeric[0] < numeric[-1]
        assert scores[-1] == "", "the unreadable report sorts last"
        assert name(rows()[0]) == "b-seed.json"
        header.click()
        numeric = [float(score(r)) for r in rows() if score(r)]
        assert numeric == sorted(numeric, reverse=True)
        assert header.get_attribute("aria-sort") == "descending"
        # open the seed: its findings, with source lines and a marked part
        seed = next(r for r in rows() if name(r) == "b-seed.json")
        detail = seed.find_element(By.XPATH, "following-sibling::tr[1]")
        assert not detail.is_displayed()
        seed.click()
        assert detail.is_displayed() and seed.get_attribute("aria-expanded") == "true"
        findings = detail.find_elements(By.CSS_SELECTOR, "li.finding")
        assert len(findings) > 5
        assert detail.find_elements(By.CSS_SELECTOR, "pre.excerpt mark")
        assert any(f.find_element(By.CSS_SELECTOR, ".code").text == "TBL010" for f in findings)
        driver.save_screenshot(str(tmp_path / "opened.png"))
        # filters: free text (a rule code), then grade
        box = driver.find_element(By.ID, "filter")
        box.send_keys("tbl003")
        assert sorted(name(r) for r in rows()) == ["c-wrong.json", "d-wrong2.json"]
        box.clear()
        box.send_keys(" ")  # clear() does not fire 'input'; an edit does
        Select(driver.find_element(By.ID, "grade-filter")).select_by_value("unreadable")
        assert [name(r) for r in rows()] == ["e-empty.txt"]
        assert driver.find_element(By.ID, "shown").text == "1 / 5"
        assert driver.find_element(By.ID, "rule-chart").is_displayed()
        logs = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
        assert not logs, logs
    finally:
        driver.quit()
    shot = tmp_path / "opened.png"
    assert shot.stat().st_size > 10_000
    keep = os.environ.get("GONGKAI_SCREENSHOT_DIR")
    if keep:  # keep the screenshot for a person to look at
        shutil.copy(shot, Path(keep) / "html-report-screenshot.png")
