"""Fingerprints survive a resubmission: no line numbers or offsets, only rule, report identity,
part or cell, what was matched and its occurrence within the part."""
from __future__ import annotations

import copy
import html
import json
from pathlib import Path

from checker.api import Session
from checker.engine.fingerprints import identity
from checker.report import Report

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT / "fixtures" / "raw" / "seed-2023.txt"
CLEAN = ROOT / "fixtures" / "reports" / "clean-2021.json"


def _fps(session: Session, path: Path) -> dict[str, tuple[str, str | None]]:
    return {f.fingerprint: (f.code, f.part) for f in session.check(str(path)).findings}


def _to_html(text: str) -> str:
    lines = text.split("\n")
    first = next(line for line in lines if line.strip())
    rest = lines[lines.index(first) + 1:]
    return (f"<html><head><title>{html.escape(first.strip())}</title></head><body>"
            f"<h1>{html.escape(first.strip())}</h1>"
            + "".join(f"<p>{html.escape(line)}</p>" for line in rest) + "</body></html>")


def test_editing_one_part_and_adding_blank_lines_keeps_the_other_fingerprints(session, tmp_path):
    text = SEED_TXT.read_text(encoding="utf-8")
    before = _fps(session, SEED_TXT)
    parts = {part for _, part in before.values()}
    assert parts >= {"preamble", "overview", "applications", "other"}
    problems = text.index("五、政府信息公开工作存在的主要问题及改进情况")
    other = text.index("六、", problems)
    edited = (text[:problems] + text[problems:other].replace("（一）", "（一）经整改，")
              + "\n本年新增一段关于问题整改的说明，共涉及三个方面。\n" + text[other:])
    edited = edited.replace("\n", "\n\n")  # and blank lines everywhere
    p = tmp_path / "resubmitted.txt"
    p.write_text(edited, encoding="utf-8")
    after = _fps(session, p)
    # every finding outside the edited part that still fires (a blank line inside a broken
    # 文号 is no longer a break) keeps its fingerprint
    still = set(after.values())
    kept = {fp for fp, (code, part) in before.items()
            if part != "problems" and (code, part) in still}
    assert len(kept) >= len(before) - 4
    assert kept <= set(after), {before[fp] for fp in kept - set(after)}


def test_converting_text_to_html_keeps_fingerprints(session, tmp_path):
    p = tmp_path / "seed.html"
    p.write_text(_to_html(SEED_TXT.read_text(encoding="utf-8")), encoding="utf-8")
    before, after = _fps(session, SEED_TXT), _fps(session, p)
    same = set(before) & set(after)
    # every finding both versions have keeps its fingerprint; the rest are reader differences
    assert len(same) >= len(before) - 2, {before[fp] for fp in set(before) - same}


def test_a_decision_follows_the_finding_into_the_corrected_report(session, tmp_path):
    from checker.workflows.rescore import Rescoring, rescore

    first = session.check(str(SEED_TXT))
    target = next(f for f in first.findings if f.part == "other")
    text = SEED_TXT.read_text(encoding="utf-8").replace("\n", "\n\n")
    p = tmp_path / "v2.txt"
    p.write_text(text.replace("（一）", "（一）补充说明：", 1), encoding="utf-8")
    second = rescore(session.check(str(p)), session,
                     Rescoring(decisions={target.fingerprint: "dismissed"}))
    assert target.fingerprint in {f.fingerprint for f in second.suppressed}


def test_reports_without_an_agency_do_not_share_fingerprints(session):
    base = json.loads(CLEAN.read_text(encoding="utf-8"))
    a, b = copy.deepcopy(base), copy.deepcopy(base)
    for doc, body in ((a, "甲局"), (b, "乙局")):
        title = f"{body}2023年政府信息公开工作年度报告"
        doc["meta"]["agency"] = None
        doc["meta"]["title"] = title
        doc["text"] = doc["text"].replace("青岚县市场监督管理局", "本机关")
    assert identity(Report(a)) != identity(Report(b))
    a["text"] += "\n（五）"  # the same defect in both
    b["text"] += "\n（五）"
    fa = {f.fingerprint for f in session.check(a).findings}
    fb = {f.fingerprint for f in session.check(b).findings}
    assert fa and not fa & fb


def test_occurrences_in_one_part_are_numbered(session):
    """The same defect twice in one part: two findings, two fingerprints, stable order."""
    doc = json.loads(CLEAN.read_text(encoding="utf-8"))
    r1 = session.check(doc)
    assert len({f.fingerprint for f in r1.findings}) == len(r1.findings)
    again = session.check(copy.deepcopy(doc))
    assert [f.fingerprint for f in r1.findings] == [f.fingerprint for f in again.findings]
