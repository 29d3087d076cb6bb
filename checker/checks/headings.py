"""The ``headings.*`` check kinds: part headings against the format's official wording —
``headings.variant`` reports an acceptable variant (warning), ``headings.outdated`` an outdated
or mistyped heading (error) (spec/domain.md §3.3).
"""
from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from checker.checks.sections import (
    OFFICIAL_TITLES,
    PART_EN,
    PARTS,
    canonical_sections,
    expected_heading,
    normalise_title,
    sec_loc,
    sec_pointer,
    structure_skip,
)
from checker.engine.kinds import CheckKind, Hit, RunContext, Say, Skip
from checker.files.lazyre import lazy
from checker.hookspecs import hookimpl
from checker.report import Report

if TYPE_CHECKING:
    from checker.engine.packs import Rule

__all__ = ["OUTDATED", "VARIANTS", "classify_heading", "run_headings"]

# Variant and outdated titles, after normalise_title (spec §3.3). Exact matches never fire.
# Each names the pack wording of its note (or "" for none). A note completes the message
# "标题“…”{note}与年度报告格式规定的标题不一致" (variants) or "标题“…”{note}，应为…" (outdated):
# it says what is wrong with the heading, once.
TIAOLI = "heading_tiaoli"
PRE2019 = "heading_pre2019"
TYPO = "heading_typo"  # made specific by _typo_note (heading_typo_at)
OUTDATED_NOTE = "heading_outdated"
WORDING = frozenset({TIAOLI, PRE2019, TYPO, OUTDATED_NOTE, "heading_typo_at",
                     "structure_pre2019", "headings_no_parts"})
VARIANTS: dict[str, dict[str, str]] = {
    "proactive": {"行政机关主动公开政府信息情况": TIAOLI},
    "applications": {"行政机关收到和处理政府信息公开申请情况": TIAOLI},
    "review_litigation": {
        "因政府信息公开工作被申请行政复议、提起行政诉讼情况": TIAOLI,
        "因政府信息公开工作被申请行政复议、被提起行政诉讼情况": TIAOLI,
        "政府信息公开工作被申请行政复议、提起行政诉讼情况": TIAOLI,
        "因政府信息公开工作被申请行政复议、行政诉讼情况": TIAOLI,
    },
    "problems": {
        "政府信息公开工作存在的主要问题及改进情况": TIAOLI,
        "存在的主要问题和改进情况": "",
        "存在的主要问题和改进措施": "",
        "存在的主要问题及改进措施": "",
        "政府信息公开工作存在的主要问题和改进情况": TIAOLI,
    },
    "other": {"其他需要报告事项": ""},
}
OUTDATED: dict[str, dict[str, str]] = {
    "overview": {"概述": PRE2019, "基本工作情况": PRE2019},
    "applications": {"收到的处理政府信息公开申请情况": TYPO,
                     "依申请公开政府信息情况": PRE2019},
    "review_litigation": {
        "因政府信息公开申请行政复议、提起行政诉讼情况": PRE2019,
        "申请行政复议、提起行政诉讼和申诉情况": PRE2019,
        "因政府信息公开申请行政复议、提起行政诉讼和申诉情况": PRE2019,
        "行政复议诉讼和举报投诉情况": PRE2019,
    },
    "problems": {"存在问题及工作打算": PRE2019, "工作存在的主要问题及下步打算": PRE2019},
}
_OUTDATED_RX = {"problems": lazy(r"打算$"), "review_litigation": lazy(r"申诉|举报投诉")}


def classify_heading(part: str, title: str, extra: dict[str, Any] | None = None
                     ) -> tuple[str, Say | str] | None:
    """None when the title is the official one; else (kind, note), kind being ``variant``
    (acceptable, warning) or ``outdated`` (outdated or incorrect, error), the note the pack
    wording that says what is wrong, or "" for none."""
    official = OFFICIAL_TITLES[part]
    if title == official:
        return None  # as written (normalise_title keeps every official title as it is)
    t = normalise_title(title)
    if t == official:
        return None
    variants = _with_extra(VARIANTS.get(part, {}), extra, "variants", part)
    outdated = _with_extra(OUTDATED.get(part, {}), extra, "outdated", part)
    if t in variants:
        return ("variant", Say(variants[t]) if variants[t] else "")
    if t in outdated:
        note = outdated[t]
        if note == TYPO and len(t) == len(official):
            return ("outdated", _typo_note(t, official))
        return ("outdated", Say(note or OUTDATED_NOTE))
    rx = _OUTDATED_RX.get(part)
    if rx and rx.search(t):
        return ("outdated", Say(PRE2019))
    if len(t) == len(official) and sum(a != b for a, b in zip(t, official, strict=True)) <= 2:
        return ("outdated", _typo_note(t, official))
    return ("variant", "")


def _typo_note(title: str, official: str) -> Say:
    """Where a heading differs from the official one by a character or two:
    ``中“收到的处理”疑为“收到和处理”之误``."""
    diffs = [i for i, (a, b) in enumerate(zip(title, official, strict=True)) if a != b]
    if not diffs:
        return Say(TYPO)
    start, end = max(0, diffs[0] - 2), min(len(title), diffs[-1] + 3)
    return Say("heading_typo_at", {"wrong": title[start:end], "right": official[start:end]})


def _with_extra(titles: dict[str, str], extra: dict[str, Any] | None, key: str,
                part: str) -> dict[str, str]:
    """``titles`` plus the configured extra ones of the part (``extra[key][part]``), if any."""
    more = extra.get(key, {}).get(part, ()) if extra else ()
    if not more:
        return titles
    return {**titles, **dict.fromkeys((normalise_title(v) for v in more), "")}


# -- headings.* -------------------------------------------------------------------------------

_TITLE_LISTS = {"type": "object", "propertyNames": {"enum": list(PARTS)},
                "additionalProperties": {"type": "array", "items": {"type": "string"}}}
HEADINGS_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "variants": {**_TITLE_LISTS, "description": "extra acceptable titles per part (warning)"},
        "outdated": {**_TITLE_LISTS,
                     "description": "extra outdated or incorrect titles per part (error)"},
    },
}
HEADINGS_VARIANTS = {
    "variant": "part headings in an acceptable variant of the official wording",
    "outdated": "part headings in outdated (pre-2019) wording or with a typo",
}
HEADINGS_PARAMS = frozenset({"part", "part_label", "heading", "expected", "note"})


def _classified(report: Report, rule: Rule) -> list[tuple[dict[str, Any], tuple[str, Say | str]]]:
    # the variant and outdated rules share one classification when their lists agree
    lists = json.dumps(rule.options, sort_keys=True, ensure_ascii=False)
    return report.analysis(_classify_all, lists)


def _classify_all(report: Report, lists_json: str
                  ) -> list[tuple[dict[str, Any], tuple[str, Say | str]]]:
    options = json.loads(lists_json)
    out = []
    for c in canonical_sections(report):
        if not c["title"]:
            continue
        res = classify_heading(c["part"], c["title"], options)
        if res:
            out.append((c, res))
    return out


def run_headings(want: str, rule: Rule, report: Report, ctx: RunContext
                 ) -> Iterator[Hit | Skip]:
    """The ``headings.<want>`` kinds: headings classified ``variant`` or ``outdated``."""
    skip = structure_skip(report)
    if skip:
        yield skip
        return
    if not canonical_sections(report):
        yield Skip(Say("headings_no_parts"))
        return
    for c, (kind, note) in _classified(report, rule):
        if kind != want:
            continue
        expected = expected_heading(c["part"])  # also the part's label
        yield Hit(params={"part": c["part"], "part_label": expected,
                          "part_label_en": PART_EN[c["part"]], "heading": c["heading"],
                          "expected": expected, "note": note},
                  pointer=sec_pointer(c), loc=sec_loc(report, c), expected=expected,
                  actual=c["heading"], key=c["part"])


@hookimpl
def checker_register_check_kinds(config: Any) -> list[CheckKind]:
    return [CheckKind(name=f"headings.{want}", summary=summary, options_schema=HEADINGS_SCHEMA,
                      run=functools.partial(run_headings, want), params=HEADINGS_PARAMS,
                      wording=WORDING)
            for want, summary in HEADINGS_VARIANTS.items()]
