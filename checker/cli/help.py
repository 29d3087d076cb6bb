"""``--help`` in the user's language: Chinese with ``--lang zh`` or a Chinese locale.

Help strings are written in English where the options are defined (in every ``cli_*`` module);
:class:`HelpFormatter` looks each one up in :data:`ZH` when the help language is Chinese, so a
string without a translation is shown as written rather than lost. The examples and the
exit-code table of ``gongkai --help`` and ``gongkai check --help`` are here in both languages.
"""
from __future__ import annotations

import argparse
import os
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["BuildFormatter", "HelpFormatter", "epilog", "help_lang", "localise_parser", "translate"]


def help_lang(argv: Sequence[str], environ: dict[str, str] | None = None) -> str:
    """``zh`` or ``en``: ``--lang`` on the command line, else the locale (LC_ALL, LC_MESSAGES,
    LANG, the first one set), else ``en``."""
    args = list(argv)
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args):
            return "en" if args[i + 1] == "en" else "zh"
        if a.startswith("--lang="):
            return "en" if a.split("=", 1)[1] == "en" else "zh"
    env = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(key)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


ZH: dict[str, str] = {
    "show this help message and exit": "显示本帮助并退出",
    "print the version and exit": "显示版本号并退出",
    "language of help and messages (also accepted after the command)":
        "帮助和消息的语言（也可写在命令之后）",
    "message language (default zh, or from configuration)":
        "消息语言：zh 或 en（默认 zh，或按配置文件）",
    "configuration file (gongkai.toml or pyproject.toml)":
        "配置文件（gongkai.toml 或 pyproject.toml）",
    "extra rule-pack directory or file (repeatable)": "额外的规则包文件夹或文件（可重复）",
    "run only rules matching a code, name, pack id or glob (repeatable, comma-separated)":
        "只运行与规则编号、名称、规则包或通配符匹配的规则（可重复，可用逗号分隔）",
    "skip rules matching a code, name, pack id or glob (repeatable, comma-separated)":
        "跳过与规则编号、名称、规则包或通配符匹配的规则（可重复，可用逗号分隔）",
    "score profile TOML replacing the default": "替换默认评分方案的 TOML 文件",
    "check reports and print graded findings": "检查报告，列出问题并评分",
    "report files (.json .txt .html .docx .pdf; .doc .wps with LibreOffice); - reads standard "
    "input; quoted globs are expanded":
        "报告文件（.json .txt .html .docx .pdf；安装 LibreOffice 后可读 .doc .wps）；"
        "- 表示从标准输入读取；加引号的通配符由 gongkai 展开",
    "also write an annotated copy of the (single) report: OUT.docx with the findings as Word "
    "comments (Word input), or OUT.html, a web page of the text with the findings marked (any "
    "input)": "另存一份带批注的报告（仅限单个报告）：OUT.docx 以 Word 批注标出问题（Word 输入），"
               "或 OUT.html 网页中标出问题（任何输入）",
    "output format: text, json, sarif, junit, github (default text)":
        "输出格式：text、json、sarif、junit、github（默认 text）",
    "write the output to FILE (atomically)": "将输出写入 FILE（原子写入）",
    "exit 1 when a finding is at least this severe (default error)":
        "存在不低于此严重程度的问题时退出码为 1（默认 error）",
    "no colours in text output (also: the NO_COLOR environment variable)":
        "文本输出不用颜色（也可设环境变量 NO_COLOR）",
    "text output width": "文本输出宽度",
    "last year's report, for cross-year checks": "上一年度的报告，用于跨年度检查",
    "show only findings not in this baseline": "只显示基线中没有的问题",
    "name of the report read from standard input (its format and configuration)":
        "从标准输入读取的报告的文件名（据此判断格式和适用的配置）",
    "exit 0 even when there are findings (errors reading input still exit 2)":
        "即使有问题也以 0 退出（输入无法读取时仍为 2）",
    "print how often each rule fired instead of the findings":
        "不列出问题，只统计每条规则的问题数",
    "print only the findings: no score table, nothing for clean reports, no notes":
        "只输出问题：不输出评分表，无问题的报告和提示不输出",
    "skip files matching this glob (repeatable, comma-separated), e.g. 'drafts/*'":
        "跳过与此通配符匹配的文件（可重复，可用逗号分隔），如 'drafts/*'",
    "base folder of SARIF artifact paths (default: the configuration's folder or the git "
    "repository root)": "SARIF 中文件路径的基准文件夹（默认：配置文件所在文件夹或 git 仓库根目录）",
    "turn a document into normalised report JSON": "将文档转换为规范化的报告 JSON",
    "write to OUT (atomically); default stdout": "写入 OUT（原子写入）；默认输出到标准输出",
    "list all rules": "列出全部规则",
    "explain one rule": "说明一条规则",
    "rule code or name, e.g. TBL003 or t3.balance": "规则编号或名称，如 TBL003 或 t3.balance",
    "validate rule-pack TOML files": "校验规则包 TOML 文件",
    "print a shell completion script (bash, zsh or fish)":
        "输出命令行补全脚本（bash、zsh 或 fish）",
    "the shell": "所用的 shell",
    "score many reports: score sheets, HTML report, summary": "批量评分：评分表、HTML 报告、汇总",
    "report files or folders (searched recursively for .json .txt .html .htm .docx .pdf)":
        "报告文件或文件夹（递归查找 .json .txt .html .htm .docx .pdf）",
    "worker processes (default: all cores)": "并行进程数（默认：全部 CPU 核）",
    "score sheet, one row per report (UTF-8 with BOM)": "评分表，每份报告一行（带 BOM 的 UTF-8）",
    "workbook: reports, and every finding": "Excel 工作簿：报告一览和全部问题",
    "self-contained HTML report (no network)": "独立的 HTML 报告（无需联网）",
    "last year's reports, files or folders (repeatable): cross-year checks":
        "上一年度的报告文件或文件夹（可重复），用于跨年度检查",
    "reviewer decisions (default: gongkai-decisions.json beside the batch)":
        "审核结论文件（默认：批次旁的 gongkai-decisions.json）",
    "exit 1 when any report has a finding at least this severe (default error)":
        "任一报告存在不低于此严重程度的问题时退出码为 1（默认 error）",
    "record reviewer decisions on findings (by fingerprint)": "记录审核人对问题的结论（按指纹）",
    "confirm or dismiss one finding": "确认或驳回一个问题",
    "the finding is not a defect: it leaves the score": "该问题不成立，不计入评分",
    "the finding is a defect": "该问题成立",
    "remove the decision": "删除该结论",
    "why (required to dismiss)": "理由（驳回时必填）",
    "who decided (default: the login name)": "审核人（默认：登录名）",
    "decisions file (default ./gongkai-decisions.json)":
        "审核结论文件（默认 ./gongkai-decisions.json）",
    "list the recorded decisions": "列出已记录的审核结论",
    "print the effective configuration and where each value came from":
        "显示生效的配置及每项的来源",
    "a report or folder (default: the current directory)": "报告或文件夹（默认：当前文件夹）",
    "record the reports' current findings as a baseline": "将报告当前的问题记录为基线",
    "the baseline to write (atomically), e.g. baseline.json":
        "要写入的基线文件（原子写入），如 baseline.json",
    "safe typographic fixes in the source document (.txt .html .docx)":
        "在源文档中做安全的排版修复（.txt .html .docx）",
    "report files (.txt .html .docx)": "报告文件（.txt .html .docx）",
    "print a unified diff and write nothing (exit 1 if anything would change)":
        "只显示差异，不写入（有可修改之处时退出码为 1）",
    "do not keep FILE.orig": "不保留 FILE.orig 备份",
    "every kind of fix, half-width ordinals (一) → （一） included":
        "全部修复类型，包括半角序号括号 (一) → （一）",
    "report files": "报告文件",
    "only these kinds of fix: brackets, spaces, marks, ordinals (repeatable, comma-separated; "
    "default: brackets, spaces, marks)":
        "只做这些类型的修复：brackets（文号括号）、spaces（空格与断行）、marks（嵌套书名号）、"
        "ordinals（序号括号）（可重复，可用逗号分隔；默认 brackets、spaces、marks）",
    "Repair document-number brackets and spaces, decree-number spaces, nested book-title marks "
    "in place (and half-width ordinals with --all or --only ordinals). Never numbers, never "
    "wording. The original is kept as FILE.orig.":
        "就地修复发文字号的括号和空格、令号中的空格、嵌套书名号"
        "（加 --all 或 --only ordinals 时还修复半角序号括号）。"
        "不改数字，不改措辞。原文件保存为 FILE.orig。",
    "政府信息公开工作年度报告合规检查 — compliance checker for government information-disclosure "
    "annual reports": "政府信息公开工作年度报告合规检查",
    "the files the hook was given (pre-commit passes them)": "pre-commit 传入的文件",
}
_TITLES_ZH = {"positional arguments": "位置参数", "options": "选项",
              "optional arguments": "选项"}

_EPILOG = {
    ("gongkai", "en"): """examples:
  gongkai check report.docx                      findings, score and grade
  gongkai check reports/*.pdf --format sarif -o gongkai.sarif
  gongkai check - --stdin-filename report.txt < report.txt
  gongkai rules                                  every rule
  gongkai explain TBL003                         what a rule checks and why
  gongkai completion bash > ~/.local/share/bash-completion/completions/gongkai

exit codes:
  0  no finding at or above --fail-on (default error)
  1  findings at or above --fail-on
  2  usage error, unreadable input, or a rule that failed""",
    ("gongkai", "zh"): """示例：
  gongkai check 报告.docx                        列出问题，给出得分和等级
  gongkai check reports/*.pdf --format sarif -o gongkai.sarif
  gongkai check - --stdin-filename 报告.txt < 报告.txt
  gongkai rules                                  列出全部规则
  gongkai explain TBL003                         说明一条规则检查什么、依据是什么
  gongkai completion bash > ~/.local/share/bash-completion/completions/gongkai

退出码：
  0  没有不低于 --fail-on（默认 error）的问题
  1  存在不低于 --fail-on 的问题
  2  用法错误、输入无法读取或规则运行出错""",
    ("check", "en"): """examples:
  gongkai check report.html
  gongkai check "reports/**/*.docx" --exclude "reports/drafts/*"
  gongkai check report.pdf --lang en --select "TBL*" --ignore SEC004 --fail-on warning
  gongkai check reports/*.txt --statistics
  cat report.txt | gongkai check - --stdin-filename reports/report.txt

Files that are not annual reports (package.json, index.html …) and gongkai's own files are
skipped with a note. Colours follow NO_COLOR and FORCE_COLOR (no-color.org).

exit codes:
  0  no finding at or above --fail-on (default error), or --exit-zero
  1  findings at or above --fail-on
  2  usage error, unreadable input, or a rule that failed""",
    ("check", "zh"): """示例：
  gongkai check 报告.html
  gongkai check "reports/**/*.docx" --exclude "reports/drafts/*"
  gongkai check 报告.pdf --lang en --select "TBL*" --ignore SEC004 --fail-on warning
  gongkai check reports/*.txt --statistics
  cat 报告.txt | gongkai check - --stdin-filename reports/报告.txt

不是年度报告的文件（package.json、index.html 等）和 gongkai 自身的文件会跳过并给出提示。
颜色遵循 NO_COLOR 和 FORCE_COLOR 环境变量（no-color.org）。

退出码：
  0  没有不低于 --fail-on（默认 error）的问题，或指定了 --exit-zero
  1  存在不低于 --fail-on 的问题
  2  用法错误、输入无法读取或规则运行出错""",
}


def epilog(command: str, lang: str) -> str:
    """The examples and exit codes shown at the end of ``--help``."""
    return _EPILOG[(command, "en" if lang == "en" else "zh")]


def translate(text: str | None, lang: str) -> str | None:
    """``text`` in ``lang`` when a translation is known."""
    if text is None or lang == "en":
        return text
    return ZH.get(" ".join(text.split()), text)


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the epilog's layout; translates help strings and the usage prefix."""

    lang = "en"

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return translate(action.help, self.lang)

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[Any], prefix: str | None = None) -> None:
        if prefix is None and self.lang != "en":
            prefix = "用法："
        super().add_usage(usage, actions, groups, prefix)


class BuildFormatter(argparse.HelpFormatter):
    """The formatter argparse consults while a parser is being built (it formats each option's
    metavar to check it): nothing is shown yet, so a fixed width will do. Finding the
    terminal's width imports :mod:`shutil` (with its compression modules, several
    milliseconds of each start); the formatter :func:`localise_parser` sets does that when
    help or usage is actually printed."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         78 if width is None else width)


def _formatter(lang: str) -> type[HelpFormatter]:
    return type("LocalHelpFormatter", (HelpFormatter,), {"lang": lang})


def localise_parser(parser: argparse.ArgumentParser, lang: str) -> None:
    """Set the help language of ``parser`` and every sub-command parser below it."""
    todo = [parser]
    while todo:
        p = todo.pop()
        p.formatter_class = _formatter(lang)
        if lang != "en":
            for group in p._action_groups:
                group.title = _TITLES_ZH.get(group.title or "", group.title)
            p.description = translate(p.description, lang)
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                todo.extend(action.choices.values())
