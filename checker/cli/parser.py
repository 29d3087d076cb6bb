"""The ``gongkai`` argument parser, built lazily from the registered commands.

Building every sub-command's parser costs tens of milliseconds at each start, so
:func:`build_parser` can build only the command being run (``only=``). ``gongkai --help``,
completion scripts and the message for a misspelt command build every command.
"""
from __future__ import annotations

import argparse
from collections.abc import Sequence

from checker.cli.commands import CommandRegistry, load_commands

__all__ = ["build_parser", "command_in", "unknown_command"]

DESCRIPTION = ("政府信息公开工作年度报告合规检查 — compliance checker for government "
               "information-disclosure annual reports")


def build_parser(lang: str = "en", *, registry: CommandRegistry | None = None,
                 only: str | None = None) -> argparse.ArgumentParser:
    """The ``gongkai`` parser; ``lang`` is the language of its ``--help``.

    Args:
        lang: ``en`` or ``zh`` (see :mod:`checker.cli.help`).
        registry: the commands (default: :func:`checker.cli.commands.load_commands`).
        only: build this command alone (None: every command, for ``--help`` listings,
            completion and telling a misspelt command).
    """
    from checker.cli.help import BuildFormatter, epilog, localise_parser

    registry = registry or load_commands()
    parser = argparse.ArgumentParser(prog="gongkai", description=DESCRIPTION,
                                     epilog=epilog("gongkai", lang),
                                     formatter_class=BuildFormatter)
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("--lang", choices=("zh", "en"), default=None, dest="top_lang",
                        help="language of help and messages (also accepted after the command)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = registry.get(only) if only else None
    for command in registry:
        if chosen is not None and command is not chosen:
            continue  # running one command: the others' sub-parsers would only cost start-up
        p = sub.add_parser(command.name, aliases=list(command.aliases), help=command.help,
                           description=command.description,
                           epilog=epilog(command.epilog, lang) if command.epilog else None,
                           formatter_class=BuildFormatter)
        if only is None or command is chosen:
            command.arguments(p)
    localise_parser(parser, lang)
    return parser


def command_in(argv: Sequence[str]) -> str | None:
    """The command word of ``argv`` (after top-level options such as ``--lang zh``), or None."""
    rest = list(argv)
    while rest[:1] and rest[0].startswith("-"):
        rest = rest[2:] if rest[0] == "--lang" else rest[1:]
    return rest[0] if rest else None


def unknown_command(registry: CommandRegistry, argv: Sequence[str], lang: str) -> str | None:
    """The message for a misspelt command (with the closest one), or None."""
    word = command_in(argv)
    if word is None:
        return None
    names = registry.names()
    if word in names:
        return None
    import difflib

    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    if lang == "en":
        hint = f"did you mean '{close[0]}'?" if close else f"commands: {', '.join(names)}"
        return f"gongkai: unknown command '{word}'\n  hint: {hint}"
    hint = f"是否想写“{close[0]}”？" if close else f"可用的命令：{'、'.join(names)}"
    return f"gongkai: 未知的命令“{word}”\n  提示：{hint}"
