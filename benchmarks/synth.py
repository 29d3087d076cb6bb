"""Synthetic annual reports (2021 format, plain text) for benchmarks and batch tests.

    python benchmarks/synth.py OUTDIR --count 1000 --seed 7

Each report has its own agency, year and figures; every table identity holds unless a defect
is injected. Layouts: ``tabs`` (tab-separated rows, like the seed) and ``markdown`` (pipe
tables, as PDF converters write them). Defects: ``wrong_cell`` (one table-3 cell off by one),
``wrong_pct`` (a stated share off by one point), ``bad_docno`` (a malformed 发文字号),
``bad_heading`` (a non-standard part heading). Deterministic for a given seed.
"""
from __future__ import annotations

import argparse
import random
from fractions import Fraction
from pathlib import Path

COUNTIES = ["青岚县", "云溪区", "临河市", "北川县", "东湖区", "石门县", "南山区", "白河县", "清水县", "长宁区",
            "安平县", "西林县", "枫桥镇", "玉泉街道", "高新技术产业开发区"]
DEPTS = ["人民政府", "发展和改革局", "教育局", "公安局", "民政局", "财政局", "自然资源局", "生态环境局",
         "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "卫生健康委员会", "应急管理局",
         "市场监督管理局", "医疗保障局", "城市管理局", "退役军人事务局", "司法局"]
COLS = ("nat", "biz", "res", "npo", "law", "oth")
LEAVES = (["r1", "r2"] + [f"r3_{i}" for i in range(1, 9)] + [f"r4_{i}" for i in range(1, 4)]
          + [f"r5_{i}" for i in range(1, 6)] + [f"r6_{i}" for i in range(1, 4)])
LABELS = {
    "r1": "（一）予以公开", "r2": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "r3_1": "1.属于国家秘密", "r3_2": "2.其他法律行政法规禁止公开", "r3_3": "3.危及“三安全一稳定”",
    "r3_4": "4.保护第三方合法权益", "r3_5": "5.属于三类内部事务信息", "r3_6": "6.属于四类过程性信息",
    "r3_7": "7.属于行政执法案卷", "r3_8": "8.属于行政查询事项",
    "r4_1": "1.本机关不掌握相关政府信息", "r4_2": "2.没有现成信息需要另行制作",
    "r4_3": "3.补正后申请内容仍不明确",
    "r5_1": "1.信访举报投诉类申请", "r5_2": "2.重复申请", "r5_3": "3.要求提供公开出版物",
    "r5_4": "4.无正当理由大量反复申请", "r5_5": "5.要求行政机关确认或重新出具已获取信息",
    "r6_1": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "r6_2": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "r6_3": "3.其他",
}
GROUP_HEAD = {"r3_1": "（三）不予公开", "r4_1": "（四）无法提供", "r5_1": "（五）不予处理", "r6_1": "（六）其他处理"}
DEFECTS = ("wrong_cell", "wrong_pct", "bad_docno", "bad_heading")
LAYOUTS = ("tabs", "markdown")


def agency_name(i: int) -> str:
    county = COUNTIES[i % len(COUNTIES)]
    dept = DEPTS[(i // len(COUNTIES)) % len(DEPTS)]
    n = i // (len(COUNTIES) * len(DEPTS))
    return f"{county}{dept}" if n == 0 else f"{county}第{n + 1}{dept}"


def _figures(rng: random.Random) -> dict[str, dict[str, int]]:
    t3: dict[str, dict[str, int]] = {}
    scale = rng.choice((1, 2, 5, 20))
    for row in LEAVES:
        cells = {}
        for col in COLS:
            busy = row in ("r1", "r2", "r4_1", "r3_5", "r5_2", "r6_3")
            p = (0.85 if col == "nat" else 0.15) if busy else (0.15 if col == "nat" else 0.02)
            cells[col] = rng.randint(1, 4 * scale) if rng.random() < p else 0
        t3[row] = cells
    r7 = {c: sum(t3[r][c] for r in LEAVES) for c in COLS}
    cout = {c: (rng.randint(0, 3) if c == "nat" or rng.random() < 0.1 else 0) for c in COLS}
    cin = {c: min(rng.randint(0, 3), r7[c] + cout[c]) for c in COLS}
    t3["r7"], t3["cout"], t3["cin"] = r7, cout, cin
    t3["new"] = {c: r7[c] + cout[c] - cin[c] for c in COLS}
    for row in t3.values():
        row["tot"] = sum(row[c] for c in COLS)
    return t3


def _pct(num: int, den: int) -> str:
    exact = Fraction(100 * num, den)
    whole = exact.numerator // exact.denominator
    rest = exact - whole
    if rest == Fraction(1, 2):  # an exact half: state one decimal, no rounding question
        return f"{whole}.5"
    return str(whole + (1 if rest > Fraction(1, 2) else 0))


def _row(label: str, values: list[object], layout: str, lead: str = "") -> str:
    cells = [str(v) for v in values]
    if layout == "markdown":
        return "| " + " | ".join([lead + label] + cells) + " |"
    return "\t".join(([lead] if lead else []) + [label] + cells)


def report_text(i: int, seed: int = 0, layout: str | None = None, defect: str | None = "random") -> str:
    """The text of synthetic report ``i`` (deterministic for ``seed``)."""
    rng = random.Random(seed * 1_000_003 + i)
    layout = layout or LAYOUTS[i % len(LAYOUTS)]
    if defect == "random":
        defect = rng.choice(DEFECTS) if rng.random() < 0.5 else None
    agency, year = agency_name(i), rng.choice((2021, 2022, 2023, 2024))
    t3 = _figures(rng)
    shown = {r: dict(v) for r, v in t3.items()}
    if defect == "wrong_cell":
        row = rng.choice(("r1", "r2", "r4_1", "new", "r7"))
        shown[row]["nat"] += rng.choice((1, 2, -1 if shown[row]["nat"] > 1 else 3))
    r1, r7 = t3["r1"]["tot"], t3["r7"]["tot"]
    pct = _pct(r1, r7) if r7 else "0"
    if defect == "wrong_pct" and r7:
        pct = str(int(float(pct)) + 1)
    docno = "国办公开办函〔2021〕30号" if defect != "bad_docno" else "国办公开办函[2021]30号"
    head3 = "三、收到和处理政府信息公开申请情况" if defect != "bad_heading" else "三、依申请公开情况"
    md = layout == "markdown"
    h = "## " if md else ""
    lines = [f"{'# ' if md else ''}{agency}{year}年政府信息公开工作年度报告", "",
             f"本报告根据《中华人民共和国政府信息公开条例》（国务院令第711号）和《国务院办公厅政府信息与政务公开办公室关于印发"
             f"〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（{docno}）要求编制。"
             f"本报告中所列数据的统计期限为{year}年1月1日至12月31日。"
             f"如对本报告有疑问，请与{agency}办公室联系（联系电话：0{530 + i % 300}-{rng.randint(1000000, 9999999)}）。", "",
             f"{h}一、总体情况", "",
             f"{year}年，{agency}坚持以公开为常态、不公开为例外，持续推进政务公开标准化规范化。", "",
             "（一）主动公开", "", "通过门户网站政府信息公开专栏及时公开机构职能、政策文件和行政执法信息。", "",
             "（二）依申请公开", "",
             f"本年度新收政府信息公开申请{t3['new']['tot']}件，办结{r7}件，其中予以公开{r1}件，占办结总数的{pct}%。", "",
             "（三）政府信息管理", "", "严格执行保密审查制度，坚持先审查、后公开。", "",
             "（四）政府信息公开平台建设", "", "加强政府网站和政务新媒体管理，及时更新栏目内容。", "",
             "（五）监督保障", "", "将政务公开纳入年度绩效考核，开展社会评议，未发生责任追究情况。", "",
             f"{h}二、主动公开政府信息情况", ""]
    t2 = {"reg": [0, 0, 0], "norm": [rng.randint(0, 5), rng.randint(0, 2), rng.randint(5, 60)]}
    hdr = ["本年制发件数", "本年废止件数", "现行有效件数"]
    if md:
        lines += ["### 第二十条第（一）项", "| 信息内容 | " + " | ".join(hdr) + " |", "|---|---|---|---|"]
    else:
        lines += ["第二十条第（一）项", "信息内容\t" + "\t".join(hdr)]
    lines += [_row("规章", t2["reg"], layout), _row("行政规范性文件", t2["norm"], layout), ""]
    for title, items in (("第二十条第（五）项", [("行政许可", rng.randint(0, 9000))]),
                         ("第二十条第（六）项", [("行政处罚", rng.randint(0, 3000)), ("行政强制", rng.randint(0, 200))])):
        lines += [("### " if md else "") + title,
                  "| 信息内容 | 本年处理决定数量 |" if md else "信息内容\t本年处理决定数量"]
        if md:
            lines.append("|---|---|")
        lines += [_row(k, [v], layout) for k, v in items] + [""]
    fee = f"{rng.randint(0, 300)}.{rng.randint(0, 99):02d}"
    lines += [("### " if md else "") + "第二十条第（八）项",
              "| 信息内容 | 本年收费金额（单位：万元） |" if md else "信息内容\t本年收费金额（单位：万元）"]
    if md:
        lines.append("|---|---|")
    lines += [_row("行政事业性收费", [fee], layout), "", f"{h}{head3}", "",
              "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"]
    colhead = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    if md:
        lines += ["| 项目 | " + " | ".join(colhead) + " |", "|---" * 8 + "|"]
    else:
        lines += ["\t\t申请人情况", "\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
                  "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他"]

    def vals(row: str) -> list[int]:
        return [shown[row][c] for c in (*COLS, "tot")]

    lines.append(_row("一、本年新收政府信息公开申请数量", vals("new"), layout))
    lines.append(_row("二、上年结转政府信息公开申请数量", vals("cin"), layout))
    for row in LEAVES:
        label = LABELS[row]
        if row in GROUP_HEAD:
            label = (GROUP_HEAD[row] + " " if md else GROUP_HEAD[row] + "\t") + label
        lead = "三、本年度办理结果\t" if row == "r1" and not md else ""
        lines.append(_row(label, vals(row), layout, lead))
    lines.append(_row("（七）总计", vals("r7"), layout))
    lines.append(_row("四、结转下年度继续办理", vals("cout"), layout))
    lines.append("")
    t4 = {g: [rng.randint(0, 2) if rng.random() < 0.3 else 0 for _ in range(4)] for g in ("rev", "lit_dir", "lit_aft")}
    lines += [f"{h}四、政府信息公开行政复议、行政诉讼情况", ""]
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    if md:
        for g, title in (("rev", "行政复议"), ("lit_dir", "行政诉讼（未经复议直接起诉）"), ("lit_aft", "行政诉讼（复议后起诉）")):
            lines += [f"### {title}", "| " + " | ".join(heads) + " |", "|---" * 5 + "|",
                      "| " + " | ".join(str(v) for v in t4[g] + [sum(t4[g])]) + " |", ""]
    else:
        lines += ["行政复议\t\t\t\t\t行政诉讼", "\t".join(heads) + "\t未经复议直接起诉\t\t\t\t\t复议后起诉",
                  "\t\t\t\t\t" + "\t".join(heads * 2),
                  "\t".join(str(v) for g in ("rev", "lit_dir", "lit_aft") for v in t4[g] + [sum(t4[g])]), ""]
    lines += [f"{h}五、存在的主要问题及改进情况", "",
              "存在的主要问题：一是政策解读形式较为单一；二是基层公开专区内容更新不够及时。",
              "改进措施：一是丰富解读形式；二是加强对基层公开专区的日常检查。", "",
              f"{h}六、其他需要报告的事项", "",
              "（一）收取信息处理费情况", "", "本年度未收取信息处理费。", "",
              "（二）落实上级年度政务公开工作要点情况", "", "对照上级政务公开工作要点逐项落实，各项任务均按期完成。", "",
              "（三）人大代表建议和政协提案办理结果公开情况", "", "承办的建议和提案均已按期办结，办理结果已公开。", "",
              "（四）政务公开工作创新情况", "", "在办事大厅设置政策咨询窗口。", "",
              "（五）本年度政府信息公开工作年度报告数据统计需要说明的事项", "", "无。", "",
              "（六）其他需要报告的事项", "", "无。", ""]
    return "\n".join(lines)


def generate(outdir: Path, count: int, seed: int = 0) -> list[Path]:
    """Write ``count`` reports into ``outdir`` (100 per sub-folder); return their paths."""
    paths = []
    for i in range(count):
        sub = outdir / f"{i // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        p = sub / f"report-{i:05d}.txt"
        p.write_text(report_text(i, seed), encoding="utf-8")
        paths.append(p)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    generate(Path(args.outdir), args.count, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
