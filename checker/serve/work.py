"""The checking behind ``gongkai serve``: an uploaded file checked in a temporary folder that is
deleted at once, exactly as ``gongkai check`` would check it; a folder's reports checked as
``gongkai score`` would, kept while their files do not change; reviewer decisions applied.

One lock serialises every use of the loaded rules (a :class:`~checker.api.Session` is not
meant for two threads at once); the web requests run in worker threads.
"""
from __future__ import annotations

import argparse
import re
import tempfile
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from checker.config.effective import SessionCache, effective
from checker.errors import InputError
from checker.files.atomic import atomic_write
from checker.workflows import decisions as dec
from checker.workflows.batch.files import collect_files
from checker.workflows.batch.summary import ReportSummary, summary_of
from checker.workflows.batch.worker import apply_decisions, check_path
from checker.workflows.pipeline import Skipped

__all__ = [
    "MAX_KEPT_BYTES",
    "MAX_KEPT_UPLOADS",
    "UPLOAD_DIR_PREFIX",
    "Checked",
    "Decided",
    "Work",
    "safe_name",
    "shown_name",
]

UPLOAD_DIR_PREFIX = "gongkai-serve-"
MAX_KEPT_UPLOADS = 16  # uploads whose page can still be opened (in memory only)
MAX_KEPT_BYTES = 200 * 1024 * 1024
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def _shorten(name: str, most: int = 150) -> str:
    if len(name) <= most:
        return name
    stem, dot, ext = name.rpartition(".")
    return (stem[:most - 10] + dot + ext) if dot and len(ext) < 10 else name[:most]


def shown_name(raw: str | None) -> str:
    """An uploaded file's name as the pages and the JSON show it: its last part only (no
    folders), without control characters (pages escape the rest)."""
    name = unicodedata.normalize("NFC", (raw or "").replace("\\", "/").rsplit("/", 1)[-1])
    return _shorten(_CONTROL.sub("", name).strip()) or "upload"


def safe_name(raw: str | None) -> str:
    """The name the upload gets in its temporary folder: no character a file system refuses,
    the extension (which decides how it is read) kept."""
    name = _UNSAFE.sub("_", shown_name(raw)).strip(" .")
    return _shorten(name) or "upload"


@dataclass(frozen=True)
class Checked:
    """One checked report: its result (suppressions applied, no reviewer decisions), its text,
    the ``gongkai check --format json`` output and the session that checked it."""

    name: str
    result: Any
    lines: tuple[str, ...]
    json: str
    session: Any
    data: bytes = b""  # the uploaded bytes (in memory only; kept for a Word report's copy)


@dataclass(frozen=True)
class Decided:
    """A result with the reviewer decisions applied, for a page."""

    result: Any
    dismissed: frozenset[str]
    decisions: dict[str, tuple[str, str]]


def _rename_source(report: dict[str, Any], tmp: str, name: str) -> None:
    """Findings name the source document: the name the user knows, not our temporary path."""
    meta = report.get("meta")
    if not isinstance(meta, dict):
        return
    source = meta.get("source")
    if isinstance(source, dict) and source.get("path") == tmp:
        meta["source"] = {**source, "path": name}


class Work:
    """Checks uploads and a folder's reports for the web page.

    Args:
        args: parsed ``gongkai serve`` arguments (``lang``, ``config``, ``select`` … as for
            ``gongkai check``).
        folder: the reviewers' folder (DIR), or None.
        decisions_path: the decisions file the page writes.
        base: where configuration is looked for (the folder, else the current directory).
    """

    def __init__(self, args: argparse.Namespace, folder: Path | None, decisions_path: Path,
                 base: Path) -> None:
        self.args = args
        self.folder = folder
        self.decisions_path = decisions_path
        self.base = base
        self.lock = threading.RLock()
        self.sessions = SessionCache()
        self._uploads: OrderedDict[str, Checked] = OrderedDict()
        self._folder_session: Any = None
        self._cache: dict[str, tuple[tuple[int, int], Any]] = {}

    # -- uploads ---------------------------------------------------------------------------
    def check_upload(self, name: str, data: bytes) -> Checked:
        """Check uploaded bytes as ``gongkai check NAME`` would in ``base``; the bytes are
        written to a temporary folder that is removed before this returns."""
        from checker.workflows.pipeline import check_file, suppression_options
        from checker.workflows.rescore import rescoring_for
        from checker.workflows.suppress import Tracker

        name = shown_name(name)
        if not data.strip():
            raise InputError("file is empty", path=name,
                             hint="export the report's text or HTML again")
        eff = effective(self.args, self.base / name)
        tracker = Tracker()
        with self.lock, tempfile.TemporaryDirectory(prefix=UPLOAD_DIR_PREFIX) as tmp:
            session = self.sessions.get(eff)
            path = Path(tmp) / safe_name(name)
            atomic_write(path, data)
            done = check_file(path, session, eff.values, data=data, name=name,
                              rescoring=rescoring_for(eff.values, None), tracker=tracker)
            assert not isinstance(done, Skipped)
            report, result = done.report, done.result
            _rename_source(report, str(path), name)
            formats = session.plugins.output_formats()
            text = formats["json"]([result], {"lang": eff.values["lang"], "color": False,
                                              "width": None, "config": eff.values,
                                              "rules": list(session.rules),
                                              **suppression_options(tracker)})
            out = text  # the JSON with its suppression reasons
        lines = tuple((report.get("text") or "").split("\n"))
        return Checked(name, result, lines, out, session, data)

    def keep(self, key: str, checked: Checked) -> None:
        """Remember an upload for its page: the newest few, within a memory budget. The file's
        bytes are kept only for a Word report (its annotated copy is made from them)."""
        if not checked.name.lower().endswith(".docx"):
            checked = replace(checked, data=b"")
        with self.lock:
            self._uploads[key] = checked
            while len(self._uploads) > MAX_KEPT_UPLOADS or (
                    len(self._uploads) > 1
                    and sum(len(c.data) for c in self._uploads.values()) > MAX_KEPT_BYTES):
                self._uploads.popitem(last=False)

    def upload(self, key: str) -> Checked | None:
        with self.lock:
            return self._uploads.get(key)

    def annotated_docx(self, checked: Checked, decided: Decided, lang: str) -> bytes:
        """The Word copy with the findings (reviewer decisions applied) as comments, made in
        a temporary folder that is removed before this returns."""
        from checker.workflows.annotate.docx_comments import annotate_docx

        with self.lock, tempfile.TemporaryDirectory(prefix=UPLOAD_DIR_PREFIX) as tmp:
            source = Path(tmp) / safe_name(checked.name)
            atomic_write(source, checked.data)
            out = Path(tmp) / "annotated.docx"
            annotate_docx(source, decided.result, out, lang=lang)
            return out.read_bytes()

    # -- decisions -------------------------------------------------------------------------
    def decisions(self) -> dict[str, dec.Decision]:
        return dec.load_decisions(self.decisions_path)

    def decide(self, result: Any, session: Any) -> Decided:
        """``result`` with the decisions file applied: dismissed findings leave the score."""
        recorded = self.decisions()
        statuses = dec.statuses(recorded)
        with self.lock:
            decided = apply_decisions(result, session, statuses)
        mine = {f.fingerprint for f in (*result.findings, *result.suppressed)}
        return Decided(decided,
                       frozenset(fp for fp in mine if statuses.get(fp) == "dismissed"),
                       {fp: (d.status, d.reason) for fp, d in recorded.items() if fp in mine})

    # -- the reviewers' folder -------------------------------------------------------------
    def _session(self) -> Any:
        if self._folder_session is None:
            self._folder_session = self.sessions.get(effective(self.args, self.folder))
        return self._folder_session

    def files(self) -> list[Path]:
        """The folder's report files (as ``gongkai score DIR`` finds them)."""
        if self.folder is None:
            return []
        return collect_files([self.folder], exclude=[self.decisions_path])

    def rel(self, path: Path) -> str:
        assert self.folder is not None
        return path.relative_to(self.folder).as_posix()

    def _checked(self, path: Path) -> Any:
        """The folder file's (result, lines) or its error summary, re-checked when it changed."""
        try:
            st = path.stat()
            stamp = (st.st_mtime_ns, st.st_size)
        except OSError:
            stamp = (0, 0)
        key = str(path)
        with self.lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == stamp:
                return hit[1]
            value = check_path(self._session(), key, keep_text=True)
            self._cache[key] = (stamp, value)
            return value

    def summaries(self) -> list[ReportSummary]:
        """Every report of the folder, decisions applied, shown by its path in the folder."""
        files = self.files()
        statuses = dec.statuses(self.decisions())
        out = []
        for path in files:
            value = self._checked(path)
            if isinstance(value, ReportSummary):
                out.append(replace(value, path=self.rel(path)))
                continue
            result, lines, _ = value
            with self.lock:
                s = summary_of(str(path), result, lines, self._session(), statuses)
            out.append(replace(s, path=self.rel(path)))
        with self.lock:  # forget files that left the folder
            live = {str(p) for p in files}
            for key in [k for k in self._cache if k not in live]:
                del self._cache[key]
        return out

    def folder_report(self, rel: str) -> tuple[Path, Any] | None:
        """(path, (result, lines) or error summary) of the folder file at ``rel``, its
        suppressions applied; None when ``rel`` is not one of the folder's reports."""
        for path in self.files():
            if self.rel(path) == rel:
                value = self._checked(path)
                if isinstance(value, ReportSummary):
                    return path, value
                from checker.workflows.rescore import apply_suppressions

                result, lines, _ = value
                with self.lock:
                    result = apply_suppressions(result, self._session())
                return path, (result, lines)
        return None

    def folder_session(self) -> Any:
        with self.lock:
            return self._session()
