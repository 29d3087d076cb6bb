"""Placing fixes made over the report text on the text a fixer edits."""
from __future__ import annotations

from checker.findings import Fix
from checker.workflows.fix.model import apply_edits
from checker.workflows.fix.place import Placer


def test_same_skeleton_maps_through_line_endings() -> None:
    """CRLF in the file, LF in the report: a line break inside a number goes whole."""
    report, source = "甲\n鲁政办发\n\n〔2023〕8号", "甲\r\n鲁政办发\r\n\r\n〔2023〕8号"
    fix = Fix(edits=((6, 1, ""), (7, 1, "")), title="t", kind="spaces")
    edits = Placer(report, source).place(fix)
    assert edits is not None
    assert apply_edits(source, edits) == "甲\r\n鲁政办发〔2023〕8号"


def test_anchored_by_context_when_the_texts_differ() -> None:
    """A report text with a title line the page text lacks: the fix is found by its context;
    a non-breaking space in the page is the blank the report's space stands for."""
    report = "国办函【2020】109号\n根据（国办函【2020】 109 号）"
    target = "根据（国办函【2020】\u00a0109 号）"
    fix = Fix(edits=((20, 1, "〔"), (25, 1, "〕"), (26, 1, ""), (30, 1, "")), title="t")
    edits = Placer(report, target).place(fix)
    assert edits is not None
    assert apply_edits(target, edits) == "根据（国办函〔2020〕109号）"


def test_a_fix_that_cannot_be_placed_exactly_is_refused() -> None:
    """The title's number occurs nowhere else with its context: not placed (None)."""
    report = "国办函【2020】109号\n正文"
    target = "正文"
    fix = Fix(edits=((3, 1, "〔"), (8, 1, "〕")), title="t")
    assert Placer(report, target).place(fix) is None


def test_part_of_a_run_of_blanks_is_not_placed() -> None:
    """Deleting one of two spaces has no exact counterpart in a differently spaced text."""
    fix = Fix(edits=((1, 1, ""),), title="t")
    assert Placer("甲  乙", "甲 乙").place(fix) is None
