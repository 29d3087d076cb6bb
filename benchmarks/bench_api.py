"""The one-call API against a reused session: ``checker.check(path)`` in a loop vs
``session.check(path)`` (issue 13: at most 1.5×).

    python benchmarks/bench_api.py              # 200 calls each, seed JSON and seed text
    python benchmarks/bench_api.py --runs 50

Both loops run in this process, interleaved call by call (so both see the same machine), after
a warm-up; the figure is the ratio of the medians.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
INPUTS = {"seed JSON": ROOT / "fixtures" / "reports" / "seed-2023.json",
          "seed text": ROOT / "fixtures" / "raw" / "seed-2023.txt"}


def _time(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def measure(path: Path, runs: int) -> dict[str, float]:
    """Median ms of ``checker.check(path)`` and of ``Session().check(path)``, and their ratio."""
    import checker

    session = checker.Session({})
    target = str(path)
    for _ in range(5):
        checker.check(target)
        session.check(target)
    one_call, reused = [], []
    for _ in range(runs):
        one_call.append(_time(lambda: checker.check(target)))
        reused.append(_time(lambda: session.check(target)))
    a, b = statistics.median(one_call) * 1000, statistics.median(reused) * 1000
    return {"one_call_ms": a, "session_ms": b, "ratio": a / b}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=200, help="calls of each kind (default 200)")
    args = ap.parse_args(argv)
    worst = 0.0
    for label, path in INPUTS.items():
        m = measure(path, args.runs)
        worst = max(worst, m["ratio"])
        print(f"{label}: checker.check {m['one_call_ms']:.2f} ms, session.check "
              f"{m['session_ms']:.2f} ms, ratio {m['ratio']:.2f}× (target ≤ 1.5×)")
    print(f"worst ratio {worst:.2f}× — {'met' if worst <= 1.5 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
