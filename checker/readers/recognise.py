"""Tell annual reports from other files, so that a repository-wide run skips the others.

A pre-commit hook or ``gongkai check *`` sees every file of a repository: ``package.json``,
``requirements.txt``, ``index.html``, gongkai's own decisions, baseline and suppression files.
Those are not defective reports, they are not reports at all, and are skipped with a one-line
note instead of failing. A file is taken for a report when

- JSON: it declares the report schema (``"schema": "gongkai.report/1"``), has no schema but
  a report's keys (``meta``, ``text``, ``tables`` …), or does not parse at all (what it was
  meant to be cannot be told, so reading it reports the error);
- any other format, once read: it has a recognised part heading (一、总体情况 …) or statistical
  table, or it has a 政府信息公开 … 报告 title and some body text (a report whose parts all
  went missing is a defective report, not a skip), or its text reports on 政务公开 /
  政府信息公开 work at length (an older report with its own section scheme and no title).

gongkai's own files (``gongkai-decisions.json``, ``gongkai.toml``, ``gongkai-suppressions.toml``,
baselines and results in the ``gongkai.results/1`` format, score profiles) are never checked.
"""
from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any

from checker.files.lazyre import lazy

__all__ = ["OWN_FILE_NAMES", "note", "skip_reason_data", "skip_reason_report"]

OWN_FILE_NAMES = frozenset({"gongkai-decisions.json", "gongkai-decisions.toml", "gongkai.toml",
                            "gongkai-suppressions.toml", "pyproject.toml",
                            ".pre-commit-config.yaml", ".pre-commit-hooks.yaml"})
OWN = "own"  # gongkai's own file
OTHER = "other"  # not an annual report
_REPORT_SCHEMA = "gongkai.report/"
_REPORT_KEYS = frozenset({"meta", "text", "sections", "tables", "rows"})
_ABOUT_DISCLOSURE = lazy(r"政务公开|政府信息公开|信息公开工作")
_MIN_TEXT = 300  # characters: a link to a report on a home page is not a report


def skip_reason_data(path: str, data: bytes) -> str | None:
    """``"own"``, ``"other"`` or None (check it) from the file's name and bytes alone."""
    name = PurePath(path).name
    if name in OWN_FILE_NAMES:
        return OWN
    if not name.lower().endswith(".json"):
        return None
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None  # what it was meant to be cannot be told: reading it reports the error
    if not isinstance(doc, dict):
        return OTHER
    schema = str(doc.get("schema", ""))
    if schema.startswith(_REPORT_SCHEMA):
        return None
    if schema.startswith("gongkai.") or name.startswith("gongkai-"):
        return OWN  # results, baselines, decisions under another name
    if not schema and _REPORT_KEYS & set(doc):
        return None  # report-shaped: validating it says what is wrong
    return OTHER


def skip_reason_report(report: dict[str, Any]) -> str | None:
    """``"other"`` when a read document shows nothing of an annual report, else None."""
    parts = [s for s in report.get("sections") or () if s.get("part") not in (None, "preamble")]
    if parts or any((report.get("tables") or {}).values()):
        return None
    title = str((report.get("meta") or {}).get("title") or "")
    text = str(report.get("text") or "")
    if "信息公开" in title and "报告" in title and len(text) >= _MIN_TEXT:
        return None  # a report whose parts all went missing is a defective report
    if len(text) >= _MIN_TEXT and _ABOUT_DISCLOSURE.search(text) and "报告" in text \
            and text.count("公开") >= 5:
        # an older report with its own section scheme and no title line ("2018年，省人社厅…
        # 现将我厅政务公开工作报告如下：一、…"): a report, of which most rules cannot run
        return None
    return OTHER


def note(path: str, reason: str, lang: str) -> str:
    """The one-line note printed for a skipped file."""
    if reason == OWN:
        return (f"gongkai: {path}: gongkai's own file, not checked" if lang == "en"
                else f"gongkai: {path}：gongkai 自身的文件，不检查")
    return (f"gongkai: {path}: not a government information-disclosure annual report, skipped"
            if lang == "en" else f"gongkai: {path}：不是政府信息公开工作年度报告，已跳过")
