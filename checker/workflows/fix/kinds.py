"""The kinds of fix ``gongkai fix`` knows (a tiny module: the CLI imports it at start-up)."""
from __future__ import annotations

__all__ = ["KINDS", "DEFAULT_KINDS"]

KINDS = ("brackets", "spaces", "marks", "ordinals")
#: What ``gongkai fix`` does without ``--only``: everything that concerns document numbers
#: and book-title marks. Ordinal brackets change many lines of a typical report (table labels
#: included), so they are asked for explicitly with ``--only ordinals`` (or ``--all``).
DEFAULT_KINDS = ("brackets", "spaces", "marks")
