"""Suppressions (with reasons, in configuration or a sidecar) and baselines."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from checker.cli.app import build_parser, main
from checker.cli.check import run_check
from tests.clitools import check  # noqa: F401 - the shared helper
from checker.errors import GongkaiError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "reports" / "seed-2023.json"




@pytest.fixture
def seed(tmp_path, seed_result):
    report = tmp_path / "reports" / "seed.json"
    report.parent.mkdir()
    shutil.copy2(SEED, report)
    return report


def _json(argv, capsys):
    code, out, err = check([*argv, "--format", "json"], capsys)
    return code, json.loads(out), err


def test_config_suppression_by_code_moves_findings_and_raises_the_score(tmp_path, seed, seed_result, capsys):
    """A code suppression takes the rule's findings out of the findings and the score."""
    code_, plain, _ = _json([str(seed)], capsys)
    (tmp_path / "gongkai.toml").write_text(
        'suppress = [{ code = "SEC013", reason = "小标题沿用省里模板" }]\n', encoding="utf-8")
    code, doc, _ = _json([str(seed)], capsys)
    rep = doc["reports"][0]
    n = sum(1 for f in seed_result.findings if f.code == "SEC013")
    assert n and not any(f["code"] == "SEC013" for f in rep["findings"])
    assert len(rep["suppressed"]) == n
    assert {s["reason"] for s in rep["suppressed"]} == {"小标题沿用省里模板"}
    assert rep["score"] >= plain["reports"][0]["score"]
    assert doc["stale_suppressions"] == []


def test_suppression_without_reason_is_refused(tmp_path, seed, capsys):
    """A reason is required: without one the run stops with exit 2."""
    (tmp_path / "gongkai.toml").write_text('suppress = [{ code = "SEC013" }]\n', encoding="utf-8")
    code, _, err = check([str(seed)], capsys)
    assert code == 2 and "needs a 'reason'" in err
    (tmp_path / "gongkai.toml").write_text(
        'suppress = [{ code = "SEC013", reson = "x" }]\n', encoding="utf-8")
    code, _, err = check([str(seed)], capsys)
    assert code == 2 and "did you mean 'reason'?" in err


def test_sidecar_suppresses_one_finding_by_fingerprint(seed, seed_result, capsys):
    """gongkai-suppressions.toml beside the report suppresses exactly the named finding."""
    target = next(f for f in seed_result.findings if f.code == "SEC013")
    (seed.parent / "gongkai-suppressions.toml").write_text(
        f'[{target.fingerprint}]\nreason = "原文如此"\ncode = "SEC013"\n', encoding="utf-8")
    _, doc, _ = _json([str(seed)], capsys)
    rep = doc["reports"][0]
    assert rep["suppressed"] == [{"code": "SEC013", "fingerprint": target.fingerprint, "reason": "原文如此"}]
    assert len(rep["findings"]) == len(seed_result.findings) - 1
    assert target.fingerprint not in {f["fingerprint"] for f in rep["findings"]}


def test_sidecar_errors_are_clear(seed, capsys):
    """A sidecar entry without a reason or with an unknown key is an input error (exit 2)."""
    sidecar = seed.parent / "gongkai-suppressions.toml"
    sidecar.write_text('[0123456789abcdef]\ncode = "SEC013"\n', encoding="utf-8")
    code, _, err = check([str(seed)], capsys)
    assert code == 2 and "gongkai-suppressions.toml" in err and "reason" in err
    sidecar.write_text('[0123456789abcdef]\nreason = "x"\npath = ["a"]\n', encoding="utf-8")
    code, _, err = check([str(seed)], capsys)
    assert code == 2 and "did you mean 'paths'?" in err


def test_stale_suppressions_are_listed(tmp_path, seed, seed_result, capsys):
    """Suppressions that match nothing are listed in the text footer and in JSON."""
    (tmp_path / "gongkai.toml").write_text(
        'suppress = [\n'
        '  { code = "SEC013", reason = "used" },\n'
        '  { code = "TBL003", reason = "the balance was fixed long ago" },\n'
        '  { code = "FEE001", reason = "rule not selected", paths = ["elsewhere/*"] },\n'
        ']\n', encoding="utf-8")
    (seed.parent / "gongkai-suppressions.toml").write_text(
        '[ffffffffffffffff]\nreason = "defect fixed"\n', encoding="utf-8")
    code, out, _ = check([str(seed), "--no-color"], capsys)
    assert "2条抑制已不再匹配任何问题" in out
    assert "TBL003" in out and "ffffffffffffffff" in out and "FEE001" not in out.split("抑制")[-1]
    _, doc, _ = _json([str(seed)], capsys)
    stale = doc["stale_suppressions"]
    assert sorted(s.get("code") or s["fingerprint"] for s in stale) == ["TBL003", "ffffffffffffffff"]
    assert all(s["reason"] and s["origin"] for s in stale)
    # A rule that did not run cannot make its suppression stale.
    _, doc, _ = _json([str(seed), "--ignore", "TBL003"], capsys)
    assert [s.get("code") or s["fingerprint"] for s in doc["stale_suppressions"]] == ["ffffffffffffffff"]


def test_suppression_paths_limit_scope(tmp_path, seed, capsys):
    """A suppression with paths applies only to matching reports."""
    (tmp_path / "gongkai.toml").write_text(
        'suppress = [{ code = "SEC*", reason = "2019 folder only", paths = ["archive/*"] }]\n',
        encoding="utf-8")
    _, doc, _ = _json([str(seed)], capsys)
    assert doc["reports"][0]["suppressed"] == [] and doc["stale_suppressions"] == []
    (tmp_path / "archive").mkdir()
    shutil.copy2(seed, tmp_path / "archive" / "seed.json")
    _, doc, _ = _json([str(tmp_path / "archive" / "seed.json")], capsys)
    assert doc["reports"][0]["suppressed"] and not any(
        f["code"].startswith("SEC") for f in doc["reports"][0]["findings"])


def test_baseline_then_only_new_findings(tmp_path, seed, seed_result, capsys):
    """`gongkai baseline` records findings; `--baseline` hides them and shows new ones only."""
    out = tmp_path / "baseline.json"
    assert main(["baseline", str(seed), "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema"] == "gongkai.results/1"
    assert len(doc["reports"][0]["findings"]) == len(seed_result.findings)
    assert not list(tmp_path.glob(".baseline.json.*"))  # written atomically, no leftovers
    code, doc, _ = _json([str(seed), "--baseline", str(out)], capsys)
    assert code == 0 and doc["reports"][0]["findings"] == []
    # A baseline made without the doc-numbers pack: those findings are new.
    partial = tmp_path / "partial.json"
    assert main(["baseline", str(seed), "-o", str(partial), "--ignore", "doc-numbers"]) == 0
    code, doc, _ = _json([str(seed), "--baseline", str(partial)], capsys)
    shown = {f["code"] for f in doc["reports"][0]["findings"]}
    assert code == 1 and shown and all(c.startswith("DOC") for c in shown)


def test_baseline_errors(tmp_path, seed, capsys):
    """A missing or foreign baseline, or an unwritable target, is exit 2 with a message."""
    code, _, err = check([str(seed), "--baseline", str(tmp_path / "nope.json")], capsys)
    assert code == 2 and "cannot read baseline" in err
    (tmp_path / "other.json").write_text('{"reports": []}', encoding="utf-8")
    code, _, err = check([str(seed), "--baseline", str(tmp_path / "other.json")], capsys)
    assert code == 2 and "not a gongkai baseline" in err
    assert main(["baseline", str(seed), "-o", str(tmp_path / "no" / "dir.json")]) == 2
    assert "cannot write baseline" in capsys.readouterr().err
    assert main(["baseline", str(tmp_path / "missing.json"), "-o", str(tmp_path / "b.json")]) == 2
    assert not (tmp_path / "b.json").exists()


def test_apply_suppressions_keeps_working_with_a_session(seed, seed_result):
    """The session-level helper (used by batch scoring) applies config and sidecar alike."""
    from checker.api import Session
    from checker.workflows.rescore import apply_suppressions
    from checker.workflows.suppress import Tracker

    target = seed_result.findings[0]
    (seed.parent / "gongkai-suppressions.toml").write_text(
        f'[{target.fingerprint}]\nreason = "ok"\n', encoding="utf-8")
    session = Session({"suppress": [{"code": "SEC013", "reason": "r"}]}, entry_points=False)
    tracker = Tracker()
    result = apply_suppressions(session.check(str(seed)), session, tracker)
    gone = {f.fingerprint for f in result.suppressed}
    assert target.fingerprint in gone
    assert {f.fingerprint for f in seed_result.findings if f.code == "SEC013"} <= gone
    assert tracker.stale() == []
