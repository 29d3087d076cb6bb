"""Output formats. The only package that imports rich (and only in the text renderer)."""
from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["builtin_formats"]

_MODULES = {"text": "text", "json": "json_out", "sarif": "sarif", "junit": "junit",
            "github": "github"}


def _renderer(module: str) -> Callable[..., str]:
    """The ``render`` of ``checker.render.<module>``, imported when first called (a command
    writes one format: the others, and what they import, are never loaded)."""
    def render(*args: Any, **kwargs: Any) -> str:
        fn: Callable[..., str] = importlib.import_module(f"checker.render.{module}").render
        return fn(*args, **kwargs)

    render.__name__ = render.__qualname__ = f"render_{module}"
    return render


def builtin_formats() -> dict[str, Callable[..., str]]:
    return {name: _renderer(module) for name, module in _MODULES.items()}
