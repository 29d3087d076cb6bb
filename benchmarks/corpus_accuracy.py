"""Measure the text normaliser on the shared corpus of real reports (../shared/corpus).

For each file in ``manifest.json`` it compares the detected format, the six part headings,
the T3 totals (new, cin, r7, cout and the outcome groups with their items) and the T4 cells
with the ground truth, and prints a table. Skips cleanly when ../shared is absent.

    python benchmarks/corpus_accuracy.py [CORPUS_DIR]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checker.readers import normalise_path  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus"
_NUMS = "一二三四五六"
_FORMAT = {"older": "pre2019", "pre2019": "pre2019", "2019": "2019", "2021": "2021"}
_GROUPS = {"denied": ("r3", 8), "unable": ("r4", 3), "not_processed": ("r5", 5), "other": ("r6", 3)}
_T3_TOP = {"new_requests": "new", "carried_over": "cin", "results_total": "r7",
           "carried_forward": "cout", "granted": "r1", "partial": "r2"}
_T4 = {"review": "rev", "litigation_direct": "lit_dir", "litigation_after_review": "lit_aft"}
_T4_COLS = {"maintained": "kept", "corrected": "fixed", "other": "other", "pending": "pending",
            "total": "total"}


def _tot(t3: dict, rid: str):
    row = t3.get(rid)
    return None if row is None else row["tot"]["value"]


def _group(t3: dict, prefix: str, n: int):
    if prefix == "r6" and "r6" in t3 and t3["r6"]["tot"]["value"] is not None:
        return t3["r6"]["tot"]["value"]
    vals = [_tot(t3, f"{prefix}_{i}") for i in range(1, n + 1)]
    return None if any(v is None for v in vals) else sum(vals)


def _t3_checks(truth: dict, t3: dict) -> list[tuple[str, object, object]]:
    out = []
    for key, rid in _T3_TOP.items():
        out.append((key, truth.get(key), _tot(t3, rid)))
    for key, (prefix, n) in _GROUPS.items():
        out.append((key, truth.get(key), _group(t3, prefix, n)))
        items = truth.get(f"{key}_items") or {}
        for name, val in sorted(items.items()):
            idx = int(name.split("_", 1)[0])
            out.append((f"{key}.{name}", val, _tot(t3, f"{prefix}_{idx}")))
    return out


def _t4_checks(truth: dict, t4: dict) -> list[tuple[str, object, object]]:
    out = []
    for tkey, gid in _T4.items():
        for ckey, cid in _T4_COLS.items():
            got = t4.get(gid, {}).get(cid, {}).get("value") if t4 else None
            out.append((f"{tkey}.{ckey}", (truth.get(tkey) or {}).get(ckey), got))
    return out


def _heading(s: str) -> str:
    return s.lstrip("#").strip()


def main(argv: list[str]) -> int:
    corpus = Path(argv[1]) if len(argv) > 1 else DEFAULT
    manifest = corpus / "manifest.json"
    if not manifest.is_file():
        print(f"corpus not found at {corpus}; skipped")
        return 0
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    header = f"{'file':8} {'format':>16} {'parts':>6} {'T3':>8} {'T4':>8}  misses"
    print(header)
    print("-" * len(header))
    totals = {"format": [0, 0], "parts": [0, 0], "t3": [0, 0], "t4": [0, 0]}
    for e in entries:
        report = normalise_path(corpus / e["file"])
        want_fmt = _FORMAT.get(str(e.get("format")), str(e.get("format")))
        got_fmt = report["meta"]["format"]
        misses: list[str] = []
        totals["format"][1] += 1
        totals["format"][0] += got_fmt == want_fmt
        found = {s["number"]: _heading(s["heading"]) for s in report["sections"]}
        p_ok = p_all = 0
        for num, sec in (e.get("sections") or {}).items():
            if not sec.get("present"):
                continue
            p_all += 1
            if found.get(num) == _heading(sec["heading"]):
                p_ok += 1
            else:
                misses.append(f"part {num}: {found.get(num)!r}")
        totals["parts"][0] += p_ok
        totals["parts"][1] += p_all
        t3_ok = t3_all = t4_ok = t4_all = 0
        if e.get("t3"):
            for key, want, got in _t3_checks(e["t3"], report["tables"].get("t3", {})):
                if want is None:
                    continue
                t3_all += 1
                t3_ok += want == got
                if want != got:
                    misses.append(f"t3 {key}: {got} != {want}")
        if e.get("t4"):
            for key, want, got in _t4_checks(e["t4"], report["tables"].get("t4", {})):
                if want is None:
                    continue
                t4_all += 1
                t4_ok += want == got
                if want != got:
                    misses.append(f"t4 {key}: {got} != {want}")
        for k, ok, n in (("t3", t3_ok, t3_all), ("t4", t4_ok, t4_all)):
            totals[k][0] += ok
            totals[k][1] += n
        fmt_cell = f"{got_fmt}{'' if got_fmt == want_fmt else ' (want ' + want_fmt + ')'}"
        print(f"{e['file']:8} {fmt_cell:>16} {p_ok:>2}/{p_all:<3} {t3_ok:>3}/{t3_all:<4} "
              f"{t4_ok:>3}/{t4_all:<4}  {'; '.join(misses[:6])}")
    print("-" * len(header))
    print("  ".join(f"{k} {ok}/{n}" for k, (ok, n) in totals.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
