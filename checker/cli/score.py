"""``gongkai score PATH…``: score many reports — score sheets (CSV, XLSX), a self-contained HTML
report, every result as JSON, and a summary.

Exit codes: 0 no finding at or above ``--fail-on`` in any report; 1 some; 2 a usage error or a
rule/plugin error. A file that cannot be read (corrupt, empty, malformed) is a row of the score
sheets with its reason and does not change the exit code. Each report is checked by the batch
workers through the one pipeline (:mod:`checker.workflows.pipeline`) under its own effective
configuration, ``[[overrides]]`` included.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from checker.cli.commands import SEVERITIES, Command, CommandRegistry, add_common, add_selection
from checker.errors import UsageError
from checker.hookspecs import HookConfig, hookimpl

__all__ = ["cmd_score"]


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``gongkai score``."""
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="report files or folders (searched recursively for "
                        ".json .txt .html .htm .docx .pdf)")
    p.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                   help="worker processes (default: all cores)")
    p.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="run on a Dask cluster, e.g. tcp://10.0.0.5:8786 (extra 'distributed'; "
                        "the files are sent to its workers)")
    p.add_argument("--csv", metavar="FILE", help="score sheet, one row per report (UTF-8 with BOM)")
    p.add_argument("--xlsx", metavar="FILE", help="workbook: reports, and every finding")
    p.add_argument("--html", metavar="FILE", help="self-contained HTML report (no network)")
    p.add_argument("--json", metavar="FILE",
                   help="every report's full result, "
                        "in the schema of `gongkai check --format json`")
    p.add_argument("--previous", action="append", default=[], metavar="PATH",
                   help="last year's reports, files or folders (repeatable): cross-year checks")
    p.add_argument("--decisions", metavar="FILE",
                   help="reviewer decisions (default: the configuration's 'decisions', else "
                        "./gongkai-decisions.json — the same file as `gongkai review`)")
    p.add_argument("--fail-on", choices=SEVERITIES, default=None,
                   help="exit 1 when any report has a finding at least this severe (default error)")
    add_selection(p)
    add_common(p)


@hookimpl
def checker_add_commands(registry: CommandRegistry, config: HookConfig) -> None:
    registry.add(Command("score", "score many reports: score sheets, HTML report, summary",
                         arguments, cmd_score))


def _check_output(path: str | None, flag: str) -> None:
    if path is None:
        return
    parent = Path(path).resolve().parent
    if not parent.is_dir():
        raise UsageError(f"{flag}: folder {parent} does not exist", path=path,
                         hint="create the folder first")
    if Path(path).is_dir():
        raise UsageError(f"{flag}: is a folder", path=path, hint="give a file name")
    from checker.files.safeio import check_output_path

    check_output_path(path, flag)


def _flags(args: argparse.Namespace) -> dict[str, Any]:
    """The command-line flags that shape each report's effective configuration."""
    return {k: getattr(args, k, None) for k in
            ("config", "lang", "pack_dir", "select", "ignore", "profile", "fail_on")}


def cmd_score(args: argparse.Namespace) -> int:
    from checker.api import Session
    from checker.config.effective import effective
    from checker.findings import Severity
    from checker.workflows import decisions as dec
    from checker.workflows.batch.originality import settings_from_rules
    from checker.workflows.batch.progress import BatchProgress
    from checker.workflows.batch.run import BatchOptions, collect_files, index_previous
    from checker.workflows.batch.score import run_score

    for path, flag in ((args.csv, "--csv"), (args.xlsx, "--xlsx"), (args.html, "--html"),
                       (args.json, "--json")):
        _check_output(path, flag)
    if args.scheduler and args.jobs:
        raise UsageError("--jobs and --scheduler cannot be combined",
                         hint="on a cluster the workers set the parallelism "
                              "(dask worker --nworkers N --nthreads 1)")
    eff = effective(args, Path(args.paths[0]))
    cfg = eff.values
    lang = cfg.get("lang", "zh")
    fail_on = Severity.parse(cfg.get("fail_on") or "error")
    # a bad pack, profile or configuration stops here, before any worker
    session = Session(dict(cfg))
    plugin_errors = [f"{e.code} ({e.pack}): {e.error}" for e in session.plugin_errors]
    settings = settings_from_rules(session.rules)
    decisions_path = dec.resolve_path(args.decisions, effective(args, None).values)
    decisions = dec.load_decisions(decisions_path)
    outputs = [p for p in (args.csv, args.xlsx, args.html, args.json) if p]
    files = collect_files(args.paths, exclude=[*outputs, decisions_path,
                                               dec.default_path(args.paths)])
    if not files:
        raise UsageError("no report files found", path=", ".join(args.paths),
                         hint="folders are searched for "
                              ".json .txt .html .htm .shtml .docx .pdf .doc .wps")
    jobs = args.jobs or 0
    flags = _flags(args)
    previous: dict[tuple[str, int], str] = {}
    prev_problems: list[tuple[str, str]] = []
    if args.previous:
        previous, prev_problems = index_previous(collect_files(args.previous), dict(cfg),
                                                 jobs or _cpus(), scheduler=args.scheduler,
                                                 flags=flags)
    del session
    extras = set()
    if settings is not None:
        extras.add("originality")
    if args.json:
        extras.add("json")
    options = BatchOptions(config=dict(cfg), jobs=jobs, decisions=dec.statuses(decisions),
                           previous=previous, flags=None if args.scheduler else flags,
                           extras=frozenset(extras), scheduler=args.scheduler)
    with BatchProgress(len(files), lang=lang) as bar:
        run = run_score(files, options, settings, bool(args.xlsx or args.html), bar.advance)
    try:
        return _finish_score(args, run, decisions, decisions_path, prev_problems, outputs,
                             plugin_errors, fail_on, lang)
    finally:
        run.close()


def _finish_score(args: argparse.Namespace, run: Any, decisions: Any, decisions_path: Path,
                  prev_problems: list[tuple[str, str]], outputs: list[str],
                  plugin_errors: list[str], fail_on: Any, lang: str) -> int:
    from checker.findings import Severity
    from checker.workflows import decisions as dec
    from checker.workflows.batch.stats import BatchStats

    summaries = run.summaries
    stats = BatchStats()
    worst_hit = False
    for s in summaries:
        stats.add(s)
        if any(Severity(sev).rank >= fail_on.rank for sev, n in s.severities if n):
            worst_hit = True
    stale = dec.stale(decisions, stats.decided)
    unmatched = [s.path for s in summaries if args.previous and not s.error and not s.previous]
    notes = _notes(stale, prev_problems, decisions_path, lang)
    notes += _old_default_note(args, decisions_path, lang)
    written = _write_outputs(args, summaries, lang, notes, run)
    _print_summary(stats, stale, prev_problems, written, decisions_path, plugin_errors, lang,
                   unmatched, notes[len(stale) + len(prev_problems):])
    if plugin_errors or stats.rule_errors or len(written) < len(outputs):
        return 2
    return 1 if worst_hit else 0


def _write_outputs(args: argparse.Namespace, summaries: list[Any], lang: str,
                   notes: list[str], run: Any) -> list[str]:
    """Write each requested output; one that fails (full disk, read-only folder) is a message
    on stderr and costs none of the others. Returns the outputs written."""
    from checker.render.html_report import write_html
    from checker.render.scoresheet import write_csv, write_xlsx
    from checker.workflows.batch.score import write_json

    jobs: tuple[tuple[str | None, Callable[[str], object]], ...] = (
        (args.csv, lambda p: write_csv(p, summaries, lang)),
        (args.xlsx, lambda p: write_xlsx(p, summaries, lang)),
        (args.html, lambda p: write_html(p, summaries, lang, notes)),
        (getattr(args, "json", None), lambda p: write_json(p, run)))
    written = []
    for path, write in jobs:
        if not path:
            continue
        try:
            write(path)
        except Exception as exc:  # disk full, read-only folder, a writer's own error
            why = getattr(exc, "strerror", None) or f"{type(exc).__name__}: {exc}"
            print(f"gongkai: {path}: " + (f"无法写入：{why}" if lang != "en"
                                          else f"cannot write: {why}"), file=sys.stderr)
            _drop_half_written()
            continue
        written.append(path)
    return written


def _drop_half_written() -> None:
    """Collect what a failed writer left half-open now, quietly: its clean-up fails again
    (the disk is still full) and would print an "Exception ignored" traceback at exit."""
    import gc

    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


def _old_default_note(args: argparse.Namespace, used: Path, lang: str) -> list[str]:
    """A decisions file beside the batch (the old default) that is not the one read."""
    from checker.workflows import decisions as dec
    if args.decisions:
        return []
    old = dec.default_path(args.paths)
    if not old.is_file() or old.resolve() == used.resolve():
        return []
    return [(f"未读取批次目录中的审核决定文件 {old}："
             f"现在默认使用 {used}（与 gongkai review 相同），"
             f"请用 --decisions 指定或移动该文件") if lang != "en" else
            (f"decisions file {old} beside the batch was not read: the default is now {used} "
             f"(the same as gongkai review); pass --decisions or move the file")]


def _notes(stale: list[Any], prev_problems: list[tuple[str, str]], path: Path,
           lang: str) -> list[str]:
    out = []
    for d in stale:
        out.append(f"审核决定 {d.fingerprint}（{d.status}）未匹配任何问题（{path}）" if lang != "en"
                   else f"decision {d.fingerprint} ({d.status}) matches no finding ({path})")
    for p, why in prev_problems:
        out.append(f"上年报告未使用：{p}：{why}" if lang != "en"
                   else f"previous-year file not used: {p}: {why}")
    return out


def _print_summary(stats: Any, stale: list[Any], prev_problems: list[tuple[str, str]],
                   outputs: list[str], decisions_path: Path, plugin_errors: list[str], lang: str,
                   unmatched: list[str] | None = None, extra: list[str] | None = None) -> None:
    from checker.render.batch_summary import SummaryInput, render_plain, render_rich

    notes = [("插件出错：" if lang != "en" else "plugin error: ") + e for e in plugin_errors]
    notes += list(extra or ())
    si = SummaryInput(stats, stale, prev_problems, outputs, str(decisions_path), notes,
                      list(unmatched or ()))
    if sys.stdout.isatty():
        render_rich(si, lang, file=sys.stdout)
    else:
        sys.stdout.write(render_plain(si, lang))
    sys.stdout.flush()
