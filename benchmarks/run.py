"""The whole performance suite in one command; prints one table.

    python benchmarks/run.py            # everything (the batch uses 10,000 generated reports)
    python benchmarks/run.py --quick    # a 1,000-report batch instead
    python benchmarks/run.py --check    # the speed guard: exit 1 on a regression over 10 %
    python benchmarks/run.py --record   # re-record the guard's baseline (benchmarks/guard.py)

Measures, on this machine, in this run:
- cold start (benchmarks/bench_cold.py): ``gongkai check <seed JSON>`` as a whole process in a
  fresh virtualenv, as a ratio to ``python -c pass`` of that virtualenv (wall clock, and CPU
  time, which a busy machine disturbs less), with the start-up caches and without them
  (``GONGKAI_NO_CACHE=1``); ``--in-place`` measures this interpreter instead;
- the one-call API: ``checker.check(path)`` in a loop against a reused ``checker.Session``;
- in-process check of the seed JSON with all first-party packs (median per report);
- in-process normalise + check of the seed text (median per report);
- rendering a 30-page text-layer PDF;
- batch throughput and peak memory of ``gongkai score --jobs 2`` over generated text reports;
- a national sweep (benchmarks/bench_sweep.py, a small sample): CPU per report by format and
  the cores needed to score 10⁵ reports in one hour.
Targets come from the issues; the last column says whether each was met.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
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


def one_call_api(runs: int = 200) -> dict[str, float] | None:
    try:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import bench_api
    except Exception:
        return None
    return bench_api.measure(SEED_JSON, runs)


def sweep(count: int) -> dict[str, Any] | None:
    try:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import bench_sweep
    except Exception:
        return None
    return bench_sweep.run(count, bench_sweep.DEFAULT_MIX, None)


def in_process_json(runs: int = 300) -> float:
    from checker.api import Session

    session = Session({}, entry_points=False)
    data = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    return _median_ms(lambda: session.check_report(data, str(SEED_JSON)), runs)


def in_process_text(runs: int = 200) -> float:
    from checker.api import Session
    from checker.readers import normalise_bytes

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
        from checker.readers.pdf.read import render

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
    args_in = sys.argv[1:] if argv is None else argv
    if "--check" in args_in or "--record" in args_in:  # the speed guard has its own options
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import guard

        return guard.main(args_in)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a 1,000-report batch instead of 10,000")
    ap.add_argument("--in-place", action="store_true",
                    help="cold start in this interpreter instead of a fresh virtualenv")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args(argv)
    rows: list[tuple[str, str, str, str]] = []
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_cold

    cs = bench_cold.cold_start(in_place=args.in_place)
    where = f" ({cs['where']})"
    for name, label in (("text", "cold start: gongkai check seed.json"),
                        ("json", "  the same with --format json")):
        rows.append((label + (where if name == "text" else ""),
                     f"{cs[f'{name}_ms']:.0f} ms = {cs[f'{name}_ratio']:.2f}× python -c pass "
                     f"({cs['python_ms']:.0f} ms); CPU {cs[f'{name}_cpu_ms']:.0f} ms = "
                     f"{cs[f'{name}_cpu_ratio']:.2f}×", "≤ 10×",
                     "yes" if cs[f"{name}_ratio"] <= 10 else "NO"))
    rows.append(("  without the start-up caches (GONGKAI_NO_CACHE=1)",
                 f"{cs['no_cache_ms']:.0f} ms, CPU {cs['no_cache_cpu_ms']:.0f} ms", "", "—"))
    api = one_call_api()
    if api:
        rows.append(("checker.check(path) in a loop vs a reused Session",
                     f"{api['one_call_ms']:.2f} vs {api['session_ms']:.2f} ms = "
                     f"{api['ratio']:.2f}×",
                     "≤ 1.5×", "yes" if api["ratio"] <= 1.5 else "NO"))
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
    sw = sweep(30 if args.quick else 100)
    if sw:
        for fmt, m in sw["formats"].items():
            rows.append((f"national sweep sample: {fmt} ({m['n']} generated)",
                         f"{m['cpu_per_report'] * 1000:.1f} ms CPU = {m['reports_per_core_s']:.0f} "
                         f"reports/s per core, peak {m['peak_mb']:.0f} MB", "", "—"))
        s = sw["sweep"]
        rows.append(("  10⁵ reports (PDF 60 %, HTML 30 %, text 10 %) in one hour",
                     f"{s['cores_for_one_hour']} cores ({s['core_hours']:.1f} core-hours × 1.25)",
                     "", "—"))
    widths = [max(len(r[i]) for r in rows + [("measure", "result", "target", "met")]) for i in range(4)]
    head = ("measure", "result", "target", "met")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))
    print(f"note: {cs['site_ms']:.0f} ms of python -c pass is its site (site-packages .pth "
          "files); the cold-start ratio depends on it (a fresh virtualenv starts fastest).")
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows}, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
