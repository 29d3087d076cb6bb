"""Limits a PDF page must meet before the heavy work on it (interpretation, table finding).

Kept apart from the PDF reader so that any reader (pdfminer today, pypdfium2 tomorrow) calls
the same checks with the numbers it has:

* :func:`check_page_size` — the page box: each side at most ``MAX_PAGE_SIDE`` points (200
  inches, the largest page the PDF format knows without ``UserUnit``) and the area at most
  ``MAX_PAGE_AREA`` (four A0 sheets). A larger page is refused.
* :func:`inflated_size` / :class:`ContentBudget` — the decompressed size of a page's content
  streams, measured by inflating in 64 kB steps without keeping the output; past
  ``MAX_CONTENT_BYTES`` per page or ``MAX_DOCUMENT_CONTENT_BYTES`` per document the PDF is
  refused before the page is interpreted.
* :func:`ruling_crossings` / :class:`RulingBudget` — how many crossings the page's ruling lines
  can make (distinct horizontal × distinct vertical positions, the upper bound of the table
  finder's work). Past ``MAX_RULING_CROSSINGS`` on a page, or once the document has used
  ``MAX_DOCUMENT_CROSSINGS``, the page's lines are not searched for tables: its text is read as
  plain lines and a warning is logged.
"""
from __future__ import annotations

import logging
import zlib
from typing import Any, Iterable, Sequence

from checker.errors import InputError

__all__ = ["MAX_PAGE_SIDE", "MAX_PAGE_AREA", "MAX_CONTENT_BYTES", "MAX_DOCUMENT_CONTENT_BYTES",
           "MAX_RULING_CROSSINGS", "MAX_DOCUMENT_CROSSINGS", "check_page_size", "inflated_size",
           "ContentBudget", "ruling_crossings", "RulingBudget", "pdfminer_streams"]

log = logging.getLogger(__name__)

MAX_PAGE_SIDE = 14_400.0            # points (200 in)
MAX_PAGE_AREA = 4 * 2384.0 * 3370.0  # points²: four A0 sheets (about 2 m²)
MAX_CONTENT_BYTES = 20 * 1024 * 1024
MAX_DOCUMENT_CONTENT_BYTES = 200 * 1024 * 1024
MAX_RULING_CROSSINGS = 2_500         # a 50 × 50 grid of lines
MAX_DOCUMENT_CROSSINGS = 50_000
_CHUNK = 1 << 16


def check_page_size(width: float, height: float, page_no: int) -> None:
    """Refuse a page larger than any printed report (see the module docstring)."""
    w, h = abs(float(width)), abs(float(height))
    if w > MAX_PAGE_SIDE or h > MAX_PAGE_SIDE or w * h > MAX_PAGE_AREA:
        raise InputError(f"PDF 页面过大（第 {page_no} 页）/ page {page_no} of the PDF is "
                         f"{w:.0f} × {h:.0f} pt; the limit is {MAX_PAGE_SIDE:.0f} pt a side and "
                         f"{MAX_PAGE_AREA / 1e6:.1f} million pt² (four A0 sheets); refusing it")


def inflated_size(raw: bytes, filters: Sequence[str], limit: int) -> int:
    """The decoded size of a stream (at most ``limit + 1``), never holding the output.

    FlateDecode (first in the chain) is inflated in steps; for other filters the raw size
    stands in (they cannot expand a stream past a small factor, except LZW, which modern
    producers do not use for content streams).
    """
    if not filters or filters[0] not in ("FlateDecode", "Fl"):
        return len(raw)
    inflater = zlib.decompressobj()
    total = 0
    pending = raw
    try:
        while pending:
            out = inflater.decompress(pending, _CHUNK)
            total += len(out)
            if total > limit:
                return limit + 1
            pending = inflater.unconsumed_tail
            if not out and not pending:
                break
        total += len(inflater.flush())
    except zlib.error:
        return total  # damaged data: the reader reports it (or reads what it can)
    return min(total, limit + 1)


class ContentBudget:
    """Decompressed content-stream bytes, per page and per document."""

    def __init__(self) -> None:
        self.used = 0

    def check(self, streams: Iterable[tuple[bytes, Sequence[str]]], page_no: int) -> None:
        page = 0
        for raw, filters in streams:
            page += inflated_size(raw, filters, MAX_CONTENT_BYTES - page)
            if page > MAX_CONTENT_BYTES:
                raise InputError(f"PDF 页面内容过大（第 {page_no} 页）/ page {page_no} of the PDF "
                                 f"has more than {MAX_CONTENT_BYTES // 2**20} MB of drawing "
                                 "instructions; refusing it")
        self.used += page
        if self.used > MAX_DOCUMENT_CONTENT_BYTES:
            raise InputError(f"PDF 内容过大 / the PDF's pages hold more than "
                             f"{MAX_DOCUMENT_CONTENT_BYTES // 2**20} MB of drawing instructions; "
                             "refusing it")


def ruling_crossings(edges: Iterable[dict[str, Any]]) -> int:
    """Distinct horizontal × distinct vertical ruling positions (to the point)."""
    rows: set[int] = set()
    cols: set[int] = set()
    for e in edges:
        if e.get("orientation") == "h":
            rows.add(round(float(e["top"])))
        else:
            cols.add(round(float(e["x0"])))
    return len(rows) * len(cols)


class RulingBudget:
    """Whether a page's ruling lines may be searched for tables (see the module docstring)."""

    def __init__(self) -> None:
        self.used = 0

    def allows(self, edges: Sequence[dict[str, Any]], page_no: int) -> bool:
        if not edges:
            return True
        crossings = ruling_crossings(edges)
        if crossings > MAX_RULING_CROSSINGS:
            log.warning("PDF page %d: its ruling lines cross %d times (limit %d); its tables "
                        "are read as text", page_no, crossings, MAX_RULING_CROSSINGS)
            return False
        if self.used + crossings > MAX_DOCUMENT_CROSSINGS:
            log.warning("PDF page %d: the document's ruling lines cross more than %d times; "
                        "tables on this page are read as text", page_no, MAX_DOCUMENT_CROSSINGS)
            return False
        self.used += crossings
        return True


def pdfminer_streams(page: Any) -> list[tuple[bytes, list[str]]]:
    """A pdfminer ``PDFPage``'s content streams as (raw bytes, filter names)."""
    from pdfminer.pdftypes import resolve1

    out: list[tuple[bytes, list[str]]] = []
    for ref in page.contents or ():
        stream = resolve1(ref)
        raw = getattr(stream, "rawdata", None)
        if raw is None:
            data = getattr(stream, "data", None)
            out.append((data or b"", []))
            continue
        spec = resolve1(stream.attrs.get("Filter") or stream.attrs.get("F"))
        specs = spec if isinstance(spec, list) else ([spec] if spec is not None else [])
        names = [getattr(resolve1(s), "name", str(s)) for s in specs]
        out.append((raw, names))
    return out
