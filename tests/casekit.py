"""Rule cases as data: build a report variant from a fixture plus edits, as a case file says.

A case file ``tests/cases/<CODE>.toml`` holds ``[[cases]]`` tables::

    [[cases]]
    id = "fail_wrong_total"          # pass_* or fail_*
    base = "clean-2021"              # fixtures/reports/<base>.json
    cells = { "t3.r7.nat" = "21" }   # set a cell's raw text (value parsed from it; "" = blank)
    replace = [["old text", "new text"]]   # edit the text; every offset after it shifts
    drop_tables = ["t4"]             # remove tables
    drop_parts = ["problems"]        # remove sections (the text stays)
    meta = { year = 2020 }           # override meta keys
    select = ["table-identities"]    # optional: run only these rules/packs (default: all)
    findings = ["TBL002", "TBL003"]  # fail cases: exactly these codes fire, over all packs
    previous = { base = …, cells = …, keep_text = true }   # last year's report (cross-year)
    peers = [{ base = …, role = "copier", meta = … }]      # other reports of a batch

A pass case asserts that the file's rule does not fire; a fail case that the findings over
all packs are exactly ``findings`` (a multiset of codes; the rule itself must be in it).
"""
from __future__ import annotations

import copy
import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
FIXTURES = ROOT / "fixtures" / "reports"
_FULLWIDTH = str.maketrans("０１２３４５６７８９．－", "0123456789.-")


def load_base(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def parse_value(raw: str, money: bool) -> Any:
    text = raw.strip().translate(_FULLWIDTH)
    if not text:
        return None
    try:
        d = Decimal(text)
    except InvalidOperation:
        return None
    if money:
        return text
    return int(d) if d == d.to_integral_value() and "." not in text else text


def _walk_locs(obj: Any):
    if isinstance(obj, dict):
        if "offset" in obj and isinstance(obj.get("offset"), int) and "line" in obj:
            yield obj
        for v in obj.values():
            yield from _walk_locs(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _walk_locs(v)


def _walk_spans(obj: Any):
    if isinstance(obj, dict):
        span = obj.get("span")
        if isinstance(span, dict) and "start" in span:
            yield span
        for v in obj.values():
            yield from _walk_spans(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _walk_spans(v)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def replace_text(report: dict[str, Any], old: str, new: str) -> None:
    """Replace the unique occurrence of ``old`` and shift every offset, span, line, column."""
    text = report["text"]
    at = text.find(old)
    if at < 0 or text.find(old, at + 1) >= 0:
        raise ValueError(f"case text {old!r} must occur exactly once (found {text.count(old)})")
    delta = len(new) - len(old)
    end = at + len(old)
    new_text = text[:at] + new + text[end:]
    report["text"] = new_text
    for loc in list(_walk_locs(report)):
        if loc["offset"] >= end:
            loc["offset"] += delta
        elif loc["offset"] > at:
            loc["offset"] = at
        loc["line"], loc["column"] = _position(new_text, loc["offset"])
    for span in list(_walk_spans(report)):
        for k in ("start", "end"):
            if span[k] >= end or (k == "end" and span[k] > at):
                span[k] = max(at, span[k] + delta) if span[k] >= end else at + len(new)


def build(case: dict[str, Any]) -> dict[str, Any]:
    report = copy.deepcopy(load_base(case.get("base", "clean-2021")))
    for old, new in case.get("replace", []):
        replace_text(report, old, new)
    for cid, raw in case.get("cells", {}).items():
        table, row, col = cid.split(".")
        cells = report.setdefault("tables", {}).setdefault(table, {}).setdefault(row, {})
        cell = cells.setdefault(col, {"value": None, "raw": "", "loc": None, "confidence": "exact"})
        cell["raw"] = raw
        cell["value"] = parse_value(raw, money=cid == "t2.fee.amount_wan")
    for table in case.get("drop_tables", []):
        report.get("tables", {}).pop(table, None)
        report.get("rows", {}).pop(table, None)
    drop = set(case.get("drop_parts", []))
    if drop:
        report["sections"] = [s for s in report.get("sections", []) if s.get("part") not in drop]
    report["meta"].update(case.get("meta", {}))
    return report


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(CASES.glob("*.toml")):
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in doc.get("cases", []):
            out.append((path.stem, case))
    return out


_FREE_PARTS = ("overview", "problems", "other")


def scramble_free_text(report: dict[str, Any]) -> None:
    """Reverse the text of parts 一, 五 and 六 in place (same length: every offset holds), so
    that a previous report made from the same fixture is not a copy of it (originality)."""
    text = report["text"]
    for s in report.get("sections", []):
        span = s.get("span")
        if s.get("part") in _FREE_PARTS and isinstance(span, dict):
            a, b = span["start"], span["end"]
            text = text[:a] + text[a:b][::-1] + text[b:]
    report["text"] = text


def build_previous(case: dict[str, Any]) -> dict[str, Any] | None:
    """Last year's report for a cross-year case, or None when the case has none.

    ``previous = "clean-2021"`` names a fixture; ``previous = { base = …, cells = …, meta = … }``
    edits one like a case does. Its year defaults to the case report's year − 1. Its free text
    is reversed (not a copy of this year's) unless ``keep_text = true``.
    """
    spec = case.get("previous")
    if spec is None:
        return None
    spec = {"base": spec} if isinstance(spec, str) else dict(spec)
    keep = bool(spec.pop("keep_text", False))
    report = build(spec)
    if not keep:
        scramble_free_text(report)
    if "year" not in spec.get("meta", {}):
        year = case.get("meta", {}).get("year") or load_base(case.get("base", "clean-2021"))["meta"]["year"]
        report["meta"]["year"] = int(year) - 1
    return report


def build_peers(case: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """The batch peers of a case: (path, this report's role, report) per ``peers`` entry."""
    out = []
    for i, spec in enumerate(case.get("peers", [])):
        spec = dict(spec)
        role = spec.pop("role", "unknown")
        out.append((spec.pop("path", f"peer{i}.json"), role, build(spec)))
    return out


def batch_context(peers: list[tuple[str, str, dict[str, Any]]] | None) -> dict[str, Any] | None:
    """``ctx.batch`` for a case with peers (None without: the batch rules are not assessable)."""
    if not peers:
        return None
    from checker.checks.originality import Peer

    return {"pending": False, "peers": tuple(Peer(p, r, role) for p, role, r in peers),
            "template": frozenset()}


DEFECTS = FIXTURES / "defects"


def defect_fixtures() -> dict[str, dict[str, Any]]:
    """One defective report per rule: the first fail case of each rule's case file.

    Returns ``{file name: {"case": …, "report": …, "previous": … or None}}``; written to
    ``fixtures/reports/defects/`` by ``python -m tests.casekit`` with ``expected.json``.
    """
    out: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    for code, case in load_cases():
        if code in seen or not case["id"].startswith("fail"):
            continue
        seen.add(code)
        name = f"{code}-{case['id'][len('fail_'):].replace('_', '-')}.json"
        out[name] = {"case": case, "code": code, "report": build(case),
                     "previous": build_previous(case), "peers": build_peers(case)}
    return out


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_defect_fixtures() -> None:
    """Regenerate fixtures/reports/defects/ from the case files."""
    DEFECTS.mkdir(parents=True, exist_ok=True)
    for old in DEFECTS.glob("*.json"):
        old.unlink()
    expected: dict[str, Any] = {}
    for name, item in sorted(defect_fixtures().items()):
        (DEFECTS / name).write_text(_dump(item["report"]), encoding="utf-8")
        entry: dict[str, Any] = {"rule": item["code"], "findings": sorted(item["case"]["findings"])}
        if item["previous"] is not None:
            prev = name.replace(".json", ".previous.json")
            (DEFECTS / prev).write_text(_dump(item["previous"]), encoding="utf-8")
            entry["previous"] = prev
        if item["peers"]:
            entry["peers"] = []
            for n, (path, role, report) in enumerate(item["peers"]):
                peer = name.replace(".json", f".peer{n}.json")
                (DEFECTS / peer).write_text(_dump(report), encoding="utf-8")
                entry["peers"].append([peer, path, role])
        if item["case"].get("select"):
            entry["select"] = list(item["case"]["select"])
        expected[name] = entry
    (DEFECTS / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                                           encoding="utf-8")


if __name__ == "__main__":
    write_defect_fixtures()
