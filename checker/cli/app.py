"""The ``gongkai`` command: argument parsing glue and exit codes only.

Each sub-command lives in its own module of :mod:`checker.cli` and is registered through the
``checker_add_commands`` hook (:mod:`checker.cli.commands`); the parser is built in
:mod:`checker.cli.parser`, only the running command's arguments in full.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage, input or rule error.
"""
from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence

from checker.cli.commands import load_commands
from checker.cli.parser import build_parser, command_in, unknown_command
from checker.errors import GongkaiError

__all__ = ["EXIT_CLEAN", "EXIT_ERROR", "EXIT_FINDINGS", "build_parser", "main"]

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _quiet_stdout() -> None:
    """After a failed write to stdout: drop what is buffered, so that the interpreter's own
    flush at exit does not fail again with a traceback."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    from checker.cli.help import help_lang

    argv = list(sys.argv[1:] if argv is None else argv)
    lang = help_lang(argv)
    word = command_in(argv)
    # only the running command's module and parser (start-up time); all of them for the listing
    asks_help = word is not None and any(a in ("-h", "--help") for a in argv[:argv.index(word)])
    registry = load_commands(only=None if asks_help else word)
    parser = build_parser(lang, registry=registry,
                          only=word if word and registry.get(word) and not asks_help else None)
    # a message, not help: Chinese unless --lang en (help follows the locale too)
    unknown = unknown_command(registry, argv, "en" if help_lang(argv, {"LANG": "zh"}) == "en"
                              else "zh")
    if unknown:
        parser.print_usage(sys.stderr)
        print(unknown, file=sys.stderr)
        return EXIT_ERROR
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: usage errors exit 2 after printing usage
        return int(exc.code) if isinstance(exc.code, int) else EXIT_ERROR
    if getattr(args, "top_lang", None) and not getattr(args, "lang", None):
        args.lang = args.top_lang
    if args.version:
        from checker import __version__

        print(f"gongkai {__version__}")
        return EXIT_CLEAN
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    for problem in registry.errors:
        print(f"gongkai: plugin error: {problem}", file=sys.stderr)
    command = registry.get(args.command)
    assert command is not None  # argparse accepts only registered names
    try:
        return command.run(args)
    except GongkaiError as exc:
        from checker.render.i18n import localise_error

        lang = getattr(args, "lang", None) or "zh"
        print(f"gongkai: {localise_error(exc, lang)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("gongkai: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_ERROR
    except OSError as exc:  # stdout on a full disk (/dev/full), a closed terminal …
        _quiet_stdout()
        with contextlib.suppress(OSError):
            print(f"gongkai: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    except RecursionError:
        print("gongkai: input nested too deeply to process", file=sys.stderr)
        return EXIT_ERROR
    except MemoryError:
        print("gongkai: out of memory processing the input", file=sys.stderr)
        return EXIT_ERROR
