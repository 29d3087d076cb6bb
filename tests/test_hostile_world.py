"""Regression tests of issue 15's promises (reliability in a hostile world), one group each.

The quick, in-process tests pin the mechanisms (bounded reads, TOML and regex estimates,
supervision, isolation of plugin code, locked updates …); a few cases of the hostile sweep
(``fuzz/hostile_sweep.py``) run the real command line in a subprocess where only a process
can show the promise (a worker killed, a run stopped by the backstop, a full disk).
"""
from __future__ import annotations

import importlib.util
import io
import json
import os
import signal
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from checker.errors import ConfigError, GongkaiError, InputError, PackError, UsageError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "reports" / "seed-2023.json"
CLEAN = ROOT / "fixtures" / "reports" / "clean-2021.json"
WATCHDOG = pytest.mark.timeout(120, method="thread")


def _sweep() -> Any:
    spec = importlib.util.spec_from_file_location("gongkai_hostile_sweep",
                                                  ROOT / "fuzz" / "hostile_sweep.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


SWEEP = _sweep()
CASES = {c.name: c for c in SWEEP.CASES}


def _held(name: str, tmp_path: Path) -> None:
    held, what = SWEEP.run_case(CASES[name], tmp_path)
    assert held, f"{name}: {what}"


def test_sweep_lists_every_promise() -> None:
    """The sweep covers the twelve promises, and its fast cases are a quick subset."""
    assert {c.promise for c in SWEEP.CASES} == set(range(1, 13))
    assert SWEEP.main(["--list", "--fast"]) == 0


# -- 1. supervised workers ------------------------------------------------------------------
def _die_on(item: str) -> str:
    if item == "die":
        os._exit(0)
    if item == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if item == "exit":
        sys.exit(3)
    return item.upper()


def _failed(item: str, reason: str) -> str:
    return f"failed {item}: {reason}"


@WATCHDOG
@pytest.mark.parametrize("jobs", [1, 2])
def test_dead_worker_is_retried_once_then_a_row(jobs: int) -> None:
    """A worker that ends itself or is killed never hangs the map: one result per item, in
    order; the task is retried once in a fresh worker, then given up with the reason."""
    from checker.engine.supervise import supervised_map

    items = ["a", "die", "b", "kill", "c", "exit", "d"]
    got = list(supervised_map(_die_on, items, jobs, on_failure=_failed))
    assert got[0::2] == ["A", "B", "C", "D"]
    assert got[1].startswith("failed die") and "exited with code 0 (2 times)" in got[1]
    assert got[3].startswith("failed kill") and "SIGKILL" in got[3]
    assert got[5].startswith("failed exit") and "SystemExit" in got[5]


@WATCHDOG
def test_score_survives_a_plugin_ending_its_worker(tmp_path: Path) -> None:
    """`score --jobs 1` with a grading plugin calling os._exit: all rows, the reason, exit 2."""
    _held("dead-worker-os-exit-jobs1", tmp_path)


# -- 2. special files -----------------------------------------------------------------------
@WATCHDOG
def test_only_regular_files_are_read(tmp_path: Path) -> None:
    """FIFOs, devices (also behind a symlink) and sparse giants are refused, never read."""
    from checker.files.safeio import read_regular

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    sparse = tmp_path / "sparse.toml"
    with open(sparse, "wb") as fh:
        fh.truncate(8 * 1024 ** 3)
    started = time.monotonic()
    for path, says in ((fifo, "named pipe"), ("/dev/zero", "character device"),
                       (link, "character device"), (tmp_path, "folder")):
        with pytest.raises(InputError, match=says):
            read_regular(path, limit=1000)
    with pytest.raises(PackError, match="too large"):
        read_regular(sparse, limit=1_000_000, error=PackError)
    assert time.monotonic() - started < 5
    ok = tmp_path / "ok.txt"
    ok.write_bytes(b"x" * 100)
    assert read_regular(ok, limit=100) == b"x" * 100
    with pytest.raises(InputError, match="too large"):
        read_regular(ok, limit=99)


@WATCHDOG
def test_fifo_in_a_batch_folder_is_a_row(tmp_path: Path) -> None:
    _held("fifo-in-batch-folder", tmp_path)


def test_fifo_pack_and_sidecar_are_refused(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from checker.cli.app import main

    os.mkfifo(tmp_path / "p.toml")
    assert main(["check", str(SEED), "--pack-dir", str(tmp_path / "p.toml")]) == 2
    assert "regular file" in capsys.readouterr().err
    d = tmp_path / "r"
    d.mkdir()
    (d / "a.json").write_bytes(SEED.read_bytes())
    os.mkfifo(d / "gongkai-suppressions.toml")
    assert main(["check", str(d / "a.json"), "--lang", "en"]) == 2
    assert "named pipe" in capsys.readouterr().err


# -- 3. documents that cost minutes or gigabytes inside the size limits ----------------------
def test_docx_xml_part_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The inflated size of each XML part (declared, and as streamed) is limited."""
    import checker.readers.docx as docx

    monkeypatch.setattr(docx, "MAX_XML_PART_BYTES", 1024 * 1024)
    data = SWEEP.docx_bomb(2)
    with pytest.raises(InputError, match="per part"):
        docx._inspect_zip(data)
    monkeypatch.setattr(docx, "MAX_XML_PART_BYTES", 32 * 1024 * 1024)
    monkeypatch.setattr(docx, "MAX_XML_TOTAL_BYTES", 1024 * 1024)
    with pytest.raises(InputError, match="together"):
        docx._inspect_zip(data)


def test_docx_stream_check_catches_what_headers_hide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Streamed sizes are checked too: a part past the limit as inflated is refused even when
    its header was not checked (and a header that lies fails the CRC: refused as well)."""
    import checker.readers.docx as docx

    monkeypatch.setattr(docx, "MAX_XML_PART_BYTES", 1024 * 1024)
    data = SWEEP.docx_bomb(2)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = z.infolist()
    with pytest.raises(InputError, match="per part"):
        docx._stream_members(data, members)
    for m in members:
        if m.filename == "word/document.xml":
            m.file_size = 10
    with pytest.raises(InputError, match="corrupt"):
        docx._stream_members(data, members)


def test_pdf_limits() -> None:
    """Page size, inflated content streams and ruling crossings are limited before work."""
    import zlib

    from checker.readers.pdf import limits as pl
    pl.check_page_size(595, 842, 1)
    with pytest.raises(InputError, match="page 3"):
        pl.check_page_size(200_000, 300, 3)
    with pytest.raises(InputError, match="page 2"):
        pl.check_page_size(14_000, 14_000, 2)
    bomb = zlib.compress(b" " * (pl.MAX_CONTENT_BYTES + 10))
    assert pl.inflated_size(bomb, ["FlateDecode"], 1000) == 1001
    assert pl.inflated_size(zlib.compress(b"abc"), ["FlateDecode"], 1000) == 3
    text = b"BT /F1 12 Tf 10 10 Td (12 34 56) Tj ET\n"
    with pytest.raises(InputError, match="inflates to more than 20 MB"):
        pl.check_streams(SWEEP._pdf(text + b" " * (pl.MAX_CONTENT_BYTES + 10), compress=True))
    pl.check_streams(SWEEP._pdf(text + b" " * (pl.MAX_CONTENT_BYTES - 100), compress=True))
    image = SWEEP._pdf(text + b" " * (pl.MAX_CONTENT_BYTES + 10), compress=True).replace(
        b"/Filter /FlateDecode", b"/Filter /FlateDecode /Subtype /Image")
    pl.check_streams(image)  # images are not drawing instructions


@WATCHDOG
def test_pdf_huge_page_is_refused(tmp_path: Path) -> None:
    from checker.readers.pdf.read import render

    started = time.monotonic()
    huge = SWEEP._pdf(b"BT /F1 12 Tf 10 10 Td (1 2 3) Tj ET", "0 0 200000 200000")
    with pytest.raises(InputError, match="page 1"):
        render(huge)
    grid = b"\n".join(b"%d 0 m %d 842 l S 0 %d m 595 %d l S" % (i * 5, i * 5, i * 8, i * 8)
                      for i in range(100))
    rendered = render(SWEEP._pdf(grid + b" BT /F1 8 Tf 100 100 Td (12 34 56) Tj ET",
                                 compress=True, pages=3))
    assert all(d in rendered.text for d in "123456")  # read (as a table or as text)
    assert time.monotonic() - started < 30


def test_html_depth_counts_every_element() -> None:
    from checker.readers.html import render

    started = time.monotonic()
    with pytest.raises(InputError, match="nests elements"):
        render(("<body>" + "<nav><header>" * 20_000 + "x").encode())
    text = render(("<body>" + "<p>段落" * 9000 + "<table><tr><td>1" * 50).encode()).text
    assert "段落" in text
    assert time.monotonic() - started < 10


# -- 4. small packs that exhaust memory or never load ---------------------------------------
def test_toml_depth_and_non_finite_values_are_scanned_first() -> None:
    from checker.files.tomlguard import TomlLimit, loads, scan

    scan('[pack]\nid = "x" # a.b.c\n[rules.A.with]\nx = { a = { b = [1.5] }, c.d = 2 }\n'
         's = """a.b\nnan"""\nd = 1979-05-27T07:32:00Z\n')
    for text, says in (("a" + ".a" * 50_000 + " = 1", "key"), ("x = " + "[" * 40, "value"),
                       ("[" + "a." * 40 + "a]", "table header"), ("x = {" + "a." * 40 + "b = 1}",
                                                                     "key")):
        started = time.monotonic()
        with pytest.raises(TomlLimit, match=says):
            scan(text)
        assert time.monotonic() - started < 1
    for value in ("nan", "+inf", "-inf", "inf", "-nan"):
        with pytest.raises(PackError, match="finite") as err:
            loads(f"[deductions]\nerror = {value}\n", "p.toml")
        assert err.value.where == "line 2, key deductions.error"


def test_regex_cost_is_estimated_on_the_parsed_pattern() -> None:
    from checker.checks.regexcost import MAX_EXPANSION, expansion

    over = MAX_EXPANSION + 1
    assert expansion(r"(?:(?:a{1000}){1000}){1000}") == over
    assert expansion("(?x)(?:(?:a {1000}) # comment\n {1000})") == over
    assert expansion("(?:(?:a{300}){300})" * 200) == over
    assert expansion("(?:a{1000}) {1000}", verbose=True) == over
    assert expansion("(?:a{1000}) {1000}") == 1000 + 1000  # not verbose: " " repeated
    assert expansion(r"\d{4}年[一二三]{1,3}\p{Han}{2,40}[^\]{]{5}") == 4 + 1 + 3 + 40 + 5
    assert expansion("(" * 5000 + ")" * 5000) < over


def test_identity_rows_times_cols_is_limited_before_expanding() -> None:
    from checker.checks.identity import MAX_INSTANCES, compile_options

    rows = [f"r{i}" for i in range(3000)]
    started = time.monotonic()
    with pytest.raises(ValueError, match=str(MAX_INSTANCES)):
        compile_options({"expr": "t3.{row}.{col} == 0", "rows": rows, "cols": rows})
    assert time.monotonic() - started < 1


def test_long_sum_chains_parse_balanced() -> None:
    from checker.engine import expr as ex
    node = ex.parse("t3.r7.nat==" + "+".join(["1"] * 990))
    assert ex.linear(node.right) == ({}, 990)
    chain = ex.parse(" - ".join(f"t3.r{i}.nat" for i in range(40)))
    assert ex.evaluate(chain, lambda c: int(c.split(".")[1][1:])) == -sum(range(40))


@WATCHDOG
def test_rules_per_run_and_per_pack(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """More rules than the run limit is a refusal naming the pack; a pack over 500 rules is
    refused with a short message (not the whole pack)."""
    import checker.plugins.manager as plugins
    from checker.cli.app import main

    monkeypatch.setattr(plugins, "MAX_RULES", 600)
    packs = SWEEP._many_rules(tmp_path, 2)
    assert main(["check", str(SEED), "--pack-dir", str(packs)]) == 2
    assert "600" in capsys.readouterr().err
    body = "".join(SWEEP.RULE.format(code=f"Z{i:04d}", name=f"z.r{i}", check="pattern",
                                     extra=f'[rules.Z{i:04d}.with]\npattern = "x{i}y"\n')
                   for i in range(501))
    big = SWEEP._pack(tmp_path, body)
    assert main(["validate-pack", str(big)]) == 2
    err = capsys.readouterr().err
    assert "501" in err and len(err) < 2000


# -- 5. messages and every output, never a traceback ----------------------------------------
def test_unrepresentable_characters_are_replaced_and_counted() -> None:
    from checker.files.textsafe import clean, make_representable

    doc = json.loads('{"text": "a\\ud800b", "meta": {"agency": "x\\uffff"}, "t": [["\\ud83d"]]}')
    assert make_representable(doc, b'\\ud800') == 3
    assert doc == {"text": "a\ufffdb", "meta": {"agency": "x\ufffd"}, "t": [["\ufffd"]]}
    assert clean("a\U0010fffe\ufdd0b") == ("a\ufffd\ufffdb", 2)
    assert make_representable({"text": "clean"}, b'{"text": "clean"}') == 0


@WATCHDOG
def test_lone_surrogate_keeps_every_output(tmp_path: Path) -> None:
    _held("lone-surrogate", tmp_path)


def test_pack_and_config_text_must_be_representable(tmp_path: Path) -> None:
    from checker.files.tomlguard import loads

    for text in ('m = "x\\uFFFFy"\n', 'm = "x\\U0010FFFFy"\n', 'm = "x\uffffy"\n'):
        with pytest.raises(PackError, match="no output can hold"):
            loads(text, "p.toml")
    assert loads('m = "x\\u4e2dy"\n', "p.toml") == {"m": "x中y"}


def test_file_name_that_is_not_utf8_reaches_every_output(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from checker.cli.app import main

    name = tmp_path / os.fsdecode(b"r\xff.json")
    name.write_bytes(CLEAN.read_bytes())
    assert main(["check", str(name), "--format", "json", "-o", str(tmp_path / "o.json")]) == 0
    assert "U+FFFD" in capsys.readouterr().err
    assert "\ufffd" in (tmp_path / "o.json").read_text(encoding="utf-8")


def test_huge_integer_is_a_message_and_other_files_still_output(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from checker.cli.app import main

    bad = tmp_path / "bad.json"
    bad.write_text('{"x": ' + "1" * 5000 + "}", encoding="utf-8")
    assert main(["check", str(bad), str(SEED), "--format", "json", "--lang", "en"]) == 2
    out, err = capsys.readouterr()
    assert "4,300 digits" in err and len(json.loads(out)["reports"]) == 1


@WATCHDOG
def test_full_disk_and_dev_full(tmp_path: Path) -> None:
    _held("outputs-disk-full", tmp_path / "a")
    _held("stdout-dev-full", tmp_path / "b")


# -- 6. plugin code isolated ----------------------------------------------------------------
class _Grader:
    """A grading plugin that misbehaves as told."""

    def __init__(self, mode: str) -> None:
        self.mode = mode

    from checker.hookspecs import hookimpl

    @hookimpl(tryfirst=True)
    def checker_grade(self, result: Any, profile: Any, config: Any) -> Any:
        if self.mode == "raise":
            raise RuntimeError("grading failed")
        if self.mode == "exit":
            sys.exit(0)
        if self.mode == "osexit":
            os._exit(0)
        if self.mode == "sleep":
            time.sleep(30)
        return 42


@WATCHDOG
@pytest.mark.parametrize("mode, says", [("raise", "RuntimeError: grading failed"),
                                        ("exit", "SystemExit(0)"), ("osexit", "os._exit(0)"),
                                        ("sleep", "longer than 0.5 s"),
                                        ("wrong", "returned int, not a Grade")])
def test_grading_hook_failures_are_the_plugins_errors(mode: str, says: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import checker.engine.isolation as isolation
    from checker.api import Session

    monkeypatch.setattr(isolation, "HOOK_TIMEOUT", 0.5)
    session = Session({}, entry_points=False, extra_plugins=[_Grader(mode)])
    result = session.check(str(SEED))
    errors = [e for e in result.rule_errors if e.code == "PLUGIN"]
    assert errors and says in errors[0].error and errors[0].pack.startswith("_Grader")
    assert result.grade is not None and result.findings  # the rest was checked and graded
    again = session.check(str(CLEAN))
    assert len([e for e in again.rule_errors if e.code == "PLUGIN"]) == 1  # recorded once


def test_time_limit_cannot_be_swallowed() -> None:
    from checker.engine.run import RuleTimeout

    assert issubclass(RuleTimeout, BaseException) and not issubclass(RuleTimeout, Exception)


@WATCHDOG
@pytest.mark.parametrize("mode, says", [("rule-swallow", "defeated the time limit"),
                                        ("rule-late", "caught the time-limit exception"),
                                        ("rule-osexit", "os._exit(0)")])
def test_rules_that_defeat_the_limit_or_end_the_process(mode: str, says: str,
                                                        tmp_path: Path) -> None:
    """A rule swallowing the limit forever is ended by the backstop (exit 2, naming it); one
    that swallows it and returns, or calls os._exit, is a rule error (exit 2)."""
    (tmp_path / "gongkai.toml").write_text("rule_timeout = 0.5\n", encoding="utf-8")
    report = tmp_path / "r.json"
    report.write_bytes(SEED.read_bytes())
    run = SWEEP.gongkai(["check", str(report), "--format", "json", "--lang", "en"], tmp_path,
                        env=SWEEP.plugin_env(tmp_path, mode), timeout=60)
    assert run.rc == 2 and says in run.err + run.out and "Traceback" not in run.err, run.err
    assert "HOS001" in run.err + run.out
    assert run.seconds < 30


@pytest.mark.timeout(60, method="thread")
@pytest.mark.parametrize("mode, code, says", [("rule-exit", "HOS001", "SystemExit(0)"),
                                              ("rule-disarm", "ENGINE", "time limit")])
def test_rule_exiting_or_disarming_the_alarm(mode: str, code: str, says: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import signal as sig

    from checker.engine.run import run_rules
    from checker.engine.kinds import RunContext
    from checker.engine.packs import parse_pack
    from checker.report import Report

    sys.path.insert(0, str(ROOT / "fuzz" / "hostile"))
    try:
        import hostile_plugin
    finally:
        sys.path.remove(str(ROOT / "fuzz" / "hostile"))
    monkeypatch.setenv("GONGKAI_HOSTILE", mode)
    kinds = {"hostile": hostile_plugin.HOSTILE_KIND}
    pack = parse_pack((ROOT / "fuzz" / "hostile" / "hostile.toml").read_bytes(), "h.toml", kinds)
    report = Report(json.loads(SEED.read_text(encoding="utf-8")), str(SEED))
    _, _, errors = run_rules(report, pack.rules, kinds, RunContext(), timeout=5)
    assert [e.code for e in errors] == [code] and says in errors[0].error
    assert sig.getitimer(sig.ITIMER_REAL) == (0.0, 0.0)


def test_kind_compile_failure_names_file_and_key(tmp_path: Path) -> None:
    from checker.engine.kinds import CheckKind
    from checker.engine.packs import parse_pack

    def boom(options: dict[str, Any]) -> Any:
        raise ZeroDivisionError("kind bug")

    kind = CheckKind("boom", "s", {"type": "object"}, run=lambda *a: [], compile=boom)
    text = SWEEP.PACK_HEAD.format(id="b") + SWEEP.RULE.format(code="ZZZ001", name="z.b",
                                                              check="boom", extra="")
    with pytest.raises(PackError, match="ZeroDivisionError") as err:
        parse_pack(text.encode(), "b.toml", {"boom": kind})
    assert err.value.path == "b.toml" and err.value.where == "key rules.ZZZ001.with"


def test_missing_pack_path_is_recorded_and_the_rest_checked(tmp_path: Path) -> None:
    from checker.api import Session

    session = Session({"pack_dirs": [str(tmp_path / "nope.toml")]}, entry_points=False)
    result = session.check(str(SEED))
    assert any("does not exist" in e.error for e in result.rule_errors) and result.findings


# -- 7. concurrent writers ------------------------------------------------------------------
@WATCHDOG
def test_twenty_concurrent_review_sets_keep_twenty(tmp_path: Path) -> None:
    _held("twenty-review-set", tmp_path)


@WATCHDOG
def test_two_concurrent_fixes_lose_nothing(tmp_path: Path) -> None:
    _held("two-fix-runs", tmp_path)


def test_lock_refuses_a_read_only_place(tmp_path: Path) -> None:
    from checker.files.safeio import locked

    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="cannot lock"):
        with locked(tmp_path / "a-file" / "d.json"):  # no folder can be made there
            pass
    with locked(tmp_path / "d.json"):
        assert (tmp_path / ".d.json-lock").exists()


# -- 8. one bad sidecar is one row -----------------------------------------------------------
@WATCHDOG
def test_bad_sidecar_is_one_row_of_the_batch(tmp_path: Path) -> None:
    _held("sidecar-fifo", tmp_path)


# -- 9. -o refuses what is not a regular file ------------------------------------------------
def test_output_path_must_be_regular_or_new(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from checker.cli.app import main
    from checker.files.safeio import check_output_path

    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link.json"
    (tmp_path / "target.json").write_text("keep", encoding="utf-8")
    link.symlink_to(tmp_path / "target.json")
    for target in ("/dev/null", str(fifo), str(link)):
        assert main(["check", str(SEED), "--format", "json", "-o", target]) == 2
        assert "regular file" in capsys.readouterr().err
    assert fifo.is_fifo() and link.is_symlink() and Path("/dev/null").is_char_device()
    check_output_path(tmp_path / "new.json")
    with pytest.raises(UsageError, match="does not exist"):
        check_output_path(tmp_path / "no" / "new.json")
    assert main(["score", str(SEED), "--csv", str(fifo)]) == 2


# -- 10. rule codes unique across packs -------------------------------------------------------
def test_rule_code_clash_names_both_packs(tmp_path: Path) -> None:
    from checker.api import Session

    clash = ROOT / "fuzz" / "hostile" / "clash.toml"
    text = clash.read_text(encoding="utf-8").replace('check = "hostile"', 'check = "pattern"')
    pack = tmp_path / "clash.toml"
    pack.write_text(text + '\n[rules.TBL001.with]\npattern = "x"\n', encoding="utf-8")
    with pytest.raises(PackError, match="TBL001") as err:
        Session({"pack_dirs": [str(pack)]}, entry_points=False)
    assert "'clash'" in str(err.value) and "'table-identities'" in str(err.value)


# -- 11. decisions never leak between reports -----------------------------------------------
def test_reports_without_agency_do_not_share_fingerprints(tmp_path: Path) -> None:
    from checker.api import Session

    session = Session({}, entry_points=False)
    prints = []
    for name in ("first.json", "second.json"):
        doc = json.loads(SEED.read_text(encoding="utf-8"))
        doc["meta"]["agency"] = None  # two bodies whose names were not detected
        doc["meta"]["title"] = f"{name[:-5]} 2023年政府信息公开工作年度报告"
        path = tmp_path / name
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        prints.append({f.fingerprint for f in session.check(str(path)).findings})
    assert prints[0] and not prints[0] & prints[1]
    with_agency = {f.fingerprint for f in session.check(str(SEED)).findings}
    assert with_agency == {f.fingerprint for f in Session({}, entry_points=False)
                           .check(json.loads(SEED.read_text(encoding="utf-8"))).findings}


# -- 12. values and documents that are not what they claim ----------------------------------
def test_non_finite_values_refused_in_packs_and_profiles(tmp_path: Path) -> None:
    from checker.grading.score import load_profile

    held, what = SWEEP._nonfinite_pack(tmp_path)
    assert held, what
    text = (ROOT / "checker" / "profiles" / "default.toml").read_text(encoding="utf-8")
    profile = tmp_path / "p.toml"
    profile.write_text(text.replace("[profile]\n", "[profile]\ntotal = inf\n", 1),
                       encoding="utf-8")
    with pytest.raises(PackError, match="finite"):
        load_profile(profile)
    conf = tmp_path / "gongkai.toml"
    conf.write_text("rule_timeout = nan\n", encoding="utf-8")
    from checker.config.layers import load_config

    with pytest.raises(ConfigError, match="finite"):
        load_config(explicit=conf)


def test_random_bytes_in_any_container_are_refused() -> None:
    from checker.readers import normalise_bytes

    rng = __import__("random").Random(15)
    for suffix in (".html", ".txt", ".docx", ".pdf", ".json"):
        data = bytes(rng.getrandbits(8) for _ in range(20_000))
        with pytest.raises(GongkaiError):
            if suffix == ".json":
                from checker.api import normalise_bytes as api_normalise

                api_normalise(data, path="r" + suffix)
            else:
                normalise_bytes(data, path="r" + suffix)
