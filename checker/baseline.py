"""Baselines: remember today's findings so that only new ones are shown later."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.findings import RunResult


def load_baseline(path: str | Path) -> set[str]:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        return {f["fingerprint"] for r in doc["reports"] for f in r["findings"]}
    except OSError as exc:
        raise InputError(f"cannot read baseline: {exc.strerror or exc}", path=str(path)) from None
    except (ValueError, KeyError, TypeError):
        raise InputError("not a gongkai baseline", path=str(path),
                         hint="write one with `gongkai baseline FILE... -o baseline.json`") from None


def apply_baseline(result: RunResult, known: set[str], session: Any) -> RunResult:
    keep = tuple(f for f in result.findings if f.fingerprint not in known)
    if len(keep) == len(result.findings):
        return result
    new = replace(result, findings=keep)
    return replace(new, grade=session.plugins.grade(new, session.profile))
