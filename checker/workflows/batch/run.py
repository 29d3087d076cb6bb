"""Batch scoring: many report files → one small summary per report, in a process pool.

Each worker builds one :class:`~checker.api.Session` when it starts and returns a compact
:class:`ReportSummary` per file — never the report text — so memory stays flat however many
files a batch has. Results come back in input order (``imap``), so every output is the same
whatever ``--jobs`` is. A file that cannot be read, is empty or is malformed becomes a summary
with ``error`` set; it never stops the batch.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from checker.workflows.batch.files import SUPPORTED_SUFFIXES, collect_files, not_read_reason
from checker.workflows.batch.summary import (
    MAX_STORED_FINDINGS,
    FindingRow,
    ReportSummary,
    _failed_summary,
    error_summary,
    summary_of,
)
from checker.workflows.batch.worker import (
    CLUSTER_EXTRAS,
    _failed_identity,
    _identity,
    _init_worker,
    apply_decisions,
    check_path,
    install_worker_state,
    normalise_agency,
    recheck,
    summarise,
)

__all__ = ["MAX_STORED_FINDINGS", "SUPPORTED_SUFFIXES", "BatchOptions", "FindingRow",
           "ReportSummary", "apply_decisions", "check_path", "collect_files", "error_summary",
           "index_previous", "install_worker_state", "normalise_agency", "not_read_reason",
           "recheck_batch", "run_batch", "summarise", "summary_of"]


RECHECK_IN_PROCESS = 200  # second-pass reports checked without a pool up to this many


def _imap(func: Callable[[str], Any], items: Sequence[str], jobs: int,
          initargs: tuple[Any, ...]) -> Iterator[Any]:
    """``func`` over ``items`` in input order, in supervised worker processes (even for one
    job: a plugin that kills its process must not end the batch). A worker that dies is
    replaced and its report retried once; then the report is a row with the reason.
    Ctrl-C stops the workers at once (they ignore SIGINT; the parent kills them).
    """
    from checker.engine.supervise import supervised_map

    summaries = func is summarise
    yield from supervised_map(
        func, items, jobs, initializer=_init_worker, initargs=initargs,
        on_failure=_failed_summary if summaries else _failed_identity,
        on_fatal=_failed_summary if summaries else _failed_identity)


def _dispatch(func: Callable[..., Any], items: Sequence[str], jobs: int,
              initargs: tuple[Any, ...], scheduler: str | None) -> Iterator[Any]:
    """The one place local and cluster batches differ: who runs ``func`` over ``items``."""
    if scheduler:
        from checker.workflows.batch.cluster import dask_map

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
    from checker.files.textsafe import clean, warn_replaced

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
    """Check reports again with their batch peers (see :mod:`checker.workflows.batch.originality`).

    A few reports are checked in this process: a pool would cost more to start, and its
    forked workers would each count the parent's memory again.
    """
    jobs = options.jobs or os.cpu_count() or 1
    if len(items) <= RECHECK_IN_PROCESS:
        jobs = 1
    yield from _imap(recheck, list(items), jobs, options.initargs())  # type: ignore[arg-type]
