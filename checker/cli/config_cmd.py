"""``gongkai config [PATH]``: the effective configuration for a report and where each value
came from (the module is not called ``config`` so as not to shadow :mod:`checker.config`)."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from checker.cli.commands import SEVERITIES, Command, CommandRegistry, add_common, add_selection
from checker.hookspecs import HookConfig, hookimpl

__all__ = ["run"]


def arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``gongkai config``."""
    p.add_argument("path", nargs="?", metavar="PATH",
                   help="a report or folder (default: the current directory)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--fail-on", choices=SEVERITIES, default=None)
    add_selection(p)
    add_common(p)


def _show(value: Any) -> str:
    import json

    if isinstance(value, tuple):
        value = list(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def run(args: argparse.Namespace) -> int:
    """Print the effective configuration for PATH and where each value came from."""
    import json

    from checker.cli.inputs import emit
    from checker.config.effective import effective

    target = Path(args.path) if args.path else None
    eff = effective(args, target)
    cfg_path = str(eff.config.path) if eff.config.path else None
    if args.format == "json":
        doc = {"config_file": cfg_path, "path": str(target) if target else None,
               "values": eff.values, "sources": eff.sources, "overrides_applied": eff.overrides}
        emit(json.dumps(doc, ensure_ascii=False, indent=2, default=list) + "\n", None)
        return 0
    lines = [f"configuration file: {cfg_path or 'none found (defaults)'}"]
    if target:
        lines.append(f"report: {target}")
    if eff.overrides:
        lines.append("overrides applied: " + ", ".join(f"overrides[{i}]" for i in eff.overrides))
    width = max(len(k) for k in eff.values)
    shown = {k: _show(v) for k, v in eff.values.items()}
    vwidth = min(40, max(len(v) for v in shown.values()))
    for key in sorted(eff.values):
        source = eff.sources.get(key, "default")
        lines.append(f"{key:<{width}} = {shown[key]:<{vwidth}}  # {source}")
    emit("\n".join(lines) + "\n", None)
    return 0


@hookimpl
def checker_add_commands(registry: CommandRegistry, config: HookConfig) -> None:
    registry.add(Command("config",
                         "print the effective configuration and where each value came from",
                         arguments, run))
