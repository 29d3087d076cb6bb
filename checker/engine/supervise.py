"""Supervised worker processes: a task whose worker dies is retried once, then given up on.

:func:`supervised_map` runs ``func`` over ``items`` in ``jobs`` worker processes and yields
the results in input order. Each worker is watched through its process sentinel, so a worker
killed by the kernel (out of memory), by a plugin calling ``os._exit`` or by a signal is
noticed at once: the task it was running is given once more to a fresh worker, and if that
worker dies too the task's result is ``on_failure(item, reason)``. A task that runs longer
than ``task_timeout`` has its worker killed and is given up on at once (a hang would hang
again). Anything the task raises in the worker — ``SystemExit`` included — becomes
``on_failure`` too. The map therefore always ends, with one result per item.

A worker may also end itself deliberately after sending ``("fatal", reason)`` (see
:func:`send_fatal`): the engine's watchdog does this when a rule defeats the time limit.
That task is not retried; its result is ``on_fatal(item, reason)``.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

__all__ = ["DEFAULT_TASK_TIMEOUT", "MAX_ATTEMPTS", "send_fatal", "supervised_map"]

MAX_ATTEMPTS = 2          # a task is run at most twice (once more after its worker died)
DEFAULT_TASK_TIMEOUT = 600.0  # seconds one report may take in a worker
_PREFETCH = 2             # tasks queued per worker (the first is running)
_CONN: list[Connection] = []  # the worker's own end, for send_fatal


def send_fatal(reason: str) -> bool:
    """From inside a worker: tell the supervisor why this worker is about to end itself.

    Returns False outside a supervised worker (the caller then reports on stderr itself).
    """
    if not _CONN:
        return False
    try:
        _CONN[0].send(("fatal", reason))
    except (OSError, ValueError):
        return False
    return True


def _worker_main(conn: Connection, func: Callable[[Any], Any],
                 initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    _CONN[:] = [conn]
    if initializer is not None:
        initializer(*initargs)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        index, item = msg
        try:
            out: tuple[str, int, Any] = ("ok", index, func(item))
        except KeyboardInterrupt:
            return
        except BaseException as exc:  # SystemExit from plugin code included: a failed task
            out = ("failed", index, f"{type(exc).__name__}: {exc}")
        try:
            conn.send(out)
        except Exception as exc:  # a result that cannot be pickled
            conn.send(("failed", index, f"result could not be returned: {type(exc).__name__}"))


@dataclass
class _Worker:
    proc: BaseProcess
    conn: Connection
    queue: deque[int] = field(default_factory=deque)  # task indexes sent, oldest running
    started: float = 0.0  # when the oldest task started (approximately: when it was queued first)
    fatal: str | None = None


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "stopped"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = " (out of memory?)" if -code == signal.SIGKILL else ""
        return f"killed by {name}{hint}"
    return f"exited with code {code}"


def supervised_map(func: Callable[[Any], Any], items: Sequence[Any], jobs: int, *,
                   initializer: Callable[..., None] | None = None,
                   initargs: tuple[Any, ...] = (),
                   on_failure: Callable[[Any, str], Any],
                   on_fatal: Callable[[Any, str], Any] | None = None,
                   task_timeout: float = DEFAULT_TASK_TIMEOUT,
                   context: Any = None) -> Iterator[Any]:
    """``func`` over ``items`` in supervised worker processes, results in input order."""
    n = len(items)
    if n == 0:
        return
    ctx = context or multiprocessing.get_context()
    todo: deque[int] = deque(range(n))
    deaths: dict[int, int] = {}
    done: dict[int, Any] = {}
    workers: list[_Worker] = []
    next_out = 0
    finished = False
    target = max(1, min(jobs, n))

    def start() -> _Worker:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker_main, args=(child, func, initializer, initargs),
                           daemon=True)
        proc.start()
        child.close()
        w = _Worker(proc, parent)
        workers.append(w)
        return w

    def finish(index: int, value: Any) -> None:
        done[index] = value

    def retire(w: _Worker, reason: str | None, *, kill: bool = False) -> None:
        """The worker is gone (or must go): settle or requeue its tasks."""
        if kill and w.proc.is_alive():
            w.proc.kill()
        w.proc.join(5)
        w.conn.close()
        workers.remove(w)
        if w.queue:
            first = w.queue.popleft()
            if w.fatal is not None:
                finish(first, (on_fatal or on_failure)(items[first], w.fatal))
            elif kill:
                finish(first, on_failure(items[first], reason or "stopped"))
            else:
                deaths[first] = deaths.get(first, 0) + 1
                if deaths[first] >= MAX_ATTEMPTS:
                    finish(first, on_failure(
                        items[first], f"the worker process checking it {reason} "
                        f"({deaths[first]} times); the report was not checked"))
                else:
                    todo.appendleft(first)
            for rest in reversed(w.queue):  # not started yet: no blame
                todo.appendleft(rest)

    try:
        while next_out < n:
            while len(workers) < target and todo:
                start()
            for w in workers:
                while todo and len(w.queue) < _PREFETCH:
                    index = todo.popleft()
                    if not w.queue:
                        w.started = time.monotonic()
                    w.queue.append(index)
                    try:
                        w.conn.send((index, items[index]))
                    except (OSError, ValueError):
                        break  # the worker is dying: its sentinel says so below
            waitables: list[Any] = []
            for w in workers:
                waitables += [w.conn, w.proc.sentinel]
            ready = set(wait(waitables, timeout=1.0)) if waitables else set()
            now = time.monotonic()
            for w in list(workers):
                if w.conn in ready:
                    try:
                        while w.conn.poll():
                            kind, *rest = w.conn.recv()
                            if kind == "fatal":
                                w.fatal = rest[0]
                                continue
                            index, value = rest
                            if w.queue and w.queue[0] == index:
                                w.queue.popleft()
                                w.started = now
                            if kind != "ok":
                                value = on_failure(items[index], value)
                            finish(index, value)
                    except (EOFError, OSError):
                        retire(w, _describe_exit(_exitcode(w)))
                        continue
                if w.proc.sentinel in ready and not w.conn.poll():
                    retire(w, _describe_exit(_exitcode(w)))
                elif w.queue and task_timeout and now - w.started > task_timeout:
                    retire(w, f"took longer than {task_timeout:g} s; its worker was stopped",
                           kill=True)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
        finished = True
    finally:
        _stop_all(workers, gently=finished)


def _stop_all(workers: list[_Worker], *, gently: bool) -> None:
    """End the workers: asked to stop when the map finished, killed at once otherwise
    (Ctrl-C, or the consumer stopped early)."""
    for w in workers:
        if gently:
            with contextlib.suppress(OSError, ValueError):
                w.conn.send(None)
        else:
            w.proc.kill()
    deadline = time.monotonic() + 2
    for w in workers:
        w.proc.join(max(0.0, deadline - time.monotonic()))
        if w.proc.is_alive():
            w.proc.kill()
            w.proc.join(1)
        w.conn.close()


def _exitcode(w: _Worker) -> int | None:
    w.proc.join(1)
    return w.proc.exitcode


