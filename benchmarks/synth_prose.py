"""Synthetic reports whose free-text parts read like real ones: a provincial template, the
body's own sentences, and (on request) passages copied from another report.

    python benchmarks/synth_prose.py OUTDIR --count 10000 --templates 30 --copies 20

Parts 一, 五 and 六 of :func:`synth.report_text` are replaced: each report takes one of
``templates`` provincial templates (sentences shared by every report of that province) and
adds sentences of its own: a clause from five word lists (1.28 million combinations, so two
bodies rarely share one by chance) and one of twenty common closing phrases (which, like real
boilerplate, the batch treats as template); every text has its own random stream.
``copy_from`` puts another report's part 五 (with
its numbers changed) in place of this one's. Deterministic for a given seed.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402  (after the path insert)

__all__ = ["own_sentences", "template_sentences", "report_text", "generate"]

_SUBJ = ["门户网站", "政务新媒体", "公开专栏", "办事大厅", "基层站所", "业务科室",
         "信息员队伍", "公开目录", "政策解读栏目", "依申请受理窗口", "档案室", "热线平台",
         "数据开放平台", "政务公开专区", "保密审查小组", "新闻发言人", "法制机构", "督查室",
         "统计岗位", "网站编辑部", "乡镇公开栏", "村务公开栏", "社区服务站", "行政服务中心",
         "公共资源交易平台", "信用信息平台", "投诉举报渠道", "政务微博", "政务抖音号",
         "公众号矩阵", "简报专刊", "年报编写组", "培训课堂", "考核小组", "第三方评估",
         "信息审核岗", "值班室", "机要室", "电子政务科", "办公室秘书股"]
_VERB = ["全面梳理了", "逐项核对了", "集中清理了", "动态更新了", "分类归档了", "重新编排了",
         "及时推送了", "专题解读了", "定期抽查了", "规范整理了", "持续优化了", "统一发布了",
         "分批上传了", "逐条审核了", "重点督办了", "分级管理了", "集中培训了", "跟踪回访了",
         "对照整改了", "深入调研了", "系统评估了", "细化完善了", "补充公开了", "逐月通报了",
         "联合排查了", "汇总分析了", "协调推进了", "严格把关了", "主动对接了", "按季度检查了",
         "逐级落实了", "实时监测了", "闭环处置了", "全程留痕了", "建立健全了", "细致核验了",
         "有序迁移了", "集中展示了", "分期推出了", "定向推送了"]
_OBJ = ["涉企政策文件", "行政许可事项", "行政处罚决定", "财政预决算信息", "重大建设项目信息",
        "民生资金使用情况", "教育招生信息", "医疗卫生服务信息", "安全生产监管信息",
        "环境质量监测数据", "征地拆迁补偿信息", "社会救助标准", "就业创业扶持政策",
        "住房保障分配结果", "食品药品抽检结果", "价格收费标准", "规划审批结果", "招标投标信息",
        "人事任免信息", "公务员招录信息", "政府采购信息", "国有资产处置信息", "应急管理预案",
        "防汛抗旱信息", "交通出行提示", "文化旅游服务信息", "农业补贴发放信息",
        "退役军人优抚政策", "养老服务补贴信息", "残疾人保障政策", "医疗保障待遇标准",
        "市场主体登记信息", "知识产权保护信息", "信用修复指引", "办事指南", "权责清单",
        "机构职能信息", "会议纪要摘要", "政策问答", "数据统计公报"]
_TAIL = ["确保内容准确完整", "方便群众查询使用", "做到应公开尽公开", "提升了公开的时效性",
         "回应了社会关切", "减少了重复申请", "提高了办事效率", "增强了政策知晓度",
         "形成了长效机制", "压实了工作责任", "保障了公众知情权", "推动了工作规范化",
         "拓宽了公开渠道", "强化了监督约束", "提升了群众满意度", "夯实了工作基础",
         "做到了有据可查", "实现了动态管理", "避免了信息滞后", "扩大了覆盖面"]


_WHEN = ["年初", "一季度", "二季度", "三季度", "四季度", "年中", "年底", "汛期前", "节假日期间",
         "开学前", "春节前后", "全年", "上半年", "下半年", "专项行动中", "日常工作中",
         "集中整治期间", "换届期间", "改革过程中", "检查期间"]


def own_sentences(rng: random.Random, n: int) -> list[str]:
    """``n`` sentences of one body's own: a clause of five slots (1.28 million combinations,
    figures aside) and a common closing phrase."""
    out = []
    for _ in range(n):
        when, subject, verb, obj = (rng.choice(_WHEN), rng.choice(_SUBJ), rng.choice(_VERB),
                                    rng.choice(_OBJ))
        out.append(f"{when}{subject}{verb}{obj}{rng.randint(2, 400)}条，{rng.choice(_TAIL)}。")
    return out


def template_sentences(template: int, n: int = 6) -> list[str]:
    """The sentences of provincial template ``template`` (shared by its reports)."""
    rng = random.Random(f"template:{template}")
    return [f"按照省政务公开办第{template + 1}号通知要求，{s}" for s in own_sentences(rng, n)]


def _replace_part(text: str, start: str, end: str | None, body: str) -> str:
    a = text.index(start) + len(start)
    b = text.index(end, a) if end else len(text)
    return text[:a] + "\n\n" + body + "\n\n" + text[b:]


def _renumber(text: str, rng: random.Random) -> str:
    return re.sub(r"\d+", lambda m: str(int(m.group(0)) + rng.randint(1, 9)), text)


def problems_text(i: int, seed: int = 0) -> str:
    """Part 五 of report ``i``: the body's own problems and improvements."""
    rng = random.Random(f"problems:{seed}:{i}")
    own = own_sentences(rng, 5)
    return "存在的主要问题：" + "".join(own[:2]) + "\n改进措施：" + "".join(own[2:])


def report_text(i: int, seed: int = 0, template: int | None = None,
                copy_from: int | None = None, agency: str | None = None,
                year: int | None = None, published: str | None = None) -> str:
    """Report ``i`` with prose parts; ``copy_from`` takes that report's part 五 (renumbered)."""
    rng = random.Random(f"prose:{seed}:{i}")
    text = synth.report_text(i, seed, layout="tabs", defect=None)
    if agency:
        old = synth.agency_name(i)
        text = text.replace(old, agency)
    if year:
        text = re.sub(r"20\d\d(年政府信息公开工作年度报告|年1月1日|年，)", f"{year}\\1", text)
    tpl = template_sentences(template) if template is not None else []
    overview = "".join(tpl[:3] + own_sentences(rng, 6))
    problems = problems_text(copy_from if copy_from is not None else i, seed)
    if copy_from is not None:
        problems = _renumber(problems, rng)
    other = "".join(tpl[3:] + own_sentences(rng, 3))
    text = _replace_part(text, "一、总体情况", "二、主动公开政府信息情况", overview)
    text = _replace_part(text, "五、存在的主要问题及改进情况", "六、其他需要报告的事项", problems)
    text = _replace_part(text, "六、其他需要报告的事项", None, other + "\n本年度未收取信息处理费。")
    if published:
        day = f"{published[:4]}年{int(published[5:7])}月{int(published[8:10])}日"
        text += f"\n\n{agency or synth.agency_name(i)}\n{day}\n"
    return text


def generate(outdir: Path, count: int, seed: int = 0, templates: int = 30,
             copies: int = 20) -> list[Path]:
    """``count`` reports in ``outdir`` (100 per folder); ``copies`` of the last reports (every
    other one) copy part 五 from the report ``count // 2`` before them and are published later."""
    paths = []
    copied = {count - 2 * k - 1: count - 2 * k - 1 - count // 2 for k in range(copies)}
    for i in range(count):
        sub = outdir / f"{i // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        p = sub / f"report-{i:05d}.txt"
        # copiers are published last (30 January), the rest between 1 and 27 January
        published = "2024-01-30" if i in copied else f"2024-01-{1 + (i * 13) % 27:02d}"
        p.write_text(report_text(i, seed, template=i % templates, copy_from=copied.get(i),
                                 published=published), encoding="utf-8")
        paths.append(p)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--templates", type=int, default=30)
    ap.add_argument("--copies", type=int, default=20)
    args = ap.parse_args(argv)
    generate(Path(args.outdir), args.count, args.seed, args.templates, args.copies)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
