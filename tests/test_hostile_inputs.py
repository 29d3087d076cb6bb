"""Hostile documents: zip bombs, huge PDFs, absurd HTML nesting, junk, odd encodings, huge files.

Each is processed within bounded time and memory, or refused with exit code 2 and a message
that names the file and says what to do. Time and peak-memory growth are measured in a child
process (``resource.getrusage``), so one test's allocations never hide another's.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from checker.api import Session

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT / "fixtures" / "raw" / "seed-2023.txt"
WATCHDOG = pytest.mark.timeout(180, method="thread")
#: Generous ceilings: a hostile input must not scale memory or time with its claimed size.
MAX_RSS_GROWTH_MB = 250
MAX_SECONDS = 30

_CHILD = r"""
import contextlib, io, json, resource, sys, time
from checker.cli.app import main
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
out = io.StringIO()
with contextlib.redirect_stdout(out):
    rc = main(sys.argv[1:])
secs = time.perf_counter() - t0
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rc": rc, "seconds": secs, "rss_growth_mb": (after - before) / 1024,
                  "stdout": out.getvalue()}))
"""


def run_measured(*argv: str) -> dict:
    """Run ``gongkai ARGV`` in a child process; return rc, seconds, RSS growth and stderr."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GONGKAI_NO_CACHE": "1"}
    # Import the heavy readers first so that their import cost is not counted as growth.
    pre = "import checker.cli.app, checker.api, checker.readers.decode, pypdfium2, docx, selectolax\n"
    proc = subprocess.run([sys.executable, "-c", pre + _CHILD, *argv], capture_output=True,
                          text=True, timeout=MAX_SECONDS * 4, env=env, cwd=ROOT)
    assert proc.stdout.strip(), proc.stderr
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["stderr"] = proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    return res


# --- builders --------------------------------------------------------------------------

def _minimal_docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("2023年政府信息公开工作年度报告")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def build_zip_bomb(path: Path, megabytes: int, lie_about_size: bool = False) -> Path:
    """A valid DOCX whose word/document.xml is ``megabytes`` MB of spaces, deflated."""
    src = zipfile.ZipFile(io.BytesIO(_minimal_docx()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info, src.read(info.filename))
                continue
            with z.open("word/document.xml", "w") as w:
                chunk = b" " * (1 << 20)
                for _ in range(megabytes):
                    w.write(chunk)
    if lie_about_size:  # headers claim 5 kB: only the data itself betrays the bomb
        data = bytearray(path.read_bytes())
        name = b"word/document.xml"
        for sig, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            i = data.find(sig)
            while i != -1:
                name_at = 30 if sig == b"PK\x03\x04" else 46
                if data[i + name_at:i + name_at + len(name)] == name:
                    data[i + size_at:i + size_at + 4] = (5000).to_bytes(4, "little")
                i = data.find(sig, i + 4)
        path.write_bytes(bytes(data))
    return path


def build_many_page_pdf(path: Path, pages: int) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=8)
    for i in range(pages):
        pdf.add_page()
        pdf.cell(text=f"Government information disclosure annual report, page {i + 1}")
    pdf.output(str(path))
    return path


def build_nested_tables(path: Path, depth: int, closed: bool = True) -> Path:
    head = "<html><body><p>2023年政府信息公开工作年度报告</p>"
    body = "<table><tr><td>x" * depth + "深"
    if closed:
        body += "</td></tr></table>" * depth
    path.write_text(head + body + "</body></html>", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("hostile")
    files = {
        "zip-bomb.docx": build_zip_bomb(d / "zip-bomb.docx", 300),
        "ratio-bomb.docx": build_zip_bomb(d / "ratio-bomb.docx", 150),
        "lying-bomb.docx": build_zip_bomb(d / "lying-bomb.docx", 400, lie_about_size=True),
        "2100-pages.pdf": build_many_page_pdf(d / "2100-pages.pdf", 2100),
        "nested-tables.html": build_nested_tables(d / "nested-tables.html", 10_000),
        "nested-unclosed.html": build_nested_tables(d / "nested-unclosed.html", 10_000, closed=False),
    }
    (d / "nested-divs.html").write_text("<html><body>" + "<div>" * 10_000 + "x" + "</div>" * 10_000
                                        + "</body></html>", encoding="utf-8")
    files["nested-divs.html"] = d / "nested-divs.html"
    (d / "junk.txt").write_bytes(os.urandom(64 * 1024))
    files["junk.txt"] = d / "junk.txt"
    (d / "junk.docx").write_bytes(os.urandom(4096))
    files["junk.docx"] = d / "junk.docx"
    (d / "junk.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(4096))
    files["junk.pdf"] = d / "junk.pdf"
    big = d / "huge.txt"
    with open(big, "wb") as fh:  # sparse: 60 MB claimed, nothing written
        fh.truncate(60 * 1024 * 1024)
    files["huge.txt"] = big
    return files


#: name → "refused" (exit 2) or "processed" (exit 0/1)
EXPECTED = {
    "zip-bomb.docx": "refused", "ratio-bomb.docx": "refused", "lying-bomb.docx": "refused",
    "2100-pages.pdf": "refused", "nested-tables.html": "processed",
    "nested-unclosed.html": "processed", "nested-divs.html": "refused", "junk.txt": "refused",
    "junk.docx": "refused", "junk.pdf": "refused", "huge.txt": "refused",
}


@WATCHDOG
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_document_bounded(hostile, name):
    """Each hostile document finishes quickly with bounded memory and the expected outcome."""
    res = run_measured("check", str(hostile[name]), "--format", "json")
    assert res["seconds"] < MAX_SECONDS, res
    assert res["rss_growth_mb"] < MAX_RSS_GROWTH_MB, res
    if EXPECTED[name] == "refused":
        assert res["rc"] == 2, res
        assert res["stderr"].startswith("gongkai: "), res["stderr"]
        assert json.loads(res["stdout"])["reports"] == []
    else:
        assert res["rc"] in (0, 1), res["stderr"]
        assert len(json.loads(res["stdout"])["reports"]) == 1


REFUSED = sorted(n for n, v in EXPECTED.items() if v == "refused")


@WATCHDOG
@pytest.mark.parametrize("name", REFUSED)
def test_refusal_names_the_file(hostile, capsys, name):
    """A refused document's message names the file (several files may be checked at once)."""
    from checker.cli.app import main

    rc = main(["check", str(hostile[name]), str(SEED_TXT), "--format", "json"])
    err = capsys.readouterr().err
    assert rc == 2
    refusal = [line for line in err.splitlines() if line.startswith("gongkai: ")]
    assert len(refusal) == 1 and str(hostile[name]) in refusal[0], err


@WATCHDOG
@pytest.mark.parametrize("name", REFUSED)
def test_refusal_says_what_to_do(hostile, capsys, name):
    """A refused document's message carries a hint: what the user can do about it."""
    from checker.cli.app import main

    assert main(["check", str(hostile[name])]) == 2
    assert "hint:" in capsys.readouterr().err


def test_huge_file_is_not_read(hostile, capsys):
    """The size limit is checked before reading: the message gives the size and the limit."""
    from checker.api import MAX_INPUT_BYTES
    from checker.cli.app import main

    assert hostile["huge.txt"].stat().st_size > MAX_INPUT_BYTES
    for argv in (["check", str(hostile["huge.txt"])], ["normalise", str(hostile["huge.txt"])]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert str(hostile["huge.txt"]) in err and "60 MB" in err and "50 MB" in err


def test_zip_bomb_refused_before_decompression(tmp_path):
    """The DOCX reader refuses a bomb from the zip directory, without inflating it."""
    import resource

    from checker.errors import InputError
    from checker.readers.docx import render

    data = build_zip_bomb(tmp_path / "bomb.docx", 250).read_bytes()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(InputError, match="zip bomb"):
        render(data)
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024 < 50


# --- encodings: the same report in every encoding gives the same findings ---------------

def _key(result) -> list[tuple]:
    return sorted((f.code, f.pointer, f.location.line, f.location.column) for f in result.findings)


_TEXT = SEED_TXT.read_text(encoding="utf-8")
VARIANTS = {
    "gb18030": _TEXT.encode("gb18030"),
    "gb18030-crlf": _TEXT.replace("\n", "\r\n").encode("gb18030"),
    "utf-16-bom": _TEXT.encode("utf-16"),
    "utf-16-le-nobom": _TEXT.encode("utf-16-le"),
    "utf-16-be-nobom": _TEXT.encode("utf-16-be"),
    "utf-32-bom": _TEXT.encode("utf-32"),
    "utf-8-bom": _TEXT.encode("utf-8-sig"),
    "utf-8-nul": _TEXT.replace("。", "。\x00").encode("utf-8"),
    "gb18030-nul": _TEXT.replace("，", "\x00，").encode("gb18030"),
    "utf-8-cr": _TEXT.replace("\n", "\r").encode("utf-8"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_encodings_give_identical_findings(tmp_path, variant):
    """The seed text in GB18030, UTF-16/32, with a BOM, NULs or CR line ends: same findings, same places."""
    session = Session({}, entry_points=False)
    base = _key(session.check(str(SEED_TXT)))
    path = tmp_path / f"seed-{variant}.txt"
    path.write_bytes(VARIANTS[variant])
    got = session.check(str(path))
    assert _key(got) == base
    assert "\x00" not in session.read(str(path))["text"]


def test_binary_junk_named_txt_is_refused(tmp_path, capsys):
    """Random bytes named .txt: exit 2, the file named, and advice to convert it."""
    from checker.cli.app import main

    path = tmp_path / "report.txt"
    path.write_bytes(bytes(range(256)) * 64)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "hint:" in err and "Traceback" not in err


def test_deep_json_report_is_refused(tmp_path, capsys):
    """A report JSON nested 100,000 levels deep is refused, not a RecursionError traceback."""
    from checker.cli.app import main

    path = tmp_path / "deep.json"
    path.write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "Traceback" not in err


def test_huge_json_inside_limit_is_bounded(tmp_path):
    """A 20 MB report JSON full of junk keys is refused by the schema in bounded time/memory."""
    path = tmp_path / "wide.json"
    junk = {f"k{i}": "x" * 100 for i in range(150_000)}
    path.write_text(json.dumps({"schema": "gongkai.report/1", "meta": junk}), encoding="utf-8")
    res = run_measured("check", str(path), "--format", "json")
    assert res["rc"] == 2 and str(path) in res["stderr"]
    assert res["seconds"] < MAX_SECONDS and res["rss_growth_mb"] < MAX_RSS_GROWTH_MB, res
