"""`gongkai check --annotate`: findings as Word comments on their text, or an HTML view."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

docx = pytest.importorskip("docx",
                           reason="python-docx is not installed (pip install 'gongkai[docx]')")

from checker.workflows.annotate import annotate_docx, render_view  # noqa: E402
from checker.api import Session  # noqa: E402
from checker.cli.app import main  # noqa: E402
from checker.readers.docx import render  # noqa: E402
from tests.wordnumbering import numbered_seed_docx  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT / "fixtures" / "raw" / "seed-2023.txt"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def seed_docx(path: Path) -> Path:
    """The seed's text as a Word document: paragraphs, and tables for the TAB rows."""
    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for i, cells in enumerate(rows):
                for j, value in enumerate(cells):
                    table.cell(i, j).text = value
            rows.clear()

    for line in SEED_TXT.read_text(encoding="utf-8").split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
        else:
            flush()
            if line.strip():
                document.add_paragraph(line)
    flush()
    document.save(str(path))
    return path


def anchored_texts(path: Path) -> dict[str, str]:
    """Comment id → the text between its range start and end (in document order)."""
    body = docx.Document(str(path)).element.body
    open_ids: set[str] = set()
    got: dict[str, list[str]] = {}
    for el in body.iter():
        if el.tag == f"{_W}commentRangeStart":
            open_ids.add(el.get(f"{_W}id"))
            got.setdefault(el.get(f"{_W}id"), [])
        elif el.tag == f"{_W}commentRangeEnd":
            open_ids.discard(el.get(f"{_W}id"))
        elif el.tag == f"{_W}t":
            for cid in open_ids:
                got[cid].append(el.text or "")
    return {k: "".join(v) for k, v in got.items()}


@pytest.fixture(scope="module")
def sess() -> Session:
    return Session({"lang": "zh"}, entry_points=False)


def test_every_finding_is_a_comment_on_its_text(tmp_path: Path, sess: Session) -> None:
    src = seed_docx(tmp_path / "seed.docx")
    before = src.read_bytes()
    result = sess.check(str(src))
    assert len(result.findings) >= 10
    out = tmp_path / "annotated.docx"
    annotate_docx(src, result, out)
    assert src.read_bytes() == before  # the original is untouched
    assert render(out.read_bytes()).text == render(before).text  # same text
    assert [p.text for p in docx.Document(str(out)).paragraphs] == \
        [p.text for p in docx.Document(str(src)).paragraphs]
    comments = list(docx.Document(str(out)).comments)
    assert len(comments) == len(result.findings) + 1  # one per finding, and the score card
    assert {c.author for c in comments} == {"gongkai"}
    anchored = anchored_texts(out)
    by_id = {str(c.comment_id): c for c in comments}
    lines = render(before).text.split("\n")
    for f in result.findings:
        match = [cid for cid, c in by_id.items() if c.text.startswith("[") and f" {f.code}" in
                 c.text.split("\n")[0] and f.message in c.text]
        assert match, f"no comment for {f.code}"
        loc = f.location
        if loc.line and loc.end_line == loc.line and loc.end_column:
            want = lines[loc.line - 1][loc.column - 1:loc.end_column - 1]
            assert any(re.sub(r"\s", "", anchored[c]) == re.sub(r"\s", "", want)
                       for c in match), (f.code, want, [anchored[c] for c in match])
    card = next(c for c in comments if "评分卡" in c.text)
    assert f"得分 {result.grade.score:g}" in card.text and "无法评估" in card.text
    assert "聊城经济技术开发区管理委员会" in anchored[str(card.comment_id)]


def test_split_runs_keep_their_formatting(tmp_path: Path, sess: Session) -> None:
    """A finding inside a bold run: the run is cut, every part stays bold, text unchanged."""
    document = docx.Document()
    document.add_paragraph("某县人民政府2023年政府信息公开工作年度报告")
    para = document.add_paragraph()
    para.add_run("本报告依据")
    bold = para.add_run("《条例》（国务院令 第 711 号）")
    bold.bold = True
    para.add_run("编制。")
    src = tmp_path / "bold.docx"
    document.save(str(src))
    result = sess.check(str(src))
    assert any(f.code == "DOC015" for f in result.findings)
    out = tmp_path / "out.docx"
    annotate_docx(src, result, out, lang="en")
    annotated = docx.Document(str(out))
    runs = [(r.text, r.bold) for r in annotated.paragraphs[1].runs if r.text]
    assert "".join(t for t, _ in runs) == "本报告依据《条例》（国务院令 第 711 号）编制。"
    assert ("国务院令 第 711 号", True) in runs and ("《条例》（", True) in runs
    assert ("）", True) in runs and ("本报告依据", None) in runs
    doc015 = next(c for c in annotated.comments if "DOC015" in c.text)
    assert doc015.text.startswith("[error] DOC015")
    assert anchored_texts(out)[str(doc015.comment_id)] == "国务院令 第 711 号"
    card = next(c for c in annotated.comments if "score card" in c.text)
    assert "score" in card.text and "grade" in card.text


def test_findings_without_a_place_are_comments_on_the_title(tmp_path: Path,
                                                             sess: Session) -> None:
    document = docx.Document()
    document.add_paragraph("某县人民政府2023年政府信息公开工作年度报告")
    document.add_paragraph("本年度工作平稳。")
    src = tmp_path / "short.docx"
    document.save(str(src))
    result = sess.check(str(src))
    unplaced = [f for f in result.findings if not f.location.line]
    assert unplaced
    out = tmp_path / "out.docx"
    annotate_docx(src, result, out)
    comments = list(docx.Document(str(out)).comments)
    assert len(comments) == len(result.findings) + 1
    anchored = anchored_texts(out)
    for f in unplaced:
        c = next(c for c in comments if f.message in c.text)
        assert anchored[str(c.comment_id)] == "某县人民政府2023年政府信息公开工作年度报告"


def test_word_numbered_headings_annotate(tmp_path: Path, sess: Session) -> None:
    """Numbers drawn by Word are not text of the document: comments still land on text."""
    src = tmp_path / "numbered.docx"
    numbered_seed_docx(SEED_TXT.read_text(encoding="utf-8"), src)
    result = sess.check(str(src))
    out = tmp_path / "out.docx"
    annotate_docx(src, result, out)
    assert render(out.read_bytes()).text == render(src.read_bytes()).text
    assert len(list(docx.Document(str(out)).comments)) == len(result.findings) + 1
    sec005 = [f for f in result.findings if f.code == "SEC005"]
    assert sec005  # 三、行政机关收到和处理… : the heading's words, without Word's number
    anchored = anchored_texts(out)
    texts = set(anchored.values())
    assert "行政机关收到和处理政府信息公开申请情况" in texts


def test_cli_annotate_docx_and_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = seed_docx(tmp_path / "seed.docx")
    out = tmp_path / "seed-annotated.docx"
    assert main(["check", str(src), "--annotate", str(out), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "wrote" in err and out.is_file()
    assert all(c.text.startswith(("[", "gongkai compliance score card"))
               for c in docx.Document(str(out)).comments)
    page = tmp_path / "seed.html"
    txt = tmp_path / "seed.txt"
    txt.write_text(SEED_TXT.read_text(encoding="utf-8").replace(
        "依申请公开答复情况数据分析图", "依申请公开答复情况数据分析图<script>alert(1)</script>"),
        encoding="utf-8")
    assert main(["check", str(txt), "--annotate", str(page)]) == 1
    html = page.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'id="score-card"' in html and '<mark class="sev-' in html and "得分" in html


@pytest.mark.parametrize("args,message", [
    (["two"], "exactly one report"),
    (["same"], "overwrite the original"),
    (["txt-docx"], "only a Word report"),
    (["odd"], "--annotate writes .docx"),
    (["nofolder"], "folder"),
])
def test_cli_annotate_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               args: list[str], message: str) -> None:
    src = seed_docx(tmp_path / "seed.docx")
    txt = tmp_path / "seed.txt"
    txt.write_text(SEED_TXT.read_text(encoding="utf-8"), encoding="utf-8")
    argv = {"two": [str(src), str(txt), "--annotate", str(tmp_path / "o.docx")],
            "same": [str(src), "--annotate", str(src)],
            "txt-docx": [str(txt), "--annotate", str(tmp_path / "o.docx")],
            "odd": [str(src), "--annotate", str(tmp_path / "o.pdf")],
            "nofolder": [str(src), "--annotate", str(tmp_path / "no" / "o.docx")]}[args[0]]
    before = src.read_bytes()
    assert main(["check", *argv, "--lang", "en"]) == 2
    out, err = capsys.readouterr()
    assert message in err
    assert out == ""  # refused before anything was checked
    assert src.read_bytes() == before
    assert not (tmp_path / "o.docx").exists()


def test_html_view_marks_spans_and_lists_unplaced(sess: Session) -> None:
    report = sess.read(str(SEED_TXT))
    result = sess.check_report(report, str(SEED_TXT))
    page = render_view(report, result, "en")
    assert page.count('<div class="ln') == len(report["text"].split("\n"))
    assert "score" in page and "not assessable" in page
    doc015 = next(f for f in result.findings if f.code == "DOC015")
    assert f'<mark class="sev-error">{doc015.actual}</mark>' in page
    assert page.count('class="finding ') == len(result.findings)


def test_annotated_copy_is_written_atomically(tmp_path: Path, sess: Session,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while writing leaves no partial file behind."""
    import checker.files.atomic as atomic

    src = seed_docx(tmp_path / "seed.docx")
    result = sess.check(str(src))
    out = tmp_path / "out.docx"

    def boom(*a: object, **k: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", boom)
    from checker.errors import UsageError

    with pytest.raises(UsageError, match="No space left"):
        annotate_docx(src, result, out)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["seed.docx"]


def test_cutter_many_cuts_in_one_text_and_one_run() -> None:
    """Cuts in one w:t (made right to left) and in a run with two w:t and a tab: every run
    holds the characters asked for, text and formatting unchanged."""
    from checker.workflows.annotate.runs import Cutter

    document = docx.Document()
    para = document.add_paragraph()
    run = para.add_run("abcdefghij")
    run.bold = True
    r = run._r
    r.append(docx.oxml.parse_xml(f'<w:tab xmlns:w="{_W[1:-1]}"/>'))
    r.append(docx.oxml.parse_xml(f'<w:t xmlns:w="{_W[1:-1]}">KLMNO</w:t>'))
    t1, t2 = r.findall(f"{_W}t")
    cutter = Cutter()
    for t, i in [(t1, 2), (t1, 5), (t1, 8), (t1, 10), (t2, 0), (t2, 3), (t1, 0)]:
        cutter.want(t, i)
    cutter.cut()
    runs = para.runs
    assert "".join(x.text for x in runs) == "abcdefghij\tKLMNO"
    assert all(x.bold for x in runs)
    texts = ["".join(t.text or "" for t in x.findall(f"{_W}t")) for x in para._p.findall(f"{_W}r")]
    assert texts == ["ab", "cde", "fgh", "ij", "", "KLM", "NO"]

    def text_of(run_el: object) -> str:
        return "".join(t.text or "" for t in run_el.findall(f"{_W}t"))  # type: ignore[attr-defined]

    assert text_of(cutter.run_of(t1, 0)) == "ab" and text_of(cutter.run_of(t1, 4)) == "cde"
    assert text_of(cutter.run_of(t1, 9)) == "ij" and text_of(cutter.run_of(t2, 1)) == "KLM"
    assert text_of(cutter.run_of(t2, 4)) == "NO"
