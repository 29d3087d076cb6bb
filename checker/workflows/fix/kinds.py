"""The kinds of fix ``gongkai fix`` knows (a tiny module: the CLI imports it at start-up)."""
from __future__ import annotations

__all__ = ["DEFAULT_KINDS", "KINDS", "RULES"]

KINDS = ("brackets", "spaces", "marks", "ordinals")
#: What ``gongkai fix`` does without ``--only``: everything that concerns document numbers
#: and book-title marks. Ordinal brackets change many lines of a typical report (table labels
#: included), so they are asked for explicitly with ``--only ordinals`` (or ``--all``).
DEFAULT_KINDS = ("brackets", "spaces", "marks")
#: The rules whose findings each kind of fix repairs (the rule docs and ``gongkai explain`` say so).
RULES: dict[str, tuple[str, ...]] = {
    "brackets": ("DOC001", "DOC002", "DOC003", "DOC004"),
    "spaces": ("DOC011", "DOC012", "DOC015"),
    "marks": ("FEE005",),
    "ordinals": ("SEC013",),
}
