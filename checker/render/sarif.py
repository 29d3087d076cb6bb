"""SARIF 2.1.0 output, for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

One run per invocation. ``tool.driver.rules`` describes every rule that ran (when the caller
passes ``options["rules"]``) or at least every rule that produced a finding, each with a
``helpUri`` to its documentation (``options["docs_url"]``, the ``docs_url`` configuration key,
default :data:`DEFAULT_DOCS_URL`, followed by the lower-case code).

Each result sits at a physical location: the source document the line refers to (the original
``.txt`` / ``.html`` / ... named in the report, else the checked file), given relative to the
base folder ``SRCROOT`` (``options["base"]``: ``--base``, the configuration's folder or the git
repository root) with ``uriBaseId``, and always with a region (whole-file findings: line 1).
Findings that carry a fix (``gongkai fix`` applies it) carry SARIF ``fixes`` when their
source is a plain-text file (:mod:`checker.render.sarif_fixes`).

Rule errors and unreadable inputs (``options["unreadable"]``: (path, message) pairs) make
``executionSuccessful`` false and appear as tool execution notifications, so neither a failed
rule nor an unreadable file ever looks like a clean report.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from checker.findings import Finding, RunResult, Severity

__all__ = [
    "BASE_ID",
    "DEFAULT_DOCS_URL",
    "SARIF_SCHEMA",
    "SARIF_VERSION",
    "artifact_location",
    "artifact_uri",
    "render",
    "to_sarif",
]

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
BASE_ID = "SRCROOT"
#: Where each rule is documented: this followed by the lower-case rule code (docs/rules.md).
DEFAULT_DOCS_URL = "https://github.com/gongkai/gongkai/blob/main/docs/rules.md#"
LEVEL = {Severity.BLOCKER: "error", Severity.ERROR: "error", Severity.WARNING: "warning",
         Severity.INFO: "note"}


def artifact_uri(path: str | None, base: str | None = None) -> str:
    """``path`` as a relative URI with forward slashes, relative to ``base`` (default: the
    current directory); ``../`` steps up when the file lies outside it."""
    if not path:
        return "<report>"
    root = Path(base) if base else Path.cwd()
    p = Path(path)
    absolute = p if p.is_absolute() else Path.cwd() / p
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows: no relative form exists
        return absolute.as_uri()
    return quote(Path(rel).as_posix(), safe="/.-_~")


def artifact_location(path: str | None, base: str | None = None) -> dict[str, str]:
    """An ``artifactLocation``: the relative URI and its ``uriBaseId``."""
    uri = artifact_uri(path, base)
    return {"uri": uri} if uri.startswith("file:") else {"uri": uri, "uriBaseId": BASE_ID}


def _rule_descriptor(code: str, name: str, summary: str, doc: str, severity: Severity,
                     extra: dict[str, Any], docs_url: str) -> dict[str, Any]:
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary or name},
        "fullDescription": {"text": doc or summary or name},
        "helpUri": f"{docs_url}{code.lower()}",
        "help": {"text": doc or summary or name,
                 "markdown": f"{doc or summary or name}\n\n[{code}]({docs_url}{code.lower()})"},
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {"severity": severity.value, **extra},
    }


def _rules(results: Sequence[RunResult], rules: Iterable[Any] | None, lang: str,
           docs_url: str) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for r in rules or ():
        summary = r.summary_for(lang) if hasattr(r, "summary_for") else getattr(r, "summary", "")
        doc = (getattr(r, "doc_en", "") or r.doc) if lang == "en" else r.doc
        out[r.code] = _rule_descriptor(r.code, r.name, summary, doc, r.severity,
                                       {"category": r.category, "pack": r.pack}, docs_url)
    for res in results:
        for f in res.findings:
            if f.code not in out:
                out[f.code] = _rule_descriptor(f.code, f.name, f.name, "", f.severity,
                                               {"category": f.category, "pack": f.pack},
                                               docs_url)
    return [out[k] for k in sorted(out)]


def _region(f: Finding) -> dict[str, Any]:
    loc = f.location
    if not loc.line:  # a finding about the whole file: its first line
        return {"startLine": 1}
    region: dict[str, Any] = {"startLine": loc.line, "startColumn": loc.column or 1}
    if loc.end_line:
        region["endLine"] = loc.end_line
        if loc.end_column:
            region["endColumn"] = loc.end_column
    if loc.excerpt:
        region["snippet"] = {"text": loc.excerpt}
    return region


def _location(f: Finding, report_path: str | None, base: str | None) -> dict[str, Any]:
    loc = f.location
    physical: dict[str, Any] = {
        "artifactLocation": artifact_location(loc.path or report_path, base), "region": _region(f)}
    out: dict[str, Any] = {"physicalLocation": physical}
    logical = [{"fullyQualifiedName": f.pointer, "kind": "element"}] if f.pointer else []
    if loc.where:
        out["message"] = {"text": loc.where}
    if logical:
        out["logicalLocations"] = logical
    return out


def _fixes(f: Finding, report_path: str | None, base: str | None, lang: str,
           cache: dict[str, str | None]) -> list[dict[str, Any]]:
    from checker.render.sarif_fixes import fixes_of, source_text

    path = f.location.path or report_path
    if f.fix is None or not path:
        return []
    text = source_text(path, cache)
    return [] if text is None else fixes_of(f, text, artifact_location(path, base), lang)


def _result(f: Finding, res: RunResult, index: dict[str, int], base: str | None, lang: str,
            cache: dict[str, str | None]) -> dict[str, Any]:
    props: dict[str, Any] = {"severity": f.severity.value, "category": f.category,
                             "pack": f.pack, "confidence": f.confidence}
    if f.expected is not None:
        props["expected"] = f.expected
    if f.actual is not None:
        props["actual"] = f.actual
    if res.path:
        props["report"] = artifact_uri(res.path, base)
    out: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "partialFingerprints": {"gongkai/v1": f.fingerprint},
        "locations": [_location(f, res.path, base)],
        "properties": props,
    }
    fixes = _fixes(f, res.path, base, lang, cache)
    if fixes:
        out["fixes"] = fixes
    return out


def _notifications(results: Sequence[RunResult], unreadable: Sequence[tuple[str, str]],
                   base: str | None) -> list[dict[str, Any]]:
    out = []
    for res in results:
        for e in res.rule_errors:
            note: dict[str, Any] = {"level": "error",
                                    "message": {"text": f"{e.code} ({e.pack}): {e.error}"},
                                    "descriptor": {"id": e.code}}
            if res.path:
                note["locations"] = [{"physicalLocation": {
                    "artifactLocation": artifact_location(res.path, base)}}]
            out.append(note)
    for path, message in unreadable:
        out.append({"level": "error", "message": {"text": message},
                    "descriptor": {"id": "INPUT"},
                    "locations": [{"physicalLocation": {
                        "artifactLocation": artifact_location(path, base)}}]})
    return out


def to_sarif(results: Sequence[RunResult], options: dict[str, Any] | None = None) -> dict[str, Any]:
    """The SARIF log as a dict (see :func:`render`)."""
    from checker import __version__

    opts = options or {}
    lang = opts.get("lang", "zh")
    base = str(opts.get("base") or os.getcwd())
    cfg = opts.get("config") or {}
    docs_url = str(opts.get("docs_url") or cfg.get("docs_url") or DEFAULT_DOCS_URL)
    rules = _rules(results, opts.get("rules"), lang, docs_url)
    index = {r["id"]: i for i, r in enumerate(rules)}
    notes = _notifications(results, opts.get("unreadable") or (), base)
    invocation: dict[str, Any] = {"executionSuccessful": not notes}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    cache: dict[str, str | None] = {}
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "gongkai", "version": __version__,
                            "informationUri": docs_url.split("#", 1)[0], "rules": rules}},
        "invocations": [invocation],
        "originalUriBaseIds": {BASE_ID: {"uri": Path(base).resolve().as_uri().rstrip("/") + "/"}},
        "results": [_result(f, res, index, base, lang, cache)
                    for res in results for f in res.findings],
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render(results: Sequence[RunResult], options: dict[str, Any] | None = None) -> str:
    """SARIF 2.1.0 JSON for ``results``; ``options["rules"]`` (optional) describes the rules run."""
    return json.dumps(to_sarif(results, options), ensure_ascii=False, indent=2, default=str) + "\n"
