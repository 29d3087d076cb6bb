"""The ``percentage`` check kind: stated shares and year-on-year changes, recomputed exactly
(spec/domain.md §7, §8.15).

Shares are read from the prose in two forms — the list form ``予以公开14件、部分公开15件…，
分别占比21%、23%…`` and the inline form ``不予公开35件，占4.34%`` — and mapped to table 3
(予以公开 = r1, 部分公开 = r2, 不予公开 = Σr3, 无法提供 = Σr4, 不予处理 = Σr5, 其他处理 = Σr6,
予以公开及部分公开 = r1 + r2, 自然人 / 法人或其他组织 = 本年新收的两类申请人). Each share is
recomputed against every plausible denominator — （七）总计, 本年新收, 新收 + 上年结转, and a
total stated in the same paragraph — with the count stated in the prose or, failing that,
the table's. Per §7.2 a share is right when rounding the exact value to the stated number of
decimals (GB/T 8170 by default, or 四舍五入) gives it; truncation is not rounding.

One kind per thing a rule reports:

* ``percentage.shares``: a share that fits no denominator and is not explained by forcing the
  set to 100 (:mod:`checker.checks.shares` finds the shares, :mod:`checker.checks.sharejudge`
  judges them)
* ``percentage.adjusted``: a share that is wrong on its own but the whole set is a
  largest-remainder allocation summing to 100 (the author forced the total)
* ``percentage.total``: a complete set of shares whose total is not 100 beyond ±0.5·10^-d per
  item
* ``percentage.yoy``: 同比增长/下降 N%, recomputed from both figures when the prose states both
  (or last year's report supplies the prior figure); the direction word must match the sign
  (:mod:`checker.checks.yoy`)
"""
from __future__ import annotations

import functools
from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from checker.checks import prose
from checker.checks.common import text_loc
from checker.checks.sharejudge import (
    DEN_EN,
    DENOMINATORS,
    Result,
    denominators,
    evaluate,
    totals_100,
)
from checker.checks.shares import NOTES_WORDING, notes, rounding, show_pct
from checker.checks.yoy import YOY_WORDING, run_yoy
from checker.engine import rounding as rd
from checker.engine.kinds import CheckKind, Hit, RunContext, Say, Skip
from checker.engine.scope import parts_scope_schema
from checker.hookspecs import hookimpl
from checker.report import Report

if TYPE_CHECKING:
    from checker.engine.packs import Rule

_ROUNDING = {"enum": list(rd.RULES),
             "description": "gbt8170 (四舍六入五成双, default) or half_up (四舍五入)"}
SHARES_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "rounding": _ROUNDING,
        "denominators": {"type": "array", "minItems": 1, "uniqueItems": True,
                         "items": {"enum": list(DENOMINATORS)},
                         "description": "denominators tried, in order of preference"},
    },
}
YOY_SCHEMA: dict[str, Any] = {"type": "object", "additionalProperties": False,
                              "properties": {"rounding": _ROUNDING}}
SHARE_PARAMS = frozenset({"label", "count", "stated", "exact", "rounded", "den", "den_label",
                          "alt", "note", "rounding", "claim"})
TOTAL_PARAMS = frozenset({"total", "tolerance", "items", "den"})
YOY_PARAMS = frozenset({"direction", "stated", "current", "prior", "change", "rounded",
                        "actual_direction", "note", "claim", "rounding"})
SHARE_WORDING = NOTES_WORDING | {"share_no_parts", "share_unchecked", "share_truncated",
                                 "share_half_up"}
# kind name → (summary, options schema, params)
KINDS: dict[str, tuple[str, dict[str, Any], frozenset[str]]] = {
    "shares": ("a stated share fits its count and denominator", SHARES_SCHEMA, SHARE_PARAMS),
    "adjusted": ("a share forced so that the set totals 100 (largest remainders)",
                 SHARES_SCHEMA, SHARE_PARAMS),
    "total": ("a complete set of shares totals 100", SHARES_SCHEMA, TOTAL_PARAMS),
    "yoy": ("a year-on-year change fits both years' figures and direction", YOY_SCHEMA,
            YOY_PARAMS),
}

def _trim(s: str) -> str:
    return s.rstrip("0").rstrip(".") if "." in s else s


def _share_hit(report: Report, res: Result, rule_name: str, key: str) -> Hit:
    s = res.share
    dec = s.dec
    assert res.den is not None and res.exact is not None
    rounded = rd.round_to(res.exact, dec, rule_name)
    shown = max(2, dec + 2)
    alt = "".join(f"若按{lab}{d}件计算，则为{show_pct(x, shown)}（修约后为"
                  f"{show_pct(rd.round_to(x, dec, rule_name), dec)}）。"
                  for d, lab, x in res.others)
    alt_en = "".join(f" Against {DEN_EN.get(lab, lab)} ({d}) it is {show_pct(x, shown)} "
                     f"({show_pct(rd.round_to(x, dec, rule_name), dec)})."
                     for d, lab, x in res.others)
    said: list[Say] = []
    # (PCT002, "adjusted", explains the adjustment in its own message)
    if res.truncated and res.status == "bad":
        said.append(Say("share_truncated"))
    if res.half_up and res.status == "bad":
        said.append(Say("share_half_up", {"stated": s.pct}))
    shown_rounded = show_pct(rounded, dec)
    item = report.text[s.start:s.end]
    params = {"label": s.label, "count": res.count, "stated": f"{s.pct}%",
              "exact": show_pct(res.exact, shown), "rounded": shown_rounded, "den": res.den[0],
              "den_label": res.den[1], "den_label_en": DEN_EN.get(res.den[1], res.den[1]),
              "alt": alt, "alt_en": alt_en,
              "note": notes(said), "rounding": rounding(rule_name),
              "claim": item}
    evidence = ({"label": "报告正文（项目）", "label_en": "report text (item)",
                 "value": item, "loc": text_loc(report, s.start, s.end)},
                {"label": "报告正文（百分比）", "label_en": "report text (share)",
                 "value": report.text[s.pstart:s.pend], "loc": text_loc(report, s.pstart, s.pend)},
                {"label": "分母", "label_en": "denominator", "value": res.den[0],
                 "den": res.den[1]})
    return Hit(params=params, pointer="/text", loc=text_loc(report, s.pstart, s.pend),
               expected=shown_rounded, actual=f"{s.pct}%", evidence=evidence, key=key)


def _run_shares(rule: Any, report: Report, parts: tuple[str, ...], rule_name: str,
                wanted: tuple[str, ...], test: str) -> Iterator[Hit | Skip]:
    results = evaluate(report, parts, rule_name, wanted)
    if results is None:
        yield Skip(Say("share_no_parts"))
        return
    key = prose.Keys()
    if test in ("shares", "adjusted"):
        want = "bad" if test == "shares" else "adjusted"
        for res in results:
            if res.status == "unknown":
                if test == "shares":
                    yield Skip(Say("share_unchecked", {"label": res.share.label,
                                                       "stated": res.share.pct}))
            elif res.status == want:
                yield _share_hit(report, res, rule_name, key(res.share.key, res.share.pct))
        return
    sets: dict[int, list[Result]] = {}
    for res in results:
        sets.setdefault(res.share.set_id, []).append(res)
    for members in sets.values():
        if len(members) < 2 or any(r.count is None for r in members):
            continue
        first = members[0].share
        dens = denominators(report, first, wanted, parts)
        total_count = sum(r.count for r in members)  # type: ignore[misc]
        if not any(d == total_count for d, _, _ in dens):
            continue  # not the whole: the shares need not add up to 100
        if totals_100([r.share for r in members]):
            continue
        total = sum((rd.to_fraction(r.share.pct) for r in members), Fraction(0))
        tol = sum((Fraction(1, 2 * 10 ** rd.decimals_of(r.share.pct)) for r in members),
                  Fraction(0))
        dec = max(rd.decimals_of(r.share.pct) for r in members)
        last = members[-1].share
        items = "、".join(f"{r.share.label}{r.share.pct}%" for r in members)
        tolerance = _trim(rd.show_fraction(tol, dec + 1)) + "%"
        yield Hit(params={"total": show_pct(total, dec), "tolerance": tolerance,
                          "items": items, "den": total_count},
                  pointer="/text", loc=text_loc(report, first.start, last.pend),
                  expected="100%", actual=show_pct(total, dec), key=key("total", items),
                  evidence=tuple({"label": r.share.label, "value": f"{r.share.pct}%",
                                  "loc": text_loc(report, r.share.pstart, r.share.pend)}
                                  for r in members))


def run(test: str, rule: Rule, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    """The ``percentage.<test>`` kinds: ``shares``, ``adjusted``, ``total`` or ``yoy``."""
    opts = rule.options
    parts = rule.scope.parts or prose.DEFAULT_PARTS
    rule_name = opts.get("rounding", "gbt8170")
    if test == "yoy":
        yield from run_yoy(rule, report, ctx, parts, rule_name)
    else:
        wanted = tuple(opts.get("denominators") or DENOMINATORS)
        yield from _run_shares(rule, report, parts, rule_name, wanted, test)


def _compile(options: dict[str, Any]) -> None:
    if options.get("rounding", "gbt8170") not in rd.RULES:
        raise ValueError(f"rounding must be one of {', '.join(rd.RULES)}")


@hookimpl
def checker_register_check_kinds(config: Any) -> list[CheckKind]:
    return [CheckKind(name=f"percentage.{test}", summary=summary, options_schema=schema,
                      run=functools.partial(run, test), compile=_compile, params=params,
                      wording=YOY_WORDING | NOTES_WORDING if test == "yoy" else SHARE_WORDING,
                      scope_schema=parts_scope_schema(), legacy_scope={"parts": "parts"})
            for test, (summary, schema, params) in KINDS.items()]
