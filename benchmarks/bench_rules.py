"""Where the in-process check spends its time: median cost of every rule and check kind.

    python benchmarks/bench_rules.py [REPORT.json] [--runs N] [--top K]

Each run checks a fresh copy of the report the way the engine does (every rule in order, one
``Report`` shared by them), so a rule that is the first to need a shared scan of the text
(document numbers, prose claims, percentages) carries that scan. Timings are medians per
rule; the kinds' figures add up those medians. Findings, grading and the engine's own work
are not included: ``benchmarks/run.py`` measures the whole check.
"""
from __future__ import annotations

import argparse
import collections
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checker.api import Session  # noqa: E402
from checker.engine.kinds import RunContext  # noqa: E402
from checker.report import Report  # noqa: E402

SEED_JSON = ROOT / "fixtures" / "reports" / "seed-2023.json"


def rule_medians(data: dict, runs: int, warmup: int = 50) -> tuple[dict[str, float], dict[str, str]]:
    """Median seconds per rule code over ``runs`` fresh reports, and each rule's kind."""
    session = Session({}, entry_points=False)
    times: dict[str, list[float]] = collections.defaultdict(list)
    for i in range(warmup + runs):
        report = Report(data, "bench")
        ctx = RunContext(lang="zh", rules=tuple(session.rules))
        for rule in session.rules:
            kind = session.kinds[rule.check]
            t0 = time.perf_counter()
            list(kind.run(rule, report, ctx))
            if i >= warmup:
                times[rule.code].append(time.perf_counter() - t0)
    return ({code: statistics.median(v) for code, v in times.items()},
            {r.code: r.check for r in session.rules})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report", nargs="?", default=str(SEED_JSON))
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--top", type=int, default=15, help="rules to list (default 15)")
    args = ap.parse_args(argv)
    data = json.loads(Path(args.report).read_text(encoding="utf-8"))
    medians, kinds = rule_medians(data, args.runs)
    per_kind: collections.Counter[str] = collections.Counter()
    for code, sec in medians.items():
        per_kind[kinds[code].split(".")[0]] += sec  # by family: docnumber.*, percentage.*
    print(f"{len(medians)} rules, {args.runs} runs; µs per report (medians)")
    print("\nby check kind:")
    for kind, sec in per_kind.most_common():
        print(f"  {kind:<14} {sec * 1e6:8.1f}")
    print(f"  {'all rules':<14} {sum(medians.values()) * 1e6:8.1f}")
    print(f"\nslowest {args.top} rules:")
    for code, sec in sorted(medians.items(), key=lambda kv: -kv[1])[:args.top]:
        print(f"  {code:<8} {kinds[code]:<14} {sec * 1e6:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
