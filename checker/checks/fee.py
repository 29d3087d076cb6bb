"""Check kinds ``fee.*``: part 六 states the 信息处理费, and agrees with table 3 (spec §4.2,
§2.2 X4).

The fee sentences of part 六 are found once per report and kept as a report analysis
(:meth:`checker.report.Report.analysis`).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from checker.checks.common import cell_loc, cell_pointer, excerpt_around, text_loc
from checker.engine.kinds import CheckKind, Hit, RunContext, Say, Skip
from checker.files.lazyre import lazy
from checker.hookspecs import hookimpl
from checker.report import Report

if TYPE_CHECKING:
    from checker.engine.packs import Rule

FEE_SCHEMA: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": {}}
FEE_PARAMS = frozenset({"context", "r6_2", "amount", "part", "applications"})

_FEE_WORD = lazy(r"信息处理费|信息(?:公开)?(?:处理)?费|处理费")
# without the word 信息处理费, a statement about 收费/费用 in part 六 still counts
_FEE_LOOSE = lazy(r"收费|收取[^。；\n]{0,6}费|费用")
SENT_END = lazy(r"[。！？；!?;\n]")
_NEG = lazy(
    r"未收|没有收|无收|不收|免收|免费|未产生|没有产生|未发生|没有发生|不存在|未涉及|不涉及|无此|均未|未曾"
    r"|为零|为\s*[0０]|(?<![0-9０-９.])[0０〇零]\s*元|未[^。；\n]{0,15}收取|没有[^。；\n]{0,15}收取"
    r"|无[^。；\n]{0,6}信息处理费|^\s*(?:无|没有|未收取|不涉及)\s*[。.]?\s*$", re.MULTILINE)
_AMOUNT = lazy(r"(?<![0-9.])([0-9]+(?:\.[0-9]+)?)\s*(万元|元)")
_NO_NOTICE = lazy(
    r"(?:未|没有|无|不存在)[^。；\n按]{0,10}(?:发出|下发|出具|发送|送达|作出|开具|制发)?[^。；\n按]{0,4}"
    r"(?:收费|缴费)通知|未(?:启动|开展|进行|发生|涉及|履行)[^。；\n]{0,8}收费程序")


@dataclass(frozen=True)
class Window:
    """A stretch of text about the information-processing fee, and what it states."""

    start: int
    end: int
    stated: bool
    amount: Decimal | None


@dataclass(frozen=True)
class FeeText:
    """The fee statements of the part that reports on fees."""

    part_start: int
    part_end: int
    windows: tuple[Window, ...]


_NEXT_LINE = lazy(r"\S[^\n]*")


def _window(text: str, at: int, lo: int, hi: int) -> tuple[int, int]:
    s = at
    while s > lo and not SENT_END.match(text[s - 1]):
        s -= 1
    m = SENT_END.search(text, at, hi)
    e = m.end() if m else hi
    line = text[s:e].strip()
    if len(line) < 40 and not line.endswith(("。", "；", "！")):
        # a heading such as （一）收取信息处理费情况: the statement is the next paragraph
        nxt = _NEXT_LINE.search(text, e, hi)
        if nxt:
            e = nxt.end()
    return s, e


def fee_sentences(report: Report) -> FeeText | None:
    """The sentences of part 六 that speak of 信息处理费 — or, failing that, of 收费/费用 —
    (None when part 六 is missing)."""
    return report.analysis(_fee_sentences)


def _fee_sentences(report: Report) -> FeeText | None:
    sec = report.section("other")
    result = None
    if sec is not None and sec.get("span"):
        lo, hi = sec["span"]["start"], sec["span"]["end"]
        text = report.text
        windows: list[Window] = []
        last_end = -1
        # every sentence about the fee counts: "不收取费用。……将依照……收取信息处理费" states it
        hits = sorted([*_FEE_WORD.finditer(text, lo, hi), *_FEE_LOOSE.finditer(text, lo, hi)],
                      key=lambda m: m.start())
        for m in hits:
            if m.start() < last_end:
                continue
            s, e = _window(text, m.start(), lo, hi)
            chunk = text[s:e]
            neg = bool(_NEG.search(chunk))
            amounts = [Decimal(a) * (10000 if u == "万元" else 1)
                       for a, u in _AMOUNT.findall(chunk)]
            amount = None if neg or not amounts else max(amounts)
            windows.append(Window(s, e, neg or bool(amounts), amount))
            last_end = e
        result = FeeText(lo, hi, tuple(windows))
    return result


def _t3_all_zero(report: Report) -> bool:
    seen = False
    for row, cols in (report.tables.get("t3") or {}).items():
        if not isinstance(cols, dict):
            continue
        for col in cols:
            view = report.cell(f"t3.{row}.{col}")
            if view is not None and view.value not in (None, 0):
                return False
            seen = seen or view is not None
    return seen


def _part_pointer(report: Report) -> str:
    """JSON pointer of part 六 (the report text when there is none)."""
    part = report.section("other")
    return f"/sections/{report.sections.index(part)}" if part is not None else "/text"


def run_fee(test: str, rule: Rule, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    """Part 六 against ``test``: the fee is stated (``statement``), or agrees with table 3."""
    fee = fee_sentences(report)
    if fee is None:
        yield Skip(Say("fee_part_missing"))
        return
    text = report.text
    if test == "statement":
        if not any(w.stated for w in fee.windows):
            at = fee.windows[0].start if fee.windows else fee.part_start
            end = fee.windows[0].end if fee.windows else min(fee.part_end, at + 12)
            excerpt = excerpt_around(text, at, end, 0) if fee.windows else ""
            context = Say("fee_text_reads", {"excerpt": excerpt}) if excerpt else Say(
                "fee_not_mentioned")
            yield Hit(params={"context": context,
                              "part": "六、其他需要报告的事项"},
                      pointer=_part_pointer(report),
                      loc=text_loc(report, at, end),
                      expected="本年度收取信息处理费X元 / 本年度未收取信息处理费",
                      actual=text[at:end] if fee.windows else "（未提及信息处理费）",
                      key="fee-statement")
        return
    if not report.has_table("t3"):
        yield Skip(Say("fee_table_missing"))
        return
    if test == "notice_conflict":
        view = report.cell("t3.r6_2.tot")
        if view is None or view.value is None:
            yield Skip(Say("fee_notice_total_missing"))
            return
        if view.value <= 0:
            return
        m = _NO_NOTICE.search(text, fee.part_start, fee.part_end)
        if m:
            yield Hit(params={"r6_2": str(view.value),
                              "applications": Say("application" if view.value == 1
                                                  else "applications"),
                              "context": excerpt_around(text, m.start(), m.end())},
                      pointer=cell_pointer("t3.r6_2.tot"), loc=text_loc(report, m.start(), m.end()),
                      expected="表三有收费通知未缴费的申请时，不应称未发出收费通知",
                      actual=m.group(0), key="x4-notice",
                      evidence=({"cell": "t3.r6_2.tot", "label": "表三（六）2.逾期未缴费·总计",
                                 "label_en": "table 3 (6) 2 total", "value": view.raw,
                                 "loc": cell_loc(report, "t3.r6_2.tot")},))
    elif test == "collected_no_applications":
        paid = [(w, w.amount) for w in fee.windows if w.amount is not None and w.amount > 0]
        if paid and _t3_all_zero(report):
            w, value = paid[0]
            amount = f"{value.normalize():f}"
            yield Hit(params={"amount": amount, "context": excerpt_around(text, w.start, w.end, 0)},
                      pointer="/text", loc=text_loc(report, w.start, w.end),
                      expected="收取信息处理费须有依申请公开的申请", actual=f"{amount}元",
                      key="x4-collected")



_SUMMARIES = {
    "statement": "part 6 states the information processing fee collected, or that none was",
    "notice_conflict": "X4: part 6 denies fee notices that table 3 counts",
    "collected_no_applications": "X4: part 6 reports a fee collected but table 3 has no "
                                 "applications",
}


# The pack wording each kind may say (skip reasons, the note on what part 6 reads).
_WORDING = {
    "statement": frozenset({"fee_part_missing", "fee_text_reads", "fee_not_mentioned"}),
    "notice_conflict": frozenset({"fee_part_missing", "fee_table_missing",
                                  "fee_notice_total_missing", "application", "applications"}),
    "collected_no_applications": frozenset({"fee_part_missing", "fee_table_missing"}),
}


@hookimpl
def checker_register_check_kinds(config: Any) -> list[CheckKind]:
    return [CheckKind(name=f"fee.{test}", summary=summary, options_schema=FEE_SCHEMA,
                      run=functools.partial(run_fee, test), params=FEE_PARAMS,
                      wording=_WORDING[test])
            for test, summary in _SUMMARIES.items()]
