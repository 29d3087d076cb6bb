"""Chinese renderings of gongkai's own error messages (rule messages live in the packs).

Errors are raised with an English message (and sometimes a bilingual "中文 / English" one);
the command line shows them in Chinese by default and in English with ``--lang en``. This
table translates the common ones by pattern; a message without a translation is shown as is.
"""
from __future__ import annotations

import re

__all__ = ["localise", "localise_error"]

_ZH: list[tuple[re.Pattern[str], str]] = [(re.compile(p), z) for p, z in (
    (r"^cannot read (?P<w>.+?): it is (?P<k>.+), not a regular file$", "无法读取：这不是普通文件"),
    (r"^cannot read (?P<w>.+?): it is not a regular file$", "无法读取：这不是普通文件"),
    (r"^file is empty$|^the file is empty$", "文件为空"),
    (r"^cannot read (?:the )?file: (?P<x>.+)$", r"无法读取文件：\g<x>"),
    (r"^cannot read (?P<what>pack|baseline|decisions|configuration|score profile): (?P<x>.+)$",
     r"无法读取\g<what>：\g<x>"),
    (r"^invalid JSON: (?P<x>.+)$", r"JSON 格式错误：\g<x>"),
    (r"^invalid TOML: (?P<x>.+)$", r"TOML 格式错误：\g<x>"),
    (r"^JSON must be UTF-8 \(byte (?P<n>\d+) is not\)$",
     r"JSON 必须是 UTF-8 编码（第\g<n>个字节不是）"),
    (r"^JSON nested too deeply$", "JSON 嵌套过深"),
    (r"^not a valid gongkai report: (?P<x>.+)$", r"不是有效的 gongkai 报告 JSON：\g<x>"),
    (r"^is a directory, not a report file$", "这是一个文件夹，不是报告文件"),
    (r"^file is (?P<n>\d+) MB; the limit is (?P<m>\d+) MB$",
     r"文件大小 \g<n> MB，超过上限 \g<m> MB"),
    (r"^file is larger than (?P<m>\d+) MB$", r"文件超过 \g<m> MB 上限"),
    (r"^the file is too large \((?P<n>[\d.]+) MB; the limit is (?P<m>\d+) MB\)$",
     r"文件过大（\g<n> MB，上限 \g<m> MB）"),
    (r"^the file does not look like text \(binary data or an unknown encoding\)$",
     "文件看起来不是文本（二进制数据或无法识别的编码）"),
    (r"^no plugin could read this file$", "没有插件能读取这个文件"),
    (r"^a reader plugin failed: (?P<x>.+)$", r"读取插件出错：\g<x>"),
    (r"^unknown key '(?P<k>[^']+)'$", r"未知的键“\g<k>”"),
    (r"^unknown check kind '(?P<k>[^']+)'$", r"未知的检查类型“\g<k>”"),
    (r"^unknown placeholder \{(?P<k>[^}]+)\}$", r"未知的占位符 {\g<k>}"),
    (r"^invalid options: (?P<x>.+)$", r"选项无效：\g<x>"),
    (r"^unknown output format '(?P<k>[^']+)'$", r"未知的输出格式“\g<k>”"),
    (r"^no rule '(?P<k>[^']+)'$", r"没有规则“\g<k>”"),
    (r"^cannot write output: (?P<x>.+)$", r"无法写入输出：\g<x>"),
    (r"^no report files found$", "没有找到报告文件"),
    (r"^no such file or folder$", "文件或文件夹不存在"),
    (r"^pack is (?P<n>\d+) bytes; the limit is (?P<m>\d+)$",
     r"规则包大小\g<n>字节，超过上限\g<m>字节"),
    (r"^nested deeper than (?P<n>\d+) levels$", r"嵌套超过\g<n>层"),
    (r"^'(?P<k>select|ignore)' pattern '(?P<p>[^']+)' matches no rule$",
     r"\g<k> 中的“\g<p>”不匹配任何规则"),
    (r"^no file matches '(?P<p>[^']+)'$", r"没有与“\g<p>”匹配的文件"),
    (r"^--base is not a folder: (?P<p>.+)$", r"--base 不是文件夹：\g<p>"),
    (r"^shell completion needs the shtab package$", "生成命令行补全脚本需要安装 shtab"),
    (r"^(?P<w>.+?) is too large \((?P<n>[^;]+); the limit is (?P<m>[^)]+)\)$",
     r"文件过大（\g<n>，上限 \g<m>）"),
    (r"^(?P<w>.+?) is too large \(more than the limit of (?P<m>[^)]+)\)$",
     r"文件过大（超过上限 \g<m>）"),
    (r"^(?P<f>\S+): the path exists and is (?P<k>.+); gongkai only replaces regular files$",
     r"\g<f>：该路径已存在且不是普通文件，gongkai 只替换普通文件"),
    (r"^nested too deeply: (?P<x>.+)$", r"嵌套过深：\g<x>"),
    (r"^'(?P<v>[^']+)' is not a finite number$", r"“\g<v>”不是有限数值"),
    (r"^rule code (?P<c>\S+) is defined by pack (?P<x>.+)$", r"规则编号 \g<c> 重复定义：\g<x>"),
    (r"^more than (?P<n>\d+) rules in one run$", r"一次运行的规则超过 \g<n> 条"),
    (r"^another process has been updating this file for (?P<n>\S+) s$",
     r"另一个进程已占用此文件 \g<n> 秒"),
    (r"^cannot lock the file for updating: (?P<x>.+)$", r"无法锁定文件以便更新：\g<x>"),
    (r"^cannot write the fixed file: (?P<x>.+)$", r"无法写入修复后的文件：\g<x>"),
    (r"^cannot write baseline: (?P<x>.+)$", r"无法写入基线：\g<x>"),
    (r"^'(?P<k>[^']*)' is not a finding fingerprint$", r"“\g<k>”不是问题指纹"),
    (r"^a dismissal needs a reason$", "驳回需要写明理由"),
    (r"^no decision for '(?P<k>[^']+)'$", r"“\g<k>”没有审核决定"),
    (r"^cannot write decisions: (?P<x>.+)$", r"无法写入审核决定：\g<x>"),
    (r"^the decisions file stayed locked for (?P<n>[\d.]+) s$", r"审核决定文件被锁定超过\g<n>秒"),
    (r"^cannot listen on (?P<a>\S+): (?P<x>.+)$", r"无法在 \g<a> 上监听：\g<x>"),
    (r"^gongkai serve needs the package '(?P<k>[^']+)', which is not installed$",
     r"gongkai serve 需要安装“\g<k>”包"),
    (r"^not a folder$", "不是文件夹"),
    (r"^the folder of the decisions file does not exist$", "审核决定文件所在的文件夹不存在"),
    (r"^no finding (?P<f>\S+) in (?P<x>.+)$", r"在 \g<x> 中没有指纹为 \g<f> 的问题"),
    (r"^the alias '(?P<k>[^']+)' must name an agency \(a string\)$",
     r"别名“\g<k>”的值必须是机关名称（字符串）"),
)]
_HINTS_ZH: list[tuple[re.Pattern[str], str]] = [(re.compile(p), z) for p, z in (
    (r"^did you mean '(?P<k>[^']+)'\?$", r"是否想写“\g<k>”？"),
    (r"^did you mean \{(?P<k>[^}]+)\}\?$", r"是否想写 {\g<k>}？"),
    (r"^see docs/report-format\.md; `gongkai normalise FILE` writes one$",
     "见 docs/report-format.md；`gongkai normalise FILE` 可生成报告 JSON"),
    (r"^export the report's text or HTML again$", "请重新导出报告的文本或网页"),
    (r"^give report files, or use `gongkai score DIR`$",
     "请给出报告文件，或使用 `gongkai score DIR`"),
    (r"^split the document or extract its text first$", "请拆分文档或先提取其文本"),
    (r"^supported: (?P<x>.+)$", r"支持的格式：\g<x>"),
    (r"^`gongkai rules` lists the codes, names and packs$",
     "`gongkai rules` 可列出全部规则编号、名称和规则包"),
    (r"^'(?P<p>[^']+)' is a file: the shell expanded a glob into file names; quote the pattern, "
     r"e\.g\. (?P<e>.+)$",
     r"“\g<p>”是一个文件：shell 把通配符展开成了文件名，请给通配符加引号，如 \g<e>"),
    (r"^check the pattern; `\*\*` matches folders recursively$",
     "请检查通配符；`**` 可递归匹配子文件夹"),
    (r"^give the repository root or the folder paths are relative to$",
     "请给出仓库根目录，或路径所相对的文件夹"),
    (r"^give a regular file \(copy the data into one first\)$",
     "请给出普通文件（可先把数据复制到文件中）"),
    (r"^give a new file name or an existing regular file$", "请给出新文件名或已有的普通文件"),
    (r"^choose another --port, or stop the program that uses this one$",
     "请换一个 --port，或停止占用这个端口的程序"),
    (r"^give a folder of reports, or no folder to only check uploads$",
     "请给出报告所在的文件夹；只检查上传的报告时不必给文件夹"),
    (r"^create the folder first or choose another --decisions file$",
     "请先创建该文件夹，或另选 --decisions 文件"),
    (r"^check the fingerprint, or leave out the reports to record the decision without looking "
     r"the finding up$", "请核对指纹；或不给出 --report，直接记录审核决定"),
)]


def _translate(text: str, table: list[tuple[re.Pattern[str], str]]) -> str:
    for pattern, zh in table:
        m = pattern.match(text)
        if m:
            return m.expand(zh)
    return text


def localise(message: str, lang: str = "zh", *, hint: bool = False) -> str:
    """The message in ``lang``: known English messages get their Chinese translation (with the
    English original in brackets); bilingual "中文 / English" messages keep both in Chinese
    mode and only the English part with ``lang="en"``; anything else is returned unchanged."""
    if " / " in message and re.search(r"[\u4e00-\u9fff]", message.split(" / ", 1)[0]):
        return message.split(" / ", 1)[1] if lang == "en" else message
    if lang == "en":
        return message
    zh = _translate(message, _HINTS_ZH if hint else _ZH)
    # Keep the English original beside the translation: it is what people search for.
    return zh if zh == message else f"{zh}（{message}）"


def localise_error(exc: object, lang: str = "zh") -> str:
    """A GongkaiError rendered for people in ``lang`` (file, place, message, hint)."""
    message = localise(getattr(exc, "message", str(exc)), lang)
    path, where, hint = (getattr(exc, "path", None), getattr(exc, "where", None),
                         getattr(exc, "hint", None))
    head = f"{path}: " if path else ""
    if where:
        head += f"{where}: "
    text = head + message
    if hint:
        text += (("\n  提示 hint: " if lang != "en" else "\n  hint: ")
                 + localise(hint, lang, hint=True))
    return text
