"""The identity expression grammar: parsing, ranges, exact evaluation, rejection of the rest."""
from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from checker.engine import expr as ex
def test_parse_and_evaluate_sum_with_range():
    """sum() with a numeric range expands to every cell and adds them exactly."""
    node = ex.parse("t3.r7.nat == t3.r1.nat + sum(t3.r3_[1-3].nat)")
    assert ex.cells_of(node) == ["t3.r7.nat", "t3.r1.nat", "t3.r3_1.nat", "t3.r3_2.nat", "t3.r3_3.nat"]
    values = {"t3.r7.nat": 6, "t3.r1.nat": 3, "t3.r3_1.nat": 1, "t3.r3_2.nat": 1, "t3.r3_3.nat": 1}
    assert ex.evaluate(node.left, values.__getitem__) == ex.evaluate(node.right, values.__getitem__)


@pytest.mark.parametrize("bad", [
    "__import__('os')", "t3.r7.nat == ", "t5.r1.nat == 1", "open('x')", "t3.r1.nat ** 2",
    "sum(1, 2)", "t3.r[1-99].nat == 1", "lambda: 1", "t3.r1.nat; 1",
])
def test_anything_outside_the_grammar_is_rejected(bad):
    """Names, calls, attribute access and other Python are not part of the grammar."""
    with pytest.raises(ex.ExprError):
        ex.parse(bad)


def test_template_expansion_rejects_unknown_placeholders():
    """Only the placeholders the rule provides may appear."""
    assert ex.expand("t3.{row}.{col}", row="r1", col="nat") == "t3.r1.nat"
    with pytest.raises(ex.ExprError):
        ex.expand("t3.{rows}.nat", row="r1")


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=2, max_size=8))
def test_evaluation_agrees_with_fraction_arithmetic(values):
    """Sums and differences evaluate exactly like fractions.Fraction."""
    cells = [f"t3.r3_{i + 1}.nat" for i in range(len(values))]
    node = ex.parse(" + ".join(cells) + " - " + cells[0] + " / 3")
    lookup = dict(zip(cells, values))
    expected = sum(Fraction(v) for v in values) - Fraction(values[0], 3)
    assert ex.evaluate(node, lookup.__getitem__) == expected
