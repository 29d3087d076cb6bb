"""The ``deadline`` check kind: the report was published by its statutory deadline (spec §6).

条例第四十九条: departments of governments at county level and above publish by 1月31日;
the competent department publishes its own government's report by 3月31日. Other bodies
(乡镇, 街道, 开发区管委会) follow local notices, so their deadline is an option. Without a
publication date in the document the rule is not assessable — never a silent pass.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from checker.engine.kinds import CheckKind, Hit, RunContext, Skip
from checker.hookspecs import hookimpl
from checker.report import Report

OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "department": {"type": "string", "pattern": "^[01][0-9]-[0-3][0-9]$",
                       "description": "deadline (MM-DD of the next year) for departments"},
        "government": {"type": "string", "pattern": "^[01][0-9]-[0-3][0-9]$",
                       "description": "deadline for a county-level-or-above government's own report"},
        "other": {"type": "string", "pattern": "^[01][0-9]-[0-3][0-9]$",
                  "description": "deadline for 乡镇/街道/开发区 bodies (local notices; unset: not assessed)"},
        "government_pattern": {"type": "string"},
        "other_pattern": {"type": "string"},
    },
}
PARAMS = frozenset({"published", "deadline", "kind", "days"})
_GOVERNMENT = r"(?:省|自治区|市|县|区|州|盟|旗)人民政府$"
_OTHER = r"(?:乡|镇|苏木)人民政府$|街道办事处$|管委会$|管理委员会$|开发区|实验区"
_KIND_ZH = {"department": "政府部门", "government": "县级以上人民政府本级报告",
            "other": "乡镇、街道、开发区等"}
_KIND_EN = {"department": "a department",
            "government": "a county-level-or-above government's own report",
            "other": "a township, sub-district or development zone"}
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


def _date_zh(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _date_en(d: dt.date) -> str:
    return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"


def compile_options(options: dict[str, Any]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    try:
        return (re.compile(options.get("government_pattern", _GOVERNMENT)),
                re.compile(options.get("other_pattern", _OTHER)))
    except re.error as exc:
        raise ValueError(f"invalid pattern: {exc}") from None


def _deadline(year: int, mmdd: str) -> dt.date:
    month, day = (int(x) for x in mmdd.split("-"))
    return dt.date(year + 1, month, day)


def run(rule: Any, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    published, year = report.meta.get("published"), report.year
    agency = (report.meta.get("agency") or "").replace(" ", "")
    if not published or not year:
        yield Skip("文中没有发布日期，无法核对是否按时发布（需人工核验）",
                   "no publication date in the document; timeliness cannot be checked")
        return
    try:
        date = dt.date.fromisoformat(published)
    except ValueError:
        yield Skip(f"发布日期“{published}”无法识别", f"unreadable publication date {published!r}")
        return
    government, other = rule.compiled
    opts = rule.options
    kind = ("government" if government.search(agency) else
            "other" if other.search(agency) else "department")
    mmdd = opts.get(kind, {"department": "01-31", "government": "03-31"}.get(kind))
    if mmdd is None:
        yield Skip(f"{agency or '该机关'}的发布期限由地方通知规定，未配置（with.other）",
                   "the deadline for this kind of body is set locally; configure with.other")
        return
    deadline = _deadline(int(year), mmdd)
    if date > deadline:
        yield Hit(params={"published": _date_zh(date), "published_en": _date_en(date),
                          "deadline": _date_zh(deadline), "deadline_en": _date_en(deadline),
                          "kind": _KIND_ZH[kind], "kind_en": _KIND_EN[kind],
                          "days": (date - deadline).days},
                  pointer="/meta/published", expected=f"≤ {deadline.isoformat()}", actual=published,
                  key=f"{kind}:{published}")


@hookimpl
def checker_register_check_kinds(config: Any) -> list[CheckKind]:
    return [CheckKind(name="deadline", summary="published by the statutory deadline (条例第四十九条)",
                      options_schema=OPTIONS_SCHEMA, run=run, compile=compile_options, params=PARAMS)]
