"""The docnumber and docregistry check kinds: every 发文字号/令号 defect, and no false alarms."""
from __future__ import annotations

import pytest

from checker.checks import doctext
from checker.checks.docnumber import compile_registry
from checker.engine.kinds import Hit, RunContext, Skip
from checker.report import Report


def _report(text: str, year: int | None = 2023) -> Report:
    return Report({"meta": {"year": year, "format": "2021"}, "text": text, "sections": [],
                   "tables": {}})


def _run(session, code: str, text: str, year: int | None = 2023) -> list:
    rule = next(r for r in session.all_rules if r.code == code)
    return list(session.kinds[rule.check].run(rule, _report(text, year), RunContext()))


def _codes(session, text: str, year: int | None = 2023) -> list[str]:
    report = _report(text, year)
    out = []
    for rule in session.all_rules:
        if rule.pack not in ("doc-numbers", "fee-notice"):
            continue
        for o in session.kinds[rule.check].run(rule, report, RunContext()):
            if isinstance(o, Hit):
                out.append(rule.code)
    return sorted(out)


@pytest.mark.parametrize("text,code,corrected", [
    ("中办发﹝2016﹞8号", "DOC001", "中办发〔2016〕8号"),
    ("发改价格[2004]297号", "DOC002", "发改价格〔2004〕297号"),
    ("鲁政办字［2020］179号", "DOC002", "鲁政办字〔2020〕179号"),
    ("青政办函【2012】3号", "DOC003", "青政办函〔2012〕3号"),
    ("依据鲁政发(2021)5号", "DOC004", "鲁政发〔2021〕5号"),
    ("鲁政发（2021）5号", "DOC004", "鲁政发〔2021〕5号"),
    ("国办发〔21〕3号", "DOC005", "国办发〔2021〕3号"),
    ("国办发〔二〇二一〕3号", "DOC006", "国办发〔2021〕3号"),
    ("国办发〔２０２１〕３号", "DOC007", "国办发〔2021〕3号"),
    ("国办发〔2021〕05号", "DOC008", "国办发〔2021〕5号"),
    ("国办发〔2021〕第5号", "DOC009", "国办发〔2021〕5号"),
    ("（国办公开办函〔2021〕30）", "DOC010", "国办公开办函〔2021〕30号"),
    ("〔2021〕30 号", "DOC011", "〔2021〕30号"),
    ("鲁政办发 〔2023〕8号", "DOC011", "鲁政办发〔2023〕8号"),
    ("鲁政办发〔 2023 〕8号", "DOC011", "鲁政办发〔2023〕8号"),
    ("（鲁政办发\n\n〔2023〕8号）", "DOC012", "鲁政办发〔2023〕8号"),
    ("青政发〔2026〕1号", "DOC013", "青政发〔2026〕1号"),
    ("国务院令711号", "DOC014", "国务院令第711号"),
    ("国务院令 第 711 号", "DOC015", "国务院令第711号"),
    ("国务院令〔2019〕711号", "DOC016", "国务院令第711号"),
    ("国令第0711号", "DOC017", "国令第711号"),  # 国令 is kept: both forms are correct
])
def test_each_defect_is_its_own_rule(session, text, code, corrected):
    """Each malformed number triggers exactly its defect's rule, with the corrected form."""
    assert _codes(session, text) == [code]
    (hit,) = _run(session, code, text)
    assert hit.params["corrected"] == corrected
    assert hit.pointer == "/text" and hit.loc["length"] > 0


@pytest.mark.parametrize("text", [
    "国办公开办函〔2021〕30号", "聊政办发〔2023〕9号", "鲁政办字〔2020〕179号", "国办函〔2020〕109号",
    "国务院令第711号", "中华人民共和国国务院令第711号", "青政办发〔2024〕2号",
    "联系电话：0635-8519299，传真：(0635)8519298", "地址：东昌东路 107 号，邮编：252000",
    "第二十条第（一）项", "2023年1月1日至12月31日", "http://www.a.gov.cn/art/2023/1/1/art_1_2.html?x=(2021)5",
    "（2023）鲁1502行初12号", "表（2）3号", "本单位（2021）年度", "依据〔2021〕1、2号文件",
    "〔2023〕\n1.加强领导", "国务院令第711号修订", "第（三）项（2023年）共5件",
])
def test_not_flagged(session, text):
    """Correct numbers and things that are not document numbers raise nothing."""
    assert _codes(session, text) == []


def test_scan_finds_broken_numbers_with_their_cited_titles():
    """The scan keeps the seed's broken numbers and the title each is cited with."""
    text = ("根据《条例》（国务院令 第 711 号）和国务院办公厅政府信息与政务公开办公室关于印发"
            "《中华人民共和国政府信息公开工作年度报告格式》的通知（国办公开办函〔2021〕30 号）")
    found = doctext.numbers(_report(text))
    assert [d.canonical for d in found] == ["国务院令第711号", "国办公开办函〔2021〕30号"]
    assert found[0].kind == "decree" and found[0].spaces
    cite = found[1].cite
    assert cite is not None and not cite.marked
    assert cite.issuer == "国务院办公厅政府信息与政务公开办公室"


def test_future_year_not_assessable_without_report_year(session):
    """Without a report year the future-year rule says it cannot be assessed."""
    out = _run(session, "DOC013", "青政发〔2026〕1号", year=None)
    assert len(out) == 1 and isinstance(out[0], Skip)


def test_registry_issuer_names_the_correct_issuer(session):
    """A misspelt issuer of the 2021 format notice is named, with the correct reference form."""
    text = ("《国务院办公厅政府信息公开与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉"
            "的通知》（国办公开办函〔2021〕30号）")
    (hit,) = _run(session, "DOC018", text)
    assert hit.params["expected_issuer"] == "国务院办公厅政府信息与政务公开办公室"
    assert hit.params["reference"] == (
        "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉"
        "的通知》（国办公开办函〔2021〕30号）")
    assert _codes(session, text) == ["DOC018"]


@pytest.mark.parametrize("text,codes", [
    ("《中华人民共和国政府信息公开条例》（国务院令第492号）", []),
    ("《中华人民共和国政府信息公开条例》（国务院令第710号）", ["DOC019"]),
    ("《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）", []),
    ("《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕108号）", ["DOC019"]),
    ("《国务院办公厅关于加强X工作的通知》（国办函〔2020〕109号）", ["DOC020"]),
    ("《政府信息公开条例》（国务院令第711号）", []),
    ("《条例》（国务院令第711号）", []),
    ("《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）", ["DOC022"]),
    ("国务院办公厅关于印发《政府信息公开信息处理费管理办法》的通知（国办函〔2020〕109号）", ["DOC021"]),
    ("聊城市人民政府办公室关于印发2023年政务公开工作要点的通知（聊政办发〔2023〕9号）", ["DOC021"]),
])
def test_registry_and_citation_form(session, text, codes):
    """Titles and numbers of well-known documents must agree; a bare title lacks its 《》."""
    assert _codes(session, text) == codes


def test_outer_marks_gives_the_reference_form(session):
    """For a known document the outer-marks warning quotes the full reference form."""
    text = "国务院办公厅关于印发《政府信息公开信息处理费管理办法》的通知（国办函〔2020〕109号）"
    (hit,) = _run(session, "DOC021", text)
    assert hit.params["reference"] == ("《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》"
                                       "（国办函〔2020〕109号）")


def test_registry_options():
    """A pack may supply its own registry; a malformed registry number is refused."""
    entries = compile_registry({"test": "issuer", "registry": [
        {"numbers": ["鲁政办字〔2020〕179号"], "issuer": "山东省人民政府办公厅",
         "title": "山东省人民政府办公厅关于做好政府信息公开信息处理费管理工作有关事项的通知"}]})
    assert len(entries) == 1 and entries[0].issuer == "山东省人民政府办公厅"
    with pytest.raises(ValueError):
        compile_registry({"test": "issuer", "registry": [{"numbers": ["第5号"], "title": "X"}]})
    only = compile_registry({"test": "attachment_number", "only": ["国办函〔2020〕109号"]})
    assert [e.shown for e in only] == ["国办函〔2020〕109号"]


def test_seed_doc_numbers(seed_result):
    """The seed yields the spacing, line-break, issuer and outer-marks findings, nothing on
    its correct numbers."""
    got = [f for f in seed_result.findings if f.pack == "doc-numbers"]
    by = {}
    for f in got:
        by.setdefault(f.code, []).append(f)
    assert "〔2021〕30 号" in by["DOC011"][0].message and by["DOC011"][0].severity.value == "error"
    assert "国务院令 第 711 号" in by["DOC015"][0].message and by["DOC015"][0].severity.value == "error"
    assert "鲁政办发⏎〔2023〕8号" in by["DOC012"][0].message and by["DOC012"][0].severity.value == "warning"
    assert "国务院办公厅政府信息与政务公开办公室" in by["DOC018"][0].message
    assert by["DOC018"][0].severity.value == "error"
    assert by["DOC021"][0].severity.value == "warning"
    assert not any("聊政办发" in f.message or "鲁政办字" in f.message for f in got)


def test_clean_report_has_no_doc_number_findings(session):
    """The clean 2021 report cites everything correctly."""
    from tests.casekit import build

    result = session.check(build({"base": "clean-2021"}))
    assert [f.code for f in result.findings if f.pack in ("doc-numbers", "fee-notice")] == []
