"""Reviewer decisions: a sidecar file that marks findings confirmed or dismissed, by fingerprint.

The file is JSON (``gongkai-decisions.json``, the default) or TOML (a ``.toml`` name)::

    {"6f1c0a2b9d3e4f50": {"status": "dismissed", "reason": "表内注明", "reviewer": "王",
                          "at": "2024-03-01T10:00:00"}}

A dismissed finding leaves the report's findings and its score; a confirmed one stays and is
marked. Fingerprints are stable across runs and resubmissions (rule, report identity, part or
cell, what was matched: see :mod:`checker.engine.fingerprints`), so decisions follow a finding
into the corrected report. A decision may also record the finding's ``file``, ``code`` and
``message`` (``gongkai review set FP … REPORT`` looks the finding up), shown by
``gongkai review list``.

Where the file is (:func:`resolve_path`), the same for ``gongkai review`` and ``gongkai score``:
``--decisions FILE`` when given; else the configuration's ``decisions`` key (relative to the
configuration file); else ``gongkai-decisions.json`` in the current directory. Written
atomically; :func:`set_decision` reads, changes and writes under a lock file (``.NAME.lock``
beside it), so two reviewers (or two requests of ``gongkai serve``) deciding at once both
keep their decision.
"""
from __future__ import annotations

import datetime as _dt
import getpass
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from checker.errors import InputError, UsageError
from checker.files import tomlguard
from checker.files.atomic import atomic_write
from checker.files.safeio import read_regular

__all__ = [
    "DEFAULT_NAME",
    "STATUSES",
    "Decision",
    "default_path",
    "load_decisions",
    "lock_path",
    "resolve_path",
    "save_decisions",
    "set_decision",
    "stale",
]

DEFAULT_NAME = "gongkai-decisions.json"
STATUSES = ("confirmed", "dismissed")
MAX_DECISIONS_BYTES = 20 * 1024 * 1024
_FINGERPRINT = re.compile(r"^[0-9a-f]{8,64}$")
LOCK_TIMEOUT = 30.0  # seconds to wait for another writer of the same decisions file


@dataclass(frozen=True)
class Decision:
    """One reviewer decision on one finding."""

    fingerprint: str
    status: str
    reason: str = ""
    reviewer: str = ""
    at: str = ""
    file: str = ""     # the report the finding was in, when known
    code: str = ""     # its rule
    message: str = ""  # its message (for the list)

    def as_dict(self) -> dict[str, str]:
        out = {"status": self.status, "reason": self.reason, "reviewer": self.reviewer,
               "at": self.at}
        out.update({k: v for k, v in (("file", self.file), ("code", self.code),
                                      ("message", self.message)) if v})
        return out


def resolve_path(explicit: str | Path | None, config: dict[str, Any] | None = None) -> Path:
    """The decisions file used by both ``gongkai review`` and ``gongkai score``."""
    if explicit:
        return Path(explicit)
    configured = (config or {}).get("decisions")
    if configured:
        return Path(configured)
    return Path(DEFAULT_NAME)


def default_path(paths: Iterable[str | Path]) -> Path:
    """``gongkai-decisions.json`` beside the batch (the default of older versions, which
    ``gongkai score`` now only mentions when such a file exists and is not the one used)."""
    for raw in paths:
        p = Path(raw)
        return p / DEFAULT_NAME if p.is_dir() else p.parent / DEFAULT_NAME
    return Path(DEFAULT_NAME)


def _is_toml(path: Path) -> bool:
    return path.suffix.lower() == ".toml"


def load_decisions(path: str | Path, *, missing_ok: bool = True) -> dict[str, Decision]:
    """Read a decisions file; a missing file is no decisions (unless ``missing_ok`` is False)."""
    p = Path(path)
    if not os.path.lexists(p):
        if missing_ok:
            return {}
        raise InputError("no decisions file here", path=str(p),
                         hint="record one with "
                              "`gongkai review set FINGERPRINT --dismiss --reason …`")
    raw = read_regular(p, limit=MAX_DECISIONS_BYTES, what="decisions file",
                       hint="a decisions file this large is not one gongkai wrote")
    try:
        text = raw.decode("utf-8-sig")
        doc = (tomlguard.loads(text, str(p), error=InputError) if _is_toml(p)
               else (json.loads(text) if text.strip() else {}))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InputError(f"not a valid decisions file: {exc}", path=str(p),
                         hint='expected {"<fingerprint>": '
                              '{"status": "dismissed", "reason": "…"}}') from None
    if not isinstance(doc, dict):
        raise InputError("not a valid decisions file: the top level must be a table/object",
                         path=str(p))
    out: dict[str, Decision] = {}
    for fp, entry in doc.items():
        if not isinstance(entry, dict) or entry.get("status") not in STATUSES:
            raise InputError(f"decision for '{fp}' needs status = confirmed or dismissed",
                             path=str(p), where=f"key {fp}")
        out[fp] = Decision(fp, entry["status"], str(entry.get("reason", "")),
                           str(entry.get("reviewer", "")), str(entry.get("at", "")),
                           str(entry.get("file", "")), str(entry.get("code", "")),
                           str(entry.get("message", "")))
    return out


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def dumps(decisions: dict[str, Decision], toml: bool = False) -> str:
    """Serialise decisions, sorted by fingerprint (stable diffs)."""
    items = sorted(decisions.items())
    if not toml:
        return json.dumps({fp: d.as_dict() for fp, d in items}, ensure_ascii=False, indent=2) + "\n"
    lines = []
    for fp, d in items:
        lines.append(f"[{_toml_str(fp)}]")
        lines.extend(f"{k} = {_toml_str(v)}" for k, v in d.as_dict().items())
        lines.append("")
    return "\n".join(lines)


def save_decisions(path: str | Path, decisions: dict[str, Decision]) -> None:
    """Write the decisions atomically; an existing path must be a regular file."""
    from checker.files.safeio import check_output_path

    p = Path(path)
    check_output_path(p, "decisions")
    try:
        atomic_write(p, dumps(decisions, toml=_is_toml(p)))
    except OSError as exc:
        raise InputError(f"cannot write decisions: {exc.strerror or exc}", path=str(p),
                         hint="check that the folder is writable and the disk not full") from None


def lock_path(path: str | Path) -> Path:
    """The lock file guarding ``path``: hidden, beside it (a batch never reads it as a report)."""
    p = Path(path)
    return p.with_name(f".{p.name}.lock")


def set_decision(path: str | Path, fingerprint: str, status: str | None, reason: str = "",
                 reviewer: str | None = None, now: str | None = None,
                 finding: dict[str, str] | None = None) -> Decision | None:
    """Record (or with ``status=None`` remove) the decision on one finding; returns it.

    ``finding`` (``file``, ``code``, ``message``) describes the finding when it was looked up.
    The file is read, changed and replaced atomically while holding its lock file, so
    concurrent writers never lose each other's decisions.
    """
    fp = fingerprint.strip().lower()
    if not _FINGERPRINT.match(fp):
        raise UsageError(f"'{fingerprint}' is not a finding fingerprint",
                         hint="fingerprints are the 16 hex digits shown by "
                              "`gongkai check --format json` and in the score sheets")
    if status is not None and status not in STATUSES:
        raise UsageError(f"unknown status '{status}'", hint="confirmed or dismissed")
    if status == "dismissed" and not reason.strip():
        raise UsageError("a dismissal needs a reason", hint='add --reason "…"')
    lock = FileLock(str(lock_path(path)), timeout=LOCK_TIMEOUT)
    try:
        with lock:
            return _set_locked(Path(path), fp, status, reason, reviewer, now, finding)
    except Timeout:
        raise UsageError(f"the decisions file stayed locked for {LOCK_TIMEOUT:g} s",
                         path=str(path),
                         hint="another gongkai is writing it; if none is, delete "
                              f"{lock_path(path)}") from None
    except OSError as exc:
        raise UsageError(f"cannot write decisions: {exc.strerror or exc}", path=str(path),
                         hint="check that the folder exists and is writable") from None


def _set_locked(path: Path, fp: str, status: str | None, reason: str, reviewer: str | None,
                now: str | None, finding: dict[str, str] | None = None) -> Decision | None:
    decisions = load_decisions(path)
    if status is None:
        if decisions.pop(fp, None) is None:
            raise UsageError(f"no decision for '{fp}'", path=str(path))
        save_decisions(path, decisions)
        return None
    who = reviewer if reviewer is not None else _user()
    at = now or _dt.datetime.now().replace(microsecond=0).isoformat()
    info = finding or {}
    old = decisions.get(fp)
    decisions[fp] = Decision(fp, status, reason.strip(), who, at,
                             info.get("file") or (old.file if old else ""),
                             info.get("code") or (old.code if old else ""),
                             info.get("message") or (old.message if old else ""))
    save_decisions(path, decisions)
    return decisions[fp]


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return ""


def stale(decisions: dict[str, Decision], seen: set[str]) -> list[Decision]:
    """Decisions whose fingerprint matched no finding of the batch, sorted by fingerprint."""
    return [d for fp, d in sorted(decisions.items()) if fp not in seen]


def statuses(decisions: dict[str, Decision]) -> dict[str, str]:
    """fingerprint → status, the compact form the batch workers need."""
    return {fp: d.status for fp, d in decisions.items()}


def as_rows(decisions: dict[str, Decision]) -> list[dict[str, Any]]:
    return [{"fingerprint": fp, **d.as_dict()} for fp, d in sorted(decisions.items())]
