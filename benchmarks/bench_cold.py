"""Cold start of ``gongkai check`` as a user meets it: a whole process, in a fresh virtualenv.

    python benchmarks/bench_cold.py                 # make a fresh virtualenv, install, measure
    python benchmarks/bench_cold.py --venv DIR      # measure in an existing virtualenv
    python benchmarks/bench_cold.py --in-place      # this interpreter, this checkout

Issue 13's target: ``gongkai check seed.json`` ≤ 10 × ``python -c pass`` of the same
virtualenv. A fresh virtualenv (``python -m venv``, then ``pip install`` of this checkout with
its dependencies) is the honest place: a development environment with editable installs
spends much of its bare start-up reading ``.pth`` files, which flatters the ratio. The
commands are interleaved so that both see the same machine, with the pack and start-up caches
warm (as a user's second run) in a cache folder of their own, and once more with
``GONGKAI_NO_CACHE=1`` (a first run). Wall-clock and CPU time are both reported; CPU time is
what a busy machine disturbs least. Without a package index (no network) the virtualenv
cannot be made, and the measurement falls back to this interpreter, saying so.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED_JSON = ROOT / "fixtures" / "reports" / "seed-2023.json"


def make_venv(where: Path) -> Path | None:
    """A virtualenv at ``where`` with this checkout installed; its bin folder, or None."""
    bindir = where / ("Scripts" if os.name == "nt" else "bin")
    steps = [[sys.executable, "-m", "venv", str(where)],
             [str(bindir / "python"), "-m", "pip", "install", "--quiet",
              "--disable-pip-version-check", str(ROOT)]]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(f"bench_cold: could not make a fresh virtualenv ({' '.join(step[:4])} …): "
                  f"{(done.stderr or done.stdout).strip().splitlines()[-1:]}", file=sys.stderr)
            return None
    return bindir


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one run of ``cmd``."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)


def measure(bindir: Path | None, runs: int = 15, where: str = "") -> dict[str, Any]:
    """Interleaved medians; ``bindir`` None: this interpreter and checkout (``-m checker``)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH", "GONGKAI_NO_CACHE")}
    cache = tempfile.TemporaryDirectory(prefix="gongkai-cold-")
    env["GONGKAI_CACHE_DIR"] = cache.name
    if bindir is None:
        import compileall

        compileall.compile_dir(str(ROOT / "checker"), quiet=1)  # as pip does at install
        env["PYTHONPATH"] = str(ROOT)
        python, gongkai = [sys.executable], [sys.executable, "-m", "checker"]
    else:
        python, gongkai = [str(bindir / "python")], [str(bindir / "gongkai")]
    commands = {
        "python": [*python, "-c", "pass"],
        "bare": [*python, "-S", "-c", "pass"],
        "text": [*gongkai, "check", str(SEED_JSON)],
        "json": [*gongkai, "check", str(SEED_JSON), "--format", "json"],
    }
    no_cache = {**env, "GONGKAI_NO_CACHE": "1"}
    try:
        for cmd in commands.values():  # fill the caches and the OS page cache
            for _ in range(2):
                _timed(cmd, env)
        samples: dict[str, list[tuple[float, float]]] = {n: [] for n in [*commands, "no_cache"]}
        for _ in range(runs):
            for name, cmd in commands.items():
                samples[name].append(_timed(cmd, env))
            samples["no_cache"].append(_timed(commands["json"], no_cache))
    finally:
        cache.cleanup()

    def med(name: str, i: int) -> float:
        return statistics.median(x[i] for x in samples[name])

    where = where if bindir else "this interpreter (PYTHONPATH), not a fresh virtualenv"
    out: dict[str, Any] = {"where": where, "runs": runs}
    for name in samples:
        out[f"{name}_ms"] = med(name, 0) * 1000
        out[f"{name}_cpu_ms"] = med(name, 1) * 1000
    for name in ("text", "json"):
        out[f"{name}_ratio"] = med(name, 0) / med("python", 0)
        out[f"{name}_cpu_ratio"] = med(name, 1) / med("python", 1)
    out["site_ms"] = max(0.0, med("python", 0) - med("bare", 0)) * 1000
    return out


def cold_start(runs: int = 15, *, venv: Path | None = None, in_place: bool = False
               ) -> dict[str, Any]:
    """Measure in ``venv``, else in a fresh one (made and removed here), else in place."""
    if in_place:
        return measure(None, runs)
    if venv is not None:
        return measure(venv / ("Scripts" if os.name == "nt" else "bin"), runs,
                       f"the virtualenv {venv}")
    with tempfile.TemporaryDirectory(prefix="gongkai-venv-") as tmp:
        bindir = make_venv(Path(tmp) / "venv")
        return measure(bindir, runs, "a fresh virtualenv")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--venv", type=Path, help="an existing virtualenv with gongkai installed")
    ap.add_argument("--in-place", action="store_true", help="this interpreter and checkout")
    args = ap.parse_args(argv)
    r = cold_start(args.runs, venv=args.venv, in_place=args.in_place)
    print(f"in {r['where']}, median of {r['runs']} interleaved runs "
          f"(python -c pass: {r['python_ms']:.1f} ms, CPU {r['python_cpu_ms']:.1f} ms; "
          f"its site: {r['site_ms']:.1f} ms)")
    for name, label in (("text", "gongkai check seed.json"),
                        ("json", "gongkai check seed.json --format json")):
        print(f"  {label:<40} {r[f'{name}_ms']:6.1f} ms = {r[f'{name}_ratio']:5.2f} ×   "
              f"CPU {r[f'{name}_cpu_ms']:6.1f} ms = {r[f'{name}_cpu_ratio']:5.2f} ×")
    print(f"  {'the same, GONGKAI_NO_CACHE=1':<40} {r['no_cache_ms']:6.1f} ms   "
          f"CPU {r['no_cache_cpu_ms']:6.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
