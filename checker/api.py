"""The Python API: ``check`` and ``normalise`` in one call, on a default session per thread and
configuration; :class:`Session` for loops and services (defined in :mod:`checker.session`).

A file is checked through the one pipeline (:mod:`checker.workflows.pipeline`): read, check,
re-score with the configuration's suppressions and the report's sidecar.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from checker.files.digest import sha256
from checker.findings import RunResult
from checker.session import (
    MAX_INPUT_BYTES,
    Session,
    normalise_bytes,
    read_input,
    read_report,
)

__all__ = [
    "MAX_INPUT_BYTES",
    "Session",
    "check",
    "clear_default_sessions",
    "default_session",
    "normalise",
    "normalise_bytes",
    "read_input",
    "read_report",
]

# -- the default sessions of the one-call API ------------------------------------------------
# One set per thread: a Session is not meant to be shared between threads.
_DEFAULT_LIMIT = 8  # distinct configurations kept per thread (oldest dropped first)
_LOCAL = threading.local()
_GENERATION = [0]  # bumped by clear_default_sessions(): every thread's sessions are dropped


def _config_key(config: dict[str, Any]) -> str:
    """A stable key for a configuration mapping (values that are not JSON go by repr)."""
    return json.dumps(config, sort_keys=True, ensure_ascii=False, default=repr)


def default_session(config: dict[str, Any] | None = None) -> Session:
    """This thread's session for ``config``: built on first use, then reused.

    :func:`check` and :func:`normalise` use it, so a loop of one-call checks loads the plugins,
    packs and profile once. A session reads its pack files when it is built: call
    :func:`clear_default_sessions` after changing packs in a long-running process.
    """
    cfg = dict(config or {})
    key = _config_key(cfg)
    sessions: dict[str, Session] | None = getattr(_LOCAL, "sessions", None)
    if sessions is None or getattr(_LOCAL, "generation", None) != _GENERATION[0]:
        sessions = _LOCAL.sessions = {}
        _LOCAL.generation = _GENERATION[0]
    session = sessions.get(key)
    if session is None:
        session = Session(cfg)
        while len(sessions) >= _DEFAULT_LIMIT:
            del sessions[next(iter(sessions))]
        sessions[key] = session
    return session


def clear_default_sessions() -> None:
    """Forget the default sessions of every thread (the next one-call check loads again)."""
    _GENERATION[0] += 1


def _unexpected(func: str, unknown: Mapping[str, Any]) -> None:
    """TypeError for the first unknown keyword, naming the closest known one."""
    import difflib

    from checker.config.layers import KEYS

    for key in unknown:
        known = [*KEYS, "config", "session", "previous"]
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else \
            f"; configuration keys: {', '.join(sorted(KEYS))}"
        raise TypeError(f"{func}() got an unexpected keyword argument {key!r}{hint}")


def _config(config: Mapping[str, Any] | None, given: Mapping[str, Any]) -> dict[str, Any]:
    """``config`` with the keywords that were given (not None) on top."""
    out = dict(config or {})
    out.update({k: (tuple(v) if isinstance(v, (list, tuple)) and k in _SEQUENCES else v)
                for k, v in given.items() if v is not None})
    return out


_SEQUENCES = ("select", "ignore", "pack_dirs", "blocked_plugins")


def normalise(path: str | Path, *, config: Mapping[str, Any] | None = None,
              lang: str | None = None, pack_dirs: Sequence[str] | None = None,
              blocked_plugins: Sequence[str] | None = None, **unexpected: Any) -> dict[str, Any]:
    """Read one document into a validated report dict, through the default session's readers.

    Args:
        path: the document (JSON, text, HTML, DOCX, PDF …).
        config: a configuration mapping (the keys of ``gongkai.toml``).
        lang: ``zh`` or ``en``, for messages.
        pack_dirs: extra rule-pack folders or files (their plugins may read other inputs).
        blocked_plugins: plugins not to load.

    Raises:
        TypeError: an unknown keyword (with the closest known one).
    """
    if unexpected:
        _unexpected("normalise", unexpected)
    cfg = _config(config, {"lang": lang, "pack_dirs": pack_dirs,
                           "blocked_plugins": blocked_plugins})
    return default_session(cfg).read(path)


def check(path_or_report: str | Path | dict[str, Any], *, select: Sequence[str] | None = None,
          ignore: Sequence[str] | None = None, config: Mapping[str, Any] | None = None,
          previous: str | Path | dict[str, Any] | None = None, session: Session | None = None,
          lang: str | None = None, profile: str | None = None,
          pack_dirs: Sequence[str] | None = None, severity: Mapping[str, str] | None = None,
          options: Mapping[str, Mapping[str, Any]] | None = None,
          rule_timeout: float | None = None, blocked_plugins: Sequence[str] | None = None,
          agency_aliases: Mapping[str, str] | None = None,
          suppress: Sequence[Mapping[str, Any]] | None = None, fail_on: str | None = None,
          decisions: str | None = None, docs_url: str | None = None,
          **unexpected: Any) -> RunResult:
    """Check one report through the one pipeline (:mod:`checker.workflows.pipeline`).

    Args:
        path_or_report: a file path (JSON, text, HTML, DOCX, PDF) or a report dict.
        select: run only rules matching these codes, names, pack ids or globs.
        ignore: skip rules matching these.
        config: a configuration mapping (the keys of ``gongkai.toml``); the keywords below
            are put on top of it.
        previous: last year's report (dict or path) for cross-year checks.
        session: the session to use; by default the process's session for the configuration,
            built on the first call with it and reused after (:func:`default_session`).
        lang: ``zh`` or ``en``.
        profile: a score profile TOML replacing the default.
        pack_dirs: extra rule-pack folders or files.
        severity: rule code or name → severity.
        options: rule code or name → options for its check kind.
        rule_timeout: seconds one rule may take.
        blocked_plugins: plugins (``pack:<id>`` too) not to load.
        agency_aliases: other names of agencies (cross-year matching).
        suppress: suppressions (``code`` or ``fingerprint``, ``reason``, ``paths``), applied
            with the report's sidecar file before scoring again.
        fail_on, decisions, docs_url: accepted for parity with the configuration file.

    Raises:
        TypeError: an unknown keyword (with the closest known one).
        checker.errors.UnknownSelectorError: a ``select``/``ignore`` pattern matching no rule.
    """
    if unexpected:
        _unexpected("check", unexpected)
    given = {"select": select, "ignore": ignore, "lang": lang, "profile": profile,
             "pack_dirs": pack_dirs, "severity": severity, "options": options,
             "rule_timeout": rule_timeout, "blocked_plugins": blocked_plugins,
             "agency_aliases": agency_aliases, "suppress": suppress, "fail_on": fail_on,
             "decisions": decisions, "docs_url": docs_url}
    sess = session or default_session(_config(config, given))
    if previous is not None and not isinstance(previous, dict):
        previous = sess.read(previous)
    if isinstance(path_or_report, dict):
        return sess.check(path_or_report, previous=previous)
    from checker.workflows.pipeline import Skipped, check_file

    done = check_file(path_or_report, sess, previous=previous)
    assert not isinstance(done, Skipped)  # only asked for with skip_non_reports
    return done.result


def sha256_of(data: bytes) -> str:
    """The SHA-256 of ``data`` in hex."""
    return sha256(data).hexdigest()
