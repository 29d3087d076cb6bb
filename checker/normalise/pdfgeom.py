"""Page geometry for the PDF renderer: characters and ruling-line edges, and tables found on them.

pdfminer.six interprets each page's content stream (no layout analysis) and only what the
renderer uses is kept: per character its text, box (``x0``/``x1``/``top``/``bottom``, origin at
the top left), font size and uprightness, recorded as it is drawn without building pdfminer's
``LTChar``; per line/rectangle/curve its edges.  Coordinates follow pdfplumber's conventions
exactly and tables are found by pdfplumber's own table finder
(:class:`pdfplumber.table.TableFinder`) run on these objects, so ruling-line tables (merged cells
included) and text-aligned tables come out as pdfplumber finds them, without pdfplumber's
``Page``, which turns every object into a dict of ~25 resolved attributes (~40% of the time
of reading a report).
"""
from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTLine, LTRect
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.utils import Matrix
from pdfplumber.table import Table, TableFinder
from pdfplumber.utils import crop_to_bbox, extract_words, resolve_and_decode

from checker.normalise import pdflimits

__all__ = ["Document", "PageGeometry"]

Bbox = tuple[float, float, float, float]
Obj = dict[str, Any]


@dataclass
class PageGeometry:
    """One page's characters and edges, with just enough of pdfplumber's ``Page`` interface
    (``bbox``, ``edges``, ``extract_words``) for its table finder."""

    bbox: Bbox
    chars: list[Obj]
    edges: list[Obj] = field(default_factory=list)

    @property
    def height(self) -> float:
        return self.bbox[3] - self.bbox[1]

    def extract_words(self, **settings: Any) -> list[Obj]:
        return extract_words(self.chars, **settings)

    def find_tables(self, settings: dict[str, Any] | None = None) -> list[Table]:
        """Tables as pdfplumber's ``Page.find_tables`` finds them (same default settings)."""
        return TableFinder(self, settings).tables

    def crop(self, bbox: Bbox) -> PageGeometry:
        """The characters overlapping ``bbox``, clipped to it, as ``Page.crop`` does (the page
        box is clamped first; edges are left out: only text-strategy tables are looked for in a
        cropped region)."""
        bbox = (max(bbox[0], self.bbox[0]), max(bbox[1], self.bbox[1]),
                min(bbox[2], self.bbox[2]), min(bbox[3], self.bbox[3]))
        chars = [dict(ch, doctop=ch["top"]) for ch in self.chars]
        return PageGeometry(bbox, crop_to_bbox(chars, bbox))


class Document:
    """A parsed PDF: its pages (unread), title, and :meth:`read` to get a page's geometry.

    Raises whatever pdfminer raises on a damaged or encrypted file.
    """

    def __init__(self, data: bytes) -> None:
        self._doc = PDFDocument(PDFParser(io.BytesIO(data)), password="")
        self.pages: list[PDFPage] = list(PDFPage.create_pages(self._doc))
        self.title = _title(self._doc.info)
        resources = PDFResourceManager()
        self._device = _Device(resources)
        self._interpreter = PDFPageInterpreter(resources, self._device)
        self._content = pdflimits.ContentBudget()

    def read(self, page: PDFPage, number: int = 0) -> PageGeometry:
        """Interpret ``page`` (page ``number``) and collect its characters and edges; the page
        size and its content streams' inflated size are checked first (pdflimits)."""
        bbox = _page_box(page)
        pdflimits.check_page_size(bbox[2] - bbox[0], bbox[3] - bbox[1], number)
        self._content.check(pdflimits.pdfminer_streams(page), number)
        self._interpreter.process_page(page)
        height = bbox[3] - bbox[1]
        lines: list[Obj] = []
        rects: list[Obj] = []
        curves: list[LTCurve] = []
        _collect(self._device.get_result(), lines, rects, curves)
        mb_x0, mb_top = bbox[0], bbox[1]
        chars = [{"text": text, "x0": x0 + mb_x0, "x1": x1 + mb_x0, "top": (height - y1) + mb_top,
                  "bottom": (height - y0) + mb_top, "size": size, "upright": upright}
                 for text, x0, y0, x1, y1, size, upright in self._device.chars]
        for obj in (*lines, *rects):  # to pdfplumber's top-left coordinates
            lt = obj.pop("lt")
            obj["x0"], obj["x1"] = lt.x0 + mb_x0, lt.x1 + mb_x0
            obj["top"], obj["bottom"] = (height - lt.y1) + mb_top, (height - lt.y0) + mb_top
        edges = [_line_edge(line) for line in lines]
        for rect in rects:
            edges.extend(_rect_edges(rect))
        for curve in curves:
            pts = [(mb_x0 + x, mb_top + height - y) for x, y in curve.pts]
            edges.extend(_curve_edges(pts))
        return PageGeometry(bbox, chars, edges)


CharRecord = tuple[str, float, float, float, float, float, bool]  # text, x0 y0 x1 y1, size, upright


class _Device(PDFPageAggregator):
    """Collects a page's characters as :data:`CharRecord` tuples (pdfminer's page coordinates,
    the box ``LTChar`` would have) and its shapes as pdfminer layout objects."""

    def __init__(self, resources: PDFResourceManager) -> None:
        super().__init__(resources, laparams=None)
        self.chars: list[CharRecord] = []

    def begin_page(self, page: PDFPage, ctm: Matrix) -> None:
        super().begin_page(page, ctm)
        self.chars = []

    def render_char(self, matrix: Matrix, font: PDFFont, fontsize: float, scaling: float,
                    rise: float, cid: int, ncs: Any, graphicstate: Any) -> float:
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)  # "(cid:NN)"
        a, b, c, d, e, f = matrix
        if b or c or font.is_vertical():  # rotated, skewed or vertical: pdfminer works it out
            char = LTChar(matrix, font, fontsize, scaling, rise, text, font.char_width(cid),
                          font.char_disp(cid), ncs, graphicstate)
            self.chars.append((text, *char.bbox, char.size, char.upright))
            return char.adv
        # LTChar.__init__'s arithmetic for horizontal text under a scale-and-shift matrix
        adv = font.char_width(cid) * fontsize * scaling
        descent = font.get_descent() * fontsize
        x0, x1 = sorted((e, a * adv + e))
        y0, y1 = sorted((d * (descent + rise) + f, d * (descent + rise + fontsize) + f))
        self.chars.append((text, x0, y0, x1, y1, y1 - y0, a * d * scaling > 0))
        return adv


def _collect(container: Iterable[Any], lines: list[Obj], rects: list[Obj],
             curves: list[LTCurve]) -> None:
    """Walk the layout tree (figures included) in drawing order, keeping the pdfminer object
    under ``"lt"`` until its coordinates are converted."""
    for obj in container:
        if isinstance(obj, LTContainer):
            _collect(obj, lines, rects, curves)
        elif isinstance(obj, (LTLine, LTRect)):
            shape = {"width": obj.width, "height": obj.height, "lt": obj}
            (lines if isinstance(obj, LTLine) else rects).append(shape)
        elif isinstance(obj, LTCurve):
            curves.append(obj)


def _line_edge(line: Obj) -> Obj:
    return {**line, "object_type": "line",
            "orientation": "h" if line["top"] == line["bottom"] else "v"}


def _rect_edges(rect: Obj) -> list[Obj]:
    """The four edges of a rectangle, as ``pdfplumber.utils.rect_to_edges``."""
    kind = "rect_edge"
    return [{**rect, "object_type": kind, "height": 0, "bottom": rect["top"], "orientation": "h"},
            {**rect, "object_type": kind, "height": 0, "top": rect["top"] + rect["height"],
             "orientation": "h"},
            {**rect, "object_type": kind, "width": 0, "x1": rect["x0"], "orientation": "v"},
            {**rect, "object_type": kind, "width": 0, "x0": rect["x1"], "orientation": "v"}]


def _curve_edges(pts: list[tuple[float, float]]) -> list[Obj]:
    """Straight segments between a curve's points, as ``pdfplumber.utils.curve_to_edges``."""
    return [{"object_type": "curve_edge", "x0": min(p0[0], p1[0]), "x1": max(p0[0], p1[0]),
             "top": min(p0[1], p1[1]), "bottom": max(p0[1], p1[1]),
             "width": abs(p0[0] - p1[0]), "height": abs(p0[1] - p1[1]),
             "orientation": "v" if p0[0] == p1[0] else ("h" if p0[1] == p1[1] else None)}
            for p0, p1 in zip(pts, pts[1:])]


def _page_box(page: PDFPage) -> Bbox:
    """The page box in pdfplumber's coordinates (rotation applied, y measured downwards)."""
    x0, x1 = sorted((page.mediabox[0], page.mediabox[2]))
    y0, y1 = sorted((page.mediabox[1], page.mediabox[3]))
    if page.rotate in (90, 270):
        x0, y0, x1, y1 = y0, x0, y1, x1
    height = y1 - y0
    return (x0, height - y1, x1, height - y0)


def _title(info: list[dict[str, Any]]) -> str | None:
    """The document title from the Info dictionaries, or None."""
    for entry in reversed(info):
        if "Title" in entry:
            try:
                value = resolve_and_decode(entry["Title"])
            except Exception:  # an unreadable title is no reason to refuse the file
                return None
            return value.strip() or None if isinstance(value, str) else None
    return None
