"""The hostile sweep: the promises of issue 15, each tried against the real command line.

Every case builds its hostile input in a fresh folder, runs ``python -m checker`` on it in a
subprocess (under a wall-clock limit and an address-space limit) and says ``held`` or
``broken`` with what it saw (exit code, seconds, peak memory, the first line of stderr)::

    python fuzz/hostile_sweep.py                 # every case (a few minutes)
    python fuzz/hostile_sweep.py --fast          # the quick ones (what the test suite runs)
    python fuzz/hostile_sweep.py -k fifo -k pdf  # cases whose name contains a word
    python fuzz/hostile_sweep.py --list

Exit code 0 when every case held, 1 otherwise. ``tests/test_hostile_world.py`` runs the fast
cases as the regression tests of the promises. The misbehaving plugin the plugin cases use is
``fuzz/hostile/hostile_plugin.py``, installed for the subprocess by :func:`plugin_env`.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "hostile"
SEED = ROOT / "fixtures" / "reports" / "seed-2023.json"
CLEAN = ROOT / "fixtures" / "reports" / "clean-2021.json"
SEED_TXT = ROOT / "fixtures" / "raw" / "seed-2023.txt"
MEMORY_CAP = 3 * 1024 ** 3  # address space of every run: 3 GB, as the checks ask


@dataclass
class Run:
    """What one command did."""

    rc: int
    out: str
    err: str
    seconds: float
    peak_mb: float
    timed_out: bool

    def first_err(self) -> str:
        lines = [line for line in self.err.splitlines() if line.strip()]
        return lines[0][:160] if lines else ""


@dataclass(frozen=True)
class Case:
    """One hostile case: ``check(work)`` returns (held, what was seen)."""

    name: str
    promise: int
    check: Callable[[Path], tuple[bool, str]]
    fast: bool = True


def plugin_env(work: Path, mode: str = "", on: str = "", **extra: str) -> dict[str, str]:
    """Environment that installs the hostile plugin (an entry point found on PYTHONPATH)."""
    site = work / "_plugin"
    dist = site / "hostileplug-0.dist-info"
    if not dist.exists():
        dist.mkdir(parents=True)
        (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: hostileplug\nVersion: 0\n",
                                       encoding="utf-8")
        (dist / "entry_points.txt").write_text("[gongkai]\nhostile = hostile_plugin\n",
                                               encoding="utf-8")
    env = base_env(work)
    env["PYTHONPATH"] = os.pathsep.join([str(HOSTILE), str(site), str(ROOT)])
    env["GONGKAI_HOSTILE"] = mode
    env["GONGKAI_HOSTILE_ON"] = on
    env.update(extra)
    return env


def base_env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env["PYTHONPATH"] = str(ROOT)
    env["GONGKAI_NO_CACHE"] = "1"
    env["HOME"] = str(work)
    env["PYTHONNOUSERSITE"] = "1"
    return env


def gongkai(args: list[str], work: Path, *, env: dict[str, str] | None = None,
            timeout: float = 60, stdout: int | None = None, fsize: int | None = None) -> Run:
    """``python -m checker ARGS`` in ``work``: wall-clock limit, 3 GB address space, peak RSS."""
    def limits() -> None:
        os.setsid()
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
        if fsize is not None:  # a "full disk": writes past fsize bytes fail with EFBIG
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "checker", *args], cwd=work,
                            env=env or base_env(work), stdin=subprocess.DEVNULL,
                            stdout=stdout if stdout is not None else subprocess.PIPE,
                            stderr=subprocess.PIPE, preexec_fn=limits)
    timed_out = threading.Event()

    def kill() -> None:
        timed_out.set()
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass

    timer = threading.Timer(timeout, kill)
    timer.start()
    chunks: dict[str, bytes] = {}

    def drain(name: str, stream: io.BufferedReader | None) -> None:
        if stream is not None:
            with stream:
                chunks[name] = stream.read()

    readers = [threading.Thread(target=drain, args=("out", proc.stdout)),
               threading.Thread(target=drain, args=("err", proc.stderr))]
    for r in readers:
        r.start()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    timer.cancel()
    if not timed_out.is_set():  # leftover workers of a clean run end with their parent
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
    for r in readers:
        r.join(10)
    return Run(proc.returncode, chunks.get("out", b"").decode("utf-8", "replace"),
               chunks.get("err", b"").decode("utf-8", "replace"), time.monotonic() - start,
               usage.ru_maxrss / 1024, timed_out.is_set())


def seen(run: Run) -> str:
    return (f"exit {run.rc}{' (killed at the time limit)' if run.timed_out else ''}, "
            f"{run.seconds:.1f} s, {run.peak_mb:.0f} MB; {run.first_err()}")


def refused(run: Run, *words: str, seconds: float = 30, mb: float = 1500) -> bool:
    """Exit 2 with a message (no traceback) mentioning ``words``, in time and memory."""
    text = run.err + run.out
    return (run.rc == 2 and not run.timed_out and "Traceback" not in run.err
            and run.seconds < seconds and run.peak_mb < mb
            and all(w.lower() in text.lower() for w in words))


def batch_dir(work: Path, names: tuple[str, ...] = ("a.json", "b.json", "c.json")) -> Path:
    d = work / "batch"
    d.mkdir(exist_ok=True)
    for i, name in enumerate(names):
        (d / name).write_bytes((SEED if i % 2 == 0 else CLEAN).read_bytes())
    return d


def csv_rows(path: Path) -> list[str]:
    """The data rows of a score sheet, each joined back into one string."""
    import csv

    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [",".join(row) for row in list(csv.reader(fh))[1:] if row]


# -- 1. worker supervision ----------------------------------------------------------------
def _dead_worker(mode: str, jobs: str) -> Callable[[Path], tuple[bool, str]]:
    def check(work: Path) -> tuple[bool, str]:
        d = batch_dir(work)
        out = work / "out.csv"
        run = gongkai(["score", str(d), "--jobs", jobs, "--csv", str(out), "--lang", "en"], work,
                      env=plugin_env(work, mode, on="b.json"), timeout=90)
        rows = csv_rows(out) if out.exists() else []
        ok = (run.rc == 2 and not run.timed_out and len(rows) == 3
              and any(r.startswith(str(d / "b.json")) and "worker" in r for r in rows))
        return ok, seen(run) + f"; {len(rows)} rows"
    return check


# -- 2. special files ---------------------------------------------------------------------
def _fifo(work: Path, name: str) -> Path:
    p = work / name
    p.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(p)
    return p


def case_fifo_report(work: Path) -> tuple[bool, str]:
    run = gongkai(["check", str(_fifo(work, "r.txt"))], work, timeout=20)
    return refused(run, "not a regular file", seconds=10), seen(run)


def case_fifo_in_batch(work: Path) -> tuple[bool, str]:
    d = batch_dir(work)
    _fifo(d, "pipe.txt")
    out = work / "out.csv"
    run = gongkai(["score", str(d), "--jobs", "2", "--csv", str(out), "--lang", "en"], work,
                  timeout=60)
    rows = csv_rows(out) if out.exists() else []
    ok = not run.timed_out and len(rows) == 4 and any("regular file" in r for r in rows)
    return ok, seen(run) + f"; {len(rows)} rows"


def case_fifo_pack(work: Path) -> tuple[bool, str]:
    run = gongkai(["check", str(SEED), "--pack-dir", str(_fifo(work, "p.toml"))], work, timeout=20)
    return refused(run, "regular file", seconds=10), seen(run)


def case_fifo_in_pack_dir(work: Path) -> tuple[bool, str]:
    _fifo(work / "packs", "p.toml")
    run = gongkai(["check", str(SEED), "--pack-dir", str(work / "packs")], work, timeout=20)
    return refused(run, "regular file", seconds=10), seen(run)


def case_fifo_sidecar(work: Path) -> tuple[bool, str]:
    d = batch_dir(work)
    _fifo(d, "gongkai-suppressions.toml")
    run = gongkai(["check", str(d / "a.json")], work, timeout=20)
    return refused(run, "regular file", seconds=10), seen(run)


def case_dev_zero_report(work: Path) -> tuple[bool, str]:
    run = gongkai(["check", "/dev/zero"], work, timeout=20)
    return refused(run, "character device", seconds=10, mb=300), seen(run)


def case_symlink_urandom(work: Path) -> tuple[bool, str]:
    link = work / "r.json"
    link.symlink_to("/dev/urandom")
    run = gongkai(["check", str(link)], work, timeout=20)
    return refused(run, "character device", seconds=10, mb=300), seen(run)


def case_dev_zero_pack(work: Path) -> tuple[bool, str]:
    run = gongkai(["validate-pack", "/dev/zero"], work, timeout=20)
    return refused(run, "character device", seconds=10, mb=300), seen(run)


def case_sparse_pack(work: Path) -> tuple[bool, str]:
    pack = work / "sparse.toml"
    with open(pack, "wb") as fh:
        fh.truncate(8 * 1024 ** 3)
    run = gongkai(["check", str(SEED), "--pack-dir", str(pack)], work, timeout=20)
    return refused(run, "too large", seconds=10, mb=300), seen(run)


# -- 3. documents inside the size limits --------------------------------------------------
def docx_bomb(xml_mb: int) -> bytes:
    """A DOCX whose document.xml inflates to ``xml_mb`` MB (about 60:1 compression)."""
    para = "<w:p><w:r><w:t>政府信息公开工作年度报告 2023 12 34 56</w:t></w:r></w:p>"
    body = para * (xml_mb * 1024 * 1024 // len(para.encode()))
    xml = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
           'openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body
           + "</w:body></w:document>").encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def _docx_case(xml_mb: int) -> Callable[[Path], tuple[bool, str]]:
    def check(work: Path) -> tuple[bool, str]:
        p = work / "bomb.docx"
        p.write_bytes(docx_bomb(xml_mb))
        run = gongkai(["check", str(p)], work, timeout=90)
        return refused(run, "docx", seconds=30, mb=1200), seen(run) + f"; {p.stat().st_size} B"
    return check


def _pdf(content: bytes, mediabox: str = "0 0 595 842", compress: bool = False,
         pages: int = 1) -> bytes:
    """A minimal PDF of ``pages`` pages sharing one content stream."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()]
    content_id, font_id = 3 + pages, 4 + pages
    for _ in range(pages):
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [{mediabox}] /Contents {content_id} "
                    f"0 R /Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode())
    data = zlib.compress(content, 9) if compress else content
    flate = b" /Filter /FlateDecode" if compress else b""
    head = b"<< /Length %d%s >>\nstream\n" % (len(data), flate)
    objs.append(head + data + b"\nendstream")
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def case_pdf_huge_page(work: Path) -> tuple[bool, str]:
    side = 200_000
    text = b"".join(b"BT /F1 12 Tf %d %d Td (12 34 56 78) Tj ET " % (x, y)
                    for x in (10, side // 2, side - 200) for y in (10, side // 2, side - 200))
    p = work / "huge.pdf"
    p.write_bytes(_pdf(text + b"0 0 %d %d re S" % (side, side), f"0 0 {side} {side}"))
    run = gongkai(["check", str(p)], work, timeout=90)
    return refused(run, "pdf", seconds=60, mb=3000), seen(run) + f"; {p.stat().st_size} B"


def case_pdf_ruled_grid(work: Path) -> tuple[bool, str]:
    n = 100
    lines = b"\n".join(b"%d 0 m %d 842 l S 0 %d m 595 %d l S" % (i * 595 // n, i * 595 // n,
                                                              i * 842 // n, i * 842 // n)
                       for i in range(n))
    p = work / "grid.pdf"
    p.write_bytes(_pdf(lines + b" BT /F1 8 Tf 100 100 Td (12 34 56) Tj ET", compress=True,
                       pages=30))
    run = gongkai(["check", str(p)], work, timeout=120)
    ok = run.rc in (0, 1, 2) and not run.timed_out and run.seconds < 60 and run.peak_mb < 3000 \
        and "Traceback" not in run.err
    return ok, seen(run) + f"; {p.stat().st_size} B"


def _pdf_stream_case(mb: int) -> Callable[[Path], tuple[bool, str]]:
    def check(work: Path) -> tuple[bool, str]:
        p = work / "stream.pdf"
        body = b"BT /F1 12 Tf 10 10 Td (12 34 56) Tj ET\n" + b" " * (mb * 1024 * 1024)
        p.write_bytes(_pdf(body, compress=True))
        del body  # a forked child's peak memory would count the sweep's own copy
        run = gongkai(["check", str(p)], work, timeout=90)
        return (refused(run, "pdf", seconds=30, mb=800),
                seen(run) + f"; {p.stat().st_size} B")
    return check


def case_html_nested_chrome(work: Path) -> tuple[bool, str]:
    p = work / "deep.html"
    p.write_text("<html><body>" + "<nav><header>" * 80_000 + "政府信息公开"
                 + "</header></nav>" * 80_000 + "</body></html>", encoding="utf-8")
    run = gongkai(["check", str(p)], work, timeout=90)
    return refused(run, "nest", seconds=20), seen(run)


# -- 4. packs -----------------------------------------------------------------------------
PACK_HEAD = '[pack]\nid = "{id}"\ntitle = "hostile"\nversion = "1"\n'
RULE = ('\n[rules.{code}]\nname = "{name}"\nsummary = "s"\nseverity = "warning"\n'
        'category = "content"\ncheck = "{check}"\nmessage = "m"\nmessage_en = "m"\ndoc = "d"\n'
        '{extra}')


def _pack(work: Path, body: str, name: str = "p.toml", pid: str = "hostile") -> Path:
    p = work / name
    p.write_text(PACK_HEAD.format(id=pid) + body, encoding="utf-8")
    return p


def case_identity_rows_cols(work: Path) -> tuple[bool, str]:
    rows = json.dumps([f"r{i}" for i in range(3000)])
    extra = f'[rules.ZZZ001.with]\nexpr = "t3.{{row}}.{{col}} == 0"\nrows = {rows}\ncols = {rows}\n'
    p = _pack(work, RULE.format(code="ZZZ001", name="h.rc", check="identity", extra=extra))
    run = gongkai(["validate-pack", str(p)], work, timeout=60)
    return refused(run, "limit", seconds=20, mb=800), seen(run)


def _dotted(n: int) -> str:
    return "a" + ".a" * n + " = 1\n"


def case_dotted_keys_pack(work: Path) -> tuple[bool, str]:
    p = work / "p.toml"
    p.write_text(_dotted(50_000), encoding="utf-8")
    run = gongkai(["validate-pack", str(p)], work, timeout=60)
    return refused(run, "nested too deeply", seconds=10, mb=400), seen(run)


def case_dotted_keys_decisions(work: Path) -> tuple[bool, str]:
    d = batch_dir(work)
    (work / "dec.toml").write_text(_dotted(50_000), encoding="utf-8")
    run = gongkai(["score", str(d), "--decisions", str(work / "dec.toml")], work, timeout=60)
    return refused(run, "nested too deeply", seconds=20, mb=400), seen(run)


def case_dotted_keys_sidecar(work: Path) -> tuple[bool, str]:
    d = batch_dir(work)
    (d / "gongkai-suppressions.toml").write_text(_dotted(50_000), encoding="utf-8")
    run = gongkai(["check", str(d / "a.json")], work, timeout=60)
    return refused(run, "nested too deeply", seconds=20, mb=400), seen(run)


def case_dotted_keys_config(work: Path) -> tuple[bool, str]:
    (work / "gongkai.toml").write_text(_dotted(50_000), encoding="utf-8")
    report = work / "r.json"
    report.write_bytes(SEED.read_bytes())
    run = gongkai(["check", str(report)], work, timeout=60)
    return refused(run, "nested too deeply", seconds=20, mb=400), seen(run)


def _regex_case(pattern: str) -> Callable[[Path], tuple[bool, str]]:
    def check(work: Path) -> tuple[bool, str]:
        extra = f"[rules.ZZZ001.with]\npattern = {json.dumps(pattern)}\n"
        p = _pack(work, RULE.format(code="ZZZ001", name="h.re", check="pattern", extra=extra))
        run = gongkai(["validate-pack", str(p)], work, timeout=60)
        return refused(run, "expand", seconds=20, mb=800), seen(run)
    return check


def _many_rules(work: Path, packs: int) -> Path:
    d = work / "packs"
    d.mkdir()
    for k in range(packs):
        body = "".join(RULE.format(code=f"Z{k:03d}{i:03d}", name=f"z{k}.r{i}", check="pattern",
                                   extra=f'[rules.Z{k:03d}{i:03d}.with]\npattern = "x{i}y"\n')
                       for i in range(500))
        (d / f"p{k:03d}.toml").write_text(PACK_HEAD.format(id=f"z{k}") + body, encoding="utf-8")
    return d


def _many_rules_case(packs: int) -> Callable[[Path], tuple[bool, str]]:
    def check(work: Path) -> tuple[bool, str]:
        d = _many_rules(work, packs)
        run = gongkai(["check", str(SEED), "--pack-dir", str(d)], work, timeout=90)
        return refused(run, "rules", seconds=60, mb=3000), seen(run)
    return check


def case_rule_limit_message(work: Path) -> tuple[bool, str]:
    body = "".join(RULE.format(code=f"Z{i:04d}", name=f"z.r{i}", check="pattern",
                               extra=f'[rules.Z{i:04d}.with]\npattern = "x{i}y"\n')
                   for i in range(501))
    p = _pack(work, body)
    run = gongkai(["validate-pack", str(p)], work, timeout=60)
    return refused(run, "500") and len(run.err) < 2000, seen(run) + f"; stderr {len(run.err)} B"


# -- 5. messages, not tracebacks; outputs kept ----------------------------------------------
def case_big_integer(work: Path) -> tuple[bool, str]:
    bad = work / "bad.json"
    bad.write_text('{"schema": "gongkai.report/1", "x": ' + "1" * 5000 + "}", encoding="utf-8")
    run = gongkai(["check", str(bad), str(SEED), "--format", "json"], work, timeout=60)
    try:
        reports = json.loads(run.out)["reports"]
    except (ValueError, KeyError):
        reports = []
    return refused(run, "4,300 digits") and len(reports) == 1, seen(run)


def _bad_char_batch(work: Path, char: str) -> Path:
    d = batch_dir(work)
    doc = json.loads(SEED.read_text(encoding="utf-8"))
    doc["text"] = doc["text"].replace("政府信息公开", "政府信息" + char + "公开", 1)
    doc["meta"]["agency"] = (doc["meta"].get("agency") or "") + char
    (d / "b.json").write_text(json.dumps(doc, ensure_ascii=True), encoding="utf-8")
    return d


def _bad_char_case(char: str) -> Callable[[Path], tuple[bool, str]]:
    def check(work: Path) -> tuple[bool, str]:
        import xml.etree.ElementTree as ET

        d = _bad_char_batch(work, char)
        outs = [work / "o.csv", work / "o.xlsx", work / "o.html"]
        run = gongkai(["score", str(d), "--jobs", "1", "--csv", str(outs[0]),
                       "--xlsx", str(outs[1]), "--html", str(outs[2])], work, timeout=90)
        junit = gongkai(["check", str(d / "b.json"), "--format", "junit"], work, timeout=60)
        try:
            ET.fromstring(junit.out.encode("utf-8"))
            well_formed = True
        except ET.ParseError:
            well_formed = False
        ok = (all(o.exists() for o in outs) and "U+FFFD" in run.err and well_formed
              and "Traceback" not in run.err + junit.err)
        return ok, seen(run) + f"; junit well-formed: {well_formed}"
    return check


def case_undecodable_file_name(work: Path) -> tuple[bool, str]:
    d = work / "batch"
    d.mkdir()
    name = os.fsdecode(b"r\xff.json")  # not UTF-8: a lone surrogate in Python's str
    (d / name).write_bytes(CLEAN.read_bytes())
    outs = [work / "o.csv", work / "o.xlsx", work / "o.html"]
    run = gongkai(["score", str(d), "--csv", str(outs[0]), "--xlsx", str(outs[1]),
                   "--html", str(outs[2])], work, timeout=60)
    check = gongkai(["check", str(d / name), "--format", "json", "-o", str(work / "o.json")],
                    work, timeout=60)
    ok = (all(o.exists() for o in outs) and (work / "o.json").exists()
          and "Traceback" not in run.err + check.err and "U+FFFD" in check.err)
    return ok, seen(run) + f"; check: {seen(check)}"


def case_stdout_full(work: Path) -> tuple[bool, str]:
    with open("/dev/full", "wb") as full:
        run = gongkai(["check", str(SEED), "--format", "json"], work, timeout=60,
                      stdout=full.fileno())
    return refused(run, "cannot write"), seen(run)


def case_outputs_disk_full(work: Path) -> tuple[bool, str]:
    d = batch_dir(work)
    outs = [work / "o.csv", work / "o.xlsx", work / "o.html"]
    run = gongkai(["score", str(d), "--jobs", "1", "--csv", str(outs[0]), "--xlsx", str(outs[1]),
                   "--html", str(outs[2])], work, timeout=60, fsize=4096)
    ok = run.rc == 2 and outs[0].exists() and "Traceback" not in run.err and "o.html" in run.err
    return ok, seen(run) + f"; written: {[o.name for o in outs if o.exists()]}"


def case_fix_disk_full(work: Path) -> tuple[bool, str]:
    big, small = work / "big.txt", work / "small.txt"
    text = SEED_TXT.read_text(encoding="utf-8").replace("〔", "[", 1)
    big.write_text(text * 3, encoding="utf-8")
    small.write_text("第一条 见鲁政办发[2023]1号。\n", encoding="utf-8")
    run = gongkai(["fix", str(big), str(small), "--no-backup"], work, timeout=60, fsize=8192)
    ok = (run.rc == 2 and "Traceback" not in run.err and "〔2023〕" in small.read_text("utf-8"))
    return ok, seen(run)


# -- 6. plugins ---------------------------------------------------------------------------
def _plugin_case(mode: str, *words: str, seconds: float = 30,
                 config: str = "") -> Callable[[Path], tuple[bool, str]]:
    def check(work: Path) -> tuple[bool, str]:
        report = work / "r.json"
        report.write_bytes(SEED.read_bytes())
        if config:
            (work / "gongkai.toml").write_text(config, encoding="utf-8")
        run = gongkai(["check", str(report), "--format", "json", "--lang", "en"], work,
                      env=plugin_env(work, mode), timeout=120)
        return refused(run, *words, seconds=seconds), seen(run)
    return check


def case_plugin_late_finding(work: Path) -> tuple[bool, str]:
    report = work / "r.json"
    report.write_bytes(SEED.read_bytes())
    (work / "gongkai.toml").write_text("rule_timeout = 1\n", encoding="utf-8")
    run = gongkai(["check", str(report), "--format", "json"], work,
                  env=plugin_env(work, "rule-late"), timeout=60)
    try:
        rep = json.loads(run.out)["reports"][0]
    except (ValueError, KeyError, IndexError):
        return False, seen(run)
    codes = {f["code"] for f in rep["findings"]}
    errors = {e["code"] for e in rep["rule_errors"]}
    return run.rc == 2 and "HOS001" in errors and "HOS001" not in codes, seen(run)


def case_kinds_hook_raises(work: Path) -> tuple[bool, str]:
    report = work / "r.json"
    report.write_bytes(SEED.read_bytes())
    run = gongkai(["check", str(report), "--format", "json"], work,
                  env=plugin_env(work, "kinds-raise"), timeout=60)
    try:
        rep = json.loads(run.out)["reports"][0]
    except (ValueError, KeyError, IndexError):
        return False, seen(run)
    named = any(e["pack"] == "hostile" for e in rep["rule_errors"])
    return run.rc == 2 and named and len(rep["findings"]) > 0, seen(run)


def case_missing_pack_path(work: Path) -> tuple[bool, str]:
    report = work / "r.json"
    report.write_bytes(SEED.read_bytes())
    run = gongkai(["check", str(report), "--format", "json"], work,
                  env=plugin_env(work, "packs-missing"), timeout=60)
    try:
        rep = json.loads(run.out)["reports"][0]
    except (ValueError, KeyError, IndexError):
        return False, seen(run)
    named = any("no-such-pack" in e["pack"] for e in rep["rule_errors"])
    return run.rc == 2 and named and len(rep["findings"]) > 0, seen(run)


# -- 7. concurrent writers ----------------------------------------------------------------
def case_concurrent_review(work: Path) -> tuple[bool, str]:
    env = base_env(work)
    procs = [subprocess.Popen([sys.executable, "-m", "checker", "review", "set",
                               f"{i:02d}" + "a" * 14, "--dismiss", "--reason", "r",
                               "--decisions", "d.json"], cwd=work,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for i in range(20)]
    codes = [p.wait(120) for p in procs]
    kept = len(json.loads((work / "d.json").read_text(encoding="utf-8")))
    return kept == 20 and codes == [0] * 20, f"{kept} of 20 decisions kept; exit codes {set(codes)}"


def case_concurrent_fix(work: Path) -> tuple[bool, str]:
    target = work / "r.txt"
    original = SEED_TXT.read_text(encoding="utf-8").replace("〔", "[").replace("〕", "]")
    target.write_text(original, encoding="utf-8")
    single = work / "single.txt"
    single.write_text(original, encoding="utf-8")
    gongkai(["fix", str(single), "--no-backup"], work)
    env = base_env(work)
    procs = [subprocess.Popen([sys.executable, "-m", "checker", "fix", str(target)], cwd=work,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for _ in range(2)]
    codes = [p.wait(120) for p in procs]
    same = target.read_text(encoding="utf-8") == single.read_text(encoding="utf-8")
    backup = (work / "r.txt.orig").read_text(encoding="utf-8") == original
    return same and backup and codes == [0, 0], f"exit codes {codes}; fixed as one run: {same}"


# -- 8. sidecars in a batch ------------------------------------------------------------------
def _sidecar_case(content: bytes | None) -> Callable[[Path], tuple[bool, str]]:
    def check(work: Path) -> tuple[bool, str]:
        d = batch_dir(work)
        sub = d / "sub"
        sub.mkdir()
        (sub / "x.json").write_bytes(SEED.read_bytes())
        if content is None:
            os.mkfifo(sub / "gongkai-suppressions.toml")
        else:
            (sub / "gongkai-suppressions.toml").write_bytes(content)
        out = work / "o.csv"
        run = gongkai(["score", str(d), "--jobs", "2", "--csv", str(out)], work, timeout=60)
        rows = csv_rows(out) if out.exists() else []
        reports = [r for r in rows if r.split(",")[0].endswith(".json")]
        others = [r for r in reports if "x.json" not in r]
        ours = [r for r in reports if "x.json" in r]
        ok = (not run.timed_out and "Traceback" not in run.err and len(others) == 3
              and all(",," not in r[:40] for r in others)  # scored: agency and year present
              and len(ours) == 1 and "gongkai-suppressions.toml" in ours[0])
        return ok, seen(run) + f"; {len(rows)} rows, {len(reports)} of reports"
    return check


# -- 9. -o --------------------------------------------------------------------------------
def case_output_special(work: Path) -> tuple[bool, str]:
    fifo = _fifo(work, "out.fifo")
    link = work / "link.json"
    (work / "target.json").write_text("keep", encoding="utf-8")
    link.symlink_to(work / "target.json")
    results = []
    for target in ("/dev/null", str(fifo), str(link)):
        run = gongkai(["check", str(SEED), "--format", "json", "-o", target], work, timeout=30)
        results.append(refused(run, "regular file", seconds=20))
    intact = (Path("/dev/null").is_char_device() and fifo.is_fifo() and link.is_symlink()
              and (work / "target.json").read_text(encoding="utf-8") == "keep")
    return all(results) and intact, f"refused: {results}; untouched: {intact}"


# -- 10.–12. packs, fingerprints, values ------------------------------------------------------
def case_code_clash(work: Path) -> tuple[bool, str]:
    run = gongkai(["check", str(SEED)], work, env=plugin_env(work, "code-clash"), timeout=60)
    return refused(run, "TBL001", "clash", "table-identities"), seen(run)


def case_fingerprints_without_agency(work: Path) -> tuple[bool, str]:
    prints = []
    for name in ("first.json", "second.json"):
        doc = json.loads(SEED.read_text(encoding="utf-8"))
        doc["meta"]["agency"] = None  # two bodies whose names were not detected
        doc["meta"]["title"] = f"{name[:-5]} 2023年政府信息公开工作年度报告"
        (work / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        run = gongkai(["check", str(work / name), "--format", "json"], work, timeout=60)
        try:
            prints.append({f["fingerprint"] for f in json.loads(run.out)["reports"][0]["findings"]})
        except (ValueError, KeyError, IndexError):
            return False, seen(run)
    shared = prints[0] & prints[1]
    return bool(prints[0]) and not shared, f"{len(shared)} fingerprints shared"


def _nonfinite_pack(work: Path) -> tuple[bool, str]:
    extra = '[rules.ZZZ001.with]\npattern = "x"\n'
    p = _pack(work, RULE.format(code="ZZZ001", name="h.nan", check="pattern", extra=extra)
              .replace('doc = "d"\n', 'doc = "d"\ndeduction = nan\n'))
    run = gongkai(["validate-pack", str(p)], work, timeout=30)
    return refused(run, "nan", "finite"), seen(run)


def _infinite_profile(work: Path) -> tuple[bool, str]:
    text = (ROOT / "checker" / "profiles" / "default.toml").read_text(encoding="utf-8")
    p = work / "profile.toml"
    p.write_text(text.replace("[profile]\n", "[profile]\ntotal = inf\n", 1), encoding="utf-8")
    run = gongkai(["check", str(SEED), "--profile", str(p)], work, timeout=30)
    return refused(run, "inf", "finite"), seen(run)


def case_random_html(work: Path) -> tuple[bool, str]:
    p = work / "r.html"
    p.write_bytes(os.urandom(40_000))
    run = gongkai(["check", str(p)], work, timeout=30)
    return refused(run, "does not look like"), seen(run)


def case_long_expression(work: Path) -> tuple[bool, str]:
    expr = "t3.r7.nat==" + "+".join(["1"] * 990)
    extra = f'[rules.ZZZ001.with]\nexpr = "{expr}"\n'
    p = _pack(work, RULE.format(code="ZZZ001", name="h.expr", check="identity", extra=extra))
    run = gongkai(["validate-pack", str(p)], work, timeout=30)
    return run.rc == 0, seen(run)


CASES: list[Case] = [
    Case("dead-worker-os-exit-jobs2", 1, _dead_worker("grade-osexit", "2")),
    Case("dead-worker-os-exit-jobs1", 1, _dead_worker("grade-osexit", "1")),
    Case("dead-worker-sigkill", 1, _dead_worker("grade-kill", "2")),
    Case("fifo-report", 2, case_fifo_report),
    Case("fifo-in-batch-folder", 2, case_fifo_in_batch),
    Case("fifo-pack", 2, case_fifo_pack),
    Case("fifo-in-pack-folder", 2, case_fifo_in_pack_dir),
    Case("fifo-suppressions-sidecar", 2, case_fifo_sidecar),
    Case("dev-zero-report", 2, case_dev_zero_report),
    Case("symlink-to-dev-urandom", 2, case_symlink_urandom),
    Case("dev-zero-pack", 2, case_dev_zero_pack),
    Case("sparse-8gb-pack", 2, case_sparse_pack),
    Case("docx-xml-40mb", 3, _docx_case(40)),
    Case("docx-xml-190mb", 3, _docx_case(190), fast=False),
    Case("pdf-huge-page", 3, case_pdf_huge_page),
    Case("pdf-ruled-grid", 3, case_pdf_ruled_grid, fast=False),
    Case("pdf-content-300mb", 3, _pdf_stream_case(300), fast=False),
    Case("pdf-content-1gb", 3, _pdf_stream_case(1024), fast=False),
    Case("html-160k-nested-chrome", 3, case_html_nested_chrome),
    Case("identity-rows-x-cols", 4, case_identity_rows_cols),
    Case("dotted-keys-pack", 4, case_dotted_keys_pack),
    Case("dotted-keys-decisions", 4, case_dotted_keys_decisions),
    Case("dotted-keys-sidecar", 4, case_dotted_keys_sidecar),
    Case("dotted-keys-config", 4, case_dotted_keys_config),
    Case("regex-verbose-quantifier", 4, _regex_case("(?x)(?:(?:a {1000}) {1000}) {1000}")),
    Case("regex-200-in-sequence", 4, _regex_case("(?:(?:a{300}){300})" * 200)),
    Case("rules-11-packs", 4, _many_rules_case(11)),
    Case("rules-100000", 4, _many_rules_case(200), fast=False),
    Case("rule-limit-message", 4, case_rule_limit_message),
    Case("integer-5000-digits", 5, case_big_integer),
    Case("lone-surrogate", 5, _bad_char_case("\ud800")),
    Case("non-character-ffff", 5, _bad_char_case("\uffff")),
    Case("undecodable-file-name", 5, case_undecodable_file_name),
    Case("stdout-dev-full", 5, case_stdout_full),
    Case("outputs-disk-full", 5, case_outputs_disk_full),
    Case("fix-disk-full", 5, case_fix_disk_full),
    Case("grade-raises", 6, _plugin_case("grade-raise", "hostile", "grading failed")),
    Case("grade-sys-exit", 6, _plugin_case("grade-exit", "hostile", "SystemExit")),
    Case("grade-sleeps", 6, _plugin_case("grade-sleep", "hostile", "longer than", seconds=30)),
    Case("grade-wrong-type", 6, _plugin_case("grade-wrong", "hostile", "not a Grade")),
    Case("rule-sys-exit", 6, _plugin_case("rule-exit", "HOS001", "SystemExit")),
    Case("rule-os-exit", 6, _plugin_case("rule-osexit", "HOS001", "os._exit")),
    Case("rule-swallows-limit", 6, _plugin_case("rule-swallow", "HOS001", "defeated",
                                                 seconds=20, config="rule_timeout = 1\n")),
    Case("rule-ignores-sigalrm", 6, _plugin_case("rule-ignore", "HOS001", "defeated",
                                                  seconds=20, config="rule_timeout = 1\n")),
    Case("rule-blocks-sigalrm", 6, _plugin_case("rule-block", "HOS001", "defeated",
                                                 seconds=20, config="rule_timeout = 1\n")),
    Case("rule-disarms-timer", 6, _plugin_case("rule-disarm", "time limit")),
    Case("rule-late-finding", 6, case_plugin_late_finding),
    Case("kinds-hook-raises", 6, case_kinds_hook_raises),
    Case("missing-pack-path", 6, case_missing_pack_path),
    Case("twenty-review-set", 7, case_concurrent_review),
    Case("two-fix-runs", 7, case_concurrent_fix),
    Case("sidecar-malformed", 8, _sidecar_case(b"[[[ not toml")),
    Case("sidecar-oversized", 8, _sidecar_case(b"# " + b"x" * 1_100_000 + b"\n")),
    Case("sidecar-fifo", 8, _sidecar_case(None)),
    Case("output-special-files", 9, case_output_special),
    Case("rule-code-clash", 10, case_code_clash),
    Case("fingerprints-without-agency", 11, case_fingerprints_without_agency),
    Case("nan-deduction", 12, _nonfinite_pack),
    Case("inf-profile-total", 12, _infinite_profile),
    Case("random-bytes-html", 12, case_random_html),
    Case("expression-990-terms", 12, case_long_expression),
]


def run_case(case: Case, base: Path) -> tuple[bool, str]:
    work = base / case.name
    work.mkdir(parents=True, exist_ok=True)
    try:
        return case.check(work)
    except Exception as exc:  # noqa: BLE001 - the sweep itself must report, not crash
        return False, f"sweep error: {type(exc).__name__}: {exc}"


def main(argv: list[str] | None = None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fast", action="store_true", help="only the quick cases")
    parser.add_argument("-k", action="append", default=[], metavar="WORD",
                        help="only cases whose name contains WORD (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    args = parser.parse_args(argv)
    cases = [c for c in CASES if (c.fast or not args.fast)
             and (not args.k or any(k in c.name for k in args.k))]
    if args.list:
        for c in cases:
            print(f"{c.promise:>2}  {c.name}{'' if c.fast else '  (slow)'}")
        return 0
    broken = 0
    with tempfile.TemporaryDirectory(prefix="gongkai-sweep-") as tmp:
        for c in cases:
            held, what = run_case(c, Path(tmp))
            broken += not held
            print(f"{'held  ' if held else 'BROKEN'}  {c.promise:>2}  {c.name:<32} {what}",
                  flush=True)
    print(f"\n{len(cases) - broken} held, {broken} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
