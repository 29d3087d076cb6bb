"""Regenerate the rule docs from a source checkout: the examples shipped in the package
(``checker/render/rule_examples.json``), the index ``docs/rules.md`` and ``docs/rules/<CODE>.md``.

    python -m checker.render.build_docs            # write them
    python -m checker.render.build_docs --check    # exit 1 if any is out of date

tests/test_docs_sync.py runs the same comparison.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from checker.files.atomic import atomic_write
from checker.render.docs import rule_page, rules_markdown
from checker.render.examples import EXAMPLES_FILE, extract_examples

__all__ = ["expected_files", "main"]

ROOT = Path(__file__).resolve().parents[2]


def expected_files(root: Path = ROOT) -> dict[Path, str]:
    """Every generated file and the text it should hold, from the packs and the case files."""
    from checker.api import Session

    session = Session({}, entry_points=False)
    examples = extract_examples(root / "tests" / "cases", root / "fixtures" / "reports")
    files = {EXAMPLES_FILE: json.dumps(examples, ensure_ascii=False, indent=1,
                                       sort_keys=True) + "\n",
             root / "docs" / "rules.md": rules_markdown(session.plugins.packs())}
    for rule in session.all_rules:
        files[root / "docs" / "rules" / f"{rule.code}.md"] = rule_page(rule,
                                                                      examples.get(rule.code))
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if a file is out of date")
    args = ap.parse_args(argv)
    stale = []
    for path, text in expected_files().items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, text)
    for path in stale:
        print(("out of date: " if args.check else "wrote ") + str(path.relative_to(ROOT)))
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
