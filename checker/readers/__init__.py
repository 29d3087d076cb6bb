"""Readers: annual-report documents (text, HTML, DOCX, PDF) → the normalised report dict.

* :func:`normalise_text` — report text (any layout seen in the wild) → report dict;
* :func:`normalise_bytes` — bytes of a .txt/.html/.docx/.pdf → report dict;
* :func:`normalise_path` — a file → report dict.

The dict follows ``checker/schemas/report.schema.json`` (``gongkai.report/1``). One module per
input kind (``text``, ``html``, ``docx``, ``pdf``, ``legacy``), then the shared reading of
sections (``sections``, ``headings``), tables (``t2``, ``t3``, ``t4`` over ``rows``,
``align``, ``choose``) and metadata (``meta``, ``fmt``). The public one-call function is
``checker.normalise(path)``, which reads through the session's plugins.

The three functions are imported when first used: checking a JSON report needs a helper
module of this package (``places``) but none of the readers and their patterns (start-up time).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checker.readers.decode import normalise_bytes, normalise_path
    from checker.readers.text import normalise_text

__all__ = ["normalise_bytes", "normalise_path", "normalise_text"]

_LAZY = {"normalise_bytes": "checker.readers.decode", "normalise_path": "checker.readers.decode",
         "normalise_text": "checker.readers.text"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'checker.readers' has no attribute '{name}'")
    import importlib

    return getattr(importlib.import_module(module), name)
