"""What a batch keeps of each report: a small summary with its scored findings, never the text."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from checker.errors import GongkaiError

MAX_STORED_FINDINGS = 300  # per report; a runaway report cannot grow the batch's memory


@dataclass(frozen=True)
class FindingRow:
    """The essential fields of one finding, as a score sheet or the HTML report needs them."""

    code: str
    name: str
    severity: str
    category: str
    message: str
    fingerprint: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    excerpt: str | None = None
    where: str | None = None
    expected: str | None = None
    actual: str | None = None
    points: float = 0.0
    status: str = ""  # "", "confirmed" or "dismissed" (a reviewer decision)
    mark: tuple[int, int] | None = None  # the offending part of ``excerpt`` (start, end)
    pair: tuple[str, str, str] | None = None  # shared passage: (this report's, other path, other's)


@dataclass(frozen=True)
class ReportSummary:
    """What a batch keeps of one report: identity, score, counts and findings (no text)."""

    path: str
    agency: str = ""
    year: int | None = None
    format: str = ""
    score: float | None = None
    grade: str = ""
    grade_en: str = ""
    # (id, label, label_en, weight, score) of each scoring category
    categories: tuple[tuple[str, str, str, float, float], ...] = ()
    severities: tuple[tuple[str, int], ...] = ()
    findings: tuple[FindingRow, ...] = ()
    dismissed: tuple[FindingRow, ...] = ()
    omitted: int = 0
    rule_errors: tuple[str, ...] = ()
    not_assessable: int = 0
    previous: str | None = None
    error: str | None = None
    decided: tuple[str, ...] = ()  # fingerprints of this report's findings that have a decision
    assessed_points: float | None = None  # coverage: points assessed of the profile's total
    needs_review: bool = False  # too much unassessed: grade 待核验 / needs review
    assessed_score: float | None = None  # the score against what was assessable
    agency_key: str = ""  # normalised agency with aliases applied (matching across years)
    published: str = ""
    text_profile: Any = None  # originality profile for the batch comparison (parent drops it)
    json_entry: str | None = None  # the report in the ``check --format json`` schema, if asked
    codes: tuple[str, ...] = ()  # the findings' rule codes, kept when ``findings`` are dropped

    def count(self, severity: str) -> int:
        return dict(self.severities).get(severity, 0)


def _str(value: Any, lang: str = "zh") -> str | None:
    """A finding's expected/actual as text (lists joined with 、 or ", ", never a repr)."""
    if value is None:
        return None
    from checker.render.values import as_text

    return value if isinstance(value, str) else as_text(value, lang)


_TOKEN = re.compile(r"\S{1,40}")


def _mark(f: Any, lines: list[str]) -> tuple[int, int] | None:
    """Where the finding's own span lies in its excerpt (the engine strips and may cut it)."""
    loc = f.location
    excerpt = loc.excerpt
    if not excerpt or not loc.line or not loc.column or loc.line > len(lines):
        return None
    line = lines[loc.line - 1]
    col = loc.column - 1
    if loc.end_line == loc.line and loc.end_column and loc.end_column > loc.column:
        seg = line[col:loc.end_column - 1]
    elif isinstance(f.actual, str) and f.actual.strip() and line.startswith(f.actual, col):
        seg = f.actual
    else:
        m = _TOKEN.match(line, col)
        seg = m.group(0) if m else ""
    if not seg.strip():
        return None
    pos = col - (len(line) - len(line.lstrip()))
    cut = max(0, loc.column - 60) if len(line.strip()) > 160 else 0
    pos = pos - cut + (1 if cut else 0)
    if pos >= 0 and excerpt.startswith(seg, pos):
        return pos, pos + len(seg)
    at = excerpt.find(seg)
    return (at, at + len(seg)) if at >= 0 else None


def _pair(f: Any) -> tuple[str, str, str] | None:
    """A shared passage (originality findings): this report's, the other's path and passage."""
    own = next((e for e in f.evidence if isinstance(e, dict) and e.get("side") == "own"), None)
    other = next((e for e in f.evidence if isinstance(e, dict) and e.get("side") == "other"), None)
    if own is None or other is None:
        return None
    return str(own.get("value") or ""), str(other.get("path") or ""), str(other.get("value") or "")


def _row(f: Any, points: float, status: str, lines: list[str], lang: str = "zh") -> FindingRow:
    loc = f.location
    return FindingRow(code=f.code, name=f.name, severity=f.severity.value, category=f.category,
                      message=f.message, fingerprint=f.fingerprint, line=loc.line,
                      column=loc.column, end_line=loc.end_line, end_column=loc.end_column,
                      excerpt=loc.excerpt, where=loc.where, expected=_str(f.expected, lang),
                      actual=_str(f.actual, lang), points=points, status=status,
                      mark=_mark(f, lines),
                      pair=_pair(f) if f.category == "originality" else None)


def error_summary(path: str, exc: GongkaiError, lang: str) -> ReportSummary:
    """The row of a file that could not be read or checked."""
    from checker.render.i18n import localise

    message = localise(exc.message, lang)
    return ReportSummary(path=path, error=message + (f"（{exc.where}）" if exc.where else ""))


def summary_of(path: str, result: Any, lines: list[str], session: Any,
               decisions: dict[str, str], prev_path: str | None = None,
               values: dict[str, Any] | None = None, json_entry: bool = False) -> ReportSummary:
    """The summary of one checked report, re-scored once (:mod:`checker.workflows.rescore`) with the
    suppressions of its configuration ``values`` (default: the session's) and its sidecar,
    and reviewer ``decisions`` (fingerprint → status); ``json_entry`` keeps the result in
    the ``check --format json`` schema too."""
    from checker.workflows.rescore import rescore, rescoring_for

    how = rescoring_for(session.config if values is None else values, path, decisions=decisions)
    try:
        result = rescore(result, session, how)
    except GongkaiError as exc:  # a bad sidecar beside this report: this row, not the batch
        from checker.render.i18n import localise_error

        return ReportSummary(path=path, error=localise_error(exc, session.lang))
    entry = None
    if json_entry:
        import json

        from checker.render.json_out import result_to_dict

        entry = json.dumps(result_to_dict(result), ensure_ascii=False, default=str)
    grade = result.grade
    points: dict[str, float] = {d.fingerprint: d.points
                                for d in (grade.deductions if grade else ())}
    sev: dict[str, int] = {}
    for f in result.findings:
        sev[f.severity.value] = sev.get(f.severity.value, 0) + 1
    rows = tuple(_row(f, points.get(f.fingerprint, 0.0), decisions.get(f.fingerprint, ""), lines,
                      session.lang) for f in result.findings[:MAX_STORED_FINDINGS])
    dismissed = tuple(_row(f, 0.0, "dismissed", lines, session.lang) for f in result.suppressed
                      if decisions.get(f.fingerprint) == "dismissed")
    meta = result.meta
    year = meta.get("year")
    return ReportSummary(
        path=path, agency=str(meta.get("agency") or ""),
        year=year if isinstance(year, int) else None,
        format=str(meta.get("format") or ""),
        score=grade.score if grade else None, grade=grade.grade if grade else "",
        grade_en=grade.grade_en if grade else "",
        categories=tuple((c.id, c.label, c.label_en, c.weight, c.score) for c in grade.categories)
        if grade else (),
        severities=tuple(sorted(sev.items())), findings=rows, dismissed=dismissed,
        omitted=max(0, len(result.findings) - MAX_STORED_FINDINGS),
        rule_errors=tuple(f"{e.code} ({e.pack}): {e.error}" for e in result.rule_errors),
        not_assessable=len(result.not_assessable), previous=prev_path,
        decided=tuple(sorted({f.fingerprint for f in (*result.findings, *result.suppressed)
                              if f.fingerprint in decisions})),
        assessed_points=grade.assessed_points if grade else None,
        needs_review=bool(grade and grade.needs_review),
        assessed_score=grade.assessed_score if grade else None,
        json_entry=entry)


# -- parent side -------------------------------------------------------------------------
def _failed_summary(path: str, reason: str) -> ReportSummary:
    """The row of a report whose worker died twice, overran, or whose plugin code raised past
    every guard, or whose rule defeated the time limit (see checker.engine.supervise): the report
    was not checked, and that is a checker failure (a rule error: exit code 2), not a bad file."""
    return ReportSummary(path=path, error=reason, rule_errors=(f"WORKER: {reason}",))
