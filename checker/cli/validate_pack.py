"""``gongkai validate-pack FILE…``: validate rule-pack TOML files (exit 2 if one is invalid)."""
from __future__ import annotations

import argparse
import sys

from checker.cli.commands import Command, CommandRegistry, add_common
from checker.errors import GongkaiError
from checker.hookspecs import HookConfig, hookimpl

__all__ = ["run"]


def arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``gongkai validate-pack``."""
    p.add_argument("files", nargs="+", metavar="FILE")
    add_common(p)


def run(args: argparse.Namespace) -> int:
    """Validate each file against the check kinds of the effective configuration."""
    from checker.config.effective import SessionCache, effective
    from checker.engine.packs import load_pack

    kinds = SessionCache().get(effective(args, None)).kinds
    status = 0
    for f in args.files:
        try:
            pack = load_pack(f, kinds, validate=True)
        except GongkaiError as exc:
            from checker.render.i18n import localise_error

            print(f"gongkai: {localise_error(exc, args.lang or 'zh')}", file=sys.stderr)
            status = 2
            continue
        print(f"{f}: ok — pack '{pack.id}' {pack.version}, {len(pack.rules)} rules")
    return status


@hookimpl
def checker_add_commands(registry: CommandRegistry, config: HookConfig) -> None:
    registry.add(Command("validate-pack", "validate rule-pack TOML files", arguments, run))
