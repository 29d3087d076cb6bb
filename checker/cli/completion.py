"""``gongkai completion bash|zsh|fish``: a shell completion script generated from the parser."""
from __future__ import annotations

import argparse
import sys

from checker.cli.commands import Command, CommandRegistry
from checker.errors import UsageError
from checker.hookspecs import HookConfig, hookimpl

__all__ = ["run"]


def arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``gongkai completion``."""
    p.add_argument("shell", choices=("bash", "zsh", "fish"), help="the shell")


def run(args: argparse.Namespace) -> int:
    """Print the completion script of ``args.shell`` (by shtab, from the full parser)."""
    try:
        import shtab
    except ImportError:
        raise UsageError("shell completion needs the shtab package",
                         hint="pip install shtab") from None
    from checker.cli.parser import build_parser

    sys.stdout.write(shtab.complete(build_parser(), shell=args.shell) + "\n")
    return 0


@hookimpl
def checker_add_commands(registry: CommandRegistry, config: HookConfig) -> None:
    registry.add(Command("completion", "print a shell completion script (bash, zsh or fish)",
                         arguments, run))
