"""The report's structure (spec/domain.md §1.2, §3.3): the ``parts.*`` check kinds
(``parts.present``, ``parts.order``, ``parts.numbering``, ``parts.nonempty``) and what the
structural kinds share (part labels, canonical sections, headings as the reader sees them).
``headings.*`` (:mod:`checker.checks.headings`), ``topics`` (:mod:`checker.checks.topics`) and
the metadata kinds (:mod:`checker.checks.reportmeta`) are their own plugins.

All of them read ``report.sections`` as the normaliser gave them — they never re-parse the
text for headings. A heading is taken as written; when the text at the heading's own ``loc``
no longer starts with it (an edited report whose sections were not rebuilt), the line at
that place is what the reader sees, so that line is used instead.
"""
from __future__ import annotations

import functools
from collections.abc import Iterator
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from checker.checks.common import text_loc
from checker.engine.kinds import CheckKind, Hit, RunContext, Say, Skip
from checker.engine.scope import PART_IDS, parts_scope_schema
from checker.files.lazyre import lazy
from checker.hookspecs import hookimpl
from checker.report import Report

if TYPE_CHECKING:
    from checker.engine.packs import Rule

__all__ = [
    "OFFICIAL_TITLES",
    "ORDINAL_FIRST",
    "PARTS",
    "PART_EN",
    "PART_NUMERALS",
    "canonical_sections",
    "effective_heading",
    "expected_heading",
    "normalise_title",
    "part_label",
    "sec_loc",
    "sec_pointer",
    "strip_ordinal",
    "structure_skip",
]

PARTS = PART_IDS
PART_NUMERALS = dict(zip(PARTS, "一二三四五六", strict=True))
_PART_INDEX = {p: i for i, p in enumerate(PARTS)}
OFFICIAL_TITLES = {
    "overview": "总体情况",
    "proactive": "主动公开政府信息情况",
    "applications": "收到和处理政府信息公开申请情况",
    "review_litigation": "政府信息公开行政复议、行政诉讼情况",
    "problems": "存在的主要问题及改进情况",
    "other": "其他需要报告的事项",
}
_EXPECTED_HEADINGS = {p: f"{PART_NUMERALS[p]}、{OFFICIAL_TITLES[p]}"
                      for p in PARTS}  # 一、总体情况 …
PART_EN = {"overview": "part 1 (overview)", "proactive": "part 2 (proactive disclosure)",
            "applications": "part 3 (applications)",
            "review_litigation": "part 4 (administrative review and litigation)",
            "problems": "part 5 (problems and improvements)", "other": "part 6 (other matters)",
            "preamble": "the preamble"}

_ORDINAL = lazy(r"^[\s\u3000]*(?:[（(][\s\u3000]*[一二三四五六七八九十\d]{1,3}[\s\u3000]*[）)]"
                      r"|[一二三四五六七八九十]{1,3}[\s\u3000]*[、.．,，]|\d{1,2}[\s\u3000]*[、.．](?!\d)"
                      r"|[一二三四五六七八九十]是)[\s\u3000]*")
ORDINAL_FIRST = frozenset("（(一二三四五六七八九十")  # what an ordinal can start with (or a digit)
_NUMBER = lazy(r"^[\s\u3000]*([一二三四五六七八九十]{1,3})[\s\u3000]*[、.．]")
_SEP = lazy(r"行政复议[、，,和及与]?(?=(?:被)?(?:提起)?行政诉讼)")
_TRAIL = "：:。．.，,；;"  # trailing punctuation a title drops


def part_label(part: str, lang: str = "zh") -> str:
    if lang == "en":
        return PART_EN.get(part, part)
    if part == "preamble":
        return "导语"
    return _EXPECTED_HEADINGS.get(part, part)


def strip_ordinal(heading: str) -> str:
    rest = heading.lstrip()  # str whitespace is the regex's \s
    if not rest or not (rest[0] in ORDINAL_FIRST or rest[0].isdecimal()):
        return heading  # no ordinal starts here: skip the regex
    m = _ORDINAL.match(heading)  # anchored: the same as _ORDINAL.sub("", heading, count=1)
    return heading[m.end():] if m else heading


def normalise_title(title: str) -> str:
    """Spec §3.3: unify brackets, drop spaces, 的情况 → 情况, one separator between 复议 and
    诉讼."""
    t = "".join(title.replace("(", "（").replace(")", "）").split())  # str whitespace is \s
    if t and t[-1] in _TRAIL:
        t = t.rstrip(_TRAIL)
    if t.endswith("的情况"):
        t = t[:-3] + "情况"
    return _SEP.sub("行政复议、", t) if "行政复议" in t else t


def effective_heading(report: Report, sec: dict[str, Any]) -> str:
    """The heading as the text shows it at the section's place (see the module docstring)."""
    heading = sec.get("heading") or ""
    loc = sec.get("loc")
    at = loc.get("offset") if loc else None
    if at is None and isinstance(sec.get("span"), dict):
        at = sec["span"].get("start")
    text = report.text
    if at is None or not heading or text.startswith(heading, at):
        return heading
    end = text.find("\n", at)
    line = text[at:end if end != -1 else len(text)].strip()
    return line[:max(len(heading) + 20, 40)]


def _title(sec: dict[str, Any], heading: str) -> str:
    """The section's title, given its effective heading."""
    title = sec.get("title")
    if heading == (sec.get("heading") or "") and isinstance(title, str) and title:
        return title
    return strip_ordinal(heading)


def canonical_sections(report: Report) -> list[dict[str, Any]]:
    """The six-part sections in text order, each with its effective heading and title."""
    return report.analysis(_canonical_sections)


def _canonical_sections(report: Report) -> list[dict[str, Any]]:
    out = []
    for i, sec in enumerate(report.sections):
        part = sec.get("part")
        if part not in PART_NUMERALS:
            continue
        span = sec.get("span") or {}
        heading = effective_heading(report, sec)
        if heading == (sec.get("heading") or ""):
            number = (sec.get("number") or "").strip()
        else:
            m = _NUMBER.match(heading)
            number = m.group(1) if m else ""
        start = span["start"] if "start" in span else (sec.get("loc") or {}).get("offset", 0)
        out.append({"index": i, "part": part, "sec": sec, "number": number, "start": start,
                    "end": span.get("end"), "heading": heading, "title": _title(sec, heading)})
    out.sort(key=itemgetter("start"))
    return out


def structure_skip(report: Report) -> Skip | None:
    """The six-part structure applies to reports for 2019 onward (spec §3.1)."""
    year = report.year
    if (year is not None and year <= 2018) or (year is None and report.format == "pre2019"):
        return Skip(Say("structure_pre2019"))
    return None


def sec_pointer(c: dict[str, Any]) -> str:
    return f"/sections/{c['index']}"


def sec_loc(report: Report, c: dict[str, Any]) -> dict[str, Any] | None:
    loc: dict[str, Any] | None = c["sec"].get("loc")
    if loc and loc.get("offset") is not None:
        return text_loc(report, int(loc["offset"]), int(loc["offset"]) + len(c["heading"]))
    return loc


def expected_heading(part: str) -> str:
    return _EXPECTED_HEADINGS[part]


# -- parts.* ----------------------------------------------------------------------------------

PARTS_PARAMS = frozenset({"part", "part_label", "heading", "expected", "actual", "missing"})
# variant → summary (each kind reads only the rule-level scope; it has no options)
PARTS_VARIANTS = {
    "present": "the six parts are all present",
    "order": "the six parts appear in order, one to six",
    "numbering": "each part carries its own number, 一 to 六",
    "nonempty": "each part has body text beyond its heading",
}
_NO_OPTIONS: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": {}}
PARTS_WORDING = frozenset({"structure_pre2019", "parts_none", "parts_fewer_than_two",
                           "parts_no_span", "parts_all", "parts_all_missing", "parts_missing",
                           "parts_no_number"})


def run_parts(test: str, rule: Rule, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    """The ``parts.<test>`` kinds: ``present``, ``order``, ``numbering`` or ``nonempty``."""
    skip = structure_skip(report)
    if skip:
        yield skip
        return
    wanted = rule.scope.parts or PARTS
    canon = canonical_sections(report)
    if test == "present":
        yield from _present(report, canon, wanted)
        return
    if not canon:
        yield Skip(Say("parts_none"))
        return
    if test == "order":
        yield from _order(report, canon)
    elif test == "numbering":
        yield from _numbering(report, canon, wanted)
    else:
        yield from _nonempty(report, canon, wanted)


def _present(report: Report, canon: list[dict[str, Any]], wanted: tuple[str, ...]
             ) -> Iterator[Hit]:
    if not canon:
        names = "、".join(expected_heading(p) for p in wanted)
        count = {"count": "六" if len(wanted) == 6 else len(wanted), "count_en": len(wanted)}
        yield Hit(params={"part": "", "part_label": Say("parts_all"),
                          "missing": Say("parts_all_missing", count),
                          "expected": names, "actual": "", "heading": ""},
                  pointer="/sections", expected=list(wanted), actual=[], key="none")
        return
    have = {c["part"] for c in canon}
    for part in wanted:
        if part in have:
            continue
        expected = expected_heading(part)
        yield Hit(params={"part": part, "part_label": part_label(part),
                          "part_label_en": part_label(part, "en"),
                          "missing": Say("parts_missing", {"heading": expected,
                                                           "heading_en": part_label(part, "en")}),
                          "expected": expected, "actual": "", "heading": ""},
                  pointer="/sections", expected=expected, actual=None, key=part)


def _lis_keep(seq: list[int]) -> set[int]:
    """Positions of one longest non-decreasing subsequence (the parts taken as in place)."""
    n = len(seq)
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if seq[j] <= seq[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    i = max(range(n), key=lambda k: (best[k], -k))
    keep = set()
    while i != -1:
        keep.add(i)
        i = prev[i]
    return keep


def _order(report: Report, canon: list[dict[str, Any]]) -> Iterator[Hit | Skip]:
    if len(canon) < 2:
        yield Skip(Say("parts_fewer_than_two"))
        return
    seq = [_PART_INDEX[c["part"]] for c in canon]
    if seq == sorted(seq):
        return
    keep = _lis_keep(seq)
    first = next(c for i, c in enumerate(canon) if i not in keep)
    actual = "、".join(PART_NUMERALS[c["part"]] for c in canon)
    expected = "、".join(PART_NUMERALS[PARTS[k]] for k in sorted(seq))
    yield Hit(params={"part": first["part"], "part_label": part_label(first["part"]),
                      "part_label_en": part_label(first["part"], "en"), "heading": first["heading"],
                      "actual": actual, "expected": expected, "missing": ""},
              pointer=sec_pointer(first), loc=sec_loc(report, first), expected=expected,
              actual=actual, key="order",
              evidence=tuple({"label": c["heading"], "value": c["start"]} for c in canon))


def _numbering(report: Report, canon: list[dict[str, Any]], wanted: tuple[str, ...]
               ) -> Iterator[Hit]:
    for c in canon:
        if c["part"] not in wanted:
            continue
        want = PART_NUMERALS[c["part"]]
        if c["number"] == want:
            continue  # the usual case: nothing to filter out
        number = "".join(ch for ch in c["number"] if ch in "一二三四五六七八九十") or c["number"]
        if number == want:
            continue
        yield Hit(params={"part": c["part"], "part_label": part_label(c["part"]),
                          "part_label_en": part_label(c["part"], "en"), "heading": c["heading"],
                          "actual": number or Say("parts_no_number"),
                          "expected": want, "missing": ""},
                  pointer=sec_pointer(c), loc=sec_loc(report, c), expected=want,
                  actual=number, key=f"{c['part']}:{c['start']}")


_CONTENT = lazy(r"[0-9A-Za-z\u3400-\u9fff\uff10-\uff19]")


def _has_content(text: str, start: int, end: int, subs: list[dict[str, Any]]) -> bool:
    """Whether ``text[start:end]`` has content once the first occurrence of each sub-heading
    really there (at its own ``loc``) is taken out.

    A content character that is in none of the sub-headings cannot be taken out: one among the
    first few content characters after the last sub-heading usually settles it, without
    building the body.
    """
    if not subs:
        return _CONTENT.search(text, start, end) is not None
    letters = "".join([sub.get("heading") or "" for sub in subs])
    at = (subs[-1].get("loc") or {}).get("offset")  # where to look first: any offset will do
    pos = at + len(subs[-1].get("heading") or "") if isinstance(at, int) and start <= at else start
    for _ in range(8):
        found = _CONTENT.search(text, pos, end)
        if found is None:
            break
        if found.group() not in letters:
            return True
        pos = found.end()
    body = text[start:end]
    for sub in subs:
        h = sub.get("heading") or ""
        at = (sub.get("loc") or {}).get("offset")
        if h and at is not None and text.startswith(h, at):  # only headings really there
            body = body.replace(h, "", 1)
    return _CONTENT.search(body) is not None


def _nonempty(report: Report, canon: list[dict[str, Any]], wanted: tuple[str, ...]
              ) -> Iterator[Hit | Skip]:
    text = report.text
    for c in canon:
        if c["part"] not in wanted:
            continue
        if c["end"] is None:
            yield Skip(Say("parts_no_span", {"heading": c["heading"],
                                             "heading_en": part_label(c["part"], "en")}))
            continue
        start = c["start"] + len(c["heading"]) if text.startswith(c["heading"], c["start"]) \
            else c["start"]
        if _has_content(text, start, c["end"], c["sec"].get("subsections") or []):
            continue
        yield Hit(params={"part": c["part"], "part_label": part_label(c["part"]),
                          "part_label_en": part_label(c["part"], "en"), "heading": c["heading"],
                          "expected": "", "actual": "", "missing": ""},
                  pointer=sec_pointer(c), loc=sec_loc(report, c), expected="正文内容",
                  actual="", key=c["part"])


@hookimpl
def checker_register_check_kinds(config: Any) -> list[CheckKind]:
    return [CheckKind(name=f"parts.{test}", summary=summary, options_schema=_NO_OPTIONS,
                      run=functools.partial(run_parts, test), params=PARTS_PARAMS,
                      wording=PARTS_WORDING,
                      scope_schema=parts_scope_schema(PARTS), legacy_scope={"parts": "parts"})
            for test, summary in PARTS_VARIANTS.items()]
