"""gongkai — compliance checker for 政府信息公开工作年度报告.

Public API::

    import checker
    result = checker.check("report.txt")          # or a normalised report dict
    print(result.grade.score, [f.code for f in result.findings])
    report = checker.normalise("report.pdf")      # the normalised report dict

    session = checker.Session({"lang": "en"})     # loops and services: load once, check many
    for path in paths:
        print(session.check(path).grade.score)

``checker.check`` and ``checker.normalise`` use a session built once per thread and
configuration (:func:`checker.api.default_session`). Importing a 0.1 module path
such as ``checker.normalise.text`` keeps ``checker.normalise`` callable (:mod:`checker.oldpaths`).
"""
from __future__ import annotations

import gc as _gc
from typing import TYPE_CHECKING, Any

# Importing creates many objects that live as long as the process; the cyclic collector would
# scan them again and again to find nothing (a few milliseconds of every start). It runs less
# often during this import, as before afterwards.
_threshold = _gc.get_threshold()
_gc.set_threshold(max(_threshold[0], 100_000), *_threshold[1:])

from checker.files.codebundle import install as _install_code_bundle  # noqa: E402
from checker.files.dataclasscode import install as _install_dataclass_code  # noqa: E402

_install_code_bundle()  # before the first of gongkai's modules is imported
_install_dataclass_code()  # before the first @dataclass of gongkai is defined

from checker.findings import Finding, Grade, Location, NotAssessable, RuleError, RunResult, Severity  # noqa: E402
from checker.hookspecs import hookimpl  # noqa: E402
from checker.oldpaths import install as _install_old_paths  # noqa: E402

_install_old_paths()
_gc.set_threshold(*_threshold)

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from checker.api import Session
    from checker.engine.kinds import CheckKind, Hit, RunContext, Skip
    from checker.report import Report

__all__ = [
    "CheckKind",
    "Finding",
    "Grade",
    "Hit",
    "Location",
    "NotAssessable",
    "Report",
    "RuleError",
    "RunContext",
    "RunResult",
    "Session",
    "Severity",
    "Skip",
    "__version__",
    "check",
    "hookimpl",
    "normalise",
]
__version__ = "0.1.0"

# what plugin authors need, imported when first used (start-up stays short)
_LAZY = {
    "Session": "checker.api",
    "CheckKind": "checker.engine.kinds",
    "Hit": "checker.engine.kinds",
    "Skip": "checker.engine.kinds",
    "RunContext": "checker.engine.kinds",
    "Report": "checker.report",
}


if TYPE_CHECKING:  # pragma: no cover - the typed signatures, for type checkers and editors
    from checker.api import check, normalise
else:
    def check(path_or_report: Any, **keywords: Any) -> RunResult:
        """Check one report (a path or a normalised report dict); see :func:`checker.api.check`
        for the keywords (``select``, ``ignore``, ``config``, ``previous``, ``session`` …)."""
        from checker.api import check as _check

        return _check(path_or_report, **keywords)

    def normalise(path: str | Path, **keywords: Any) -> dict[str, Any]:
        """Read one document (any supported input) into a validated report dict; see
        :func:`checker.api.normalise`. Uses the thread's default session for the configuration
        (:func:`checker.api.default_session`), so third-party readers apply as in a check."""
        from checker.api import normalise as _normalise

        return _normalise(path, **keywords)


def __getattr__(name: str) -> Any:
    """``Session``, ``CheckKind``, ``Hit``, ``Skip`` and ``Report``, imported when first used."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'checker' has no attribute '{name}'")
    import importlib

    return getattr(importlib.import_module(module), name)
