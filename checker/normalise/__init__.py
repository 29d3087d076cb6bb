"""Normalise annual-report documents (text, HTML, DOCX, PDF) into the report dict.

Public API:

* :func:`normalise_text` — report text (any layout seen in the wild) → report dict;
* :func:`normalise_bytes` — bytes of a .txt/.html/.docx/.pdf → report dict;
* :func:`normalise_path` — a file → report dict.

The dict follows ``checker/schemas/report.schema.json`` (``gongkai.report/1``).
"""
from __future__ import annotations

from .decode import normalise_bytes, normalise_path
from .text import normalise_text

__all__ = ["normalise_text", "normalise_bytes", "normalise_path"]
