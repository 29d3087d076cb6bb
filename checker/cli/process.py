"""The ``gongkai`` process (the console script and ``python -m checker``): the command of
:mod:`checker.cli.app`, with a start and an exit suited to a short-lived program.

A pre-commit hook or an editor starts gongkai once per file, so the process's own overhead
is part of what the user waits for (issue 13):

* **Start.** Importing the checks creates a few hundred thousand objects; with the default
  thresholds the cyclic garbage collector runs hundreds of times over them, to find almost
  nothing. The first generation's threshold is raised instead: it still runs (a batch of
  many reports keeps its memory bounded), only far less often.
* **Exit.** Tearing the interpreter down object by object took longer than the whole check of
  a report. When nothing can be lost the process ends at once: the exit handlers registered
  with :mod:`atexit` run first (the start-up caches are written there), standard output and
  error are flushed, and no thread is alive that the ordinary exit would wait for (daemon
  threads, such as the time-limit watchdog, are not waited for either way). Otherwise, or
  in Python's development mode (``-X dev``, which reports unclosed resources at exit), it
  exits the ordinary way.

:func:`checker.cli.app.main` itself leaves the interpreter as it was: tests and library users
call it in-process.
"""
from __future__ import annotations

import gc
import os
import sys
from typing import NoReturn

__all__ = ["GC_THRESHOLD", "exit_now", "run"]

GC_THRESHOLD = 100_000  # allocations between collections of the youngest generation (was 700)


def run() -> NoReturn:
    """Run the ``gongkai`` command line and end the process with its exit code."""
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    from checker.cli.app import main

    exit_now(main())


def exit_now(code: int) -> NoReturn:
    """End the process with ``code``: at once when nothing can be lost, else the usual way."""
    import atexit

    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None or sys.flags.dev_mode or _threads_to_wait_for():
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: the ordinary exit reports it as usual
        sys.exit(code)
    run_exit_handlers()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def _threads_to_wait_for() -> bool:
    """Is a thread alive that the ordinary exit would wait for (a non-daemon thread)?"""
    threading = sys.modules.get("threading")
    if threading is None:
        return False
    main = threading.main_thread()
    return any(t is not main and not t.daemon and t.is_alive() for t in threading.enumerate())
