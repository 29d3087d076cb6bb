"""The seed in other clothes: mended, re-encoded, as an HTML page and a Word file with merged
cells, with single injected errors. Cells must come out the same and errors be blamed right."""
from __future__ import annotations

import codecs
import html
import json
from pathlib import Path

import pytest

from checker.api import Session

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "fixtures" / "raw"
SEED_TXT = RAW / "seed-2023.txt"
SEED_JSON = json.loads((ROOT / "fixtures" / "reports" / "seed-2023.json").read_text("utf-8"))
T3_ROWS = [r for r in SEED_JSON["tables"]["t3"]]
LABEL = {"new": "一、本年新收政府信息公开申请数量", "cin": "二、上年结转政府信息公开申请数量",
         "r1": "（一）予以公开", "r2": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
         "r7": "（七）总计", "cout": "四、结转下年度继续办理"}
GROUPS = {"r3": ("（三）不予公开", ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
                                   "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
                                   "7.属于行政执法案卷", "8.属于行政查询事项"]),
          "r4": ("（四）无法提供", ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
                                   "3.补正后申请内容仍不明确"]),
          "r5": ("（五）不予处理", ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
                                   "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"]),
          "r6": ("（六）其他处理", ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                                   "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                                   "3.其他"])}
COLS = ["nat", "biz", "res", "npo", "law", "oth", "tot"]


@pytest.fixture(scope="module")
def session():
    return Session({}, entry_points=False)


def _cells(report: dict, table: str) -> dict:
    return {f"{r}.{c}": cell["value"] for r, cols in report["tables"][table].items()
            for c, cell in cols.items()}


def _codes(result) -> list[str]:
    return sorted(f.code for f in result.findings)


def test_mended_seed_has_no_warning_or_error(session):
    """Every defect of the seed mended: no warning, no error, full score."""
    result = session.check(str(RAW / "seed-2023-mended.txt"))
    bad = [(f.code, f.message) for f in result.findings if f.severity.value != "info"]
    assert bad == []
    assert not result.rule_errors
    assert result.grade.score == 100


@pytest.mark.parametrize("encoding,bom,newline", [
    ("gb18030", b"", "\n"), ("utf-8", codecs.BOM_UTF8, "\r\n"), ("utf-16-le", codecs.BOM_UTF16_LE, "\r\n"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "\n"), ("gbk", b"", "\r"),
])
def test_encodings_and_line_endings_give_the_same_findings(session, tmp_path, encoding, bom, newline):
    """The seed re-encoded with other line endings: the same findings at the same lines."""
    text = SEED_TXT.read_text(encoding="utf-8")
    path = tmp_path / "seed.txt"
    path.write_bytes(bom + text.replace("\n", newline).encode(encoding))
    base = session.check(str(SEED_TXT))
    other = session.check(str(path))
    assert [(f.code, f.location.line) for f in other.findings] == \
        [(f.code, f.location.line) for f in base.findings]


def _t3_html_rows() -> list[str]:
    t3 = SEED_JSON["tables"]["t3"]

    def nums(row: str) -> str:
        return "".join(f"<td>{t3[row][c]['raw'] or '0'}</td>" for c in COLS)

    rows = ['<tr><td colspan="2" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>'
            '<td colspan="7">申请人情况</td></tr>',
            '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>',
            "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"]
    for r in ("new", "cin"):
        rows.append(f'<tr><td colspan="2">{LABEL[r]}</td>{nums(r)}</tr>')
    rows.append(f'<tr><td rowspan="22">三、本年度办理结果</td><td>{LABEL["r1"]}</td>{nums("r1")}</tr>')
    rows.append(f'<tr><td>{LABEL["r2"]}</td>{nums("r2")}</tr>')
    for g, (name, items) in GROUPS.items():
        for i, item in enumerate(items, 1):
            head = f'<td rowspan="{len(items)}">{name}</td>' if i == 1 else ""
            rows.append(f"<tr>{head}<td>{item}</td>{nums(f'{g}_{i}')}</tr>")
    rows.append(f'<tr><td>{LABEL["r7"]}</td>{nums("r7")}</tr>')
    rows.append(f'<tr><td colspan="2">{LABEL["cout"]}</td>{nums("cout")}</tr>')
    return rows


def _seed_html() -> str:
    """The seed as a government web page: chrome, paragraphs, and T3 with rowspan/colspan."""
    text = SEED_TXT.read_text(encoding="utf-8")
    head, _, rest = text.partition("三、行政机关收到和处理政府信息公开申请情况")
    _, _, tail = rest.partition("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况")
    paras = lambda chunk: "".join(f"<p>{html.escape(line)}</p>" for line in chunk.split("\n") if line.strip())
    # T2 and T4 stay as they are in the seed text, rebuilt as simple tables
    def simple_tables(chunk: str) -> str:
        out = []
        for line in chunk.split("\n"):
            if "\t" in line:
                out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in line.split("\t")) + "</tr>")
            elif line.strip():
                if out and out[-1].startswith("<tr>"):
                    out.append("</table>")
                out.append(f"<p>{html.escape(line)}</p>")
        html_out = []
        in_table = False
        for item in out:
            if item.startswith("<tr>") and not in_table:
                html_out.append("<table border=1>")
                in_table = True
            if item == "</table>":
                in_table = False
            html_out.append(item)
        if in_table:
            html_out.append("</table>")
        return "".join(html_out)
    body = (simple_tables(head) + "<p>三、行政机关收到和处理政府信息公开申请情况</p>"
            + "<table border=1>" + "".join(_t3_html_rows()) + "</table>"
            + simple_tables("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况" + tail))
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>聊城经济技术开发区管理委员会2023年政府信息公开工作年度报告"
            "</title></head><body><div class=\"nav\">首页 | 政务公开 | 信息公开年报</div>"
            f"<div class=\"article\">{body}</div><div class=\"footer\">主办：聊城经济技术开发区管理委员会 "
            "字号：大 中 小 打印 关闭窗口</div></body></html>")


def test_html_page_with_merged_cells_normalises_to_the_seed_cells(session, tmp_path):
    """The seed as HTML with rowspan/colspan: every T3 and T4 cell as in the seed."""
    path = tmp_path / "seed.html"
    path.write_text(_seed_html(), encoding="utf-8")
    report = session.read(str(path))
    got = _cells(report, "t3")
    want = _cells(SEED_JSON, "t3")
    want["cout.nat"] = 0  # the HTML page has 0 where the seed text had a blank
    assert got == want
    assert _cells(report, "t4") == _cells(SEED_JSON, "t4")
    assert report["meta"]["format"] == "2021" and report["meta"]["year"] == 2023
    result = session.check(report)
    assert not {"TBL001", "TBL002", "TBL003"} & {f.code for f in result.findings}


def test_word_file_with_merged_cells_normalises_to_the_seed_cells(session, tmp_path):
    """The seed's T3 in a Word table with vertically merged group labels: same cells."""
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    doc.add_paragraph("聊城经济技术开发区管理委员会2023年政府信息公开工作年度报告")
    doc.add_paragraph("三、收到和处理政府信息公开申请情况")
    t3 = SEED_JSON["tables"]["t3"]
    order = ["new", "cin", "r1", "r2"] + [f"{g}_{i}" for g, (_, items) in GROUPS.items()
                                         for i in range(1, len(items) + 1)] + ["r7", "cout"]
    table = doc.add_table(rows=len(order) + 1, cols=9)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    for j, name in enumerate(["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]):
        table.cell(0, 2 + j).text = name
    for i, row in enumerate(order, 1):
        if row in LABEL and row not in ("r1", "r2", "r7"):
            table.cell(i, 0).merge(table.cell(i, 1)).text = LABEL[row]
        else:
            label = LABEL.get(row) or GROUPS[row[:2]][1][int(row[3:]) - 1]
            table.cell(i, 1).text = label
        for j, c in enumerate(COLS):
            table.cell(i, 2 + j).text = t3[row][c]["raw"] or "0"
    first = order.index("r1") + 1
    table.cell(first, 0).merge(table.cell(order.index("r7") + 1, 0)).text = "三、本年度办理结果"
    path = tmp_path / "seed.docx"
    doc.save(str(path))
    report = session.read(str(path))
    want = _cells(SEED_JSON, "t3")
    want["cout.nat"] = 0
    assert _cells(report, "t3") == want


@pytest.mark.parametrize("row,col,old,new", [
    ("部分公开（区分处理", "nat", "15", "16"),
    ("一、本年新收政府信息公开申请数量", "tot", "63", "64"),
    ("3. 其他", "nat", "1", "3"),
])
def test_injected_error_is_found_and_blamed_on_its_cell(session, tmp_path, row, col, old, new):
    """One cell changed in the seed text: the identities fail and blame exactly that cell."""
    lines = SEED_TXT.read_text(encoding="utf-8").split("\n")
    ids = {"部分公开（区分处理": "r2", "一、本年新收政府信息公开申请数量": "new", "3. 其他": "r6_3"}
    for i, line in enumerate(lines):
        if row in line and "\t" in line:
            fields = line.split("\t")
            nums = [k for k, f in enumerate(fields) if f.strip().isdigit()]
            k = nums[0] if col == "nat" else nums[-1]
            assert fields[k] == old
            fields[k] = new
            lines[i] = "\t".join(fields)
            break
    else:
        pytest.fail(f"row {row} not found in the seed")
    path = tmp_path / "seed.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = session.check(str(path))
    hits = [f for f in result.findings if f.code in ("TBL001", "TBL002", "TBL003")]
    assert len(hits) >= 2
    assert {f.pointer for f in hits} == {f"/tables/t3/{ids[row]}/{col}"}
