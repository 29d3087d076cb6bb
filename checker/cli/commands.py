"""Sub-commands are plugins: each ``gongkai X`` is registered by ``checker/cli/X.py`` through
the hook ``checker_add_commands`` (see :mod:`checker.hookspecs`), like every other extension.

The built-in command modules are listed in :data:`DEFAULT_COMMANDS` (in the order ``gongkai
--help`` lists them); third-party plugins of the ``gongkai`` entry-point group may add their
own. A command module must be cheap to import (its heavy imports inside its functions). Running
a built-in command imports its module alone (:data:`BUILTIN_WORDS` says which, and plugins may
still replace it); the listing of ``gongkai --help``, completion and the message for a
misspelt command import all of them. Only the command being run gets its full parser (see
:mod:`checker.cli.parser`).

Shared option groups (``--lang``/``--config``/``--pack-dir``, and ``--select``/``--ignore``/
``--profile``) are here, so that every command spells them the same way.
"""
from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

__all__ = ["BUILTIN_WORDS", "DEFAULT_COMMANDS", "SEVERITIES", "Command", "CommandRegistry",
           "add_common", "add_selection", "load_commands", "split_values"]

SEVERITIES = ("info", "warning", "error", "blocker")
# gongkai's own commands, one module each, in the order of ``gongkai --help``
DEFAULT_COMMANDS: tuple[str, ...] = (
    "checker.cli.check",
    "checker.cli.normalise",
    "checker.cli.rules",
    "checker.cli.validate_pack",
    "checker.cli.completion",
    "checker.cli.score",
    "checker.cli.review",
    "checker.cli.config_cmd",
    "checker.cli.baseline",
    "checker.cli.fix",
    "checker.cli.serve",
)
# every name and alias a built-in command module registers (a test keeps it in step)
BUILTIN_WORDS: dict[str, str] = {
    "check": "checker.cli.check",
    "normalise": "checker.cli.normalise",
    "normalize": "checker.cli.normalise",
    "rules": "checker.cli.rules",
    "explain": "checker.cli.rules",
    "validate-pack": "checker.cli.validate_pack",
    "completion": "checker.cli.completion",
    "score": "checker.cli.score",
    "review": "checker.cli.review",
    "config": "checker.cli.config_cmd",
    "baseline": "checker.cli.baseline",
    "fix": "checker.cli.fix",
    "serve": "checker.cli.serve",
}

Handler = Callable[[argparse.Namespace], int]
Arguments = Callable[[argparse.ArgumentParser], None]


@dataclass(frozen=True)
class Command:
    """One sub-command.

    Args:
        name: what the user types (``gongkai NAME``).
        help: the one-line help of ``gongkai --help`` (English; translated by
            :mod:`checker.cli.help` when a translation is known).
        arguments: adds the command's arguments to its (empty) parser; called only when the
            full parser of this command is needed.
        run: runs the command on the parsed arguments and returns the exit code.
        aliases: other names for the command (``normalize``).
        description: the paragraph under the usage line of ``gongkai NAME --help``.
        epilog: the examples shown at the end of ``gongkai NAME --help`` (a key of
            :func:`checker.cli.help.epilog`, or None).
    """

    name: str
    help: str
    arguments: Arguments
    run: Handler
    aliases: tuple[str, ...] = ()
    description: str | None = None
    epilog: str | None = None


class CommandRegistry:
    """The commands plugins added, in the order they were added; later names win."""

    def __init__(self) -> None:
        self._commands: dict[str, Command] = {}
        self.errors: list[str] = []  # plugins whose checker_add_commands failed

    def add(self, command: Command) -> None:
        """Add (or replace) a command."""
        if not isinstance(command, Command):
            raise TypeError("checker_add_commands: expected a Command, "
                            f"got {type(command).__name__}")
        self._commands[command.name] = command

    def get(self, name: str) -> Command | None:
        """The command called ``name`` (or one of its aliases)."""
        found = self._commands.get(name)
        if found is not None:
            return found
        return next((c for c in self._commands.values() if name in c.aliases), None)

    def names(self) -> list[str]:
        """Every name a user can type, aliases included, in help order."""
        return [n for c in self._commands.values() for n in (c.name, *c.aliases)]

    def __iter__(self) -> Iterator[Command]:
        return iter(list(self._commands.values()))


def load_commands(*, entry_points: bool = True, extra_plugins: Iterable[object] = (),
                  only: str | None = None) -> CommandRegistry:
    """The registry of every command: the built-in command modules, then plugins of the
    ``gongkai`` entry-point group (when ``entry_points``), then ``extra_plugins``.

    ``only``: the command word being run; if it is a built-in one, the other built-in command
    modules are not imported (start-up time). Plugins are always asked. A plugin whose
    ``checker_add_commands`` raises is recorded in ``registry.errors`` and the others still
    register theirs.
    """
    from checker.plugins.entrypoints import any_declared

    registry = CommandRegistry()
    # the built-ins first, called directly (no plugin registration at each start), so that a
    # plugin may replace one of them
    builtin = (BUILTIN_WORDS[only],) if only in BUILTIN_WORDS else DEFAULT_COMMANDS
    for name in builtin:
        importlib.import_module(name).checker_add_commands(registry=registry, config=None)
    extra_plugins = list(extra_plugins)
    if not extra_plugins and not (entry_points and any_declared()):
        return registry  # no plugin to ask
    import pluggy

    from checker import hookspecs
    from checker.plugins.entrypoints import load_entry_points
    from checker.plugins.manager import Plugins

    pm = pluggy.PluginManager("gongkai")
    pm.add_hookspecs(hookspecs)
    plugins = Plugins(pm)
    if entry_points:
        load_entry_points(plugins)
    for plugin in extra_plugins:
        pm.register(plugin, name=getattr(plugin, "__name__", None) or type(plugin).__name__)
    for impl in pm.hook.checker_add_commands.get_hookimpls():
        try:
            impl.function(registry=registry, config=None)
        except Exception as exc:  # one broken plugin costs only its commands
            registry.errors.append(f"{impl.plugin_name}: {type(exc).__name__}: {exc}")
    return registry


def split_values(values: Iterable[str]) -> tuple[str, ...]:
    """Repeatable, comma-separated option values as one tuple."""
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


def add_common(p: argparse.ArgumentParser) -> None:
    """``--lang``, ``--config`` and ``--pack-dir``: every command that loads rules has them."""
    p.add_argument("--lang", choices=("zh", "en"), default=None,
                   help="message language (default zh, or from configuration)")
    p.add_argument("--config", metavar="FILE",
                   help="configuration file (gongkai.toml or pyproject.toml)")
    p.add_argument("--pack-dir", action="append", default=[], metavar="DIR",
                   help="extra rule-pack directory or file (repeatable)")


def add_selection(p: argparse.ArgumentParser) -> None:
    """``--select``, ``--ignore`` and ``--profile``: which rules run and how they score."""
    p.add_argument("--select", action="append", default=[], metavar="PATTERN",
                   help="run only rules matching a code, name, pack id or glob (repeatable, "
                        "comma-separated)")
    p.add_argument("--ignore", action="append", default=[], metavar="PATTERN",
                   help="skip rules matching a code, name, pack id or glob (repeatable, "
                        "comma-separated)")
    p.add_argument("--profile", metavar="FILE", help="score profile TOML replacing the default")
