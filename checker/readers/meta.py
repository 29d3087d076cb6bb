"""Report metadata: title, agency, year, statistical period and publication date."""
from __future__ import annotations

import re
from typing import Any

from checker.files.lazyre import lazy
from checker.readers.locate import Locator

__all__ = ["agency_of", "find_meta"]

_TITLE_LINE = lazy(r"^[ \t#*>]*(?P<t>[^\n\t]{4,80}?信息公开[^\n\t]{0,10}?(?:年度报告|年报))"
                         r"[ \t]*(?P<after>[^\n]*)$", re.M)
_CRAWL_TITLE = lazy(r"^[ \t]*(?:标题|名称|题名)[ \t]*[:：\t][ \t]*(?P<t>[^\n]+)$", re.M)
_YEAR = lazy(r"((?:19|20)\d{2})[ \t]*年")
_REPORT = lazy(r"[ \t]*政府信息公开.*$|[ \t]*信息公开.*$")
_PERIOD = lazy(
    r"((?:19|20)\d{2})\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起)?\s*(?:至|到|-|~|—|－)\s*"
    r"(?:((?:19|20)\d{2})\s*年\s*)?12\s*月\s*31\s*日")
_PUB_HEAD = lazy(
    r"^[ \t]*(?:发布时间|发布日期|公开日期|成文日期|发文日期|印发日期)[ \t]*[:：\t][ \t]*"
    r"((?:19|20)\d{2})[-年/.](\d{1,2})[-月/.](\d{1,2})", re.M)
_PUB_CELL = lazy(r"(?:发布时间|发布日期|公开日期)[ \t]*[:：\t][ \t]*"
                       r"((?:19|20)\d{2})[-年/.](\d{1,2})[-月/.](\d{1,2})")
_DATE_LINE = lazy(r"^[ \t(（]*((?:19|20)\d{2})\s*[年-]\s*(\d{1,2})\s*[月-]\s*(\d{1,2})\s*日?"
                        r"[ \t)）]*$", re.M)
_OPENING_YEAR = lazy(r"(?:^|[\n。：:])[ \t　]*(?:本机关|我[局厅委办院]|[^\n。，,]{0,20}?)?"
                           r"((?:19|20)\d{2})[ \t]*年度?(?:[，,以]|是|中|里|全年)")
_BODY_MARK = lazy(r"^=+\s*正文\s*=+\s*$", re.M)
_PROSE = lazy(r"[《》。，,；;：:]")


def _date(y: str, m: str, d: str) -> str | None:
    mi, di = int(m), int(d)
    if 1 <= mi <= 12 and 1 <= di <= 31:
        return f"{int(y):04d}-{mi:02d}-{di:02d}"
    return None


def agency_of(title: str) -> str | None:
    """The issuing agency from a report title: the title minus year and report words."""
    t = title.strip()
    ym = _YEAR.search(t)
    if ym:
        before = t[:ym.start()].strip()
        if before:
            return before.replace(" ", "").strip("-_ 　") or None
        after = _REPORT.sub("", t[ym.end():]).lstrip("度").strip()
        return after.replace(" ", "") or None
    head = _REPORT.sub("", t).strip()
    return head.replace(" ", "") or None


def _title(text: str, head_end: int) -> tuple[str | None, int | None]:
    body = _BODY_MARK.search(text)
    start = body.end() if body else 0
    for m in _TITLE_LINE.finditer(text, start, min(len(text), start + 4000)):
        t = m.group("t").strip()
        if _PROSE.search(t) or t.startswith(("本报告", "根据", "依据", "按照", "现将", "标题",
                                             "名称", "关于")):
            continue
        s = m.start("t")
        # a title split over two lines: "淮安市人民政府" / "2024 年政府信息公开工作年度报告"
        if _YEAR.match(t):
            prev_end = text.rfind("\n", 0, s)
            prev_start = text.rfind("\n", 0, max(0, prev_end)) + 1
            prev = text[prev_start:max(prev_start, prev_end)].strip(" \t#")
            if prev and len(prev) <= 30 and not re.search(r"[。，,：:\d]", prev):
                return prev + t, prev_start + text[prev_start:prev_end].index(prev)
        return t, s
    crawled = _CRAWL_TITLE.search(text, 0, head_end)
    if crawled:
        t = crawled.group("t").strip()
        cut = re.search(r"(?:年度报告|年报)", t)
        if cut:
            t = t[:cut.end()]
        return t, crawled.start("t")
    return None, None


def find_meta(text: str, loc: Locator) -> dict[str, Any]:
    """Return title, agency, year, period and published (each possibly None)."""
    body = _BODY_MARK.search(text)
    head_end = body.start() if body else min(len(text), 1500)
    title, title_at = _title(text, head_end)
    agency = agency_of(title) if title else None
    year = None
    if title:
        ym = _YEAR.search(title)
        year = int(ym.group(1)) if ym else None
    period = None
    pm = _PERIOD.search(text)
    if pm:
        y1 = pm.group(1)
        y2 = pm.group(2) or y1
        period = {"start": f"{y1}-01-01", "end": f"{y2}-12-31",
                  "loc": loc.loc(pm.start(), pm.end() - pm.start())}
        if year is None:
            year = int(y1)
    if year is None:
        # no title or period: the year the report opens with ("2018年，省人社厅…", "2018年度")
        om = _OPENING_YEAR.search(text, 0, min(len(text), 600))
        if om:
            year = int(om.group(1))
    if year is not None and not 1990 <= year <= 2100:
        year = None
    published = None
    limit = head_end if body else (title_at if title_at else min(len(text), 1500))
    pub = _PUB_HEAD.search(text, 0, max(limit, 0)) or _PUB_CELL.search(text, 0, max(limit, 0))
    if pub:
        published = _date(*pub.groups())
    if published is None and title_at is not None:
        # a date line right under the title: "(2026年1月23日)"
        nxt = _DATE_LINE.search(text, title_at, min(len(text), title_at + 200))
        if nxt:
            published = _date(*nxt.groups())
    if published is None:
        tail_start = max(0, len(text.rstrip()) - 120)
        dates = list(_DATE_LINE.finditer(text, tail_start))
        if dates:
            published = _date(*dates[-1].groups())
    return {"title": title, "agency": agency, "year": year, "period": period,
            "published": published}
