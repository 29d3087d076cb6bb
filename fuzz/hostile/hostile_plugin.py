"""A gongkai plugin that misbehaves on demand, for the hostile sweep and its tests.

``GONGKAI_HOSTILE`` picks what goes wrong (nothing when unset); a mode applies only to
reports whose path contains ``GONGKAI_HOSTILE_ON`` (default: every report). Made importable
as an entry point by :func:`fuzz.hostile_sweep.plugin_env` (a ``.dist-info`` on PYTHONPATH).

grade-raise, grade-exit, grade-osexit, grade-kill, grade-sleep, grade-wrong
    the grading hook raises, calls ``sys.exit(0)``, ``os._exit(0)``, SIGKILLs its process,
    sleeps for 10 minutes, or returns a number instead of a Grade;
rule-exit, rule-osexit, rule-swallow, rule-ignore, rule-block, rule-disarm, rule-late
    the rule HOS001 calls ``sys.exit(0)``, ``os._exit(0)``, swallows the time-limit exception
    forever, ignores or blocks SIGALRM and then sleeps, disarms the timer and returns, or
    catches the time limit and then returns a finding;
kinds-raise, packs-missing, formats-wrong
    the kinds hook raises; a pack path that does not exist is registered; the output
    formats hook returns a list;
code-clash
    the plugin's pack defines TBL001, a first-party rule code.
"""
from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from typing import Any, Iterator

from checker.hookspecs import hookimpl
from checker.engine.kinds import CheckKind, Hit

HERE = Path(__file__).resolve().parent


def _mode() -> str:
    return os.environ.get("GONGKAI_HOSTILE", "")


def _applies(path: Any) -> bool:
    on = os.environ.get("GONGKAI_HOSTILE_ON", "")
    return not on or on in str(path or "")


def _misbehave(rule: Any, report: Any, ctx: Any) -> Iterator[Hit]:
    mode = _mode()
    if not mode.startswith("rule-") or not _applies(report.path):
        return
    if mode == "rule-exit":
        sys.exit(0)
    if mode == "rule-osexit":
        os._exit(0)
    if mode == "rule-swallow":
        while True:
            try:
                time.sleep(600)
            except BaseException:  # noqa: BLE001,S110 - the point: swallow the time limit
                pass
    if mode == "rule-ignore":
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        time.sleep(600)
    if mode == "rule-block":
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
        time.sleep(600)
    if mode == "rule-disarm":
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    if mode == "rule-late":
        try:
            time.sleep(600)
        except BaseException:  # noqa: BLE001,S110 - caught, then a finding as if clean
            pass
        yield Hit(params={}, key="late")


HOSTILE_KIND = CheckKind(name="hostile", summary="misbehaves on demand (tests only)",
                         options_schema={"type": "object"}, run=_misbehave)


@hookimpl
def checker_register_check_kinds(config: Any) -> list[Any]:
    if _mode() == "kinds-raise":
        raise RuntimeError("kinds hook failed")
    return [HOSTILE_KIND]


@hookimpl
def checker_register_packs(config: Any) -> list[Any]:
    if _mode() == "packs-missing":
        return [HERE / "no-such-pack.toml", HERE / "hostile.toml"]
    if _mode() == "code-clash":
        return [HERE / "clash.toml"]
    return [HERE / "hostile.toml"]


@hookimpl
def checker_output_formats(config: Any) -> Any:
    if _mode() == "formats-wrong":
        return ["not", "a", "dict"]
    return {}


@hookimpl(tryfirst=True)
def checker_grade(result: Any, profile: Any, config: Any) -> Any:
    mode = _mode()
    if not mode.startswith("grade-") or not _applies(result.path):
        return None
    if mode == "grade-raise":
        raise RuntimeError("grading failed")
    if mode == "grade-exit":
        sys.exit(0)
    if mode == "grade-osexit":
        os._exit(0)
    if mode == "grade-kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if mode == "grade-sleep":
        time.sleep(600)
    if mode == "grade-wrong":
        return 42
    return None
