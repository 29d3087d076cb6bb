"""Generic text kinds that a pack uses without Python: ``phrase.required``,
``phrase.forbidden`` and ``subitem.required``.

They are the common shapes of a provincial office's own rules (a phrase that a part must
contain, wording that must not appear, numbered sub-items a part must have). Each looks
where the rule's ``scope`` says (``scope = { parts = ["六"] }``; the whole text when no
part is given) and says "part not found" in the pack's own words (``[wording.part_missing]``,
placeholder ``{part_label}``).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from checker.checks.common import text_loc
from checker.checks.sections import part_label
from checker.engine.kinds import CheckKind, Hit, RunContext, Say, Skip
from checker.engine.scope import parts_scope_schema
from checker.hookspecs import hookimpl
from checker.report import Report

__all__ = ["ORDINALS", "ordinal_items", "regions"]

ORDINALS = "一二三四五六七八九十"
_PHRASES = {"type": "array", "minItems": 1, "uniqueItems": True,
            "items": {"type": "string", "minLength": 1, "maxLength": 200}}
REQUIRED_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["phrases"],
    "properties": {
        "phrases": {**_PHRASES, "description": "phrases looked for, as written"},
        "match": {"enum": ["all", "any"],
                  "description": "all: each phrase must occur (default); any: one of them"},
    },
}
FORBIDDEN_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["phrases"],
    "properties": {"phrases": {**_PHRASES, "description": "phrases that must not occur"}},
}
SUBITEM_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "oneOf": [{"required": ["count"]}, {"required": ["items"]}],
    "properties": {
        "count": {"type": "integer", "minimum": 1, "maximum": 10,
                  "description": "the part has sub-items （一） to the count's numeral"},
        "items": {**_PHRASES, "description": "the sub-item openings required, as written"},
    },
}
PARAMS = frozenset({"phrase", "phrases", "part", "part_label", "count"})
SUBITEM_PARAMS = frozenset({"item", "items", "part", "part_label"})
WORDING = frozenset({"part_missing"})
_HALF = str.maketrans({"(": "（", ")": "）", " ": "", "\u3000": ""})


def regions(report: Report, parts: tuple[str, ...] | None
            ) -> tuple[list[tuple[str, int, int]], list[str]]:
    """The (part, start, end) spans the scope names, and the named parts not found."""
    if parts is None:
        return [("", 0, len(report.text))], []
    found, missing = [], []
    for part in parts:
        sec = report.section(part)
        if sec is None or not isinstance(sec.get("span"), dict):
            missing.append(part)
        else:
            found.append((part, int(sec["span"]["start"]), int(sec["span"]["end"])))
    return found, missing


def _part_missing(parts: list[str]) -> Skip:
    return Skip(Say("part_missing", {
        "part": parts, "part_label": [part_label(p) for p in parts],
        "part_label_en": [part_label(p, "en") for p in parts]}))


def _labels(part: str) -> dict[str, str]:
    if not part:
        return {"part": "", "part_label": "全文", "part_label_en": "the report"}
    return {"part": part, "part_label": part_label(part), "part_label_en": part_label(part, "en")}


def run_required(rule: Any, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    found, missing = regions(report, rule.scope.parts)
    if missing:
        yield _part_missing(missing)
        return
    phrases: list[str] = rule.options["phrases"]
    text = report.text
    for part, start, end in found:
        body = text[start:end]
        absent = [p for p in phrases if p not in body]
        if rule.options.get("match", "all") == "any":
            absent = absent if len(absent) == len(phrases) else []
            groups = [absent] if absent else []
        else:
            groups = [[p] for p in absent]
        for group in groups:
            yield Hit(params={**_labels(part), "phrase": group[0], "phrases": group,
                              "count": len(group)},
                      pointer=_pointer(report, part), loc=_part_loc(report, start, end),
                      expected=group, actual=None, key=f"{part}:{'|'.join(group)}")


def run_forbidden(rule: Any, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    found, missing = regions(report, rule.scope.parts)
    if missing:
        yield _part_missing(missing)
        return
    text = report.text
    for part, start, end in found:
        for phrase in rule.options["phrases"]:
            at = text.find(phrase, start, end)
            n = 0
            while at != -1 and at + len(phrase) <= end:
                n += 1
                yield Hit(params={**_labels(part or report.part_at(at) or ""), "phrase": phrase,
                                  "phrases": [phrase], "count": 1},
                          pointer="/text", loc=text_loc(report, at, at + len(phrase)),
                          expected=None, actual=phrase, key=f"{phrase}:{n}")
                at = text.find(phrase, at + len(phrase), end)


def ordinal_items(options: dict[str, Any]) -> list[str]:
    """The sub-item openings a rule requires: its ``items``, or （一）… up to ``count``."""
    if "items" in options:
        return list(options["items"])
    return [f"（{ORDINALS[i]}）" for i in range(int(options["count"]))]


def _openings(body: str) -> list[str]:
    """Every line's opening, brackets made full-width and spaces dropped."""
    return [line.strip().translate(_HALF)[:12] for line in body.split("\n") if line.strip()]


def run_subitems(rule: Any, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    found, missing = regions(report, rule.scope.parts)
    if missing:
        yield _part_missing(missing)
        return
    items = ordinal_items(rule.options)
    text = report.text
    for part, start, end in found:
        openings = _openings(text[start:end])
        for item in items:
            want = item.translate(_HALF)
            if any(o.startswith(want) for o in openings):
                continue
            yield Hit(params={**_labels(part), "item": item, "items": items},
                      pointer=_pointer(report, part), loc=_part_loc(report, start, end),
                      expected=item, actual=None, key=f"{part}:{item}")


def _part_loc(report: Report, start: int, end: int) -> dict[str, Any]:
    """The first line of a region (the part's heading), as the place a missing thing belongs."""
    stop = report.text.find("\n", start, end)
    return text_loc(report, start, end if stop == -1 else stop)


def _pointer(report: Report, part: str) -> str:
    for i, s in enumerate(report.sections):
        if part and s.get("part") == part:
            return f"/sections/{i}"
    return "/text"


@hookimpl
def checker_register_check_kinds(config: Any) -> list[CheckKind]:
    scope = parts_scope_schema()
    return [
        CheckKind(name="phrase.required", summary="phrases a part (or the report) must contain",
                  options_schema=REQUIRED_SCHEMA, run=run_required, params=PARAMS,
                  wording=WORDING, scope_schema=scope),
        CheckKind(name="phrase.forbidden", summary="phrases that must not appear in a part "
                                                   "(or anywhere)",
                  options_schema=FORBIDDEN_SCHEMA, run=run_forbidden, params=PARAMS,
                  wording=WORDING, scope_schema=scope),
        CheckKind(name="subitem.required",
                  summary="numbered sub-items （一）（二）… a part must have",
                  options_schema=SUBITEM_SCHEMA, run=run_subitems, params=SUBITEM_PARAMS,
                  wording=WORDING, scope_schema=parts_scope_schema(required=True)),
    ]
