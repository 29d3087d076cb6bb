"""Rule documentation in the ruff manner: `gongkai rules` listings, the index docs/rules.md, a
page per rule (docs/rules/<CODE>.md) and `gongkai explain`, which prints the same page.

A page says what the rule checks, why, a failing and a passing example (from the rule's case
file, see :mod:`checker.render.examples`), whether ``gongkai fix`` repairs it, its options and
since which version it exists. Regenerate everything with ``python -m checker.render.build_docs``.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from checker.engine.packs import Rule, RulePack
from checker.render.examples import Example, load_examples
from checker.report import cell_label
from checker.workflows.fix.kinds import RULES as FIX_RULES

_SEV_ZH = {"blocker": "否决", "error": "错误", "warning": "警告", "info": "提示"}


def rules_text(rules: Sequence[Rule], lang: str = "zh") -> str:
    lines = []
    for r in rules:
        lines.append(f"{r.code}  {r.severity.value:<8} {r.pack:<18} {r.name:<36} "
                     f"{r.summary_for(lang)}")
    return "\n".join(lines) + "\n"


def rules_json(rules: Sequence[Rule]) -> str:
    return json.dumps([{"code": r.code, "name": r.name, "pack": r.pack,
                        "severity": r.severity.value, "category": r.category, "check": r.check,
                        "summary": r.summary, "summary_en": r.summary_en, "doc": r.doc,
                        "formats": list(r.formats or []), "since": r.since} for r in rules],
                      ensure_ascii=False, indent=2) + "\n"


_T = {  # headings and fixed phrases: (zh, en)
    "what": ("检查什么", "What it does"), "why": ("为什么", "Why"),
    "fail": ("不合格示例", "Example (failing)"), "pass": ("合格示例", "Example (passing)"),
    "fix": ("修复", "Fix"), "options": ("选项", "Options"), "since": ("始于", "Since"),
    "no_fix": ("没有自动修复，请按上文改正。", "No automatic fix: correct it as described above."),
    "fix_by": ("`gongkai fix` 可自动修复（修复类型 `{kind}`，`gongkai fix --only {kind} 文件`）。",
               "`gongkai fix` repairs it (fix kind `{kind}`: `gongkai fix --only {kind} FILE`)."),
    "no_examples": ("本安装未附带示例（见源代码仓库的 tests/cases/{code}.toml）。",
                    ("No examples in this installation (see tests/cases/{code}.toml in the "
                     "source repository).")),
    "case": ("用例 `{case}`（tests/cases/{code}.toml），报告 `{base}`",
             "Case `{case}` (tests/cases/{code}.toml) on the report `{base}`"),
    "whole": ("整份报告即为示例，未作改动。", "The report as it is, unedited."),
    "findings": ("报出：{codes}", "Findings: {codes}"), "none": ("不报出问题。", "No finding."),
    "dropped_tables": ("删去表格：{x}", "Tables removed: {x}"),
    "dropped_parts": ("删去部分：{x}", "Parts removed: {x}"),
    "previous": ("上年报告：", "Last year's report:"), "meta": ("报告信息：", "Report metadata:"),
    "peers": ("同批次另一份报告（{role}），机关：{agency}",
              "Another report of the batch ({role}), agency: {agency}"),
    "select": ("在配置中关闭：`ignore = [\"{code}\"]`；只运行它：`--select {code}`。",
               ("Turn it off in the configuration with `ignore = [\"{code}\"]`; run only it "
                "with `--select {code}`.")),
    "kind": ("检查类型 `{check}`，选项（规则包中的 `with`）：",
             "Check kind `{check}`, with the options (the pack's `with`):"),
    "facts": ("严重程度 `{sev}`，评分类别 `{cat}`，适用格式 {fmts}，规则包 `{pack}`",
              "severity `{sev}`, category `{cat}`, formats {fmts}, pack `{pack}`"),
}


def _t(key: str, lang: str, **kw: Any) -> str:
    zh, en = _T[key]
    return (en if lang == "en" else zh).format(**kw)


def fix_kind(rule: Rule) -> str | None:
    """The kind of fix ``gongkai fix`` applies to this rule's findings, or None."""
    return next((kind for kind, codes in FIX_RULES.items() if rule.code in codes), None)


def _example_lines(ex: Example, code: str, lang: str) -> list[str]:
    out = [_t("case", lang, case=ex["case"], code=code, base=ex["base"]), ""]
    out += [f"> {n}" for n in ex.get("notes", [])]
    if ex.get("notes"):
        out.append("")
    if ex.get("text"):
        out += ["```text", *ex["text"], "```", ""]
    if ex.get("cells"):
        out += [f"| {'单元格' if lang != 'en' else 'cell'} | "
                f"{'填写' if lang != 'en' else 'as filled'} |",
                "|---|---|"]
        out += [f"| {cell_label(cid, lang)} | "
                f"{raw or '（空白）' if lang != 'en' else raw or '(blank)'} |"
                for cid, raw in ex["cells"]]
        out.append("")
    if ex.get("meta"):
        out += [_t("meta", lang)] + [f"- `{k}` = `{v}`" for k, v in ex["meta"]] + [""]
    for key in ("drop_tables", "drop_parts"):
        if ex.get(key):
            out += [_t("dropped_" + key[5:], lang, x=", ".join(ex[key])), ""]
    if ex.get("previous"):
        out += [_t("previous", lang)] + [f"- {cell_label(cid, lang)} = {raw}"
                                          for cid, raw in ex["previous"]] + [""]
    for peer in ex.get("peers", []):
        out += [_t("peers", lang, role=peer["role"], agency=peer["meta"].get("agency", "—")), ""]
    if not any(ex.get(k) for k in ("text", "cells", "meta", "drop_tables", "drop_parts",
                                     "previous", "peers")):
        out += [_t("whole", lang), ""]
    if "findings" in ex:
        codes = ", ".join(ex["findings"])
        out += [_t("findings", lang, codes=codes) if codes else _t("none", lang), ""]
    return out


def _section(rule: Rule, lang: str, examples: dict[str, Example] | None) -> list[str]:
    en = lang == "en"
    out = [f"## {_t('what', lang)}", "", rule.summary_for(lang), "",
           f"## {_t('why', lang)}", "", (rule.doc_en or rule.doc) if en else rule.doc, ""]
    for which in ("fail", "pass"):
        out += [f"## {_t(which, lang)}", ""]
        if examples and which in examples:
            out += _example_lines(examples[which], rule.code, lang)
        else:
            out += [_t("no_examples", lang, code=rule.code), ""]
    kind = fix_kind(rule)
    out += [f"## {_t('fix', lang)}", "", _t("fix_by", lang, kind=kind) if kind
            else _t("no_fix", lang), ""]
    out += [f"## {_t('options', lang)}", "", _t("kind", lang, check=rule.check), "",
            "```toml", f"[rules.{rule.code}.with]" if rule.options else f"# [rules.{rule.code}]"]
    out += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in sorted(rule.options.items())]
    out += ["```", "", _t("select", lang, code=rule.code), ""]
    out += [f"## {_t('since', lang)}", "", f"gongkai {rule.since or '0.1.0'}", ""]
    return out


def _tidy(lines: list[str]) -> str:
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.rstrip("\n") + "\n"


def rule_page(rule: Rule, examples: dict[str, Example] | None,
              langs: Sequence[str] = ("zh", "en")) -> str:
    """The page of one rule: Chinese, then English where the pack has English wording."""
    fmts = ", ".join(rule.formats) if rule.formats else "all"
    out = [f"# {rule.code} `{rule.name}`", "", f"**{rule.summary_for(langs[0])}**", ""]
    if langs[0] == "zh" and "en" in langs and rule.summary_en:
        out += [f"*{rule.summary_en}*", ""]
    for lang in langs:
        if lang == "en" and not (rule.summary_en or rule.doc_en) and len(langs) > 1:
            continue
        facts = _t("facts", lang, sev=rule.severity.value, cat=rule.category, fmts=fmts,
                   pack=rule.pack)
        if lang == "zh":
            facts += f"（{_SEV_ZH[rule.severity.value]}）"
        out += (["---", "", "## English", ""] if lang == "en" and len(langs) > 1 else [])
        out += [facts, "", *_section(rule, lang, examples)]
    return _tidy(out)


def rules_markdown(packs: Sequence[RulePack], kinds: dict[str, Any] | None = None) -> str:
    """The index docs/rules.md: every pack and its rules, each linking to its own page."""
    intro = ("Generated by `python -m checker.render.build_docs` from the packs in `rules/` and "
             "the rule cases in `tests/cases/`; a test keeps it in sync. Rule codes are stable. "
             "Each rule has its own page (`docs/rules/<CODE>.md`, also `gongkai explain CODE`).")
    out = ["# Rules", "", intro, ""]
    for pack in packs:
        out += [f"## `{pack.id}` — {pack.title}" + (f" ({pack.title_en})" if pack.title_en else ""),
                ""]
        if pack.description:
            out += [pack.description, ""]
        out += ["| code | name | severity | category | fix | since | summary |",
                "|---|---|---|---|---|---|---|"]
        for r in pack.rules:
            out.append(f"| [{r.code}](rules/{r.code}.md) | `{r.name}` | {r.severity.value} | "
                       f"{r.category} | {fix_kind(r) or '—'} | {r.since or '0.1.0'} | "
                       f"{r.summary} |")
        out.append("")
    return _tidy(out)


def explain(rule: Rule, lang: str = "zh") -> str:
    """What ``gongkai explain CODE`` prints: the rule's page in one language, with the
    examples shipped in the package (see :mod:`checker.render.examples`)."""
    return rule_page(rule, load_examples().get(rule.code),
                     langs=("en",) if lang == "en" else ("zh",))
