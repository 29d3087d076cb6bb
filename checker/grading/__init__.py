"""Grading: score profiles, coverage of what could be assessed, re-scoring after dispositions."""
from __future__ import annotations


def __getattr__(name: str) -> object:
    """Names of the 0.1 module ``checker.grading``, now in :mod:`checker.grading.score`
    (until 0.3)."""
    from checker.oldpaths import forward

    return forward("checker.grading", "checker.grading.score", name)
