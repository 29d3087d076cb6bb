"""The body of ``gongkai score``: check the batch, compare it with itself, collect the results.

1. every report is checked in the worker pool (:func:`checker.workflows.batch.run.run_batch`)
   under its own effective configuration, re-scored once (:mod:`checker.workflows.rescore`)
   with the decisions file;
2. when a batch originality rule is selected, the reports' text profiles are compared
   (:mod:`checker.workflows.batch.originality`) and the reports that share passages with another
   body's report are checked again with those peers;
3. the final summaries (and, for ``--json``, every report's full result, spooled to a
   temporary file as it arrives) are handed back in input order.
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import IO, Any

__all__ = ["ScoreRun", "run_score"]


@dataclass
class ScoreRun:
    """What scoring a batch produced."""

    summaries: list[Any] = field(default_factory=list)
    json_spool: IO[str] | None = None  # one JSON entry per line, in input order (if asked)
    rechecked: dict[int, str] = field(default_factory=dict)  # index -> JSON entry after pass 2
    peers: int = 0  # reports found sharing passages with another body's report

    def close(self) -> None:
        """Drop the JSON spool (a temporary file)."""
        if self.json_spool is not None:
            self.json_spool.close()
            self.json_spool = None

    def json_entries(self) -> Any:
        """The reports' JSON entries in input order (pass-2 entries replace pass-1 ones)."""
        if self.json_spool is None:
            return
        self.json_spool.seek(0)
        for i, line in enumerate(self.json_spool):
            yield self.rechecked.get(i, line.rstrip("\n"))


def _light(s: Any) -> Any:
    """The summary without its findings (the CSV and the summary do not need them)."""
    return replace(s, findings=(), codes=tuple(f.code for f in s.findings)) if s.findings else s


def run_score(files: Sequence[Any], options: Any, settings: Any, keep_findings: bool,
              progress: Callable[[Any], None] | None = None) -> ScoreRun:
    """Check ``files`` (pass 1), compare them for originality, re-check the pairs (pass 2)."""
    from checker.workflows.batch.run import recheck_batch, run_batch

    out = ScoreRun()
    want_json = "json" in options.extras
    if want_json:
        # kept open past this function: ScoreRun.close() closes it
        out.json_spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
    profiles: list[Any] = []
    agencies: list[str] = []
    published: list[str] = []
    for s in run_batch(files, options, progress=progress):
        profiles.append(s.text_profile)
        agencies.append(s.agency_key)
        published.append(s.published)
        if out.json_spool is not None:
            out.json_spool.write((s.json_entry or _error_entry(s)) + "\n")
        s = replace(s, text_profile=None, json_entry=None)
        out.summaries.append(s if keep_findings else _light(s))
    if settings is None or len(files) < 2:
        return out
    from checker.workflows.batch.originality import find_peers

    peers = find_peers(profiles, agencies, published, settings)
    del profiles
    out.peers = len(peers)
    if not peers:
        return out
    paths = [str(f) for f in files]
    items = [(paths[i], tuple((paths[j], role) for j, role in sorted(ps)),
              tuple(int(k) for k in template)) for i, (ps, template) in sorted(peers.items())]
    for i, s in zip(sorted(peers), recheck_batch(items, options), strict=True):
        if want_json:
            out.rechecked[i] = s.json_entry or _error_entry(s)
        s = replace(s, text_profile=None, json_entry=None)
        out.summaries[i] = s if keep_findings else _light(s)
    return out


def _error_entry(s: Any) -> str:
    """A report that could not be read, in the JSON schema (no findings, its error)."""
    import json

    return json.dumps({"path": s.path, "meta": {}, "findings": [], "not_assessable": [],
                       "rule_errors": [{"code": "INPUT", "pack": "", "error": s.error or ""}],
                       "suppressed": [], "rules_run": 0, "counts": {}}, ensure_ascii=False)


def write_json(path: str, run: ScoreRun) -> None:
    """The whole batch as ``gongkai.results/1`` JSON (atomically), one entry per report."""
    import json

    from checker import __version__
    from checker.files.atomic import atomic_write_chunks
    from checker.render.json_out import SCHEMA_ID

    def chunks() -> Any:
        yield (f'{{\n  "schema": {json.dumps(SCHEMA_ID)},\n'
               f'  "tool": {{"name": "gongkai", "version": {json.dumps(__version__)}}},\n'
               '  "reports": [')
        for n, entry in enumerate(run.json_entries()):
            yield ("\n    " if n == 0 else ",\n    ") + entry
        yield "\n  ]\n}\n"

    atomic_write_chunks(path, chunks())
