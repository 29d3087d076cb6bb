"""Batches on a Dask cluster: the dispatch of :mod:`checker.workflows.batch.run`, done by
``dask.distributed``.

``gongkai score PATH… --scheduler tcp://HOST:PORT`` runs the same worker functions as a local
batch (:func:`checker.workflows.batch.run.summarise`, and the ``--previous`` index) on the
cluster's workers; only who runs them differs. The files are read here and their bytes sent to
the workers (no shared file system is assumed); last year's reports are scattered to the cluster
once, published as a dataset of the batch, and each worker fetches the one a report needs. A
worker builds one Session per configuration and keeps it for later tasks and later batches.
Results come back in input order, so every output is the same as a local run's. Ctrl-C cancels
the batch's tasks on the cluster.

Needs the ``distributed`` extra: ``pip install "gongkai[distributed]"`` on this machine and on
every worker (the same gongkai version: it is checked before any work is sent).
"""
from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from checker.errors import GongkaiError, InputError, UsageError

if TYPE_CHECKING:
    from checker.api import Session

__all__ = ["CONNECT_TIMEOUT", "dask_map"]

CONNECT_TIMEOUT = 30.0  # seconds to reach the scheduler, and again to see at least one worker
_INLINE_BYTES = 256 * 1024  # bigger files go to the cluster by scatter, not inside the task
_SCATTER_CHUNK = 64  # last-year files read and scattered this many at a time
_SESSION_LIMIT = 4  # configurations whose Session a worker keeps

# -- worker side --------------------------------------------------------------------------
_LOCK = threading.Lock()  # one gongkai task at a time per worker process (shared state)
_SESSIONS: dict[str, tuple[Any, str | None]] = {}  # config key -> (Session or None, error)
_PREVIOUS: dict[str, dict[str, Any]] = {}  # the current batch's dataset: path -> Future


def _worker_version() -> str:
    from checker import __version__

    return __version__


def _session_for(key: str, config: dict[str, Any]) -> tuple[Any, str | None]:
    """This worker's Session for ``config``, built the first time the configuration is seen."""
    if key not in _SESSIONS:
        from checker.api import Session

        try:
            made: tuple[Any, str | None] = (Session(config), None)
        except Exception as exc:  # reported on every row, as a local worker does
            made = (None, f"{type(exc).__name__}: {exc}")
        while len(_SESSIONS) >= _SESSION_LIMIT:
            del _SESSIONS[next(iter(_SESSIONS))]
        _SESSIONS[key] = made
    return _SESSIONS[key]


def _fetch_previous(session: Session, dataset: str, path: str) -> dict[str, Any]:
    """Last year's report ``path``, from the bytes the batch published as ``dataset``."""
    from distributed import get_client

    if dataset not in _PREVIOUS:
        _PREVIOUS.clear()  # only the running batch's futures are held (they keep data alive)
        _PREVIOUS[dataset] = get_client().get_dataset(dataset)
    future = _PREVIOUS[dataset].get(path)
    if future is None:
        raise InputError("last year's file was not sent to the cluster", path=path)
    return session.read_bytes(path, future.result())


def _task(func: Callable[[str, bytes], Any], state: dict[str, Any], path: str,
          data: bytes) -> Any:
    """Run one batch function on a worker, with that worker's Session for the batch's config."""
    from checker.workflows.batch import worker
    with _LOCK:
        session, error = _session_for(state["key"], state["config"])
        dataset = state["dataset"]
        if dataset not in _PREVIOUS:
            _PREVIOUS.clear()
        read_previous = ((lambda p: _fetch_previous(session, dataset, p))
                         if dataset and session is not None else None)
        worker.install_worker_state(session, state["decisions"], state["previous"], error,
                                   read_previous)
        return func(path, data)


# -- client side --------------------------------------------------------------------------
def _connect(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--scheduler needs dask.distributed, which is not installed",
                         hint='pip install "gongkai[distributed]"') from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}",
                         hint="start one with `dask scheduler` and give its address, "
                              "e.g. --scheduler tcp://10.0.0.5:8786") from None
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        versions = client.run(_worker_version)
    except (OSError, TimeoutError) as exc:
        client.close()
        raise UsageError(f"the Dask scheduler at {address} has no workers ({exc})",
                         hint=f"start workers with `dask worker {address}`") from None
    except Exception as exc:  # a worker that cannot import gongkai fails to unpickle the call
        client.close()
        raise UsageError(f"a Dask worker cannot run gongkai: {type(exc).__name__}: {exc}",
                         hint='install "gongkai[distributed]" on every worker') from None
    from checker import __version__

    wrong = sorted(f"{w} ({v})" for w, v in versions.items() if v != __version__)
    if wrong:
        client.close()
        raise UsageError(f"Dask workers run another gongkai version than {__version__}: "
                         + ", ".join(wrong), hint="install the same version on every worker")
    return client


def _publish_previous(client: Any, previous: dict[tuple[str, int], str]) -> str | None:
    """Send last year's files to the cluster once, as a dataset ``path -> Future``; its name."""
    from checker.api import read_input

    paths = sorted(set(previous.values()))
    if not paths:
        return None
    futures: dict[str, Any] = {}
    for start in range(0, len(paths), _SCATTER_CHUNK):
        chunk: dict[str, bytes] = {}
        names: dict[str, str] = {}
        for path in paths[start:start + _SCATTER_CHUNK]:
            try:
                data = read_input(path)
            except GongkaiError:
                continue  # the worker finds no bytes for it: no previous year, as locally
            key = f"gongkai-previous-{uuid.uuid4().hex}"
            chunk[key] = data
            names[key] = path
        if chunk:
            for key, future in client.scatter(chunk, hash=False).items():
                futures[names[key]] = future
    name = f"gongkai-previous-{uuid.uuid4().hex}"
    client.publish_dataset(futures, name=name)
    return name


class _InProcess:
    """Runs a batch function here, for a file this process cannot read (same rows as locally)."""

    def __init__(self, initargs: tuple[Any, ...]) -> None:
        self.initargs = initargs
        self.session: tuple[Any, str | None] | None = None

    def __call__(self, func: Callable[[str], Any], path: str) -> Any:
        from checker.workflows.batch import worker
        config, decisions, previous = self.initargs
        if self.session is None:
            from checker.api import Session

            try:
                self.session = (Session(config), None)
            except Exception as exc:
                self.session = (None, f"{type(exc).__name__}: {exc}")
        saved = dict(worker._STATE)
        try:
            worker.install_worker_state(self.session[0], decisions, previous, self.session[1])
            return func(path)
        finally:
            worker._STATE.clear()
            worker._STATE.update(saved)


def _failed(func: Callable[..., Any], path: str, exc: BaseException) -> Any:
    """The row of a task the cluster could not run (a worker died on it, say)."""
    from checker.workflows.batch import summary, worker
    message = f"cluster task failed: {type(exc).__name__}: {exc}"
    if func is worker.summarise:
        # as on a local worker that died twice: not a bad file but a checker failure (exit 2)
        return summary._failed_summary(path, message)
    return path, None, message


def dask_map(func: Callable[..., Any], items: Sequence[str], initargs: tuple[Any, ...],
             scheduler: str) -> Iterator[Any]:
    """``func(path, data)`` over ``items`` on the cluster at ``scheduler``, in input order.

    ``initargs`` are those of a local pool worker: (config, decisions, last year's index).
    """
    if not items:
        return
    from checker.api import _config_key, read_input
    from checker.workflows.batch import files

    client = _connect(scheduler)  # first: a missing `distributed` is a usage error, not a traceback
    from distributed import as_completed

    pending: dict[Any, int] = {}
    dataset: str | None = None
    try:
        config, decisions, previous = initargs
        dataset = _publish_previous(client, previous)
        state = {"key": _config_key(config), "config": config, "decisions": decisions,
                 "previous": previous, "dataset": dataset}
        [state_future] = client.scatter([state], broadcast=True, hash=False)
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        window = max(8, 4 * threads)
        tag = f"{getattr(func, '__name__', 'task').strip('_')}-{uuid.uuid4().hex[:8]}"
        local = _InProcess(initargs)
        done: dict[int, Any] = {}
        queue = as_completed(loop=client.loop)
        next_in = next_out = 0

        def submit() -> None:
            nonlocal next_in
            i, path = next_in, items[next_in]
            next_in += 1
            if files.not_read_reason(path):  # a type gongkai does not read: no bytes to send
                done[i] = local(func, path)
                return
            try:
                data = read_input(path)
            except GongkaiError:
                done[i] = local(func, path)  # the same row a local worker writes
                return
            arg = client.scatter(data, hash=False) if len(data) > _INLINE_BYTES else data
            fut = client.submit(_task, func, state_future, path, arg, pure=False, retries=1,
                                key=f"gongkai-{tag}-{i}")
            pending[fut] = i
            queue.add(fut)

        while next_out < len(items):
            while next_in < len(items) and len(pending) < window:
                submit()
            if next_out not in done:
                fut = next(queue)
                i = pending.pop(fut)
                try:
                    done[i] = fut.result()
                except Exception as exc:  # summarise catches its own errors: this is the cluster
                    done[i] = _failed(func, items[i], exc)
                fut.release()
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    except BaseException:
        if pending:
            client.cancel(list(pending), force=True)
        raise
    finally:
        if dataset:
            with contextlib.suppress(Exception):  # the connection may be what failed
                client.unpublish_dataset(dataset)
        client.close()
