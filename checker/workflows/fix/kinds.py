"""The kinds of fix ``gongkai fix`` knows (a tiny module: the CLI imports it at start-up).

A kind names the ``kind`` of the :class:`checker.findings.Fix` that a rule attaches to its
finding (``brackets``, ``spaces``, ``digits`` for the ``docnumber.*`` rules, ``marks`` for
the book-title mark rules), or, for :data:`TEXT_ONLY` kinds, a repair that no rule reports
(:mod:`checker.workflows.fix.textonly`).
"""
from __future__ import annotations

__all__ = ["DEFAULT_KINDS", "KINDS", "MANUAL", "RULES", "TEXT_ONLY"]

KINDS = ("brackets", "spaces", "marks", "ordinals", "digits")
#: What ``gongkai fix`` does without ``--only``: everything that concerns document numbers
#: and book-title marks. Ordinal brackets change many lines of a typical report (table labels
#: included), and full-width digits are part of the number itself, so they are asked for
#: explicitly with ``--only ordinals``/``--only digits`` (or ``--all``).
DEFAULT_KINDS = ("brackets", "spaces", "marks")
#: Kinds repaired on the text alone: no rule reports them as such. Half-width ordinals
#: ``(一)`` are a finding (SEC013) only where full-width ones are used too, once per part;
#: the fixer makes every ordinal at the start of a line or cell full-width on request.
TEXT_ONLY = ("ordinals",)
#: Rules (by name) whose findings without a fix are listed as needing a manual fix, with the
#: kind of fix they belong to and the reason shown.
MANUAL = {"marks.unbalanced": ("marks", "marks_unbalanced")}
#: The rules whose findings each kind of fix repairs (the rule docs and ``gongkai explain`` say so).
RULES: dict[str, tuple[str, ...]] = {
    "brackets": ("DOC001", "DOC002", "DOC003", "DOC004"),
    "spaces": ("DOC011", "DOC012", "DOC015"),
    "digits": ("DOC007",),
    "marks": ("FEE004", "FEE005", "FEE006"),
    "ordinals": ("SEC013",),
}
