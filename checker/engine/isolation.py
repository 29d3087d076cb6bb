"""Running plugin code so that its failures are recorded, never fatal, and never look clean.

* :class:`TimeLimit` (and its subclasses ``RuleTimeout``, ``HookTimeout``) derive from
  ``BaseException``: a plugin's ``except Exception`` cannot swallow them. The engine also
  notes that the limit fired, so a rule that swallows even ``BaseException`` and returns
  results anyway still becomes a rule error.
* :func:`failure` turns anything plugin code raised into a short description; only the
  user's Ctrl-C (``KeyboardInterrupt``) is passed on. ``SystemExit`` from plugin code is a
  plugin failure, not an exit.
* :func:`call_hook` calls one plugin's hook implementation under a time limit (``SIGALRM``
  in the main thread) and returns its value or the error, naming the plugin.
* :class:`Backstop` is a watchdog thread outside the plugin's reach: when rule or hook code
  runs on past three times its limit (it swallowed the time-limit exception, blocked or
  ignored ``SIGALRM``, or disarmed the timer) it ends the whole run with exit code 2 and a
  message naming the rule — it cannot be caught. Code that holds the interpreter lock without
  returning (a C extension looping) stops this thread too: see docs/limits.md.
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, NoReturn

__all__ = ["BACKSTOP", "BACKSTOP_FACTOR", "HOOK_TIMEOUT", "Backstop", "HookTimeout", "TimeLimit",
           "call_hook", "failure"]

HOOK_TIMEOUT = 5.0      # seconds for one call of a plugin hook (grading, formats, packs …)
BACKSTOP_FACTOR = 3.0   # the backstop ends the run at this many times the limit
EXIT_STOPPED = 2


class TimeLimit(BaseException):  # not an error of the plugin's own
    """Plugin code ran past its time limit (a BaseException: ``except Exception`` misses it)."""


class HookTimeout(TimeLimit):
    """A plugin hook ran past its time limit."""


def failure(exc: BaseException) -> str:
    """A short description of what plugin code raised (re-raises the user's Ctrl-C)."""
    if isinstance(exc, KeyboardInterrupt):
        raise exc
    if isinstance(exc, SystemExit):
        return f"SystemExit({exc.code!r}): plugin code must not exit the program"
    if isinstance(exc, PluginExit):
        return f"os._exit({exc.code!r}): plugin code must not end the process"
    if isinstance(exc, RecursionError):
        return "recursed too deeply"
    text = str(exc)
    if len(text) > 300:
        text = text[:300] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class Backstop:
    """One watchdog thread per process, started on first use, that ends a run whose plugin
    code defeats its time limit. ``watch``/``clear`` are two attribute writes (cheap enough
    for every rule)."""

    def __init__(self) -> None:
        self.label: str | None = None
        self.started: float | None = None
        self.limit = 0.0
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.action: Callable[[str], None] = _stop_run

    def ensure(self) -> None:
        """Start the thread (once per process; again in a forked child)."""
        if self._thread is not None and self._thread.is_alive():
            return
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="gongkai-backstop",
                                                daemon=True)
                self._thread.start()

    def watch(self, label: str, limit: float) -> None:
        self.label, self.limit = label, limit
        self.started = time.monotonic()

    def clear(self) -> None:
        self.started = None

    def _loop(self) -> None:
        while True:
            started, limit, label = self.started, self.limit, self.label
            if started is not None and limit > 0:
                ran = time.monotonic() - started
                if ran > BACKSTOP_FACTOR * limit and self.started == started:
                    self.action(f"{label} defeated the time limit of {limit:g} s (still running "
                                f"after {ran:.0f} s); the run was stopped")
                    return
                time.sleep(max(0.05, min(1.0, limit / 4)))
            else:
                time.sleep(0.25)

    def _after_fork(self) -> None:
        self._thread = None
        self._lock = threading.Lock()
        self.started = None


def _stop_run(message: str) -> None:
    """End the process now: tell the supervisor (batch worker) or the user, then exit 2."""
    from checker.engine.supervise import send_fatal

    if not send_fatal(message):
        with contextlib.suppress(OSError):
            os.write(2, f"gongkai: {message}\n  hint: block the plugin or pack that owns it, "
                        "or run untrusted plugins out of process (docs/limits.md)\n"
                     .encode("utf-8", "replace"))
    with contextlib.suppress(Exception):  # exiting anyway
        sys.stdout.flush()
    _REAL_EXIT(EXIT_STOPPED)


BACKSTOP = Backstop()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=BACKSTOP._after_fork)


def _armed() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def call_hook(plugin: str, hook: str, func: Callable[..., Any], kwargs: dict[str, Any],
              timeout: float | None = None) -> tuple[Any, str | None]:
    """``func(**kwargs)`` for plugin ``plugin``: (value, None) or (None, what went wrong).

    The call is time-limited with a one-shot ``SIGALRM`` (main thread, POSIX) that raises
    :class:`HookTimeout`, and watched by the :data:`BACKSTOP`. A caller's pending alarm is
    kept and re-armed afterwards.
    """
    if timeout is None:
        timeout = HOOK_TIMEOUT
    armed = timeout > 0 and _armed()
    label = f"plugin '{plugin}' ({hook})"
    fired = [False]
    old_handler: Any = None
    outer = 0.0
    start = time.monotonic()

    def fire(signum: int, frame: Any) -> None:
        nonlocal outer
        elapsed = time.monotonic() - start
        if outer > 0 and elapsed < timeout:  # the caller's own alarm, due first
            outer = 0.0
            signal.setitimer(signal.ITIMER_REAL, max(1e-6, timeout - elapsed))
            if callable(old_handler):
                old_handler(signum, frame)
            return
        fired[0] = True
        raise HookTimeout()

    if armed:
        outer, _ = signal.getitimer(signal.ITIMER_REAL)
        old_handler = signal.signal(signal.SIGALRM, fire)
        signal.setitimer(signal.ITIMER_REAL, timeout if outer <= 0 else min(timeout, outer))
        BACKSTOP.ensure()
        BACKSTOP.watch(label, timeout)
    try:
        with exit_guard():
            value = func(**kwargs)
        error = None
    except HookTimeout:
        value, error = None, f"ran longer than {timeout:g} s"
    except BaseException as exc:  # every failure of plugin code is recorded
        value, error = None, failure(exc)
    finally:
        if armed:
            BACKSTOP.clear()
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler if old_handler is not None
                          else signal.SIG_DFL)
            if outer > 0:
                left = outer - (time.monotonic() - start)
                signal.setitimer(signal.ITIMER_REAL, max(1e-6, left))
    if fired[0] and error is None:
        value, error = None, f"ran longer than {timeout:g} s"
    return value, error


class PluginExit(BaseException):  # raised in place of ending the process
    """Plugin code called ``os._exit`` while gongkai was running it."""

    def __init__(self, code: Any) -> None:
        super().__init__(code)
        self.code = code


_REAL_EXIT = os._exit


def _guarded_exit(status: int) -> NoReturn:
    """``os._exit`` while plugin code runs: in the thread running it, a PluginExit (recorded
    as the plugin's failure); anywhere else (another thread, a forked child) the real thing."""
    if os.getpid() == _GUARD["pid"] and threading.get_ident() == _GUARD["thread"]:
        raise PluginExit(status)
    _REAL_EXIT(status)


_GUARD: dict[str, Any] = {"pid": None, "thread": None, "depth": 0}


class exit_guard:  # used as a context manager, like a function
    """While active (main thread only), ``os._exit`` called by plugin code raises
    :class:`PluginExit` instead of ending the process. Code that saved ``os._exit`` before,
    or calls ``posix._exit`` or kills its own process, is not stopped (docs/limits.md)."""

    def __enter__(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        if _GUARD["depth"] == 0:
            _GUARD["pid"], _GUARD["thread"] = os.getpid(), threading.get_ident()
            os._exit = _guarded_exit
        _GUARD["depth"] += 1

    def __exit__(self, *exc: object) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        _GUARD["depth"] -= 1
        if _GUARD["depth"] == 0:
            os._exit = _REAL_EXIT
            _GUARD["pid"] = _GUARD["thread"] = None
