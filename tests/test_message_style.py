"""Messages read like a careful colleague's remark (../shared/spec/messages.md): “” quotes, no
half-width spaces around numbers in Chinese, sentence case and no full-width punctuation in
English, one finding per defect, and the three findings that misled corrected."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from checker.api import Session

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "fixtures" / "raw"
DEFECTS = ROOT / "fixtures" / "reports" / "defects"
# TBL010/TBL011 (how many values a table row has, blank cells) are worded by the table reader.
TABLE_READER = {"TBL010", "TBL011"}
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_CJK = r"[\u4e00-\u9fff]"


@pytest.fixture(scope="module")
def rules():
    return Session({}, entry_points=False).all_rules


def test_chinese_templates_follow_the_conventions(rules):
    """“” not 「」; no half-width space between Chinese and a number or a placeholder."""
    bad = []
    for r in rules:
        if r.code in TABLE_READER:
            continue
        t = r.message
        if "「" in t or "」" in t:
            bad.append((r.code, "「」", t))
        if re.search(rf"{_CJK} (?:\{{|\d)|(?:\}}|\d|%) {_CJK}", t):
            bad.append((r.code, "space", t))
    assert bad == []


def test_english_templates_have_no_full_width_punctuation(rules):
    """English literal text: no （）：；，。「」 (quoted Chinese comes in through placeholders)."""
    bad = [(r.code, r.message_en) for r in rules if r.code not in TABLE_READER
           and re.search(r"[（）：；，。「」]", _PLACEHOLDER.sub("", r.message_en))]
    assert bad == []


@pytest.fixture(scope="module")
def findings():
    out = {}
    files = [RAW / "seed-2023.txt",
             *sorted(p for p in DEFECTS.glob("*.json") if p.name != "expected.json")]
    for lang in ("zh", "en"):
        session = Session({"lang": lang}, entry_points=False)
        out[lang] = [f for p in files for f in session.check(str(p)).findings]
    return out


def test_rendered_messages(findings):
    """Every rendered message: no Python list reprs, no 「」 (Chinese), sentence case (English)."""
    for f in findings["zh"]:
        assert "['" not in f.message and "「" not in f.message or f.code in TABLE_READER, f
    for f in findings["en"]:
        assert "['" not in f.message, f
        assert not f.message[:1].islower(), f
        if f.code not in TABLE_READER:
            assert "（依据" not in f.message and "「" not in f.message, f


def _text_report(tmp_path: Path, old: str, new: str) -> str:
    text = (RAW / "seed-2023.txt").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "r.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return str(path)


def test_doc015_keeps_the_short_decree_form(tmp_path):
    """国令 第 711 号 → 国令第711号 (both forms are accepted), the full form as an alternative."""
    path = _text_report(tmp_path, "国务院令 第 711 号", "国令 第 711 号")
    zh = [f for f in Session({}, entry_points=False).check(path).findings if f.code == "DOC015"]
    assert len(zh) == 1 and zh[0].expected == "国令第711号"
    assert zh[0].message == ("令号“国令 第 711 号”中有多余空格，应为“国令第711号”"
                             "（或写全“国务院令第711号”）。")
    en = [f for f in Session({"lang": "en"}, entry_points=False).check(path).findings
          if f.code == "DOC015"]
    assert en[0].message.endswith('write "国令第711号" (or in full: 国务院令第711号).')
    full = [f for f in Session({}, entry_points=False).check(str(RAW / "seed-2023.txt")).findings
            if f.code == "DOC015"]
    assert full[0].message == "令号“国务院令 第 711 号”中有多余空格，应为“国务院令第711号”。"


def test_fee007_recommends_rather_than_corrects(findings):
    """A provincial notice is not wrong: citing the national measures too is a recommendation."""
    msgs = [f.message for f in findings["zh"] if f.code == "FEE007"]
    assert msgs
    for m in msgs:
        assert "建议同时引用" in m and "应是" not in m
        assert "根据" not in m  # the paragraph is not repeated


def test_sec007_is_one_finding_per_part():
    """Several missing sub-topics of part 一 are one finding naming them all (this fixture's
    overview lacks three of the five)."""
    result = Session({}, entry_points=False).check(str(RAW / "html-tabs-2023.txt"))
    found = [f for f in result.findings if f.code == "SEC007"]
    assert len(found) == 1
    assert found[0].message == ("“一、总体情况”缺少（三）政府信息管理、（四）政府信息公开平台建设、"
                                "（五）监督保障方面的内容。")


def test_sec020_dates_are_chinese_dates(findings):
    msgs = [f.message for f in findings["zh"] if f.code == "SEC020"]
    assert msgs and all(re.search(r"\d{4}年\d{1,2}月\d{1,2}日", m) for m in msgs)
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}", m) for m in msgs)


# -- SEC015: a chart caption with its picture is not a leftover caption ------------------------
def _picture_png() -> bytes:
    import struct
    import zlib

    raw = b"\x00\xff\x00\x00"  # one red pixel
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


CAPTION = "依申请公开答复情况数据分析图"


@pytest.mark.parametrize("with_picture", [True, False])
def test_sec015_in_word(tmp_path, with_picture):
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    for line in (RAW / "seed-2023.txt").read_text(encoding="utf-8").splitlines():
        doc.add_paragraph(line)
        if with_picture and line.strip() == CAPTION:
            doc.add_picture(io.BytesIO(_picture_png()))
    path = tmp_path / "r.docx"
    doc.save(str(path))
    codes = [f.code for f in Session({}, entry_points=False).check(str(path)).findings]
    assert ("SEC015" in codes) is not with_picture


@pytest.mark.parametrize("html,fires", [
    (f"<p>{CAPTION}</p><p><img src='chart.png' alt=''></p>", False),
    (f"<p><img src='chart.png'></p><p>{CAPTION}</p>", False),
    (f"<p>{CAPTION}</p><p>（三）政府信息管理</p>", True),
])
def test_sec015_in_html(tmp_path, html, fires):
    page = ("<html><body><p>一、总体情况</p><p>（二）依申请公开</p>" + html
            + "<p>二、主动公开政府信息情况</p></body></html>")
    path = tmp_path / "r.html"
    path.write_text(page, encoding="utf-8")
    codes = [f.code for f in Session({}, entry_points=False).check(str(path)).findings]
    assert ("SEC015" in codes) is fires
