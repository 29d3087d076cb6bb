"""Output formats. The only package that imports rich (and only in the text renderer)."""
from __future__ import annotations

from typing import Callable

__all__ = ["builtin_formats"]


def builtin_formats() -> dict[str, Callable[..., str]]:
    from checker.render import github, json_out, junit, sarif, text

    return {"text": text.render, "json": json_out.render, "sarif": sarif.render,
            "junit": junit.render, "github": github.render}
