"""Hypothesis properties of the engine: never raises, deterministic, monotone selection, exact."""
from __future__ import annotations

import copy
import json
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings, strategies as st

from checker.api import Session
from checker.errors import InputError
from checker.report import T3_COLS

ROOT = Path(__file__).resolve().parent.parent
CLEAN = json.loads((ROOT / "fixtures" / "reports" / "clean-2021.json").read_text(encoding="utf-8"))
LEAF_ROWS = ["r1", "r2", *(f"r3_{i}" for i in range(1, 9)), *(f"r4_{i}" for i in range(1, 4)),
             *(f"r5_{i}" for i in range(1, 6)), *(f"r6_{i}" for i in range(1, 4))]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                          HealthCheck.function_scoped_fixture])
_SESSION = Session({}, entry_points=False)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=30)


@SETTINGS
@given(json_values)
def test_engine_never_raises_on_arbitrary_json(value):
    """Arbitrary JSON is either refused with InputError or checked without rule errors."""
    try:
        result = _SESSION.check(value if isinstance(value, dict) else {"x": value})
    except InputError:
        return
    assert not result.rule_errors


def _table(draw_counts: list[list[int]], cin: list[int], cout_share: list[int]) -> dict:
    """A T3 table satisfying H1–H3 in every column, from leaf counts."""
    t3: dict[str, dict] = {}

    def put(row, vals):
        vals = list(vals) + [sum(vals)]
        t3[row] = {c: {"value": v, "raw": str(v), "loc": None, "confidence": "exact"}
                   for c, v in zip(T3_COLS, vals)}

    for row, vals in zip(LEAF_ROWS, draw_counts):
        put(row, vals)
    r7 = [sum(vals[i] for vals in draw_counts) for i in range(6)]
    cout = [min(a, b) for a, b in zip(cout_share, r7)]
    new = [r + c - i for r, c, i in zip(r7, cout, cin)]
    assume(all(v >= 0 for v in new))
    put("r7", r7)
    put("cin", cin)
    put("cout", cout)
    put("new", new)
    return t3


counts = st.lists(st.lists(st.integers(0, 50), min_size=6, max_size=6), min_size=len(LEAF_ROWS),
                  max_size=len(LEAF_ROWS))
six = st.lists(st.integers(0, 5), min_size=6, max_size=6)


def _report(t3: dict) -> dict:
    data = copy.deepcopy(CLEAN)
    data["tables"]["t3"] = t3
    data.pop("rows", None)
    return data


IDENTITY_CODES = {"TBL001", "TBL002", "TBL003"}


@SETTINGS
@given(counts, six, six)
def test_valid_tables_raise_no_identity_findings(leaf, cin, cout):
    """A table built to satisfy H1–H3 exactly never fails an identity."""
    result = _SESSION.check(_report(_table(leaf, cin, cout)))
    assert not {f.code for f in result.findings} & IDENTITY_CODES


@SETTINGS
@given(counts, six, six, st.sampled_from(LEAF_ROWS + ["r7", "new", "cin", "cout"]),
       st.sampled_from(T3_COLS), st.integers(1, 9))
def test_one_wrong_cell_is_caught_and_blamed(leaf, cin, cout, row, col, delta):
    """Changing one cell always breaks an identity; the blamed cell is the changed one."""
    t3 = _table(leaf, cin, cout)
    cell = t3[row][col]
    cell["value"] += delta
    cell["raw"] = str(cell["value"])
    result = _SESSION.check(_report(t3))
    hits = [f for f in result.findings if f.code in IDENTITY_CODES]
    assert hits, "an injected error must be caught"
    blamed = {f.pointer for f in hits if f.root}
    if len(hits) >= 2:
        assert blamed == {f"/tables/t3/{row}/{col}"}


@SETTINGS
@given(st.sets(st.sampled_from(sorted({r.code for r in _SESSION.all_rules})), max_size=6))
def test_selecting_fewer_rules_never_adds_findings(ignored):
    """Ignoring rules can only remove findings (on the seed)."""
    seed = str(ROOT / "fixtures" / "reports" / "seed-2023.json")
    full = {f.fingerprint for f in _SESSION.check(seed).findings}
    sub = Session({"ignore": tuple(ignored)}, entry_points=False).check(seed)
    assert {f.fingerprint for f in sub.findings} <= full
    assert not any(f.code in ignored for f in sub.findings)


def test_output_is_byte_identical_across_runs():
    """The JSON rendering of the same input is byte-identical across sessions."""
    from checker.render.json_out import render

    seed = str(ROOT / "fixtures" / "reports" / "seed-2023.json")
    a = render([Session({}, entry_points=False).check(seed)])
    b = render([Session({}, entry_points=False).check(seed)])
    assert a == b


def test_every_pointer_resolves():
    """Every finding's pointer resolves in the report JSON (tables, rows, sections, text)."""
    seed_path = ROOT / "fixtures" / "reports" / "seed-2023.json"
    data = json.loads(seed_path.read_text(encoding="utf-8"))
    for f in _SESSION.check(str(seed_path)).findings:
        node = data
        for part in [p for p in f.pointer.split("/") if p]:
            node = node[int(part)] if isinstance(node, list) else node[part]
