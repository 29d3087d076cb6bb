"""The ``gongkai`` command: argument parsing and exit codes only.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage, input or rule error.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Sequence

from checker.cli.inputs import emit
from checker.errors import GongkaiError, UsageError

__all__ = ["main", "build_parser"]

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SEVERITIES = ("info", "warning", "error", "blocker")


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=("zh", "en"), default=None,
                   help="message language (default zh, or from configuration)")
    p.add_argument("--config", metavar="FILE", help="configuration file (gongkai.toml or pyproject.toml)")
    p.add_argument("--pack-dir", action="append", default=[], metavar="DIR",
                   help="extra rule-pack directory or file (repeatable)")


def _add_selection(p: argparse.ArgumentParser) -> None:
    p.add_argument("--select", action="append", default=[], metavar="PATTERN",
                   help="run only rules matching a code, name, pack id or glob (repeatable, comma-separated)")
    p.add_argument("--ignore", action="append", default=[], metavar="PATTERN",
                   help="skip rules matching a code, name, pack id or glob (repeatable, comma-separated)")
    p.add_argument("--profile", metavar="FILE", help="score profile TOML replacing the default")


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The ``gongkai`` parser; ``lang`` is the language of its ``--help`` (see cli_help)."""
    from checker.cli.help import epilog, localise_parser

    parser = argparse.ArgumentParser(
        prog="gongkai",
        description="政府信息公开工作年度报告合规检查 — compliance checker for government "
                    "information-disclosure annual reports",
        epilog=epilog("gongkai", lang))
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("--lang", choices=("zh", "en"), default=None, dest="top_lang",
                        help="language of help and messages (also accepted after the command)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("check", help="check reports and print graded findings",
                       epilog=epilog("check", lang))
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
    _add_selection(p)
    _add_common(p)

    p = sub.add_parser("normalise", aliases=["normalize"],
                       help="turn a document into normalised report JSON")
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT (atomically); default stdout")
    _add_common(p)

    p = sub.add_parser("rules", help="list all rules")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    p.add_argument("-o", "--output", metavar="FILE")
    _add_selection(p)
    _add_common(p)

    p = sub.add_parser("explain", help="explain one rule")
    p.add_argument("code", metavar="CODE", help="rule code or name, e.g. TBL003 or t3.balance")
    _add_common(p)

    p = sub.add_parser("validate-pack", help="validate rule-pack TOML files")
    p.add_argument("files", nargs="+", metavar="FILE")
    _add_common(p)

    p = sub.add_parser("completion", help="print a shell completion script (bash, zsh or fish)")
    p.add_argument("shell", choices=("bash", "zsh", "fish"), help="the shell")

    from checker.cli import registry as cli_extra
    cli_extra.add_parsers(sub, _add_common, _add_selection)
    localise_parser(parser, lang)
    return parser


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


def session_config(args: argparse.Namespace, start: Path | None = None) -> dict[str, Any]:
    """The effective configuration: file layers, then command-line flags."""
    from checker.config.layers import load_config

    cfg = load_config(start=start, explicit=getattr(args, "config", None)).values
    if getattr(args, "lang", None):
        cfg["lang"] = args.lang
    cfg.setdefault("lang", "zh")
    if getattr(args, "pack_dir", None):
        cfg["pack_dirs"] = list(cfg.get("pack_dirs", [])) + list(args.pack_dir)
    if getattr(args, "select", None):
        cfg["select"] = _split(args.select)
    if getattr(args, "ignore", None):
        cfg["ignore"] = tuple(cfg.get("ignore", ())) + _split(args.ignore)
    if getattr(args, "profile", None):
        cfg["profile"] = args.profile
    if getattr(args, "fail_on", None):
        cfg["fail_on"] = args.fail_on
    return cfg


def cmd_check(args: argparse.Namespace) -> int:
    """Check each report under its own effective configuration (see checker.cli.check)."""
    from checker.cli.check import run_check

    return run_check(args)


def cmd_normalise(args: argparse.Namespace) -> int:
    import json

    from checker.api import Session

    session = Session(session_config(args, start=Path(args.file)))
    report = session.read(args.file)
    emit(json.dumps(report, ensure_ascii=False, indent=1) + "\n", args.output)
    return EXIT_CLEAN


def cmd_rules(args: argparse.Namespace) -> int:
    from checker.api import Session
    from checker.render.docs import rules_json, rules_markdown, rules_text

    session = Session(session_config(args))
    lang = session.lang
    rules = session.rules
    if args.format == "markdown":
        out = rules_markdown(session.plugins.packs(), session.kinds)
    elif args.format == "json":
        out = rules_json(rules)
    else:
        out = rules_text(rules, lang)
    emit(out, args.output)
    return EXIT_CLEAN


def cmd_explain(args: argparse.Namespace) -> int:
    from checker.api import Session
    from checker.render.docs import explain

    session = Session(session_config(args))
    for rule in session.all_rules:
        if args.code in (rule.code, rule.name) or args.code.upper() == rule.code:
            sys.stdout.write(explain(rule, session.lang))
            return EXIT_CLEAN
    import difflib

    names = [r.code for r in session.all_rules] + [r.name for r in session.all_rules]
    close = difflib.get_close_matches(args.code, names, n=1)
    raise UsageError(f"no rule '{args.code}'",
                     hint=f"did you mean '{close[0]}'?" if close else "`gongkai rules` lists them")


def cmd_validate_pack(args: argparse.Namespace) -> int:
    from checker.api import Session
    from checker.engine.packs import load_pack

    kinds = Session(session_config(args)).kinds
    status = EXIT_CLEAN
    for f in args.files:
        try:
            pack = load_pack(f, kinds, validate=True)
        except GongkaiError as exc:
            from checker.render.i18n import localise_error

            print(f"gongkai: {localise_error(exc, args.lang or 'zh')}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        print(f"{f}: ok — pack '{pack.id}' {pack.version}, {len(pack.rules)} rules")
    return status


def cmd_completion(args: argparse.Namespace) -> int:
    """Print the completion script of ``args.shell`` (generated by shtab from the parser)."""
    try:
        import shtab
    except ImportError:
        raise UsageError("shell completion needs the shtab package",
                         hint="pip install shtab") from None
    sys.stdout.write(shtab.complete(build_parser(), shell=args.shell) + "\n")
    return EXIT_CLEAN


COMMANDS = {"check": cmd_check, "normalise": cmd_normalise, "normalize": cmd_normalise,
            "rules": cmd_rules, "explain": cmd_explain, "validate-pack": cmd_validate_pack,
            "completion": cmd_completion}


def _unknown_command(parser: argparse.ArgumentParser, argv: Sequence[str], lang: str) -> str | None:
    """The message for a misspelt command (with the closest one), or None."""
    rest = list(argv)
    while rest[:1] and rest[0].startswith("-"):  # options before the command (--lang zh)
        rest = rest[2:] if rest[0] == "--lang" else rest[1:]
    if not rest:
        return None
    argv = rest
    names = [c for a in parser._actions if isinstance(a, argparse._SubParsersAction)
             for c in a.choices]
    if argv[0] in names:
        return None
    import difflib

    close = difflib.get_close_matches(argv[0], names, n=1, cutoff=0.6)
    if lang == "en":
        hint = f"did you mean '{close[0]}'?" if close else f"commands: {', '.join(names)}"
        return f"gongkai: unknown command '{argv[0]}'\n  hint: {hint}"
    hint = f"是否想写“{close[0]}”？" if close else f"可用的命令：{'、'.join(names)}"
    return f"gongkai: 未知的命令“{argv[0]}”\n  提示：{hint}"


def _quiet_stdout() -> None:
    """After a failed write to stdout: drop what is buffered, so that the interpreter's own
    flush at exit does not fail again with a traceback."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    from checker.cli.help import help_lang

    argv = list(sys.argv[1:] if argv is None else argv)
    lang = help_lang(argv)
    parser = build_parser(lang)
    # a message, not help: Chinese unless --lang en (help follows the locale too)
    unknown = _unknown_command(parser, argv, "en" if help_lang(argv, {"LANG": "zh"}) == "en"
                               else "zh")
    if unknown:
        parser.print_usage(sys.stderr)
        print(unknown, file=sys.stderr)
        return EXIT_ERROR
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: usage errors exit 2 after printing usage
        return int(exc.code) if isinstance(exc.code, int) else EXIT_ERROR
    if getattr(args, "top_lang", None) and not getattr(args, "lang", None):
        args.lang = args.top_lang
    if args.version:
        from checker import __version__

        print(f"gongkai {__version__}")
        return EXIT_CLEAN
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    from checker.cli import registry as cli_extra
    handler = COMMANDS.get(args.command) or cli_extra.COMMANDS.get(args.command)
    try:
        return handler(args)
    except GongkaiError as exc:
        from checker.render.i18n import localise_error

        print(f"gongkai: {localise_error(exc, getattr(args, 'lang', None) or 'zh')}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("gongkai: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_ERROR
    except OSError as exc:  # stdout on a full disk (/dev/full), a closed terminal …
        _quiet_stdout()
        try:
            print(f"gongkai: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        except OSError:
            pass
        return EXIT_ERROR
    except RecursionError:
        print("gongkai: input nested too deeply to process", file=sys.stderr)
        return EXIT_ERROR
    except MemoryError:
        print("gongkai: out of memory processing the input", file=sys.stderr)
        return EXIT_ERROR
