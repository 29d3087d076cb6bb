"""Render a text-layer PDF report to text in the browser-copy layout, read with PDFium.

Per page (:mod:`checker.readers.pdf.geometry` reads its characters and ruling lines): tables are
found from ruling lines (:mod:`checker.readers.pdf.tables`), or, on pages with none that look
tabular, from the alignment of their text (:mod:`checker.readers.pdf.align`); each table row
becomes one line of TAB-separated cells (a merged cell's text at its top-left, empty strings
for the positions it covers) and the remaining text becomes lines in reading order, wrapped
lines of a paragraph joined again.  Running page numbers and headers/footers repeated on many
pages are dropped.  Every line records its page (and table and row) for findings' locations.
"""
from __future__ import annotations

import importlib
import logging
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checker.errors import InputError
from checker.readers.pdf.align import find_aligned
from checker.readers.pdf.limits import check_streams
from checker.readers.pdf.lines import Line, cell_text, joined, lines
from checker.readers.pdf.tables import assign, find_tables
from checker.readers.rendered import Rendered

if TYPE_CHECKING:
    from checker.readers.pdf.geometry import Document, PageGeometry

__all__ = ["ENCRYPTED", "MAX_PAGES", "NO_TEXT", "NO_UNICODE", "PAGE_BUDGET", "render"]

log = logging.getLogger(__name__)

#: PDFs with more pages than this are refused outright.
MAX_PAGES = 2000
#: Only this many pages are rendered; later pages are ignored (with a logged warning).
PAGE_BUDGET = 500
#: Lines whose heights differ by less than this share are set in one size: fonts of one size
#: differ in ascent and descent, and PDFium's character boxes span both.
SAME_SIZE = 0.2
#: Refuse when more than this share of the characters has no Unicode mapping.
UNMAPPED_SHARE = 0.5
NO_TEXT = ("此 PDF 没有文字层（可能是扫描件），请提供带文字层的 PDF 或文本 / this PDF has no text "
           "layer (probably a scan); supply a PDF with a text layer, or the text itself")
NO_UNICODE = ("此 PDF 的字体没有字符映射，无法提取文字 / this PDF's fonts have no Unicode mapping "
              "(no ToUnicode table), so its text cannot be extracted; supply the text or a PDF "
              "exported with embedded Unicode fonts")
ENCRYPTED = ("此 PDF 已加密，需要密码才能打开 / the PDF is encrypted and needs a password to "
             "open; supply an unencrypted copy or the text")
NO_PAGES = ("此 PDF 没有可读的页面（文件可能已损坏或不完整）/ the PDF has no readable pages "
            "(the file may be damaged or truncated)")
_HINT = "pip install 'gongkai[pdf]'"
_PAGE_NO = re.compile(
    r"^(?:[-—–－·\s]*\d{1,4}[-—–－·\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|"
    r"\d+\s*/\s*\d+|(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?)$", re.IGNORECASE)


@dataclass
class _Rows:
    """A table on a page: where it starts and its rows of cell strings."""

    top: float
    rows: list[list[str]]


Item = Line | _Rows
Page = tuple[list[Item], float]  # a page's items, top to bottom, and its height


def render(data: bytes) -> Rendered:
    """Render PDF ``data``; raise :class:`InputError` if it cannot be read or has no text."""
    try:
        pdfgeom = importlib.import_module("checker.readers.pdf.geometry")
    except ImportError:
        raise InputError("读取 PDF 需要 pypdfium2 / reading PDF needs pypdfium2, which is not "
                         "installed", hint=_HINT) from None
    if b"%PDF-" not in data[:1024]:
        raise InputError("这不是 PDF 文件 / the file is not a PDF (no %PDF- header)")
    check_streams(data)  # drawing instructions that inflate past the limits: before PDFium
    with pdfgeom.LOCK:
        try:
            doc = pdfgeom.Document(data)
        except pdfgeom.PasswordError:
            raise InputError(ENCRYPTED) from None
        except pdfgeom.PdfError as exc:
            raise InputError(f"无法读取 PDF / cannot read the PDF file: {exc}") from None
        try:
            pages, chars, unmapped = _read_pages(doc)
        finally:
            doc.close()
    if unmapped > UNMAPPED_SHARE * chars:
        raise InputError(NO_UNICODE)
    if not any(items for items, _ in pages):
        raise InputError(NO_TEXT)
    return _assemble(pages, doc.title)


def _read_pages(doc: Document) -> tuple[list[Page], int, int]:
    """Every page laid out (each page's geometry dropped once read), the number of characters
    and how many of them have no Unicode mapping."""
    from checker.readers.pdf.geometry import PdfError

    n_pages = doc.page_count
    if n_pages == 0:
        raise InputError(NO_PAGES)
    if n_pages > MAX_PAGES:
        raise InputError(f"PDF 页数过多（{n_pages} 页）/ the PDF has {n_pages} pages "
                         f"(limit {MAX_PAGES}); refusing it")
    if n_pages > PAGE_BUDGET:
        log.warning("PDF has %d pages; only the first %d are read", n_pages, PAGE_BUDGET)
    pages: list[Page] = []
    chars = unmapped = 0
    for i in range(min(n_pages, PAGE_BUDGET)):
        try:
            geometry = doc.read(i)
        except PdfError as exc:  # PDFium failing on a damaged page
            raise InputError(f"无法读取 PDF / cannot read the PDF file: {exc}") from None
        chars += len(geometry.chars)
        unmapped += geometry.unmapped
        pages.append(_page_items(geometry))
    return pages, chars, unmapped


def _page_items(page: PageGeometry) -> Page:
    """Text lines and table rows of one page, sorted top to bottom; and the page height."""
    chars = page.chars
    if not chars:
        return [], page.height
    tables = find_tables(page.edges) if page.edges else []
    items: list[Item] = []
    if tables:
        grids, free = assign(tables, chars)
        for table, grid in zip(tables, grids, strict=False):
            rows = [[cell_text(cell) if cell else "" for cell in row] for row in grid]
            items.append(_Rows(table.bbox[1], rows))
        items.extend(lines(free))
    else:
        found, text = find_aligned(lines(chars))
        items.extend(_Rows(t.top, [row for row in t.rows if any(row)]) for t in found)
        items.extend(text)
    items.sort(key=_top)
    return _join_wrapped(items), page.height


def _top(item: Item) -> float:
    return item.top


def _join_wrapped(items: list[Item]) -> list[Item]:
    """Join a paragraph's wrapped lines: the previous line reaches the right margin, this one
    is not indented and follows at normal line spacing."""
    text_lines = [item for item in items if isinstance(item, Line)]
    if not text_lines:
        return items
    left = min(line.x0 for line in text_lines)
    right = max(line.x1 for line in text_lines)
    out: list[Item] = []
    for item in items:
        prev = out[-1] if out else None
        if (isinstance(prev, Line) and isinstance(item, Line)
                and prev.x1 >= right - 1.5 * prev.size
                and item.x0 <= left + 0.5 * item.size
                and 0 <= item.top - prev.bottom < 0.9 * item.size
                and abs(item.size - prev.size) < max(1.0, SAME_SIZE * prev.size)
                and not _PAGE_NO.match(item.text)):
            out[-1] = Line(prev.top, item.bottom, prev.x0, item.x1, prev.size,
                           joined(prev.text, item.text), prev.chars + item.chars)
            continue
        out.append(item)
    return out


def _running(pages: list[Page]) -> set[str]:
    """Header/footer texts repeated in the top/bottom margin of many pages."""
    counts: Counter[str] = Counter()
    for items, height in pages:
        seen = {item.text for item in items if isinstance(item, Line)
                and (item.top < 0.1 * height or item.top > 0.9 * height)}
        counts.update(seen)
    need = max(3, (len(pages) + 1) // 2)
    return {text for text, n in counts.items() if n >= need}


def _assemble(pages: list[Page], title: str | None) -> Rendered:
    running = _running(pages) if len(pages) >= 3 else set()
    lines: list[str] = []
    places: list[dict[str, Any] | None] = []
    tables = 0
    for p, (items, height) in enumerate(pages, 1):
        text_items = [i for i, item in enumerate(items) if isinstance(item, Line)]
        edge = set(text_items[:2] + text_items[-2:])
        for i, item in enumerate(items):
            if isinstance(item, _Rows):
                tables += 1
                for r, cells in enumerate(item.rows, 1):
                    if any(cells):
                        lines.append("\t".join(cells))
                        places.append({"page": p, "table": tables, "row": r,
                                       "where": f"第 {p} 页，表格 {tables}，第 {r} 行"})
                continue
            text = item.text
            in_margin = item.top < 0.12 * height or item.top > 0.88 * height
            if _PAGE_NO.match(text) and (in_margin or i in edge):
                continue
            if in_margin and text in running:
                continue
            lines.append(text)
            places.append({"page": p, "where": f"第 {p} 页"})
    return Rendered(text="\n".join(lines), places=places, media_type="application/pdf",
                    title=title)
