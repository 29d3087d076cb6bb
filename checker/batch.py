"""Batch scoring: many report files → one small summary per report, in a process pool.

Each worker builds one :class:`~checker.api.Session` when it starts and returns a compact
:class:`ReportSummary` per file — never the report text — so memory stays flat however many
files a batch has. Results come back in input order (``imap``), so every output is the same
whatever ``--jobs`` is. A file that cannot be read, is empty or is malformed becomes a summary
with ``error`` set; it never stops the batch.
"""
from __future__ import annotations

import os
import re
import signal
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from checker.errors import GongkaiError, InputError, UsageError

__all__ = ["SUPPORTED_SUFFIXES", "MAX_STORED_FINDINGS", "FindingRow", "ReportSummary",
           "collect_files", "normalise_agency", "not_read_reason", "run_batch", "index_previous",
           "apply_decisions", "check_path", "summary_of", "BatchOptions", "summarise",
           "error_summary", "install_worker_state", "recheck_batch"]

#: What a batch reads (case-insensitively); any other file it finds is a row saying why not.
SUPPORTED_SUFFIXES = (".json", ".txt", ".text", ".html", ".htm", ".shtml", ".xhtml", ".docx",
                      ".pdf", ".doc", ".wps")
MAX_STORED_FINDINGS = 300  # per report; a runaway report cannot grow the batch's memory
RECHECK_IN_PROCESS = 200  # second-pass reports checked without a pool up to this many
CLUSTER_EXTRAS = "_batch_extras"  # the configuration key that carries the extras to a cluster


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
    categories: tuple[tuple[str, str, str, float, float], ...] = ()  # id, label, label_en, weight, score
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


def normalise_agency(name: Any) -> str:
    """An agency name for matching across years (see :mod:`checker.agency`)."""
    from checker.agency import normalise_agency as _normalise

    return _normalise(name)


def collect_files(paths: Sequence[str | Path], exclude: Iterable[str | Path] = ()) -> list[Path]:
    """The files named or found (recursively) under ``paths``.

    Folders are walked in sorted order, skipping hidden entries; every other file is taken,
    whatever its suffix, so that a file the batch cannot read is a row saying why (see
    :func:`not_read_reason`), never skipped in silence. Raises UsageError for a path that
    does not exist.
    """
    skip = {os.path.abspath(p) for p in exclude}
    out: list[Path] = []
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = []
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if not name.startswith("."):
                        found.append(Path(root) / name)
            candidates = sorted(found, key=lambda q: q.as_posix())
        elif p.exists():
            candidates = [p]
        else:
            raise UsageError("no such file or folder", path=str(p),
                             hint="give report files or folders that contain them")
        for c in candidates:
            key = os.path.abspath(c)
            if key not in seen and key not in skip:
                seen.add(key)
                out.append(c)
    return out


# -- worker side -------------------------------------------------------------------------
_STATE: dict[str, Any] = {}


def _init_worker(config: dict[str, Any], decisions: dict[str, str],
                 previous: dict[tuple[str, int], str], flags: dict[str, Any] | None = None,
                 extras: frozenset[str] = frozenset()) -> None:
    """Pool initializer: one Session per worker (per effective configuration when ``flags``,
    the command line, are given); Ctrl-C is the parent's business."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from checker.api import Session

    try:
        session, error = Session(config), None
    except Exception as exc:  # an initializer that raises would make the pool respawn forever
        session, error = None, f"{type(exc).__name__}: {exc}"
    install_worker_state(session, decisions, previous, error, flags=flags, extras=extras)


def install_worker_state(session: Any, decisions: dict[str, str],
                         previous: dict[tuple[str, int], str], init_error: str | None = None,
                         read_previous: Callable[[str], dict[str, Any]] | None = None,
                         flags: dict[str, Any] | None = None,
                         extras: frozenset[str] = frozenset()) -> None:
    """What :func:`summarise` works with in this worker (local pool or cluster executor).

    ``read_previous`` reads a last-year report by path (default: the session reads the file);
    ``flags`` (the command line) make each report use its own effective configuration;
    ``extras``: ``originality`` (text profiles, batch peers), ``json`` (full results).
    """
    from checker.effective import SessionCache

    if not extras and session is not None:  # a cluster worker: the extras ride in the config
        extras = frozenset(session.config.get(CLUSTER_EXTRAS) or ())
    _STATE.clear()
    _STATE.update(session=session, decisions=decisions, previous=previous, flags=flags,
                  extras=extras, sessions=SessionCache())
    if init_error is not None:
        _STATE["init_error"] = init_error
    if read_previous is not None:
        _STATE["read_previous"] = read_previous


def _session_for(path: str) -> tuple[Any, dict[str, Any]]:
    """The session and configuration values for one report: its effective configuration
    (nearest file, matching ``[[overrides]]``, then the command line), as ``gongkai check``."""
    flags = _STATE.get("flags")
    if flags is None:
        session = _STATE["session"]
        return session, session.config
    from types import SimpleNamespace

    from checker.effective import effective

    eff = effective(SimpleNamespace(**flags), path)
    return _STATE["sessions"].get(eff), eff.values


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
                      actual=_str(f.actual, lang), points=points, status=status, mark=_mark(f, lines),
                      pair=_pair(f) if f.category == "originality" else None)


def _agency_key(report: dict[str, Any], values: dict[str, Any]) -> str:
    from checker.agency import AgencyMatcher

    aliases = values.get("agency_aliases") or {}
    return AgencyMatcher(aliases).key((report.get("meta") or {}).get("agency"))


def apply_decisions(result: Any, session: Any, decisions: dict[str, str]) -> Any:
    """Dismissed findings leave ``findings`` (and so the score); re-scored through
    :func:`checker.rescore.rescore`, the one re-scoring path."""
    from checker.rescore import Rescoring, rescore

    return rescore(result, session, Rescoring(decisions=decisions)) if decisions else result


def _previous_for(report: dict[str, Any], session: Any, key: str
                  ) -> tuple[dict[str, Any] | None, str | None]:
    index = _STATE.get("previous") or {}
    year = (report.get("meta") or {}).get("year")
    if not index or not isinstance(year, int) or not key:
        return None, None
    path = index.get((key, year - 1))
    if path is None:
        return None, None
    read = _STATE.get("read_previous") or session.read
    try:
        return read(path), path
    except GongkaiError:
        return None, None


def error_summary(path: str, exc: GongkaiError, lang: str) -> ReportSummary:
    """The row of a file that could not be read or checked."""
    from checker.i18n import localise

    message = localise(exc.message, lang)
    return ReportSummary(path=path, error=message + (f"（{exc.where}）" if exc.where else ""))


def not_read_reason(path: str | Path) -> str | None:
    """Why a batch does not read ``path`` (its suffix is not one it reads), or None."""
    suffix = Path(path).suffix
    if not suffix or suffix.lower() in SUPPORTED_SUFFIXES:
        return None
    return (f"不支持的文件类型“{suffix}”，未读取 / unsupported file type '{suffix}'; not read "
            f"(gongkai reads {' '.join(SUPPORTED_SUFFIXES)})")


def summarise(path: str, data: bytes | None = None) -> ReportSummary:
    """Check one file in this worker and return its summary (errors become the summary).

    ``data``: the file's bytes when they were sent (a cluster); otherwise the file is read here.
    """
    return _summarise(path, None, data=data)


def recheck(item: tuple[str, tuple[tuple[str, str], ...], tuple[int, ...]]) -> ReportSummary:
    """Check one file again with its batch peers ((path, role) pairs) and the batch's template
    clause keys found in it (originality)."""
    path, peers, template = item
    return _summarise(path, peers, template)


@dataclass
class _Checked:
    """What checking one file in a batch worker keeps besides the result."""

    values: dict[str, Any]
    key: str = ""
    published: str = ""
    profile: Any = None


def _summarise(path: str, peers: tuple[tuple[str, str], ...] | None,
               template: tuple[int, ...] = (), data: bytes | None = None) -> ReportSummary:
    if _STATE["session"] is None:
        return ReportSummary(path=path, error=f"checker could not start: {_STATE.get('init_error')}")
    extras: frozenset[str] = _STATE.get("extras") or frozenset()
    info: list[_Checked] = []

    def batch_for(session: Any, report: dict[str, Any], values: dict[str, Any]) -> Any:
        meta = report.get("meta") or {}
        got = _Checked(values, _agency_key(report, values), str(meta.get("published") or ""))
        if "originality" in extras and peers is None:
            from checker.batch_originality import text_profile

            got.profile = text_profile(report)
        info.append(got)
        if "originality" not in extras:
            return None
        from checker.batch_originality import peers_context

        return peers_context(session, peers, template)

    try:
        session, values = _session_for(path)
    except GongkaiError as exc:
        return ReportSummary(path=path, error=exc.message)
    checked = check_path(session, path, lambda r: _previous_for(r, session, info[-1].key),
                         batch_for=lambda r: batch_for(session, r, values), data=data)
    if isinstance(checked, ReportSummary):
        return checked
    result, lines, prev_path = checked
    got = info[-1]
    summary = summary_of(path, result, lines, session, _STATE.get("decisions") or {}, prev_path,
                         values=values, json_entry="json" in extras)
    return replace(summary, agency_key=got.key, published=got.published, text_profile=got.profile)


def check_path(session: Any, path: str,
               previous_for: Callable[[dict[str, Any]], tuple[Any, str | None]] | None = None,
               keep_text: bool = False, data: bytes | None = None,
               batch_for: Callable[[dict[str, Any]], Any] | None = None,
               ) -> tuple[Any, list[str], str | None] | ReportSummary:
    """Read and check one file: (result, the text's lines, last year's path), or the summary
    that says why it could not be read (a reader bug never escapes). The lines are kept only
    when there are findings to mark in them, or when ``keep_text`` asks for them. ``data``:
    the file's bytes when they were sent (a cluster); otherwise the file is read here.
    ``batch_for(report)`` gives what a batch knows about the report (``ctx.batch``)."""
    try:
        reason = not_read_reason(path)
        if reason:
            raise InputError(reason, path=path)
        report = session.read(path) if data is None else session.read_bytes(path, data)
        batch = batch_for(report) if batch_for else None
        previous, prev_path = previous_for(report) if previous_for else (None, None)
        result = session.check_report(report, path, previous=previous, batch=batch)
    except GongkaiError as exc:
        return error_summary(path, exc, session.lang)
    except (RecursionError, MemoryError) as exc:
        return ReportSummary(path=path, error=f"input too complex to process ({type(exc).__name__})")
    except Exception as exc:  # a reader bug must not stop the batch; the row says what happened
        return ReportSummary(path=path, error=f"internal error: {type(exc).__name__}: {exc}")
    lines = (report.get("text") or "").split("\n") if result.findings or keep_text else []
    return result, lines, prev_path


def summary_of(path: str, result: Any, lines: list[str], session: Any,
               decisions: dict[str, str], prev_path: str | None = None,
               values: dict[str, Any] | None = None, json_entry: bool = False) -> ReportSummary:
    """The summary of one checked report, re-scored once (:mod:`checker.rescore`) with the
    suppressions of its configuration ``values`` (default: the session's) and its sidecar,
    and reviewer ``decisions`` (fingerprint → status); ``json_entry`` keeps the result in
    the ``check --format json`` schema too."""
    from checker.rescore import rescore, rescoring_for

    how = rescoring_for(session.config if values is None else values, path, decisions=decisions)
    try:
        result = rescore(result, session, how)
    except GongkaiError as exc:  # a bad sidecar beside this report: this row, not the batch
        from checker.i18n import localise_error

        return ReportSummary(path=path, error=localise_error(exc, session.lang))
    entry = None
    if json_entry:
        import json

        from checker.render.json_out import result_to_dict

        entry = json.dumps(result_to_dict(result), ensure_ascii=False, default=str)
    grade = result.grade
    points: dict[str, float] = {d.fingerprint: d.points for d in (grade.deductions if grade else ())}
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
        path=path, agency=str(meta.get("agency") or ""), year=year if isinstance(year, int) else None,
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


def _identity(path: str, data: bytes | None = None
              ) -> tuple[str, tuple[str, int] | None, str | None]:
    """Worker task for ``--previous``: (path, (agency key, year) or None, error)."""
    if _STATE["session"] is None:
        return path, None, f"checker could not start: {_STATE.get('init_error')}"
    reason = not_read_reason(path)
    if reason:
        return path, None, reason
    try:
        session, values = _session_for(path)
        report = session.read(path) if data is None else session.read_bytes(path, data)
        meta = report.get("meta") or {}
    except GongkaiError as exc:
        return path, None, exc.message
    except Exception as exc:
        return path, None, f"{type(exc).__name__}: {exc}"
    year = meta.get("year")
    agency = _agency_key(report, values)
    if not agency or not isinstance(year, int):
        return path, None, "agency or year unknown"
    return path, (agency, year), None


# -- parent side -------------------------------------------------------------------------
def _failed_summary(path: str, reason: str) -> ReportSummary:
    """The row of a report whose worker died twice, overran, or whose plugin code raised past
    every guard, or whose rule defeated the time limit (see checker.supervise): the report was
    not checked, and that is a checker failure (a rule error: exit code 2), not a bad file."""
    return ReportSummary(path=path, error=reason, rule_errors=(f"WORKER: {reason}",))


def _failed_identity(path: str, reason: str) -> tuple[str, None, str]:
    return path, None, reason


def _imap(func: Callable[[str], Any], items: Sequence[str], jobs: int,
          initargs: tuple[Any, ...]) -> Iterator[Any]:
    """``func`` over ``items`` in input order, in supervised worker processes (even for one
    job: a plugin that kills its process must not end the batch). A worker that dies is
    replaced and its report retried once; then the report is a row with the reason.
    Ctrl-C stops the workers at once (they ignore SIGINT; the parent kills them).
    """
    from checker.supervise import supervised_map

    summaries = func is summarise
    yield from supervised_map(
        func, items, jobs, initializer=_init_worker, initargs=initargs,
        on_failure=_failed_summary if summaries else _failed_identity,
        on_fatal=_failed_summary if summaries else _failed_identity)


def _dispatch(func: Callable[..., Any], items: Sequence[str], jobs: int,
              initargs: tuple[Any, ...], scheduler: str | None) -> Iterator[Any]:
    """The one place local and cluster batches differ: who runs ``func`` over ``items``."""
    if scheduler:
        from checker.batch_dask import dask_map

        return dask_map(func, items, initargs, scheduler)
    return _imap(func, items, jobs, initargs)


def index_previous(files: Sequence[Path], config: dict[str, Any], jobs: int,
                   scheduler: str | None = None, flags: dict[str, Any] | None = None
                   ) -> tuple[dict[tuple[str, int], str], list[tuple[str, str]]]:
    """Last year's reports by (agency key, year), and the files that could not be used.

    ``flags`` (the command line): each file's own effective configuration (agency aliases);
    not on a cluster, whose workers use ``config``.
    """
    index: dict[tuple[str, int], str] = {}
    problems: list[tuple[str, str]] = []
    initargs = (config, {}, {}) if scheduler else (config, {}, {}, flags)
    for path, ident, error in _dispatch(_identity, [str(f) for f in files], jobs,
                                        initargs, scheduler):
        if ident is None:
            problems.append((path, error or "unreadable"))
        elif ident in index:
            problems.append((path, f"same agency and year as {index[ident]}; ignored"))
        else:
            index[ident] = path
    return index, problems


@dataclass
class BatchOptions:
    """How to run a batch: configuration, pool size, decisions and last year's reports."""

    config: dict[str, Any] = field(default_factory=dict)
    jobs: int = 0
    decisions: dict[str, str] = field(default_factory=dict)  # fingerprint -> status
    previous: dict[tuple[str, int], str] = field(default_factory=dict)
    scheduler: str | None = None  # a Dask scheduler address: run on that cluster (batch_dask)
    flags: dict[str, Any] | None = None  # command-line flags: per-report configuration (local)
    extras: frozenset[str] = frozenset()  # "originality" (batch comparison), "json" (entries)

    def initargs(self) -> tuple[Any, ...]:
        """A worker's set-up. A cluster's workers take three items and one configuration for
        every report, which carries the extras (see :func:`install_worker_state`)."""
        if self.scheduler:
            config = dict(self.config)
            if self.extras:
                config[CLUSTER_EXTRAS] = sorted(self.extras)
            return (config, self.decisions, self.previous)
        return (self.config, self.decisions, self.previous, self.flags, self.extras)


def run_batch(files: Sequence[Path], options: BatchOptions,
              progress: Callable[[ReportSummary], None] | None = None) -> Iterator[ReportSummary]:
    """Summaries of ``files`` in input order, streamed as workers finish them."""
    jobs = options.jobs or os.cpu_count() or 1
    from checker.textsafe import clean, warn_replaced

    for summary in _dispatch(summarise, [str(f) for f in files], jobs, options.initargs(),
                             options.scheduler):
        shown, replaced = clean(summary.path)  # a file name that is not valid UTF-8
        if replaced:
            warn_replaced(shown, replaced, str(options.config.get("lang", "zh")))
            summary = replace(summary, path=shown)
        if progress is not None:
            progress(summary)
        yield summary


def recheck_batch(items: Sequence[tuple[str, tuple[tuple[str, str], ...], tuple[int, ...]]],
                  options: BatchOptions) -> Iterator[ReportSummary]:
    """Check reports again with their batch peers (see :mod:`checker.batch_originality`).

    A few reports are checked in this process: a pool would cost more to start, and its
    forked workers would each count the parent's memory again.
    """
    jobs = options.jobs or os.cpu_count() or 1
    if len(items) <= RECHECK_IN_PROCESS:
        jobs = 1
    yield from _imap(recheck, list(items), jobs, options.initargs())  # type: ignore[arg-type]
