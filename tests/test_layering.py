"""The shape of the tree (style.md): data flows one way, no import cycles, small modules."""
from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "checker"
MAX_LOOSE_MODULES = 10
MAX_MODULE_LINES = 400


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PKG.rglob("*.py")}


def _type_checking_block(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def _imports(path: Path, *, runtime_only: bool = False) -> set[str]:
    """Every module ``path`` imports, at any depth (``TYPE_CHECKING`` blocks left out on request)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()

    def visit(node: ast.AST) -> None:
        if runtime_only and _type_checking_block(node):
            for child in getattr(node, "orelse", []):
                visit(child)
            return
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            out.update(f"{base}.{a.name}" for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imported in _imports(path, runtime_only=True):
            # ``from checker.engine import packs`` imports checker.engine.packs; a name
            # that is not a module stands for the module it comes from
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                targets.add(imported)
        graph[name] = targets
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _package_parents(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The graph without the edge from a module to its own package's ``__init__``.

    Importing ``checker.engine.packs`` runs ``checker/engine/__init__.py`` first; a package's
    ``__init__`` that imports one of its own modules is not a cycle with that module.
    """
    return {m: {t for t in targets if not m.startswith(t + ".")} for m, targets in graph.items()}


def test_no_import_cycles():
    """No two modules import each other, directly or round a loop (function-level imports too)."""
    assert _cycles(_package_parents(_graph())) == []


def test_the_cycle_finder_finds_a_cycle():
    """The check above can fail: a loop of three modules is found."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_few_loose_modules():
    """At most ten modules sit loose in checker/; everything else lives in a folder that names it."""
    loose = sorted(p.name for p in PKG.glob("*.py"))
    assert len(loose) <= MAX_LOOSE_MODULES, loose


def test_no_module_over_400_lines():
    """Every module is short enough to read in one sitting."""
    long = {str(p.relative_to(PKG)): n for p in PKG.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_findings_imports_nothing_of_ours():
    """findings.py is pure data."""
    assert not any(m.startswith("checker") for m in _imports(PKG / "findings.py"))


def test_engine_never_imports_downstream():
    """The engine does not reach into rendering, the command line or the workflows."""
    downstream = ("checker.render", "checker.cli", "checker.workflows", "checker.serve")
    bad = {f"{p.name}: {m}" for p in (PKG / "engine").glob("*.py")
           for m in _imports(p, runtime_only=True) if m.startswith(downstream)}
    assert not bad


def test_readers_never_import_the_engine_or_checks():
    """Reading a document does not depend on the rules that will judge it."""
    downstream = ("checker.engine", "checker.checks", "checker.grading", "checker.render",
                  "checker.cli", "checker.workflows", "checker.serve")
    bad = {f"{p.name}: {m}" for p in (PKG / "readers").glob("*.py")
           for m in _imports(p, runtime_only=True) if m.startswith(downstream)}
    assert not bad


def test_only_render_imports_rich():
    """rich is imported only under checker/render/ (and by the batch's progress bar)."""
    allowed = {("render",), ("workflows", "batch", "progress.py")}
    offenders = []
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG)
        if rel.parts[:1] in allowed or rel.parts in allowed:
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
