"""A failing and a passing example of each rule, taken from its case file (``tests/cases``).

The case files ship only in the source repository, so the examples are extracted once, into
``checker/render/rule_examples.json`` (package data, kept in sync by tests/test_docs_sync.py),
and ``gongkai explain`` reads them from there: an installed wheel explains a rule with the same
examples as the repository's docs. Regenerate with ``python -m checker.render.build_docs``.

An example shows the relevant excerpt, not a whole report: the lines a case edits (after the
edit for the failing case, before it for the passing one when the passing case is the clean
report), the table cells it sets, the metadata it changes, the tables or parts it removes,
what last year's report or the batch's other reports hold, and the findings expected.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["EXAMPLES_FILE", "extract_examples", "load_examples"]

EXAMPLES_FILE = Path(__file__).with_name("rule_examples.json")
_WINDOW = 40  # characters kept either side of an edit on a long line
_EDITS = ("replace", "cells", "meta", "drop_tables", "drop_parts", "previous", "peers")

Example = dict[str, Any]


def load_examples() -> dict[str, dict[str, Example]]:
    """The examples shipped with gongkai: rule code -> {"fail": …, "pass": …}."""
    if not EXAMPLES_FILE.is_file():
        return {}
    data: dict[str, dict[str, Example]] = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
    return data


def _case_notes(text: str) -> tuple[list[str], list[list[str]]]:
    """The comment lines of a case file: those before the first case, and those of each case."""
    head: list[str] = []
    cases: list[list[str]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped == "[[cases]]":
            cases.append([])
        elif stripped.startswith("#"):
            (cases[-1] if cases else head).append(stripped.lstrip("#").strip())
    return head, cases


def _excerpt(text: str, at: int, length: int) -> list[str]:
    """The lines holding ``text[at:at + length]``, a long line cut to the edit's surroundings."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at + length)
    end = len(text) if end < 0 else end
    lo, hi = max(start, at - _WINDOW), min(end, at + length + _WINDOW)
    lead = "…" if lo > start else ""
    tail = "…" if hi < end else ""
    return (lead + text[lo:hi] + tail).split("\n")


def _text_edits(text: str, pairs: list[list[str]]) -> tuple[list[str], list[str]]:
    """The excerpts before and after the case's text replacements (applied in order)."""
    before: list[str] = []
    after: list[str] = []
    for old, new in pairs:
        at = text.find(old)
        if at < 0:
            continue
        before += _excerpt(text, at, len(old))
        text = text[:at] + new + text[at + len(old):]
        after += _excerpt(text, at, len(new))
    return before, after


def _raw_cell(report: dict[str, Any], cell_id: str) -> str:
    table, row, col = cell_id.split(".")
    cell = ((report.get("tables") or {}).get(table) or {}).get(row, {}).get(col)
    return str(cell.get("raw", "")) if isinstance(cell, dict) else ""


def _state(case: dict[str, Any], base: dict[str, Any], edited: bool) -> Example:
    """What a case's edits touch: as edited (``edited``), or as in the unedited base report."""
    out: Example = {}
    if case.get("replace"):
        before, after = _text_edits(base.get("text", ""), case["replace"])
        out["text"] = after if edited else before
    if case.get("cells"):
        out["cells"] = [[cid, raw if edited else _raw_cell(base, cid)]
                        for cid, raw in case["cells"].items()]
    if case.get("meta"):
        out["meta"] = [[k, v if edited else base.get("meta", {}).get(k)]
                       for k, v in case["meta"].items()]
    if edited:
        for key in ("drop_tables", "drop_parts"):
            if case.get(key):
                out[key] = list(case[key])
    if edited and case.get("previous"):
        prev = case["previous"]
        out["previous"] = [[cid, raw] for cid, raw in (prev.get("cells") or {}).items()]
    if edited and case.get("peers"):
        out["peers"] = [{"role": p.get("role", ""), "meta": p.get("meta", {})}
                        for p in case["peers"]]
    return out


def _example(case: dict[str, Any], notes: list[str], fixtures: Path,
             clean_of: dict[str, Any] | None = None) -> Example:
    """One example: the case's own edits, or (``clean_of``, a failing case) the same places in
    the unedited report of a passing case without edits."""
    source = clean_of or case
    base = json.loads((fixtures / f"{source.get('base', 'clean-2021')}.json")
                      .read_text(encoding="utf-8"))
    ex: Example = {"case": case["id"], "base": case.get("base", "clean-2021"), "notes": notes}
    ex.update(_state(source, base, edited=clean_of is None))
    if case["id"].startswith("fail_"):
        ex["findings"] = list(case.get("findings", []))
    return ex


def _edit_kinds(case: dict[str, Any]) -> set[str]:
    return {k for k in _EDITS if case.get(k)}


def extract_examples(cases_dir: Path, fixtures: Path) -> dict[str, dict[str, Example]]:
    """Rule code -> its failing and passing example, from ``cases_dir/<CODE>.toml``.

    The failing example is the file's first ``fail_*`` case. The passing one is the first
    ``pass_*`` case that edits the same kind of thing (a sentence, cells …); failing that, the
    clean report the passing case checks, shown at the places the failing case edits.
    """
    out: dict[str, dict[str, Example]] = {}
    for path in sorted(cases_dir.glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        cases = tomllib.loads(text).get("cases", [])
        head, notes = _case_notes(text)
        notes += [[] for _ in range(len(cases) - len(notes))]
        fails = [(c, n) for c, n in zip(cases, notes, strict=False) if c["id"].startswith("fail_")]
        passes = [(c, n) for c, n in zip(cases, notes, strict=False)
                  if c["id"].startswith("pass_")]
        if not fails or not passes:
            continue
        fail, fail_notes = fails[0]
        entry = {"fail": _example(fail, head + fail_notes, fixtures)}
        kinds = _edit_kinds(fail)
        similar = [(c, n) for c, n in passes if kinds and _edit_kinds(c) & kinds]
        if similar:
            entry["pass"] = _example(similar[0][0], similar[0][1], fixtures)
        else:
            clean, clean_notes = next(((c, n) for c, n in passes if not _edit_kinds(c)),
                                      passes[0])
            if _edit_kinds(clean) or fail.get("base", "clean-2021") != clean.get("base",
                                                                                "clean-2021"):
                entry["pass"] = _example(clean, clean_notes, fixtures)
            else:
                entry["pass"] = _example(clean, clean_notes, fixtures, clean_of=fail)
        out[path.stem] = entry
    return out
