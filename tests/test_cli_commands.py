"""Sub-commands are plugins of the checker_add_commands hook; only the running one is built."""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli.app import main
from checker.cli.commands import (
    BUILTIN_WORDS,
    DEFAULT_COMMANDS,
    Command,
    CommandRegistry,
    load_commands,
)
from checker.cli.parser import build_parser
from checker.hookspecs import hookimpl

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "reports" / "seed-2023.json"


class HelloPlugin:
    """A third-party plugin that adds ``gongkai hello NAME``."""

    @hookimpl
    def checker_add_commands(self, registry: CommandRegistry, config: object) -> None:
        def arguments(p: argparse.ArgumentParser) -> None:
            p.add_argument("name")

        def run(args: argparse.Namespace) -> int:
            print(f"hello {args.name}")
            return 7

        registry.add(Command("hello", "say hello", arguments, run))


class BrokenPlugin:
    """A plugin whose hook raises: its commands are lost, nobody else's."""

    @hookimpl
    def checker_add_commands(self, registry: CommandRegistry, config: object) -> None:
        raise RuntimeError("boom")


def test_every_builtin_command_comes_from_its_own_module() -> None:
    registry = load_commands(entry_points=False)
    assert registry.names()[:3] == ["check", "normalise", "normalize"]
    assert "serve" in registry.names() and "review" in registry.names()
    assert len(DEFAULT_COMMANDS) == len(set(DEFAULT_COMMANDS))


def test_builtin_words_name_the_module_that_registers_each_command() -> None:
    """BUILTIN_WORDS (which module to import for a command word) agrees with the modules."""
    registry = load_commands(entry_points=False)
    assert set(BUILTIN_WORDS) == set(registry.names())
    for word, module in BUILTIN_WORDS.items():
        alone = load_commands(entry_points=False, only=word)
        command = alone.get(word)
        assert command is not None and command is not registry.get(word)
        assert command.run.__module__ == module or command.arguments.__module__ == module
        assert set(alone.names()) < set(registry.names())


def test_running_a_builtin_command_imports_its_module_alone() -> None:
    """A fresh process running ``gongkai check`` does not import the other command modules."""
    code = ("import sys; from checker.cli.commands import load_commands; "
            "load_commands(entry_points=False, only='check'); "
            "print(sorted(m for m in sys.modules if m.startswith('checker.cli.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parent.parent).stdout
    assert "'checker.cli.check'" in out
    assert not any(f"'{m}'" in out for m in DEFAULT_COMMANDS if m != "checker.cli.check")


class ReplaceCheck:
    """A plugin that replaces the built-in ``check`` command."""

    @hookimpl
    def checker_add_commands(self, registry: CommandRegistry, config: object) -> None:
        registry.add(Command("check", "a replaced check", lambda p: None, lambda a: 9))


def test_a_plugin_still_replaces_the_running_builtin_command() -> None:
    registry = load_commands(entry_points=False, extra_plugins=[ReplaceCheck()], only="check")
    command = registry.get("check")
    assert command is not None and command.help == "a replaced check"


def test_a_third_party_plugin_adds_a_command(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    registry = load_commands(entry_points=False, extra_plugins=[HelloPlugin(), BrokenPlugin()])
    assert registry.get("hello") is not None
    assert registry.errors and "boom" in registry.errors[0]
    monkeypatch.setattr("checker.cli.app.load_commands",
                        lambda **kw: load_commands(entry_points=False, extra_plugins=[HelloPlugin()],
                                                   **kw))
    assert main(["hello", "world"]) == 7
    assert capsys.readouterr().out == "hello world\n"


def test_only_the_running_command_gets_a_parser() -> None:
    """Running one command builds its parser alone; the listing builds them all."""
    registry = load_commands(entry_points=False)
    parser = build_parser("en", registry=registry, only="rules")
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert any(a.dest == "format" for a in sub.choices["rules"]._actions)
    assert "check" not in sub.choices
    everything = build_parser("en", registry=registry)
    sub = next(a for a in everything._actions if isinstance(a, argparse._SubParsersAction))
    assert set(registry.names()) <= set(sub.choices)


def test_help_before_the_command_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    """``gongkai --help check`` is the top-level help with every command, not a cut-down one."""
    assert main(["--help", "check"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in ("check", "score", "fix", "rules", "serve"))


def test_unknown_selector_exits_2_with_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SEED), "--select", "TBL0O3", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "TBL0O3" in err and "did you mean" in err
