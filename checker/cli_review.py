"""``gongkai score`` (batch scoring with score sheets and an HTML report) and ``gongkai review``
(reviewer decisions on findings).

Exit codes of ``score``: 0 no finding at or above ``--fail-on`` in any report; 1 some; 2 a
usage error or a rule/plugin error. A file that cannot be read (corrupt, empty, malformed) is
a row of the score sheets with its reason and does not change the exit code.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Callable

from checker.errors import UsageError

__all__ = ["add_parsers", "cmd_score", "cmd_review"]

SEVERITIES = ("info", "warning", "error", "blocker")


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def add_parsers(sub: Any, add_common: Callable[[Any], None],
                add_selection: Callable[[Any], None]) -> dict[str, Callable[[Any], int]]:
    p = sub.add_parser("score", help="score many reports: score sheets, HTML report, summary")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="report files or folders (searched recursively for .json .txt .html .htm .docx .pdf)")
    p.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                   help="worker processes (default: all cores)")
    p.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="run on a Dask cluster, e.g. tcp://10.0.0.5:8786 (extra 'distributed'; "
                        "the files are sent to its workers)")
    p.add_argument("--csv", metavar="FILE", help="score sheet, one row per report (UTF-8 with BOM)")
    p.add_argument("--xlsx", metavar="FILE", help="workbook: reports, and every finding")
    p.add_argument("--html", metavar="FILE", help="self-contained HTML report (no network)")
    p.add_argument("--previous", action="append", default=[], metavar="PATH",
                   help="last year's reports, files or folders (repeatable): cross-year checks")
    p.add_argument("--decisions", metavar="FILE",
                   help="reviewer decisions (default: gongkai-decisions.json beside the batch)")
    p.add_argument("--fail-on", choices=SEVERITIES, default=None,
                   help="exit 1 when any report has a finding at least this severe (default error)")
    add_selection(p)
    add_common(p)

    r = sub.add_parser("review", help="record reviewer decisions on findings (by fingerprint)")
    rsub = r.add_subparsers(dest="review_command", metavar="ACTION")
    s = rsub.add_parser("set", help="confirm or dismiss one finding")
    s.add_argument("fingerprint", metavar="FINGERPRINT")
    group = s.add_mutually_exclusive_group(required=True)
    group.add_argument("--dismiss", dest="status", action="store_const", const="dismissed",
                       help="the finding is not a defect: it leaves the score")
    group.add_argument("--confirm", dest="status", action="store_const", const="confirmed",
                       help="the finding is a defect")
    group.add_argument("--clear", dest="status", action="store_const", const="clear",
                       help="remove the decision")
    s.add_argument("--reason", default="", help="why (required to dismiss)")
    s.add_argument("--reviewer", default=None, help="who decided (default: the login name)")
    s.add_argument("--decisions", metavar="FILE", help="decisions file (default ./gongkai-decisions.json)")
    add_common(s)
    ls = rsub.add_parser("list", help="list the recorded decisions")
    ls.add_argument("--decisions", metavar="FILE", help="decisions file (default ./gongkai-decisions.json)")
    add_common(ls)
    return {"score": cmd_score, "review": cmd_review}


def _check_output(path: str | None, flag: str) -> None:
    if path is None:
        return
    parent = Path(path).resolve().parent
    if not parent.is_dir():
        raise UsageError(f"{flag}: folder {parent} does not exist", path=path,
                         hint="create the folder first")
    if Path(path).is_dir():
        raise UsageError(f"{flag}: is a folder", path=path, hint="give a file name")


def cmd_score(args: argparse.Namespace) -> int:
    from checker import decisions as dec
    from checker.api import Session
    from checker.batch import BatchOptions, collect_files, index_previous, run_batch
    from checker.batch_progress import BatchProgress
    from checker.batch_stats import BatchStats
    from checker.cli import session_config
    from checker.findings import Severity

    for path, flag in ((args.csv, "--csv"), (args.xlsx, "--xlsx"), (args.html, "--html")):
        _check_output(path, flag)
    if args.scheduler and args.jobs:
        raise UsageError("--jobs and --scheduler cannot be combined",
                         hint="on a cluster the workers set the parallelism "
                              "(dask worker --nworkers N --nthreads 1)")
    cfg = session_config(args, start=Path(args.paths[0]))
    lang = cfg.get("lang", "zh")
    fail_on = Severity.parse(cfg.get("fail_on", "error"))
    session = Session(cfg)  # a bad pack, profile or configuration stops here, before any worker
    plugin_errors = [f"{e.code} ({e.pack}): {e.error}" for e in session.plugin_errors]
    decisions_path = Path(args.decisions) if args.decisions else dec.default_path(args.paths)
    decisions = dec.load_decisions(decisions_path)
    outputs = [p for p in (args.csv, args.xlsx, args.html) if p]
    files = collect_files(args.paths, exclude=[*outputs, decisions_path])
    if not files:
        raise UsageError("no report files found", path=", ".join(args.paths),
                         hint="folders are searched for .json .txt .html .htm .shtml .docx .pdf .doc .wps")
    jobs = args.jobs or 0
    previous, prev_problems = {}, []
    if args.previous:
        previous, prev_problems = index_previous(collect_files(args.previous), cfg, jobs or _cpus(),
                                                 scheduler=args.scheduler)
    del session
    keep_findings = bool(args.xlsx or args.html)
    stats = BatchStats()
    summaries = []
    worst_hit = False
    options = BatchOptions(config=cfg, jobs=jobs, decisions=dec.statuses(decisions), previous=previous,
                           scheduler=args.scheduler)
    with BatchProgress(len(files), lang=lang) as bar:
        for s in run_batch(files, options, progress=bar.advance):
            stats.add(s)
            if any(Severity(sev).rank >= fail_on.rank for sev, n in s.severities if n):
                worst_hit = True
            summaries.append(s if keep_findings else _light(s))
    stale = dec.stale(decisions, stats.decided)
    notes = _notes(stale, prev_problems, decisions_path, lang)
    if args.csv:
        from checker.render.scoresheet import write_csv

        write_csv(args.csv, summaries, lang)
    if args.xlsx:
        from checker.render.scoresheet import write_xlsx

        write_xlsx(args.xlsx, summaries, lang)
    if args.html:
        from checker.render.html_report import write_html

        write_html(args.html, summaries, lang, notes)
    _print_summary(stats, stale, prev_problems, outputs, decisions_path, plugin_errors, lang)
    if plugin_errors or stats.rule_errors:
        return 2
    return 1 if worst_hit else 0


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


def _light(s: Any) -> Any:
    """The summary without its findings (the CSV and the summary do not need them)."""
    from dataclasses import replace

    return replace(s, findings=()) if s.findings else s


def _notes(stale: list[Any], prev_problems: list[tuple[str, str]], path: Path, lang: str) -> list[str]:
    out = []
    for d in stale:
        out.append((f"审核决定 {d.fingerprint}（{d.status}）未匹配任何问题（{path}）" if lang != "en"
                    else f"decision {d.fingerprint} ({d.status}) matches no finding ({path})"))
    for p, why in prev_problems:
        out.append((f"上年报告未使用：{p}：{why}" if lang != "en" else f"previous-year file not used: {p}: {why}"))
    return out


def _print_summary(stats: Any, stale: list[Any], prev_problems: list[tuple[str, str]],
                   outputs: list[str], decisions_path: Path, plugin_errors: list[str], lang: str) -> None:
    from checker.render.batch_summary import SummaryInput, render_plain, render_rich

    notes = [("插件出错：" if lang != "en" else "plugin error: ") + e for e in plugin_errors]
    si = SummaryInput(stats, stale, prev_problems, outputs, str(decisions_path), notes)
    if sys.stdout.isatty():
        render_rich(si, lang, file=sys.stdout)
    else:
        sys.stdout.write(render_plain(si, lang))
    sys.stdout.flush()


def cmd_review(args: argparse.Namespace) -> int:
    from checker import decisions as dec

    lang = getattr(args, "lang", None) or "zh"
    path = Path(args.decisions) if getattr(args, "decisions", None) else Path(dec.DEFAULT_NAME)
    if args.review_command == "set":
        status = None if args.status == "clear" else args.status
        d = dec.set_decision(path, args.fingerprint, status, args.reason, args.reviewer)
        if d is None:
            print((f"已删除 {args.fingerprint} 的审核决定（{path}）" if lang != "en"
                   else f"removed the decision on {args.fingerprint} ({path})"))
        else:
            label = {"dismissed": ("已驳回", "dismissed"), "confirmed": ("已确认", "confirmed")}[d.status]
            print((f"{d.fingerprint}：{label[0]}（{path}）" if lang != "en"
                   else f"{d.fingerprint}: {label[1]} ({path})"))
        return 0
    if args.review_command == "list":
        decisions = dec.load_decisions(path)
        if not decisions:
            print("（没有审核决定）" if lang != "en" else "(no decisions)")
        for fp, d in sorted(decisions.items()):
            print("\t".join((fp, d.status, d.reviewer, d.at, d.reason)))
        return 0
    raise UsageError("missing action", hint="gongkai review set FINGERPRINT --dismiss --reason … | gongkai review list")
