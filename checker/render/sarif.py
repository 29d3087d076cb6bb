"""SARIF 2.1.0 output, for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

One run per invocation. ``tool.driver.rules`` describes every rule that ran (when the caller
passes ``options["rules"]``) or at least every rule that produced a finding. Each result sits
at a physical location: the source document the line refers to (the original ``.txt`` /
``.html`` / ... named in the report, else the checked file), with a region when the line is
known. Rule errors make ``executionSuccessful`` false and appear as tool execution
notifications, so a failed rule never looks like a clean report.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable, Sequence

from checker.findings import Finding, RunResult, Severity

__all__ = ["render", "to_sarif", "artifact_uri", "SARIF_SCHEMA", "SARIF_VERSION"]

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.BLOCKER: "error", Severity.ERROR: "error", Severity.WARNING: "warning",
         Severity.INFO: "note"}


def artifact_uri(path: str | None) -> str:
    """A relative URI with forward slashes (relative to the current directory when inside it)."""
    if not path:
        return "<report>"
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return p.as_uri()
    return p.as_posix()


def _rule_descriptor(code: str, name: str, summary: str, doc: str, severity: Severity,
                     extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary or name},
        "fullDescription": {"text": doc or summary or name},
        # helpUri must be an absolute URI (format "uri"); the documentation ships with the
        # project instead, so the rule's doc and its place in docs/rules.md go in "help".
        "help": {"text": f"{doc or summary or name} (docs/rules.md#{code.lower()})",
                 "markdown": f"{doc or summary or name}\n\nSee `docs/rules.md#{code.lower()}`."},
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {"severity": severity.value, **extra},
    }


def _rules(results: Sequence[RunResult], rules: Iterable[Any] | None, lang: str) -> list[dict]:
    out: dict[str, dict[str, Any]] = {}
    for r in rules or ():
        summary = r.summary_for(lang) if hasattr(r, "summary_for") else getattr(r, "summary", "")
        doc = (getattr(r, "doc_en", "") or r.doc) if lang == "en" else r.doc
        out[r.code] = _rule_descriptor(r.code, r.name, summary, doc, r.severity,
                                       {"category": r.category, "pack": r.pack})
    for res in results:
        for f in res.findings:
            if f.code not in out:
                out[f.code] = _rule_descriptor(f.code, f.name, f.name, "", f.severity,
                                               {"category": f.category, "pack": f.pack})
    return [out[k] for k in sorted(out)]


def _location(f: Finding, report_path: str | None) -> dict[str, Any]:
    loc = f.location
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(loc.path or report_path)}}
    if loc.line:
        region: dict[str, Any] = {"startLine": loc.line, "startColumn": loc.column or 1}
        if loc.end_line:
            region["endLine"] = loc.end_line
            if loc.end_column:
                region["endColumn"] = loc.end_column
        if loc.excerpt:
            region["snippet"] = {"text": loc.excerpt}
        physical["region"] = region
    out: dict[str, Any] = {"physicalLocation": physical}
    logical = [{"fullyQualifiedName": f.pointer, "kind": "element"}] if f.pointer else []
    if loc.where:
        out["message"] = {"text": loc.where}
    if logical:
        out["logicalLocations"] = logical
    return out


def _result(f: Finding, res: RunResult, index: dict[str, int]) -> dict[str, Any]:
    props: dict[str, Any] = {"severity": f.severity.value, "category": f.category,
                             "pack": f.pack, "confidence": f.confidence}
    if f.expected is not None:
        props["expected"] = f.expected
    if f.actual is not None:
        props["actual"] = f.actual
    if res.path:
        props["report"] = artifact_uri(res.path)
    return {
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "partialFingerprints": {"gongkai/v1": f.fingerprint},
        "locations": [_location(f, res.path)],
        "properties": props,
    }


def _notifications(results: Sequence[RunResult]) -> list[dict[str, Any]]:
    out = []
    for res in results:
        for e in res.rule_errors:
            note: dict[str, Any] = {"level": "error", "message": {"text": f"{e.code} ({e.pack}): {e.error}"},
                                    "descriptor": {"id": e.code}}
            if res.path:
                note["locations"] = [{"physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(res.path)}}}]
            out.append(note)
    return out


def to_sarif(results: Sequence[RunResult], options: dict[str, Any] | None = None) -> dict[str, Any]:
    """The SARIF log as a dict (see :func:`render`)."""
    from checker import __version__

    opts = options or {}
    lang = opts.get("lang", "zh")
    rules = _rules(results, opts.get("rules"), lang)
    index = {r["id"]: i for i, r in enumerate(rules)}
    notes = _notifications(results)
    invocation: dict[str, Any] = {"executionSuccessful": not notes}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "gongkai", "version": __version__, "rules": rules}},
        "invocations": [invocation],
        "originalUriBaseIds": {"SRCROOT": {"uri": Path(os.getcwd()).as_uri() + "/"}},
        "results": [_result(f, res, index) for res in results for f in res.findings],
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render(results: Sequence[RunResult], options: dict[str, Any] | None = None) -> str:
    """SARIF 2.1.0 JSON for ``results``; ``options["rules"]`` (optional) describes the rules run."""
    return json.dumps(to_sarif(results, options), ensure_ascii=False, indent=2, default=str) + "\n"
