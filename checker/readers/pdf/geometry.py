"""Page geometry for the PDF renderer, read with PDFium (``pypdfium2``).

Per page: every character PDFium's text page holds, with its loose box (the font's ascent to
descent, so every character of a line shares its top), and the straight ruling lines that table
borders are drawn with.  Coordinates are in points with the origin at the top left of the page
as displayed (crop box, ``/Rotate`` applied), y growing downwards.

Ruling lines come from path objects (:mod:`checker.readers.pdf.paths`): every horizontal or
vertical segment of a stroked path, and the centre line of a thin filled rectangle (how Word
and WPS draw borders).  Larger filled shapes (cell shading, the white boxes some exporters put
behind every paragraph) and anything painted white or fully transparent are not lines a reader
sees, so they are left out.

PDFium is not thread-safe: hold :data:`LOCK` while a :class:`Document` is in use.
"""
from __future__ import annotations

import ctypes
import struct
import threading
from dataclasses import dataclass
from operator import attrgetter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from checker.readers.pdf import limits as pdflimits
from checker.readers.pdf.objects import Char, Edge, char
from checker.readers.pdf.paths import EdgeReader, Matrix, apply_matrix, untyped

__all__ = ["LOCK", "Char", "Document", "Edge", "PageGeometry", "PasswordError", "PdfError"]

#: Serialises all PDFium calls of this process (the library keeps global state).
LOCK = threading.Lock()
#: A character box this many times taller than the page's median is PDFium's mistake.
OUTSIZED = 4.0
_SKIP = frozenset("\ufffe\uffff")



#: Why PDFium could not open a document, by its error code.
_LOAD_ERRORS = {
    pdfium_c.FPDF_ERR_FORMAT: "it is not in PDF format, or is damaged beyond repair",
    pdfium_c.FPDF_ERR_SECURITY: "it is encrypted with an unsupported security handler",
    pdfium_c.FPDF_ERR_PAGE: "its page tree is damaged",
    None: "it is damaged or truncated (no document catalogue or page tree was found)",
}


class PdfError(Exception):
    """PDFium could not open the document (damaged, or not a PDF)."""


class PasswordError(PdfError):
    """The document is encrypted with a password that is needed to open it."""


@dataclass
class PageGeometry:
    """One page: its size as displayed, characters, ruling lines and how many characters had
    no Unicode mapping (their text is U+FFFD)."""

    width: float
    height: float
    chars: list[Char]
    edges: list[Edge]
    unmapped: int = 0


class Document:
    """An open PDF: ``page_count``, ``title`` and :meth:`read` for a page's geometry.

    Raises :class:`PasswordError` or :class:`PdfError` when PDFium cannot open ``data``.
    """

    def __init__(self, data: bytes) -> None:
        try:
            self._pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            code = getattr(exc, "err_code", None)
            if code == pdfium_c.FPDF_ERR_PASSWORD:
                raise PasswordError(str(exc)) from None
            raise PdfError(_LOAD_ERRORS.get(code, _LOAD_ERRORS[None])) from None
        self.page_count = len(self._pdf)
        try:
            title = self._pdf.get_metadata_value("Title")
        except (pdfium.PdfiumError, UnicodeDecodeError):
            # an unreadable title is no reason to refuse
            title = ""
        self.title: str | None = title.strip() or None
        self._edges = EdgeReader()

    def close(self) -> None:
        self._pdf.close()

    def read(self, index: int) -> PageGeometry:
        """The characters and ruling lines of page ``index`` (0-based); raises
        :class:`PdfError` if PDFium cannot load the page."""
        try:
            page = self._pdf[index]
        except pdfium.PdfiumError as exc:
            raise PdfError(f"page {index + 1}: {exc}") from None
        try:
            box, rotation = page.get_bbox(), page.get_rotation()
            to_page = _display_transform(box, rotation)
            width, height = abs(box[2] - box[0]), abs(box[3] - box[1])
            if rotation in (90, 270):
                width, height = height, width
            pdflimits.check_page_size(width, height, index + 1)  # before its text is read
            textpage = page.get_textpage()
            try:
                chars, unmapped = _chars(textpage.raw, to_page)
            finally:
                textpage.close()
            edges = self._edges.read_page(ctypes.c_void_p(ctypes.cast(page.raw,
                                                                      ctypes.c_void_p).value),
                                          to_page)
        finally:
            page.close()
        return PageGeometry(width, height, chars, edges, unmapped)


def _display_transform(box: tuple[float, float, float, float], rotation: int) -> Matrix:
    """The matrix from PDF user space to display space (top-left origin, rotation applied),
    for the page box ``(left, bottom, right, top)`` shown turned ``rotation`` degrees."""
    left, bottom, right, top = box
    if rotation == 90:  # clockwise: the page's left edge becomes its top
        return (0.0, 1.0, 1.0, 0.0, -bottom, -left)
    if rotation == 180:
        return (-1.0, 0.0, 0.0, 1.0, right, -bottom)
    if rotation == 270:
        return (0.0, -1.0, -1.0, 0.0, top, right)
    return (1.0, 0.0, 0.0, -1.0, -left, top)


_LOOSE_BOX = untyped(pdfium_c.FPDFText_GetLooseCharBox)
_MAP_ERROR = untyped(pdfium_c.FPDFText_HasUnicodeMapError)
_GENERATED = untyped(pdfium_c.FPDFText_IsGenerated)
#: Characters without a Unicode mapping are looked for among every SAMPLE-th character first.
SAMPLE = 16


def _chars(textpage: ctypes.c_void_p, m: Matrix) -> tuple[list[Char], int]:
    """Characters of a text page (PDFium's generated spaces and line breaks, and control
    characters, left out) and how many have no Unicode mapping (their text becomes U+FFFD)."""
    count = pdfium_c.FPDFText_CountChars(textpage)
    if count <= 0:
        return [], 0
    handle = ctypes.c_void_p(ctypes.cast(textpage, ctypes.c_void_p).value)
    texts = _page_text(textpage, count)
    unmapped = _unmapped(handle, count)
    for i in unmapped:
        texts[i] = "\ufffd"
    buffer = bytearray(16)  # an FS_RECTF: left, top, right, bottom
    box = ctypes.c_void_p(ctypes.addressof((ctypes.c_float * 4).from_buffer(buffer)))
    loose_box, generated, unpack = _LOOSE_BOX, _GENERATED, struct.Struct("4f").unpack_from
    a, b, c, d, e, f = m
    chars: list[Char] = []
    indices: list[int] = []
    add_char, add_index = chars.append, indices.append
    for i, ch in enumerate(texts):
        if (ch < " " or (ch >= "\ufffe" and ch in _SKIP) or (ch == " " and generated(handle, i))
                or not loose_box(handle, i, box)):
            continue
        left, top, right, bottom = unpack(buffer)
        if a == 1 and d == -1 and b == 0 and c == 0:  # an unrotated page: shift, flip y
            height = top - bottom
            add_char(Char(ch, left + e, right + e, f - top, f - bottom, max(1.0, height)))
        else:
            if b == 0 and c == 0:  # scale and shift only
                x0, x1, y0, y1 = a * left + e, a * right + e, d * top + f, d * bottom + f
            else:  # a rotated page: x comes from y and y from x
                x0, x1, y0, y1 = c * top + e, c * bottom + e, b * left + f, b * right + f
            add_char(char(ch, min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)))
        add_index(i)
    if chars:
        _fix_outsized(textpage, chars, indices, m)
    return chars, len(unmapped)


def _unmapped(handle: ctypes.c_void_p, count: int) -> list[int]:
    """Indices of the characters without a Unicode mapping: every SAMPLE-th character is
    asked first, and all of them only if one of those has none (a font without a map
    usually sets a whole document or section)."""
    map_error = _MAP_ERROR
    if not any(map_error(handle, i) == 1 for i in range(0, count, SAMPLE)):
        return []
    return [i for i in range(count) if map_error(handle, i) == 1]


def _fix_outsized(textpage: ctypes.c_void_p, chars: list[Char], indices: list[int],
                  m: Matrix) -> None:
    """Replace loose boxes many times taller than the page's usual one by the glyph's tight
    box: PDFium sizes the loose box of vertical-writing text (``Identity-V`` fonts, as in a
    table cell whose text runs down) by the unscaled font size."""
    heights = sorted(map(attrgetter("size"), chars))
    limit = OUTSIZED * heights[len(heights) // 2]
    if heights[-1] <= limit:
        return
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, right, bottom, top)]
    for k, ch in enumerate(chars):
        if ch.bottom - ch.top > limit and pdfium_c.FPDFText_GetCharBox(textpage, indices[k],
                                                                        *refs):
            x0, y0 = apply_matrix(m, left.value, top.value)
            x1, y1 = apply_matrix(m, right.value, bottom.value)
            chars[k] = char(ch.text, min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1))


def _page_text(textpage: ctypes.c_void_p, count: int) -> list[str]:
    """Each character's text: all in one call when that lines up with the character indices,
    else one call per character (characters outside the Basic Multilingual Plane take two
    UTF-16 units in the one-call text)."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    if written == count + 1:
        text = bytes(buffer)[: count * 2].decode("utf-16-le", errors="replace")
        if len(text) == count:  # a surrogate pair decodes to one character: one short
            return list(text)
    return [chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count)]
