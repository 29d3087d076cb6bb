"""The whole performance suite in one command; prints one table.

    python benchmarks/run.py            # everything (the batch uses 10,000 generated reports)
    python benchmarks/run.py --quick    # a 1,000-report batch instead

Measures, on this machine, in this run:
- cold start: ``gongkai check <seed JSON>`` as a whole process, as a ratio to ``python3 -c pass``;
- in-process check of the seed JSON with all first-party packs (median per report);
- in-process normalise + check of the seed text (median per report);
- rendering a 30-page text-layer PDF;
- batch throughput and peak memory of ``gongkai score --jobs 2`` over generated text reports.
Targets come from the issues; the last column says whether each was met.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED_JSON = ROOT / "fixtures" / "reports" / "seed-2023.json"
SEED_TXT = ROOT / "fixtures" / "raw" / "seed-2023.txt"


def _median_ms(fn: Callable[[], Any], runs: int, warmup: int = 10) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - t0


def cold_start(runs: int = 15) -> dict[str, Any]:
    """Interleave `python3 -c pass` and a whole `gongkai check` so both see the same machine."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # An installed gongkai runs from byte-compiled files (pip compiles them at install time);
    # a checkout under PYTHONDONTWRITEBYTECODE=1 would recompile every module on every start.
    import compileall

    compileall.compile_dir(str(ROOT / "checker"), quiet=1)
    cmd = [sys.executable, "-m", "checker", "check", str(SEED_JSON), "--format", "json"]
    _wall(cmd, env)  # populate the validated-pack cache and the OS page cache
    base, bare, full = [], [], []
    for _ in range(runs):
        base.append(_wall([sys.executable, "-c", "pass"], env))
        bare.append(_wall([sys.executable, "-S", "-c", "pass"], env))
        full.append(_wall(cmd, env))
    b, f = statistics.median(base), statistics.median(full)
    # The interpreter's own start-up includes its ``site`` (the .pth files of its
    # site-packages): much longer in some environments than in a fresh virtualenv.
    return {"python": b * 1000, "gongkai": f * 1000, "ratio": f / b,
            "site": max(0.0, b - statistics.median(bare)) * 1000}


def in_process_json(runs: int = 300) -> float:
    from checker.api import Session

    session = Session({}, entry_points=False)
    data = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    return _median_ms(lambda: session.check_report(data, str(SEED_JSON)), runs)


def in_process_text(runs: int = 200) -> float:
    from checker.api import Session
    from checker.normalise import normalise_bytes

    session = Session({}, entry_points=False)
    raw = SEED_TXT.read_bytes()
    return _median_ms(lambda: session.check_report(normalise_bytes(raw, path=str(SEED_TXT))), runs)


def pdf_30_pages() -> float | None:
    try:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import bench_pdf
    except Exception:
        return None
    font = bench_pdf.find_cjk_font()
    if not font:
        return None
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.pdf"
        data = bench_pdf.build_pdf(30, font) if hasattr(bench_pdf, "build_pdf") else None
        if data is None:
            return None
        path.write_bytes(data)
        from checker.normalise.pdf import render

        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            render(data)
            best = min(best, time.perf_counter() - t0)
        return best


def batch(n: int) -> dict[str, Any] | None:
    try:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import bench_batch
    except Exception:
        return None
    return bench_batch.measure(n)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a 1,000-report batch instead of 10,000")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args(argv)
    rows: list[tuple[str, str, str, str]] = []
    cs = cold_start()
    rows.append(("cold start: gongkai check seed.json", f"{cs['gongkai']:.0f} ms = {cs['ratio']:.2f}× "
                 f"python3 -c pass ({cs['python']:.0f} ms)", "≤ 6×", "yes" if cs["ratio"] <= 6 else "NO"))
    j = in_process_json()
    rows.append(("in-process check, seed JSON, all packs", f"{j:.2f} ms median", "≤ 2 ms",
                 "yes" if j <= 2 else "NO"))
    t = in_process_text()
    rows.append(("in-process normalise + check, seed text", f"{t:.2f} ms median", "≤ 5 ms",
                 "yes" if t <= 5 else "NO"))
    p = pdf_30_pages()
    rows.append(("render a 30-page text PDF", f"{p:.2f} s (best of 3)" if p else "skipped (no CJK font)",
                 "≤ 1 s", ("yes" if p <= 1 else "NO") if p else "—"))
    n = 1000 if args.quick else 10000
    b = batch(n)
    if b:
        rows.append((f"gongkai score --jobs 2, {n} text reports", f"{b['rate']:.0f} reports/s "
                     f"({b['seconds']:.1f} s)", "≥ 300/s", "yes" if b["rate"] >= 300 else "NO"))
        rows.append(("  peak resident memory (whole process tree)", f"{b['peak_mb']:.0f} MB",
                     "≤ 300 MB", "yes" if b["peak_mb"] <= 300 else "NO"))
    else:
        rows.append(("batch throughput", "skipped (benchmarks/bench_batch.py missing)", "", "—"))
    widths = [max(len(r[i]) for r in rows + [("measure", "result", "target", "met")]) for i in range(4)]
    head = ("measure", "result", "target", "met")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))
    print(f"note: {cs['site']:.0f} ms of python3 -c pass is its site (site-packages .pth files); "
          "the cold-start ratio depends on it (a fresh virtualenv starts fastest).")
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows}, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
