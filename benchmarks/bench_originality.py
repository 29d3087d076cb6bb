"""What originality across a batch costs: ``gongkai score`` with and without the batch rules.

    python benchmarks/bench_originality.py                  # 10,000 reports, --jobs 2
    python benchmarks/bench_originality.py --count 2000

The reports (benchmarks/synth_prose.py, seed 0) have realistic free text: 30 provincial
templates shared by a thirtieth of the batch each, sentences of each body's own, and 20 reports
that copy part 五 of another body's report (numbers changed). The same folder is scored twice
as its own process (``python -m checker score DIR --jobs N --csv FILE``): once with
``--ignore ORG003,ORG004,ORG005`` (no batch comparison: no text profiles, no MinHash, no second
pass) and once with every rule. The difference in wall-clock and CPU seconds is the extra cost
of originality across the batch; the peak resident memory of the whole process tree (gongkai
and its pool workers, sampled from /proc every 20 ms) is reported for both. The score sheet of
the full run must show exactly the 20 copiers losing originality points (targets: ≤ 30 s
extra on 2 cores, ≤ 500 MB).
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_batch import run_score  # noqa: E402  (after the path insert)


def _run(folder: Path, out: Path, jobs: int, extra: list[str]) -> dict[str, Any]:
    seconds, peak_kb, info, err = run_score(folder, out, jobs, extra)
    return {"seconds": seconds, "peak_mb": peak_kb / 1024,
            "cpu": info.get("self_cpu", 0) + info.get("child_cpu", 0),
            "parent_cpu": info.get("self_cpu", 0), "exit": info.get("code"),
            "stderr_tail": "" if info else err[-800:]}


def _copiers(sheet: Path) -> list[str]:
    rows = list(csv.DictReader(sheet.read_bytes().decode("utf-8-sig").splitlines()))
    col = next(c for c in rows[0] if c.startswith("原创性"))
    return sorted(Path(r["文件"]).name for r in rows if r[col] and float(r[col]) < 10)


def measure(count: int = 10000, jobs: int = 2, templates: int = 30, copies: int = 20
            ) -> dict[str, Any]:
    import synth_prose

    with tempfile.TemporaryDirectory(prefix="gongkai-orig-") as tmp:
        d = Path(tmp) / "reports"
        t0 = time.perf_counter()
        synth_prose.generate(d, count, seed=0, templates=templates, copies=copies)
        gen_s = time.perf_counter() - t0
        base = _run(d, Path(tmp) / "base.csv", jobs, ["--ignore", "ORG003,ORG004,ORG005"])
        full = _run(d, Path(tmp) / "full.csv", jobs, [])
        found = _copiers(Path(tmp) / "full.csv")
        base_found = _copiers(Path(tmp) / "base.csv")
    expected = sorted(f"report-{count - 2 * k - 1:05d}.txt" for k in range(copies))
    return {"count": count, "jobs": jobs, "generate_s": gen_s, "base": base, "full": full,
            "extra_s": full["seconds"] - base["seconds"], "extra_cpu": full["cpu"] - base["cpu"],
            "found": found, "expected": expected, "base_found": base_found,
            "load": os.getloadavg()[0]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    r = measure(args.count, args.jobs)
    b, f = r["base"], r["full"]
    print(f"{r['count']} reports (generated in {r['generate_s']:.1f} s), --jobs {r['jobs']}")
    print(f"  without batch originality: {b['seconds']:.1f} s wall, {b['cpu']:.1f} s CPU, "
          f"peak RSS {b['peak_mb']:.0f} MB")
    print(f"  with batch originality:    {f['seconds']:.1f} s wall, {f['cpu']:.1f} s CPU "
          f"(parent {f['parent_cpu']:.1f} s), peak RSS {f['peak_mb']:.0f} MB")
    print(f"  extra: {r['extra_s']:.1f} s wall (target ≤ 30), {r['extra_cpu']:.1f} s CPU; "
          f"peak {f['peak_mb']:.0f} MB (target ≤ 500); load average {r['load']:.1f}")
    ok = r["found"] == r["expected"] and not r["base_found"]
    print(f"  copiers losing originality points: {len(r['found'])} (expected {len(r['expected'])}, "
          f"{'all found, no others' if ok else 'MISMATCH'})")
    if not ok:
        print(f"  missed: {sorted(set(r['expected']) - set(r['found']))}; "
              f"unexpected: {sorted(set(r['found']) - set(r['expected']))}; "
              f"without batch originality: {r['base_found']}")
    for run in (b, f):
        if run["stderr_tail"]:
            print(run["stderr_tail"], file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
