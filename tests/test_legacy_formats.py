"""``.doc`` and ``.wps`` through LibreOffice; refused with what to do when it is missing;
``gongkai score`` lists every file it does not read, with the reason."""
from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

docx = pytest.importorskip("docx",
                           reason="python-docx is not installed (pip install 'gongkai[docx]')")

from checker.cli.app import main  # noqa: E402
from checker.readers import legacy  # noqa: E402
from tests.test_annotate import seed_docx  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT / "fixtures" / "raw" / "seed-2023.txt"
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice is not installed (apt-get install --no-install-recommends "
           "libreoffice-writer)")


@pytest.fixture(scope="module")
def seed_doc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed as a legacy Word .doc, made by LibreOffice from the seed's .docx."""
    if legacy.soffice() is None:
        pytest.skip("LibreOffice is not installed (apt-get install --no-install-recommends "
                    "libreoffice-writer)")
    d = tmp_path_factory.mktemp("doc")
    src = seed_docx(d / "seed.docx")
    profile = (d / "profile").as_uri()
    subprocess.run([legacy.soffice() or "soffice", "--headless", "--norestore",
                    f"-env:UserInstallation={profile}", "--convert-to", "doc", "--outdir",
                    str(d), str(src)], check=True, capture_output=True, timeout=180)
    out = d / "seed.doc"
    assert out.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE .doc indeed
    return out


@needs_soffice
def test_doc_is_read_through_libreoffice(seed_doc: Path, session) -> None:
    report = session.read(str(seed_doc))
    assert report["meta"]["source"]["media_type"] == "application/msword"
    assert [s["part"] for s in report["sections"]][1:] == [
        "overview", "proactive", "applications", "review_litigation", "problems", "other"]
    assert report["tables"]["t3"]["new"]["tot"]["value"] == 63
    result = session.check(report)
    assert any(f.location.where and f.location.paragraph for f in result.findings)


@needs_soffice
def test_wps_and_upper_case_suffixes(seed_doc: Path, tmp_path: Path, session) -> None:
    """A WPS file (Word-compatible binary) and an upper-case .DOC are converted too."""
    for name in ("seed.wps", "SEED.DOC"):
        path = tmp_path / name
        path.write_bytes(seed_doc.read_bytes())
        report = session.read(str(path))
        assert report["meta"]["agency"] == "聊城经济技术开发区管理委员会"
    assert session.read(str(tmp_path / "seed.wps"))["meta"]["source"]["media_type"] == \
        "application/wps-office.wps"


@needs_soffice
def test_doc_annotated_as_docx(seed_doc: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "seed-annotated.docx"
    before = seed_doc.read_bytes()
    assert main(["check", str(seed_doc), "--annotate", str(out)]) == 1
    capsys.readouterr()
    assert seed_doc.read_bytes() == before
    assert len(list(docx.Document(str(out)).comments)) > 10


@needs_soffice
def test_conversion_timeout_and_garbage(tmp_path: Path, seed_doc: Path) -> None:
    from checker.errors import InputError

    with pytest.raises(InputError, match="did not convert the file within"):
        legacy.to_docx(seed_doc.read_bytes(), "seed.doc", timeout=0.05)
    junk = tmp_path / "junk.doc"
    junk.write_bytes(bytes(range(256)) * 40)
    assert main(["check", str(junk), "--lang", "en"]) == 2


def test_without_libreoffice_refused_with_what_to_do(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(legacy, "soffice", lambda: None)
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "LibreOffice" in err and "libreoffice-writer" in err and "report.doc" in err
    assert main(["check", str(path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "reading .doc files needs LibreOffice" in err and "需要" not in err


def test_score_lists_every_file_it_does_not_read(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A .doc that cannot be converted, an unknown extension: rows with reasons; upper-case
    suffixes and .shtml are read."""
    monkeypatch.setattr(legacy, "soffice", lambda: None)
    d = tmp_path / "batch"
    d.mkdir()
    (d / "A.TXT").write_bytes(SEED_TXT.read_bytes())
    (d / "page.shtml").write_bytes((ROOT / "fixtures" / "raw" / "report_utf8_2023.html")
                                   .read_bytes())
    (d / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (d / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a report")
    out = tmp_path / "a.csv"
    assert main(["score", str(d), "--csv", str(out), "--jobs", "1"]) in (0, 1)
    capsys.readouterr()
    rows = {Path(r["文件"]).name: r for r in
            csv.DictReader(out.read_bytes().decode("utf-8-sig").splitlines())}
    assert set(rows) == {"A.TXT", "page.shtml", "old.doc", "scan.jpg"}
    assert rows["A.TXT"]["得分"] and rows["page.shtml"]["得分"]
    assert "LibreOffice" in rows["old.doc"]["读取或规则错误"] and rows["old.doc"]["得分"] == ""
    assert "'.jpg'" in rows["scan.jpg"]["读取或规则错误"]
