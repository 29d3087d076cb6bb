"""The terminal output: findings grouped by part, each with its source line, then the grade.

A clean report (no findings, no rule errors) takes one line: its name, score and grade.
With ``options["quiet"]`` only the findings are printed: nothing for clean reports, no score
table, no totals.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from checker.findings import Finding, RunResult, Severity
from checker.readers.places import describe
from checker.render.lines import Block, Line, Table, write_plain, write_rich

__all__ = ["blocks", "render"]

PART_TITLES = {
    "preamble": ("前言", "Preamble"), "overview": ("一、总体情况", "1. Overview"),
    "proactive": ("二、主动公开政府信息情况", "2. Proactive disclosure"),
    "applications": ("三、收到和处理政府信息公开申请情况", "3. Applications"),
    "review_litigation": ("四、政府信息公开行政复议、行政诉讼情况", "4. Review and litigation"),
    "problems": ("五、存在的主要问题及改进情况", "5. Problems and improvements"),
    "other": ("六、其他需要报告的事项", "6. Other matters"),
    None: ("全文 / 统计表", "Whole report / tables"),
}
_ORDER = ["preamble", "overview", "proactive", "applications", "review_litigation", "problems",
          "other", None]
_STYLE = {Severity.BLOCKER: "bold white on red", Severity.ERROR: "bold red",
          Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_SEV_ZH = {Severity.BLOCKER: "否决", Severity.ERROR: "错误", Severity.WARNING: "警告",
           Severity.INFO: "提示"}


def _t(zh: str, en: str, lang: str) -> str:
    return en if lang == "en" else zh


def _part_of(f: Finding) -> str | None:
    if f.part is not None and f.part in PART_TITLES:
        return f.part
    if f.pointer.startswith("/tables/t2"):
        return "proactive"
    if f.pointer.startswith(("/tables/t3", "/rows/t3")):
        return "applications"
    if f.pointer.startswith(("/tables/t4", "/rows/t4")):
        return "review_litigation"
    return None


Segments = list[tuple[str, str | None]]  # (text, rich style) pieces of one line


def _head(r: RunResult, lang: str) -> Segments:
    meta = r.meta
    bits = [str(meta.get("agency") or ""), f"{meta.get('year')}" if meta.get("year") else "",
            _t(f"{meta.get('format')}年格式", f"format {meta.get('format')}", lang)
            if meta.get("format") else ""]
    return [(r.path or "<report>", "bold"), ("  " + " · ".join(b for b in bits if b), "dim")]


def _clean_blocks(r: RunResult, lang: str) -> list[Block]:
    """One line for a report without findings or rule errors."""
    head = _head(r, lang)
    head.append((_t("  未发现问题", "  no findings", lang), "green"))
    g = r.grade
    if g is not None:
        grade = g.grade_en if lang == "en" else g.grade
        head.append((_t(f"，得分{g.score:g}，等级{grade}", f", score {g.score:g}, grade {grade}",
                        lang), "bold"))
    if r.not_assessable:
        n = len({x.code for x in r.not_assessable})
        head.append((_t(f"（{n}条规则无法评估，需人工核验）",
                        f" ({n} rules not assessable: check by hand)", lang), "dim"))
    return [Line(head)]


def _report_blocks(r: RunResult, lang: str, quiet: bool = False) -> list[Block]:
    if not r.findings and not r.rule_errors:
        return [] if quiet else _clean_blocks(r, lang)
    out: list[Block] = [Line(_head(r, lang))]
    groups: dict[str | None, list[Finding]] = {}
    for f in r.findings:
        groups.setdefault(_part_of(f), []).append(f)
    for part in _ORDER:
        items = groups.get(part)
        if not items:
            continue
        out.append(Line([(PART_TITLES[part][1 if lang == "en" else 0], "bold underline")]))
        for f in items:
            sev = f.severity.value if lang == "en" else _SEV_ZH[f.severity]
            line: Segments = [("  ", None),
                              (f"{sev:<8}" if lang == "en" else f"{sev} ", _STYLE[f.severity]),
                              (f"{f.code} ", "bold")]
            loc = f.location
            if loc.line:
                line.append((f"{loc.path or ''}:{loc.line}:{loc.column or 1} ", "dim"))
            line.append((f.message, None))
            out.append(Line(line))
            if loc.excerpt:
                out.append(Line([("      │ " + loc.excerpt, "dim")]))
            where = describe(loc.__dict__, lang) or loc.where
            if where:
                out.append(Line([("      └ " + where, "dim")]))
    for e in r.rule_errors:
        out.append(Line([(_t(f"  规则错误：{e.code}（{e.pack}）{e.error}",
                             f"  rule error {e.code} ({e.pack}): {e.error}", lang), "bold red")]))
    if quiet:
        return out
    if r.not_assessable:
        codes = sorted({n.code for n in r.not_assessable})
        out.append(Line([(_t(f"  无法评估（需人工核验）：{'、'.join(codes)}",
                             f"  not assessable (check by hand): {', '.join(codes)}", lang),
                          "dim")]))
    g = r.grade
    if g is None:
        return out
    out.append(Table(
        headers=(_t("评分类别", "category", lang), _t("满分", "weight", lang),
                 _t("扣分", "lost", lang), _t("得分", "score", lang)),
        justify=("left", "right", "right", "right"),
        rows=tuple((c.label_en if lang == "en" else c.label, f"{c.weight:g}", f"{c.lost:g}",
                    f"{c.score:g}") for c in g.categories)))
    grade = g.grade_en if lang == "en" else g.grade
    summary: Segments = [(_t(f"得分{g.score:g}，等级{grade}", f"Score {g.score:g}, grade {grade}",
                            lang), "bold")]
    if g.vetoed:
        summary.append((_t("（存在否决项）", " (a blocker forces the grade)", lang), "bold red"))
    out.append(Line(summary))
    assessed = getattr(g, "assessed_points", None)
    if assessed is not None:
        coverage = _t(f"已评估{assessed:g}分（共100分），"
                      f"可评估部分得分{g.assessed_score:g}/{assessed:g}",
                      f"{assessed:g} of 100 points assessed; score of what was assessed "
                      f"{g.assessed_score:g}/{assessed:g}", lang)
        if g.needs_review:
            coverage += _t("；未评估的分值过多，不定等级，需人工核验",
                           "; too many points unassessed for a grade: needs review", lang)
        out.append(Line([(coverage, "bold yellow" if g.needs_review else "dim")]))
    return out


def blocks(results: Sequence[RunResult], lang: str = "zh", quiet: bool = False) -> list[Block]:
    """The output as lines and tables, before it is written (see :mod:`checker.render.lines`)."""
    out: list[Block] = []
    gap = False
    for r in results:
        clean = not r.findings and not r.rule_errors
        if gap and not clean:
            out.append(Line([]))
        out.extend(_report_blocks(r, lang, quiet))
        gap = not clean or gap
    if len(results) > 1 and not quiet:
        n = sum(len(r.findings) for r in results)
        out.append(Line([]))
        out.append(Line([(_t(f"共{len(results)}份报告，{n}个问题",
                             f"{len(results)} reports, {n} findings", lang), "bold")]))
    return out


def render(results: Sequence[RunResult], options: dict[str, Any] | None = None) -> str:
    opts = options or {}
    width = int(opts.get("width") or 100)
    out = blocks(results, opts.get("lang", "zh"), bool(opts.get("quiet")))
    if not opts.get("color"):
        plain = write_plain(out, width)
        if plain is not None:
            return plain
    return write_rich(out, width, color=bool(opts.get("color")))
