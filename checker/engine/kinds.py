"""What a check kind is, and what it yields: the contract between the engine and the checks."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from checker.findings import Fix

if TYPE_CHECKING:
    from checker.engine.packs import Rule
    from checker.report import Report

__all__ = ["CheckKind", "Fix", "Hit", "Outcome", "RunContext", "Say", "Skip"]


@dataclass(frozen=True)
class Say:
    """Pack wording to be said: the rule's pack ``[wording.KEY]`` text, filled with ``params``.

    The engine renders it in the run's language (``zh`` or ``en`` of that table) with the same
    placeholder rules as messages. A kind lists the keys it may say in
    :attr:`CheckKind.wording`; a pack whose rules use the kind must define every one of them.

    Attributes:
        key: the wording key (``part_missing``, ``agency_unclear`` …).
        params: values for the wording's ``{placeholders}``; a ``name_en`` value wins in English.
    """

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    """One thing a rule found.

    Attributes:
        params: values for the rule's message template (``{lhs}``, ``{col_label}`` …); a key
            ending in ``_en`` is preferred over the plain key when rendering English. A value
            that is a :class:`Say` is rendered from the pack's wording in the run's language.
        pointer: JSON pointer into the report (``/tables/t3/r7/nat``).
        loc: a report ``loc`` dict (line, column, offset, length, where, page) or None.
        expected, actual: what should be and what is (any JSON-able value).
        evidence: the operands, each a dict with ``label`` and ``value`` (and ``cell``/``loc``).
        key: distinguishes several hits of one rule (used in the fingerprint).
        confidence: ``exact``, or ``inferred`` when the hit rests on inferred cells.
        root: a key shared by hits with one cause (a suspected wrong cell), for grading.
        fix: the edits over the report text that repair what was found, if it can be.
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
    fix: Fix | None = None


@dataclass(frozen=True)
class Skip:
    """The rule could not be assessed on this report (a missing table, blank operands …).

    ``reason`` is text (with ``reason_en`` for English) or a :class:`Say` of pack wording.
    """

    reason: str | Say
    reason_en: str = ""
    pointer: str = ""


Outcome = Hit | Skip


@dataclass
class RunContext:
    """What a check sees besides the rule and the report."""

    config: Mapping[str, Any] | None = None  # the effective configuration
    lang: str = "zh"
    previous: Report | None = None  # last year's Report, when cross-year checks are possible
    # what a batch knows about this report (gongkai score: ``{"pending", "peers", "template"}``,
    # see checker.workflows.batch.originality.peers_context), else None
    batch: Mapping[str, Any] | None = None
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
        wording: the pack wording keys the kind may say (:class:`Say`); a pack whose rules use
            the kind must define each in its ``[wording]`` table, in zh and en — unless the
            kind gives a default for it.
        default_wording: ``{key: {"zh": …, "en": …}}`` for general-purpose kinds that packs
            of every origin use (``identity``): what is said when the pack does not define
            the key itself. A pack's own ``[wording.KEY]`` always wins.
        scope_schema: JSON Schema of the rule-level ``scope`` table the kind reads (``parts``,
            ``tables``, ``rows``); None: the kind reads no scope and refuses one.
        legacy_scope: old ``with`` spellings of scope (``{"part": "parts"}``) moved into
            ``rule.scope`` when a pack loads (accepted for one release).
    """

    name: str
    summary: str
    options_schema: dict[str, Any]
    run: Callable[[Rule, Report, RunContext], Iterable[Outcome]]
    compile: Callable[[dict[str, Any]], Any] | None = None
    params: frozenset[str] = frozenset()
    wording: frozenset[str] = frozenset()
    default_wording: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    scope_schema: dict[str, Any] | None = None
    legacy_scope: Mapping[str, str] = field(default_factory=dict)
