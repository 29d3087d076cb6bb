"""Every hook gongkai calls, grouped by phase. Plugins implement them with ``@hookimpl``.

Built-in check kinds, the first-party rule packs, the normaliser, grading and the output
formats are all plugins of these same hooks; third-party plugins arrive through the
``gongkai`` entry-point group. Every hook takes ``config`` (the effective configuration, a
mapping) so that arguments can be added later without breaking implementations.
"""
# A hookspec's body is never run (pluggy reads only its name, arguments and docstring), so a
# spec that declares a return type has no return statement: mypy's empty-body is off here.
# mypy: disable-error-code="empty-body"
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

import pluggy

if TYPE_CHECKING:
    from checker.cli.commands import CommandRegistry
    from checker.engine.kinds import CheckKind
    from checker.engine.packs import RulePack
    from checker.findings import Grade, RunResult
    from checker.grading.score import Profile

# What every hook gets as ``config``: the effective configuration (a mapping of the keys of
# gongkai.toml), or None where no configuration applies yet.
HookConfig: TypeAlias = "Mapping[str, Any] | None"
# A pack as a plugin registers it: the path of a pack TOML file, or a pack already loaded.
PackSource: TypeAlias = "str | os.PathLike[str] | RulePack"
# An output format: ``render(results, options) -> str``.
OutputFormat: TypeAlias = "Callable[..., str]"

hookspec = pluggy.HookspecMarker("gongkai")
hookimpl = pluggy.HookimplMarker("gongkai")


# -- set-up phase ---------------------------------------------------------------------------

@hookspec
def checker_register_check_kinds(config: HookConfig) -> list[CheckKind]:
    """Register check kinds: the verbs that rules name in their ``check`` key.

    Args:
        config: the effective configuration.

    Returns:
        A list of :class:`checker.engine.kinds.CheckKind`. A name registered twice is an error
        reported against the later plugin.
    """


@hookspec
def checker_register_packs(config: HookConfig) -> list[PackSource]:
    """Register rule packs.

    Args:
        config: the effective configuration.

    Returns:
        A list whose items are paths to pack TOML files (``str`` or ``pathlib.Path``) or
        already loaded :class:`checker.engine.packs.RulePack` objects. Each pack is then registered
        as its own plugin named ``pack:<id>``, so that a pack can be blocked by name.
    """


@hookspec
def checker_collect_rules(config: HookConfig) -> list[RulePack]:
    """Return the rule packs this plugin contributes to a run.

    Implemented by the per-pack plugins ``pack:<id>``; a third-party plugin may also return
    packs built in Python. Blocking the plugin ``pack:<id>`` removes that pack.

    Args:
        config: the effective configuration.

    Returns:
        A list of :class:`checker.engine.packs.RulePack`.
    """


# -- input phase ----------------------------------------------------------------------------

@hookspec(firstresult=True)
def checker_normalise(path: str, data: bytes, media_type: str | None,
                      config: HookConfig) -> dict[str, Any] | None:
    """Turn a document into a normalised report dict (``gongkai.report/1``).

    Stops at the first non-None result. The built-in implementation is ``trylast`` and
    handles JSON, text, HTML, DOCX and PDF; a plugin can claim other kinds of input first.

    Args:
        path: the file's path as given (for messages and ``meta.source.path``).
        data: the file's bytes.
        media_type: the media type if known, else None.
        config: the effective configuration.

    Returns:
        The report dict, or None to let the next plugin try.
    """


# -- grading phase --------------------------------------------------------------------------

@hookspec(firstresult=True)
def checker_grade(result: RunResult, profile: Profile, config: HookConfig) -> Grade | None:
    """Score and grade one run result under a score profile.

    Stops at the first non-None result. The built-in implementation is ``trylast``.

    Args:
        result: the run result (findings, not-assessable outcomes, rule errors).
        profile: the loaded score profile (:class:`checker.grading.score.Profile`).
        config: the effective configuration.

    Returns:
        A :class:`checker.findings.Grade`, or None to let the next plugin grade.
    """


# -- output phase ---------------------------------------------------------------------------

@hookspec
def checker_output_formats(config: HookConfig) -> dict[str, OutputFormat]:
    """Register output formats for ``gongkai check --format NAME``.

    Args:
        config: the effective configuration.

    Returns:
        A mapping from format name to a callable ``render(results, options) -> str`` where
        ``results`` is a list of :class:`checker.findings.RunResult` and ``options`` a mapping
        with at least ``lang`` and ``color``.
    """


# -- command-line phase ---------------------------------------------------------------------

@hookspec
def checker_add_commands(registry: CommandRegistry, config: HookConfig) -> None:
    """Add sub-commands to the ``gongkai`` command.

    Every built-in command (``check``, ``score`` …) is a module of :mod:`checker.cli` that
    implements this hook; a plugin adds its own the same way::

        @hookimpl
        def checker_add_commands(registry, config):
            registry.add(Command(name="hello", help="say hello",
                                 arguments=lambda p: p.add_argument("name"),
                                 run=lambda args: print(f"hello {args.name}") or 0))

    Keep the module cheap to import: every start of ``gongkai`` imports all command plugins
    to learn the command names, and builds only the parser of the command being run.

    Args:
        registry: the :class:`checker.cli.commands.CommandRegistry` to ``add`` commands to
            (a :class:`checker.cli.commands.Command` each; a name added later replaces an
            earlier one).
        config: None today (commands resolve their configuration per report); passed so that
            it can be given later without breaking implementations.

    Returns:
        Nothing; a plugin that raises is reported and the other commands stay available.
    """
