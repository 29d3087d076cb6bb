"""A national sweep: what scoring 100,000 reports a year takes, by format, and the cluster size
for scoring them in one hour.

    python benchmarks/bench_sweep.py                        # 200 reports, default mix
    python benchmarks/bench_sweep.py --count 1000 --mix pdf=70,html=20,txt=10 --json out.json

The reports are generated (benchmarks/synth.py's reports, seed 0) in three formats: plain text
as crawlers save it, HTML pages with real ``<table>`` markup, and PDFs with a text layer and
ruled tables (fpdf2 and a CJK font; set GONGKAI_CJK_FONT or install fonts-wqy-microhei).
The default mix — 60 % PDF, 30 % HTML, 10 % text — is an assumption (reviewers download mostly
PDFs; the portals' HTML pages come next); give ``--mix`` for another.

Each format is scored in a process of its own, one report after another, through the batch's
worker function (``checker.workflows.batch.run.summarise``, what ``gongkai score`` and a Dask worker run):
the CPU seconds per report of that process are the cost on one core (wall time is shown too;
on a busy machine it is longer, on an idle core about the same). Peak memory is that process's
peak resident set (VmHWM) — one worker's. A sample is used and scaled up: reports are scored
independently, so 10⁵ reports cost 10⁵ × the mix's mean CPU time per report, and a worker's
memory does not grow with the batch (benchmarks/bench_batch.py shows it on 10,000 reports).

Cluster size for one hour = core-seconds ÷ 3,600, then × 1.25 headroom (stragglers, the
scheduler, sending the files, cores slower than this one); one single-threaded Dask worker per
core (``dask worker ADDRESS --nworkers N --nthreads 1``).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

FORMATS = ("pdf", "html", "txt")
DEFAULT_MIX = {"pdf": 60, "html": 30, "txt": 10}
SWEEP = 100_000
HOUR = 3600.0
HEADROOM = 1.25
REAL = ROOT.parent / "shared" / "corpus" / "real2"  # published reports, when this checkout has them


def parse_mix(text: str) -> dict[str, int]:
    """``pdf=60,html=30,txt=10`` → shares by format (percentages or any weights)."""
    mix: dict[str, int] = {}
    for part in text.split(","):
        name, _, value = part.partition("=")
        name = name.strip().lower()
        if name not in FORMATS or not value.strip().isdigit():
            raise argparse.ArgumentTypeError(f"'{part}': give FORMAT=WEIGHT, FORMAT one of "
                                             f"{', '.join(FORMATS)}")
        mix[name] = int(value)
    if not any(mix.values()):
        raise argparse.ArgumentTypeError("the weights add up to 0")
    return mix


def counts(total: int, mix: dict[str, int]) -> dict[str, int]:
    """How many reports of each format a sample of ``total`` has (at least one of each used)."""
    weight = sum(mix.values())
    return {f: max(1, round(total * w / weight)) for f, w in mix.items() if w}


# -- the sample -----------------------------------------------------------------------------
def _blocks(text: str) -> list[tuple[str, list[list[str]] | str]]:
    """Paragraphs and tables (runs of tab-separated lines) of a synthetic report."""
    out: list[tuple[str, list[list[str]] | str]] = []
    rows: list[list[str]] = []
    for line in text.split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            out.append(("table", rows))
            rows = []
        if line.strip():
            out.append(("p", line))
    if rows:
        out.append(("table", rows))
    return out


def to_html(text: str) -> str:
    """A report page as a portal publishes it: paragraphs and bordered tables."""
    from html import escape

    title = text.split("\n", 1)[0]
    body = []
    for kind, content in _blocks(text):
        if kind == "p":
            body.append(f"<p>{escape(str(content))}</p>")
        else:
            trs = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                          for row in content)
            body.append(f'<table border="1">{trs}</table>')
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>"
            f"{escape(title)}</title></head><body><div class=\"article\">"
            + "\n".join(body) + "</div></body></html>")


def to_pdf(text: str, font: str) -> bytes:
    """A report as a PDF with a text layer: running header, page numbers, ruled tables."""
    from fpdf import FPDF

    title = text.split("\n", 1)[0]

    class Report(FPDF):
        def header(self) -> None:
            self.set_font("cjk", size=9)
            self.cell(0, 6, title, align="C")
            self.ln(10)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("cjk", size=9)
            self.cell(0, 6, f"- {self.page_no()} -", align="C")

    pdf = Report()
    pdf.add_font("cjk", fname=font)
    pdf.add_page()
    for kind, content in _blocks(text):
        if kind == "p":
            pdf.set_font("cjk", size=10.5)
            pdf.multi_cell(0, 6, str(content), new_x="LMARGIN", new_y="NEXT")
            continue
        rows = content if isinstance(content, list) else []
        width = max(len(r) for r in rows)
        pdf.set_font("cjk", size=7 if width < 12 else 6)
        with pdf.table(col_widths=(4, *([1] * (width - 1))), line_height=4,
                       first_row_as_headings=False) as table:
            for r in rows:
                row = table.row()
                for cell in r + [""] * (width - len(r)):
                    row.cell(cell)
        pdf.ln(2)
    return bytes(pdf.output())


def generate(outdir: Path, per_format: dict[str, int], font: str | None) -> dict[str, list[Path]]:
    """Write the sample; PDFs only when a CJK font was found."""
    import synth

    files: dict[str, list[Path]] = {}
    i = 0
    for fmt, n in per_format.items():
        if fmt == "pdf" and font is None:
            continue
        folder = outdir / fmt
        folder.mkdir(parents=True, exist_ok=True)
        files[fmt] = []
        for _ in range(n):
            text = synth.report_text(i, 0, layout="tabs")
            path = folder / f"report-{i:05d}.{fmt}"
            if fmt == "txt":
                path.write_text(text, encoding="utf-8")
            elif fmt == "html":
                path.write_text(to_html(text), encoding="utf-8")
            else:
                path.write_bytes(to_pdf(text, font or ""))
            files[fmt].append(path)
            i += 1
    return files


# -- measuring ------------------------------------------------------------------------------
def _peak_kb() -> int:
    """This process's peak resident memory: VmHWM (``ru_maxrss`` would carry the parent's peak
    over from the spawn on Linux), else ``ru_maxrss``."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _worker(folder: str) -> int:
    """Score every file of ``folder`` in this process; print CPU, wall and peak memory."""
    from checker.workflows.batch.worker import _init_worker, summarise

    paths = sorted(str(p) for p in Path(folder).iterdir())
    _init_worker({}, {}, {})
    summarise(paths[0])  # warm-up: first-use costs (lazy regexes, imports) are start-up
    cpu0, wall0 = time.process_time(), time.perf_counter()
    errors = 0
    for p in paths:
        s = summarise(p)
        errors += s.error is not None or s.score is None
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    peak_kb = _peak_kb()
    print(json.dumps({"n": len(paths), "cpu": cpu, "wall": wall, "peak_mb": peak_kb / 1024,
                      "errors": errors}))
    return 0


def measure(folder: Path) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, __file__, "--worker", str(folder)], env=env,
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"worker for {folder} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def sweep(per_format: dict[str, dict[str, Any]], mix: dict[str, int]) -> dict[str, Any]:
    """Scale the per-format costs to 10⁵ reports in the mix; cores and memory for one hour."""
    used = {f: w for f, w in mix.items() if w and f in per_format}
    weight = sum(used.values())
    mean_cpu = sum(per_format[f]["cpu_per_report"] * w for f, w in used.items()) / weight
    core_seconds = SWEEP * mean_cpu
    cores = math.ceil(core_seconds / HOUR * HEADROOM)
    peak = max(per_format[f]["peak_mb"] for f in used)
    return {"mix": used, "mean_cpu_ms": mean_cpu * 1000, "core_hours": core_seconds / HOUR,
            "one_core_days": core_seconds / 86400, "cores_for_one_hour": cores,
            "worker_peak_mb": peak, "cluster_memory_gb": cores * peak / 1024}


def _measure_all(files: dict[str, list[Path]]) -> dict[str, dict[str, Any]]:
    per_format = {}
    for fmt, paths in files.items():
        m = measure(paths[0].parent)
        m["bytes_per_report"] = sum(p.stat().st_size for p in paths) / len(paths)
        m["cpu_per_report"] = m["cpu"] / m["n"]
        m["reports_per_core_s"] = m["n"] / m["cpu"] if m["cpu"] else float("inf")
        m["reports_per_s_wall"] = m["n"] / m["wall"] if m["wall"] else float("inf")
        per_format[fmt] = m
    return per_format


def _real_sample(outdir: Path, real: Path) -> dict[str, list[Path]]:
    """The published reports of ``real`` by format (a calibration: real PDFs are heavier)."""
    import shutil

    files: dict[str, list[Path]] = {}
    for src in sorted(real.iterdir()) if real.is_dir() else []:
        fmt = src.suffix.lower().lstrip(".")
        if fmt in FORMATS:
            (outdir / fmt).mkdir(parents=True, exist_ok=True)
            files.setdefault(fmt, []).append(Path(shutil.copy(src, outdir / fmt / src.name)))
    return files


def run(total: int, mix: dict[str, int], real: Path | None = REAL) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_pdf import find_cjk_font

    font = find_cjk_font()
    plan = counts(total, mix)
    result: dict[str, Any] = {"sample": plan, "skipped": [] if font else ["pdf (no CJK font)"]}
    with tempfile.TemporaryDirectory(prefix="gongkai-sweep-") as tmp:
        per_format = _measure_all(generate(Path(tmp) / "generated", plan, font))
        result.update(formats=per_format, sweep=sweep(per_format, mix))
        real_files = _real_sample(Path(tmp) / "real", real) if real is not None else {}
        if real_files:
            measured = _measure_all(real_files)
            # each format at the cost of the published reports where there are some
            result.update(real=measured, real_sweep=sweep({**per_format, **measured}, mix))
    return result


def report(result: dict[str, Any]) -> str:
    lines = [f"sample: {', '.join(f'{n} {f}' for f, n in result['sample'].items())}"
             + (f" (skipped: {', '.join(result['skipped'])})" if result["skipped"] else "")]
    lines.append("format     reports  size/report  CPU ms/report  reports/s per core  "
                 "wall reports/s  peak MB  unscored")
    rows = [(fmt, m) for fmt, m in result["formats"].items()]
    rows += [(f"real {fmt}", m) for fmt, m in (result.get("real") or {}).items()]
    for label, m in rows:
        lines.append(f"{label:9}  {m['n']:7}  {m['bytes_per_report'] / 1024:8.1f} kB  "
                     f"{m['cpu_per_report'] * 1000:13.1f}  {m['reports_per_core_s']:18.1f}  "
                     f"{m['reports_per_s_wall']:14.1f}  {m['peak_mb']:7.0f}  {m['errors']:8}")
    labels = (("sweep", "generated reports"), ("real_sweep", "at published reports' cost"))
    for key, label in labels:
        s = result.get(key)
        if not s:
            continue
        mix = ", ".join(f"{f} {w}" for f, w in s["mix"].items())
        lines.append(f"10⁵ reports ({label}), mix {mix}: {s['mean_cpu_ms']:.1f} ms CPU per "
                     f"report = {s['core_hours']:.1f} core-hours ({s['one_core_days']:.2f} days "
                     f"on one core); in one hour: {s['cores_for_one_hour']} cores "
                     f"(× {HEADROOM} headroom), {s['worker_peak_mb']:.0f} MB per worker, "
                     f"about {s['cluster_memory_gb']:.1f} GB in all")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=200, help="sample size (default 200)")
    ap.add_argument("--mix", type=parse_mix, default=DEFAULT_MIX,
                    help="format weights, e.g. pdf=60,html=30,txt=10 (the default)")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    ap.add_argument("--no-real", action="store_true",
                    help="skip the calibration on the published reports of ../shared/corpus/real2")
    ap.add_argument("--worker", metavar="DIR", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return _worker(args.worker)
    result = run(args.count, args.mix, None if args.no_real else REAL)
    sys.stdout.write(report(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
