"""The one pipeline: how gongkai checks a file, whoever asks.

:func:`check_file` is the only function that checks a file. In order:

1. **configure**: the file's effective configuration (:func:`checker.config.effective.effective`:
   defaults ← the nearest ``gongkai.toml``/``[tool.gongkai]`` ← its matching ``[[overrides]]``
   ← command-line flags or API keywords), and the :class:`~checker.api.Session` for it (one per
   distinct configuration, :class:`~checker.config.effective.SessionCache`) — see
   :func:`resolve`; a caller that already holds a session (the API, a cluster worker) passes it;
2. **read**: bytes → validated report dict through the session's readers (plugins first);
   files that are not annual reports can be skipped with their reason;
3. **check**: the session's rules, with last year's report and what a batch knows;
4. **re-score**: baseline, suppressions (configuration and sidecar) and reviewer decisions,
   through :func:`checker.workflows.rescore.rescore`, the one re-scoring function.

``gongkai check`` and ``gongkai baseline`` (:func:`check_files`), the batch workers of
``gongkai score`` (:func:`checker.workflows.batch.worker.check_path`), ``gongkai serve`` and the
API (:func:`checker.check`) all come through here.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.config.effective import Effective, SessionCache, effective
from checker.errors import GongkaiError, UnknownSelectorError
from checker.findings import RunResult, Severity
from checker.workflows.rescore import Rescoring, rescore, rescoring_for
from checker.workflows.suppress import Tracker

if TYPE_CHECKING:
    from checker.session import Session

__all__ = [
    "STDIN",
    "CheckRun",
    "Checked",
    "Skipped",
    "check_file",
    "check_files",
    "resolve",
    "suppression_options",
]

STDIN = "-"  # the file name that stands for standard input (as in checker.cli.inputs)
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass(frozen=True)
class Checked:
    """One file checked: its report, its re-scored result and the configuration it ran under."""

    name: str
    report: dict[str, Any]
    result: RunResult
    values: Mapping[str, Any]
    session: Session


@dataclass(frozen=True)
class Skipped:
    """A file that is not an annual report (``package.json``, gongkai's own files …)."""

    name: str
    reason: str


def resolve(flags: Any, target: str | Path | None,
            sessions: SessionCache) -> tuple[Effective, Session]:
    """Step 1: the effective configuration of ``target`` under ``flags`` (an object with the
    command-line attributes ``config``, ``lang``, ``select`` …; missing ones count as not
    given) and the session for it."""
    eff = effective(flags, target)
    return eff, sessions.get(eff)


def check_file(path: str | Path, session: Session, values: Mapping[str, Any] | None = None, *,
               data: bytes | None = None, name: str | None = None, previous: Any = None,
               previous_for: Callable[[dict[str, Any]], Any] | None = None,
               batch_for: Callable[[dict[str, Any]], Any] | None = None,
               rescoring: Rescoring | None = None, tracker: Tracker | None = None,
               skip_non_reports: bool = False) -> Checked | Skipped:
    """Steps 2–4 for one file (see the module docstring).

    Args:
        path: the file (its type and sidecar suppressions come from it).
        session: the session of its effective configuration (:func:`resolve`).
        values: that configuration (default: the session's).
        data: the file's bytes when they were read elsewhere (stdin, an upload, a cluster).
        name: the name findings and messages use (default: ``path``).
        previous: last year's report (dict), or ``previous_for(report)`` to find it.
        batch_for: what a batch knows about the report (``ctx.batch``).
        rescoring: what to take out before scoring again (default: the configuration's
            suppressions and the sidecar's); :func:`checker.workflows.rescore.rescoring_for`.
        tracker: records which suppressions matched (stale ones are listed).
        skip_non_reports: give :class:`Skipped` for files that are not annual reports.
    """
    from checker.session import read_input

    shown = name or str(path)
    values = session.config if values is None else values
    if data is None:
        data = read_input(path)
    if skip_non_reports:
        from checker.readers.recognise import skip_reason_data, skip_reason_report

        reason = skip_reason_data(shown, data)
        if reason:
            return Skipped(shown, reason)
    report = session.read_bytes(shown, data)
    if skip_non_reports:
        reason = skip_reason_report(report)
        if reason:
            return Skipped(shown, reason)
    batch = batch_for(report) if batch_for else None
    if previous_for is not None:
        previous = previous_for(report)
    result = session.check_report(report, shown, previous=previous, batch=batch)
    how = rescoring if rescoring is not None else rescoring_for(values, path)
    result = rescore(result, session, how, tracker)
    return Checked(shown, report, result, values, session)


@dataclass
class CheckRun:
    """What checking a list of files produced."""

    results: list[RunResult] = field(default_factory=list)
    failed: bool = False  # some input could not be read or configured
    configs: list[Effective] = field(default_factory=list)  # parallel to results
    tracker: Tracker = field(default_factory=Tracker)
    sessions: SessionCache = field(default_factory=SessionCache)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, recognise reason)

    def exit_code(self) -> int:
        """2 on any input or rule error; 1 on a finding at or above its report's fail_on."""
        if self.failed or any(r.rule_errors for r in self.results):
            return EXIT_ERROR
        for r, eff in zip(self.results, self.configs, strict=True):
            fail_on = Severity.parse(str(eff.values.get("fail_on") or "error"))
            if any(f.severity.rank >= fail_on.rank for f in r.findings):
                return EXIT_FINDINGS
        return EXIT_CLEAN

    def rules(self) -> list[Any]:
        """Every rule that ran for some report, in code order."""
        seen: dict[str, Any] = {}
        for session in self.sessions.all():
            for rule in session.rules:
                seen.setdefault(rule.code, rule)
        return [seen[k] for k in sorted(seen)]


def check_files(files: Sequence[str | Path], flags: Any, *, baseline: set[str] | None = None,
                sessions: SessionCache | None = None,
                stdin: Callable[[], bytes] | None = None) -> CheckRun:
    """Check ``files`` through :func:`check_file`, each under its own configuration.

    Args:
        files: report paths (``-``: standard input, read by ``stdin()``).
        flags: parsed command-line arguments (``config``, ``lang``, ``select``, ``previous``,
            ``quiet``, ``stdin_filename`` …; missing attributes count as not given).
        baseline: fingerprints to drop (see :mod:`checker.workflows.baseline`).
        sessions: a cache to reuse (default: a new one, third-party plugins loaded).
        stdin: reads standard input's bytes.
    """
    from checker.readers.recognise import note

    run = CheckRun(sessions=sessions or SessionCache())
    previous = None
    lang = getattr(flags, "lang", None) or "zh"
    quiet = bool(getattr(flags, "quiet", False))
    stdin_name = getattr(flags, "stdin_filename", None)
    for f in files:
        from_stdin = str(f) == STDIN
        name = (stdin_name or "<stdin>") if from_stdin else str(f)
        try:
            eff, session = resolve(flags, stdin_name if from_stdin else f, run.sessions)
            lang = str(eff.values.get("lang") or lang)
            if getattr(flags, "previous", None) and previous is None:
                previous = session.read(flags.previous)
            data = stdin() if from_stdin and stdin is not None else None
            how = rescoring_for(eff.values, None if from_stdin else f, baseline=baseline)
            done = check_file(f, session, eff.values, data=data, name=name, previous=previous,
                              rescoring=how, tracker=run.tracker, skip_non_reports=True)
        except UnknownSelectorError:
            raise  # a usage error, the same for every file
        except GongkaiError as exc:
            from checker.render.i18n import localise_error

            message = localise_error(exc, lang)
            print(f"gongkai: {message}", file=sys.stderr)
            run.failed = True
            run.unreadable.append((name, message))
            continue
        if isinstance(done, Skipped):
            run.skipped.append((name, done.reason))
            if not quiet:
                print(note(name, done.reason, lang), file=sys.stderr)
            continue
        run.results.append(done.result)
        run.configs.append(eff)
    return run


def suppression_options(tracker: Tracker) -> dict[str, Any]:
    """What ``--format json`` adds about suppressions (options of the JSON renderer): each
    suppressed finding's reason, and the ``stale_suppressions`` that matched nothing."""
    return {"suppression_reasons": dict(tracker.reasons),
            "stale_suppressions": [s.as_dict() for s in tracker.stale()]}
