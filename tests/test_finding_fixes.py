"""Fixes attached to findings: a fixable finding carries its edit, and applying the edit
makes the finding go (one definition of each defect, shared by checker and fixer)."""
from __future__ import annotations

import pytest

from checker.engine.kinds import Hit, RunContext
from checker.findings import Fix
from checker.report import Report


def _report(text: str) -> Report:
    return Report({"meta": {"year": 2023, "format": "2021"}, "text": text, "sections": [],
                   "tables": {}})


def _hits(session, code: str, text: str) -> list[Hit]:
    rule = next(r for r in session.all_rules if r.code == code)
    return [o for o in session.kinds[rule.check].run(rule, _report(text), RunContext())
            if isinstance(o, Hit)]


@pytest.mark.parametrize("code,text,fixed", [
    ("DOC001", "依据中办发﹝2016﹞8号执行", "依据中办发〔2016〕8号执行"),
    ("DOC002", "依据发改价格[2004]297号执行", "依据发改价格〔2004〕297号执行"),
    ("DOC002", "鲁政办字［2020］179号", "鲁政办字〔2020〕179号"),
    ("DOC003", "青政办函【2012】3号", "青政办函〔2012〕3号"),
    ("DOC004", "鲁政发（2021）5号", "鲁政发〔2021〕5号"),
    ("DOC007", "国办发〔２０２１〕３号", "国办发〔2021〕3号"),
    ("DOC011", "鲁政办发 〔 2023 〕8 号", "鲁政办发〔2023〕8号"),
    ("DOC012", "（鲁政办发\n\n〔2023〕8号）", "（鲁政办发〔2023〕8号）"),
    ("DOC015", "国务院令 第 711 号", "国务院令第711号"),
])
def test_a_fixable_finding_carries_its_edit_and_the_edit_removes_it(session, code, text, fixed):
    """The hit's fix turns the text into the corrected text, and the rule then finds nothing."""
    hits = _hits(session, code, text)
    assert len(hits) == 1
    fix = hits[0].fix
    assert isinstance(fix, Fix) and fix.edits and fix.title and fix.title_en
    assert fix.apply(text) == fixed
    assert _hits(session, code, fix.apply(text)) == []


def test_a_fix_repairs_only_its_own_defect(session):
    """Fixing the brackets leaves the leading zero for its own rule (DOC008)."""
    text = "鲁政发[2021]05号"
    (hit,) = _hits(session, "DOC002", text)
    assert hit.fix is not None
    after = hit.fix.apply(text)
    assert after == "鲁政发〔2021〕05号"
    assert len(_hits(session, "DOC008", after)) == 1
    assert _hits(session, "DOC008", after)[0].fix is None  # no safe repair declared


def test_findings_of_a_checked_file_carry_fixes(session, tmp_path):
    """Through the whole pipeline: the finding's fix, applied to the report text, removes it."""
    src = tmp_path / "report.txt"
    src.write_text("一、总体情况\n本机关依据发改价格[2004]297号文件执行。\n", encoding="utf-8")
    result = session.check(str(src))
    doc002 = [f for f in result.findings if f.code == "DOC002"]
    assert len(doc002) == 1 and doc002[0].fix is not None
    assert all(f.fix is None for f in result.findings if f.code in ("PAR001", "TTL001"))


def test_fix_apply_refuses_edits_outside_the_text():
    """An edit beyond the end of the text is an error, not a silent no-op."""
    with pytest.raises(ValueError, match="outside"):
        Fix(edits=((5, 1, "x"),), title="t").apply("abc")


@pytest.mark.parametrize("code,text,fixed", [
    ("FEE005", "引用《国务院办公厅关于印发《办法》的通知》。",
     "引用《国务院办公厅关于印发〈办法〉的通知》。"),
    ("FEE004", "根据《国务院办公厅关于印发《山东省通知》（鲁政办字〔2020〕179号）规定",
     "根据《国务院办公厅关于印发〈山东省通知〉》（鲁政办字〔2020〕179号）规定"),
    ("FEE006", "依据<政府信息公开条例>办理", "依据《政府信息公开条例》办理"),
    ("FEE006", "《关于印发<信息处理费管理办法>的通知》",
     "《关于印发〈信息处理费管理办法〉的通知》"),
])
def test_book_title_mark_findings_carry_their_repair(session, code, text, fixed):
    """The mark rules attach the repair of their defect, and the repaired text passes."""
    (hit,) = _hits(session, code, text)
    assert hit.fix is not None and hit.fix.kind == "marks"
    assert hit.fix.apply(text) == fixed
    assert _hits(session, code, fixed) == []


def test_marks_alternate_by_depth(session):
    """A title three deep keeps 《》 (GB/T 15834 alternates the marks): only the odd depth
    gets 〈〉, and the rule offers no further repair of the result."""
    text = "《甲《乙《丙》》》"
    fixes = [h.fix for h in _hits(session, "FEE005", text) if h.fix is not None]
    assert len(fixes) == 1 and fixes[0].apply(text) == "《甲〈乙《丙》〉》"
    assert all(h.fix is None for h in _hits(session, "FEE005", "《甲〈乙《丙》〉》"))


def test_unbalanced_marks_without_a_safe_place_carry_no_fix(session):
    """No cited number after the inner title: where the outer 》 belongs is not guessed."""
    (hit,) = _hits(session, "FEE004", "根据《国务院办公厅关于印发《山东省通知》规定")
    assert hit.fix is None
