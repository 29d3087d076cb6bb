"""``gongkai fix FILE… [--diff] [--no-backup] [--only KINDS]``: safe typographic fixes.

Exit codes: 0 nothing to fix, or fixed; with ``--diff``, 1 when a file would change (as
``ruff format --diff`` does, so that CI can use it as a check) and nothing is written; 2 when a
file cannot be read, decoded or written (the other files are still processed). gongkai's own files
and files without any Chinese text (``requirements.txt``, an English ``index.html``) are
skipped with a one-line note. Defects
without a safe fix (unbalanced book-title marks, a number split by markup) are listed as
needing a manual fix; they do not change the exit code (``gongkai check`` reports them).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from checker.cli.commands import Command, CommandRegistry, add_common
from checker.errors import GongkaiError, UsageError
from checker.files.lazyre import lazy
from checker.hookspecs import hookimpl

__all__ = ["cmd_fix"]

_CJK = lazy(r"[\u4e00-\u9fff]")

_KIND_ZH = {"brackets": "文号括号", "spaces": "文号/令号空格与断行", "marks": "书名号",
            "ordinals": "序号括号", "digits": "全角数字"}
_KIND_EN = {"brackets": "number brackets", "spaces": "spaces and line breaks in numbers",
            "marks": "book-title marks", "ordinals": "ordinal brackets",
            "digits": "full-width digits"}
_MANUAL = {
    ("marks_unbalanced", "zh"): "书名号不成对，无法确定缺失的“》”应在何处，需人工修改",
    ("marks_unbalanced", "en"): "book-title marks do not balance; where the missing 》 belongs "
                                "cannot be known: needs a manual fix",
    ("split", "zh"): "文号被段落、换行或网页标记隔开，无法安全修复，需人工修改",
    ("split", "en"): "the number is split by a paragraph, a line break or markup: needs a "
                     "manual fix",
    ("unplaced", "zh"): "问题的修改无法在源文件中准确定位，未作修改，需人工修改",
    ("unplaced", "en"): "the fix cannot be placed exactly in the source file; nothing changed: "
                        "needs a manual fix",
}


DESCRIPTION = ("Repair document-number brackets and spaces, decree-number spaces, nested "
               "book-title marks in place (and half-width ordinals and full-width digits "
               "with --all or --only ordinals,digits): the fixes `gongkai check` attaches "
               "to its findings. Never numbers, never wording. The original is kept as FILE.orig.")


def arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``gongkai fix``."""
    from checker.workflows.fix.kinds import DEFAULT_KINDS, KINDS

    p.add_argument("files", nargs="+", metavar="FILE", help="report files (.txt .html .docx)")
    p.add_argument("--diff", action="store_true",
                   help="print a unified diff and write nothing (exit 1 if anything would change)")
    p.add_argument("--no-backup", action="store_true", help="do not keep FILE.orig")
    p.add_argument("--only", action="append", default=[], metavar="KIND",
                   help=f"only these kinds of fix: {', '.join(KINDS)} "
                        "(repeatable, comma-separated; "
                        f"default: {', '.join(DEFAULT_KINDS)})")
    p.add_argument("--all", action="store_true", dest="all_kinds",
                   help="every kind of fix, half-width ordinals (一) → （一） included")
    add_common(p)


@hookimpl
def checker_add_commands(registry: CommandRegistry, config: Any) -> None:
    registry.add(Command("fix", "safe typographic fixes in the source document (.txt .html .docx)",
                         arguments, cmd_fix, description=DESCRIPTION))


def _kinds(values: list[str]) -> tuple[str, ...]:
    from checker.workflows.fix.kinds import DEFAULT_KINDS, KINDS

    chosen = tuple(v.strip() for item in values for v in item.split(",") if v.strip())
    if not chosen:
        return DEFAULT_KINDS
    bad = [k for k in chosen if k not in KINDS]
    if bad:
        import difflib

        close = difflib.get_close_matches(bad[0], KINDS, n=1)
        raise UsageError(f"unknown kind of fix '{bad[0]}'",
                         hint=(f"did you mean '{close[0]}'? " if close else "")
                         + f"choose from: {', '.join(KINDS)}")
    return tuple(k for k in KINDS if k in chosen)


def _summary(fix: Any, lang: str) -> str:
    from checker.workflows.fix.kinds import KINDS

    counts: dict[str, int] = {}
    for f in fix.result.plan.fixes:
        for k in f.kinds:
            counts[k] = counts.get(k, 0) + 1
    names = _KIND_EN if lang == "en" else _KIND_ZH
    sep = ", " if lang == "en" else "、"
    order = sorted(counts, key=lambda k: (KINDS.index(k) if k in KINDS else len(KINDS), k))
    return sep.join(f"{names.get(k, k)} {counts[k]}" for k in order)


def _report_manual(fix: Any, lang: str, written: bool) -> None:
    """List what needs a manual fix, at its line in the file as it now is."""
    unit_zh = "段" if fix.result.unit == "paragraph" else "行"
    joined = [e.pos for e in fix.result.plan.edits if e.old == "\n"] if written else []
    for m in fix.result.plan.manual:
        if m.pos < 0:  # not placed in the source: no line to show
            print(f"{fix.path}: {_MANUAL[(m.reason, lang)]}", file=sys.stderr)
            continue
        n = fix.result.where(m.pos) - sum(1 for pos in joined if pos < m.pos)
        excerpt = fix.result.text[m.pos:m.end].replace("\n", "⏎")
        if len(excerpt) > 60:
            excerpt = excerpt[:60] + "…"
        where = (f"{fix.path}:{n}" if fix.result.unit == "line" else
                 (f"{fix.path}: paragraph {n}" if lang == "en" else f"{fix.path}: 第{n}{unit_zh}"))
        print(f"{where}: {_MANUAL[(m.reason, lang)]}: {excerpt}", file=sys.stderr)


def cmd_fix(args: argparse.Namespace) -> int:
    """Fix each file in place (or show the diff); see the module docstring for exit codes."""
    from checker.files.safeio import locked
    from checker.workflows.fix.files import plan_file, unified_diff, write_fix

    lang = args.lang or "zh"
    if not args.lang:
        try:
            from checker.config.effective import effective

            lang = effective(args, Path(args.files[0])).values.get("lang", "zh")
        except GongkaiError:
            lang = "zh"
    from checker.workflows.fix.kinds import KINDS

    kinds = KINDS if getattr(args, "all_kinds", False) else _kinds(args.only)
    errors = would_change = 0
    for name in args.files:
        try:
            reason = _skip_reason(name)
            if reason:
                from checker.readers.recognise import note

                print(note(name, reason, lang), file=sys.stderr)
                continue
            if args.diff:
                fix = plan_file(name, kinds)
                if fix.changed:
                    would_change += 1
                    sys.stdout.write(unified_diff(fix))
            else:
                # read, plan and write under the file's lock: a concurrent `gongkai fix` of the
                # same file waits, then finds it fixed; no run's fixes can be lost
                with locked(name):
                    fix = plan_file(name, kinds)
                    saved = write_fix(fix, backup=not args.no_backup)
                _print_done(fix, saved, lang)
            _report_manual(fix, lang, written=not args.diff and fix.changed)
        except GongkaiError as exc:
            from checker.render.i18n import localise_error

            print(f"gongkai: {localise_error(exc, lang)}", file=sys.stderr)
            errors += 1
    sys.stdout.flush()
    if errors:
        return 2
    return 1 if would_change else 0


def _skip_reason(name: str) -> str | None:
    """Why ``name`` is not fixed: gongkai's own file, or not an annual report and without any
    Chinese text (``requirements.txt``, an English ``index.html``); None: fix it.

    A Chinese document that is not recognised as a report (an excerpt, a notice) is still
    fixed: the fixes only touch 发文字号, 令号, book-title marks and ordinals, which mean the
    same in any official text. A JSON file is left to :func:`plan_file`, which refuses every
    JSON with its own message.
    """
    from checker.readers.mediatype import guess_media_type
    from checker.readers.recognise import skip_reason_data, skip_reason_report
    from checker.session import _read, normalise_bytes

    if name.lower().endswith(".json"):
        return None
    data = _read(name)
    reason = skip_reason_data(name, data)
    if reason:
        return reason
    report = normalise_bytes(data, path=name, media_type=guess_media_type(name))
    if _CJK.search(str(report.get("text") or "")):
        return None
    return skip_reason_report(report)


def _print_done(fix: Any, saved: Path | None, lang: str) -> None:
    if not fix.changed:
        print(f"{fix.path}: nothing to fix" if lang == "en" else f"{fix.path}: 无需修复")
        return
    n = len(fix.result.plan.fixes)
    if lang == "en":
        kept = f"; original kept as {saved}" if saved else ""
        print(f"{fix.path}: fixed {n} ({_summary(fix, lang)}){kept}")
    else:
        kept = f"；原文件保存为 {saved}" if saved else ""
        print(f"{fix.path}: 已修复 {n} 处（{_summary(fix, lang)}）{kept}")
