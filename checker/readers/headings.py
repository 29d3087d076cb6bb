"""Recognise part headings and classify them onto the six parts of the report.

Headings come in every numbering style (``一、`` ``（一）`` ``(一)`` ``1.``), on their own
line, run into the paragraph that follows, or inline in a flattened article. Official
wordings, 条例 wordings, pre-2019 wordings and typos map onto ``part`` by keywords
(domain spec §1.2, §3.3).
"""
from __future__ import annotations

from checker.files.lazyre import LazyPattern, lazy

__all__ = ["INLINE_PART", "NOT_HEADING", "STRONG", "classify", "cn_value"]

_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def cn_value(numeral: str) -> int:
    """Value of a Chinese numeral up to 99 (``十二`` → 12); Arabic digits pass through."""
    if numeral.isdigit():
        return int(numeral)
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + _CN.get(numeral[1:], 0)
    if numeral.endswith("十"):
        return _CN.get(numeral[0], 0) * 10
    if "十" in numeral:
        a, b = numeral.split("十", 1)
        return _CN.get(a, 0) * 10 + _CN.get(b, 0)
    return _CN.get(numeral, 0)


_RULES: list[tuple[str, LazyPattern]] = [
    ("review_litigation", lazy(r"复议|诉讼|复\s*议")),
    ("other", lazy(r"其他需要?报告|其它需要?报告|需要?报告的(?:其他)?事项"
                         r"|其[他它](?:需要说明的)?事项"
                         r"|需要说明的其[他它]事项")),
    ("problems", lazy(r"问题|改进|不足|打算|整改|下一步")),
    ("applications", lazy(r"依申请|(?:收到|处理).{0,8}申请|申请公开")),
    ("proactive", lazy(r"主动公开")),
    ("overview", lazy(r"总体情况|概述|概况|基本情况|总体|基本工作情况|工作情况综述")),
]

# T3 row labels that look like part headings (一、本年新收… 三、本年度办理结果 …)
NOT_HEADING = lazy(r"^(?:本年新收|上年结转|本年度办理结果|结转下年度|本年度?办理|本列数据)")

# wordings seen in real reports beside the format's own (each is still the part, with the
# variant warning the format demands): 存在的主要问题及明年工作计划, 需要说明的其他事项与附表,
# 其他需报告的事项, 政府信息公开行政法复议… (a stray character)
_PROBLEMS = (r"(?:政府信息公开工作)?存在的?(?:主要)?问题(?:及|和|与)[^。\s，,；;]{1,10}?"
             r"(?:情况|措施|计划|打算|安排|方向|思路)")
_OTHER = (r"其[他它]需要?报告的?事项|需要说明的其[他它]事项(?:与附表|及附表)?"
          r"|其[他它]需要说明的事项|其[他它]事项")
_REVIEW = (r"(?:因)?政府信息公开(?:工作)?(?:被申请|申请)?行政.{0,2}?复议[、和及与]?(?:提起)?"
           r"行政诉讼(?:和申诉)?(?:的)?情况")

# titles that identify a part strongly enough to accept any numbering style
STRONG = lazy(
    r"^(?:总体情况|概述"
    r"|(?:行政机关)?主动公开政府信息(?:的)?(?:工作)?情况"
    r"|(?:行政机关)?收到(?:和|的|及|与)?处理政府信息公开申请(?:的)?情况"
    r"|(?:因)?政府信息公开(?:工作)?(?:被申请|申请)?行政复议.{0,6}行政诉讼(?:的)?情况"
    r"|(?:政府信息公开工作)?存在的?主要问题(?:及|和|与)(?:其?改进|整改)(?:情况|措施)"
    r"|" + _PROBLEMS + r"|" + _OTHER + r")[。.:：]?$"
)

# parts run inline into a flattened article: the numeral and a known title
INLINE_PART = lazy(
    r"(?P<num>[一二三四五六七八九十])\s*、\s*(?P<title>"
    r"总体情况|概述|基本情况"
    r"|(?:行政机关)?主动公开政府信息(?:的)?(?:工作)?情况"
    r"|(?:行政机关)?收到(?:和|的|及|与)?处理政府信息公开申请(?:的)?情况"
    r"|依申请公开[^。\s]{0,16}?情况"
    r"|(?:因)?政府信息公开(?:工作)?(?:被申请|申请)?行政复议[、和及与]?(?:提起)?行政诉讼(?:和申诉)?(?:的)?情况"
    r"|申请行政复议[、和及与]?提起行政诉讼(?:和申诉)?(?:的)?情况"
    r"|(?:政府信息公开工作)?存在的?主要问题(?:及|和|与)(?:其?改进|整改)(?:情况|措施)"
    r"|" + _REVIEW + r"|" + _PROBLEMS + r"|" + _OTHER +
    r")"
)


def classify(title: str) -> str:
    """Map a heading title (without its number) onto a ``part``; ``unknown`` if none fits."""
    t = title.replace(" ", "")
    for part, rx in _RULES:
        if rx.search(t):
            if part == "applications" and "收费" in t and "申请" not in t:
                continue
            return part
    return "unknown"
