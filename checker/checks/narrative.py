"""The ``narrative.*`` check kinds: counts stated in the prose must match tables 3 and 4 (§8.1–8.3).

The prose is read once per report (:mod:`checker.checks.prose`); one kind per statement judged,
``narrative.<claim>``:

* ``received``  收到/受理/新收申请 X 件 = 表三「一、本年新收」总计
* ``answered``  答复/办结 X 件 = 「（七）总计」（``办理…申请 X 件`` may also mean 新收 or 新收 + 结转）
* ``outcomes``  予以公开/部分公开/不予公开/无法提供/不予处理/其他处理 X 件 = the row or its items
* ``carried_forward`` 结转下年度 X 件 = 「四、结转下年度继续办理」总计
* ``carried_over`` 上年结转 X 件 = 「二、上年结转」总计
* ``review``  行政复议 X 件（维持 Y 件、均结果维持 …）= 表四行政复议
* ``litigation`` 行政诉讼 X 件 = 表四两类行政诉讼总计之和
* ``none``  “未发生行政复议、行政诉讼” needs the table-4 cells concerned to be 0
* ``all_answered`` “均在法定期限内予以答复”“全部办结” while 结转下年度 > 0
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Iterator

from checker.checks import prose
from checker.checks.claims import claims
from checker.checks.tablevalues import T3_KEY_LABELS, t3_value, t4_value
from checker.checks.common import cell_loc, labels, show_number, text_loc
from checker.hookspecs import hookimpl
from checker.engine.scope import parts_scope_schema
from checker.engine.kinds import CheckKind, Hit, RunContext, Skip
from checker.report import T4_COLS, Report

if TYPE_CHECKING:
    from checker.engine.packs import Rule

# claim → the prose claim kinds it judges, and the kind's summary
CLAIMS: dict[str, tuple[str, ...]] = {
    "received": ("received",),
    "answered": ("answered", "handled"),
    "outcomes": ("outcome",),
    "carried_forward": ("carried_forward",),
    "carried_over": ("carried_over",),
    "review": ("review", "review_result", "review_each", "review_sum"),
    "litigation": ("litigation", "litigation_result", "review_each"),
    "none": ("none",),
    "all_answered": ("all_answered",),
}
SUMMARIES = {
    "received": "applications received stated in the prose = table 3 new applications",
    "answered": "applications answered stated in the prose = table 3 results total",
    "outcomes": "outcome counts stated in the prose = the table 3 rows",
    "carried_forward": "applications carried forward stated in the prose = table 3",
    "carried_over": "applications carried over stated in the prose = table 3",
    "review": "administrative reviews (and results) stated in the prose = table 4",
    "litigation": "lawsuits (and results) stated in the prose = table 4",
    "none": "a statement of no review or litigation: the table 4 cells concerned are 0",
    "all_answered": "a statement that all were answered: nothing carried forward in table 3",
}
_NO_OPTIONS: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": {}}
PARAMS = frozenset({"claim", "stated", "expected", "subject", "table_label", "note", "cells",
                    "cells_values"})
_T4_NAMES = {"rev": ("行政复议", "administrative review"),
             "lit": ("行政诉讼", "litigation")}
_RESULT_NAMES = {"kept": ("结果维持", "upheld"), "fixed": ("结果纠正", "corrected"),
                 "other": ("其他结果", "other result"), "pending": ("尚未审结", "pending"),
                 "total": ("总计", "total")}
_SUBJECTS = {
    "received": ("收到（受理）的申请", "applications received"),
    "answered": ("答复（办结）的申请", "applications answered"),
    "handled": ("办理的申请", "applications handled"),
    "carried_forward": ("结转下年度继续办理的申请", "applications carried forward"),
    "carried_over": ("上年结转的申请", "applications carried over"),
}


def _excerpt(text: str, start: int, end: int) -> str:
    s = text[start:end].replace("\n", " ")
    return s if len(s) <= 60 else s[:58] + "…"


def _evidence(report: Report, claim: prose.Claim, cells: list[str],
              names: list[dict[str, str]]) -> tuple[dict[str, Any], ...]:
    ev: list[dict[str, Any]] = [{"label": "报告正文", "label_en": "report text",
                                 "value": report.text[claim.start:claim.end],
                                 "loc": text_loc(report, claim.start, claim.end)}]
    for cid, name in zip(cells, names):
        view = report.cell(cid)
        ev.append({"cell": cid, "label": name["zh"], "label_en": name["en"],
                   "value": view.raw if view else None, "loc": cell_loc(report, cid)})
    return tuple(ev)


def _hit(report: Report, claim: prose.Claim, key: str, *, stated: Any, expected: Any,
         subject: tuple[str, str], table: tuple[str, str], cells: list[str], inferred: bool,
         note: tuple[str, str] = ("", "")) -> Hit:
    text = report.text
    names = [labels(c) for c in cells]
    params = {"claim": _excerpt(text, claim.start, claim.end), "stated": stated,
              "expected": expected, "subject": subject[0], "subject_en": subject[1],
              "table_label": table[0], "table_label_en": table[1], "note": note[0],
              "note_en": note[1], "cells": "、".join(n["zh"] for n in names),
              "cells_en": ", ".join(n["en"] for n in names)}
    return Hit(params=params, pointer="/text", loc=text_loc(report, claim.start, claim.end),
               expected=expected, actual=stated, evidence=_evidence(report, claim, cells, names),
               key=key, confidence="inferred" if inferred else "exact")


def _t3_missing() -> Skip:
    return Skip("未找到表三，无法核对正文中的申请数字", "table 3 not found; prose counts not checked",
                "/tables/t3")


def _t4_missing() -> Skip:
    return Skip("未找到表四，无法核对正文中的行政复议、行政诉讼数字",
                "table 4 not found; review and litigation counts not checked", "/tables/t4")


def _check_t3(report: Report, claim: prose.Claim, keys: prose.Keys) -> Iterator[Hit | Skip]:
    if claim.kind == "handled":
        accepted = ("r7", "new", "new+cin")
    else:
        accepted = (claim.key,)
    values = [(k, *t3_value(report, k)) for k in accepted]
    main_key, main, cells, inferred = values[0]
    if main is None:
        yield Skip(f"表三缺少{T3_KEY_LABELS[main_key][0]}，无法核对“{claim.label}{claim.value}件”",
                   f"{T3_KEY_LABELS[main_key][1]} missing; cannot check the stated "
                   f"{claim.value}", "/tables/t3")
        return
    stated = claim.value or 0  # an int: compares exactly with the table's int or Fraction
    if any(v is not None and v == stated for _, v, _, _ in values):
        return
    note = ("", "")
    if claim.kind == "received":
        new, _, _ = t3_value(report, "new")
        cin, _, _ = t3_value(report, "cin")
        if new is not None and cin and stated == new + cin:
            a, b = prose.sentence_bounds(report.text, claim.start)
            if "结转" in report.text[a:b]:
                return  # the sentence itself says the figure includes the carry-over
            note = ((f"；{claim.value}件恰为本年新收{show_number(new)}件与上年结转"
                     f"{show_number(cin)}件之和，疑将上年结转申请计入本年受理数"),
                    (f"; {claim.value} is exactly {show_number(new)} new plus {show_number(cin)} "
                     f"carried over: the carry-over seems to be counted as received this year"))
        else:
            r7, _, _ = t3_value(report, "r7")
            if r7 is not None and stated == r7:
                note = (f"；{claim.value}件与“（七）总计”相同，是答复数而非收到数",
                        f"; {claim.value} equals the results total (7): answered, not received")
    if claim.kind == "outcome":
        subject = (f"“{claim.label}”的申请", f'applications "{claim.label}"')
    else:
        subject = _SUBJECTS.get(claim.kind, (claim.label, claim.label))
    if claim.kind == "handled":
        note = ("（也不等于本年新收数或本年新收与上年结转之和）",
                " (nor the new applications, nor new plus carried over)")
    yield _hit(report, claim, keys(claim.kind, claim.key, claim.value), stated=claim.value,
               expected=show_number(main), subject=subject, table=T3_KEY_LABELS[main_key],
               cells=cells, inferred=inferred, note=note)


def _check_t4(report: Report, claim: prose.Claim, keys: prose.Keys, group: str) -> Iterator[Hit | Skip]:
    if not report.has_table("t4"):
        yield _t4_missing()
        return
    kind = claim.kind
    if kind == "review_sum":
        r, rc, ri = t4_value(report, "rev", "total")
        lt, lc, li = t4_value(report, "lit", "total")
        value = None if r is None or lt is None else r + lt
        cells, inferred, col = rc + lc, ri or li, "total"
        subject = ("行政复议与行政诉讼合计", "reviews and lawsuits together")
        table = ("表四行政复议总计 + 两类行政诉讼总计", "table 4 review total + both litigation totals")
    else:
        col = "total" if kind in ("review", "litigation", "review_each") else claim.key
        value, cells, inferred = t4_value(report, group, col)
        zh, en = _T4_NAMES[group]
        rzh, ren = _RESULT_NAMES[col]
        subject = (zh if col == "total" else f"{zh}{rzh}", en if col == "total" else f"{en} {ren}")
        if group == "lit":
            table = (f"表四两类行政诉讼“{rzh}”之和", f'table 4 litigation "{ren}" (both kinds together)')
        else:
            table = (f"表四{zh}“{rzh}”", f'table 4 {en} "{ren}"')
    if value is None:
        yield Skip(f"表四缺少{table[0]}，无法核对“{claim.label}”", f"{table[1]} missing", "/tables/t4")
        return
    stated = claim.value or 0  # an int: compares exactly with the table's int or Fraction
    if value == stated:
        return
    note = ("", "")
    if claim.extra.get("all"):
        note = (f"（“{claim.label}”即{stated}件全部结果维持）",
                f' ("{claim.label}" means all {claim.value} were upheld)')
    yield _hit(report, claim, keys(kind, group, col, claim.value), stated=claim.value,
               expected=show_number(value), subject=subject, table=table, cells=cells,
               inferred=inferred, note=note)


def _check_none(report: Report, claim: prose.Claim, keys: prose.Keys) -> Iterator[Hit | Skip]:
    if not report.has_table("t4"):
        yield _t4_missing()
        return
    groups = claim.extra.get("groups", ())
    nonzero: list[str] = []
    checked: list[str] = []
    for g in groups:
        for tg in (("lit_dir", "lit_aft") if g == "lit" else ("rev",)):
            for col in T4_COLS:
                cid = f"t4.{tg}.{col}"
                view = report.cell(cid)
                if view is None:
                    continue
                checked.append(cid)
                if view.value is not None and view.value != 0:
                    nonzero.append(cid)
    if not checked:
        yield Skip("表四缺少相应单元格，无法核对", "table 4 cells missing", "/tables/t4")
        return
    if not nonzero:
        return
    names = "、".join(_T4_NAMES[g][0] for g in groups)
    names_en = " and ".join(_T4_NAMES[g][1] for g in groups)
    raws = [report.cell(c).raw for c in nonzero]  # type: ignore[union-attr]
    vals = "、".join(f"{labels(c)['zh'].removeprefix('表四')}为{raw}" for c, raw in zip(nonzero, raws))
    vals_en = ", ".join(f"{labels(c)['en'].removeprefix('table 4, ')} is {raw}"
                        for c, raw in zip(nonzero, raws))
    hit = _hit(report, claim, keys("none", claim.key), stated=0, expected=vals,
               subject=(names, names_en), table=(f"表四{names}", f"table 4 {names_en}"),
               cells=nonzero, inferred=False, note=(f"（{vals}）", f" ({vals_en})"))
    hit.params.update(cells_values=vals, cells_values_en=vals_en)
    yield hit


def _check_all_answered(report: Report, claim: prose.Claim, keys: prose.Keys) -> Iterator[Hit | Skip]:
    cout, cells, inferred = t3_value(report, "cout")
    if cout is None:
        yield Skip("表三缺少“四、结转下年度继续办理”，无法核对", "table 3 carried-forward row missing",
                   "/tables/t3")
        return
    if cout > 0:
        yield _hit(report, claim, keys("all_answered", claim.label), stated=claim.label,
                   expected=show_number(cout), subject=("结转下年度继续办理的申请", "applications carried forward"),
                   table=T3_KEY_LABELS["cout"], cells=cells, inferred=inferred)


def run(which: str, rule: Rule, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    """The ``narrative.<which>`` kinds (see the module docstring)."""
    parts = rule.scope.parts or prose.DEFAULT_PARTS
    found = claims(report, parts)
    if found is None:
        yield Skip("未找到总体情况、收到和处理申请情况等部分，无法核对正文数字",
                   "no overview/applications/review parts found; prose counts not checked")
        return
    kinds = CLAIMS[which]
    mine = [c for c in found if c.kind in kinds]
    if not mine:
        return
    keys = prose.Keys()
    t3_claims = ("received", "answered", "handled", "outcome", "carried_forward", "carried_over")
    if which in ("received", "answered", "outcomes", "carried_forward", "carried_over",
                 "all_answered") and not report.has_table("t3"):
        yield _t3_missing()
        return
    for claim in mine:
        if claim.kind in t3_claims:
            yield from _check_t3(report, claim, keys)
        elif claim.kind == "all_answered":
            yield from _check_all_answered(report, claim, keys)
        elif claim.kind == "none":
            yield from _check_none(report, claim, keys)
        elif claim.kind in ("review", "review_result", "review_sum"):
            yield from _check_t4(report, claim, keys, "rev")
        elif claim.kind in ("litigation", "litigation_result"):
            yield from _check_t4(report, claim, keys, "lit")
        elif claim.kind == "review_each":
            yield from _check_t4(report, claim, keys, "rev" if which == "review" else "lit")


@hookimpl
def checker_register_check_kinds(config: Any) -> list[CheckKind]:
    return [CheckKind(name=f"narrative.{claim}", summary=SUMMARIES[claim],
                      options_schema=_NO_OPTIONS, run=functools.partial(run, claim),
                      params=PARAMS, scope_schema=parts_scope_schema(),
                      legacy_scope={"parts": "parts"})
            for claim in CLAIMS]
