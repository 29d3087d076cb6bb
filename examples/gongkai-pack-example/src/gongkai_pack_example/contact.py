"""The ``contact_block`` check kind: a part of the report gives the contact details.

Many provinces' templates end the preamble with
``如对本报告有疑问，请与××办公室联系（地址：…，邮编：…，联系电话：…）``. A rule of this kind
names the part to look in (default ``preamble``) and the fields it must contain, each a label
and a regular expression; one finding lists every field that is missing.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from checker.engine.kinds import CheckKind, Hit, RunContext, Skip

DEFAULT_FIELDS = (
    {"name": "地址", "name_en": "address", "pattern": r"(?:地址|通讯地址|联系地址)\s*[:：]"},
    {"name": "邮编", "name_en": "postcode", "pattern": r"(?:邮编|邮政编码)\s*[:：]?\s*\d{6}"},
    {"name": "电话", "name_en": "telephone",
     "pattern": r"(?:电话|联系电话|咨询电话)\s*[:：]?\s*[\d（）()\-－ ]{7,}"},
)

OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "part": {"enum": ["preamble", "overview", "proactive", "applications",
                          "review_litigation", "problems", "other"],
                 "description": "the part to look in (default preamble)"},
        "fields": {
            "type": "array", "minItems": 1,
            "description": "the fields required, each {name, name_en, pattern}",
            "items": {"type": "object", "additionalProperties": False,
                      "required": ["name", "pattern"],
                      "properties": {"name": {"type": "string", "minLength": 1},
                                     "name_en": {"type": "string"},
                                     "pattern": {"type": "string", "minLength": 1}}},
        },
    },
}
PARAMS = frozenset({"missing", "part"})


def compile_options(options: dict[str, Any]) -> list[tuple[str, str, re.Pattern[str]]]:
    """Compile the field patterns once, when the pack loads (ValueError if one is invalid)."""
    out = []
    for f in options.get("fields", DEFAULT_FIELDS):
        try:
            out.append((f["name"], f.get("name_en", f["name"]), re.compile(f["pattern"])))
        except re.error as exc:
            raise ValueError(f"field {f['name']}: invalid regex: {exc}") from None
    return out


def run(rule: Any, report: Any, ctx: RunContext) -> Iterator[Hit | Skip]:
    part = rule.options.get("part", "preamble")
    section = report.section(part)
    if not section or "span" not in section:
        yield Skip(f"报告中未找到“{part}”部分，无法核对联系方式",
                   f"part {part} not found; contact details not checked")
        return
    start, end = section["span"]["start"], section["span"]["end"]
    text = report.text[start:end]
    missing = [(zh, en) for zh, en, pat in rule.compiled if not pat.search(text)]
    if not missing:
        return
    line, col = report.position(start)
    yield Hit(params={"missing": "、".join(zh for zh, _ in missing),
                      "missing_en": ", ".join(en for _, en in missing), "part": part},
              pointer=f"/sections/{report.sections.index(section)}", expected=[zh for zh, _ in missing],
              loc={"line": line, "column": col, "offset": start, "length": end - start},
              key=part)


CONTACT_BLOCK = CheckKind(
    name="contact_block",
    summary="a part of the report gives contact details (address, postcode, telephone)",
    options_schema=OPTIONS_SCHEMA,
    run=run,
    compile=compile_options,
    params=PARAMS,
)
