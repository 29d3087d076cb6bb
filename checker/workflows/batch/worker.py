"""The work of one batch worker: its session, built once, and the summary of each file it is
given."""
from __future__ import annotations

import signal
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from checker.errors import GongkaiError, InputError
from checker.workflows.batch.files import not_read_reason
from checker.workflows.batch.summary import ReportSummary, error_summary, summary_of
from checker.workflows.pipeline import Skipped

CLUSTER_EXTRAS = "_batch_extras"  # the configuration key that carries the extras to a cluster


def normalise_agency(name: Any) -> str:
    """An agency name for matching across years (see :mod:`checker.checks.agency`)."""
    from checker.checks.agency import normalise_agency as _normalise

    return _normalise(name)


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
    from checker.config.effective import SessionCache

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

    from checker.config.effective import effective

    eff = effective(SimpleNamespace(**flags), path)
    return _STATE["sessions"].get(eff), eff.values


def _agency_key(report: dict[str, Any], values: dict[str, Any]) -> str:
    from checker.checks.agency import AgencyMatcher

    aliases = values.get("agency_aliases") or {}
    return AgencyMatcher(aliases).key((report.get("meta") or {}).get("agency"))


def apply_decisions(result: Any, session: Any, decisions: dict[str, str]) -> Any:
    """Dismissed findings leave ``findings`` (and so the score); re-scored through
    :func:`checker.workflows.rescore.rescore`, the one re-scoring path."""
    from checker.workflows.rescore import Rescoring, rescore

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
        return ReportSummary(path=path,
                             error=f"checker could not start: {_STATE.get('init_error')}")
    extras: frozenset[str] = _STATE.get("extras") or frozenset()
    info: list[_Checked] = []

    def batch_for(session: Any, report: dict[str, Any], values: dict[str, Any]) -> Any:
        meta = report.get("meta") or {}
        got = _Checked(values, _agency_key(report, values), str(meta.get("published") or ""))
        if "originality" in extras and peers is None:
            from checker.workflows.batch.originality import text_profile

            got.profile = text_profile(report)
        info.append(got)
        if "originality" not in extras:
            return None
        from checker.workflows.batch.originality import peers_context

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
    from checker.workflows.pipeline import check_file
    from checker.workflows.rescore import Rescoring

    prev_path: str | None = None

    def previous(report: dict[str, Any]) -> Any:
        nonlocal prev_path
        found, prev_path = previous_for(report) if previous_for else (None, None)
        return found

    try:
        reason = not_read_reason(path)
        if reason:
            raise InputError(reason, path=path)
        # re-scored by summary_of, with the decisions and the row's own error for a bad sidecar
        done = check_file(path, session, data=data, previous_for=previous, batch_for=batch_for,
                          rescoring=Rescoring())
        assert not isinstance(done, Skipped)
        report, result = done.report, done.result
    except GongkaiError as exc:
        return error_summary(path, exc, session.lang)
    except (RecursionError, MemoryError) as exc:
        return ReportSummary(path=path,
                             error=f"input too complex to process ({type(exc).__name__})")
    except Exception as exc:  # a reader bug must not stop the batch; the row says what happened
        return ReportSummary(path=path, error=f"internal error: {type(exc).__name__}: {exc}")
    lines = (report.get("text") or "").split("\n") if result.findings or keep_text else []
    return result, lines, prev_path


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


def _failed_identity(path: str, reason: str) -> tuple[str, None, str]:
    return path, None, reason
