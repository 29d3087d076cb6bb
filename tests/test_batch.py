"""``gongkai score``: a folder of reports in several formats, with a corrupt and an empty file."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from checker.cli.app import main
from tests.casekit import build

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "fixtures" / "raw"
REPORTS = ROOT / "fixtures" / "reports"


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory):
    """seed (JSON and text), clean, a wrong-cell JSON variant, a wrong-cell text variant,
    an HTML report, a corrupt JSON file, an empty text file, and an unsupported file."""
    d = tmp_path_factory.mktemp("batch")
    sub = d / "county" / "2023"
    sub.mkdir(parents=True)
    (d / "seed-2023.json").write_bytes((REPORTS / "seed-2023.json").read_bytes())
    (d / "clean-2021.json").write_bytes((REPORTS / "clean-2021.json").read_bytes())
    bad = build({"base": "clean-2021", "cells": {"t3.r7.nat": "21"}})
    bad["meta"]["agency"] = "青岚县交通运输局"
    # another body's verbatim copy of clean-2021's text, published later: the copier (ORG003)
    bad["meta"]["published"] = "2024-01-25"
    (sub / "wrong-cell.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    (sub / "seed-2023.txt").write_bytes((RAW / "seed-2023.txt").read_bytes())
    text = (RAW / "seed-2023.txt").read_text(encoding="utf-8")
    assert "二、上年结转政府信息公开申请数量\t\t3\t0" in text
    (sub / "seed-variant.txt").write_text(
        text.replace("二、上年结转政府信息公开申请数量\t\t3\t0", "二、上年结转政府信息公开申请数量\t\t5\t0"),
        encoding="utf-8")
    (d / "report.html").write_bytes((RAW / "report_utf8_2023.html").read_bytes())
    (d / "corrupt.json").write_text('{"schema": "gongkai.report/1", "meta": ', encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "notes.md").write_text("not a report", encoding="utf-8")  # unsupported: a row saying so
    return d


def _score(batch_dir, tmp_path, *extra):
    out = {k: tmp_path / f"a.{k}" for k in ("csv", "xlsx", "html")}
    code = main(["score", str(batch_dir), "--csv", str(out["csv"]), "--xlsx", str(out["xlsx"]),
                 "--html", str(out["html"]), *extra])
    return code, out


def _rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "the CSV carries a BOM for Excel"
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def test_score_writes_all_three_outputs_with_unreadable_rows(batch_dir, tmp_path, capsys):
    """All three outputs are written; the corrupt, empty and unsupported files are rows with
    their reasons."""
    code, out = _score(batch_dir, tmp_path, "--jobs", "2")
    assert code == 1  # the seed has errors; default --fail-on error
    rows = {Path(r["文件"]).name: r for r in _rows(out["csv"])}
    assert set(rows) == {"seed-2023.json", "clean-2021.json", "wrong-cell.json", "seed-2023.txt",
                         "seed-variant.txt", "report.html", "corrupt.json", "empty.txt",
                         "notes.md"}
    assert "invalid JSON" in rows["corrupt.json"]["读取或规则错误"]
    assert rows["corrupt.json"]["得分"] == ""
    assert "empty" in rows["empty.txt"]["读取或规则错误"]
    assert "unsupported file type '.md'" in rows["notes.md"]["读取或规则错误"]
    assert rows["clean-2021.json"]["得分"] == "100" and rows["clean-2021.json"]["等级"] == "优秀"
    assert float(rows["wrong-cell.json"]["得分"]) < 100 and int(rows["wrong-cell.json"]["错误"]) >= 1
    assert rows["seed-2023.txt"]["识别格式"] == "2021"
    assert float(rows["seed-variant.txt"]["得分"]) < float(rows["seed-2023.txt"]["得分"])
    # the workbook: reports, then every finding
    from openpyxl import load_workbook

    wb = load_workbook(out["xlsx"], read_only=True)
    assert wb.sheetnames == ["报告", "问题"]
    reports = list(wb["报告"].iter_rows(values_only=True))
    findings = list(wb["问题"].iter_rows(values_only=True))
    assert len(reports) == 10
    assert findings[0][:4] == ("报告", "规则", "严重程度", "说明")
    seed_findings = [f for f in findings[1:] if f[0].endswith("seed-2023.json")]
    assert len(seed_findings) == sum(int(rows["seed-2023.json"][k]) for k in ("否决", "错误", "警告", "提示"))
    assert any(f[1] == "TBL003" for f in findings[1:] if f[0].endswith("wrong-cell.json"))
    html = out["html"].read_text(encoding="utf-8")
    assert "invalid JSON" in html and "file is empty" in html
    assert "<mark>" in html and 'id="rule-chart"' in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    summary = capsys.readouterr().out
    assert "共读取9份报告，其中3份无法读取" in summary


def test_exit_code_follows_fail_on(batch_dir, tmp_path):
    """--fail-on blocker: no blockers → 0; --fail-on info → 1; unreadable files do not make it 2."""
    assert _score(batch_dir, tmp_path, "--jobs", "1", "--fail-on", "blocker")[0] == 0
    assert _score(batch_dir, tmp_path, "--jobs", "1", "--fail-on", "info")[0] == 1


def test_output_is_the_same_for_one_and_two_jobs(batch_dir, tmp_path, capsys):
    """CSV, HTML and the plain summary do not depend on --jobs."""
    (tmp_path / "j1").mkdir()
    (tmp_path / "j2").mkdir()
    _score(batch_dir, tmp_path / "j1", "--jobs", "1")
    s1 = capsys.readouterr().out
    _score(batch_dir, tmp_path / "j2", "--jobs", "2")
    s2 = capsys.readouterr().out
    for ext in ("csv", "html"):
        assert (tmp_path / "j1" / f"a.{ext}").read_bytes() == (tmp_path / "j2" / f"a.{ext}").read_bytes()
    assert s1.replace("/j1/", "/") == s2.replace("/j2/", "/")


def test_english_headers(batch_dir, tmp_path):
    """--lang en: English headers and grades."""
    out = tmp_path / "en.csv"
    main(["score", str(batch_dir), "--csv", str(out), "--lang", "en", "--jobs", "1"])
    rows = list(csv.DictReader(out.read_bytes().decode("utf-8-sig").splitlines()))
    assert list(rows[0])[:6] == ["file", "agency", "year", "format", "score", "grade"]
    assert {r["grade"] for r in rows if r["file"].endswith("clean-2021.json")} == {"excellent"}


def test_usage_errors_exit_2(tmp_path, capsys):
    """A missing path, an empty folder or an output in a missing folder: exit 2 with a message."""
    assert main(["score", str(tmp_path / "nope")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["score", str(tmp_path / "empty")]) == 2
    assert "no report files found" in capsys.readouterr().err
    assert main(["score", str(REPORTS), "--csv", str(tmp_path / "no" / "a.csv")]) == 2
    assert main(["score", str(REPORTS), "--jobs", "0"]) == 2


def test_outputs_inside_the_batch_folder_are_not_read_back(batch_dir, tmp_path):
    """A previous run's HTML in the scored folder is excluded when it is this run's output."""
    d = tmp_path / "own"
    d.mkdir()
    (d / "seed.json").write_bytes((REPORTS / "seed-2023.json").read_bytes())
    assert main(["score", str(d), "--html", str(d / "out.html"), "--csv", str(d / "out.csv"),
                 "--fail-on", "blocker"]) == 0
    main(["score", str(d), "--html", str(d / "out.html"), "--csv", str(d / "out.csv")])
    rows = _rows(d / "out.csv")
    assert [Path(r["文件"]).name for r in rows] == ["seed.json"]
    assert not [p for p in d.iterdir() if p.name.startswith(".")], "no temporary files left"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="watches the pool through Linux /proc")
def test_ctrl_c_leaves_no_partial_files_and_no_workers(tmp_path):
    """SIGINT mid-batch: exit 130, no output files (not even temporary ones), pool gone."""
    import os
    import signal
    import subprocess
    import sys
    import time

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth

    synth.generate(tmp_path / "r", 1500, seed=1)
    out = tmp_path / "out"
    out.mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT), GONGKAI_NO_CACHE="1")
    proc = subprocess.Popen([sys.executable, "-m", "checker", "score", str(tmp_path / "r"), "--jobs", "2",
                             "--csv", str(out / "a.csv"), "--html", str(out / "a.html")],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workers: list[int] = []
    deadline = time.monotonic() + 20
    while len(workers) < 2 and time.monotonic() < deadline:  # wait until the pool is working
        time.sleep(0.1)
        workers = [int(p) for p in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
    assert len(workers) == 2, "the pool did not start"
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert list(out.iterdir()) == []
    time.sleep(0.5)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()
             and "Z" not in Path(f"/proc/{w}/stat").read_text().split()[2]]
    assert alive == []
