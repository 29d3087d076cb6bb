"""Grading: deductions per severity, caps per category, veto, traceability, custom profiles."""
from __future__ import annotations

from pathlib import Path

import pytest

from checker.errors import PackError
from checker.findings import Finding, Location, Severity
from checker.grading.score import default_profile, grade, load_profile


def _f(code, sev, cat="data", root=None, conf="exact", fp=None):
    return Finding(code=code, name="x.y", pack="p", severity=Severity(sev), category=cat,
                   message="m", pointer="/", location=Location(), fingerprint=fp or f"{code}{root}{sev}",
                   confidence=conf, root=root)


def test_every_lost_point_is_traceable_to_a_finding():
    """The sum of deductions equals the points lost."""
    fs = [_f("A001", "error"), _f("A002", "warning", "language"), _f("A003", "info")]
    g = grade(fs, default_profile())
    assert g.score == 100 - sum(d.points for d in g.deductions) == 97
    assert {d.fingerprint for d in g.deductions} == {fs[0].fingerprint, fs[1].fingerprint}


def test_category_cap_and_bands():
    """A category never loses more than its weight; bands follow 90/80/60."""
    fs = [_f(f"L{i:03d}", "error", "language", fp=str(i)) for i in range(10)]
    g = grade(fs, default_profile())
    lang = next(c for c in g.categories if c.id == "language")
    assert lang.lost == lang.weight == 5
    assert g.score == 95 and g.grade == "优秀"


def test_blocker_forces_fail():
    """Any blocker forces 不合格 and caps the score."""
    g = grade([_f("B001", "blocker", "structure")], default_profile())
    assert g.vetoed and g.grade == "不合格" and g.score <= 59


def test_one_root_is_deducted_once_and_inferred_costs_less():
    """Findings sharing a root cost one deduction; an inferred finding costs half."""
    fs = [_f("A001", "error", root="cell:x", fp="1"), _f("A002", "error", root="cell:x", fp="2")]
    assert grade(fs, default_profile()).score == 98
    assert grade([_f("A001", "error", conf="inferred")], default_profile()).score == 99


def test_custom_profile_replaces_default(tmp_path):
    """--profile: a three-tier province profile with its own bands."""
    p = tmp_path / "p.toml"
    p.write_text("""
[profile]
id = "three-tier"
title = "三档"
[categories.data]
weight = 100
label = "数据"
[deductions]
error = 40
warning = 1
info = 0
[[bands]]
min = 90
grade = "优秀"
[[bands]]
min = 70
grade = "合格"
[[bands]]
min = 0
grade = "不合格"
""", encoding="utf-8")
    prof = load_profile(p)
    assert grade([_f("A001", "error")], prof).grade == "不合格"
    assert grade([], prof).grade == "优秀"


def test_invalid_profile_names_file_and_key(tmp_path):
    """A profile with an unknown key is refused with file, key and suggestion."""
    p = tmp_path / "bad.toml"
    p.write_text('[profile]\nid = "x"\ntitle = "t"\n[categories.data]\nweight = 1\nlabel = "d"\n'
                 '[deductions]\nerror = 1\nwarning = 1\ninfo = 0\nwarnings = 2\n[[bands]]\nmin = 0\ngrade = "x"\n',
                 encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_profile(p)
    assert "warnings" in str(info.value) and str(p) in str(info.value)


def test_default_profile_is_valid_against_its_schema():
    """The shipped default profile passes its own JSON Schema."""
    from checker.grading.score import _DEFAULT

    load_profile(Path(_DEFAULT))
