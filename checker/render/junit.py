"""JUnit XML output, for CI systems that show test reports (GitLab, Jenkins, Azure).

One ``<testsuite>`` per report, one ``<testcase>`` per rule that ran (named by its code and
name, grouped by pack as ``classname``). A rule's findings at or above ``fail_on`` make its
test case a ``<failure>``; findings below it are listed in ``<system-out>``; a rule or plugin
error is an ``<error>``; a rule that could not be assessed is ``<skipped>`` with the reason.
A file that could not be read (``options["unreadable"]``: (path, message) pairs) is a suite
of its own with one errored test case, so that it never passes unnoticed.
Built with :mod:`xml.etree.ElementTree`, so every text is escaped correctly.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from checker.findings import Finding, RunResult, Severity
from checker.render.values import as_text

__all__ = ["render", "to_element"]

# XML 1.0 forbids most C0 control characters even when escaped; drop them.
_BAD = {c: None for c in range(32) if c not in (9, 10, 13)}


def _clean(text: Any) -> str:
    return str(text).translate(_BAD)


def _describe(f: Finding, lang: str = "zh") -> str:
    loc = f.location
    place = (f"{loc.path or ''}:{loc.line}:{loc.column or 1}" if loc.line
             else (loc.path or f.pointer))
    lines = [f"{f.code} [{f.severity.value}] {place}", f.message]
    if f.expected is not None or f.actual is not None:
        lines.append(f"expected: {as_text(f.expected, lang)}  actual: {as_text(f.actual, lang)}")
    if loc.excerpt:
        lines.append(f"| {loc.excerpt}")
    lines.append(f"fingerprint: {f.fingerprint}")
    return _clean("\n".join(lines))


def _cases(r: RunResult, rules: Sequence[Any] | None) -> list[tuple[str, str, str]]:
    """(code, name, pack) of every rule that ran, in code order."""
    seen: dict[str, tuple[str, str, str]] = {}
    for rule in rules or ():
        seen[rule.code] = (rule.code, rule.name, rule.pack)
    for f in r.findings:
        seen.setdefault(f.code, (f.code, f.name, f.pack))
    for n in r.not_assessable:
        seen.setdefault(n.code, (n.code, n.name, n.pack))
    for e in r.rule_errors:
        seen.setdefault(e.code, (e.code, e.code, e.pack))
    return [seen[k] for k in sorted(seen)]


def _suite(r: RunResult, rules: Sequence[Any] | None, fail_on: Severity,
           lang: str = "zh") -> ET.Element:
    by_code: dict[str, list[Finding]] = {}
    for f in r.findings:
        by_code.setdefault(f.code, []).append(f)
    errors = {e.code: e for e in r.rule_errors}
    skipped = {n.code: n for n in r.not_assessable}
    suite = ET.Element("testsuite", name=_clean(r.path or "<report>"))
    if r.grade:  # <properties> comes first in a testsuite
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="score", value=f"{r.grade.score:g}")
        ET.SubElement(props, "property", name="grade", value=_clean(r.grade.grade))
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for code, name, pack in _cases(r, rules):
        counts["tests"] += 1
        case = ET.SubElement(suite, "testcase", name=_clean(f"{code} {name}"),
                             classname=_clean(f"gongkai.{pack}"), file=_clean(r.path or ""))
        found = by_code.get(code, [])
        failing = [f for f in found if f.severity.rank >= fail_on.rank]
        if code in errors:
            counts["errors"] += 1
            e = errors[code]
            err = ET.SubElement(case, "error", message=_clean(e.error), type="RuleError")
            err.text = _clean(e.detail or e.error)
        elif failing:
            counts["failures"] += 1
            worst = max(f.severity.rank for f in failing)
            fail = ET.SubElement(case, "failure", message=_clean(failing[0].message),
                                 type=next(f.severity.value for f in failing
                                           if f.severity.rank == worst))
            fail.text = "\n\n".join(_describe(f, lang) for f in failing)
        elif code in skipped and not found:
            counts["skipped"] += 1
            ET.SubElement(case, "skipped", message=_clean(skipped[code].reason))
        below = [f for f in found if f.severity.rank < fail_on.rank]
        if below:
            out = ET.SubElement(case, "system-out")
            out.text = "\n\n".join(_describe(f, lang) for f in below)
    for k, v in counts.items():
        suite.set(k, str(v))
    return suite


def to_element(results: Sequence[RunResult], options: dict[str, Any] | None = None) -> ET.Element:
    """The ``<testsuites>`` element for ``results``."""
    opts = options or {}
    cfg = opts.get("config") or {}
    fail_on = Severity.parse(str(opts.get("fail_on") or cfg.get("fail_on") or "error"))
    root = ET.Element("testsuites", name="gongkai")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for r in results:
        suite = _suite(r, opts.get("rules"), fail_on, str(opts.get("lang") or "zh"))
        root.append(suite)
        for k in totals:
            totals[k] += int(suite.get(k, "0"))
    for path, message in opts.get("unreadable") or ():
        suite = _unreadable_suite(path, message)
        root.append(suite)
        totals["tests"] += 1
        totals["errors"] += 1
    for k, v in totals.items():
        root.set(k, str(v))
    return root


def _unreadable_suite(path: str, message: str) -> ET.Element:
    """A suite with one errored test case for a file that could not be read."""
    suite = ET.Element("testsuite", name=_clean(path), tests="1", failures="0", errors="1",
                       skipped="0")
    case = ET.SubElement(suite, "testcase", name="read report", classname="gongkai.input",
                         file=_clean(path))
    err = ET.SubElement(case, "error", message=_clean(message.splitlines()[0] if message else ""),
                        type="InputError")
    err.text = _clean(message)
    return suite


def render(results: Sequence[RunResult], options: dict[str, Any] | None = None) -> str:
    """JUnit XML for ``results``; ``options["fail_on"]`` or ``options["config"]["fail_on"]``
    sets which findings fail a test case (default ``error``)."""
    root = to_element(results, options)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
