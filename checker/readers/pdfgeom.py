"""Page geometry for the PDF renderer, read with PDFium (``pypdfium2``).

Per page: every character PDFium's text page holds, with its loose box (the font's ascent to
descent, so every character of a line shares its top), and the straight ruling lines that table
borders are drawn with.  Coordinates are in points with the origin at the top left of the page
as displayed (crop box, ``/Rotate`` applied), y growing downwards.

Ruling lines come from path objects, Form XObjects included (their matrices composed): every
horizontal or vertical segment of a stroked path, and the centre line of a thin filled
rectangle (how Word and WPS draw borders).  Larger filled shapes (cell shading, the white boxes
some exporters put behind every paragraph) and anything painted white or fully transparent are
not lines a reader sees, so they are left out.

PDFium is not thread-safe: hold :data:`LOCK` while a :class:`Document` is in use.
"""
from __future__ import annotations

import ctypes
import itertools
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from checker.readers import pdflimits
from checker.readers.pdfobjects import Char, Edge, char

__all__ = ["LOCK", "Char", "Document", "Edge", "PageGeometry", "PasswordError", "PdfError"]

#: Serialises all PDFium calls of this process (the library keeps global state).
LOCK = threading.Lock()
#: A filled shape at most this thick (points) is a drawn line, not shading.
THIN = 3.0
#: A character box this many times taller than the page's median is PDFium's mistake.
OUTSIZED = 4.0
#: A segment whose ends differ by at most this much across its direction is straight.
SKEW = 0.5
_MAX_FORM_DEPTH = 8
_WHITE = 250
_SKIP = frozenset("\ufffe\uffff")

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


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
        except (pdfium.PdfiumError, UnicodeDecodeError):  # an unreadable title is no reason to refuse
            title = ""
        self.title: str | None = title.strip() or None
        self._edges = _EdgeReader()

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


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` first, then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _fast(function: Any, *argtypes: type, restype: type = ctypes.c_int) -> Callable[..., Any]:
    """``function`` (a pypdfium2 binding) called through a prototype taking plain addresses
    and ints, which skips ctypes' per-call pointer type checks (called once per character)."""
    address = ctypes.cast(function, ctypes.c_void_p).value or 0
    prototype: Callable[..., Any] = ctypes.CFUNCTYPE(restype, *argtypes)(address)
    return prototype


_PTR, _INT = ctypes.c_void_p, ctypes.c_int
class _Handle(ctypes.c_void_p):
    """A PDFium handle returned as is (ctypes turns a plain ``c_void_p`` result into an int,
    which would need converting back for every call it is passed to)."""


def _untyped(function: Any, restype: Any = ctypes.c_int) -> Callable[..., Any]:
    """``function`` with no argument types at all: ctypes then passes ``c_void_p`` objects as
    pointers and ints as C ints without converting them, the cheapest call there is (used for
    the calls made once per character or path object, with handles and buffers built once)."""
    prototype: Any = ctypes.CFUNCTYPE(restype)(ctypes.cast(function, ctypes.c_void_p).value or 0)
    prototype.argtypes = None
    return prototype  # type: ignore[no-any-return]


_LOOSE_BOX = _untyped(pdfium_c.FPDFText_GetLooseCharBox)
_SEGMENT = _untyped(pdfium_c.FPDFPath_GetPathSegment, restype=_Handle)
_SEGMENT_POINT = _untyped(pdfium_c.FPDFPathSegment_GetPoint)
_SEGMENT_TYPE = _untyped(pdfium_c.FPDFPathSegment_GetType)
_SEGMENT_CLOSE = _untyped(pdfium_c.FPDFPathSegment_GetClose)
_MAP_ERROR = _untyped(pdfium_c.FPDFText_HasUnicodeMapError)
_GENERATED = _untyped(pdfium_c.FPDFText_IsGenerated)
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
    new = tuple.__new__  # Char(...) without NamedTuple's Python-level __new__
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
            add_char(new(Char, (ch, left + e, right + e, f - top, f - bottom,
                                max(1.0, height))))
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
            x0, y0 = _apply(m, left.value, top.value)
            x1, y1 = _apply(m, right.value, bottom.value)
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


_OBJECT_COUNT = {"page": _untyped(pdfium_c.FPDFPage_CountObjects),
                 "form": _untyped(pdfium_c.FPDFFormObj_CountObjects)}
_OBJECT = {"page": _untyped(pdfium_c.FPDFPage_GetObject, restype=_Handle),  # (page, int)
           # (form, unsigned long): typed, an int is not widened to a long without its type
           "form": _fast(pdfium_c.FPDFFormObj_GetObject, _PTR, ctypes.c_ulong, restype=_Handle)}
_OBJECT_TYPE = _untyped(pdfium_c.FPDFPageObj_GetType)
_DRAW_MODE = _untyped(pdfium_c.FPDFPath_GetDrawMode)
_BOUNDS = _untyped(pdfium_c.FPDFPageObj_GetBounds)
_STROKE_COLOUR = _untyped(pdfium_c.FPDFPageObj_GetStrokeColor)
_FILL_COLOUR = _untyped(pdfium_c.FPDFPageObj_GetFillColor)
_MATRIX = _untyped(pdfium_c.FPDFPageObj_GetMatrix)
_SEGMENT_COUNT = _untyped(pdfium_c.FPDFPath_CountSegments)


class _Buffer:
    """A few C values PDFium writes into, read back with one ``struct`` call."""

    def __init__(self, fmt: str) -> None:
        self.format = struct.Struct(fmt)
        self.data = bytearray(self.format.size)
        base = ctypes.addressof((ctypes.c_char * self.format.size).from_buffer(self.data))
        self.refs = [ctypes.c_void_p(base + 4 * k)  # 4-byte fields
                     for k in range(self.format.size // 4)]

    def values(self) -> tuple[float, ...]:
        return self.format.unpack_from(self.data)


class _EdgeReader:
    """Reads ruling lines from path objects (calls into PDFium are most of the cost, so they
    go through :func:`_fast` prototypes and reused buffers)."""

    def __init__(self) -> None:
        self.bounds = _Buffer("4f")
        self.mode = _Buffer("2i")
        self.colour = _Buffer("4I")
        self.matrix = _Buffer("6f")
        self.point = _Buffer("2f")
        self.edges: list[Edge] = []

    def read_page(self, page: ctypes.c_void_p, m: Matrix) -> list[Edge]:
        """The ruling lines of a page; ``m`` maps its user space to display space."""
        self.edges = []
        self.read(page, "page", m, 0)
        return self.edges

    def read(self, container: ctypes.c_void_p, kind: str, m: Matrix, depth: int) -> None:
        """Collect the ruling lines of the objects in a page or form (``kind``), forms
        recursively; ``m`` maps the container's space to display space."""
        get_object = _OBJECT[kind]
        path, form = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
        for i in range(_OBJECT_COUNT[kind](container)):
            obj = get_object(container, i)
            if not obj:
                continue
            obj_type = _OBJECT_TYPE(obj)
            if obj_type == path:
                self._path(obj, m)
            elif obj_type == form and depth < _MAX_FORM_DEPTH:
                self.read(obj, "form", _compose(self._own_matrix(obj), m), depth + 1)

    def _own_matrix(self, obj: ctypes.c_void_p) -> Matrix:
        if not _MATRIX(obj, self.matrix.refs[0]):
            return _IDENTITY
        return self.matrix.values()  # type: ignore[return-value]

    def _visible(self, get_colour: Callable[..., int], obj: ctypes.c_void_p) -> bool:
        """Whether the stroke or fill colour (``get_colour``) shows on white paper."""
        if not get_colour(obj, *self.colour.refs):
            return True  # a pattern or an unusual colour space: assume it shows
        r, g, b, alpha = self.colour.values()
        return alpha > 0 and min(r, g, b) < _WHITE

    def _path(self, obj: ctypes.c_void_p, m: Matrix) -> None:
        if not _DRAW_MODE(obj, *self.mode.refs):
            return
        fill_mode, stroke = self.mode.values()
        filled = fill_mode != pdfium_c.FPDF_FILLMODE_NONE
        stroked = bool(stroke)
        if not (filled or stroked) or not _BOUNDS(obj, *self.bounds.refs):
            return
        left, bottom, right, top = self.bounds.values()
        x0, y0 = _apply(m, left, top)
        x1, y1 = _apply(m, right, bottom)
        x0, x1 = min(x0, x1), max(x0, x1)
        y0, y1 = min(y0, y1), max(y0, y1)
        thin_h, thin_v = y1 - y0 <= THIN < x1 - x0, x1 - x0 <= THIN < y1 - y0
        if thin_h or thin_v:  # a line, or a thin rectangle drawn as one: its centre line
            if self._visible(_STROKE_COLOUR if stroked else _FILL_COLOUR, obj):
                if thin_h:
                    self.edges.append(Edge("h", (y0 + y1) / 2, x0, x1))
                else:
                    self.edges.append(Edge("v", (x0 + x1) / 2, y0, y1))
            return
        if not stroked:
            # One filled rectangle this size is shading or a white box behind text, not a line
            # a reader sees; a path of several is a grid of thin rectangles drawn as one.
            if _SEGMENT_COUNT(obj) > 5 and self._visible(_FILL_COLOUR, obj):
                for subpath in self._subpaths(obj, _compose(self._own_matrix(obj), m)):
                    self._thin(subpath)
            return
        if self._visible(_STROKE_COLOUR, obj):
            for subpath in self._subpaths(obj, _compose(self._own_matrix(obj), m)):
                for (sx0, sy0, curved), (sx1, sy1, _) in itertools.pairwise(subpath):
                    if not curved:
                        self._segment(sx0, sy0, sx1, sy1)

    def _thin(self, subpath: list[tuple[float, float, bool]]) -> None:
        """The centre line of a filled subpath that is a thin rectangle."""
        xs = [p[0] for p in subpath]
        ys = [p[1] for p in subpath]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        if y1 - y0 <= THIN < x1 - x0:
            self.edges.append(Edge("h", (y0 + y1) / 2, x0, x1))
        elif x1 - x0 <= THIN < y1 - y0:
            self.edges.append(Edge("v", (x0 + x1) / 2, y0, y1))

    def _segment(self, x0: float, y0: float, x1: float, y1: float) -> None:
        if abs(y1 - y0) <= SKEW and x0 != x1:
            self.edges.append(Edge("h", (y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) <= SKEW and y0 != y1:
            self.edges.append(Edge("v", (x0 + x1) / 2, min(y0, y1), max(y0, y1)))

    def _subpaths(self, obj: ctypes.c_void_p, m: Matrix) -> list[list[tuple[float, float, bool]]]:
        """The path's subpaths as display-space points; a point's flag says the segment *from*
        it to the next point is not straight (the next point ends a Bézier curve)."""
        a, b, c, d, e, f = m
        px, py = self.point.refs
        moveto, bezier = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_BEZIERTO
        out: list[list[tuple[float, float, bool]]] = []
        current: list[tuple[float, float, bool]] = []
        for i in range(_SEGMENT_COUNT(obj)):
            segment = _SEGMENT(obj, i)
            if not segment or not _SEGMENT_POINT(segment, px, py):
                continue
            sx, sy = self.point.values()
            point = (a * sx + c * sy + e, b * sx + d * sy + f, False)
            kind = _SEGMENT_TYPE(segment)
            if kind == moveto or not current:
                if len(current) > 1:
                    out.append(current)
                current = [point]
                continue
            if kind == bezier:
                last = current[-1]
                current[-1] = (last[0], last[1], True)
            current.append(point)
            if _SEGMENT_CLOSE(segment):
                current.append((current[0][0], current[0][1], False))
        if len(current) > 1:
            out.append(current)
        return out


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f
