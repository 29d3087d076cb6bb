"""docs/rules.md is generated from the packs and kept in sync; hooks.md lists every hook."""
from __future__ import annotations

import inspect
from pathlib import Path

from checker import hookspecs
from checker.render.docs import rules_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_rules_md_is_in_sync_with_the_packs(session):
    """Regenerate with: gongkai rules --format markdown -o docs/rules.md"""
    expected = rules_markdown(session.plugins.packs(), session.kinds)
    assert (DOCS / "rules.md").read_text(encoding="utf-8") == expected


def test_every_rule_is_documented(session):
    """Each rule appears in docs/rules.md with its own section."""
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    for rule in session.all_rules:
        assert f"### {rule.code}" in text


def test_hooks_md_documents_every_hook():
    """docs/hooks.md has a section for every hookspec, with its signature."""
    text = (DOCS / "hooks.md").read_text(encoding="utf-8")
    names = [n for n, f in inspect.getmembers(hookspecs, inspect.isfunction) if n.startswith("checker_")]
    assert names
    for name in names:
        sig = str(inspect.signature(getattr(hookspecs, name)))
        assert f"## `{name}`" in text, name
        assert sig.split(" ->")[0].replace("'", "") in text.replace("'", ""), (name, sig)
