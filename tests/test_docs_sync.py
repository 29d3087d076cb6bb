"""docs/rules.md is generated from the packs and kept in sync; hooks.md lists every hook."""
from __future__ import annotations

import inspect
from pathlib import Path

from checker import hookspecs
from checker.render.build_docs import expected_files
from checker.render.docs import explain
from checker.render.examples import load_examples

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_generated_rule_docs_are_in_sync_with_the_packs_and_cases():
    """docs/rules.md, docs/rules/<CODE>.md and the shipped examples are what the packs and
    tests/cases give. Regenerate with: python -m checker.render.build_docs"""
    stale = [str(path) for path, text in expected_files().items()
             if not path.is_file() or path.read_text(encoding="utf-8") != text]
    assert not stale, stale


def test_every_rule_has_a_page_with_both_examples(session):
    """Each rule has its own page, linked from the index, with a failing and a passing example."""
    index = (DOCS / "rules.md").read_text(encoding="utf-8")
    pages = {p.stem for p in (DOCS / "rules").glob("*.md")}
    assert pages == {r.code for r in session.all_rules}
    for rule in session.all_rules:
        assert f"](rules/{rule.code}.md)" in index
        page = (DOCS / "rules" / f"{rule.code}.md").read_text(encoding="utf-8")
        for heading in ("## 不合格示例", "## 合格示例", "## 修复", "## 始于"):
            assert heading in page, (rule.code, heading)
        assert "本安装未附带示例" not in page, rule.code


def test_failing_example_shows_the_edit_and_passing_example_the_original(session):
    """DOC001's failing example holds the look-alike brackets, its passing one the real ones;
    TBL003's examples show the cells the case sets, with their labels."""
    rules = {r.code: r for r in session.all_rules}
    doc001 = (DOCS / "rules" / "DOC001.md").read_text(encoding="utf-8")
    failing, passing = doc001.split("## 不合格示例")[1].split("## 合格示例")
    assert "﹝2021﹞30号" in failing and "〔2021〕30号" not in failing
    assert "〔2021〕30号" in passing.split("## 修复")[0]
    assert "`gongkai fix`" in doc001  # brackets are a fix kind
    tbl003 = explain(rules["TBL003"], "en")
    assert '| table 3, row "carried forward", column "natural persons" | 3 |' in tbl003
    assert "No automatic fix" in tbl003 and "## Since\n\ngongkai 0.1.0" in tbl003


def test_explain_works_without_the_case_files(session, monkeypatch, tmp_path):
    """From a wheel (no tests/cases, no shipped examples) explain still prints the page and says
    the examples are missing."""
    from checker.render import examples

    monkeypatch.setattr(examples, "EXAMPLES_FILE", tmp_path / "missing.json")
    rule = next(r for r in session.all_rules if r.code == "TBL003")
    text = explain(rule, "zh")
    assert text.startswith("# TBL003 `t3.balance`") and "本安装未附带示例" in text
    assert load_examples() == {}


def test_hooks_md_documents_every_hook():
    """docs/hooks.md has a section for every hookspec, with its signature."""
    text = (DOCS / "hooks.md").read_text(encoding="utf-8")
    names = [n for n, f in inspect.getmembers(hookspecs, inspect.isfunction) if n.startswith("checker_")]
    assert names
    for name in names:
        sig = str(inspect.signature(getattr(hookspecs, name)))
        assert f"## `{name}`" in text, name
        assert sig.split(" ->")[0].replace("'", "") in text.replace("'", ""), (name, sig)
