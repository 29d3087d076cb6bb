"""The benchmark scripts keep working (they are run by hand; no timing is asserted here)."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bench_rules_lists_every_check_kind(capsys):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_rules
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    assert bench_rules.main(["--runs", "2", "--top", "3"]) == 0
    out = capsys.readouterr().out
    from checker.api import Session

    rules = Session({}, entry_points=False).rules
    assert out.startswith(f"{len(rules)} rules, 2 runs")
    for family in {rule.check.split(".")[0] for rule in rules}:  # percentage.* → percentage
        assert f"  {family} " in out, family
    slowest = out.split("slowest 3 rules:\n")[1].strip().splitlines()
    assert len(slowest) == 3


def _bench(name: str):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        return __import__(name)
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


def test_bench_api_compares_one_call_with_a_session(capsys):
    assert _bench("bench_api").main(["--runs", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [ln.split(":")[0] for ln in lines[:2]] == ["seed JSON", "seed text"]
    assert "checker.check" in lines[0] and "ratio" in lines[0]
    assert lines[2].startswith("worst ratio ")


def test_bench_cold_measures_whole_processes(capsys):
    """In place (no virtualenv to make): every command runs and gives a ratio."""
    assert _bench("bench_cold").main(["--in-place", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("in this interpreter (PYTHONPATH), not a fresh virtualenv")
    assert "gongkai check seed.json " in out and "--format json" in out and "×" in out
    assert "GONGKAI_NO_CACHE=1" in out


def test_bench_sweep_reports_formats_and_cluster_size(capsys, tmp_path):
    import json

    out = tmp_path / "sweep.json"
    assert _bench("bench_sweep").main(["--count", "3", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data["formats"]) <= {"pdf", "html", "txt"} and {"html", "txt"} <= set(data["formats"])
    for m in data["formats"].values():
        assert m["n"] >= 1 and m["errors"] == 0 and m["cpu_per_report"] > 0 and m["peak_mb"] > 0
    sweep = data["sweep"]
    assert sweep["cores_for_one_hour"] >= 1
    assert abs(sweep["core_hours"] - 100_000 * sweep["mean_cpu_ms"] / 1000 / 3600) < 1e-6
    assert "10⁵ reports (generated reports)" in text and "reports/s per core" in text


def test_bench_sweep_mix_is_parsed_and_checked():
    import argparse

    import pytest

    b = _bench("bench_sweep")
    assert b.parse_mix("pdf=70,html=20,txt=10") == {"pdf": 70, "html": 20, "txt": 10}
    assert b.counts(10, {"pdf": 60, "html": 30, "txt": 10}) == {"pdf": 6, "html": 3, "txt": 1}
    for bad in ("doc=5", "pdf=x", "pdf=0"):
        with pytest.raises(argparse.ArgumentTypeError):
            b.parse_mix(bad)


def test_guard_flags_only_timings_more_than_ten_percent_slower():
    """The speed guard's comparison: 10 % slower passes, 10.5 % slower fails, faster passes,
    and a timing missing on either side is not compared."""
    guard = _bench("guard")
    baseline = {"check_json_ms": 10.0, "batch_ms_per_report": 20.0, "pdf_30_pages_s": 0.4,
                "cold_start_cpu_ms": 300.0}
    current = {"check_json_ms": 11.0, "batch_ms_per_report": 22.1, "cold_start_cpu_ms": 150.0,
               "normalise_check_text_ms": 99.0}
    found = guard.compare(baseline, current)
    assert [r.name for r in found] == ["batch_ms_per_report"]
    assert abs(found[0].change - 0.105) < 1e-9
    assert guard.compare(baseline, current, tolerance=0.2) == []
    assert guard.compare({"x": 0.0}, {"x": 5.0}) == []


def test_guard_check_remeasures_a_suspect_and_exits_by_the_result(tmp_path, monkeypatch):
    """A suspected regression is measured again; the check fails (1) only if it stays slower,
    and says 2 without a baseline."""
    import json

    guard = _bench("guard")
    base = tmp_path / "baseline.json"
    lines: list[str] = []
    assert guard.check(base, rounds=1, out=lines.append) == 2
    machine = guard._machine()
    base.write_text(json.dumps({**machine, "timings": {"check_json_ms": 10.0,
                                                       "cold_start_cpu_ms": 100.0}}))
    calls: list[list[str]] = []
    runs = iter([{"check_json_ms": 12.0, "cold_start_cpu_ms": 100.0}, {"check_json_ms": 10.5}])
    monkeypatch.setattr(guard, "measure", lambda names, rounds: calls.append(names) or next(runs))
    assert guard.check(base, rounds=1, out=lines.append) == 0  # the second look was fine
    assert calls == [["check_json_ms", "cold_start_cpu_ms"], ["check_json_ms"]]
    runs = iter([{"check_json_ms": 12.0, "cold_start_cpu_ms": 100.0}, {"check_json_ms": 11.5}])
    lines.clear()
    assert guard.check(base, rounds=1, out=lines.append) == 1
    assert lines[0].startswith("REGRESSION") and "+15.0%" in lines[0]
