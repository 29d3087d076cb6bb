"""Batch throughput and peak memory of ``gongkai score --jobs 2`` over synthetic text reports.

    python benchmarks/bench_batch.py            # 10,000 reports (target ≥ 300 reports/s, ≤ 300 MB)
    python benchmarks/bench_batch.py --count 1000 --jobs 2

The reports are generated into a temporary folder (benchmarks/synth.py, seed 0). The batch runs
as its own process (``python -m checker score DIR --jobs N --csv FILE``), timed from start to
exit, so start-up and writing the score sheet count. CPU seconds of the process and its workers
are reported too, with the rate they allow on idle cores: a busy machine slows the wall clock
but not the CPU cost. Memory: the resident set of the whole
process tree (the gongkai process and its pool workers, summed) is sampled every 20 ms from
/proc; ``ru_maxrss`` of the process and of its largest child is reported as a cross-check.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

_CHILD = """
import json, resource, sys
from checker.cli.app import main
code = main(sys.argv[1:])
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print("BENCH " + json.dumps({"code": code, "self_kb": me.ru_maxrss, "child_kb": kids.ru_maxrss,
                             "self_cpu": me.ru_utime + me.ru_stime,
                             "child_cpu": kids.ru_utime + kids.ru_stime}), file=sys.stderr)
"""


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants (Linux /proc), in kB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def run_score(folder: Path, out: Path, jobs: int, extra: list[str] | tuple[str, ...] = ()
              ) -> tuple[float, int, dict[str, Any], str]:
    """Run ``gongkai score FOLDER --jobs N --csv OUT`` as its own process (no pack cache):
    (wall seconds, peak RSS of the process tree in kB, the child's BENCH record, stderr)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), GONGKAI_NO_CACHE="1")
    cmd = [sys.executable, "-c", _CHILD, "score", str(folder), "--jobs", str(jobs), "--csv",
           str(out), "--fail-on", "blocker", *extra]
    peak = [0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            done.wait(0.02)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - t0
    done.set()
    th.join()
    info = next((json.loads(line[6:]) for line in err.splitlines()
                 if line.startswith("BENCH ")), {})
    return seconds, peak[0], info, err


def measure(count: int = 10000, jobs: int = 2, keep: str | None = None) -> dict[str, Any]:
    """Generate ``count`` reports, score them, return seconds, rate and peak memory."""
    import synth

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
        d = Path(keep or tmp) / "reports"
        t0 = time.perf_counter()
        synth.generate(d, count, seed=0)
        gen_s = time.perf_counter() - t0
        out = Path(tmp) / "scores.csv"
        seconds, peak_kb, info, err = run_score(d, out, jobs)
        rows = out.read_bytes().decode("utf-8-sig").count("\n") - 1 if out.exists() else 0
    return {"count": count, "jobs": jobs, "seconds": seconds, "rate": count / seconds,
            "generate_s": gen_s, "peak_mb": peak_kb / 1024, "self_mb": info.get("self_kb", 0) / 1024,
            "largest_child_mb": info.get("child_kb", 0) / 1024, "exit": info.get("code"),
            "csv_rows": rows, "self_cpu": info.get("self_cpu", 0), "child_cpu": info.get("child_cpu", 0),
            "load_before": load_before, "stderr_tail": err[-500:] if not info else ""}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    r = measure(args.count, args.jobs)
    print(f"{r['count']} reports, --jobs {r['jobs']}: {r['seconds']:.1f} s = {r['rate']:.0f} reports/s "
          f"(target ≥ 300); peak RSS of the process tree {r['peak_mb']:.0f} MB (target ≤ 300); "
          f"ru_maxrss: gongkai {r['self_mb']:.0f} MB, largest worker {r['largest_child_mb']:.0f} MB; "
          f"{r['csv_rows']} rows written; exit {r['exit']}")
    cpu = r["self_cpu"] + r["child_cpu"]
    print(f"CPU: gongkai process {r['self_cpu']:.1f} s, workers {r['child_cpu']:.1f} s "
          f"({1000 * cpu / r['count']:.2f} ms per report in all); on {r['jobs']} idle cores that is "
          f"≈ {r['count'] * r['jobs'] / cpu:.0f} reports/s; load average before the run "
          f"{r['load_before']:.1f} (other processes share the cores)")
    if r["stderr_tail"]:
        print(r["stderr_tail"], file=sys.stderr)
    return 0 if r["csv_rows"] == r["count"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
