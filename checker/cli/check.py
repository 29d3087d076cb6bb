"""Sub-commands and helpers for CI and editors: ``config``, ``baseline``, per-report checking.

:func:`check_files` checks each report under its own effective configuration (the nearest
configuration file, its matching ``[[overrides]]``, then command-line flags), with one Session
per distinct configuration; applies the baseline and the suppressions; and remembers which
suppressions matched nothing. :func:`run_check` is the whole ``gongkai check`` on top of it.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from checker.config.effective import Effective, SessionCache, effective
from checker.errors import GongkaiError, UnknownSelectorError, UsageError
from checker.findings import RunResult, Severity
from checker.workflows.rescore import rescore, rescoring_for
from checker.workflows.suppress import Tracker

__all__ = ["add_parsers", "check_files", "run_check", "CheckRun"]

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass
class CheckRun:
    """What checking a list of files produced."""

    results: list[RunResult] = field(default_factory=list)
    failed: bool = False  # some input could not be read or configured
    configs: list[Effective] = field(default_factory=list)  # parallel to results
    tracker: Tracker = field(default_factory=Tracker)
    sessions: SessionCache = field(default_factory=SessionCache)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, recognise reason)

    def exit_code(self) -> int:
        """2 on any input or rule error; 1 on a finding at or above its report's fail_on."""
        if self.failed or any(r.rule_errors for r in self.results):
            return EXIT_ERROR
        for r, eff in zip(self.results, self.configs):
            fail_on = Severity.parse(str(eff.values.get("fail_on") or "error"))
            if any(f.severity.rank >= fail_on.rank for f in r.findings):
                return EXIT_FINDINGS
        return EXIT_CLEAN

    def rules(self) -> list[Any]:
        """Every rule that ran for some report, in code order."""
        seen: dict[str, Any] = {}
        for session in self.sessions.all():
            for rule in session.rules:
                seen.setdefault(rule.code, rule)
        return [seen[k] for k in sorted(seen)]


def check_files(files: Sequence[str | Path], args: Any, *, baseline: set[str] | None = None,
                sessions: SessionCache | None = None) -> CheckRun:
    """Check ``files``, each under its own effective configuration (see module docstring).

    Args:
        files: report paths.
        args: parsed ``gongkai check`` arguments (``config``, ``lang``, ``select`` …;
            missing attributes count as not given).
        baseline: fingerprints to drop (see :mod:`checker.workflows.baseline`).
        sessions: a cache to reuse (default: a new one, third-party plugins loaded).
    """
    from checker.api import _read
    from checker.cli.inputs import STDIN
    from checker.readers.recognise import note, skip_reason_data, skip_reason_report

    run = CheckRun(sessions=sessions or SessionCache())
    previous = None
    lang = getattr(args, "lang", None) or "zh"
    quiet = bool(getattr(args, "quiet", False))
    stdin_name = getattr(args, "stdin_filename", None)
    for f in files:
        name = (stdin_name or "<stdin>") if str(f) == STDIN else str(f)
        try:
            eff = effective(args, stdin_name if str(f) == STDIN else f)
            lang = str(eff.values.get("lang") or lang)
            session = run.sessions.get(eff)
            if getattr(args, "previous", None) and previous is None:
                previous = session.read(args.previous)
            data = stdin_data(args) if str(f) == STDIN else _read(f)
            reason = skip_reason_data(name, data)
            report = session.read_bytes(name, data) if reason is None else None
            reason = reason or skip_reason_report(report or {})
            if reason:
                run.skipped.append((name, reason))
                if not quiet:
                    print(note(name, reason, lang), file=sys.stderr)
                continue
            result = session.check_report(report or {}, name, previous=previous)
            result = rescore(result, session,
                             rescoring_for(eff.values, f if str(f) != STDIN else None,
                                           baseline=baseline), run.tracker)
        except UnknownSelectorError:
            raise  # a usage error, the same for every file
        except GongkaiError as exc:
            from checker.render.i18n import localise_error

            message = localise_error(exc, lang)
            print(f"gongkai: {message}", file=sys.stderr)
            run.failed = True
            run.unreadable.append((name, message))
            continue
        run.results.append(result)
        run.configs.append(eff)
    return run


_STDIN_CACHE: dict[int, bytes] = {}


def stdin_data(args: Any) -> bytes:
    """Standard input's bytes, read once per argument set."""
    from checker.api import MAX_INPUT_BYTES
    from checker.cli.inputs import read_stdin

    key = id(args)
    if key not in _STDIN_CACHE:
        _STDIN_CACHE.clear()
        _STDIN_CACHE[key] = read_stdin(MAX_INPUT_BYTES)
    return _STDIN_CACHE[key]


def _stale_footer(stale: list[Any], lang: str) -> str:
    head = (f"\n{len(stale)} suppressions no longer match any finding (remove them):"
            if lang == "en" else f"\n{len(stale)}条抑制已不再匹配任何问题，请删除：")
    lines = [head]
    for s in stale:
        what = s.fingerprint or s.code
        lines.append(f"  {s.origin}  {what}  — {s.reason}")
    return "\n".join(lines) + "\n"


def _augment_json(text: str, run: CheckRun) -> str:
    """Add suppression reasons and ``stale_suppressions`` to the JSON output."""
    doc = json.loads(text)
    for rep in doc.get("reports", []):
        for item in rep.get("suppressed", []):
            reason = run.tracker.reasons.get(item.get("fingerprint"))
            if reason:
                item["reason"] = reason
    doc["stale_suppressions"] = [s.as_dict() for s in run.tracker.stale()]
    return json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n"


def run_check(args: argparse.Namespace) -> int:
    """The whole ``gongkai check`` command: per-report configuration, output, exit code."""
    from checker.cli.inputs import emit
    from checker.cli.inputs import STDIN, expand, use_color

    names = expand(args.files, getattr(args, "exclude", None) or ())
    files = [Path(f) if f != STDIN else STDIN for f in names]
    stdin_name = getattr(args, "stdin_filename", None)
    first_path = (stdin_name if files[0] == STDIN else files[0]) if files else None
    first = effective(args, first_path)
    sessions = SessionCache()
    formats = sessions.get(first).plugins.output_formats()
    if args.format not in formats:
        import difflib

        close = difflib.get_close_matches(args.format, sorted(formats), n=1)
        raise UsageError(f"unknown output format '{args.format}'",
                         hint=f"did you mean '{close[0]}'?" if close
                         else f"choose one of: {', '.join(sorted(formats))}")
    if getattr(args, "annotate", None):
        if len(files) != 1 or files[0] == STDIN:
            raise UsageError("--annotate needs exactly one report file",
                             hint="check the reports one at a time to annotate each")
        from checker.workflows.annotate import check_target

        check_target(files[0], Path(args.annotate))
    baseline = None
    if getattr(args, "baseline", None):
        from checker.workflows.baseline import load_baseline

        baseline = load_baseline(args.baseline)
    run = check_files(files, args, baseline=baseline, sessions=sessions)
    lang = run.configs[0].values["lang"] if run.configs else first.values["lang"]
    cfg = run.configs[0].values if run.configs else first.values
    color = use_color(bool(args.no_color), args.output is not None, sys.stdout.isatty())
    quiet = bool(getattr(args, "quiet", False))
    options = {"lang": lang, "color": color, "width": args.width, "config": cfg,
               "rules": run.rules(), "quiet": quiet, "unreadable": run.unreadable,
               "base": _sarif_base(args, first), "docs_url": cfg.get("docs_url")}
    if getattr(args, "statistics", False):
        from checker.render.statistics import render as statistics

        text = statistics(run.results, {**options, "json": args.format == "json"})
    else:
        text = formats[args.format](run.results, options)
    stale = run.tracker.stale()
    if args.format == "json" and not getattr(args, "statistics", False):
        text = _augment_json(text, run)
    elif quiet:
        pass
    elif args.format == "text" and stale:
        text += _stale_footer(stale, lang)
    elif stale:
        sys.stderr.write(_stale_footer(stale, lang))
    emit(text, args.output)
    if getattr(args, "annotate", None) and run.results:
        _annotate(files[0], run, args.annotate)
    code = run.exit_code()
    return EXIT_CLEAN if code == EXIT_FINDINGS and getattr(args, "exit_zero", False) else code


def _sarif_base(args: Any, first: Effective) -> str:
    """The folder SARIF paths are relative to: ``--base``, the configuration file's folder,
    the git repository around the current directory, else the current directory."""
    if getattr(args, "base", None):
        base = Path(args.base)
        if not base.is_dir():
            raise UsageError(f"--base is not a folder: {args.base}",
                             hint="give the repository root or the folder paths are relative to")
        return str(base.resolve())
    if first.config.path:
        return str(Path(first.config.path).resolve().parent)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return str(folder)
    return str(here)


def _annotate(source: Path, run: CheckRun, out: str) -> None:
    """``--annotate OUT``: the Word copy with comments, or the HTML view."""
    from checker.workflows.annotate import write_annotation

    eff = run.configs[0]
    lang = eff.values["lang"]
    report = None
    if Path(out).suffix.lower() in (".html", ".htm"):
        report = run.sessions.get(eff).read(str(source))
    write_annotation(source, run.results[0], Path(out), lang, report)
    done = "gongkai: wrote " if lang == "en" else "gongkai: 已写入批注副本 "
    print(done + out, file=sys.stderr)


# -- gongkai config ----------------------------------------------------------------------
def _show(value: Any) -> str:
    if isinstance(value, tuple):
        value = list(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def cmd_config(args: argparse.Namespace) -> int:
    """Print the effective configuration for PATH and where each value came from."""
    from checker.cli.inputs import emit

    target = Path(args.path) if args.path else None
    eff = effective(args, target)
    cfg_path = str(eff.config.path) if eff.config.path else None
    if args.format == "json":
        doc = {"config_file": cfg_path, "path": str(target) if target else None,
               "values": eff.values, "sources": eff.sources, "overrides_applied": eff.overrides}
        emit(json.dumps(doc, ensure_ascii=False, indent=2, default=list) + "\n", None)
        return EXIT_CLEAN
    lines = [f"configuration file: {cfg_path or 'none found (defaults)'}"]
    if target:
        lines.append(f"report: {target}")
    if eff.overrides:
        lines.append("overrides applied: " + ", ".join(f"overrides[{i}]" for i in eff.overrides))
    width = max(len(k) for k in eff.values)
    shown = {k: _show(v) for k, v in eff.values.items()}
    vwidth = min(40, max(len(v) for v in shown.values()))
    for key in sorted(eff.values):
        lines.append(f"{key:<{width}} = {shown[key]:<{vwidth}}  # {eff.sources.get(key, 'default')}")
    emit("\n".join(lines) + "\n", None)
    return EXIT_CLEAN


# -- gongkai baseline --------------------------------------------------------------------
def cmd_baseline(args: argparse.Namespace) -> int:
    """Check the reports and record their findings as a baseline (atomically)."""
    from checker.workflows.baseline import write_baseline

    run = check_files([Path(f) for f in args.files], args)
    if run.failed or any(r.rule_errors for r in run.results):
        print("gongkai: baseline not written: some reports could not be checked completely",
              file=sys.stderr)
        return EXIT_ERROR
    n = write_baseline(run.results, args.output)
    print(f"gongkai: wrote {args.output}: {n} findings from {len(run.results)} reports",
          file=sys.stderr)
    return EXIT_CLEAN


def add_parsers(sub: Any, add_common: Callable[[Any], None],
                add_selection: Callable[[Any], None]) -> dict[str, Callable[[Any], int]]:
    """Register ``config`` and ``baseline`` on the ``gongkai`` parser."""
    p = sub.add_parser("config", help="print the effective configuration and where each value came from")
    p.add_argument("path", nargs="?", metavar="PATH",
                   help="a report or folder (default: the current directory)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--fail-on", choices=("info", "warning", "error", "blocker"), default=None)
    add_selection(p)
    add_common(p)

    p = sub.add_parser("baseline", help="record the reports' current findings as a baseline")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="the baseline to write (atomically), e.g. baseline.json")
    add_selection(p)
    add_common(p)
    return {"config": cmd_config, "baseline": cmd_baseline}
