"""Benchmark: reading PDFs, against PDFium's own plain-text extraction of the same file.

For each PDF, in one process and alternating the two so that both see the same machine load:

* ``pdfium text`` -- ``pdfium.PdfDocument(data)`` and ``page.get_textpage().get_text_range()``
  for every page: the floor, what the PDF engine itself takes to get the text out;
* ``normalise`` -- ``checker.readers.normalise_bytes(data)``: gongkai reading the PDF
  (characters with boxes, ruling lines, tables, running headers) and normalising the report;

and prints the best time of each and their ratio (target: normalise <= 4 x pdfium text).

With no ``--file`` the PDF is a generated report (fpdf2 and a CJK font: set GONGKAI_CJK_FONT or
install one, Debian ``apt-get install -y fonts-wqy-microhei``) of ``--pages`` pages, each with a
running header, a ``- n -`` page number, wrapped prose and a ruled table with merged cells
(denser than a real report); its render time is also checked against the 1 s budget.

    python benchmarks/bench_pdf.py [--pages 30] [--repeat 3] [--check]
    python benchmarks/bench_pdf.py --file ../shared/corpus/real2/js-018.pdf --repeat 20 --check
    python benchmarks/bench_pdf.py --file report.pdf --repeat 30 --clock cpu
"""
from __future__ import annotations

import argparse
import glob
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.readers.pdf.read import render

TARGET_SECONDS = 1.0
TARGET_RATIO = 4.0
PROSE = ("2023年，本机关坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《中华人民共和国"
         "政府信息公开条例》，围绕中心工作，持续深化政务公开，不断提升政府信息公开质量和实效，"
         "全年主动公开政府信息4427条，办理依申请公开63件。")


def find_cjk_font() -> str | None:
    """A TrueType/OpenType font with Chinese glyphs, or None."""
    env = os.environ.get("GONGKAI_CJK_FONT")
    if env and Path(env).is_file():
        return env
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True,
                                 timeout=10, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        files = sorted(line.split(":")[0].strip() for line in out.splitlines() if line.strip())
        files = [f for f in files if f.lower().endswith((".ttf", ".ttc", ".otf"))]
        if files:
            return files[0]
    for pattern in ("wqy*", "*[Nn]oto*CJK*", "*[Dd]roid*[Ff]allback*", "*[Ss]im[Ss]un*",
                    "*[Ss]im[Hh]ei*"):
        hits = glob.glob(f"/usr/share/fonts/**/{pattern}.tt[fc]", recursive=True)
        hits += glob.glob(f"/usr/share/fonts/**/{pattern}.otf", recursive=True)
        if hits:
            return sorted(hits)[0]
    return None


def build_pdf(pages: int, font: str) -> bytes:
    """A ``pages``-page report: header, page number, prose and a merged-cell table per page."""
    from fpdf import FPDF

    class Report(FPDF):
        def header(self) -> None:
            self.set_font("cjk", size=9)
            self.cell(0, 6, "某区人民政府办公室2023年政府信息公开工作年度报告", align="C")
            self.ln(10)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("cjk", size=9)
            self.cell(0, 6, f"- {self.page_no()} -", align="C")

    pdf = Report()
    pdf.add_font("cjk", fname=font)
    for n in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("cjk", size=14)
        pdf.multi_cell(0, 8, f"第{n}部分 政府信息公开工作情况", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=10.5)
        for _ in range(5):
            pdf.multi_cell(0, 6, "　　" + PROSE, new_x="LMARGIN", new_y="NEXT")
        with pdf.table(col_widths=(30, 25, 40, 12, 12, 12, 12, 12, 12, 12), line_height=5,
                       first_row_as_headings=False) as table:
            row = table.row()
            row.cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                     colspan=3, rowspan=2)
            row.cell("申请人情况", colspan=7)
            row = table.row()
            for name in ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]:
                row.cell(name)
            row = table.row()
            row.cell("三、本年度办理结果", rowspan=10)
            row.cell("（一）予以公开", colspan=2)
            for v in [14, 0, 0, 0, 0, 0, 14]:
                row.cell(str(v))
            row = table.row()
            row.cell("（三）不予公开", rowspan=9)
            for i in range(1, 10):
                if i > 1:
                    row = table.row()
                row.cell(f"{i}.属于第{i}类情形的申请")
                for v in [i, 0, 0, 0, 0, 0, i]:
                    row.cell(str(v))
    return bytes(pdf.output())


def pdfium_text(data: bytes) -> list[str]:
    """PDFium's own plain-text extraction of every page (the floor the reader is measured by)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def compare(data: bytes, repeat: int, clock: str = "wall") -> tuple[float, float]:
    """Best seconds of PDFium's text extraction and of ``normalise_bytes``, run alternately;
    ``clock`` is ``wall`` (time.perf_counter) or ``cpu`` (time.process_time, steadier when
    other work shares the machine)."""
    from checker.readers import normalise_bytes

    now = time.process_time if clock == "cpu" else time.perf_counter
    pdfium_text(data)  # warm both up (imports, first-call costs)
    normalise_bytes(data, path="r.pdf")
    floor, ours = [], []
    for _ in range(repeat):
        started = now()
        pdfium_text(data)
        floor.append(now() - started)
        started = now()
        normalise_bytes(data, path="r.pdf")
        ours.append(now() - started)
    return min(floor), min(ours)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", action="append", default=[], metavar="PDF",
                        help="a real PDF to measure (repeatable); default: a generated report")
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="time the ratio by the wall clock (default) or by CPU time")
    parser.add_argument("--check", action="store_true",
                        help=f"exit 1 if normalise > {TARGET_RATIO:g} x pdfium text (or the "
                             f"generated report renders slower than {TARGET_SECONDS} s)")
    args = parser.parse_args()
    machine = (f"machine={platform.machine()} {platform.processor() or platform.platform()} "
               f"python={platform.python_version()}")
    failed = False
    if args.file:
        for name in args.file:
            data = Path(name).read_bytes()
            floor, ours = compare(data, args.repeat, args.clock)
            ratio = ours / floor
            failed |= ratio > TARGET_RATIO
            print(f"file={Path(name).name} bytes={len(data)} pdfium_text={floor * 1000:.1f}ms "
                  f"normalise={ours * 1000:.1f}ms ratio={ratio:.2f} (target <= {TARGET_RATIO:g}) "
                  f"best of {args.repeat} ({args.clock} clock) {machine}")
        return 1 if args.check and failed else 0
    font = find_cjk_font()
    if font is None:
        print("no CJK font found: apt-get install -y fonts-wqy-microhei (or set GONGKAI_CJK_FONT)")
        return 2
    data = build_pdf(args.pages, font)
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        rendered = render(data)
        times.append(time.perf_counter() - started)
    best = min(times)
    floor, ours = compare(data, args.repeat, args.clock)
    ratio = ours / floor
    print(f"pages={args.pages} bytes={len(data)} lines={len(rendered.places)} "
          f"render_best={best:.3f}s runs={' '.join(f'{t:.3f}' for t in times)} "
          f"pdfium_text={floor * 1000:.1f}ms normalise={ours * 1000:.1f}ms ratio={ratio:.2f} "
          f"({args.clock} clock) {machine} font={Path(font).name}")
    return 1 if args.check and (best > TARGET_SECONDS or ratio > TARGET_RATIO) else 0


if __name__ == "__main__":
    sys.exit(main())
