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

    assert out.startswith(f"{len(Session({}, entry_points=False).rules)} rules, 2 runs")
    for kind in ("identity", "pattern", "percentage", "narrative", "docnumber", "citation"):
        assert f"  {kind} " in out
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
