"""A speed guard: re-measure the key timings and fail only on a regression of more than 10 %.

    python benchmarks/run.py --record     # measure on this machine, write benchmarks/baseline.json
    python benchmarks/run.py --check      # re-measure; exit 1 if a timing is > 10 % slower

The timings (all "lower is better"):
- ``check_json_ms``: in-process check of the seed JSON with every first-party pack;
- ``normalise_check_text_ms``: in-process normalise + check of the seed text;
- ``pdf_30_pages_s``: rendering a generated 30-page text-layer PDF (skipped without a CJK font);
- ``batch_ms_per_report``: ``gongkai score --jobs 1`` over generated text reports, wall time
  per report (the inverse of the batch's reports/s);
- ``cold_start_cpu_ms``: CPU time of a whole ``gongkai check seed.json`` process (CPU time,
  which other processes on the machine disturb less than the wall clock).

Noise: every timing is measured in several rounds, the timings interleaved round by round so a
burst of load on the machine hits all of them alike; a round's in-process figure is itself a
median of many calls, and the figure kept is the median of the rounds. A timing that looks
more than 10 % slower is measured again, and fails only if the second measurement is slower
too (load on a shared machine only ever slows a run down, so the faster of two independent
medians is the better estimate). Re-record the baseline after a deliberate change of speed,
or on another machine: timings are only comparable on the machine that recorded them.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "benchmarks" / "baseline.json"
TOLERANCE = 0.10
SEED_JSON = ROOT / "fixtures" / "reports" / "seed-2023.json"
SEED_TXT = ROOT / "fixtures" / "raw" / "seed-2023.txt"
RECORD_COMMAND = "python benchmarks/run.py --record"

__all__ = ["BASELINE", "METRICS", "TOLERANCE", "Regression", "compare", "main", "measure"]


@dataclass(frozen=True)
class Regression:
    """A timing slower than its baseline by more than the tolerance."""

    name: str
    baseline: float
    current: float

    @property
    def change(self) -> float:
        """The relative change: 0.25 is 25 % slower."""
        return self.current / self.baseline - 1


def compare(baseline: Mapping[str, float], current: Mapping[str, float],
            tolerance: float = TOLERANCE) -> list[Regression]:
    """The timings of ``current`` more than ``tolerance`` slower than in ``baseline``.

    Timings missing from either side are not compared (a PDF timing is skipped on a machine
    without a CJK font); a baseline of zero or less compares nothing.
    """
    out = []
    for name in sorted(set(baseline) & set(current)):
        base, now = baseline[name], current[name]
        if base > 0 and now > base * (1 + tolerance):
            out.append(Regression(name, base, now))
    return out


def _median_of_calls(fn: Callable[[], Any], calls: int) -> float:
    times = []
    for _ in range(calls):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


class _Probes:
    """One measurement per call of each timing; set-up (sessions, files) done once."""

    def __init__(self, batch_count: int) -> None:
        sys.path.insert(0, str(ROOT))
        from checker.api import Session

        self.session = Session({}, entry_points=False)
        self.seed = json.loads(SEED_JSON.read_text(encoding="utf-8"))
        self.raw = SEED_TXT.read_bytes()
        self.tmp = tempfile.TemporaryDirectory(prefix="gongkai-guard-")
        self.batch_count = batch_count
        self.batch_dir: Path | None = None
        self.pdf: bytes | None = None
        for _ in range(10):  # warm up: pack loading, lazy imports, caches
            self.check_json_ms()
            self.normalise_check_text_ms()

    def close(self) -> None:
        self.tmp.cleanup()

    def check_json_ms(self) -> float:
        return 1000 * _median_of_calls(lambda: self.session.check_report(self.seed,
                                                                         str(SEED_JSON)), 50)

    def normalise_check_text_ms(self) -> float:
        from checker.readers import normalise_bytes

        return 1000 * _median_of_calls(
            lambda: self.session.check_report(normalise_bytes(self.raw, path=str(SEED_TXT))), 30)

    def pdf_30_pages_s(self) -> float | None:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import bench_pdf

        if self.pdf is None:
            font = bench_pdf.find_cjk_font()
            if not font:
                return None
            self.pdf = bench_pdf.build_pdf(30, font)
        from checker.readers.pdf.read import render

        data = self.pdf
        return _median_of_calls(lambda: render(data), 1)

    def batch_ms_per_report(self) -> float:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import bench_batch
        import synth

        if self.batch_dir is None:
            self.batch_dir = Path(self.tmp.name) / "reports"
            self.batch_dir.mkdir()
            synth.generate(self.batch_dir, self.batch_count, seed=0)
        out = Path(self.tmp.name) / "scores.csv"
        seconds = bench_batch.run_score(self.batch_dir, out, 1)[0]
        return 1000 * seconds / self.batch_count

    def cold_start_cpu_ms(self) -> float:
        import resource

        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("GONGKAI_NO_CACHE", None)
        cmd = [sys.executable, "-m", "checker", "check", str(SEED_JSON), "--format", "json"]
        cpu = []
        for _ in range(3):
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                           check=False)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append((r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime))
        return 1000 * statistics.median(cpu)


#: name -> (what it measures, unit)
METRICS: dict[str, tuple[str, str]] = {
    "check_json_ms": ("in-process check, seed JSON, all packs", "ms"),
    "normalise_check_text_ms": ("in-process normalise + check, seed text", "ms"),
    "pdf_30_pages_s": ("render a 30-page text PDF", "s"),
    "batch_ms_per_report": ("gongkai score --jobs 1, wall time per report", "ms"),
    "cold_start_cpu_ms": ("gongkai check seed.json as a process, CPU time", "ms"),
}


def measure(names: list[str] | None = None, rounds: int = 5,
            batch_count: int = 300) -> dict[str, float]:
    """The median over ``rounds`` interleaved rounds of each timing in ``names`` (default all);
    a timing that cannot be taken here (no CJK font for the PDF) is left out."""
    names = list(METRICS) if names is None else names
    probes = _Probes(batch_count)
    if "cold_start_cpu_ms" in names:  # compile the modules and fill the pack cache first
        probes.cold_start_cpu_ms()
    samples: dict[str, list[float]] = {n: [] for n in names}
    try:
        for _ in range(rounds):
            for name in names:
                value = getattr(probes, name)()
                if value is not None:
                    samples[name].append(value)
    finally:
        probes.close()
    return {n: statistics.median(v) for n, v in samples.items() if v}


def _machine() -> dict[str, Any]:
    return {"machine": platform.machine(), "cores": os.cpu_count(),
            "python": platform.python_version(), "platform": platform.platform()}


def record(path: Path, rounds: int) -> dict[str, Any]:
    """Measure and write the baseline file."""
    timings = measure(rounds=rounds)
    data = {"recorded": time.strftime("%Y-%m-%d"), "command": RECORD_COMMAND,
            "rounds": rounds, **_machine(), "tolerance": TOLERANCE,
            "timings": {n: round(v, 4) for n, v in timings.items()}}
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return data


def check(path: Path, rounds: int, out: Callable[[str], None] = print) -> int:
    """Re-measure against the baseline in ``path``: 0 when no timing regressed by more than
    the tolerance (a suspected regression is measured again before it counts), 1 otherwise,
    2 without a baseline."""
    if not path.is_file():
        out(f"no baseline at {path}; record one with: {RECORD_COMMAND}")
        return 2
    base = json.loads(path.read_text(encoding="utf-8"))
    baseline: dict[str, float] = base["timings"]
    tolerance = float(base.get("tolerance", TOLERANCE))
    if {k: base.get(k) for k in _machine()} != _machine():
        out(f"note: the baseline was recorded on another machine or Python ({base.get('platform')}, "
            f"Python {base.get('python')}); re-record it here with: {RECORD_COMMAND}")
    current = measure(names=[n for n in METRICS if n in baseline], rounds=rounds)
    suspects = compare(baseline, current, tolerance)
    if suspects:
        again = measure(names=[r.name for r in suspects], rounds=rounds)
        for name, value in again.items():
            current[name] = min(current[name], value)
    regressions = {r.name: r for r in compare(baseline, current, tolerance)}
    for name, (what, unit) in METRICS.items():
        if name not in current or name not in baseline:
            continue
        change = current[name] / baseline[name] - 1
        verdict = "REGRESSION" if name in regressions else "ok"
        out(f"{verdict:<10} {what:<48} {baseline[name]:9.3f} → {current[name]:9.3f} {unit:<2} "
            f"({change:+.1%})")
    if regressions:
        out(f"{len(regressions)} timing(s) more than {tolerance:.0%} slower than the baseline")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--record", action="store_true", help="write the baseline")
    mode.add_argument("--check", action="store_true", help="compare with the baseline")
    mode.add_argument("--measure", action="store_true",
                      help="print the timings as JSON (no baseline read or written)")
    ap.add_argument("--baseline", type=Path, default=BASELINE)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    if args.record:
        data = record(args.baseline, args.rounds)
        for name, value in data["timings"].items():
            print(f"{METRICS[name][0]:<48} {value:9.3f} {METRICS[name][1]}")
        print(f"baseline written to {args.baseline}")
        return 0
    if args.measure:
        print(json.dumps(measure(rounds=args.rounds)))
        return 0
    return check(args.baseline, args.rounds)


if __name__ == "__main__":
    raise SystemExit(main())
