"""GitHub Actions workflow commands: one annotation per finding, at its file and line.

``::error file=F,line=L,col=C,endLine=…,endColumn=…,title=CODE name::message`` — blockers and
errors are ``error``, warnings ``warning``, info ``notice``. Values are escaped as the Actions
runner expects: ``%``, CR and LF everywhere, and also ``:`` and ``,`` inside properties.
Rule errors become ``error`` annotations on the report file, so a failed rule is never silent.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from checker.findings import Finding, RunResult, Severity
from checker.render.values import as_text

__all__ = ["command", "escape_data", "escape_property", "render"]

LEVEL = {Severity.BLOCKER: "error", Severity.ERROR: "error", Severity.WARNING: "warning",
         Severity.INFO: "notice"}


def escape_data(value: Any) -> str:
    """Escape a command's message (the part after ``::``)."""
    return str(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: Any) -> str:
    """Escape a property value (``file=``, ``title=`` …)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props: Any) -> str:
    """One workflow command line; properties whose value is None are left out."""
    items = ",".join(f"{k}={escape_property(v)}" for k, v in props.items() if v is not None)
    return f"::{level}{' ' + items if items else ''}::{escape_data(message)}"


def _path(f: Finding, r: RunResult) -> str | None:
    path = f.location.path or r.path
    return path.replace("\\", "/") if path else None


def _annotation(f: Finding, r: RunResult) -> str:
    loc = f.location
    message = f.message
    if f.expected is not None or f.actual is not None:
        message += f"\nexpected: {as_text(f.expected)}  actual: {as_text(f.actual)}"
    props: dict[str, Any] = {"file": _path(f, r)}
    if loc.line:
        props["line"] = loc.line
        props["col"] = loc.column
        if loc.end_line:
            props["endLine"] = loc.end_line
            props["endColumn"] = loc.end_column
    props["title"] = f"{f.code} {f.name}"
    return command(LEVEL[f.severity], message, **props)


def render(results: Sequence[RunResult], options: dict[str, Any] | None = None) -> str:
    """Workflow commands for ``results``, one per line, then a one-line summary."""
    lines: list[str] = []
    total = 0
    for r in results:
        for f in r.findings:
            lines.append(_annotation(f, r))
            total += 1
        for e in r.rule_errors:
            lines.append(command("error", f"{e.code} ({e.pack}): {e.error}", file=r.path,
                                 title=f"gongkai rule error {e.code}"))
    lang = (options or {}).get("lang", "zh")
    summary = (f"gongkai: {len(results)} reports, {total} findings" if lang == "en"
               else f"gongkai：{len(results)} 份报告，{total} 个问题")
    lines.append(summary)
    return "\n".join(lines) + "\n"
