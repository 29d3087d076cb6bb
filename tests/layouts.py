"""Build reports in the layouts real crawlers and copy-paste produce, from known tables.

The layouts are modelled on real published reports (crawler text of web pages that ran every
cell of a table together; one cell per line with blank lines for empty cells), with made-up
bodies and numbers, so that a test knows exactly what a careful reader would read.
"""
from __future__ import annotations

from typing import Callable

COLS = ("nat", "biz", "res", "npo", "law", "oth", "tot")
LEAVES = ["r1", "r2", "r3_1", "r3_2", "r3_3", "r3_4", "r3_5", "r3_6", "r3_7", "r3_8", "r4_1",
          "r4_2", "r4_3", "r5_1", "r5_2", "r5_3", "r5_4", "r5_5", "r6_1", "r6_2", "r6_3"]
ROWS = ["new", "cin"] + LEAVES + ["r7", "cout"]
LABELS = {
    "new": "一、本年新收政府信息公开申请数量", "cin": "二、上年结转政府信息公开申请数量",
    "r1": "三、本年度办理结果（一）予以公开",
    "r2": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "r3_1": "（三）不予公开1.属于国家秘密", "r3_2": "2.其他法律行政法规禁止公开",
    "r3_3": "3.危及“三安全一稳定”", "r3_4": "4.保护第三方合法权益",
    "r3_5": "5.属于三类内部事务信息",
    "r3_6": "6.属于四类过程性信息", "r3_7": "7.属于行政执法案卷", "r3_8": "8.属于行政查询事项",
    "r4_1": "（四）无法提供1.本机关不掌握相关政府信息", "r4_2": "2.没有现成信息需要另行制作",
    "r4_3": "3.补正后申请内容仍不明确", "r5_1": "（五）不予处理1.信访举报投诉类申请",
    "r5_2": "2.重复申请", "r5_3": "3.要求提供公开出版物", "r5_4": "4.无正当理由大量反复申请",
    "r5_5": "5.要求行政机关确认或重新出具已获取信息",
    "r6_1": "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "r6_2": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "r6_3": "3.其他", "r7": "（七）总计", "cout": "四、结转下年度继续办理",
}
HEADER = ("申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他")
T4_HEADER = ("行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
             "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计")


def zero_table() -> dict[str, list[int]]:
    return {r: [0] * 7 for r in ROWS}


def consistent(new_by_col: list[int], outcome: dict[str, list[int]] | None = None
               ) -> dict[str, list[int]]:
    """A consistent table: ``new`` per applicant column, all of it disclosed (r1) unless
    ``outcome`` says otherwise (rows of six applicant columns), nothing carried over."""
    t = zero_table()
    t["new"] = [*new_by_col, sum(new_by_col)]
    rest = list(new_by_col)
    for row, vals in (outcome or {}).items():
        t[row] = [*vals, sum(vals)]
        rest = [a - b for a, b in zip(rest, vals)]
    t["r1"] = [a + b for a, b in zip([*rest, sum(rest)], t["r1"])] if "r1" not in (outcome or {}) \
        else t["r1"]
    t["r7"] = [sum(t[r][k] for r in LEAVES) for k in range(7)]
    return t


def crawl_row(values: list[int | None]) -> str:
    """Cells run together as a crawler flattens them (a blank cell leaves nothing)."""
    return "".join("" if v is None else str(v) for v in values)


def crawl_report(t3: dict[str, list[int | None]], *, year: int = 2023,
                 agency: str = "青禾市云岭区交通运输局",
                 row_text: Callable[[str, str], str] | None = None,
                 t4: str = "000000000000000", part6: str = "本年度未收取信息处理费。",
                 after_cout: str = "") -> str:
    """A whole 2021-format report on one line, tables run together (crawler text)."""
    rows = []
    for rid in ROWS:
        cells = crawl_row(t3[rid]) if rid in t3 else ""
        label = LABELS[rid]
        rows.append(row_text(rid, label + cells) if row_text else label + cells)
    table3 = "".join(rows)
    return (
        f"{agency}{year}年政府信息公开工作年度报告\n"
        f"本报告根据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自{year}年1月1日起至"
        f"{year}年12月31日止。 一、总体情况 {year}年，我局坚持以公开为常态、不公开为例外。"
        "（一）主动公开 全年主动公开政府信息120条。（二）依申请公开 依法办理申请。"
        "（三）政府信息管理 落实保密审查。（四）政府信息公开平台建设 维护门户网站。"
        "（五）监督保障 开展培训2次。 二、主动公开政府信息情况"
        "第二十条第（一）项信息内容本年制发件数"
        "本年废止件数现行有效件数规章000行政规范性文件102第二十条第（五）项信息内容本年处理决定数量"
        "行政许可12第二十条第（六）项信息内容本年处理决定数量行政处罚3行政强制0第二十条第（八）项"
        "信息内容本年收费金额（单位：万元）行政事业性收费0 三、收到和处理政府信息公开申请情况"
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
        f"{HEADER}{table3}{after_cout}四、政府信息公开行政复议、行政诉讼情况{T4_HEADER}{t4}"
        "五、存在的主要问题及改进情况 一是公开内容不够全面；二是解读形式单一。"
        "下一步，我局将加强培训。"
        f"六、其他需要报告的事项 {part6} {agency} {year + 1}年1月20日"
    )


def per_line_report(t3: dict[str, list[int | None]], *, year: int = 2021,
                    agency: str = "河东省文化和旅游厅") -> str:
    """Each cell on its own line, three line breaks between cells and five between rows; an
    empty cell keeps its place as blank lines (copy of a web page's table)."""
    out = [f"{agency}{year}年政府信息公开工作年度报告", "",
           f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
           "一、总体情况", f"{year}年，我厅认真落实条例。", "（一）主动公开", "（二）依申请公开",
           "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障",
           "二、主动公开政府信息情况", "第二十条第（一）项", "信息内容", "本年制发件数",
           "本年废止件数",
           "现行有效件数", "规章", "0", "0", "0",
           "三、收到和处理政府信息公开申请情况", "申请人情况", "自然人", "法人或其他组织", "总计",
           "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    text = "\n\n\n".join(out) + "\n\n\n\n\n"
    for rid in ROWS:
        cells = t3[rid]
        # a blank cell is an empty line in place of the value
        body = "\n\n\n".join("" if v is None else str(v) for v in cells)
        text += LABELS[rid] + "\n\n\n" + body + "\n\n\n\n\n"
    text += ("四、政府信息公开行政复议、行政诉讼情况\n\n\n" + "\n\n\n".join(
        ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
         "未经复议直接起诉", "复议后起诉", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
         "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] + ["0"] * 15) + "\n\n\n\n\n")
    text += ("五、存在的主要问题及改进情况\n\n\n公开内容不够全面。\n\n\n"
             "六、其他需要报告的事项\n\n\n本年度未收取信息处理费。\n")
    return text
