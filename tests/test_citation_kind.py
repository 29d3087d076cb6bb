"""The citation and fee check kinds: fee statement, X4, spliced titles, issuer vs number,
book-title marks."""
from __future__ import annotations

import pytest

from checker.checks import doctext
from checker.engine.kinds import Hit, RunContext, Say, Skip
from checker.engine.wording import render
from checker.report import Report

HEAD = "六、其他需要报告的事项\n\n（一）收取信息处理费情况\n\n"


def _report(text: str, other: bool = True, t3: dict | None = None) -> Report:
    sections = ([{"part": "other", "heading": "六、其他需要报告的事项",
                  "span": {"start": 0, "end": len(text)}}] if other else [])
    return Report({"meta": {"year": 2023, "format": "2021"}, "text": text, "sections": sections,
                   "tables": {"t3": t3} if t3 else {}})


def _run(session, code: str, report: Report) -> list:
    rule = next(r for r in session.all_rules if r.code == code)
    return list(session.kinds[rule.check].run(rule, report, RunContext()))


def _said(session, code: str, say: Say, lang: str = "zh") -> str:
    """A Say of rule ``code`` as its pack words it in ``lang``."""
    rule = next(r for r in session.all_rules if r.code == code)
    return render(say, rule.wording, lang)


def _codes(session, report: Report) -> list[str]:
    out = []
    for rule in session.all_rules:
        if rule.pack in ("doc-numbers", "fee-notice"):
            out += [rule.code for o in session.kinds[rule.check].run(rule, report, RunContext())
                    if isinstance(o, Hit)]
    return sorted(out)


def _t3(**cells: int) -> dict:
    rows = {"new": {"tot": {"value": 0, "raw": "0"}}}
    for cid, v in cells.items():
        row, col = cid.split("__")
        rows.setdefault(row, {})[col] = {"value": v, "raw": str(v)}
    return rows


@pytest.mark.parametrize("body", [
    "本年度未收取信息处理费。", "本年度政府信息公开未收取信息处理费。", "无。", "没有。",
    "本机关2023年度没有收取信息处理费。", "2023年，本单位无信息处理费收费情况。",
    "本年度共收取信息处理费0元。", "本年度信息处理费收取情况：不涉及。",
    "本年度收取信息处理费300元（共2件）。", "本年度收取信息处理费0.03万元。",
    "本年度未向申请人收取信息处理费。",
])
def test_fee_statement_accepted(session, body):
    """An amount or an explicit 未收取/没有收取/无 under the fee item is a statement."""
    assert _run(session, "FEE001", _report(HEAD + body)) == []


@pytest.mark.parametrize("body", [
    "本年度严格执行相关规定。", "（二）落实上级年度政务公开工作要点情况\n\n认真落实。",
])
def test_fee_statement_missing(session, body):
    """A fee heading with nothing about the fee under it, or no mention at all, is an error."""
    (hit,) = _run(session, "FEE001", _report(HEAD + body))
    assert isinstance(hit, Hit)
    (hit,) = _run(session, "FEE001", _report("六、其他需要报告的事项\n\n无。"))
    assert _said(session, "FEE001", hit.params["context"]) == "（第六部分未提及信息处理费）"
    assert _said(session, "FEE001", hit.params["context"], "en") == (
        " (part 6 does not mention the fee)")


def test_fee_rules_skip_without_part_six(session):
    """Without part 六 the fee rules say they cannot be assessed."""
    report = _report("本年度未收取信息处理费。", other=False)
    for code in ("FEE001", "FEE007", "FEE009", "FEE010"):
        out = _run(session, code, report)
        assert len(out) == 1 and isinstance(out[0], Skip), code


def test_x4_fee_notice_conflict(session):
    """Unpaid fee notices in table 3 contradict a claim that no fee notice was issued."""
    text = HEAD + "本年度未发出收费通知，未收取信息处理费。"
    assert [type(o) for o in _run(session, "FEE009", _report(text, t3=_t3(r6_2__tot=2)))] == [Hit]
    assert _run(session, "FEE009", _report(text, t3=_t3(r6_2__tot=0))) == []
    ok = HEAD + "本年度未收取信息处理费（1件申请人逾期未按收费通知要求缴纳费用）。"
    assert _run(session, "FEE009", _report(ok, t3=_t3(r6_2__tot=1))) == []


def test_x4_fee_without_applications(session):
    """Fees collected while table 3 is all zero are flagged for review."""
    text = HEAD + "本年度收取信息处理费200元。"
    (hit,) = _run(session, "FEE010", _report(text, t3=_t3(r6_2__tot=0)))
    assert hit.params["amount"] == "200"
    assert _run(session, "FEE010", _report(text, t3=_t3(new__nat=3))) == []
    assert _run(session, "FEE010", _report(HEAD + "本年度未收取信息处理费。", t3=_t3())) == []


@pytest.mark.parametrize("sentence,codes", [
    ("根据《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号），本年度未收取信息处理费。", []),
    ("根据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。", []),
    ("根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年度未收取信息处理费。", ["FEE008"]),
    ("根据《山东省人民政府办公厅关于做好政府信息公开信息处理费管理工作有关事项的通知》（鲁政办字〔2020〕179号），"
     "本年度未收取信息处理费。", ["FEE007"]),
    ("根据《国务院办公厅关于印发《山东省人民政府办公厅关于做好政府信息公开信息处理费管理工作有关事项的通知》"
     "（鲁政办字〔2020〕179号）规定，本年度政府信息公开未收取信息处理费。",
     ["FEE002", "FEE003", "FEE004", "FEE007"]),
    ("根据《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（鲁政办字〔2020〕179号），本年度未收取信息处理费。",
     ["DOC019", "FEE003"]),
    ("根据《国务院办公厅<政府信息公开信息处理费管理办法>的通知》，本年度未收取信息处理费。", ["FEE006"]),
])
def test_fee_citation_forms(session, sentence, codes):
    """Correct forms of §4.3 pass; the spliced, misattributed and unbalanced forms of §4.5 fail."""
    assert _codes(session, _report(HEAD + sentence)) == codes


def test_unknown_agency_code_is_not_judged(session):
    """Only known agency codes are compared with the cited issuer."""
    text = "《国务院办公厅关于X的通知》（川办函〔2020〕5号）"
    assert _run(session, "FEE003", _report(text, other=False)) == []


@pytest.mark.parametrize("text,codes", [
    ("《开发区 2023 年政务公开工作要点》", []),
    ("《A〈B〉C》和《D》", []),
    ("根据《国务院办公厅关于印发\n\n〈政府信息公开信息处理费管理办法〉的通知》", []),
    ("根据《A关于印发〈B〉的通知规定。", ["FEE004"]),
    ("根据A》规定。", ["FEE004"]),
    ("《A〈B》", ["FEE004"]),
    ("《A《B》C》", ["FEE005"]),
    ("《A关于印发<B办法>的通知》", ["FEE006"]),
    ("关于印发⟨中文标题⟩", ["FEE006"]),
    ("a<b 且 c>d；<p>中文内容</p>", []),
    ("《城乡最低生活保障政策》《城乡特困人员救助供养》", []),
    ("《条例》、《规定》", ["FEE011"]),
    ("《A》（X〔2020〕1号）、《B》", []),
])
def test_book_title_marks(session, text, codes):
    """《》 and 〈〉 balance per paragraph, nest as 《〈〉》, and are not replaced by <>."""
    assert _codes(session, _report(text, other=False)) == codes


def test_unbalanced_is_one_finding_per_paragraph(session):
    """Two unclosed titles in one paragraph give one finding; the count is in the message."""
    (hit,) = _run(session, "FEE004", _report("《A《B》和《C", other=False))
    assert _said(session, "FEE004", hit.params["opens"]) == "有3个“《”、1个“》”"
    assert _said(session, "FEE004", hit.params["opens"], "en") == "3 《 and 1 》"
    marks = doctext.marks(_report("《A《B》和《C", other=False))
    assert marks.nested == []  # nesting is not reported again in an unbalanced paragraph


def test_spliced_title_names_both_issuers(session):
    """The spliced-title finding names the wrapper issuer and the inner document's issuer."""
    text = "根据《国务院办公厅关于印发《山东省人民政府办公厅关于做好X工作的通知》规定"
    (hit,) = _run(session, "FEE002", _report(text, other=False))
    assert hit.params["issuer"] == "国务院办公厅"
    assert hit.params["inner_issuer"] == "山东省人民政府办公厅"
    legit = "山东省人民政府办公厅关于转发《国务院办公厅关于X的通知》的通知"
    assert _run(session, "FEE002", _report(legit, other=False)) == []


def test_seed_fee_notice(seed_result):
    """The seed yields the §4.5 defects (1)–(3) as errors and (4) as a warning; no X4."""
    sev = {f.code: f.severity.value for f in seed_result.findings if f.pack == "fee-notice"}
    assert sev == {"FEE002": "error", "FEE003": "error", "FEE004": "error", "FEE007": "warning"}
    fee3 = next(f for f in seed_result.findings if f.code == "FEE003")
    assert "鲁政办字" in fee3.message and "国务院办公厅" in fee3.message


def test_fee_statement_without_the_word(session):
    """“未发生收费情况” states the fee even without the word 信息处理费."""
    report = _report("六、其他需要报告的事项\n\n2023年度，县水利局政府信息公开未发生收费情况。")
    assert _run(session, "FEE001", report) == []
