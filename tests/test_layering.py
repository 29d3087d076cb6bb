"""The dependency direction of style.md: data flows one way, only render/ imports rich."""
from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "checker"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


def test_findings_imports_nothing_of_ours():
    """findings.py is pure data."""
    assert not any(m.startswith("checker") for m in _imports(PKG / "findings.py"))


def test_engine_never_imports_render_or_cli():
    """The engine does not reach downstream."""
    bad = {m for m in _imports(PKG / "engine.py") if m.startswith(("checker.render", "checker.cli"))}
    assert not bad


def test_only_render_imports_rich():
    """rich is imported only by modules under checker/render/ (and the CLI's progress bar)."""
    allowed = {"render", "batch_progress.py"}
    offenders = []
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG)
        if rel.parts[0] in allowed:
            continue
        if any(m == "rich" or m.startswith("rich.") for m in _imports(path)):
            offenders.append(str(rel))
    assert not offenders


def test_no_eval_or_exec_anywhere():
    """Packs are data: no eval/exec in the package."""
    for path in PKG.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("eval", "exec"), f"{path}: {node.func.id}"
