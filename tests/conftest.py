"""Shared fixtures: one session per test run (plugins and packs loaded once)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GONGKAI_NO_CACHE", "1")
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def session():
    from checker.api import Session

    return Session({}, entry_points=False)


@pytest.fixture(scope="session")
def seed_result(session):
    return session.check(str(ROOT / "fixtures" / "reports" / "seed-2023.json"))
