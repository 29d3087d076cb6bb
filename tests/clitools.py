"""Running `gongkai check` in-process for tests, through the per-report configuration path."""
from __future__ import annotations

import sys

from checker.cli.app import build_parser
from checker.cli.check import run_check
from checker.errors import GongkaiError


def check(argv, capsys):
    """Run `gongkai check` as `main` does; return (exit code, stdout, stderr)."""
    try:
        code = run_check(build_parser().parse_args(["check", *argv]))
    except GongkaiError as exc:
        print(f"gongkai: {exc}", file=sys.stderr)
        code = 2
    out, err = capsys.readouterr()
    return code, out, err
