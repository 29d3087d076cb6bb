"""Limits a PDF must meet before the heavy work on it (PDFium parsing and reading its pages).

Kept apart from the PDF reader, with plain inputs, so that any reader calls the same checks:

* :func:`check_streams` — the raw bytes are scanned for Flate-compressed streams that are
  not images or fonts (content streams, forms, object streams); each larger than
  ``MIN_MEASURED`` bytes is inflated in 64 kB steps without keeping the output. One stream
  past ``MAX_CONTENT_BYTES``, or all past ``MAX_DOCUMENT_CONTENT_BYTES``, and the PDF is refused
  before PDFium opens it (a 1 MB file whose stream inflates to 1 GB took 2.1 GB).
* :func:`check_page_size` — the page box: each side at most ``MAX_PAGE_SIDE`` points (200
  inches, the largest page the PDF format knows without ``UserUnit``) and the area at most
  ``MAX_PAGE_AREA`` (four A0 sheets). A larger page is refused before its text is read.

Ruling lines are limited by the table finder itself (``pdftables.MAX_PAIRS``).
"""
from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

from checker.errors import InputError

__all__ = [
    "MAX_CONTENT_BYTES",
    "MAX_DOCUMENT_CONTENT_BYTES",
    "MAX_PAGE_AREA",
    "MAX_PAGE_SIDE",
    "MIN_MEASURED",
    "check_page_size",
    "check_streams",
    "inflated_size",
]

MAX_PAGE_SIDE = 14_400.0            # points (200 in)
MAX_PAGE_AREA = 4 * 2384.0 * 3370.0  # points²: four A0 sheets (about 2 m²)
MAX_CONTENT_BYTES = 20 * 1024 * 1024
MAX_DOCUMENT_CONTENT_BYTES = 200 * 1024 * 1024
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


_STREAM = re.compile(rb">>\s*stream\r?\n")
_LENGTH = re.compile(rb"/Length\s+(\d+)(\s+\d+\s+R)?")
_NOT_DRAWING = re.compile(rb"/Subtype\s*/(?:Image|Type1C|CIDFontType0C|OpenType)|/Length[123]\b")
_FLATE_FIRST = re.compile(rb"/Filter\s*(?:\[\s*)?/(?:FlateDecode|Fl)\b")
#: A stream this small (compressed) cannot inflate past ~1,100 times its size: not measured.
MIN_MEASURED = 4096


def check_streams(data: bytes) -> None:
    """Refuse a PDF whose drawing instructions inflate past the limits, before any page is read.

    Scans the raw bytes for Flate-compressed streams that are not images or fonts (content
    streams, forms, object streams), and inflates each larger than ``MIN_MEASURED`` bytes in
    64 kB steps without keeping the output: more than ``MAX_CONTENT_BYTES`` in one stream,
    or ``MAX_DOCUMENT_CONTENT_BYTES`` in all, is refused.
    """
    total = 0
    for m in _STREAM.finditer(data):
        at = data.rfind(b"obj", max(0, m.start() - 4000), m.start())  # the stream's dictionary
        head = data[at if at >= 0 else max(0, m.start() - 4000):m.start()]
        if _NOT_DRAWING.search(head) or not _FLATE_FIRST.search(head):
            continue
        start = m.end()
        length = _LENGTH.search(head)
        if length and not length.group(2):
            end = start + int(length.group(1))
        else:  # an indirect /Length: up to the keyword
            found = data.find(b"endstream", start)
            end = len(data) if found < 0 else found
        if end - start <= MIN_MEASURED:
            continue
        size = inflated_size(data[start:end], ["FlateDecode"], MAX_CONTENT_BYTES)
        if size > MAX_CONTENT_BYTES:
            raise InputError(f"PDF 内容过大 / a drawing-instruction stream of the PDF inflates to "
                             f"more than {MAX_CONTENT_BYTES // 2**20} MB; refusing it")
        total += size
        if total > MAX_DOCUMENT_CONTENT_BYTES:
            raise InputError(f"PDF 内容过大 / the PDF's drawing instructions inflate to more than "
                             f"{MAX_DOCUMENT_CONTENT_BYTES // 2**20} MB; refusing it")
