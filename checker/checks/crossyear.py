"""The ``crossyear`` check kind: this year's report against last year's (spec/domain.md §2.2).

Needs ``ctx.previous`` (last year's :class:`~checker.report.Report`, matched by agency and
year by ``gongkai score --previous`` or given by ``gongkai check --previous``); without it
every test is "not assessable", never a silent pass.

* ``carry_over`` X1: ``t3.cin.C[Y] == t3.cout.C[Y-1]`` for every column C.
* ``stock``      X2: ``t2.G.in_force[Y] == t2.G.in_force[Y-1] + t2.G.issued[Y]
  − t2.G.abolished[Y]``.
* ``yoy_prior``  a 同比增长/下降 N% sentence that states its own prior-year figure, recomputed
  against last year's table 3 (when the prose gives no prior figure, PCT004 already takes it
  from last year's report, so it is not checked twice).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from checker.checks.common import cell_loc, cell_pointer, labels, text_loc, variant_kinds
from checker.engine import rounding as rd
from checker.engine.kinds import CheckKind, Hit, RunContext, Say, Skip
from checker.files.lazyre import lazy
from checker.hookspecs import hookimpl
from checker.report import T3_COLS, Report

if TYPE_CHECKING:
    from checker.engine.packs import Rule

OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["test"],
    "properties": {
        "test": {"enum": ["carry_over", "stock", "yoy_prior"]},
        "groups": {"type": "array", "items": {"enum": ["reg", "norm"]}, "minItems": 1},
        "rounding": {"enum": list(rd.RULES)},
    },
}
PARAMS = frozenset({"col_label", "current", "prior", "diff", "group_label", "prior_in_force",
                    "issued", "abolished", "expected", "claim", "direction", "stated", "change",
                    "rounded", "actual_direction", "stated_prior", "basis", "prior_year"})
_GROUPS = {"reg": ("规章", "rules"), "norm": ("行政规范性文件", "normative documents")}
_SP = r"[ \t\u3000]*"
_KW = lazy(r"同比|较上年|比上年|较去年|比去年|上年同期|与上年相比|与去年相比")
_YOY = lazy(r"(?P<dir>增长|增加|上升|提高|增多|下降|减少|降低|回落)(?:了)?" + _SP
                  + r"(?P<p>\d+(?:\.\d+)?)" + _SP + "[%％]")
_COUNT = lazy(r"(?<![\d.])(?P<n>\d+)" + _SP + "件")
_PRIOR = lazy(r"(?:上年|去年|上一年度?)(?:同期)?[^，,。；;\d%\n]{0,12}?(?P<n>\d+)" + _SP + "件"
                    r"|由" + _SP + r"(?P<a>\d+)" + _SP + "件")
# The pack wording that names what a year-on-year figure was counted against, and the actual
# direction of the change.
_BASES = {"new": "basis_new", "new+cin": "basis_new_carried", "r7": "basis_results"}
_DIRECTIONS = {"增长": "change_up", "下降": "change_down", "持平": "change_none"}
_UP = ("增长", "增加", "上升", "提高", "增多")
_SENT_END = "。；;！？!?\n"


def _no_previous(prev: Report | None, report: Report) -> Skip | None:
    if prev is None:
        return Skip(Say("no_previous"))
    if report.year is not None and prev.year is not None and prev.year != report.year - 1:
        return Skip(Say("previous_wrong_year", {"given": prev.year, "wanted": report.year - 1}))
    return None


def _carry_over(report: Report, prev: Report) -> Iterator[Hit | Skip]:
    if not report.has_table("t3") or not prev.has_table("t3"):
        yield Skip(Say("table3_missing"))
        return
    for col in T3_COLS:
        cur, old = report.cell(f"t3.cin.{col}"), prev.cell(f"t3.cout.{col}")
        if cur is None or old is None or cur.value is None or old.value is None:
            continue  # blank cells are reported by the table rules
        if cur.value == old.value:
            continue
        lab = labels(f"t3.cin.{col}")
        yield Hit(params={"col_label": lab["zh"].split("·")[-1],
                          "col_label_en": lab["en"].split(" / ")[-1],
                          "current": cur.value, "prior": old.value, "diff": cur.value - old.value,
                          "prior_year": prev.year or ""},
                  pointer=cell_pointer(f"t3.cin.{col}"), loc=cell_loc(report, f"t3.cin.{col}"),
                  expected=str(old.value), actual=cur.raw or str(cur.value), key=col, root="t3.cin",
                  evidence=({"label": "本年“二、上年结转”", "label_en": "carried over (this year)",
                             "value": cur.value, "cell": f"t3.cin.{col}"},
                            {"label": "上年“四、结转下年度继续办理”",
                             "label_en": "carried forward (last year)",
                             "value": old.value, "cell": f"t3.cout.{col}", "loc": old.loc}))


def _value(report: Report, cell_id: str) -> int | Decimal | None:
    """The cell's value; None when the cell is missing or blank."""
    view = report.cell(cell_id)
    return None if view is None else view.value


def _stock(report: Report, prev: Report, groups: list[str]) -> Iterator[Hit | Skip]:
    for g in groups:
        cur, issued, abolished = (_value(report, f"t2.{g}.{c}")
                                  for c in ("in_force", "issued", "abolished"))
        old = prev.cell(f"t2.{g}.in_force")
        prior = None if old is None else old.value
        if cur is None or issued is None or abolished is None or old is None or prior is None:
            yield Skip(Say("stock_missing", {"group": _GROUPS[g][0], "group_en": _GROUPS[g][1]}))
            continue
        expected = prior + issued - abolished
        if cur == expected:
            continue
        yield Hit(params={"group_label": _GROUPS[g][0], "group_label_en": _GROUPS[g][1],
                          "current": cur, "prior_in_force": prior, "issued": issued,
                          "abolished": abolished, "expected": expected, "diff": cur - expected,
                          "prior_year": prev.year or ""},
                  pointer=cell_pointer(f"t2.{g}.in_force"),
                  loc=cell_loc(report, f"t2.{g}.in_force"),
                  expected=str(expected), actual=str(cur), key=g,
                  evidence=({"label": "上年现行有效件数", "label_en": "in force last year",
                             "value": prior, "loc": old.loc},
                            {"label": "本年制发件数", "label_en": "issued", "value": issued},
                            {"label": "本年废止件数", "label_en": "abolished", "value": abolished}))


def _t3(report: Report, key: str) -> int | None:
    total = 0
    for part in key.split("+"):
        v = report.cell(f"t3.{part}.tot")
        if v is None or not isinstance(v.value, int):
            return None
        total += v.value
    return total


def _sentence(text: str, pos: int) -> tuple[int, int]:
    a = max((text.rfind(c, 0, pos) for c in _SENT_END), default=-1) + 1
    ends = [i for i in (text.find(c, pos) for c in _SENT_END) if i >= 0]
    return a, (min(ends) + 1 if ends else len(text))


def _yoy_prior(report: Report, prev: Report, rule_name: str) -> Iterator[Hit | Skip]:
    text = report.text
    for m in _YOY.finditer(text):
        a, b = _sentence(text, m.start())
        kws = list(_KW.finditer(text, max(a, m.start() - 40), m.start()))
        if not kws or "百分点" in text[m.end():m.end() + 4]:
            continue
        kw = kws[-1]
        counts = [c for c in _COUNT.finditer(text, a, kw.start())
                  if not re.search(r"上年|去年|上一年|由", text[max(a, c.start() - 8):c.start()])]
        stated_prior = next((int(p.group("n") or p.group("a"))
                             for p in _PRIOR.finditer(text, a, b)), None)
        if not counts or stated_prior is None:
            continue  # without a prior figure in the prose PCT004 uses last year's report itself
        cur_m = counts[-1]
        current = int(cur_m.group("n"))
        before = text[a:cur_m.start()]
        keys = ("r7",) if re.search(r"答复|办结", before) else (
            ("new", "new+cin") if re.search(r"收到|受理|新收|申请", before) else ())
        basis = next((k for k in keys if _t3(report, k) == current), None)
        claim = text[cur_m.start():m.end()].replace("\n", " ")[:80]
        if basis is None:
            yield Skip(Say("claim_not_in_table3", {"claim": claim}))
            continue
        prior = _t3(prev, basis)
        if prior is None or prior <= 0:
            yield Skip(Say("claim_prior_missing", {"claim": claim}))
            continue
        stated = Decimal(m.group("p"))
        up = m.group("dir") in _UP
        change = Fraction(current - prior, prior) * 100
        right_dir = change == 0 or (change > 0) == up
        if right_dir and rd.fits(stated, abs(change), rule_name):
            continue
        dec = rd.decimals_of(stated)
        actual_dir = "增长" if change > 0 else ("下降" if change < 0 else "持平")
        rounded = rd.show_fraction(rd.round_to(abs(change), dec, rule_name), dec) + "%"
        yield Hit(params={"claim": claim, "direction": m.group("dir"), "stated": f"{stated}%",
                          "current": current, "prior": prior, "stated_prior": stated_prior,
                          "change": rd.show_fraction(abs(change), dec + 2) + "%",
                          "rounded": rounded,
                          "actual_direction": Say(_DIRECTIONS[actual_dir]),
                          "basis": Say(_BASES[basis]), "prior_year": prev.year or ""},
                  pointer="/text", loc=text_loc(report, cur_m.start(), m.end()),
                  expected=f"{actual_dir}{rounded}", actual=f"{m.group('dir')}{stated}%",
                  key=f"{cur_m.start()}:{basis}",
                  evidence=({"label": "本年", "label_en": "this year", "value": current},
                            {"label": "上年报告表三", "label_en": "last year's table 3",
                             "value": prior},
                            {"label": "文中所述上年数", "label_en": "prior figure in the text",
                             "value": stated_prior}))


def run(test: str, rule: Rule, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    """This year's report against last year's (``ctx.previous``) by ``test``."""
    prev = ctx.previous
    if prev is not None and not isinstance(prev, Report):
        prev = Report(prev)
    skip = _no_previous(prev, report)
    if skip is not None:
        yield skip
        return
    assert prev is not None  # _no_previous skips a missing previous report
    opts = rule.options
    if test == "carry_over":
        yield from _carry_over(report, prev)
    elif test == "stock":
        yield from _stock(report, prev, list(opts.get("groups") or ("reg", "norm")))
    else:
        yield from _yoy_prior(report, prev, opts.get("rounding", "gbt8170"))


_VARIANTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "carry_over": ("carried over from last year = last year's carried forward (table 3)", ()),
    "stock": ("rules and normative documents in force: last year's count + this year's changes",
              ("groups",)),
    "yoy_prior": ("year-on-year figures in the text agree with last year's table 3",
                  ("rounding",)),
}

_PREVIOUS = frozenset({"no_previous", "previous_wrong_year"})
_WORDING: dict[str, frozenset[str]] = {
    "carry_over": _PREVIOUS | {"table3_missing"},
    "stock": _PREVIOUS | {"stock_missing"},
    "yoy_prior": _PREVIOUS | {"claim_not_in_table3", "claim_prior_missing", *_BASES.values(),
                              *_DIRECTIONS.values()},
}


@hookimpl
def checker_register_check_kinds(config: Any) -> list[CheckKind]:
    return variant_kinds("crossyear", "test", OPTIONS_SCHEMA, run, _VARIANTS, PARAMS,
                         wording=_WORDING)
