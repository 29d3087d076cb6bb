"""What a check kind is, and what it yields: the contract between the engine and the checks."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    from checker.engine.packs import Rule
    from checker.report import Report

__all__ = ["CheckKind", "Hit", "Outcome", "RunContext", "Skip"]


@dataclass(frozen=True)
class Hit:
    """One thing a rule found.

    Attributes:
        params: values for the rule's message template (``{lhs}``, ``{col_label}`` …); a key
            ending in ``_en`` is preferred over the plain key when rendering English.
        pointer: JSON pointer into the report (``/tables/t3/r7/nat``).
        loc: a report ``loc`` dict (line, column, offset, length, where, page) or None.
        expected, actual: what should be and what is (any JSON-able value).
        evidence: the operands, each a dict with ``label`` and ``value`` (and ``cell``/``loc``).
        key: distinguishes several hits of one rule (used in the fingerprint).
        confidence: ``exact``, or ``inferred`` when the hit rests on inferred cells.
        root: a key shared by hits with one cause (a suspected wrong cell), for grading.
    """

    params: dict[str, Any] = field(default_factory=dict)
    pointer: str = ""
    loc: dict[str, Any] | None = None
    expected: Any = None
    actual: Any = None
    evidence: tuple[dict[str, Any], ...] = ()
    key: str = ""
    confidence: str = "exact"
    root: str | None = None


@dataclass(frozen=True)
class Skip:
    """The rule could not be assessed on this report (a missing table, blank operands …)."""

    reason: str
    reason_en: str = ""
    pointer: str = ""


Outcome = Union[Hit, Skip]


@dataclass
class RunContext:
    """What a check sees besides the rule and the report."""

    config: Any = None
    lang: str = "zh"
    previous: Any = None  # last year's Report, when cross-year checks are possible
    batch: Any = None  # a batch's peers for this report (gongkai score), else None
    rules: tuple[Rule, ...] = ()  # every rule of this run (a kind may weigh its siblings' verdicts)


@dataclass(frozen=True)
class CheckKind:
    """A verb rules can name in ``check``.

    Attributes:
        name: the name used in packs (``identity``, ``docnumber`` …).
        summary: one line for ``gongkai rules`` and the docs.
        options_schema: JSON Schema (draft 2020-12) of the rule's ``with`` table.
        run: ``run(rule, report, ctx) -> Iterable[Hit | Skip]``.
        compile: optional ``compile(options) -> Any`` run once when the pack loads; its result
            is available as ``rule.compiled``. Raise ValueError for invalid options.
        params: the message placeholders this kind provides (checked when packs load).
    """

    name: str
    summary: str
    options_schema: dict[str, Any]
    run: Callable[[Rule, Report, RunContext], Iterable[Outcome]]
    compile: Callable[[dict[str, Any]], Any] | None = None
    params: frozenset[str] = frozenset()
