"""The engine: rule packs, check kinds, expressions, and running each rule in isolation."""
from __future__ import annotations


def __getattr__(name: str) -> object:
    """Names of the 0.1 module ``checker.engine``, now in :mod:`checker.engine.run` (until 0.3)."""
    from checker.oldpaths import forward

    return forward("checker.engine", "checker.engine.run", name)
