"""The closing summary of ``gongkai score``: reports read, grade distribution, the most
frequent rules, the lowest scores, unreadable files and stale decisions.

``render_plain`` is deterministic text (pipes, logs, tests); ``render_rich`` draws the same as
rich tables on a terminal.
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["SummaryInput", "render_plain", "render_rich"]


@dataclass
class SummaryInput:
    """Everything the summary shows besides the running totals."""

    stats: Any
    stale: Sequence[Any] = ()                 # Decision objects matching nothing
    previous_problems: Sequence[tuple[str, str]] = ()
    written: Sequence[str] = ()
    decisions_path: str | None = None
    notes: list[str] = field(default_factory=list)
    unmatched: Sequence[str] = ()             # reports with no last-year match (--previous)


def _t(zh: str, en: str, lang: str) -> str:
    return en if lang == "en" else zh


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}".rstrip("0").rstrip(".")


def render_plain(si: SummaryInput, lang: str = "zh") -> str:
    st = si.stats
    out: list[str] = []
    out.append(_t(f"共读取{st.reports}份报告，其中{len(st.unreadable)}份无法读取",
                  f"{st.reports} reports read, {len(st.unreadable)} unreadable", lang))
    grades = "，".join(f"{g}{n}份" for g, n in st.grade_rows(lang)) if lang != "en" else \
        ", ".join(f"{g} {n}" for g, n in st.grade_rows(lang))
    out.append(_t("等级分布：", "Grades: ", lang) + (grades or "—"))
    top = st.top_rules()
    if top:
        out.append(_t("最常见的规则：", "Most frequent rules:", lang))
        for code, n, r in top:
            out.append(_t(f"  {code:<8} {n}条，{r}份报告",
                          f"  {code:<8} {n} findings in {r} reports", lang))
    low = st.lowest
    if low:
        out.append(_t("得分最低：", "Lowest scores:", lang))
        for score, path, agency in low:
            out.append(f"  {_num(score):>6}  {path}" + (f"  {agency}" if agency else ""))
    if st.unreadable:
        out.append(_t("无法读取（已列入评分表）：", "Unreadable (rows in the score sheets):", lang))
        out.extend(f"  {path}: {reason}" for path, reason in st.unreadable)
    if st.rule_errors:
        out.append(_t("规则出错：", "Rule errors:", lang))
        out.extend(f"  {path}: {err}" for path, err in st.rule_errors)
    if st.dismissed:
        out.append(_t(f"已驳回的问题：{st.dismissed} 条（不计分）",
                      f"Dismissed findings: {st.dismissed} (not scored)", lang))
    if si.stale:
        out.append(_t(f"未匹配任何问题的审核决定（{si.decisions_path}）：",
                      f"Decisions that match no finding ({si.decisions_path}):", lang))
        out.extend(f"  {d.fingerprint}  {d.status}  {d.reason}".rstrip() for d in si.stale)
    if st.review:
        out.append(_t(f"待核验（未评估的分值过多，不定等级）：{len(st.review)}份",
                      "Needs review (too many points unassessed, no grade): "
                      f"{len(st.review)}", lang))
        out.extend(f"  {_num(score)}/{_num(assessed)}  {path}"
                   for path, score, assessed in st.review)
    if si.previous_problems:
        out.append(_t("未使用的上年报告：", "Previous-year files not used:", lang))
        out.extend(f"  {path}: {why}" for path, why in si.previous_problems)
    if si.unmatched:
        out.append(_t(f"未匹配到上年报告：{len(si.unmatched)}份",
                      f"No previous-year match: {len(si.unmatched)} reports", lang))
        out.extend(f"  {path}" for path in si.unmatched)
    out.extend(si.notes)
    if si.written:
        out.append(_t("已写入：", "Written: ", lang) + ", ".join(si.written))
    return "\n".join(out) + "\n"


def render_rich(si: SummaryInput, lang: str = "zh", file: Any = None) -> str:
    """The summary as rich tables; printed to ``file`` when given, else returned as text."""
    from rich.console import Console
    from rich.table import Table

    st = si.stats
    buf = io.StringIO()
    console = Console(file=file or buf, force_terminal=file is not None, soft_wrap=False)
    console.print(_t(f"[bold]共读取{st.reports}份报告[/]，其中{len(st.unreadable)}份无法读取",
                     f"[bold]{st.reports} reports read[/], {len(st.unreadable)} unreadable", lang))
    t = Table(title=_t("等级分布", "Grades", lang))
    t.add_column(_t("等级", "grade", lang))
    t.add_column(_t("报告数", "reports", lang), justify="right")
    for g, n in st.grade_rows(lang):
        t.add_row(g, str(n))
    console.print(t)
    if st.top_rules():
        t = Table(title=_t("最常见的规则", "Most frequent rules", lang))
        t.add_column(_t("规则", "rule", lang), justify="left")
        t.add_column(_t("问题数", "findings", lang), justify="right")
        t.add_column(_t("报告数", "reports", lang), justify="right")
        for code, n, r in st.top_rules():
            t.add_row(code, str(n), str(r))
        console.print(t)
    if st.lowest:
        t = Table(title=_t("得分最低", "Lowest scores", lang))
        t.add_column(_t("得分", "score", lang), justify="right")
        t.add_column(_t("文件", "file", lang))
        t.add_column(_t("机关", "agency", lang))
        for score, path, agency in st.lowest:
            t.add_row(_num(score), path, agency)
        console.print(t)
    rest = render_plain(si, lang).split("\n")
    # the free-form tail (unreadable, rule errors, stale decisions, outputs) as plain lines
    start = next((i for i, line in enumerate(rest) if line.startswith(
        (_t("无法读取", "Unreadable", lang), _t("规则出错", "Rule errors", lang),
         _t("已驳回", "Dismissed", lang), _t("未匹配", "Decisions", lang),
         _t("待核验", "Needs review", lang), _t("未使用", "Previous", lang),
         _t("未匹配到", "No previous", lang), _t("已写入", "Written", lang)))), len(rest))
    from rich.markup import escape

    for line in rest[start:]:
        if line:
            console.print(escape(line))
    return buf.getvalue()
