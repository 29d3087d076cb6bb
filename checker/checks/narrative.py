"""The ``narrative.*`` check kinds: counts stated in the prose must match tables 3 and 4 (§8.1–8.3).

The prose is read once per report (:mod:`checker.checks.prose`); one kind per statement judged,
``narrative.<claim>``:

* ``received``  收到/受理/新收申请 X 件 = 表三「一、本年新收」总计
* ``answered``  答复/办结 X 件 = 「（七）总计」（``办理…申请 X 件`` may also mean 新收 or
  新收 + 结转）
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
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from checker.checks import prose
from checker.checks.claims import claims
from checker.checks.common import cell_loc, labels, show_number, text_loc
from checker.checks.tablevalues import T3_KEY_LABELS, t3_value, t4_value
from checker.engine.kinds import CheckKind, Hit, RunContext, Say, Skip
from checker.engine.scope import parts_scope_schema
from checker.hookspecs import hookimpl
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
# what the kinds say in the pack's words (skip reasons, notes); every claim may meet any
WORDING = frozenset({"narrative_no_parts", "narrative_no_t3", "narrative_no_t4",
                     "narrative_t3_missing", "narrative_t4_missing", "narrative_t4_cells_missing",
                     "narrative_t3_cout_missing", "narrative_note_carry_over",
                     "narrative_note_answered", "narrative_note_handled",
                     "narrative_note_all_upheld", "narrative_note_values"})
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
    for cid, name in zip(cells, names, strict=True):
        view = report.cell(cid)
        ev.append({"cell": cid, "label": name["zh"], "label_en": name["en"],
                   "value": view.raw if view else None, "loc": cell_loc(report, cid)})
    return tuple(ev)


def _hit(report: Report, claim: prose.Claim, key: str, *, stated: Any, expected: Any,
         subject: tuple[str, str], table: tuple[str, str], cells: list[str], inferred: bool,
         note: Say | str = "") -> Hit:
    text = report.text
    names = [labels(c) for c in cells]
    params = {"claim": _excerpt(text, claim.start, claim.end), "stated": stated,
              "expected": expected, "subject": subject[0], "subject_en": subject[1],
              "table_label": table[0], "table_label_en": table[1], "note": note,
              "cells": "、".join(n["zh"] for n in names),
              "cells_en": ", ".join(n["en"] for n in names)}
    return Hit(params=params, pointer="/text", loc=text_loc(report, claim.start, claim.end),
               expected=expected, actual=stated, evidence=_evidence(report, claim, cells, names),
               key=key, confidence="inferred" if inferred else "exact")


def _t3_missing() -> Skip:
    return Skip(Say("narrative_no_t3"), pointer="/tables/t3")


def _t4_missing() -> Skip:
    return Skip(Say("narrative_no_t4"), pointer="/tables/t4")


def _check_t3(report: Report, claim: prose.Claim, keys: prose.Keys) -> Iterator[Hit | Skip]:
    accepted: tuple[str, ...] = (("r7", "new", "new+cin") if claim.kind == "handled"
                                 else (claim.key,))
    values = [(k, *t3_value(report, k)) for k in accepted]
    main_key, main, cells, inferred = values[0]
    if main is None:
        table, table_en = T3_KEY_LABELS[main_key]
        yield Skip(Say("narrative_t3_missing", {"table": table, "table_en": table_en,
                                                "label": claim.label, "stated": claim.value}),
                   pointer="/tables/t3")
        return
    stated = claim.value or 0  # an int: compares exactly with the table's int or Fraction
    if any(v is not None and v == stated for _, v, _, _ in values):
        return
    note: Say | str = ""
    if claim.kind == "received":
        new, _, _ = t3_value(report, "new")
        cin, _, _ = t3_value(report, "cin")
        if new is not None and cin and stated == new + cin:
            a, b = prose.sentence_bounds(report.text, claim.start)
            if "结转" in report.text[a:b]:
                return  # the sentence itself says the figure includes the carry-over
            note = Say("narrative_note_carry_over", {"stated": claim.value,
                                                     "new": show_number(new),
                                                     "carried_over": show_number(cin)})
        else:
            r7, _, _ = t3_value(report, "r7")
            if r7 is not None and stated == r7:
                note = Say("narrative_note_answered", {"stated": claim.value})
    if claim.kind == "outcome":
        subject = (f"“{claim.label}”的申请", f'applications "{claim.label}"')
    else:
        subject = _SUBJECTS.get(claim.kind, (claim.label, claim.label))
    if claim.kind == "handled":
        note = Say("narrative_note_handled")
    yield _hit(report, claim, keys(claim.kind, claim.key, claim.value), stated=claim.value,
               expected=show_number(main), subject=subject, table=T3_KEY_LABELS[main_key],
               cells=cells, inferred=inferred, note=note)


def _check_t4(report: Report, claim: prose.Claim, keys: prose.Keys,
              group: str) -> Iterator[Hit | Skip]:
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
        table = ("表四行政复议总计 + 两类行政诉讼总计",
                 "table 4 review total + both litigation totals")
    else:
        col = "total" if kind in ("review", "litigation", "review_each") else claim.key
        value, cells, inferred = t4_value(report, group, col)
        zh, en = _T4_NAMES[group]
        rzh, ren = _RESULT_NAMES[col]
        subject = (zh if col == "total" else f"{zh}{rzh}", en if col == "total" else f"{en} {ren}")
        if group == "lit":
            table = (f"表四两类行政诉讼“{rzh}”之和",
                     f'table 4 litigation "{ren}" (both kinds together)')
        else:
            table = (f"表四{zh}“{rzh}”", f'table 4 {en} "{ren}"')
    if value is None:
        yield Skip(Say("narrative_t4_missing", {"table": table[0], "table_en": table[1],
                                                "label": claim.label}), pointer="/tables/t4")
        return
    stated = claim.value or 0  # an int: compares exactly with the table's int or Fraction
    if value == stated:
        return
    note: Say | str = ""
    if claim.extra.get("all"):
        note = Say("narrative_note_all_upheld", {"label": claim.label, "stated": stated})
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
        yield Skip(Say("narrative_t4_cells_missing"), pointer="/tables/t4")
        return
    if not nonzero:
        return
    names = "、".join(_T4_NAMES[g][0] for g in groups)
    names_en = " and ".join(_T4_NAMES[g][1] for g in groups)
    raws = [report.cell(c).raw for c in nonzero]  # type: ignore[union-attr]
    vals = "、".join(f"{labels(c)['zh'].removeprefix('表四')}为{raw}"
                    for c, raw in zip(nonzero, raws, strict=True))
    vals_en = ", ".join(f"{labels(c)['en'].removeprefix('table 4, ')} is {raw}"
                        for c, raw in zip(nonzero, raws, strict=True))
    hit = _hit(report, claim, keys("none", claim.key), stated=0, expected=vals,
               subject=(names, names_en), table=(f"表四{names}", f"table 4 {names_en}"),
               cells=nonzero, inferred=False,
               note=Say("narrative_note_values", {"values": vals, "values_en": vals_en}))
    hit.params.update(cells_values=vals, cells_values_en=vals_en)
    yield hit


def _check_all_answered(report: Report, claim: prose.Claim,
                        keys: prose.Keys) -> Iterator[Hit | Skip]:
    cout, cells, inferred = t3_value(report, "cout")
    if cout is None:
        yield Skip(Say("narrative_t3_cout_missing"), pointer="/tables/t3")
        return
    if cout > 0:
        yield _hit(report, claim, keys("all_answered", claim.label), stated=claim.label,
                   expected=show_number(cout),
                   subject=("结转下年度继续办理的申请", "applications carried forward"),
                   table=T3_KEY_LABELS["cout"], cells=cells, inferred=inferred)


def run(which: str, rule: Rule, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    """The ``narrative.<which>`` kinds (see the module docstring)."""
    parts = rule.scope.parts or prose.DEFAULT_PARTS
    found = claims(report, parts)
    if found is None:
        yield Skip(Say("narrative_no_parts"))
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
                      legacy_scope={"parts": "parts"}, wording=WORDING)
            for claim in CLAIMS]
