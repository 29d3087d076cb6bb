"""Measure reading and identity verdicts on real reports with hand-read truth (corpus/real2).

For each entry of ``truth.json`` it normalises and checks the file with every first-party pack
and compares, against what a careful reader found:

- **format** and **year** detected;
- **T3 cells**: every cell the truth gives (``null`` = blank or unreadable) against the cell
  read (a cell not read counts as wrong unless the truth also has ``null``);
- **T4 cells** (15 in printed order) where the truth gives them;
- **identity verdicts**: the table-identity findings (TBL001–TBL007) against the violations
  the truth lists (``row_total:<row>``, ``results_total:<col>``, ``balance:<col>``,
  ``t4:<group>``). A finding of a kind/target the truth does not list is a *false alarm*; a
  listed violation with no finding is a *miss*, or *unassessed* when gongkai said the cells it
  needs were not read.

    python benchmarks/real2_accuracy.py [REAL2_DIR] [--verbose]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checker.api import Session  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus" / "real2"
T4_ORDER = [(g, c) for g in ("rev", "lit_dir", "lit_aft")
            for c in (("kept", "fixed", "other", "pending", "total"))]
_SHAPE_BLANK = {"TBL010", "TBL011", "TBL016"}  # row shape and blank cells: accusations too
_COLS = ("nat", "biz", "res", "npo", "law", "oth", "tot")
_IDENTITY = {"TBL001": "row_total", "TBL002": "results_total", "TBL003": "balance",
             "TBL005": "t4", "TBL006": "t4", "TBL007": "t4"}


def _cell(tables: dict, table: str, row: str, col: str):
    cell = tables.get(table, {}).get(row, {}).get(col)
    if cell is None:
        return "unread"
    return cell.get("value")


def _target(f: dict) -> str:
    kind = _IDENTITY[f["code"]]
    if kind == "t4":
        return "t4"
    cells = [e["cell"].split(".") for e in f.get("evidence", [])
             if e.get("cell", "").startswith("t3.")]
    if kind == "row_total":
        rows = {c[1] for c in cells}
        return f"row_total:{rows.pop() if len(rows) == 1 else '?'}"
    cols = {c[2] for c in cells}
    return f"{kind}:{cols.pop() if len(cols) == 1 else '?'}"


def evaluate(directory: Path, verbose: bool = False) -> dict:
    truth = json.loads((directory / "truth.json").read_text(encoding="utf-8"))
    session = Session({}, entry_points=False)
    tot = {"files": 0, "format": 0, "year": 0, "t3_cells": 0, "t3_exact": 0, "t3_totals": 0,
           "t3_totals_exact": 0, "t4_cells": 0, "t4_exact": 0, "false_alarms": 0, "misses": 0,
           "unassessed": 0, "violations": 0, "clean_with_alarm": 0, "clean": 0,
           "shape_blank": 0}
    rows_out = []
    for e in truth:
        path = directory / e["file"]
        report = session.read(str(path))
        result = session.check_report(report, str(path))
        meta = report["meta"]
        tables = report.get("tables", {})
        tot["files"] += 1
        fmt_ok = meta.get("format") == e["expected_format"]
        year_ok = meta.get("year") == e["year"]
        tot["format"] += fmt_ok
        tot["year"] += year_ok
        misses: list[str] = []
        t3 = e.get("t3") or {}
        for row, cols in ((r, c) for r, c in t3.items() if not r.startswith("_")):
            for col, want in (cols or {c: None for c in _COLS}).items():
                if col.startswith("_"):  # the truth's own remark (e.g. "_short": digits seen)
                    continue
                got = _cell(tables, "t3", row, col)
                tot["t3_cells"] += 1
                ok = got == want
                tot["t3_exact"] += ok
                if col == "tot":
                    tot["t3_totals"] += 1
                    tot["t3_totals_exact"] += ok
                if not ok:
                    misses.append(f"t3.{row}.{col}={got!r} want {want!r}")
        if e.get("t4"):
            for (g, c), want in zip(T4_ORDER, e["t4"]):
                got = _cell(tables, "t4", g, c)
                tot["t4_cells"] += 1
                tot["t4_exact"] += got == want
                if got != want:
                    misses.append(f"t4.{g}.{c}={got!r} want {want!r}")
        tot["shape_blank"] += sum(1 for f in result.findings if f.code in _SHAPE_BLANK)
        found = set()
        for f in result.findings:
            fd = {"code": f.code, "evidence": [{"cell": ev.get("cell", "")} for ev in f.evidence]}
            if f.code in _IDENTITY and (_IDENTITY[f.code] != "t4" or e.get("t4")
                                        or any(v.startswith("t4:") for v in e["violations"])):
                # table 4 is judged only where the truth read it
                found.add(_target(fd))
        want_v = {v if not v.startswith("t4:") else "t4" for v in e.get("violations", [])
                  if ":" in v and " " not in v}
        unassessed_codes = {n.code for n in getattr(result, "not_assessable", ())}
        scored = e["identity"] != "violation" or bool(want_v)
        false_alarms = sorted(found - want_v) if scored else []
        missed = sorted(want_v - found)
        una = [m for m in missed if any(c in unassessed_codes for c, k in _IDENTITY.items()
                                        if m.startswith(k))]
        tot["violations"] += len(want_v)
        tot["false_alarms"] += len(false_alarms) if scored else 0
        tot["misses"] += len(missed) - len(una)
        tot["unassessed"] += len(una)
        if e["identity"] == "clean":
            tot["clean"] += 1
            tot["clean_with_alarm"] += bool(false_alarms)
        if not scored:
            false_alarms = [f"(not scored: {', '.join(sorted(found))})"]
        rows_out.append((e["file"], meta.get("format"), e["expected_format"], meta.get("year"),
                         e["year"], false_alarms, missed, misses))
    print(f"{'file':12} {'format':>16} {'year':>12}  identity verdicts / cell misses")
    for file, fmt, wfmt, year, wyear, fa, mi, cm in rows_out:
        f_cell = fmt if fmt == wfmt else f"{fmt}≠{wfmt}"
        y_cell = str(year) if year == wyear else f"{year}≠{wyear}"
        print(f"{file:12} {f_cell:>16} {y_cell:>12}  FA={fa} MISS={mi} cells≠{len(cm)}")
        if verbose:
            for m in cm[:40]:
                print("      ", m)
    print("-" * 60)
    pct = (100.0 * tot["t3_exact"] / tot["t3_cells"]) if tot["t3_cells"] else 0.0
    print(f"format {tot['format']}/{tot['files']}  year {tot['year']}/{tot['files']}  "
          f"T3 cells {tot['t3_exact']}/{tot['t3_cells']} ({pct:.1f} %)  "
          f"T3 totals {tot['t3_totals_exact']}/{tot['t3_totals']}  "
          f"T4 cells {tot['t4_exact']}/{tot['t4_cells']}")
    print(f"identity: false alarms {tot['false_alarms']} (clean reports with an alarm "
          f"{tot['clean_with_alarm']}/{tot['clean']}), misses {tot['misses']}, unassessed "
          f"{tot['unassessed']} of {tot['violations']} violations; row-shape and blank-cell "
          f"findings (TBL010/011/016) {tot['shape_blank']}")
    return tot


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    directory = Path(args[0]) if args else DEFAULT
    if not (directory / "truth.json").is_file():
        print(f"truth.json not found in {directory}; skipped")
        return 0
    evaluate(directory, verbose="--verbose" in argv)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
