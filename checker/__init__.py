"""gongkai — compliance checker for 政府信息公开工作年度报告.

Public API::

    import checker
    result = checker.check("report.txt")          # or a normalised report dict
    print(result.grade.score, [f.code for f in result.findings])
"""
from __future__ import annotations

from typing import Any

from checker.findings import Finding, Grade, Location, NotAssessable, RuleError, RunResult, Severity
from checker.hookspecs import hookimpl

__all__ = [
    "check", "normalise", "Finding", "Grade", "Location", "NotAssessable", "RuleError",
    "RunResult", "Severity", "hookimpl", "__version__",
]
__version__ = "0.1.0"


def check(path_or_report: Any, **options: Any) -> RunResult:
    """Check one report (a path or a normalised report dict); see :func:`checker.api.check`."""
    from checker.api import check as _check

    return _check(path_or_report, **options)


def normalise(path: Any) -> dict:
    """Normalise one document (path) to a report dict; see :func:`checker.api.normalise`."""
    from checker.api import normalise as _normalise

    return _normalise(path)
