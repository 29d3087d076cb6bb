"""The ``topics`` check kind: what a part (or one of its sub-sections) must cover — part 一's
five sub-topics, the accountability items of 监督保障, part 六's usual items (spec §1.1, §1.2,
§8.10). Registered by :mod:`checker.checks.sections`.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from checker.checks.common import text_loc
from checker.checks.sections import (
    ORDINAL_FIRST,
    PARTS,
    effective_heading,
    normalise_title,
    part_label,
    strip_ordinal,
)
from checker.engine.kinds import CheckKind, Hit, RunContext, Skip
from checker.engine.scope import parts_scope_schema
from checker.hookspecs import hookimpl
from checker.report import Report

__all__ = ["TOPICS_PARAMS", "TOPICS_SCHEMA", "run_topics"]

TOPICS_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["topics"],
    "properties": {
        "topics": {"type": "array", "minItems": 1, "items": {
            "type": "object", "additionalProperties": False, "required": ["name", "keywords"],
            "properties": {"name": {"type": "string", "minLength": 1},
                           "name_en": {"type": "string"},
                           "keywords": {"type": "array", "minItems": 1,
                                        "items": {"type": "string", "minLength": 1}}}}},
        "match": {"enum": ["headings", "text"],
                  "description": "headings: sub-headings (or a line opening with the keyword); "
                                 "text: anywhere in the scope"},
        "within": {"type": "array", "items": {"type": "string", "minLength": 1},
                   "description":
                       "narrow the scope to the sub-section whose title has one of these"},
        "within_label": {"type": "string", "minLength": 1,
                         "description": "what messages call that sub-section (e.g. 监督保障)"},
        "each": {"type": "boolean",
                 "description": "one finding per missing topic (default) or one in all"},
        "agency": {"type": "string", "description": "run only when meta.agency matches (regex)"},
        "agency_unclear": {"type": "string",
                           "description":
                               "agencies for which applicability is unclear: not assessable"},
    },
}
TOPICS_PARAMS = frozenset({"part", "part_label", "topic", "missing", "expected", "scope"})


def _compile_topics(options: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("agency", "agency_unclear"):
        if options.get(key):
            try:
                out[key] = re.compile(options[key])
            except re.error as exc:
                raise ValueError(f"{key}: {exc}") from None
    return out


def _line_openings(text: str) -> list[str]:
    """Each line's opening words, with any ordinal (（一）, 一、, 一是 …) removed."""
    out = []
    for line in text.split("\n"):
        rest = line.lstrip()
        if not rest:
            continue
        if rest[0] in ORDINAL_FIRST or rest[0].isdecimal():  # strip_ordinal's own pre-test
            line = strip_ordinal(line)
        out.append(line[:16])
    return out


def _covered(keywords: list[str], haystacks: list[str], joined: str) -> bool:
    """Whether a keyword occurs in one of the haystacks; ``joined`` is them joined by newlines,
    none of which has one (a keyword without a newline is in one of them iff it is in it)."""
    return any(k in joined if "\n" not in k else any(k in h for h in haystacks)
               for k in keywords)


def _missing_in_headings(report: Report, topics: list[dict[str, Any]],
                         subs: list[dict[str, Any]], body: str) -> list[dict[str, Any]]:
    """The topics named neither in a sub-heading nor at the opening of a line of ``body``; the
    lines are only looked at for topics the sub-headings miss."""
    titles = [normalise_title(strip_ordinal(effective_heading(report, s))) for s in subs]
    joined = "\n".join(titles)
    missing = [t for t in topics if not _covered(t["keywords"], titles, joined)]
    if missing:
        openings = _line_openings(body)
        joined = "\n".join(openings)
        missing = [t for t in missing if not _covered(t["keywords"], openings, joined)]
    return missing


def run_topics(rule: Any, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    opts = rule.options
    compiled = rule.compiled or {}
    agency = report.meta.get("agency") or ""
    if "agency" in compiled and not compiled["agency"].search(agency):
        if "agency_unclear" in compiled and compiled["agency_unclear"].search(agency):
            yield Skip(f"“{agency}”是否须报告此项不明确，请人工核验",
                       f"unclear whether {agency} must report this; check by hand")
        return
    part = rule.scope.parts[0]
    sec = report.section(part)
    if sec is None or not isinstance(sec.get("span"), dict):
        yield Skip(f"缺少“{part_label(part)}”部分，无法核对",
                   f"{part_label(part, 'en')} is missing")
        return
    text = report.text
    span = sec["span"]
    subs: list[dict[str, Any]] = sec.get("subsections") or []
    scope_start, scope_end, scope = span["start"], span["end"], None
    within = opts.get("within")
    if within:
        for sub in subs:
            title = strip_ordinal(effective_heading(report, sub))
            kw = next((k for k in within if k in title), None)
            if kw and isinstance(sub.get("span"), dict):
                scope_start, scope_end = sub["span"]["start"], sub["span"]["end"]
                name = opts.get("within_label") or kw
                scope = f"“{part_label(part)}”的{name}部分（“{title}”）"
                break
    body = text[scope_start:scope_end]
    if len(subs) >= 2 and opts.get("match", "text") == "headings":
        missing = _missing_in_headings(report, opts["topics"], subs, body)
    else:
        missing = [t for t in opts["topics"] if not any(k in body for k in t["keywords"])]
    if not missing:
        return
    scope = scope or f"“{part_label(part)}”"
    loc_sec: dict[str, Any] = {"loc": sec.get("loc"), "heading": sec.get("heading") or ""}
    loc = None
    if loc_sec["loc"] and loc_sec["loc"].get("offset") is not None:
        off = int(loc_sec["loc"]["offset"]) if scope_start == span["start"] else scope_start
        loc = text_loc(report, off, off + len(effective_heading(report, sec)))
    pointer = f"/sections/{report.sections.index(sec)}"
    groups = [[t] for t in missing] if opts.get("each", True) else [missing]
    for group in groups:
        names = "、".join(t["name"] for t in group)
        names_en = ", ".join(t.get("name_en") or t["name"] for t in group)
        yield Hit(params={"part": part, "part_label": part_label(part),
                          "part_label_en": part_label(part, "en"), "topic": names,
                          "topic_en": names_en, "missing": names, "missing_en": names_en,
                          "expected": "、".join(t["name"] for t in opts["topics"]),
                          "expected_en": ", ".join(t.get("name_en") or t["name"]
                                                   for t in opts["topics"]),
                          "scope": scope, "scope_en": part_label(part, "en")},
                  pointer=pointer, loc=loc, expected=[t["name"] for t in group], actual=None,
                  key="+".join(t["name"] for t in group))


@hookimpl
def checker_register_check_kinds(config: Any) -> list[CheckKind]:
    return [CheckKind(name="topics",
                      summary="topics a part (or one of its sub-sections) must cover",
                      options_schema=TOPICS_SCHEMA, run=run_topics, compile=_compile_topics,
                      params=TOPICS_PARAMS,
                      scope_schema=parts_scope_schema(PARTS, required=True, max_items=1),
                      legacy_scope={"part": "parts"})]
