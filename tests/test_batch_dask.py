"""``gongkai score --scheduler``: a batch on a real Dask scheduler and two workers, started here
on 127.0.0.1, gives exactly the local result (issue 13, part 2)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker.workflows.batch.run import BatchOptions, collect_files, index_previous, run_batch
from checker.cli.app import main
from tests.casekit import build

distributed = pytest.importorskip("distributed", reason="needs dask.distributed "
                                  "(pip install 'gongkai[distributed]')")

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "fixtures" / "raw"
REPORTS = ROOT / "fixtures" / "reports"
REAL = ROOT.parent / "shared" / "corpus" / "real2"
START_TIMEOUT = 120.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """End a process this test started (its own process group), politely then firmly."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=20)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``dask scheduler`` and two ``dask worker`` processes (one thread each) on free ports."""
    tmp = tmp_path_factory.mktemp("dask")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs: list[subprocess.Popen[bytes]] = []
    logs = []

    def spawn(name: str, *args: str) -> None:
        log = open(tmp / f"{name}.log", "wb")  # noqa: SIM115 - closed at teardown
        logs.append(log)
        procs.append(subprocess.Popen([sys.executable, "-m", "dask", *args], stdout=log,
                                      stderr=subprocess.STDOUT, env=env, cwd=str(tmp),
                                      start_new_session=True))

    try:
        spawn("scheduler", "scheduler", "--host", "127.0.0.1", "--port", str(port),
              "--no-dashboard")
        for i in (1, 2):
            spawn(f"worker{i}", "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                  "--no-nanny", "--no-dashboard", "--death-timeout", "60",
                  "--local-directory", str(tmp / f"w{i}"))
        client = None
        deadline = time.monotonic() + START_TIMEOUT
        while client is None:
            try:
                client = distributed.Client(address, timeout=5, set_as_default=False)
            except OSError:
                if time.monotonic() > deadline or procs[0].poll() is not None:
                    raise
                time.sleep(0.5)
        client.wait_for_workers(2, timeout=START_TIMEOUT)
        client.close()
        yield address
    finally:
        for proc in reversed(procs):
            _stop(proc)
        for log in logs:
            log.close()


def _scheduler_tasks(address: str) -> list[str]:
    """The gongkai task keys the scheduler still knows about."""
    def keys(dask_scheduler: Any) -> list[str]:
        return [str(k) for k in dask_scheduler.tasks if str(k).startswith("gongkai-")]

    with distributed.Client(address, timeout=30, set_as_default=False) as client:
        return client.run_on_scheduler(keys)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real reports (text, HTML, PDF when the corpus is here), the fixtures' reports in every
    format, a defect variant, and files that cannot be read (corrupt, empty, not a report)."""
    d = tmp_path_factory.mktemp("reports")
    if REAL.is_dir():
        for src in sorted(REAL.iterdir()):
            if src.suffix in (".txt", ".html", ".pdf"):
                shutil.copy(src, d / src.name)
    for name in ("seed-2023.txt", "report_utf8_2023.html", "markdown-2024.txt",
                 "pdftotext-2023.txt", "format2019-2020.txt"):
        shutil.copy(RAW / name, d / name)
    shutil.copy(REPORTS / "seed-2023.json", d / "seed-2023.json")
    shutil.copy(REPORTS / "clean-2021.json", d / "clean-2021.json")
    bad = build({"base": "clean-2021", "cells": {"t3.r7.nat": "21"}})
    (d / "wrong-cell.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    (d / "corrupt.json").write_text('{"schema": "gongkai.report/1", "meta": ', encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "notes.md").write_text("not a report", encoding="utf-8")  # a row: type not read
    return d


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Last year's report of the clean-2021 agency (for ``--previous`` on the cluster)."""
    d = tmp_path_factory.mktemp("previous")
    prev = build({"base": "clean-2021", "meta": {"year": 2022},
                  "cells": {"t2.norm.in_force": "14"}})
    (d / "clean-2022.json").write_text(json.dumps(prev, ensure_ascii=False), encoding="utf-8")
    (d / "unreadable.txt").write_bytes(b"")
    return d


def _summaries(files: list[Path], scheduler: str | None, previous_dir: Path | None = None
               ) -> tuple[list[Any], list[tuple[str, str]]]:
    prev: dict[tuple[str, int], str] = {}
    problems: list[tuple[str, str]] = []
    if previous_dir is not None:
        prev, problems = index_previous(collect_files([previous_dir]), {}, 2, scheduler=scheduler)
    options = BatchOptions(config={}, jobs=2, previous=prev, scheduler=scheduler)
    return list(run_batch(files, options)), problems


def test_cluster_gives_exactly_the_local_summaries(cluster: str, reports: Path,
                                                    previous: Path) -> None:
    """Scores, grades, categories and every finding field equal, in the same order."""
    files = collect_files([reports])
    local, local_problems = _summaries(files, None, previous)
    remote, remote_problems = _summaries(files, cluster, previous)
    assert [s.path for s in remote] == [str(f) for f in files]
    assert remote == local
    assert remote_problems == local_problems
    by_name = {Path(s.path).name: s for s in remote}
    assert by_name["empty.txt"].error and by_name["corrupt.json"].error
    assert by_name["notes.md"].error and ".md" in by_name["notes.md"].error
    assert by_name["seed-2023.json"].findings and by_name["seed-2023.json"].score is not None
    assert by_name["clean-2021.json"].previous.endswith("clean-2022.json")
    assert any(f.code.startswith("XYR") for f in by_name["clean-2021.json"].findings)
    if REAL.is_dir():
        assert by_name["js-018.pdf"].score is not None


def _xlsx_values(path: Path) -> list[list[tuple[Any, ...]]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [[tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book]
    finally:
        book.close()


def test_score_command_writes_the_same_outputs(cluster: str, reports: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """CSV and HTML byte for byte, the workbook cell for cell, the summary and exit code."""
    runs = {}
    for name, extra in (("local", ["--jobs", "2"]), ("dask", ["--scheduler", cluster])):
        out = tmp_path / name
        out.mkdir()
        code = main(["score", str(reports), "--csv", str(out / "s.csv"), "--xlsx",
                     str(out / "s.xlsx"), "--html", str(out / "s.html"), "--lang", "en", *extra])
        text = capsys.readouterr().out.replace(str(out), "OUT")
        runs[name] = (code, text, out)
    (lc, lt, lo), (dc, dt, do) = runs["local"], runs["dask"]
    assert (dc, dt) == (lc, lt)
    assert (do / "s.csv").read_bytes() == (lo / "s.csv").read_bytes()
    assert (do / "s.html").read_bytes() == (lo / "s.html").read_bytes()
    assert _xlsx_values(do / "s.xlsx") == _xlsx_values(lo / "s.xlsx")
    assert "unreadable" in dt


def test_unreachable_scheduler_is_a_usage_error(reports: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import checker.workflows.batch.cluster as bd

    old = bd.CONNECT_TIMEOUT
    bd.CONNECT_TIMEOUT = 2.0
    try:
        code = main(["score", str(reports), "--scheduler", f"tcp://127.0.0.1:{_free_port()}",
                     "--csv", str(tmp_path / "s.csv"), "--lang", "en"])
    finally:
        bd.CONNECT_TIMEOUT = old
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot reach the Dask scheduler" in err and "dask scheduler" in err
    assert "Traceback" not in err and not (tmp_path / "s.csv").exists()


def test_jobs_and_scheduler_together_are_refused(reports: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["score", str(reports), "--jobs", "2", "--scheduler", "tcp://127.0.0.1:1",
                 "--lang", "en"])
    assert code == 2
    assert "--jobs and --scheduler cannot be combined" in capsys.readouterr().err


def test_ctrl_c_cancels_the_clusters_work(cluster: str, tmp_path: Path) -> None:
    """SIGINT to ``gongkai score``: exit 130, and the scheduler forgets the batch's tasks."""
    many = tmp_path / "many"
    many.mkdir()
    text = (RAW / "seed-2023.txt").read_bytes()
    for i in range(400):
        (many / f"r{i:03d}.txt").write_bytes(text)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "checker", "score", str(many), "--scheduler",
                             cluster, "--csv", str(tmp_path / "s.csv")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _scheduler_tasks(cluster):
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "the batch never reached the cluster"
            time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        _stop(proc)
    assert proc.returncode == 130, err.decode()
    assert "interrupted" in err.decode()
    assert not (tmp_path / "s.csv").exists()
    deadline = time.monotonic() + 30
    while _scheduler_tasks(cluster):
        assert time.monotonic() < deadline, "tasks were left on the cluster"
        time.sleep(0.2)


def test_missing_distributed_is_a_usage_error(reports: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Without the extra installed: a message naming it, exit 2, no traceback."""
    import builtins

    real_import = builtins.__import__

    def no_distributed(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError("No module named 'distributed'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    code = main(["score", str(reports), "--scheduler", "tcp://127.0.0.1:1", "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2
    assert "gongkai[distributed]" in err and "Traceback" not in err


def test_a_task_the_cluster_could_not_run_is_a_checker_failure_not_a_clean_row():
    """A report whose worker died on the cluster is a row with the reason and a rule error
    (exit 2), as on a local worker that died twice — never a row that looks checked."""
    from checker.workflows.batch import cluster as batch_dask
    from checker.workflows.batch import run as batch

    row = batch_dask._failed(batch.summarise, "a.txt", RuntimeError("worker killed"))
    assert row.error and "worker killed" in row.error
    assert row.rule_errors and row.rule_errors[0].startswith("WORKER:")
