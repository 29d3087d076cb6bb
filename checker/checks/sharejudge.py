"""Each stated share judged against its count and the plausible denominators (spec/domain.md
§7.2): （七）总计, 本年新收, 新收 + 上年结转, and a total stated in the same paragraph, with the
count stated in the prose or, failing that, the table's. A share is right when rounding the
exact value to the stated number of decimals (GB/T 8170 by default, or 四舍五入) gives it;
truncation is not rounding. A set that is wrong item by item but is a largest-remainder
allocation summing to 100 is ``adjusted``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from checker.checks.claims import claims
from checker.checks.shares import Share, shares
from checker.checks.tablevalues import t3_value
from checker.engine import rounding as rd
from checker.report import Report

__all__ = ["DENOMINATORS", "DEN_EN", "Result", "denominators", "evaluate", "totals_100"]

DENOMINATORS = ("r7", "new", "new+cin", "stated")
_DEN_LABELS = {"r7": ("（七）总计", "the results total"), "new": ("本年新收", "new applications"),
               "new+cin": ("本年新收与上年结转之和", "new plus carried-over applications")}
DEN_EN = {zh: en for zh, en in _DEN_LABELS.values()}

@dataclass(slots=True)
class Result:
    """The verdict on one stated percentage and the figures it was judged by."""

    share: Share
    status: str          # ok | bad | adjusted | unknown
    count: int | None = None
    den: tuple[int, str] | None = None
    exact: Fraction | None = None
    others: list[tuple[int, str, Fraction]] = field(default_factory=list)
    truncated: bool = False
    half_up: bool = False


def denominators(report: Report, share: Share, wanted: tuple[str, ...],
                  parts: tuple[str, ...]) -> list[tuple[int, str, str]]:
    """(value, label zh, label en) of each candidate denominator, distinct values only.
    Worked out once per report: a set's denominators are judged once and totalled once."""
    return report.analysis(_find_denominators, share.start, wanted, parts)


def _find_denominators(report: Report, start: int, wanted: tuple[str, ...],
                       parts: tuple[str, ...]) -> list[tuple[int, str, str]]:
    out: list[tuple[int, str, str]] = []
    seen: set[int] = set()
    for key in wanted:
        if key == "stated":
            text = report.text
            para = text.rfind("\n", 0, start) + 1
            for c in claims(report, parts) or ():
                if c.kind in ("received", "answered", "handled") and para <= c.start < start \
                        and c.value and c.value not in seen:
                    seen.add(c.value)
                    out.append((c.value, f"文中所述“{text[c.start:c.end]}”",
                                f"stated total {c.value}"))
            continue
        v, _, _ = t3_value(report, key)
        if v is None or v <= 0 or v.denominator != 1 or int(v) in seen:
            continue
        seen.add(int(v))
        out.append((int(v), *_DEN_LABELS[key]))
    return out


def _counts(report: Report, share: Share) -> list[int]:
    out: list[int] = []
    if share.count is not None:
        out.append(share.count)
    v, _, _ = t3_value(report, share.key)
    if v is not None and v.denominator == 1 and int(v) not in out:
        out.append(int(v))
    return out


def _judge(s: Share, counts: list[int], dens: list[tuple[int, str, str]],
           tried: list[tuple[int, str, str]], rule_name: str, fits: bool | None = None) -> Result:
    """One share against the denominators ``tried`` (``dens``: all candidates, for the message);
    ``fits``: whether it fits one of them with one of its counts, when already known."""
    res = Result(s, "unknown")
    if not counts or not tried:
        return res
    res.count = counts[0]
    if fits is None:
        fits = any(s.fits(c, d, rule_name) for c in counts for d, _, _ in tried)
    if fits:
        res.status = "ok"
        return res
    res.status = "bad"
    target = rd.to_fraction(s.pct)
    if len(tried) == 1:
        best = tried[0]
    else:
        best = min(tried, key=lambda d: (abs(rd.percent_of(counts[0], d[0]) - target),
                                         tried.index(d)))
    res.den = (best[0], best[1])
    res.exact = rd.percent_of(counts[0], best[0])
    res.others = [(d, lab, rd.percent_of(counts[0], d)) for d, lab, _ in dens if d != best[0]]
    dec = s.dec
    res.truncated = any(rd.truncate_to(rd.percent_of(c, d), dec) == target
                        for c in counts for d, _, _ in tried)
    res.half_up = rule_name != "half_up" and any(
        s.fits(c, d, "half_up") for c in counts for d, _, _ in tried)
    return res


def evaluate(report: Report, parts: tuple[str, ...], rule_name: str,
             wanted: tuple[str, ...]) -> list[Result] | None:
    """Judge every share; once per report, parts, rounding rule and denominators."""
    return report.analysis(_evaluate_shares, parts, rule_name, wanted)


def _evaluate_shares(report: Report, parts: tuple[str, ...], rule_name: str,
                     wanted: tuple[str, ...]) -> list[Result] | None:
    found = shares(report, parts)
    if found is None:
        return None
    sets: dict[int, list[Share]] = {}
    for s in found:
        sets.setdefault(s.set_id, []).append(s)
    results: list[Result] = []
    for members in sets.values():
        dens = denominators(report, members[0], wanted, parts)
        counts = [_counts(report, s) for s in members]
        tried = dens
        fits: list[bool | None] = [None] * len(members)
        if members[0].form == "list" and len(members) > 1 and len(dens) > 1:
            # a listed set shares one denominator: the one most of its items fit
            table = [[any(s.fits(c, d, rule_name) for c in cs)
                      for s, cs in zip(members, counts, strict=True)] for d, _, _ in dens]
            i = max(range(len(dens)), key=lambda i: (sum(table[i]), -i))
            tried = [dens[i]]
            fits = table[i]  # type: ignore[assignment]
        res = [_judge(s, cs, dens, tried, rule_name, fit)
               for s, cs, fit in zip(members, counts, fits, strict=True)]
        results.extend(res)
        if any(r.status == "bad" for r in res) and all(r.count is not None for r in res):
            order = tried + [d for d in dens if d not in tried]
            for d, dzh, _ in order:
                if rd.is_largest_remainder([r.share.pct for r in res],
                                           [r.count for r in res], d):  # type: ignore[misc]
                    for r in res:
                        if r.status == "bad":
                            r.status = "adjusted"
                            r.den = (d, dzh)
                            r.exact = rd.percent_of(r.count, d)  # type: ignore[arg-type]
                            r.others = []
                    break
    results.sort(key=lambda r: r.share.start)
    return results


def totals_100(shares: list[Share]) -> bool:
    """Whether the shares total 100 within ±0.5·10^-d per item, exactly, in integers: both
    sides scaled by 2·10^D (D the most decimals) are whole numbers."""
    places = [s.dec for s in shares]
    scale: int = 2 * 10 ** max(places)
    total = 0
    for s in shares:
        num, den = s.pct.as_integer_ratio()  # finite: the figures are read from the text
        total += int(num) * scale // int(den)
    tolerance: int = sum(scale // (2 * 10 ** d) for d in places)
    return abs(total - 100 * scale) <= tolerance


