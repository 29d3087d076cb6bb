"""Properties: any string normalises to a schema-valid, deterministic report without crashing."""
from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from checker.readers import normalise_text

ROOT = Path(__file__).resolve().parents[1]
VALIDATOR = Draft202012Validator(
    json.loads((ROOT / "checker" / "schemas" / "report.schema.json").read_text(encoding="utf-8")))
SEED = (ROOT / "fixtures" / "raw" / "seed-2023.txt").read_text(encoding="utf-8")

# pieces of real reports, so the generator reaches the table and heading code paths
PIECES = [
    "一、", "二、", "三、", "四、", "五、", "六、", "（一）", "(二)", "1.", "2、", "总体情况",
    "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "行政复议", "行政诉讼", "结果维持",
    "尚未审结", "总计", "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "予以公开",
    "属于国家秘密", "其他处理", "（七）总计", "结转下年度继续办理", "第二十条第（一）项", "规章",
    "行政规范性文件", "行政许可", "行政事业性收费", "本年制发件数", "本年新制作数量", "概述",
    "2023年", "年度报告", "政府信息公开工作", "标题:", "发布时间: 2024-03-08", "\t", "\n", "|",
    " ", "0", "7", "15130000154", "24.448", "６３", "-", "/", "\f", "- 3 -", "\r\n", "\x00",
]
texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(PIECES), max_size=120).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=80).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_text_gives_a_valid_deterministic_report(text):
    """No input crashes the normaliser; the result validates and repeats exactly."""
    first = normalise_text(text)
    assert [e.message for e in VALIDATOR.iter_errors(first)] == []
    assert json.dumps(first, sort_keys=True) == json.dumps(normalise_text(text), sort_keys=True)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=len(SEED) - 1), st.integers(min_value=1, max_value=40))
def test_seed_with_a_cut_never_crashes(at, width):
    """Cutting a piece out of the seed still gives a valid report."""
    text = SEED[:at] + SEED[at + width:]
    rep = normalise_text(text)
    assert [e.message for e in VALIDATOR.iter_errors(rep)] == []
