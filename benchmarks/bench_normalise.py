"""Median time to normalise the seed report text in-process (target: ≤ 3 ms).

    python benchmarks/bench_normalise.py [FILE] [--runs N]
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checker.readers import normalise_text  # noqa: E402
from checker.readers.decode import decode_text  # noqa: E402

SEED = ROOT / "fixtures" / "raw" / "seed-2023.txt"


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    runs = 200
    if "--runs" in argv:
        runs = int(argv[argv.index("--runs") + 1])
        args = [a for a in args if a != str(runs)]
    path = Path(args[0]) if args else SEED
    text, _enc = decode_text(path.read_bytes(), str(path))
    for _ in range(10):  # warm up: regex compilation, caches
        normalise_text(text)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        normalise_text(text)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times) * 1000
    p90 = sorted(times)[int(len(times) * 0.9)] * 1000
    print(f"{path.name}: {len(text)} chars, {runs} runs: median {med:.2f} ms, p90 {p90:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
