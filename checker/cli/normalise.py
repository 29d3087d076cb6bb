"""``gongkai normalise FILE`` (also ``normalize``): a document as normalised report JSON."""
from __future__ import annotations

import argparse
from pathlib import Path

from checker.cli.commands import Command, CommandRegistry, add_common
from checker.hookspecs import HookConfig, hookimpl

__all__ = ["run"]


def arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``gongkai normalise``."""
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="write to OUT (atomically); default stdout")
    add_common(p)


def run(args: argparse.Namespace) -> int:
    """Read the file through the readers of its effective configuration; print the JSON."""
    import json

    from checker.cli.inputs import emit
    from checker.config.effective import SessionCache, effective

    session = SessionCache().get(effective(args, Path(args.file)))
    report = session.read(args.file)
    emit(json.dumps(report, ensure_ascii=False, indent=1) + "\n", args.output)
    return 0


@hookimpl
def checker_add_commands(registry: CommandRegistry, config: HookConfig) -> None:
    registry.add(Command("normalise", "turn a document into normalised report JSON", arguments,
                         run, aliases=("normalize",)))
