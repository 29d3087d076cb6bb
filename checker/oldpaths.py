"""Import paths of gongkai 0.1, kept for one release: ``checker.packs`` → ``checker.engine.packs``.

Third-party plugins written against 0.1 import modules that have moved. A finder placed first
on ``sys.meta_path`` answers those names with the module at its new place (the same module
object, so ``isinstance`` and monkeypatching keep working) and warns once with a
``DeprecationWarning`` naming the new path.
"""
from __future__ import annotations

import importlib
import importlib.machinery
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from importlib.abc import Loader

__all__ = ["MOVED", "install", "new_name"]

# old module (under ``checker.``) → its place since 0.2
MOVED: dict[str, str] = {
    "engine": "engine.run", "packs": "engine.packs", "packcache": "engine.packcache",
    "kinds": "engine.kinds", "expr": "engine.expr", "isolation": "engine.isolation",
    "selection": "engine.selection", "lazyre": "files.lazyre", "builtin": "plugins.builtin",
    "fingerprints": "engine.fingerprints", "rounding": "engine.rounding",
    "supervise": "engine.supervise",
    "tomlguard": "files.tomlguard", "validcache": "files.validcache", "atomic": "files.atomic",
    "safeio": "files.safeio", "textsafe": "files.textsafe",
    "i18n": "render.i18n", "docs": "render.docs",
    "places": "readers.places", "recognise": "readers.recognise", "normalise": "readers",
    "agency": "checks.agency", "textshare": "checks.textshare",
    "grading": "grading.score", "coverage": "grading.coverage", "rescore": "workflows.rescore",
    "config": "config.layers", "effective": "config.effective",
    "cli_ecosystem": "cli.check", "cli_extra": "cli.commands", "cli_fix": "cli.fix",
    "cli_help": "cli.help", "cli_inputs": "cli.inputs", "cli_review": "cli.review",
    "cli_serve": "cli.serve",
    "batch": "workflows.batch.run", "batch_dask": "workflows.batch.cluster",
    "batch_originality": "workflows.batch.originality",
    "batch_progress": "workflows.batch.progress", "batch_stats": "workflows.batch.stats",
    "score_run": "workflows.batch.score",
    "fix": "workflows.fix.plan", "fix_docx": "workflows.fix.docx", "fix_html": "workflows.fix.html",
    "fix_io": "workflows.fix.files", "fix_text": "workflows.fix.encoding",
    "fixkinds": "workflows.fix.kinds",
    "baseline": "workflows.baseline", "suppress": "workflows.suppress",
    "decisions": "workflows.decisions", "review_lookup": "workflows.decision_lookup",
    "annotate": "workflows.annotate",
}
# modules of 0.1's ``checker/normalise/`` that now live in a sub-package of ``checker/readers/``
READERS_MOVED: dict[str, str] = {
    "pdf": "pdf.read", "pdfalign": "pdf.align", "pdfgeom": "pdf.geometry",
    "pdflimits": "pdf.limits", "pdflines": "pdf.lines", "pdfobjects": "pdf.objects",
    "pdftables": "pdf.tables",
    "t2": "tables.t2", "t3": "tables.t3", "t4": "tables.t4", "align": "tables.align",
    "choose": "tables.choose", "gaps": "tables.gaps", "rows": "tables.rows",
    "split": "tables.split", "grid": "tables.grid", "fields": "tables.fields",
    "labels": "tables.labels", "build": "tables.build",
}
# Old modules whose name is now a package: the package itself answers for them (see its
# ``__getattr__``), so only their submodules would need the finder — and they have none.
_NOW_PACKAGES = frozenset({"engine", "grading", "config"})


def new_name(fullname: str) -> str | None:
    """The module that now answers for ``fullname``, or None when it has not moved."""
    if not fullname.startswith("checker."):
        return None
    rest = fullname[len("checker."):]
    head, dot, tail = rest.partition(".")
    if head in _NOW_PACKAGES and not dot:
        return None
    if head == "normalise" and dot:
        return f"checker.readers.{READERS_MOVED.get(tail, tail)}"
    moved = MOVED.get(rest)
    return f"checker.{moved}" if moved else None


class _OldPathFinder:
    """Answers an old module name with the module at its new place.

    A meta path finder and loader by protocol (``find_spec``, ``create_module``,
    ``exec_module``); :mod:`importlib.abc` is not imported for it, as it costs a start ~5 ms.
    """

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        target_name = new_name(fullname)
        if target_name is None:
            return None
        return importlib.machinery.ModuleSpec(fullname, cast("Loader", self),
                                              is_package=fullname == "checker.normalise")

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return _NormaliseModule(spec.name) if spec.name == "checker.normalise" else None

    def exec_module(self, module: ModuleType) -> None:
        old = module.__name__
        new = new_name(old)
        assert new is not None
        warnings.warn(f"{old} has moved to {new}; the old path works until gongkai 0.3",
                      DeprecationWarning, stacklevel=2)
        if isinstance(module, _NormaliseModule):
            return  # the function checker.normalise and the 0.1 package in one object
        # the import system returns whatever sys.modules holds after exec_module
        sys.modules[old] = importlib.import_module(new)


class _NormaliseModule(ModuleType):
    """``checker.normalise`` of 0.1: the readers package that is also the public function.

    Importing ``checker.normalise.text`` makes the import system set ``checker.normalise`` to
    this module; being callable, it keeps ``checker.normalise(path)`` working.
    """

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.__path__ = []  # a package, so that its submodules' old paths import

    def __call__(self, path: str | Path, **config: Any) -> dict[str, Any]:
        from checker.api import normalise

        return normalise(path, **config)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(importlib.import_module("checker.readers"), name)


def install() -> None:
    """Put the finder first on ``sys.meta_path`` (once)."""
    if not any(isinstance(f, _OldPathFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _OldPathFinder())


def forward(package: str, module: str, name: str) -> object:
    """``package.name`` of 0.1, now ``module.name``: for a package's ``__getattr__``."""
    here = importlib.import_module(package).__path__
    if name.startswith("__") or any(
            (Path(d) / f"{name}.py").is_file() or (Path(d) / name).is_dir() for d in here):
        raise AttributeError(f"module {package!r} has no attribute {name!r}")  # a submodule
    target = importlib.import_module(module)
    try:
        value = getattr(target, name)
    except AttributeError:
        raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
    warnings.warn(f"{package}.{name} has moved to {module}.{name}; the old path works until "
                  "gongkai 0.3", DeprecationWarning, stacklevel=3)
    return value
