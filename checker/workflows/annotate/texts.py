"""The words of an annotation: one finding as a reviewer's remark, and the score card."""
from __future__ import annotations

from typing import Any

from checker.findings import Finding, RunResult, Severity

__all__ = ["SEVERITY_WORDS", "finding_note", "points_of", "score_card", "severity_counts"]

SEVERITY_WORDS = {Severity.BLOCKER: ("否决", "blocker"), Severity.ERROR: ("错误", "error"),
                  Severity.WARNING: ("警告", "warning"), Severity.INFO: ("提示", "info")}
_ORDER = (Severity.BLOCKER, Severity.ERROR, Severity.WARNING, Severity.INFO)
#: Not-assessable rules listed by name in the score card; the rest are counted.
MAX_LISTED = 12


def _t(zh: str, en: str, lang: str) -> str:
    return en if lang == "en" else zh


def _num(x: float) -> str:
    return f"{x:g}"


def points_of(result: RunResult) -> dict[str, float]:
    """Points deducted per finding fingerprint."""
    return {d.fingerprint: d.points for d in (result.grade.deductions if result.grade else ())}


def finding_note(f: Finding, points: float, lang: str) -> str:
    """``[错误] DOC015（扣 2 分）消息`` and, on a second line, where it is."""
    sev = SEVERITY_WORDS[f.severity][1 if lang == "en" else 0]
    head = f"[{sev}] {f.code}"
    if points:
        head += _t(f"（扣 {_num(points)} 分）", f" (−{_num(points)} points)", lang)
    text = f"{head} {f.message}" if lang == "en" else f"{head}：{f.message}"
    loc = f.location
    where = [loc.where] if loc.where else []
    if loc.line:
        where.append(_t(f"文本第 {loc.line} 行", f"text line {loc.line}", lang))
    if where:
        text += "\n" + _t("位置：", "where: ", lang) + _t("，", ", ", lang).join(where)
    return text


def severity_counts(result: RunResult) -> dict[Severity, int]:
    counts = dict.fromkeys(_ORDER, 0)
    for f in result.findings:
        counts[f.severity] += 1
    return counts


def score_card(result: RunResult, lang: str) -> str:
    """Score, grade, findings per severity, category scores and what could not be assessed."""
    lines: list[str] = [_t("gongkai 合规检查评分卡", "gongkai compliance score card", lang)]
    g = result.grade
    if g is not None:
        grade = g.grade_en if lang == "en" else g.grade
        line = _t(f"得分 {_num(g.score)} / 等级 {grade}", f"score {_num(g.score)} / grade {grade}",
                  lang)
        if g.vetoed:
            line += _t("（存在否决项）", " (vetoed by a blocker)", lang)
        lines.append(line)
    counts = severity_counts(result)
    lines.append(_t("问题：", "findings: ", lang) + _t("，", ", ", lang).join(
        f"{SEVERITY_WORDS[s][1 if lang == 'en' else 0]} {counts[s]}" for s in _ORDER))
    if g is not None and g.categories:
        lines.append(_t("分类得分：", "by category: ", lang) + _t("；", "; ", lang).join(
            f"{c.label_en if lang == 'en' else c.label} {_num(c.score)}/{_num(c.weight)}"
            for c in g.categories))
    skipped: Any = result.not_assessable
    if skipped:
        lines.append(_t(f"无法评估（需人工核验）{len(skipped)} 项：",
                        f"not assessable (check by hand), {len(skipped)}: ", lang))
        for n in skipped[:MAX_LISTED]:
            lines.append(f"· {n.code} {n.name}：{n.reason}" if lang != "en"
                         else f"· {n.code} {n.name}: {n.reason}")
        if len(skipped) > MAX_LISTED:
            more = len(skipped) - MAX_LISTED
            lines.append(_t(f"……另有 {more} 项", f"… and {more} more", lang))
    if result.rule_errors:
        lines.append(_t("规则出错：", "rule errors: ", lang)
                     + ", ".join(f"{e.code} ({e.error})" for e in result.rule_errors))
    return "\n".join(lines)
