"""`gongkai fix`: safe typographic fixes in text, HTML and DOCX, nothing else changed."""
from __future__ import annotations

import codecs
import io
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.cli.app import main
from checker.workflows.fix.plan import apply_edits, plan

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT / "fixtures" / "raw" / "seed-2023.txt"

# The seed's fixable defects, written out by hand: (as written, as fixed), each exactly once.
SEED_NUMBER_FIXES = [
    ("（国务院令 第 711 号，", "（国务院令第711号，"),
    ("（国办公开办函〔2021〕30 号）", "（国办公开办函〔2021〕30号）"),
    ("（鲁政办发\n\n〔2023〕8号）", "（鲁政办发〔2023〕8号）"),
]
# The spliced fee title: the outer title can only end where the cited number begins.
SEED_MARK_FIXES = [
    ("根据《国务院办公厅关于印发《山东省人民政府办公厅关于做好政府信息公开信息处理费管理工作有关事项的通知》（鲁政办字",
     "根据《国务院办公厅关于印发〈山东省人民政府办公厅关于做好政府信息公开信息处理费管理工作有关事项的通知〉》（鲁政办字"),
]
SEED_ORDINAL_FIXES = [
    ("\n(五) 监督保障\n", "\n（五） 监督保障\n"),
    ("\t(一) 予以公开\t", "\t（一） 予以公开\t"),
    ("\t(二) 部分公开", "\t（二） 部分公开"),
    ("\t(三) 不予公开\t", "\t（三） 不予公开\t"),
    ("\n(四) 无法提供\t", "\n（四） 无法提供\t"),
    ("\n(五) 不予处理\t", "\n（五） 不予处理\t"),
    ("\n(六) 其他处理\t", "\n（六） 其他处理\t"),
    ("\n(七) 总计\t", "\n（七） 总计\t"),
    ("\n(一) 存在的主要问题\n", "\n（一） 存在的主要问题\n"),
]
FIXED_CODES = {"DOC001", "DOC002", "DOC003", "DOC004", "DOC011", "DOC012", "DOC015", "FEE004",
               "FEE005"}


def _expected(text: str, pairs: list[tuple[str, str]]) -> str:
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def _codes(path: Path, capsys, *select: str) -> Counter:
    import json

    args = ["check", str(path), "--format", "json", "--fail-on", "blocker"]
    for s in select:
        args += ["--select", s]
    assert main(args) == 0
    doc = json.loads(capsys.readouterr().out)
    return Counter(f["code"] for f in doc["reports"][0]["findings"])


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    dst = tmp_path / "seed-2023.txt"
    shutil.copyfile(SEED_TXT, dst)
    return dst


# -- the seed ---------------------------------------------------------------------------------
def test_seed_fix_changes_exactly_the_intended_spans(seed: Path, capsys) -> None:
    """Fixing the seed repairs its number spacing and book-title marks, no other byte."""
    original = seed.read_bytes()
    assert main(["fix", str(seed)]) == 0
    out, err = capsys.readouterr()
    want = _expected(original.decode("utf-8"), SEED_NUMBER_FIXES + SEED_MARK_FIXES)
    assert seed.read_bytes() == want.encode("utf-8")
    assert (seed.parent / "seed-2023.txt.orig").read_bytes() == original
    assert "已修复 4 处" in out
    assert "书名号不成对" not in err


def test_seed_fix_all_repairs_ordinals_too(seed: Path, capsys) -> None:
    """--all adds the half-width ordinals (table labels and headings)."""
    original = seed.read_bytes()
    assert main(["fix", str(seed), "--all", "--no-backup"]) == 0
    want = _expected(original.decode("utf-8"),
                     SEED_NUMBER_FIXES + SEED_MARK_FIXES + SEED_ORDINAL_FIXES)
    assert seed.read_bytes() == want.encode("utf-8")
    assert "已修复 13 处" in capsys.readouterr().out


def test_seed_only_spaces_touches_numbers_only(seed: Path, capsys) -> None:
    """`--only spaces` repairs the document and decree numbers and nothing else."""
    original = seed.read_text(encoding="utf-8")
    assert main(["fix", str(seed), "--only", "spaces", "--no-backup"]) == 0
    assert seed.read_text(encoding="utf-8") == _expected(original, SEED_NUMBER_FIXES)
    assert not (seed.parent / "seed-2023.txt.orig").exists()


def test_seed_rules_pass_after_fix_and_nothing_else_changes(seed: Path, capsys) -> None:
    """After the fix the number-spacing and book-title-mark rules pass; every other finding stays."""
    before = _codes(seed, capsys)
    assert {"DOC011", "DOC012", "DOC015", "FEE004"} <= set(before)
    assert main(["fix", str(seed)]) == 0
    capsys.readouterr()
    after = _codes(seed, capsys)
    assert not set(after) & FIXED_CODES
    assert {c: n for c, n in before.items() if c not in FIXED_CODES} == \
        {c: n for c, n in after.items() if c not in FIXED_CODES}
    only = _codes(seed, capsys, "DOC011,DOC012,DOC015,FEE004,FEE005")
    assert sum(only.values()) == 0


def test_diff_writes_nothing_and_exits_1(seed: Path, capsys) -> None:
    """--diff prints a unified diff, writes nothing, and exits 1 when there are changes."""
    original = seed.read_bytes()
    assert main(["fix", str(seed), "--diff"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"--- {seed}\n+++ {seed}\n")
    assert "+2023年，开发区深入贯彻落实《山东省人民政府办公厅关于印发2023年山东省政务公开工作要点的通知》（鲁政办发〔2023〕8号）" in out
    assert seed.read_bytes() == original
    assert sorted(p.name for p in seed.parent.iterdir()) == ["seed-2023.txt"]


def test_second_run_is_a_no_op(seed: Path, capsys) -> None:
    """A fixed file has nothing left to fix: unchanged byte for byte, no second backup."""
    assert main(["fix", str(seed)]) == 0
    fixed = seed.read_bytes()
    assert main(["fix", str(seed)]) == 0
    assert main(["fix", str(seed), "--diff"]) == 0
    assert "无需修复" in capsys.readouterr().out
    assert seed.read_bytes() == fixed
    assert not (seed.parent / "seed-2023.txt.orig.1").exists()


def test_existing_backup_is_never_overwritten(seed: Path, capsys) -> None:
    """With FILE.orig present the original goes to FILE.orig.1."""
    orig = seed.parent / "seed-2023.txt.orig"
    orig.write_bytes(b"older backup")
    original = seed.read_bytes()
    assert main(["fix", str(seed)]) == 0
    assert orig.read_bytes() == b"older backup"
    assert (seed.parent / "seed-2023.txt.orig.1").read_bytes() == original


# -- encodings and line endings ------------------------------------------------------------------
@pytest.mark.parametrize("encoding,bom", [
    ("gb18030", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_encoding_bom_and_crlf_round_trip(tmp_path: Path, encoding: str, bom: bytes,
                                          capsys) -> None:
    """Encoding, BOM and CRLF line endings are kept; only the repaired characters differ."""
    lines = ["本报告根据《条例》（国务院令 第711号）编制。", "(一) 主动公开",
             "依据国办函【2020】109 号和鲁政办字[2020] 179号。", "其他内容 2023 年 不变（一）。", ""]
    fixed = ["本报告根据《条例》（国务院令第711号）编制。", "（一） 主动公开",
             "依据国办函〔2020〕109号和鲁政办字〔2020〕179号。", "其他内容 2023 年 不变（一）。", ""]
    path = tmp_path / "r.txt"
    path.write_bytes(bom + "\r\n".join(lines).encode(encoding))
    assert main(["fix", str(path), "--no-backup", "--all"]) == 0
    assert path.read_bytes() == bom + "\r\n".join(fixed).encode(encoding)


def test_undecodable_bytes_are_refused(tmp_path: Path, capsys) -> None:
    """Binary junk is refused with exit 2 and the file is left alone."""
    path = tmp_path / "junk.txt"
    data = bytes(range(256)) * 4
    path.write_bytes(data)
    assert main(["fix", str(path)]) == 2
    assert "junk.txt" in capsys.readouterr().err
    assert path.read_bytes() == data


@pytest.mark.parametrize("name,content,needle", [
    ("r.json", b'{"meta": {}}', "not normalised JSON"),
    ("r.pdf", b"%PDF-1.4\n...", "PDF"),
    ("missing.txt", None, "cannot read"),
])
def test_unfixable_inputs_exit_2(tmp_path: Path, name: str, content: bytes | None, needle: str,
                                 capsys) -> None:
    """JSON, PDF and missing files: a clear message and exit code 2."""
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["fix", str(path)]) == 2
    assert needle in capsys.readouterr().err


def test_unknown_kind_is_a_usage_error(seed: Path, capsys) -> None:
    """--only with an unknown kind suggests the nearest one."""
    assert main(["fix", str(seed), "--only", "space"]) == 2
    assert "did you mean 'spaces'" in capsys.readouterr().err


# -- the planner ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text,want", [
    ("引用《国务院办公厅关于印发《办法》的通知》。", "引用《国务院办公厅关于印发〈办法〉的通知》。"),
    ("《甲《乙《丙》》》", "《甲〈乙《丙》〉》"),       # marks alternate by depth
    ("根据《国务院办公厅关于印发《山东省通知》（鲁政办字〔2020〕179号）规定",
     "根据《国务院办公厅关于印发〈山东省通知〉》（鲁政办字〔2020〕179号）规定"),
    ("根据《国务院办公厅关于印发《山东省通知》规定", None),   # no cited number: no safe place
    ("《甲》和《乙》", None),
    ("国务院令〔2019〕711号", None),            # a decree in document-number form: wording
    ("国办函〔2020〕109号", None),              # already right
    ("第二十条第（一）项 (二) 不在行首", None),  # ordinals only at the start of a line or cell
    ("(十一) 两位数序号", None),
    ("发改价格[2004]297号", "发改价格〔2004〕297号"),
    ("国办发（2021） 5 号", "国办发〔2021〕5号"),
    ("国办函﹝2020﹞109号", "国办函〔2020〕109号"),
    ("国办发〔21〕5号", None),                   # a two-digit year: the number is not guessed
    # full-width digits: DOC007's fix, kind "digits" (every kind here); the space is DOC011's
    ("国办发〔２０２１〕5 号", "国办发〔2021〕5号"),
])
def test_plan_fixes_only_what_is_safe(text: str, want: str | None) -> None:
    """Each pattern is repaired exactly; anything not strictly recognised is left alone."""
    got = apply_edits(text, plan(text).edits)
    assert got == (want if want is not None else text)


def test_default_kinds_leave_full_width_digits() -> None:
    """Without --only digits (or --all) the digits of a number are never touched."""
    from checker.workflows.fix.kinds import DEFAULT_KINDS

    text = "国办发〔２０２１〕5 号"
    assert apply_edits(text, plan(text, DEFAULT_KINDS).edits) == "国办发〔２０２１〕5号"


def test_unbalanced_nesting_is_reported_for_manual_fix() -> None:
    """Two 《 and one 》 on a line: no edit, one manual item."""
    p = plan("根据《国务院办公厅关于印发《山东省通知》规定，另见《乙》")
    assert p.fixes == [] and [m.reason for m in p.manual] == ["marks_unbalanced"]


_ALPHABET = list("国办函发令第号〔〕﹝﹞[]［］【】（）()《》〈〉一二五十0123456789 \u3000\n\t。关于印发通知")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_fixes_change_only_brackets_marks_and_spaces(text: str) -> None:
    """Property: words and digits never change, and a second pass finds nothing to fix."""
    fixed = apply_edits(text, plan(text).edits)
    keep = str.maketrans("", "", "〔〕﹝﹞[]［］【】（）()《》〈〉 \u3000\n")
    assert fixed.translate(keep) == text.translate(keep)
    assert plan(fixed).fixes == []


# -- HTML ---------------------------------------------------------------------------------------------
HTML = ("<html><head><meta charset=\"utf-8\"><title>国办函【2020】109号</title>"
        "<script>var s = '国务院令 第 711 号';</script></head><body>\n"
        "<p class=\"a(一)\" title=\"国办函【2020】109号\">根据《国务院办公厅关于印发《政府信息公开"
        "信息处理费管理办法》的通知》（国办函【2020】&nbsp;109 <b>号</b>）</p>\n"
        "<table><tr><td>(一) 予以公开</td><td>14</td></tr></table>\n"
        "<!-- 国办发 〔2021〕 5 号 -->\n"
        "<p>鲁政办发<br>〔2023〕8号</p>\n</body></html>\n")


def test_html_edits_text_nodes_only(tmp_path: Path, capsys) -> None:
    """HTML: text is repaired across inline tags and entities; tags, attributes, scripts and
    comments are untouched; a number split by <br> needs a manual fix."""
    path = tmp_path / "r.html"
    path.write_bytes(HTML.encode("utf-8"))
    assert main(["fix", str(path), "--all"]) == 0
    err = capsys.readouterr().err
    want = (HTML.replace("印发《政府信息公开信息处理费管理办法》的通知》",
                         "印发〈政府信息公开信息处理费管理办法〉的通知》")
            .replace("（国办函【2020】&nbsp;109 <b>号</b>）", "（国办函〔2020〕109<b>号</b>）")
            .replace("<td>(一) 予以公开", "<td>（一） 予以公开"))
    assert path.read_bytes() == want.encode("utf-8")
    assert "r.html:5: 文号被段落、换行或网页标记隔开" in err


def test_html_gbk_page_round_trips(tmp_path: Path, capsys) -> None:
    """A GBK page declared by <meta charset> keeps its encoding."""
    page = ("<html><head><meta charset=\"gb2312\"></head><body><p>依据国办函[2020]109号"
            "</p></body></html>")
    path = tmp_path / "g.html"
    path.write_bytes(page.encode("gbk"))
    assert main(["fix", str(path), "--no-backup"]) == 0
    assert path.read_bytes() == page.replace("[2020]", "〔2020〕").encode("gbk")


# -- DOCX ----------------------------------------------------------------------------------------------
def _docx(tmp_path: Path) -> Path:
    docx = pytest.importorskip("docx", reason="python-docx (the docx extra) is not installed")
    doc = docx.Document()
    p = doc.add_paragraph()
    p.add_run("依据国办公开办函〔2021〕")
    bold = p.add_run("30 ")
    bold.bold = True
    p.add_run("号和《国务院办公厅关于印发《办法》")
    italic = p.add_run("的通知》。")
    italic.italic = True
    doc.add_paragraph("(一) 主动公开")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "(二) 部分公开"
    table.cell(0, 1).text = "15"
    broken = doc.add_paragraph()
    broken.add_run("鲁政办发").add_break()
    broken.add_run("〔2023〕8号")
    path = tmp_path / "r.docx"
    doc.save(path)
    return path


def test_docx_runs_fixed_formatting_kept(tmp_path: Path, capsys) -> None:
    """DOCX: a number spanning runs is repaired in place; each run keeps its formatting; a
    number broken by a line break is left for a manual fix."""
    import docx

    path = _docx(tmp_path)
    original = path.read_bytes()
    assert main(["fix", str(path), "--all"]) == 0
    err = capsys.readouterr().err
    assert "第5段" in err  # the two table cells are paragraphs 3 and 4
    assert (tmp_path / "r.docx.orig").read_bytes() == original
    doc = docx.Document(str(path))
    paras = doc.paragraphs
    assert paras[0].text == "依据国办公开办函〔2021〕30号和《国务院办公厅关于印发〈办法〉的通知》。"
    runs = [(r.text, r.bold, r.italic) for r in paras[0].runs]
    assert runs == [("依据国办公开办函〔2021〕", None, None), ("30", True, None),
                    ("号和《国务院办公厅关于印发〈办法〉", None, None), ("的通知》。", None, True)]
    assert paras[1].text == "（一） 主动公开"
    assert doc.tables[0].cell(0, 0).text == "（二） 部分公开"
    assert paras[2].text == "鲁政办发\n〔2023〕8号"
    assert main(["fix", str(path), "--diff"]) == 0


def test_docx_diff_shows_paragraphs(tmp_path: Path, capsys) -> None:
    """--diff on a Word document shows paragraph text and writes nothing."""
    path = _docx(tmp_path)
    original = path.read_bytes()
    assert main(["fix", str(path), "--diff", "--all"]) == 1
    out = capsys.readouterr().out
    assert "+（一） 主动公开\n" in out
    assert path.read_bytes() == original


def test_docx_bytes_untouched_without_fixes(tmp_path: Path, capsys) -> None:
    """A Word document with nothing to fix is not rewritten."""
    docx = pytest.importorskip("docx", reason="python-docx (the docx extra) is not installed")
    doc = docx.Document()
    doc.add_paragraph("依据国办函〔2020〕109号。")
    buf = io.BytesIO()
    doc.save(buf)
    path = tmp_path / "ok.docx"
    path.write_bytes(buf.getvalue())
    assert main(["fix", str(path)]) == 0
    assert path.read_bytes() == buf.getvalue()
    assert not (tmp_path / "ok.docx.orig").exists()
