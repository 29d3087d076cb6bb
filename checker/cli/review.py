"""``gongkai review set FINGERPRINT --dismiss|--confirm|--clear`` and ``gongkai review list``:
reviewer decisions on findings, in the decisions file that ``gongkai score`` reads."""
from __future__ import annotations

import argparse
import sys

from checker.cli.commands import Command, CommandRegistry, add_common
from checker.errors import UsageError
from checker.hookspecs import HookConfig, hookimpl

__all__ = ["cmd_review"]

_DECISIONS_HELP = ("decisions file (default: the configuration's 'decisions', else "
                   "./gongkai-decisions.json — the same file as `gongkai score`)")



def arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``gongkai review`` and its actions."""
    rsub = p.add_subparsers(dest="review_command", metavar="ACTION")
    s = rsub.add_parser("set", help="confirm or dismiss one finding")
    s.add_argument("fingerprint", metavar="FINGERPRINT")
    s.add_argument("--report", dest="reports", action="append", default=[], metavar="PATH",
                   help="report or folder to look the finding up in (repeatable): records its "
                        "file, rule and message")
    group = s.add_mutually_exclusive_group(required=True)
    group.add_argument("--dismiss", dest="status", action="store_const", const="dismissed",
                       help="the finding is not a defect: it leaves the score")
    group.add_argument("--confirm", dest="status", action="store_const", const="confirmed",
                       help="the finding is a defect")
    group.add_argument("--clear", dest="status", action="store_const", const="clear",
                       help="remove the decision")
    s.add_argument("--reason", default="", help="why (required to dismiss)")
    s.add_argument("--reviewer", default=None, help="who decided (default: the login name)")
    s.add_argument("--decisions", metavar="FILE", help=_DECISIONS_HELP)
    add_common(s)
    ls = rsub.add_parser("list", help="list the recorded decisions and whether each still matches")
    ls.add_argument("--report", dest="reports", action="append", default=[], metavar="PATH",
                    help="report or folder to check besides the files the decisions name "
                         "(repeatable)")
    ls.add_argument("--decisions", metavar="FILE", help=_DECISIONS_HELP)
    add_common(ls)


@hookimpl
def checker_add_commands(registry: CommandRegistry, config: HookConfig) -> None:
    registry.add(Command("review", "record reviewer decisions on findings (by fingerprint)",
                         arguments, cmd_review))


_MATCH = {"yes": ("是", "yes"), "no": ("否", "no"), "unknown": ("未知", "unknown")}


def cmd_review(args: argparse.Namespace) -> int:
    from checker.config.effective import effective
    from checker.workflows import decisions as dec

    lang = getattr(args, "lang", None) or "zh"
    path = dec.resolve_path(getattr(args, "decisions", None), effective(args, None).values)
    if args.review_command == "set":
        status = None if args.status == "clear" else args.status
        finding = None
        if args.reports and status is not None:
            from checker.workflows.decision_lookup import findings_in

            found, _ = findings_in(args.reports, args)
            finding = found.get(args.fingerprint.strip().lower())
            if finding is None:
                where = ", ".join(args.reports)
                print((f"gongkai: 单独检查 {where} 时没有指纹为 {args.fingerprint} 的问题"
                       "（需要上年报告或整批比较的问题只在 gongkai score 中出现）；"
                       "决定照常记录，但不含文件、规则和说明") if lang != "en" else
                      (f"gongkai: no finding {args.fingerprint} when {where} is checked on its "
                       "own (findings that need last year's report or the batch appear only in "
                       "gongkai score); the decision is recorded without file, rule and message"),
                      file=sys.stderr)
        d = dec.set_decision(path, args.fingerprint, status, args.reason, args.reviewer,
                             finding=finding)
        if d is None:
            print(f"已删除 {args.fingerprint} 的审核决定（{path}）" if lang != "en"
                   else f"removed the decision on {args.fingerprint} ({path})")
        else:
            label = {"dismissed": ("已驳回", "dismissed"),
                     "confirmed": ("已确认", "confirmed")}[d.status]
            print(f"{d.fingerprint}：{label[0]}（{path}）" if lang != "en"
                   else f"{d.fingerprint}: {label[1]} ({path})")
        return 0
    if args.review_command == "list":
        from checker.workflows.decision_lookup import still_matches

        decisions = dec.load_decisions(path)
        if not decisions:
            print("（没有审核决定）" if lang != "en" else "(no decisions)")
            return 0
        matches, found = still_matches(decisions, args.reports, args)
        head = (("指纹", "决定", "文件", "规则", "说明", "审核人", "日期", "仍匹配", "理由")
                if lang != "en"
                else ("fingerprint", "status", "file", "rule", "message", "reviewer", "date",
                      "still matches", "reason"))
        print("\t".join(head))
        for fp, d in sorted(decisions.items()):
            now = found.get(fp, {})
            message = (now.get("message") or d.message).replace("\n", " ")
            excerpt = message if len(message) <= 40 else message[:39] + "…"
            print("\t".join((fp, d.status, now.get("file") or d.file or "—",
                             now.get("code") or d.code or "—", excerpt or "—", d.reviewer or "—",
                             d.at or "—", _MATCH[matches[fp]][1 if lang == "en" else 0],
                             d.reason)))
        return 0
    raise UsageError("missing action", hint="gongkai review set FINGERPRINT --dismiss --reason … "
                                            "| gongkai review list")
