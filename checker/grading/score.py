"""Score profiles → score, grade and a per-category breakdown; every lost point has a finding."""
from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from checker.errors import PackError
from checker.findings import CategoryScore, Deduction, Finding, Grade, NotAssessable, Severity
from checker.grading import coverage

__all__ = ["Band", "Profile", "default_profile", "grade", "load_profile"]

_DEFAULT = Path(__file__).parent.parent / "profiles" / "default.toml"
_SEVERITY_NAMES = {s: s.value for s in Severity}  # Enum.value is a slow descriptor


@dataclass(frozen=True)
class Band:
    """A grade band of the score profile: the grade from ``min`` points up."""

    min: float
    grade: str
    grade_en: str


@dataclass(frozen=True)
class Profile:
    """A loaded score profile."""

    id: str
    title: str
    total: float
    categories: dict[str, tuple[float, str, str]]  # id -> (weight, label, label_en)
    deductions: dict[str, float]
    rule_deductions: dict[str, float]
    bands: tuple[Band, ...]
    veto: bool = True
    veto_cap: float = 59.0
    inferred_factor: float = 1.0
    path: str | None = None
    pack_deductions: dict[str, float] = field(default_factory=dict)
    coverage_points: dict[str, float] = field(default_factory=dict)  # [coverage.points]
    max_unassessed: float = 20.0
    context_rules: frozenset[str] = frozenset()  # [coverage] context: not held against review
    review_grade: tuple[str, str] = ("待核验", "needs review")

    @functools.cached_property
    def _bands_high_first(self) -> tuple[Band, ...]:
        return tuple(sorted(self.bands, key=lambda b: -b.min))

    def with_pack_deductions(self, values: dict[str, float]) -> Profile:
        """Rule-level ``deduction`` keys from packs; the profile's own ``[rules]`` still win."""
        return replace(self, pack_deductions=dict(values))

    def points_for(self, f: Finding) -> float:
        if f.code in self.rule_deductions:
            pts = self.rule_deductions[f.code]
        elif f.code in self.pack_deductions:
            pts = self.pack_deductions[f.code]
        else:
            pts = self.deductions.get(_SEVERITY_NAMES[f.severity], 0.0)
        if f.confidence != "exact":
            pts *= self.inferred_factor
        return pts

    def band_for(self, score: float) -> Band:
        for band in self._bands_high_first:
            if score >= band.min:
                return band
        return min(self.bands, key=lambda b: b.min)


def load_profile(path: str | Path | None = None) -> Profile:
    """Load and validate a profile TOML (the default one when ``path`` is None)."""
    from checker.config.layers import read_toml

    p = Path(path) if path else _DEFAULT
    doc = read_toml(p, "score profile", PackError)
    if path is not None:  # the shipped default is validated by the test suite
        _validate(doc, str(p))
    cats = {k: (float(v["weight"]), v["label"], v.get("label_en", k))
            for k, v in doc["categories"].items()}
    total = float(doc["profile"].get("total", sum(w for w, _, _ in cats.values())))
    blocker = doc.get("blocker", {})
    cov = doc.get("coverage", {})
    d = doc["deductions"]
    return Profile(
        id=doc["profile"]["id"], title=doc["profile"]["title"], total=total, categories=cats,
        deductions={k: float(v) for k, v in d.items() if k != "inferred_factor"},
        rule_deductions={k: float(v) for k, v in doc.get("rules", {}).items()},
        bands=tuple(Band(float(b["min"]), b["grade"], b.get("grade_en", b["grade"]))
                    for b in doc["bands"]),
        veto=bool(blocker.get("veto", True)), veto_cap=float(blocker.get("cap", 59)),
        inferred_factor=float(d.get("inferred_factor", 1.0)), path=str(p),
        coverage_points={k: float(v) for k, v in cov.get("points", {}).items()},
        max_unassessed=float(cov.get("max_unassessed", 20)),
        context_rules=frozenset(cov.get("context", ())),
        review_grade=(str(cov.get("grade", "待核验")), str(cov.get("grade_en", "needs review"))))


def _validate(doc: Any, path: str) -> None:
    import jsonschema

    from checker.engine.packs import _key_path, _schema_error_message

    schema_path = Path(__file__).parent.parent / "schemas" / "profile.schema.json"
    schema = json.loads(schema_path.read_text("utf-8"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc),
                    key=lambda e: list(e.absolute_path))
    if errors:
        msg, hint = _schema_error_message(errors[0])
        raise PackError(msg, path=path, where=f"key {_key_path(errors[0].absolute_path)}",
                        hint=hint)


_default_cache: list[Profile] = []


def default_profile() -> Profile:
    if not _default_cache:
        _default_cache.append(load_profile(None))
    return _default_cache[0]


def grade(findings: Iterable[Finding], profile: Profile,
          not_assessable: Iterable[NotAssessable] = (), categories_run: Iterable[str] = (),
          rule_categories: Mapping[str, str] | None = None) -> Grade:
    """Score findings under a profile.

    One root cause is deducted once, at its highest deduction; each category loses at most
    its weight; any blocker caps the score and forces the lowest grade when the profile vetoes.
    ``rule_categories`` (code → category of every rule that ran) measures coverage (see
    :mod:`checker.grading.coverage`): beyond the profile's ``max_unassessed`` points the grade is
    the profile's review grade (待核验) instead of a band — unless a blocker already failed it.
    """
    findings = list(findings)
    per_root: dict[str, tuple[float, Finding]] = {}
    singles: list[tuple[float, Finding]] = []
    for f in findings:
        pts = profile.points_for(f)
        if f.root:
            key = f"{f.category}\x1f{f.root}"
            if key not in per_root or pts > per_root[key][0]:
                per_root[key] = (pts, f)
        else:
            singles.append((pts, f))
    charged = sorted(singles + list(per_root.values()), key=lambda pf: pf[1].sort_key())
    lost: dict[str, float] = {c: 0.0 for c in profile.categories}
    deductions: list[Deduction] = []
    for pts, f in charged:
        if pts <= 0 or f.category not in profile.categories:
            continue
        weight = profile.categories[f.category][0]
        take = min(pts, weight - lost[f.category])
        if take > 0:
            lost[f.category] += take
            deductions.append(Deduction(fingerprint=f.fingerprint, code=f.code,
                                        category=f.category, points=take))
    cats = tuple(CategoryScore(id=cid, label=label, label_en=label_en, weight=w, lost=lost[cid])
                 for cid, (w, label, label_en) in profile.categories.items())
    score = round(max(0.0, profile.total - sum(lost.values())), 2)
    findings_list = [pf[1] for pf in charged]
    vetoed = profile.veto and any(f.severity is Severity.BLOCKER for f in findings_list)
    if vetoed:
        score = min(score, profile.veto_cap)
    band = min(profile.bands, key=lambda b: b.min) if vetoed else profile.band_for(score)
    weights = {cid: w for cid, (w, _, _) in profile.categories.items()}
    unassessed, items = coverage.unassessed(weights, profile.coverage_points, rule_categories or {},
                                            categories_run, not_assessable,
                                            {f.code for f in findings})
    # what the run was not given (last year's report, a batch) does not send a report to review
    held = unassessed - sum(p for item, p in items if item in profile.context_rules)
    review = not vetoed and held > profile.max_unassessed
    name, name_en = profile.review_grade if review else (band.grade, band.grade_en)
    return Grade(profile=profile.id, score=score, grade=name, grade_en=name_en,
                 categories=cats, deductions=tuple(deductions), vetoed=vetoed,
                 unassessed_points=unassessed,
                 assessed_points=round(profile.total - unassessed, 2),
                 needs_review=review, unassessed=items)
