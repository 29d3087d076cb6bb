"""Year-on-year changes stated in the prose (同比增长/下降 N%), recomputed from both figures
when the prose states both, or when last year's report supplies the prior figure; the
direction word must match the sign (spec/domain.md §7, §8.15).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from checker.checks import prose
from checker.checks.claims import claims
from checker.checks.common import text_loc
from checker.checks.shares import PCT, notes, pct_lines, rounding, show_pct
from checker.checks.tablevalues import t3_value
from checker.engine import rounding as rd
from checker.engine.kinds import Hit, RunContext, Say, Skip
from checker.files.lazyre import lazy
from checker.report import Report

if TYPE_CHECKING:
    from checker.engine.packs import Rule

__all__ = ["YOY_WORDING", "run_yoy"]

YOY_WORDING = frozenset({"yoy_no_parts", "yoy_no_current", "yoy_no_prior",
                         "yoy_direction_wrong", "yoy_truncated", "yoy_up", "yoy_down",
                         "yoy_flat"})
# the direction a change really has (as the text would say it) → its pack wording
_DIRECTION_WORDING = {"增长": "yoy_up", "下降": "yoy_down", "持平": "yoy_flat"}

_YOY_KW = lazy(r"同比|较上年|比上年|较去年|比去年|上年同期|与上年相比|与去年相比|较(?:19|20)\d{2}年"
               r"|比(?:19|20)\d{2}年")
_YOY = lazy(r"(?P<dir>增长|增加|上升|提高|提升|增多|下降|减少|降低|下滑|回落)(?:了)?" + prose.SP
            + PCT)
_UP = ("增长", "增加", "上升", "提高", "提升", "增多")
_COUNT = lazy(r"(?<![\d.])(?P<n>\d{1,3}(?:,\d{3})+|\d+)" + prose.SP
              + r"(?P<u>件|条|次|个|项|场|篇|人次)")
_PRIOR = lazy(r"(?:上年|去年|上一年度?|(?P<y>(?:19|20)\d{2})年)(?!度?(?:结转|遗留|转入))(?:同期)?"
              r"(?:的|为|是|共|共计|有)?"
              r"[^，,。；;\d%\n增减多少降长升]{0,12}?(?P<n>\d{1,3}(?:,\d{3})+|\d+)" + prose.SP
              + r"(?P<u>件|条|次|个|项|场|篇|人次)")
_DELTA = lazy(r"(?:较|比)(?:上年|去年|上一年度?|(?P<y>(?:19|20)\d{2})年)(?:同期)?(?P<dir>增加|增长"
              r"|增多|多|减少|下降|少)(?:了)?"
                    + prose.SP + r"(?P<n>\d+)" + prose.SP + r"(?P<u>件|条|次|个|项|场|篇|人次)")
_FROM_TO = lazy(r"由" + prose.SP + r"(?P<a>\d+)" + prose.SP + r"(?P<u>件|条|次|个|项|场|篇|人次)"
                      r"(?:增长|增加|上升|下降|减少|降低)(?:到|至|为)" + prose.SP + r"(?P<b>\d+)"
                      + prose.SP + r"(?P=u)")
_PRIOR_WORD = lazy(r"上年|去年|上一年|同期|较|比")


def _prior_context(prefix: str, year: int | None) -> bool:
    return bool(_PRIOR_WORD.search(prefix)) or prose.other_year(prefix, year)


def _prior_from_previous(ctx: RunContext, report: Report, num_start: int,
                         parts: tuple[str, ...]) -> tuple[list[int], str] | None:
    prev = ctx.previous
    if prev is None:
        return None
    for c in claims(report, parts) or ():
        if c.num and c.num[0] == num_start and c.kind in ("received", "answered", "handled"):
            keys = {"received": ("new", "new+cin"), "answered": ("r7",),
                    "handled": ("r7", "new", "new+cin")}[c.kind]
            vals = []
            for k in keys:
                v, _, _ = t3_value(prev, k)
                if v is not None and v.denominator == 1 and v > 0:
                    vals.append(int(v))
            return (vals, "上年报告表三") if vals else None
    return None


def run_yoy(rule: Rule, report: Report, ctx: RunContext, parts: tuple[str, ...],
            rule_name: str) -> Iterator[Hit | Skip]:
    """``percentage.yoy``: each stated year-on-year change against both years' figures."""
    found = pct_lines(report, parts)
    if found is None:
        yield Skip(Say("yoy_no_parts"))
        return
    text = prose.search_text(report)
    year = report.year
    key = prose.Keys()
    for reg, lines in found:
        for m in (m for a, b in lines for m in _YOY.finditer(text, a, b)):
            a, b = prose.sentence_bounds(text, m.start(), reg.start, reg.end)
            window_start = max(a, m.start() - 40)
            kws = list(_YOY_KW.finditer(text, window_start, m.start()))
            if not kws or "百分点" in text[m.end():m.end() + 4]:
                continue
            kw = kws[-1]
            named = re.search(r"\d{4}", kw.group(0)) if kw.group(0).startswith(("较", "比")) \
                else None
            if named is not None and year is not None and int(named.group(0)) != year - 1:
                continue  # compared with a year other than the last
            stated = Decimal(m.group("p"))
            cur: tuple[int, int, str] | None = None   # value, offset, unit
            prior: list[int] = []
            source = ""
            ft = _FROM_TO.search(text, a, b)
            if ft:
                cur = (int(ft.group("b")), ft.start("b"), ft.group("u"))
                prior, source = [int(ft.group("a"))], "文中"
            else:
                before = [c for c in _COUNT.finditer(text, a, kw.start())
                          if not _prior_context(text[prose.clause_start(text, c.start()):c.start()],
                                                year)]
                if before:
                    c = before[-1]
                    cur = (int(c.group("n").replace(",", "")), c.start(), c.group("u"))
                for dm in _DELTA.finditer(text, a, b):
                    y = dm.group("y")
                    not_last_year = y is not None and (year is None or int(y) != year - 1)
                    if cur is None or dm.group("u") != cur[2] or not_last_year:
                        continue
                    delta = int(dm.group("n"))
                    up_by = delta if dm.group("dir") in (*_UP, "多") else -delta
                    prior.append(cur[0] - up_by)
                    source = "文中"
                    break
                for p in ([] if prior else _PRIOR.finditer(text, a, b)):
                    y = p.group("y")
                    if y is not None and (year is None or int(y) != year - 1):
                        continue
                    if cur is not None and p.group("u") == cur[2] and p.start("n") != cur[1]:
                        prior.append(int(p.group("n").replace(",", "")))
                        source = "文中"
                        break
            if cur is None:
                yield Skip(Say("yoy_no_current", {"claim": text[kw.start():m.end()]}))
                continue
            if not prior:
                got = _prior_from_previous(ctx, report, cur[1], parts)
                if got is None:
                    yield Skip(Say("yoy_no_prior", {"claim": text[kw.start():m.end()]}))
                    continue
                prior, source = got
            direction = m.group("dir")
            up = direction in _UP
            dec = rd.decimals_of(stated)
            fits = []
            for pv in prior:
                if pv <= 0:
                    continue
                change = Fraction(cur[0] - pv, pv) * 100
                right_dir = (change > 0 and up) or (change < 0 and not up) or change == 0
                fits.append((pv, change, right_dir and rd.fits(stated, abs(change), rule_name)))
            if not fits:
                continue
            if any(ok for _, _, ok in fits):
                continue
            pv, change, _ = fits[0]
            actual_dir = "增长" if change > 0 else ("下降" if change < 0 else "持平")
            shown = max(2, dec + 2)
            said: list[Say] = []
            actual = Say(_DIRECTION_WORDING[actual_dir])
            if (change > 0) != up and change != 0:
                said.append(Say("yoy_direction_wrong", {"direction": direction, "actual": actual}))
            if rd.truncate_to(abs(change), dec) == rd.to_fraction(stated) and \
                    rd.round_to(abs(change), dec, rule_name) != rd.to_fraction(stated):
                said.append(Say("yoy_truncated"))
            loc_start = min(cur[1], kw.start())
            rounded = show_pct(rd.round_to(abs(change), dec, rule_name), dec)
            yield Hit(params={"direction": direction, "stated": f"{stated}%", "current": cur[0],
                              "prior": pv, "change": show_pct(abs(change), shown),
                              "rounded": rounded,
                              "actual_direction": actual, "note": notes(said),
                              "claim": text[loc_start:m.end()].replace("\n", " ")[:80],
                              "rounding": rounding(rule_name)},
                      pointer="/text", loc=text_loc(report, loc_start, m.end()),
                      expected=f"{actual_dir}{rounded}",
                      actual=f"{direction}{stated}%", key=key("yoy", cur[0], pv, stated),
                      evidence=({"label": "本年", "label_en": "this year", "value": cur[0]},
                                {"label": f"上年（{source}）", "label_en": "prior year",
                                 "value": pv}))


