"""``gongkai serve`` as a user runs it: a real server in a subprocess on a free port, answering
on 127.0.0.1 only; a 60 MB upload refused with 413; a Word report checked exactly as
``gongkai check`` does; and in headless Chromium (selenium): upload the seed, see its
findings, dismiss one, see the score change (a screenshot is kept in the test's tmp folder)."""
from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("uvicorn", reason="gongkai serve needs the extra: pip install 'gongkai[serve]'")
httpx = pytest.importorskip("httpx2", reason="the live server tests use httpx2 (test extra)")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "raw" / "seed-2023.txt"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(cwd: Path, *extra: str) -> tuple[subprocess.Popen, str, int]:
    """``gongkai serve`` on a free port in ``cwd``; its stderr goes to ``cwd/serve.log``."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    log = open(cwd / "serve.log", "w", encoding="utf-8")  # noqa: SIM115 — the child writes it
    proc = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--port", str(port), *extra],
                            cwd=cwd, env=env, stdout=log, stderr=log, text=True)
    log.close()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"gongkai serve exited {proc.returncode}: "
                        f"{(cwd / 'serve.log').read_text(encoding='utf-8')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc, url, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    pytest.fail("gongkai serve did not answer within 60 s")


def _stop(proc: subprocess.Popen, cwd: Path) -> str:
    """Stop the server; what it wrote to stderr."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    return (cwd / "serve.log").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("serve")
    proc, url, port = _start(home)
    yield url, home, port
    _stop(proc, home)


def test_it_answers_on_loopback_with_the_upload_page(server) -> None:
    url, _home, port = server
    r = httpx.get(url + "/")
    assert r.status_code == 200 and 'action="/upload"' in r.text and 'type="file"' in r.text
    others = set()
    try:  # this machine's other addresses, where it has any (a UDP connect sends nothing)
        others |= {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            others.add(probe.getsockname()[0])
    except OSError:
        pass
    for addr in sorted(a for a in others if not a.startswith("127.")):
        with pytest.raises(OSError):  # not reachable from the network
            socket.create_connection((addr, port), timeout=2).close()


def test_a_60_mb_upload_gets_413(server) -> None:
    """Refused from its declared length at once: the server does not read the 60 MB."""
    url, _home, port = server
    size = 60 * 1024 * 1024
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.putrequest("POST", "/api/check")
    conn.putheader("Content-Type", "multipart/form-data; boundary=b0undary")
    conn.putheader("Content-Length", str(size))
    conn.endheaders()
    sent = 0
    try:
        conn.send(b"--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n")
        chunk = b"x" * (1024 * 1024)
        while sent < size - 2 * len(chunk):
            conn.send(chunk)
            sent += len(chunk)
    except OSError:
        pass  # the server answered and closed the connection
    r = conn.getresponse()
    assert r.status == 413
    assert "50 MB" in json.loads(r.read())["error"]
    conn.close()
    # the same, streamed without a length, through an ordinary client
    def body():
        yield b"--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n"
        for _ in range(60):
            yield b"y" * (1024 * 1024)

    r = httpx.post(url + "/api/check", content=body(),
                   headers={"content-type": "multipart/form-data; boundary=b0undary"}, timeout=60)
    assert r.status_code == 413


def test_a_word_report_gives_exactly_the_findings_of_gongkai_check(server, tmp_path) -> None:
    docx = pytest.importorskip("docx", reason="python-docx (extra 'docx') is not installed")
    url, _home, _port = server
    document = docx.Document()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = tmp_path / "报告.docx"
    document.save(path)
    cli = subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json", path.name],
                         cwd=tmp_path, capture_output=True, text=True, check=False,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    r = httpx.post(url + "/api/check", files={"file": (path.name, path.read_bytes())}, timeout=60)
    assert r.status_code == 200 and r.text == cli.stdout
    assert json.loads(r.text)["reports"][0]["findings"]


def test_another_host_is_announced_with_a_warning(tmp_path) -> None:
    proc, _url, _port = _start(tmp_path, "--host", "0.0.0.0")
    err = _stop(proc, tmp_path)
    assert "警告" in err and "0.0.0.0" in err


def _driver(tmp_path: Path):
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        pytest.skip("headless Chromium test needs the Debian packages chromium and chromium-driver "
                    "(apt-get install chromium chromium-driver); .ci/run installs them")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium (test extra) is not installed")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run",
                 "--disable-sync", "--window-size=1400,1000", f"--user-data-dir={tmp_path / 'profile'}"):
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service(DRIVER), options=opts)


def test_upload_see_findings_dismiss_one_score_changes_in_chromium(server, tmp_path) -> None:
    url, home, _port = server
    driver = _driver(tmp_path)
    try:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec
        from selenium.webdriver.support.ui import WebDriverWait

        from selenium.common.exceptions import StaleElementReferenceException

        # the page is replaced after each post: an element found mid-reload may go stale
        wait = WebDriverWait(driver, 60, ignored_exceptions=(StaleElementReferenceException,))
        driver.get(url + "/")
        driver.find_element(By.ID, "file").send_keys(str(SEED))
        driver.find_element(By.ID, "check").click()
        wait.until(ec.presence_of_element_located((By.ID, "score")))
        assert "/r/" in driver.current_url
        before = float(driver.find_element(By.ID, "score").text)
        items = driver.find_elements(By.CSS_SELECTOR, "li.finding")
        assert len(items) >= 5
        assert driver.find_elements(By.CSS_SELECTOR, "#text mark")  # places marked in the text
        target = next(li for li in items if li.find_elements(By.CLASS_NAME, "points"))
        fp = target.get_attribute("data-fingerprint")
        points = float(target.find_element(By.CLASS_NAME, "points").text.lstrip("−"))
        target.find_element(By.NAME, "reason").send_keys("表格下方已注明口径")
        target.find_element(By.CSS_SELECTOR, "button.dismiss").click()
        wait.until(ec.staleness_of(target))  # the form posts and the page comes back
        wait.until(lambda d: "dismissed" in (d.find_element(By.ID, f"f-{fp}").get_attribute("class") or ""))
        after = float(driver.find_element(By.ID, "score").text)
        assert after == pytest.approx(before + points)
        shot = tmp_path / "serve-after-dismiss.png"  # the score card, the findings, the text
        driver.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
        item = tmp_path / "serve-dismissed-finding.png"  # the dismissed finding, struck through
        driver.find_element(By.ID, f"f-{fp}").screenshot(str(item))
        assert item.stat().st_size > 1_000
        saved = json.loads((home / "gongkai-decisions.json").read_text(encoding="utf-8"))
        assert saved[fp]["status"] == "dismissed" and saved[fp]["reason"] == "表格下方已注明口径"
        assert re.fullmatch(r"[0-9a-f]{16}", fp)
    finally:
        driver.quit()


def test_reviewer_dismisses_in_the_batch_page_in_chromium(tmp_path) -> None:
    """With DIR: open a report's row, dismiss a finding; the page comes back with that report
    open and its score up, and the decision is in the folder's decisions file."""
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "seed 2023.txt").write_bytes(SEED.read_bytes())
    (folder / "runon-2022.txt").write_bytes((SEED.parent / "runon-2022.txt").read_bytes())
    proc, url, _port = _start(tmp_path, str(folder))
    driver = _driver(tmp_path)
    try:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        def score_of(name: str) -> float:
            for row in driver.find_elements(By.CSS_SELECTOR, "tr.row"):
                if row.find_element(By.CLASS_NAME, "c-path").text == name:
                    return float(row.find_element(By.CLASS_NAME, "c-score").text)
            raise AssertionError(f"no row {name}")

        driver.get(url + "/batch")
        before = score_of("seed 2023.txt")
        row = next(r for r in driver.find_elements(By.CSS_SELECTOR, "tr.row")
                   if r.find_element(By.CLASS_NAME, "c-path").text == "seed 2023.txt")
        row.click()
        item = next(li for li in driver.find_elements(By.CSS_SELECTOR, "tr.detail:not([hidden]) li.finding")
                    if li.find_elements(By.CLASS_NAME, "points"))
        fp = item.get_attribute("data-fingerprint")
        item.find_element(By.NAME, "reason").send_keys("原件无误")
        item.find_element(By.CSS_SELECTOR, "button.dismiss").click()
        from selenium.common.exceptions import StaleElementReferenceException
        from selenium.webdriver.support import expected_conditions as ec

        wait = WebDriverWait(driver, 60, ignored_exceptions=(StaleElementReferenceException,))
        wait.until(ec.staleness_of(item))  # the form posts and the page comes back
        wait.until(lambda d: d.current_url.endswith("#open=seed%202023.txt"))
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "tr.row.open"))
        opened = driver.find_element(By.CSS_SELECTOR, "tr.row.open")
        assert opened.find_element(By.CLASS_NAME, "c-path").text == "seed 2023.txt"
        assert score_of("seed 2023.txt") > before
        done = driver.find_element(By.CSS_SELECTOR, f'li.finding[data-fingerprint="{fp}"]')
        assert "dismissed" in done.get_attribute("class")
        driver.save_screenshot(str(tmp_path / "serve-batch-after-dismiss.png"))
        saved = json.loads((folder / "gongkai-decisions.json").read_text(encoding="utf-8"))
        assert saved[fp]["status"] == "dismissed"
    finally:
        driver.quit()
        _stop(proc, tmp_path)
