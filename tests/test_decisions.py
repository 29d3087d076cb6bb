"""Reviewer decisions: dismissed findings leave the score; stale decisions are listed."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from checker.workflows import decisions as dec
from checker.cli.app import main
from checker.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "reports" / "seed-2023.json"


def _score(csv_path: Path) -> float:
    rows = list(csv.DictReader(csv_path.read_bytes().decode("utf-8-sig").splitlines()))
    assert len(rows) == 1
    return float(rows[0]["得分"]), int(rows[0]["已驳回"])


def _uncapped_finding(session):
    """A seed finding with its own deduction, in a category that is not at its cap."""
    result = session.check(str(SEED))
    lost = {c.id: (c.lost, c.weight) for c in result.grade.categories}
    by_fp = {f.fingerprint: f for f in result.findings}
    for d in result.grade.deductions:
        f = by_fp[d.fingerprint]
        if d.points > 0 and f.root is None and lost[d.category][0] < lost[d.category][1]:
            return f, d.points
    pytest.fail("the seed has no uncapped finding to dismiss")


def test_dismissing_a_finding_raises_the_score_by_its_deduction(session, tmp_path, capsys,
                                                                 monkeypatch):
    """`review set --dismiss` and `score`, both with their defaults and run from the same
    place, use one decisions file: the re-run's score rises by exactly that deduction."""
    d = tmp_path / "batch"
    d.mkdir()
    (d / "seed.json").write_bytes(SEED.read_bytes())
    monkeypatch.chdir(tmp_path)
    finding, points = _uncapped_finding(session)
    main(["score", "batch", "--csv", "before.csv", "--jobs", "1"])
    before, dismissed = _score(tmp_path / "before.csv")
    assert dismissed == 0
    assert main(["review", "set", finding.fingerprint, "--dismiss", "--reason", "表内已说明",
                 "--reviewer", "王审核", "--report", "batch"]) == 0
    stored = json.loads((tmp_path / dec.DEFAULT_NAME).read_text(encoding="utf-8"))
    assert stored[finding.fingerprint]["status"] == "dismissed"
    assert stored[finding.fingerprint]["reviewer"] == "王审核"
    # looked up in the report named: its file, rule and message are recorded
    assert stored[finding.fingerprint]["code"] == finding.code
    assert stored[finding.fingerprint]["file"].endswith("seed.json")
    capsys.readouterr()
    main(["score", "batch", "--csv", "after.csv", "--jobs", "2"])
    after, dismissed = _score(tmp_path / "after.csv")
    assert after == pytest.approx(before + points)
    assert dismissed == 1
    out = capsys.readouterr().out
    assert "已驳回的问题：1 条" in out and "未匹配" not in out
    # review list: file, rule, message excerpt, reviewer, date and whether it still matches
    assert main(["review", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    row = next(line.split("\t") for line in listed if line.startswith(finding.fingerprint))
    assert row[1] == "dismissed" and row[2].endswith("seed.json") and row[3] == finding.code
    assert row[4] and row[5] == "王审核" and row[6] and row[7] == "是"


def test_review_list_says_when_a_decision_no_longer_matches(tmp_path, capsys, monkeypatch):
    """A decision whose finding was fixed in the corrected report lists as not matching."""
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "seed.json"
    report.write_bytes(SEED.read_bytes())
    from checker.api import Session

    target = Session({}).check(str(report)).findings[0]
    assert main(["review", "set", target.fingerprint, "--confirm", "--report", str(report)]) == 0
    # the corrected report no longer has the defect (here: a clean report in its place)
    report.write_bytes((ROOT / "fixtures" / "reports" / "clean-2021.json").read_bytes())
    capsys.readouterr()
    assert main(["review", "list"]) == 0
    row = next(line.split("\t") for line in capsys.readouterr().out.splitlines()
               if line.startswith(target.fingerprint))
    assert row[7] == "否" and row[3] == target.code  # checked again, and it is gone


def test_stale_decisions_are_listed(tmp_path, capsys):
    """A decision whose fingerprint matches no finding is listed in the summary and the HTML."""
    d = tmp_path / "batch"
    d.mkdir()
    (d / "seed.json").write_bytes(SEED.read_bytes())
    path = tmp_path / "decisions.toml"
    dec.set_decision(path, "deadbeefdeadbeef", "dismissed", "旧的决定", reviewer="李")
    assert dec.load_decisions(path)["deadbeefdeadbeef"].reason == "旧的决定"
    main(["score", str(d), "--decisions", str(path), "--html", str(tmp_path / "a.html"), "--jobs", "1"])
    out = capsys.readouterr().out
    assert "未匹配任何问题的审核决定" in out and "deadbeefdeadbeef  dismissed  旧的决定" in out
    assert "deadbeefdeadbeef" in (tmp_path / "a.html").read_text(encoding="utf-8")


def test_review_set_confirm_clear_and_list(tmp_path, capsys):
    """confirm, list and clear; a dismissal needs a reason; a fingerprint must look like one."""
    path = tmp_path / "d.json"
    args = ["--decisions", str(path)]
    assert main(["review", "set", "0123456789abcdef", "--confirm", *args]) == 0
    assert main(["review", "list", *args]) == 0
    assert "0123456789abcdef\tconfirmed" in capsys.readouterr().out
    assert main(["review", "set", "0123456789abcdef", "--dismiss", *args]) == 2
    assert "needs a reason" in capsys.readouterr().err
    assert main(["review", "set", "not-a-fingerprint", "--confirm", *args]) == 2
    assert main(["review", "set", "0123456789abcdef", "--clear", *args]) == 0
    assert dec.load_decisions(path) == {}


def test_invalid_decisions_file_is_a_clear_error(tmp_path):
    """A decisions file with a bad status names the key."""
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"abcdefabcdefabcd": {"status": "maybe"}}), encoding="utf-8")
    with pytest.raises(InputError, match="abcdefabcdefabcd"):
        dec.load_decisions(path)
    d = tmp_path / "b"
    d.mkdir()
    (d / "seed.json").write_bytes(SEED.read_bytes())
    assert main(["score", str(d), "--decisions", str(path)]) == 2


def test_review_set_records_a_finding_not_found_alone_with_a_warning(tmp_path, capsys,
                                                                     monkeypatch):
    """A batch-only finding cannot be looked up in one report: recorded, with a warning."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seed.json").write_bytes(SEED.read_bytes())
    assert main(["review", "set", "00000000deadbeef", "--confirm", "--report", "seed.json"]) == 0
    assert "00000000deadbeef" in capsys.readouterr().err
    stored = json.loads((tmp_path / dec.DEFAULT_NAME).read_text(encoding="utf-8"))
    assert stored["00000000deadbeef"]["status"] == "confirmed" and "file" not in stored["00000000deadbeef"]
    assert main(["review", "list"]) == 0
    row = next(line.split("\t") for line in capsys.readouterr().out.splitlines()
               if line.startswith("00000000deadbeef"))
    assert row[2] == "—" and row[7] == "未知"


def _decide_many(args: tuple[str, int, float]) -> None:
    import time

    path, start, at = args
    time.sleep(max(0.0, at - time.time()))  # both processes start writing at the same moment
    for i in range(start, start + 30):
        dec.set_decision(path, f"{i:016x}", "confirmed", reviewer="p", now="2024-01-01T00:00:00")


def test_two_processes_deciding_at_once_keep_every_decision(tmp_path: Path) -> None:
    """The read-change-write of the decisions file is under a lock file: no decision is lost."""
    import multiprocessing
    import time

    path = tmp_path / dec.DEFAULT_NAME
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        at = time.time() + 3
        pool.map(_decide_many, [(str(path), 0, at), (str(path), 100, at)], chunksize=1)
    assert len(dec.load_decisions(path)) == 60
    assert dec.lock_path(path).name.startswith(".")  # hidden: a batch never reads it as a report
