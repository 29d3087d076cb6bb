"""``gongkai check FILE…``: check reports and print graded findings.

Each report is checked under its own effective configuration through the one pipeline
(:func:`checker.workflows.pipeline.check_files`); this module adds the command's arguments,
its outputs (every ``--format``, ``--statistics``, ``--annotate``, stale suppressions) and its
exit code.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.cli.commands import SEVERITIES, Command, CommandRegistry, add_common, add_selection
from checker.errors import UsageError
from checker.hookspecs import HookConfig, hookimpl

if TYPE_CHECKING:  # imported when used: `gongkai --help` need not load the pipeline
    from checker.config.effective import Effective, SessionCache
    from checker.workflows.pipeline import CheckRun

__all__ = ["CheckRun", "check_files", "run_check"]

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``gongkai check``."""
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="report files (.json .txt .html .docx .pdf; .doc .wps with LibreOffice); "
                        "- reads standard input; quoted globs are expanded")
    p.add_argument("--format", "--output-format", dest="format", default="text", metavar="FORMAT",
                   help="output format: text, json, sarif, junit, github (default text)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the output to FILE (atomically)")
    p.add_argument("--fail-on", choices=SEVERITIES, default=None,
                   help="exit 1 when a finding is at least this severe (default error)")
    p.add_argument("--exit-zero", action="store_true",
                   help="exit 0 even when there are findings (errors reading input still exit 2)")
    p.add_argument("--statistics", action="store_true",
                   help="print how often each rule fired instead of the findings")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="print only the findings: no score table, nothing for clean reports, "
                        "no notes")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help="skip files matching this glob (repeatable, comma-separated), "
                        "e.g. 'drafts/*'")
    p.add_argument("--stdin-filename", metavar="NAME",
                   help="name of the report read from standard input (its format and "
                        "configuration)")
    p.add_argument("--no-color", action="store_true",
                   help="no colours in text output (also: the NO_COLOR environment variable)")
    p.add_argument("--width", type=int, default=None, help="text output width")
    p.add_argument("--previous", metavar="FILE", help="last year's report, for cross-year checks")
    p.add_argument("--baseline", metavar="FILE", help="show only findings not in this baseline")
    p.add_argument("--base", metavar="DIR",
                   help="base folder of SARIF artifact paths (default: the configuration's "
                        "folder or the git repository root)")
    p.add_argument("--annotate", metavar="OUT",
                   help="also write an annotated copy of the (single) report: OUT.docx with the "
                        "findings as Word comments (Word input), or OUT.html, a web page of the "
                        "text with the findings marked (any input)")
    add_selection(p)
    add_common(p)


@hookimpl
def checker_add_commands(registry: CommandRegistry, config: HookConfig) -> None:
    registry.add(Command("check", "check reports and print graded findings", arguments,
                         lambda args: run_check(args), epilog="check"))


def __getattr__(name: str) -> Any:
    """``CheckRun`` (0.1 users imported it from here), from the pipeline when first used."""
    if name == "CheckRun":
        from checker.workflows.pipeline import CheckRun

        return CheckRun
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check_files(files: Sequence[str | Path], args: Any, *, baseline: set[str] | None = None,
                sessions: SessionCache | None = None) -> CheckRun:
    """:func:`checker.workflows.pipeline.check_files` with standard input read once."""
    from checker.workflows.pipeline import check_files as _check_files

    return _check_files(files, args, baseline=baseline, sessions=sessions,
                        stdin=lambda: stdin_data(args))


_STDIN_CACHE: dict[int, bytes] = {}


def stdin_data(args: Any) -> bytes:
    """Standard input's bytes, read once per argument set."""
    from checker.cli.inputs import read_stdin
    from checker.files.safeio import MAX_INPUT_BYTES

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


def run_check(args: argparse.Namespace) -> int:
    """The whole ``gongkai check`` command: per-report configuration, output, exit code."""
    from checker.cli.inputs import STDIN, emit, expand, use_color
    from checker.config.effective import SessionCache, effective
    from checker.workflows.pipeline import suppression_options

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

        check_target(Path(files[0]), Path(args.annotate))
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
        if args.format == "json":
            options.update(suppression_options(run.tracker))
        text = formats[args.format](run.results, options)
    stale = run.tracker.stale()
    if args.format == "json" and not getattr(args, "statistics", False):
        pass  # the JSON itself lists them
    elif quiet:
        pass
    elif args.format == "text" and stale:
        text += _stale_footer(stale, lang)
    elif stale:
        sys.stderr.write(_stale_footer(stale, lang))
    emit(text, args.output)
    if getattr(args, "annotate", None) and run.results:
        _annotate(Path(files[0]), run, args.annotate)
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
