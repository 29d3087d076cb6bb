"""Normalise annual-report documents (text, HTML, DOCX, PDF) into the report dict.

Public API:

* :func:`normalise_text` — report text (any layout seen in the wild) → report dict;
* :func:`normalise_bytes` — bytes of a .txt/.html/.docx/.pdf → report dict;
* :func:`normalise_path` — a file → report dict.

The dict follows ``checker/schemas/report.schema.json`` (``gongkai.report/1``).

The package is also the public function ``checker.normalise(path, **config)``: it is callable
(see :class:`NormalisePackage`), so ``checker.normalise`` means one object — the function and
the subpackage — whatever has been imported.
"""
from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

from .decode import normalise_bytes, normalise_path
from .text import normalise_text

__all__ = ["NormalisePackage", "normalise_bytes", "normalise_path", "normalise_text"]


class NormalisePackage(types.ModuleType):
    """The type of this package: a module that is also ``checker.normalise(path)``."""

    def __call__(self, path: str | Path, **config: Any) -> dict:
        """Read one document (any supported input) into a validated report dict.

        Uses the thread's default session for ``config`` (see
        :func:`checker.api.default_session`), so third-party readers apply as in a check.
        """
        from checker.api import normalise as _normalise

        return _normalise(path, **config)


sys.modules[__name__].__class__ = NormalisePackage
