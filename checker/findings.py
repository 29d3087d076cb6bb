"""Findings and run results: plain, frozen data. Nothing here renders or imports our code."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CategoryScore",
    "Deduction",
    "Finding",
    "Fix",
    "Grade",
    "Location",
    "NotAssessable",
    "RuleError",
    "RunResult",
    "Severity",
]

class Severity(enum.Enum):
    """How bad a finding is. Ordered: ``info < warning < error < blocker``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    BLOCKER = "blocker"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    @classmethod
    def parse(cls, value: str) -> Severity:
        """Return the severity named ``value`` (case-insensitive); raise ValueError otherwise."""
        try:
            return cls(value.strip().lower())
        except ValueError:
            names = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {value!r} (one of: {names})") from None


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2, Severity.BLOCKER: 3}


@dataclass(frozen=True)
class Location:
    """Where a finding is in the source document.

    ``line``/``column`` are 1-based positions in the report's text (for text input, the
    original file's); ``page``, ``paragraph``, ``table``, ``row`` and ``cell`` (1-based) give
    the place in a PDF/DOCX/HTML original, and ``where`` words it for people.
    """

    path: str | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    excerpt: str | None = None
    where: str | None = None
    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Fix:
    """The repair of one finding: edits over the report text, applied all or none.

    Attributes:
        edits: ``(offset, length, replacement)`` each, positions in the normalised report's
            text, not overlapping.
        title, title_en: what the fix does, for people (``改为“〔〕”``).
        kind: the family of fix ``gongkai fix --only`` selects (``brackets``, ``spaces`` …).
    """

    edits: tuple[tuple[int, int, str], ...]
    title: str
    title_en: str = ""
    kind: str = ""

    def apply(self, text: str) -> str:
        """``text`` with the edits made; each edit must lie inside the text."""
        out = text
        for offset, length, replacement in sorted(self.edits, reverse=True):
            if offset < 0 or offset + length > len(out):
                raise ValueError(f"edit at {offset}+{length} lies outside the text")
            out = out[:offset] + replacement + out[offset + length:]
        return out


@dataclass(frozen=True)
class Finding:
    """One defect found by one rule.

    ``pointer`` is a JSON pointer into the normalised report (``/tables/t3/r7/nat``,
    ``/sections/3``, ``/text``); ``evidence`` lists the operands a check used, each a dict
    with at least ``label`` and ``value``; ``root`` groups findings that share one cause
    (a wrong cell breaks several identities) so grading deducts that cause once.
    """

    code: str
    name: str
    pack: str
    severity: Severity
    category: str
    message: str
    pointer: str
    location: Location
    fingerprint: str
    expected: Any = None
    actual: Any = None
    evidence: tuple[dict[str, Any], ...] = ()
    confidence: str = "exact"
    root: str | None = None
    part: str | None = None
    doc_url: str | None = None
    fix: Fix | None = None

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        loc = self.location
        return (loc.path or "", loc.line or 0, loc.column or 0, self.code, self.pointer,
                self.fingerprint)


@dataclass(frozen=True)
class NotAssessable:
    """A rule that could not be evaluated on this report, and why (never a silent pass)."""

    code: str
    name: str
    pack: str
    category: str
    reason: str
    pointer: str = ""


@dataclass(frozen=True)
class RuleError:
    """A rule or plugin that failed while running; makes the run's exit code 2."""

    code: str
    pack: str
    error: str
    detail: str = ""


@dataclass(frozen=True)
class Deduction:
    """Points taken off for one finding (or one group of findings with the same root)."""

    fingerprint: str
    code: str
    category: str
    points: float


@dataclass(frozen=True)
class CategoryScore:
    """One scoring category: its weight, what was lost (capped at the weight), what is left."""

    id: str
    label: str
    label_en: str
    weight: float
    lost: float

    @property
    def score(self) -> float:
        return self.weight - self.lost


@dataclass(frozen=True)
class Grade:
    """The score and grade of one report under one profile."""

    profile: str
    score: float
    grade: str
    grade_en: str
    categories: tuple[CategoryScore, ...]
    deductions: tuple[Deduction, ...]
    vetoed: bool = False
    unassessed_points: float = 0.0
    assessed_points: float = 100.0  # the profile's total less the unassessed points
    needs_review: bool = False  # too much unassessed: no grade band (待核验 / needs review)
    unassessed: tuple[tuple[str, float], ...] = ()  # (rule code or "category:ID", points)

    @property
    def assessed_score(self) -> float:
        """The score against what was assessable: assessed points less the points lost."""
        lost = sum(c.lost for c in self.categories)
        return round(max(0.0, self.assessed_points - lost), 2)


@dataclass(frozen=True)
class RunResult:
    """Everything one check of one report produced."""

    path: str | None
    meta: dict[str, Any]
    findings: tuple[Finding, ...]
    not_assessable: tuple[NotAssessable, ...] = ()
    rule_errors: tuple[RuleError, ...] = ()
    grade: Grade | None = None
    rules_run: int = 0
    suppressed: tuple[Finding, ...] = field(default=())

    def worst(self) -> Severity | None:
        """The highest severity among the findings, or None when there are none."""
        return max((f.severity for f in self.findings), default=None, key=lambda s: s.rank)
