"""Running totals of a batch, for its closing summary: grades, frequent rules, lowest scores.

Fed one summary at a time, so the batch itself keeps nothing per report but what is counted.
"""
from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["BatchStats"]

GRADE_ORDER = ("优秀", "良好", "合格", "不合格", "待核验")
GRADE_ORDER_EN = ("excellent", "good", "pass", "fail", "needs review")


@dataclass
class BatchStats:
    """What the closing summary shows; ``add`` every summary as it arrives."""

    lowest_n: int = 10
    reports: int = 0
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    rule_errors: list[tuple[str, str]] = field(default_factory=list)
    grades: Counter[str] = field(default_factory=Counter)
    grades_en: dict[str, str] = field(default_factory=dict)
    findings: Counter[str] = field(default_factory=Counter)
    reports_per_rule: Counter[str] = field(default_factory=Counter)
    severities: Counter[str] = field(default_factory=Counter)
    decided: set[str] = field(default_factory=set)
    dismissed: int = 0
    review: list[tuple[str, float, float]] = field(default_factory=list)  # path, score, assessed
    _low: list[tuple[float, int, str, str]] = field(default_factory=list)

    def add(self, s: Any) -> None:
        self.reports += 1
        for err in s.rule_errors:  # a report whose worker died has both: a row and an error
            self.rule_errors.append((s.path, err))
        if s.error:
            self.unreadable.append((s.path, s.error))
            return
        self.grades[s.grade] += 1
        self.grades_en[s.grade] = s.grade_en
        codes = [f.code for f in s.findings] or list(getattr(s, "codes", ()))
        self.findings.update(codes)
        self.reports_per_rule.update(set(codes))
        self.severities.update(dict(s.severities))
        self.decided.update(s.decided)
        self.dismissed += len(s.dismissed)
        if getattr(s, "needs_review", False):
            self.review.append((s.path, s.assessed_score or 0.0, s.assessed_points or 0.0))
            return  # scored against less than the whole: not ranked with the graded reports
        if s.score is not None:
            # keep the lowest n: a max-heap on (score, input order) via negation
            item = (-s.score, -self.reports, s.path, s.agency)
            if len(self._low) < self.lowest_n:
                heapq.heappush(self._low, item)
            elif item > self._low[0]:
                heapq.heapreplace(self._low, item)

    @property
    def lowest(self) -> list[tuple[float, str, str]]:
        """(score, path, agency), lowest first; ties in input order."""
        return [(-neg, path, agency) for neg, _, path, agency in
                sorted(self._low, key=lambda t: (-t[0], -t[1]))]

    def grade_rows(self, lang: str = "zh") -> list[tuple[str, int]]:
        order = {g: i for i, g in enumerate(GRADE_ORDER)}
        rows = sorted(self.grades.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))
        out = [(self.grades_en.get(g, g) if lang == "en" else g, n) for g, n in rows]
        if self.unreadable:
            out.append(("unreadable" if lang == "en" else "无法读取", len(self.unreadable)))
        return out

    def top_rules(self, n: int = 10) -> list[tuple[str, int, int]]:
        """(code, findings, reports), most findings first, then by code."""
        items = sorted(self.findings.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
        return [(code, c, self.reports_per_rule[code]) for code, c in items]
