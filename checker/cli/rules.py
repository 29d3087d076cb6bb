"""``gongkai rules`` (every rule, as text, Markdown or JSON) and ``gongkai explain CODE``."""
from __future__ import annotations

import argparse
import sys
from typing import Any

from checker.cli.commands import Command, CommandRegistry, add_common, add_selection
from checker.errors import UsageError
from checker.hookspecs import HookConfig, hookimpl

__all__ = ["run_explain", "run_rules"]


def _session(args: argparse.Namespace) -> Any:
    from checker.config.effective import SessionCache, effective

    return SessionCache().get(effective(args, None))


def rules_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``gongkai rules``."""
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    p.add_argument("-o", "--output", metavar="FILE")
    add_selection(p)
    add_common(p)


def run_rules(args: argparse.Namespace) -> int:
    """List the selected rules."""
    from checker.cli.inputs import emit
    from checker.render.docs import rules_json, rules_markdown, rules_text

    session = _session(args)
    if args.format == "markdown":
        out = rules_markdown(session.plugins.packs(), session.kinds)
    elif args.format == "json":
        out = rules_json(session.rules)
    else:
        out = rules_text(session.rules, session.lang)
    emit(out, args.output)
    return 0


def explain_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``gongkai explain``."""
    p.add_argument("code", metavar="CODE", help="rule code or name, e.g. TBL003 or t3.balance")
    add_common(p)


def run_explain(args: argparse.Namespace) -> int:
    """What one rule checks and why; a misspelt code gets the closest one."""
    from checker.render.docs import explain

    session = _session(args)
    for rule in session.all_rules:
        if args.code in (rule.code, rule.name) or args.code.upper() == rule.code:
            sys.stdout.write(explain(rule, session.lang))
            return 0
    import difflib

    names = [r.code for r in session.all_rules] + [r.name for r in session.all_rules]
    close = difflib.get_close_matches(args.code, names, n=1)
    raise UsageError(f"no rule '{args.code}'",
                     hint=f"did you mean '{close[0]}'?" if close else "`gongkai rules` lists them")


@hookimpl
def checker_add_commands(registry: CommandRegistry, config: HookConfig) -> None:
    registry.add(Command("rules", "list all rules", rules_arguments, run_rules))
    registry.add(Command("explain", "explain one rule", explain_arguments, run_explain))
