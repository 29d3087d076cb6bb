"""Ruling lines of a PDF page, read from its path objects with PDFium (``pypdfium2``).

Every horizontal or vertical segment of a stroked path, and the centre line of a thin filled
rectangle (how Word and WPS draw borders), Form XObjects included (their matrices composed).
Larger filled shapes and anything painted white or fully transparent are left out. Also the
ctypes call helpers that :mod:`checker.readers.pdf.geometry` uses for its per-character calls.
"""
from __future__ import annotations

import ctypes
import itertools
import struct
from collections.abc import Callable
from typing import Any

import pypdfium2.raw as pdfium_c

from checker.readers.pdf.objects import Edge

__all__ = ["EdgeReader", "Matrix", "apply_matrix", "compose", "untyped"]

#: A filled shape at most this thick (points) is a drawn line, not shading.
THIN = 3.0
#: A segment whose ends differ by at most this much across its direction is straight.
SKEW = 0.5
_MAX_FORM_DEPTH = 8
_WHITE = 250

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def compose(inner: Matrix, outer: Matrix) -> Matrix:
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


def untyped(function: Any, restype: Any = ctypes.c_int) -> Callable[..., Any]:
    """``function`` with no argument types at all: ctypes then passes ``c_void_p`` objects as
    pointers and ints as C ints without converting them, the cheapest call there is (used for
    the calls made once per character or path object, with handles and buffers built once)."""
    prototype = ctypes.CFUNCTYPE(restype)(ctypes.cast(function, ctypes.c_void_p).value or 0)
    # None (no conversion at all) is what ctypes documents and does; typeshed allows only a
    # sequence of types here
    prototype.argtypes = None  # type: ignore[assignment]
    return prototype


_SEGMENT = untyped(pdfium_c.FPDFPath_GetPathSegment, restype=_Handle)
_SEGMENT_POINT = untyped(pdfium_c.FPDFPathSegment_GetPoint)
_SEGMENT_TYPE = untyped(pdfium_c.FPDFPathSegment_GetType)
_SEGMENT_CLOSE = untyped(pdfium_c.FPDFPathSegment_GetClose)
_OBJECT_COUNT = {"page": untyped(pdfium_c.FPDFPage_CountObjects),
                 "form": untyped(pdfium_c.FPDFFormObj_CountObjects)}
_OBJECT = {"page": untyped(pdfium_c.FPDFPage_GetObject, restype=_Handle),  # (page, int)
           # (form, unsigned long): typed, an int is not widened to a long without its type
           "form": _fast(pdfium_c.FPDFFormObj_GetObject, _PTR, ctypes.c_ulong, restype=_Handle)}
_OBJECT_TYPE = untyped(pdfium_c.FPDFPageObj_GetType)
_DRAW_MODE = untyped(pdfium_c.FPDFPath_GetDrawMode)
_BOUNDS = untyped(pdfium_c.FPDFPageObj_GetBounds)
_STROKE_COLOUR = untyped(pdfium_c.FPDFPageObj_GetStrokeColor)
_FILL_COLOUR = untyped(pdfium_c.FPDFPageObj_GetFillColor)
_MATRIX = untyped(pdfium_c.FPDFPageObj_GetMatrix)
_SEGMENT_COUNT = untyped(pdfium_c.FPDFPath_CountSegments)


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


class EdgeReader:
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
                self.read(obj, "form", compose(self._own_matrix(obj), m), depth + 1)

    def _own_matrix(self, obj: ctypes.c_void_p) -> Matrix:
        if not _MATRIX(obj, self.matrix.refs[0]):
            return _IDENTITY
        a, b, c, d, e, f = self.matrix.values()  # "6f": six floats
        return (a, b, c, d, e, f)

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
        x0, y0 = apply_matrix(m, left, top)
        x1, y1 = apply_matrix(m, right, bottom)
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
                for subpath in self._subpaths(obj, compose(self._own_matrix(obj), m)):
                    self._thin(subpath)
            return
        if self._visible(_STROKE_COLOUR, obj):
            for subpath in self._subpaths(obj, compose(self._own_matrix(obj), m)):
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


def apply_matrix(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f
