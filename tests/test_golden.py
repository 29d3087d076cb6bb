"""Golden renderings of the seed at a fixed width without colour (text, Chinese and English).

Regenerate after an intended change with:  GONGKAI_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker.api import Session
from checker.render import text

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "fixtures" / "golden"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_rendering_of_the_seed_is_golden(monkeypatch, lang):
    """The seed's findings, grouped by part, with source lines and the grade, exactly as before."""
    monkeypatch.chdir(ROOT)
    session = Session({"lang": lang}, entry_points=False)
    result = session.check("fixtures/reports/seed-2023.json")
    got = text.render([result], {"lang": lang, "color": False, "width": 100})
    path = GOLDEN / f"seed-2023.{lang}.txt"
    if os.environ.get("GONGKAI_UPDATE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")
