"""``gongkai serve`` through Starlette's TestClient: the upload page, ``POST /api/check`` giving
exactly ``gongkai check --format json``, the 413 limit (also while streaming), escaping of
report text and file names, CSRF refusals, reviewer decisions (score changes; two at once
both kept), the live batch page, and uploads processed in a temporary folder then deleted."""
from __future__ import annotations

import argparse
import asyncio
import io
import json
import re
import tempfile
import threading
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="gongkai serve needs the extra: pip install 'gongkai[serve]'")
pytest.importorskip("multipart", reason="gongkai serve needs python-multipart (extra 'serve')")

from starlette.testclient import TestClient

from checker.workflows import decisions as dec
from checker.cli.app import main
from checker.serve.app import create_app
from checker.serve.guard import BodyLimit
from checker.serve.work import Work

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "raw" / "seed-2023.txt"
CLEAN = ROOT / "fixtures" / "reports" / "clean-2021.json"
TOKEN = "test-token-0123456789"
BASE = "http://127.0.0.1:8765"


def _args(**kw: object) -> argparse.Namespace:
    ns = argparse.Namespace(lang=None, config=None, pack_dir=[], select=[], ignore=[], profile=None,
                            fail_on=None)
    for k, v in kw.items():
        setattr(ns, k, v)
    return ns


def _client(tmp_path: Path, folder: Path | None = None, limit: int | None = None,
            lang: str = "zh") -> TestClient:
    base = folder or tmp_path
    work = Work(_args(lang=lang), folder, tmp_path / dec.DEFAULT_NAME, base)
    return TestClient(create_app(work, lang=lang, limit=limit, token=TOKEN), base_url=BASE)


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return _client(tmp_path)


def _upload(client: TestClient, name: str, data: bytes, token: str | None = TOKEN, **kw: object):
    fields = {"csrf": token} if token is not None else {}
    return client.post("/upload", files={"file": (name, data, "application/octet-stream")},
                       data=fields, follow_redirects=False, **kw)


def _score(html: str) -> float:
    m = re.search(r'id="score">([\d.]+)<', html)
    assert m, "no score on the page"
    return float(m.group(1))


def _seed_docx() -> bytes:
    docx = pytest.importorskip("docx", reason="python-docx (extra 'docx') is not installed")
    document = docx.Document()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_upload_page_has_the_form_and_the_token(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert 'action="/upload"' in r.text and 'enctype="multipart/form-data"' in r.text
    assert f'name="csrf" value="{TOKEN}"' in r.text and 'type="file" name="file"' in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "https://" not in r.text and " src=" not in r.text


@pytest.mark.parametrize("name", ["seed-2023.txt", "seed-2023.docx"])
def test_api_check_is_exactly_gongkai_check_json(tmp_path: Path, name: str, capsys, monkeypatch) -> None:
    """The same bytes give the same JSON as ``gongkai check --format json NAME``."""
    data = SEED.read_bytes() if name.endswith(".txt") else _seed_docx()
    report = tmp_path / name
    report.write_bytes(data)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "json", name]) == 1
    expected = capsys.readouterr().out
    r = _client(tmp_path).post("/api/check", files={"file": (name, data, "application/octet-stream")})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert r.text == expected
    doc = json.loads(r.text)
    assert doc["reports"][0]["path"] == name and doc["reports"][0]["findings"]


def test_api_check_refuses_what_is_not_a_report(client: TestClient) -> None:
    r = client.post("/api/check", files={"file": ("empty.txt", b"  \n", "text/plain")})
    assert r.status_code == 422 and "文件为空" in r.json()["error"]
    r = client.post("/api/check", data={"other": "x"})
    assert r.status_code == 400 and "file" in r.json()["error"]


def test_upload_over_the_limit_is_413(tmp_path: Path) -> None:
    """A file over the limit is refused with 413: by its declared length, and by its size."""
    client = _client(tmp_path, limit=1000)
    r = client.post("/api/check", files={"file": ("big.txt", b"x" * (2 * 1024 * 1024), "text/plain")})
    assert r.status_code == 413 and r.json()["limit_bytes"] == 1000
    assert "1000 字节" in r.json()["error"]
    r = client.post("/api/check", files={"file": ("big.txt", b"x" * 5000, "text/plain")})
    assert r.status_code == 413  # within the form's slack, but the file itself is too large
    r = _upload(client, "big.txt", b"x" * 5000)
    assert r.status_code == 413 and "上限" in r.text


def test_the_limit_is_enforced_while_the_body_streams_in() -> None:
    """Without a Content-Length, reading stops as soon as the limit is passed (413)."""
    pulled = 0
    sent: list[dict] = []
    chunk = b"x" * 65536

    async def receive() -> dict:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": chunk, "more_body": True}  # never ends

    async def send(message: dict) -> None:
        sent.append(message)

    async def app(scope: dict, receive, send) -> None:
        while True:  # an application that would read forever
            await receive()

    limit = 1024 * 1024
    scope = {"type": "http", "path": "/api/check", "headers": [(b"transfer-encoding", b"chunked")]}
    asyncio.run(BodyLimit(app, limit=limit)(scope, receive, send))
    assert sent[0]["status"] == 413
    assert pulled <= limit // len(chunk) + 1


def test_chunked_upload_over_the_limit_is_413(tmp_path: Path) -> None:
    client = _client(tmp_path, limit=1000)

    def body():
        for _ in range(200):
            yield b"x" * 65536

    r = client.post("/api/check", content=body(),
                    headers={"content-type": "multipart/form-data; boundary=xyz"})
    assert r.status_code == 413


def test_script_in_text_and_in_the_file_name_is_escaped(client: TestClient) -> None:
    text = SEED.read_text(encoding="utf-8").replace("聊城经济技术开发区", "<script>alert(1)</script>", 1)
    name = '"><img src=x onerror=alert(2)>.txt'
    r = _upload(client, name, text.encode("utf-8"))
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "<script" not in page  # the report page runs no script at all
    api = client.post("/api/check", files={"file": (name, text.encode("utf-8"), "text/plain")})
    # JSON is data: the name as sent (a client sends " as %22 in a multipart file name)
    assert api.json()["reports"][0]["path"] == name.replace('"', "%22")


def test_state_changing_requests_need_the_token_and_the_same_site(client: TestClient,
                                                                  tmp_path: Path) -> None:
    data = SEED.read_bytes()
    assert _upload(client, "a.txt", data, token=None).status_code == 403
    assert _upload(client, "a.txt", data, token="wrong").status_code == 403
    assert _upload(client, "a.txt", data, headers={"origin": "http://evil.example"}).status_code == 403
    assert _upload(client, "a.txt", data, headers={"sec-fetch-site": "cross-site"}).status_code == 403
    assert _upload(client, "a.txt", data, headers={"origin": BASE}).status_code == 303
    fields = {"fingerprint": "0123456789abcdef", "status": "confirmed", "next": "/"}
    r = client.post("/decision", data=fields, follow_redirects=False)
    assert r.status_code == 403 and "拒绝" in r.text
    r = client.post("/decision", data={**fields, "csrf": TOKEN}, follow_redirects=False,
                    headers={"origin": "http://evil.example"})
    assert r.status_code == 403
    assert not (tmp_path / dec.DEFAULT_NAME).exists()
    r = client.post("/api/check", files={"file": ("a.txt", data, "text/plain")},
                    headers={"sec-fetch-site": "cross-site"})
    assert r.status_code == 403


def test_only_local_host_names_are_answered(client: TestClient) -> None:
    """A page of another site that resolves its name to 127.0.0.1 gets nothing (DNS rebinding)."""
    assert client.get("/", headers={"host": "evil.example:8765"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200


def test_dismissing_a_finding_raises_the_score_and_is_recorded(client: TestClient,
                                                               tmp_path: Path) -> None:
    r = _upload(client, "seed-2023.txt", SEED.read_bytes())
    page_url = r.headers["location"]
    page = client.get(page_url).text
    before = _score(page)
    fps = re.findall(r'class="finding sev-\w+" id="f-([0-9a-f]+)"', page)
    points = dict(re.findall(r'id="f-([0-9a-f]+)"[^>]*>.*?<span class="points">−([\d.]+)</span>', page))
    fp = next(f for f in fps if f in points)
    missing = client.post("/decision", data={"csrf": TOKEN, "fingerprint": fp, "status": "dismissed",
                                             "reason": "", "next": page_url}, follow_redirects=False)
    assert missing.status_code == 400 and "驳回需要写明理由" in missing.text
    r = client.post("/decision", data={"csrf": TOKEN, "fingerprint": fp, "status": "dismissed",
                                       "reason": "表内另有说明", "next": page_url},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == page_url
    after_page = client.get(page_url).text
    assert _score(after_page) == pytest.approx(before + float(points[fp]))
    assert 'class="finding sev-' in after_page and " dismissed\" id=\"f-" + fp in after_page
    saved = dec.load_decisions(tmp_path / dec.DEFAULT_NAME)
    assert saved[fp].status == "dismissed" and saved[fp].reason == "表内另有说明"
    r = client.post("/decision", data={"csrf": TOKEN, "fingerprint": fp, "status": "clear",
                                       "next": "//evil.example/"}, follow_redirects=False)
    assert r.headers["location"] == "/"  # never sent to another site
    assert _score(client.get(page_url).text) == before
    assert dec.load_decisions(tmp_path / dec.DEFAULT_NAME) == {}


def test_two_decisions_at_once_are_both_kept(client: TestClient, tmp_path: Path) -> None:
    """Many requests deciding at the same moment: every decision is in the file."""
    fps = [f"{i:016x}" for i in range(24)]
    barrier = threading.Barrier(len(fps))
    errors: list[object] = []

    def decide(fp: str) -> None:
        barrier.wait()
        r = client.post("/decision", data={"csrf": TOKEN, "fingerprint": fp, "status": "confirmed",
                                           "next": "/"}, headers={"accept": "application/json"})
        if r.status_code != 200:
            errors.append(r.text)

    threads = [threading.Thread(target=decide, args=(fp,)) for fp in fps]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert sorted(dec.load_decisions(tmp_path / dec.DEFAULT_NAME)) == fps


def test_uploads_are_checked_in_a_temporary_folder_then_deleted(client: TestClient, tmp_path: Path,
                                                               monkeypatch) -> None:
    made: list[Path] = []
    real = tempfile.TemporaryDirectory

    class Recording(real):  # type: ignore[misc, valid-type]
        def __enter__(self) -> str:
            name = super().__enter__()
            made.append(Path(name))
            return name

    monkeypatch.setattr("checker.serve.work.tempfile.TemporaryDirectory", Recording)
    r = client.post("/api/check", files={"file": ("seed-2023.txt", SEED.read_bytes(), "text/plain")})
    assert r.status_code == 200
    assert made and all(p.name.startswith("gongkai-serve-") for p in made)
    assert not any(p.exists() for p in made)
    assert not list(tmp_path.glob("seed-2023*"))


def test_downloads_json_and_page(client: TestClient) -> None:
    r = _upload(client, "seed-2023.txt", SEED.read_bytes())
    key = r.headers["location"]
    page = client.get(key).text
    assert f'href="{key}/result.json"' in page and f'href="{key}/report.html"' in page
    j = client.get(f"{key}/result.json")
    assert j.status_code == 200 and "attachment" in j.headers["content-disposition"]
    assert json.loads(j.text)["reports"][0]["path"] == "seed-2023.txt"
    h = client.get(f"{key}/report.html")
    assert h.status_code == 200 and "seed-2023-gongkai.html" in h.headers["content-disposition"]
    assert 'id="score"' in h.text and "csrf" not in h.text  # no forms in the saved page
    assert client.get("/r/unknown-key").status_code == 404
    assert client.get(f"{key}/annotated.docx").status_code == 404  # not a Word report


def test_annotated_word_copy_download(client: TestClient) -> None:
    pytest.importorskip("checker.workflows.annotate.docx_comments", reason="the Word annotation module is not in this build")
    docx = pytest.importorskip("docx", reason="python-docx (extra 'docx') is not installed")
    data = _seed_docx()
    r = _upload(client, "报告.docx", data)
    key = r.headers["location"]
    page = client.get(key).text
    assert f'href="{key}/annotated.docx"' in page
    got = client.get(f"{key}/annotated.docx")
    assert got.status_code == 200 and got.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert "filename*=UTF-8''%E6%8A%A5%E5%91%8A-gongkai.docx" in got.headers["content-disposition"]
    copy = docx.Document(io.BytesIO(got.content))
    original = docx.Document(io.BytesIO(data))
    assert [p.text for p in copy.paragraphs] == [p.text for p in original.paragraphs]
    findings = json.loads(client.get(f"{key}/result.json").text)["reports"][0]["findings"]
    assert len(list(copy.comments)) >= len([f for f in findings if f["location"].get("line")])


def test_english_pages(tmp_path: Path) -> None:
    client = _client(tmp_path, lang="en")
    assert "Drop a report file here" in client.get("/").text
    r = _upload(client, "seed-2023.txt", SEED.read_bytes())
    assert "Findings (" in client.get(r.headers["location"]).text


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "batch"
    d.mkdir()
    (d / "seed 2023.txt").write_bytes(SEED.read_bytes())  # a space: links must encode it
    (d / "clean-2021.json").write_bytes(CLEAN.read_bytes())
    (d / "<img src=x onerror=alert(3)>.txt").write_bytes(b"")  # unreadable, and a name that is markup
    return d


def test_batch_page_is_live_and_decisions_change_the_score(tmp_path: Path, folder: Path) -> None:
    work = Work(_args(), folder, folder / dec.DEFAULT_NAME, folder)
    client = TestClient(create_app(work, token=TOKEN), base_url=BASE)
    page = client.get("/batch").text
    assert 'value="/batch#open=seed%202023.txt"' in page  # each form leads back to its report
    assert "seed 2023.txt" in page and "clean-2021.json" in page
    assert "&lt;img src=x onerror=alert(3)&gt;.txt" in page and "<img src=x" not in page
    seed_score = float(re.search(r'data-v="seed 2023.txt".*?class="c-score" data-v="([\d.]+)"', page).group(1))
    fp = re.search(r'class="finding sev-(?:error|warning)" data-fingerprint="([0-9a-f]+)"', page).group(1)
    r = client.post("/decision", data={"csrf": TOKEN, "fingerprint": fp, "status": "dismissed",
                                       "reason": "原件无误", "next": "/batch#open=seed%202023.txt"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/batch#open=seed%202023.txt"
    page = client.get("/batch").text
    after = float(re.search(r'data-v="seed 2023.txt".*?class="c-score" data-v="([\d.]+)"', page).group(1))
    assert after > seed_score
    assert f'finding sev-error dismissed" data-fingerprint="{fp}"' in page or \
        f'finding sev-warning dismissed" data-fingerprint="{fp}"' in page
    # the same file as gongkai score reads it: its decisions file applies there too
    assert dec.load_decisions(folder / dec.DEFAULT_NAME)[fp].status == "dismissed"
    # a report's own page, and nothing outside the folder
    one = client.get("/batch/report", params={"path": "seed 2023.txt"})
    assert one.status_code == 200 and f'id="f-{fp}"' in one.text and _score(one.text) == after
    assert client.get("/batch/report", params={"path": "../batch/seed 2023.txt"}).status_code == 404
    assert client.get("/batch/report", params={"path": "/etc/passwd"}).status_code == 404
    # a file that changes is checked again: the mended seed scores higher
    (folder / "seed 2023.txt").write_bytes((SEED.parent / "seed-2023-mended.txt").read_bytes())
    page = client.get("/batch").text
    mended = float(re.search(r'data-v="seed 2023.txt".*?class="c-score" data-v="([\d.]+)"', page).group(1))
    assert mended != after


def test_no_folder_no_batch_page(client: TestClient) -> None:
    r = client.get("/batch")
    assert r.status_code == 404 and "gongkai serve" in r.text


def test_serve_command_refuses_bad_arguments(tmp_path: Path, capsys) -> None:
    assert main(["serve", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert "不是文件夹" in err and "nope" in err
    assert main(["serve", "--port", "99999"]) == 2
    bad = tmp_path / "bad.json"
    bad.write_text("[1]", encoding="utf-8")
    assert main(["serve", str(tmp_path), "--decisions", str(bad)]) == 2
    assert "decisions" in capsys.readouterr().err


def test_serve_command_says_what_is_missing_and_when_the_port_is_taken(monkeypatch, capsys) -> None:
    import socket
    import sys

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"127.0.0.1:{port}" in err and "--port" in err
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    assert main(["serve", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "needs the package 'uvicorn'" in err and "gongkai[serve]" in err


def test_only_a_word_reports_bytes_are_held_for_its_annotated_copy(client: TestClient) -> None:
    work = client.app.state.work
    key = _upload(client, "seed-2023.txt", SEED.read_bytes()).headers["location"].rsplit("/", 1)[1]
    assert work.upload(key).data == b"" and work.upload(key).lines
    data = _seed_docx()
    key = _upload(client, "seed-2023.docx", data).headers["location"].rsplit("/", 1)[1]
    assert work.upload(key).data == data


def test_word_copy_without_the_annotation_module_says_so(client: TestClient, monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "checker.workflows.annotate.docx_comments", None)
    key = _upload(client, "seed-2023.docx", _seed_docx()).headers["location"]
    r = client.get(f"{key}/annotated.docx")
    assert r.status_code == 501 and "不能生成带批注的 Word 文档" in r.text
