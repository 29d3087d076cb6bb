"""Check kinds for what identifies a report (spec/domain.md §3.2, §6): ``report_format.mixed``
and ``report_format.year`` (the detected format: one version, and the one of the report year),
``title`` (the title form), ``period.stated`` and ``period.year`` (the statistical period:
stated, and of the report year).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from checker.checks.common import text_loc
from checker.engine.kinds import CheckKind, Hit, RunContext, Say, Skip
from checker.engine.scope import parts_scope_schema
from checker.files.lazyre import lazy
from checker.hookspecs import hookimpl
from checker.report import Report

if TYPE_CHECKING:
    from checker.engine.packs import Rule

__all__ = ["expected_format", "period_statements", "run_format_mixed", "run_format_year",
           "run_period_stated", "run_period_year", "run_title"]

FORMAT_NAMES = {"2021": ("2021年格式（国办公开办函〔2021〕30号）", "the 2021 format"),
                "2019": ("2019年试行格式（国办公开办函〔2019〕60号）", "the 2019 trial format"),
                "pre2019": ("2019年以前的格式", "a pre-2019 format"),
                "mixed": ("混合格式", "a mixed format"), "unknown": ("未识别", "unknown")}


def expected_format(year: int) -> str:
    """Spec §3.2 step 5: ≤2018 → pre2019, 2019–2020 → 2019, ≥2021 → 2021."""
    return "pre2019" if year <= 2018 else ("2019" if year <= 2020 else "2021")


def _fmt(name: str, lang: str) -> str:
    return FORMAT_NAMES.get(name, (name, name))[0 if lang == "zh" else 1]


# -- report_format ----------------------------------------------------------------------------

_NO_OPTIONS: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": {}}
FORMAT_PARAMS = frozenset({"format", "expected", "year"})


def _format_params(report: Report) -> dict[str, Any]:
    fmt = report.format
    return {"format": _fmt(fmt, "zh"), "format_en": _fmt(fmt, "en"), "year": report.year or ""}


def run_format_mixed(rule: Rule, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    """``report_format.mixed``: the tables show markers of one format version only."""
    fmt = report.format
    year = report.year
    if fmt == "mixed":
        exp = expected_format(year) if year else ""
        expected = ({"expected": _fmt(exp, "zh"), "expected_en": _fmt(exp, "en")} if exp
                    else {"expected": Say("format_single")})
        yield Hit(params={**_format_params(report), **expected},
                  pointer="/meta/format", expected=exp or None, actual=fmt, key="mixed")


def run_format_year(rule: Rule, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    """``report_format.year``: the detected format is the one of the report year."""
    fmt = report.format
    year = report.year
    base = _format_params(report)
    if fmt == "mixed":
        return  # the mixed-format rule reports it
    if fmt == "unknown":
        yield Skip(Say("format_unknown" if report.tables else "format_unknown_no_tables"))
        return
    if not year:
        yield Skip(Say("format_year_unknown"))
        return
    exp = expected_format(int(year))
    if fmt != exp:
        yield Hit(params={**base, "expected": _fmt(exp, "zh"), "expected_en": _fmt(exp, "en")},
                  pointer="/meta/format", expected=exp, actual=fmt, key=f"{fmt}:{exp}")


# -- title ------------------------------------------------------------------------------------

TITLE_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "suffix": {"type": "string", "minLength": 1,
                   "description": "the fixed end of the title (default 政府信息公开工作年度报告)"},
    },
}
TITLE_PARAMS = frozenset({"title", "expected", "problem"})
_SPACES = lazy(r"[ \t\u3000\u00a0]+")
_TITLE_FORM = lazy(r"(.*?)((?:19|20)\d{2})\s*年(?:度)?(.*)")  # agency, year, the rest
_YEAR_END = lazy(r"((?:19|20)\d{2})\s*年度?$")


def _title_loc(report: Report, title: str) -> dict[str, Any] | None:
    at = report.text.find(title, 0, 2000)
    return text_loc(report, at, at + len(title)) if at >= 0 else None


def run_title(rule: Rule, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    title = (report.meta.get("title") or "").strip()
    if not title:
        yield Skip(Say("title_missing"))
        return
    suffix = rule.options.get("suffix", "政府信息公开工作年度报告")
    year = report.year
    loc = _title_loc(report, title)
    compact = _SPACES.sub("", title)
    problems: list[tuple[str, Say, str]] = []  # key, what is wrong, expected
    if compact != title:
        problems.append(("spaces", Say("title_spaces"), compact))
    m = _TITLE_FORM.fullmatch(compact)
    if not compact.endswith(suffix):
        body = compact
        for old in ("政府信息公开工作年度报告", "政府信息公开年度报告", "政务公开工作年度报告"):
            if body.endswith(old):
                body = body[:-len(old)]
                break
        body = _YEAR_END.sub(r"\1年", body)
        problems.append(("suffix", Say("title_suffix", {"suffix": suffix}),
                         body + suffix if body.endswith("年")
                         else f"{{机关全称}}{{YYYY}}年{suffix}"))
    elif not m or m.group(3) != suffix or not m.group(1):
        problems.append(("form", Say("title_form", {"suffix": suffix}),
                         f"{{机关全称}}{{YYYY}}年{suffix}"))
    elif year and int(m.group(2)) != int(year):
        problems.append(("year", Say("title_year", {"stated": m.group(2), "year": year}),
                         f"{m.group(1)}{year}年{suffix}"))
    for key, problem, expected in problems:
        yield Hit(params={"title": title, "expected": expected, "problem": problem},
                  pointer="/meta/title", loc=loc, expected=expected, actual=title, key=key)


# -- period -----------------------------------------------------------------------------------

PERIOD_PARAMS = frozenset({"expected", "actual", "year", "scope"})
_PERIOD = lazy(
    r"(?P<y1>(?:19|20)\d{2})\s*年(?:度)?\s*0?1\s*月\s*0?1\s*日\s*(?:起\s*)?"
    r"(?:至|到|—{1,2}|－|-|~|～|至\s*本年)\s*(?:(?P<y2>(?:19|20)\d{2})\s*年\s*)?12\s*月\s*31\s*日")
_CONTEXT = lazy(r"统计")
# Every statement ends in 12月31日 and is made of these characters only (those of _PERIOD), so
# it lies in a stretch of them around such an ending: only those stretches are searched.
_PERIOD_END = lazy(r"12\s*月\s*31\s*日")
_PERIOD_CHARS = lazy(r"[\d\s年度月日起至到—－\-~～本]*")
_REACH = 200  # a stretch reaching further back than this: search the whole text


def _span_end(m: re.Match[str] | None) -> int:
    """Where a match of a pattern that also matches the empty string ends."""
    assert m is not None  # the pattern matches the empty string
    return m.end()


def _period_matches(text: str) -> list[re.Match[str]]:
    """``_PERIOD.finditer(text)``, searching only the stretches a statement can lie in."""
    out: list[re.Match[str]] = []
    done = 0  # the text before this offset is searched
    for tail in _PERIOD_END.finditer(text):
        at = tail.start()
        if at < done:
            continue  # in the stretch just searched
        lo = max(done, at - _REACH)
        back = _span_end(_PERIOD_CHARS.match(text[lo:at][::-1]))  # matches the empty string
        if back == at - lo and lo > done:
            return list(_PERIOD.finditer(text))
        done = _span_end(_PERIOD_CHARS.match(text, tail.end()))
        out.extend(_PERIOD.finditer(text, at - back, done))
    return out


def period_statements(report: Report, parts: tuple[str, ...]) -> list[dict[str, Any]]:
    """Statements of the 1月1日–12月31日 period in the given parts, or introduced by 统计."""
    return report.analysis(_period_statements, tuple(parts))


def _period_statements(report: Report, parts: tuple[str, ...]) -> list[dict[str, Any]]:
    text = report.text
    spans = []
    has_parts = False
    for s in report.sections:
        part = s.get("part")
        if part not in (None, "unknown"):
            has_parts = True
        if part in parts and isinstance(s.get("span"), dict):
            spans.append((s["span"]["start"], s["span"]["end"]))
    out = []
    for m in _period_matches(text):
        inside = any(a <= m.start() < b for a, b in spans)
        near = _CONTEXT.search(text, max(0, m.start() - 40), m.start()) is not None
        if inside or near or not has_parts:
            years = [int(m.group("y1"))] + ([int(m.group("y2"))] if m.group("y2") else [])
            out.append({"start": m.start(), "end": m.end(), "text": m.group(0), "years": years})
    return out


_PERIOD_SCOPE = Say("period_scope")  # where the period is looked for, in the message


def _expected_period(year: int | None) -> str:
    return f"{year}年1月1日至{year}年12月31日" if year else "YYYY年1月1日至YYYY年12月31日"


def run_period_stated(rule: Rule, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    """``period.stated``: the report states its statistical period."""
    found = period_statements(report, rule.scope.parts or ("preamble", "other"))
    if found or (report.meta.get("period") or {}).get("start"):
        return
    year = report.year
    expected = _expected_period(year)
    yield Hit(params={"expected": expected, "actual": "", "year": year or "",
                      "scope": _PERIOD_SCOPE},
              pointer="/text", expected=expected, actual=None, key="period")


def run_period_year(rule: Rule, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    """``period.year``: the stated period is the report year's."""
    found = period_statements(report, rule.scope.parts or ("preamble", "other"))
    year = report.year
    expected = _expected_period(year)
    if not year:
        yield Skip(Say("period_year_unknown"))
        return
    meta_period = report.meta.get("period") or {}
    if not found and str(meta_period.get("start") or "")[:4].isdigit():
        loc = meta_period.get("loc") or {}
        years = [int(str(meta_period[k])[:4]) for k in ("start", "end")
                 if str(meta_period.get(k) or "")[:4].isdigit()]
        at = int(loc.get("offset", 0))
        found = [{"start": at, "end": at,
                  "text": f"{meta_period.get('start')}—{meta_period.get('end')}",
                  "years": years}]
    if not found:
        yield Skip(Say("period_missing"))
        return
    for st in found:
        if all(y == int(year) for y in st["years"]):
            continue
        yield Hit(params={"expected": expected, "actual": st["text"], "year": year,
                          "scope": _PERIOD_SCOPE},
                  pointer="/text", loc=text_loc(report, st["start"], st["end"]),
                  expected=expected, actual=st["text"], key=st["text"])


@hookimpl
def checker_register_check_kinds(config: Any) -> list[CheckKind]:
    period_scope = parts_scope_schema()
    return [
        CheckKind(name="report_format.mixed",
                  summary="the tables do not mix format versions", options_schema=_NO_OPTIONS,
                  run=run_format_mixed, params=FORMAT_PARAMS,
                  wording=frozenset({"format_single"})),
        CheckKind(name="report_format.year",
                  summary="the detected format is the one of the report year",
                  options_schema=_NO_OPTIONS, run=run_format_year, params=FORMAT_PARAMS,
                  wording=frozenset({"format_unknown", "format_unknown_no_tables",
                                     "format_year_unknown"})),
        CheckKind(name="title", summary="title form {机关全称}{YYYY}年政府信息公开工作年度报告",
                  options_schema=TITLE_SCHEMA, run=run_title, params=TITLE_PARAMS,
                  wording=frozenset({"title_missing", "title_spaces", "title_suffix",
                                     "title_form", "title_year"})),
        CheckKind(name="period.stated",
                  summary="the statistical period 1月1日–12月31日 is stated",
                  options_schema=_NO_OPTIONS, run=run_period_stated, params=PERIOD_PARAMS,
                  scope_schema=period_scope, legacy_scope={"parts": "parts"},
                  wording=frozenset({"period_scope"})),
        CheckKind(name="period.year",
                  summary="the stated statistical period is of the report year",
                  options_schema=_NO_OPTIONS, run=run_period_year, params=PERIOD_PARAMS,
                  scope_schema=period_scope, legacy_scope={"parts": "parts"},
                  wording=frozenset({"period_scope", "period_year_unknown", "period_missing"})),
    ]
