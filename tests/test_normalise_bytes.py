"""Bytes and files: encodings, line endings, sniffing, refusals, and single injected cell errors."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.readers import normalise_bytes, normalise_path, normalise_text
from checker.readers.decode import sniff

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "raw" / "seed-2023.txt"
TEXT = SEED.read_text(encoding="utf-8")
COLS = ("nat", "biz", "res", "npo", "law", "oth", "tot")


def t3(report: dict) -> dict[str, list]:
    return {rid: [r[c]["value"] for c in COLS] for rid, r in report["tables"]["t3"].items()}


BASE = t3(normalise_text(TEXT))


@pytest.mark.parametrize("encoding,data", [
    ("utf-8", TEXT.encode("utf-8")),
    ("utf-8-sig", b"\xef\xbb\xbf" + TEXT.encode("utf-8")),
    ("utf-16", TEXT.encode("utf-16")),
    ("gb18030", TEXT.encode("gb18030")),
])
def test_encodings(encoding, data):
    """The seed reads the same in UTF-8, UTF-8 with BOM, UTF-16 with BOM and GB18030."""
    rep = normalise_bytes(data, path="seed.txt")
    assert rep["meta"]["source"]["encoding"] == encoding
    assert rep["meta"]["source"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert rep["text"] == TEXT
    assert t3(rep) == BASE
    assert rep["meta"]["agency"] == "聊城经济技术开发区管理委员会"


def test_gbk_subset():
    """GBK bytes (the usual legacy encoding) decode as GB18030."""
    rep = normalise_bytes(TEXT.replace("“", '"').replace("”", '"').encode("gbk"))
    assert rep["meta"]["source"]["encoding"] == "gb18030"
    assert t3(rep)["r7"] == [66, 0, 0, 0, 0, 0, 66]


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_endings(newline):
    """CRLF and CR line endings normalise to LF; lines and cells stay where they were."""
    rep = normalise_bytes(TEXT.replace("\n", newline).encode("utf-8"))
    assert "\r" not in rep["text"]
    assert t3(rep) == BASE
    assert rep["tables"]["t3"]["new"]["nat"]["loc"]["line"] == 101


def test_nul_bytes_are_stripped():
    """Stray NULs are removed."""
    rep = normalise_bytes(TEXT.replace("申请情况", "申请\x00情况", 1).encode("utf-8"))
    assert "\x00" not in rep["text"]


@pytest.mark.parametrize("row,col,old,new", [
    ("new", 2, "63", "64"),
    ("r4_1", 8, "34", "35"),
    ("r6_3", 2, "1", "7"),
    ("cin", 3, "0", "５"),
])
def test_single_injected_cell_error_lands_in_its_cell(row, col, old, new):
    """Changing one value in the seed changes exactly that cell."""
    lines = TEXT.split("\n")
    labels = {"new": "一、本年新收", "r4_1": "(四) 无法提供", "r6_3": "\t3. 其他", "cin": "二、上年结转"}
    idx = next(i for i, line in enumerate(lines) if line.startswith(labels[row]))
    fields = lines[idx].split("\t")
    assert fields[col] == old
    fields[col] = new
    lines[idx] = "\t".join(fields)
    got = t3(normalise_text("\n".join(lines)))
    changed = {(r, c) for r in BASE for c in range(7) if BASE[r][c] != got[r][c]}
    assert len(changed) == 1
    (r, c), = changed
    assert r == row
    assert got[r][c] == int(new.translate({0xFF15: ord("5")}))


def test_sniff():
    """Kinds come from media type, magic bytes, suffix, then HTML tags."""
    assert sniff(b"%PDF-1.7 ...") == "pdf"
    assert sniff(b"<!DOCTYPE html><html><body>x</body></html>") == "html"
    assert sniff(b"plain", path="x.html") == "html"
    assert sniff(b"plain", media_type="text/html; charset=gbk") == "html"
    assert sniff(b"PK\x03\x04....word/document.xml....") == "docx"
    assert sniff("一、总体情况".encode()) == "text"


def test_binary_junk_named_txt_is_refused(tmp_path):
    """Binary data named .txt raises InputError with a clear message."""
    junk = bytes(range(256)) * 20
    p = tmp_path / "report.txt"
    p.write_bytes(junk)
    with pytest.raises(InputError) as err:
        normalise_path(p)
    assert "does not look like text" in str(err.value)
    assert str(p) in str(err.value)


def test_empty_and_missing_files_are_refused(tmp_path):
    """Empty and missing files raise InputError naming the file."""
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        normalise_path(p)
    with pytest.raises(InputError, match="cannot read"):
        normalise_path(tmp_path / "nope.txt")


def test_too_large_file_is_refused(tmp_path, monkeypatch):
    """Files over the limit are refused before reading."""
    import checker.readers.decode as decode

    p = tmp_path / "big.txt"
    p.write_bytes(b"x" * 64)
    monkeypatch.setattr(decode, "MAX_BYTES", 10)
    with pytest.raises(InputError, match="too large"):
        normalise_path(p)


def test_path_roundtrip():
    """normalise_path records the path and reads the seed."""
    rep = normalise_path(SEED)
    assert rep["meta"]["source"]["path"] == str(SEED)
    assert rep["meta"]["source"]["media_type"] == "text/plain"
    assert t3(rep) == BASE


def test_missing_optional_library_names_the_extra(monkeypatch):
    """A reader failing for lack of python-docx / pypdfium2 tells the user what to install."""
    import checker.readers.decode as decode

    def fake_import(name):
        raise ModuleNotFoundError("No module named 'pypdfium2'", name="pypdfium2")

    monkeypatch.setattr(decode.importlib, "import_module", fake_import)
    with pytest.raises(InputError) as err:
        normalise_bytes(b"%PDF-1.4 junk", path="r.pdf")
    assert "gongkai[pdf]" in str(err.value)
