"""``gongkai baseline FILE… -o baseline.json``: record the reports' current findings, so that
``gongkai check --baseline`` shows only new ones."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checker.cli.commands import Command, CommandRegistry, add_common, add_selection
from checker.hookspecs import HookConfig, hookimpl

__all__ = ["run"]


def arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``gongkai baseline``."""
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="the baseline to write (atomically), e.g. baseline.json")
    add_selection(p)
    add_common(p)


def run(args: argparse.Namespace) -> int:
    """Check the reports (the one pipeline) and write their findings atomically."""
    from checker.workflows.baseline import write_baseline
    from checker.workflows.pipeline import check_files

    run = check_files([Path(f) for f in args.files], args)
    if run.failed or any(r.rule_errors for r in run.results):
        print("gongkai: baseline not written: some reports could not be checked completely",
              file=sys.stderr)
        return 2
    n = write_baseline(run.results, args.output)
    print(f"gongkai: wrote {args.output}: {n} findings from {len(run.results)} reports",
          file=sys.stderr)
    return 0


@hookimpl
def checker_add_commands(registry: CommandRegistry, config: HookConfig) -> None:
    registry.add(Command("baseline", "record the reports' current findings as a baseline",
                         arguments, run))
