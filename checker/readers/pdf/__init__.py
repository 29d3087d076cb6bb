"""PDF reports, read with PDFium: characters and ruling lines (``geometry``, ``paths``,
``objects``), text lines (``lines``), tables from ruling lines or from alignment (``tables``,
``align``), limits checked before the heavy work (``limits``), and the page assembly (``read``)."""
from __future__ import annotations

from checker.readers.pdf.read import ENCRYPTED, MAX_PAGES, NO_TEXT, NO_UNICODE, PAGE_BUDGET, render

__all__ = ["ENCRYPTED", "MAX_PAGES", "NO_TEXT", "NO_UNICODE", "PAGE_BUDGET", "render"]
