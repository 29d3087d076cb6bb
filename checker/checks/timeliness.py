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
from typing import TYPE_CHECKING, Any

from checker.engine.kinds import CheckKind, Hit, RunContext, Say, Skip
from checker.hookspecs import hookimpl
from checker.report import Report

if TYPE_CHECKING:
    from checker.engine.packs import Rule

OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "department": {"type": "string", "pattern": "^[01][0-9]-[0-3][0-9]$",
                       "description": "deadline (MM-DD of the next year) for departments"},
        "government": {"type": "string", "pattern": "^[01][0-9]-[0-3][0-9]$",
                       "description": "deadline for a county-level-or-above government's "
                                      "own report"},
        "other": {"type": "string", "pattern": "^[01][0-9]-[0-3][0-9]$",
                  "description": "deadline for 乡镇/街道/开发区 bodies (local notices; unset: "
                                 "not assessed)"},
        "government_pattern": {"type": "string"},
        "other_pattern": {"type": "string"},
    },
}
PARAMS = frozenset({"published", "deadline", "kind", "days"})
# The pack wording the kind may say: skip reasons, and the kind of body in the message.
WORDING = frozenset({"no_published_date", "unreadable_date", "local_deadline", "this_body",
                     "body_department", "body_government", "body_other"})
_GOVERNMENT = r"(?:省|自治区|市|县|区|州|盟|旗)人民政府$"
_OTHER = r"(?:乡|镇|苏木)人民政府$|街道办事处$|管委会$|管理委员会$|开发区|实验区"
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


def run(rule: Rule, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    published, year = report.meta.get("published"), report.year
    agency = (report.meta.get("agency") or "").replace(" ", "")
    if not published or not year:
        yield Skip(Say("no_published_date"))
        return
    try:
        date = dt.date.fromisoformat(published)
    except ValueError:
        yield Skip(Say("unreadable_date", {"published": published}))
        return
    government, other = rule.compiled
    opts = rule.options
    kind = ("government" if government.search(agency) else
            "other" if other.search(agency) else "department")
    mmdd = opts.get(kind, {"department": "01-31", "government": "03-31"}.get(kind))
    if mmdd is None:
        yield Skip(Say("local_deadline", {"agency": agency or Say("this_body")}))
        return
    deadline = _deadline(int(year), mmdd)
    if date > deadline:
        yield Hit(params={"published": _date_zh(date), "published_en": _date_en(date),
                          "deadline": _date_zh(deadline), "deadline_en": _date_en(deadline),
                          "kind": Say(f"body_{kind}"),
                          "days": (date - deadline).days},
                  pointer="/meta/published", expected=f"≤ {deadline.isoformat()}", actual=published,
                  key=f"{kind}:{published}")


@hookimpl
def checker_register_check_kinds(config: Any) -> list[CheckKind]:
    return [CheckKind(name="deadline",
                      summary="published by the statutory deadline (条例第四十九条)",
                      options_schema=OPTIONS_SCHEMA, run=run, compile=compile_options,
                      params=PARAMS, wording=WORDING)]
