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
configuration (:func:`checker.api.default_session`). ``checker.normalise`` is the subpackage
:mod:`checker.normalise` itself, which is callable: the name means one object whatever has
been imported.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checker.findings import Finding, Grade, Location, NotAssessable, RuleError, RunResult, Severity
from checker.hookspecs import hookimpl

if TYPE_CHECKING:  # pragma: no cover
    from checker.api import Session
    from checker.normalise import NormalisePackage

    normalise: NormalisePackage

__all__ = [
    "Finding",
    "Grade",
    "Location",
    "NotAssessable",
    "RuleError",
    "RunResult",
    "Session",
    "Severity",
    "__version__",
    "check",
    "hookimpl",
    "normalise",
]
__version__ = "0.1.0"


def check(path_or_report: Any, **options: Any) -> RunResult:
    """Check one report (a path or a normalised report dict); see :func:`checker.api.check`."""
    from checker.api import check as _check

    return _check(path_or_report, **options)


def __getattr__(name: str) -> Any:
    """``Session`` and ``normalise`` are imported when first used (start-up stays short)."""
    if name == "Session":
        from checker.api import Session

        return Session
    if name == "normalise":
        import importlib

        return importlib.import_module("checker.normalise")
    raise AttributeError(f"module 'checker' has no attribute '{name}'")
