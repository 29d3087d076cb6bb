"""Render a text-layer PDF report to text in the browser-copy layout.

Per page: tables are found from ruling lines (falling back to text alignment on pages that look
tabular but have no lines); each table row becomes one line of TAB-separated cells (a merged
cell's text at its top-left, empty strings for the positions it covers) and the remaining text
becomes lines in reading order, wrapped lines of a paragraph joined again.  Running page
numbers and headers/footers repeated on many pages are dropped.  Characters are read once per
page (see :mod:`checker.normalise.pdfgeom`) and assigned to cells by position, which keeps a
30-page report well under a second.
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections import Counter
from typing import TYPE_CHECKING, Any

from checker.errors import InputError
from checker.normalise.pdflimits import RulingBudget
from checker.normalise.rendered import Rendered

if TYPE_CHECKING:
    from checker.normalise.pdfgeom import PageGeometry

__all__ = ["render", "MAX_PAGES", "PAGE_BUDGET"]

log = logging.getLogger(__name__)

#: PDFs with more pages than this are refused outright.
MAX_PAGES = 2000
#: Only this many pages are rendered; later pages are ignored (with a logged warning).
PAGE_BUDGET = 500
NO_TEXT = ("此 PDF 没有文字层（可能是扫描件），请提供带文字层的 PDF 或文本 / this PDF has no text "
           "layer (probably a scan); supply a PDF with a text layer, or the text itself")
NO_UNICODE = ("此 PDF 的字体没有字符映射，无法提取文字 / this PDF's fonts have no Unicode mapping, "
              "so its text cannot be extracted (it shows as \"(cid:NN)\"); supply the text or "
              "a PDF exported with embedded Unicode fonts")
_HINT = "pip install 'gongkai[pdf]'"
_TEXT_TABLES = {"vertical_strategy": "text", "horizontal_strategy": "text"}
_PAGE_NO = re.compile(
    r"^(?:[-—–－·\s]*\d{1,4}[-—–－·\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|"
    r"\d+\s*/\s*\d+|(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?)$", re.I)
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")

Line = dict  # {"top", "bottom", "x0", "x1", "size", "text"} or a table row {"top", "row": ...}


def render(data: bytes) -> Rendered:
    """Render PDF ``data``; raise :class:`InputError` if it cannot be read or has no text."""
    try:
        import pdfminer  # noqa: F401
        import pdfplumber  # noqa: F401  (its table finder; it brings pdfminer.six)
    except ImportError:
        raise InputError("读取 PDF 需要 pdfplumber / reading PDF needs pdfplumber, which is not "
                         "installed", hint=_HINT) from None
    from checker.normalise.pdfgeom import Document

    if b"%PDF-" not in data[:1024]:
        raise InputError("这不是 PDF 文件 / the file is not a PDF (no %PDF- header)")
    try:
        pdf = Document(data)
        n_pages = len(pdf.pages)
        if n_pages > MAX_PAGES:
            raise InputError(f"PDF 页数过多（{n_pages} 页）/ the PDF has {n_pages} pages "
                             f"(limit {MAX_PAGES}); refusing it")
        if n_pages > PAGE_BUDGET:
            log.warning("PDF has %d pages; only the first %d are read", n_pages, PAGE_BUDGET)
        rulings = RulingBudget()
        pages = []
        for n, page in enumerate(pdf.pages[:PAGE_BUDGET], 1):
            geometry = pdf.read(page, n)
            if not rulings.allows(geometry.edges, n):
                geometry.edges = []  # too many ruling lines to search: the page is read as text
            pages.append(_page_items(geometry))
    except InputError:
        raise
    except Exception as exc:  # pdfminer / pdfplumber failure on a damaged or encrypted file
        raise InputError(f"无法读取 PDF / cannot read the PDF file: {type(exc).__name__}: {exc}")
    if not any(items for items, _ in pages):
        raise InputError(NO_TEXT)
    rendered = _assemble(pages, pdf.title)
    if rendered.text.count("(cid:") * 7 > len(rendered.text) / 2:
        raise InputError(NO_UNICODE)
    return rendered


def _page_items(page: PageGeometry) -> tuple[list[Line], float]:
    """Text lines and table rows of one page, sorted top to bottom; and the page height."""
    chars = [c for c in page.chars if c.get("upright", True) or c["text"].strip()]
    if not chars:
        return [], float(page.height)
    tables = [(t.bbox, _table_grid(t)) for t in page.find_tables()] if page.edges else []
    if not tables:
        numeric = [line for line in _lines(chars) if len(_NUMBER.findall(line["text"])) >= 3]
        if len(numeric) >= 3:  # looks tabular: look for text-aligned columns around those lines
            x0, _, x1, _ = page.bbox
            region = page.crop((x0, numeric[0]["top"] - 1, x1, numeric[-1]["bottom"] + 1))
            for table in region.find_tables(_TEXT_TABLES):
                tables.append((table.bbox, _table_grid(table, text=True)))
    free, owned = chars, []
    if tables:
        free, owned = [], [[] for _ in tables]
        for ch in chars:
            cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
            for i, (bbox, _) in enumerate(tables):
                if bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]:
                    owned[i].append(ch)
                    break
            else:
                free.append(ch)
    items: list[Line] = _lines(free)
    for (bbox, grid), table_chars in zip(tables, owned):
        rows = _fill(grid, table_chars)
        if grid["text"]:
            rows = [row for row in rows if any(row)]  # alignment rows have no identity
            if not _looks_tabular(rows):
                items.extend(_lines(table_chars))  # text alignment found prose, not a table
                continue
        items.append({"top": bbox[1], "table_rows": rows})
    items.sort(key=lambda item: item["top"])
    return _join_wrapped(items), float(page.height)


def _table_grid(table: Any, text: bool = False) -> dict[str, Any]:
    """Cell boxes of a pdfplumber table indexed for fast character lookup."""
    x0s = sorted({cell[0] for cell in table.cells})
    columns: list[list[tuple[float, float, int, int]]] = [[] for _ in x0s]
    n_rows = len(table.rows)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if cell is None:
                continue
            for j, x in enumerate(x0s):
                if cell[0] - 0.5 <= x < cell[2] - 0.5:
                    columns[j].append((cell[1], cell[3], r, c))
    return {"x0s": x0s, "columns": columns, "n_rows": n_rows, "n_cols": len(x0s), "text": text}


def _fill(grid: dict[str, Any], chars: list[dict]) -> list[list[str]]:
    """Assign characters to cells by their centre; return the rows of cell strings."""
    bucket: dict[tuple[int, int], list[dict]] = {}
    x0s, columns = grid["x0s"], grid["columns"]
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        j = bisect_right(x0s, cx) - 1
        if j < 0:
            continue
        for top, bottom, r, c in columns[j]:
            if top <= cy <= bottom:
                bucket.setdefault((r, c), []).append(ch)
                break
    rows = [[""] * grid["n_cols"] for _ in range(grid["n_rows"])]
    for (r, c), cell_chars in bucket.items():
        if c < grid["n_cols"]:
            text = ""
            for line in _lines(cell_chars):
                text = _joined(text, line["text"])
            rows[r][c] = text.replace("\t", " ")
    return rows


def _looks_tabular(rows: list[list[str]]) -> bool:
    """Text-alignment tables must have >= 3 columns and mostly rows with >= 3 filled cells."""
    filled = [sum(1 for cell in row if cell) for row in rows if any(row)]
    return bool(filled) and len(rows[0]) >= 3 and sum(n >= 3 for n in filled) * 2 >= len(filled)


def _lines(chars: list[dict]) -> list[Line]:
    """Group characters into visual lines (top to bottom), spacing words by the gaps."""
    out: list[Line] = []
    group: list[dict] = []
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if group and abs(ch["top"] - group[0]["top"]) > max(2.0, 0.4 * ch.get("size", 10)):
            out.append(_line(group))
            group = []
        group.append(ch)
    if group:
        out.append(_line(group))
    return [line for line in out if line["text"]]


def _line(group: list[dict]) -> Line:
    group.sort(key=lambda c: c["x0"])
    parts: list[str] = []
    prev: dict | None = None
    for ch in group:
        text = ch["text"]
        if not text.strip():
            if parts and parts[-1] != " ":
                parts.append(" ")
            continue
        if prev is not None:
            if text == prev["text"] and abs(ch["x0"] - prev["x0"]) < 1:
                continue  # overprinted ("fake bold") duplicate
            if ch["x0"] - prev["x1"] > 0.3 * ch.get("size", 10) and parts[-1] != " ":
                parts.append(" ")
        parts.append(text)
        prev = ch
    size = max((c.get("size", 10) for c in group), default=10.0)
    inked = [c for c in group if c["text"].strip()] or group  # indentation by spaces counts
    return {"top": min(c["top"] for c in group), "bottom": max(c["bottom"] for c in group),
            "x0": inked[0]["x0"], "x1": max(c["x1"] for c in inked), "size": size,
            "text": re.sub(r"\s+", " ", "".join(parts)).strip()}


def _joined(left: str, right: str) -> str:
    """Join wrapped text: no space between CJK characters, one between ASCII words."""
    if not left or not right:
        return left or right
    ascii_both = left[-1].isascii() and right[0].isascii() and left[-1] not in "-/"
    return left + (" " if ascii_both else "") + right


def _join_wrapped(items: list[Line]) -> list[Line]:
    """Join a paragraph's wrapped lines: the previous line reaches the right margin, this one
    is not indented and follows at normal line spacing."""
    text_lines = [item for item in items if "text" in item]
    if not text_lines:
        return items
    left = min(line["x0"] for line in text_lines)
    right = max(line["x1"] for line in text_lines)
    out: list[Line] = []
    for item in items:
        prev = out[-1] if out else None
        if (prev is not None and "text" in item and "text" in prev
                and prev["x1"] >= right - 1.5 * prev["size"]
                and item["x0"] <= left + 0.5 * item["size"]
                and 0 <= item["top"] - prev["bottom"] < 0.9 * item["size"]
                and abs(item["size"] - prev["size"]) < 1
                and not _PAGE_NO.match(item["text"])):
            prev["text"] = _joined(prev["text"], item["text"])
            prev["bottom"], prev["x1"] = item["bottom"], item["x1"]
            continue
        out.append(dict(item))
    return out


def _running(pages: list[tuple[list[Line], float]]) -> set[str]:
    """Header/footer texts repeated in the top/bottom margin of many pages."""
    counts: Counter[str] = Counter()
    for items, height in pages:
        seen = {item["text"] for item in items
                if "text" in item and (item["top"] < 0.1 * height or item["top"] > 0.9 * height)}
        counts.update(seen)
    need = max(3, (len(pages) + 1) // 2)
    return {text for text, n in counts.items() if n >= need}


def _assemble(pages: list[tuple[list[Line], float]], title: str | None) -> Rendered:
    running = _running(pages) if len(pages) >= 3 else set()
    lines: list[str] = []
    places: list[dict | None] = []
    tables = 0
    for p, (items, height) in enumerate(pages, 1):
        text_items = [i for i, item in enumerate(items) if "text" in item]
        edge = set(text_items[:2] + text_items[-2:])
        for i, item in enumerate(items):
            if "table_rows" in item:
                tables += 1
                for r, cells in enumerate(item["table_rows"], 1):
                    if any(cells):
                        lines.append("\t".join(cells))
                        places.append({"page": p, "table": tables, "row": r,
                                       "where": f"第 {p} 页，表格 {tables}，第 {r} 行"})
                continue
            text = item["text"]
            in_margin = item["top"] < 0.12 * height or item["top"] > 0.88 * height
            if _PAGE_NO.match(text) and (in_margin or i in edge):
                continue
            if in_margin and text in running:
                continue
            lines.append(text)
            places.append({"page": p, "where": f"第 {p} 页"})
    return Rendered(text="\n".join(lines), places=places, media_type="application/pdf",
                    title=title)
