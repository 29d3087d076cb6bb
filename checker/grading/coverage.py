"""Coverage: how many of a profile's points the rules could actually assess on one report.

Each category's weight is spread over the rules of that category that ran: a rule the profile
names in ``[coverage.points]`` carries those points, the others share what is left equally. A
rule that could not be assessed (it reported only "not assessable", no finding) leaves its
points unassessed; a category none of whose rules ran leaves its whole weight unassessed.
When the unassessed points exceed the profile's ``max_unassessed`` (default 20) the report
gets no grade band (see :func:`checker.grading.score.grade`).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["rule_points", "unassessed"]


def rule_points(weights: Mapping[str, float], explicit: Mapping[str, float],
                rule_categories: Mapping[str, str]) -> dict[str, float]:
    """code → the points one rule stands for (its category's share, or the profile's value)."""
    by_cat: dict[str, list[str]] = {}
    for code, cat in rule_categories.items():
        if cat in weights:
            by_cat.setdefault(cat, []).append(code)
    out: dict[str, float] = {}
    for cat, codes in by_cat.items():
        fixed = {c: float(explicit[c]) for c in codes if c in explicit}
        rest = [c for c in codes if c not in fixed]
        left = max(0.0, weights[cat] - sum(fixed.values()))
        out.update(fixed)
        for c in rest:
            out[c] = left / len(rest)
    return out


def unassessed(weights: Mapping[str, float], explicit: Mapping[str, float],
               rule_categories: Mapping[str, str], categories_run: Iterable[str],
               skipped: Iterable[Any], found: Iterable[str]
               ) -> tuple[float, tuple[tuple[str, float], ...]]:
    """(points not assessed, per item): ``skipped`` are NotAssessable outcomes, ``found`` the
    codes that produced a finding (a rule with a finding was assessed)."""
    ran = set(categories_run)
    items: list[tuple[str, float]] = []
    for cat, w in weights.items():
        if ran and cat not in ran and w > 0:
            items.append((f"category:{cat}", float(w)))
    if rule_categories:
        points = rule_points(weights, explicit, rule_categories)
        hit = set(found)
        lost: dict[str, float] = {}
        for code in sorted({n.code for n in skipped} - hit):
            rule_cat = rule_categories.get(code)
            if rule_cat is None or rule_cat not in weights or code not in points:
                continue
            take = min(points[code], weights[rule_cat] - lost.get(rule_cat, 0.0))
            if take > 0:
                lost[rule_cat] = lost.get(rule_cat, 0.0) + take
                items.append((code, round(take, 4)))
    total = round(sum(p for _, p in items), 2)
    return total, tuple(items)
