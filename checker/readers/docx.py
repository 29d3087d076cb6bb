"""Render a Word ``.docx`` report to text in the browser-copy layout.

The body is walked in document order (paragraphs and tables interleaved).  A paragraph is one
line (a soft line break starts a new line); a table row is one line of TAB-separated cells,
where a merged cell's text appears once, at the top-left of the merged area, and every other
grid position it covers is an empty cell.  The zip container is inspected before it is opened
so that zip bombs are refused.
"""
from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from checker.errors import InputError
from checker.files.lazyre import lazy
from checker.readers.numbering import Numbering
from checker.readers.picture import PICTURE
from checker.readers.rendered import Rendered

__all__ = ["MAX_MEMBERS", "MAX_TOTAL_BYTES", "render"]

#: Refuse archives whose members add up to more than this when uncompressed.
MAX_TOTAL_BYTES = 200 * 1024 * 1024
#: Refuse archives with more members than this.
MAX_MEMBERS = 5000
#: A member larger than ``_RATIO_MIN_BYTES`` compressed more than ``MAX_RATIO``:1 is a bomb.
MAX_RATIO = 200
_RATIO_MIN_BYTES = 10 * 1024 * 1024
#: XML parts are parsed into trees costing ~25 times their size: limit each and all together.
MAX_XML_PART_BYTES = 32 * 1024 * 1024
MAX_XML_TOTAL_BYTES = 64 * 1024 * 1024
#: Columns beyond this are dropped.
MAX_COLUMNS = 256

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _SDT, _SDT_CONTENT = f"{_W}p", f"{_W}tbl", f"{_W}sdt", f"{_W}sdtContent"
_TR, _TC, _T = f"{_W}tr", f"{_W}tc", f"{_W}t"
_VAL = f"{_W}val"
_BREAKS = {f"{_W}br", f"{_W}cr"}
_TABS = {f"{_W}tab", f"{_W}ptab"}
#: Elements inside a paragraph whose text is not part of it (deleted text, text boxes, VML
#: fallbacks that duplicate text boxes, field instructions).
_NOT_TEXT = {f"{_W}del", f"{_W}txbxContent", f"{_MC}Fallback", f"{_W}instrText",
             f"{_W}delText", f"{_W}footnoteReference", f"{_W}endnoteReference"}
#: A picture in a run: DrawingML, or VML outside a markup-compatibility fallback.
_PICTURES = {f"{_W}drawing", f"{_W}pict"}
_WS = lazy(r"[ \t\r\n\f\v\xa0\u200b]+")
_HINT = "pip install 'gongkai[docx]'"


def render(data: bytes) -> Rendered:
    """Render DOCX ``data``; raise :class:`InputError` if it is not a readable, safe DOCX."""
    try:
        import docx as python_docx
    except ImportError:
        raise InputError("读取 DOCX 需要 python-docx / reading DOCX needs python-docx, which is "
                         "not installed", hint=_HINT) from None
    _inspect_zip(data)
    try:
        document = python_docx.Document(io.BytesIO(data))
        body = document.element.body
        title = (document.core_properties.title or "").strip() or None
        lines, places = _walk(body, Numbering.of(document))
    except InputError:
        raise
    except Exception as exc:  # python-docx / lxml failure on a damaged file
        raise InputError("无法读取 DOCX / cannot read the DOCX file: "
                         f"{type(exc).__name__}: {exc}") from exc
    return Rendered(text="\n".join(lines), places=places,
                    media_type="application/vnd.openxmlformats-officedocument."
                               "wordprocessingml.document",
                    title=title)


def _inspect_zip(data: bytes) -> None:
    """Refuse anything that is not a sane DOCX zip (legacy .doc, corrupt zip, zip bomb)."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise InputError("这是旧版 Word（.doc）或加密文档，不是 DOCX / this is a legacy Word .doc "
                         "(or password-protected) file, not a DOCX",
                         hint="save it as .docx (Word: 另存为 → Word 文档)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"DOCX 文件已损坏或不是 zip / the DOCX file is corrupt or not a zip "
                         f"archive: {exc}") from None
    if len(members) > MAX_MEMBERS:
        raise InputError(f"DOCX 包含过多文件（{len(members)}）/ the DOCX archive has "
                         f"{len(members)} members (limit {MAX_MEMBERS}); refusing it")
    total = sum(m.file_size for m in members)
    if total > MAX_TOTAL_BYTES:
        raise InputError(f"DOCX 解压后过大 / the DOCX archive would expand to {total // 2**20} MB "
                         f"(limit {MAX_TOTAL_BYTES // 2**20} MB); refusing it (zip bomb?)")
    _check_xml_sizes((m.filename, m.file_size) for m in members)
    for m in members:
        if m.file_size > _RATIO_MIN_BYTES and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise InputError(f"DOCX 压缩比异常 / the DOCX member {m.filename!r} expands "
                             f"{m.file_size // max(m.compress_size, 1)}:1 to "
                             f"{m.file_size // 2**20} MB; refusing it (zip bomb?)")
    _stream_members(data, members)
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        raise InputError("这不是 DOCX 文件 / the file is a zip archive but not a DOCX "
                         "(no word/ part)")


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def _xml_limits(name: str, part: int, xml_total: int) -> None:
    """Refuse an XML part past the per-part limit, or XML parts past the total limit."""
    if part > MAX_XML_PART_BYTES:
        raise InputError(f"DOCX 部件解压后过大 / the DOCX part {name!r} inflates to more than "
                         f"{MAX_XML_PART_BYTES // 2**20} MB of XML (the limit per part); "
                         "refusing it")
    if xml_total > MAX_XML_TOTAL_BYTES:
        raise InputError(f"DOCX 的 XML 解压后过大 / the DOCX XML parts inflate to more than "
                         f"{MAX_XML_TOTAL_BYTES // 2**20} MB together; refusing it")


def _check_xml_sizes(parts: Any) -> None:
    """Refuse from the declared sizes: XML parts past the per-part or the total XML limit."""
    xml_total = 0
    for name, size in parts:
        if _is_xml(name):
            xml_total += size
            _xml_limits(name, size, xml_total)


def _stream_members(data: bytes, members: list[Any]) -> None:
    """Inflate every member in 64 kB chunks: headers can lie about sizes, the data cannot."""
    total = 0
    xml_total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for m in members:
                part = 0
                xml = _is_xml(m.filename)
                with archive.open(m) as fh:  # stops at the declared size; a lie fails the CRC
                    while chunk := fh.read(1 << 16):
                        total += len(chunk)
                        part += len(chunk)
                        if total > MAX_TOTAL_BYTES:
                            raise InputError(
                                "DOCX 解压后过大 / the DOCX archive expands past "
                                f"{MAX_TOTAL_BYTES // 2**20} MB; refusing it (zip bomb?)")
                        if xml:
                            _xml_limits(m.filename, part, xml_total + part)
                if xml:
                    xml_total += part
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise InputError(f"DOCX 文件已损坏 / the DOCX file is corrupt: {exc}") from None


def _walk(body: Any, numbering: Numbering) -> tuple[list[str], list[dict[str, Any] | None]]:
    """Paragraphs and tables of the body, in document order (content controls are entered);
    a paragraph numbered by Word starts with the number Word shows."""
    lines: list[str] = []
    places: list[dict[str, Any] | None] = []
    paragraphs = tables = 0
    stack = list(reversed(list(body)))
    while stack:
        element = stack.pop()
        tag = element.tag
        if tag in (_SDT, _SDT_CONTENT):
            stack.extend(reversed([c for c in element
                                   if c.tag in (_SDT_CONTENT, _P, _TBL, _SDT)]))
        elif tag == _P:
            text = numbering.label(element) + _para_text(element)
            parts = [_collapse(part) for part in text.split("\n")]
            parts = [part for part in parts if part]
            if parts:
                paragraphs += 1
                for part in parts:
                    lines.append(part)
                    places.append({"paragraph": paragraphs, "where": f"第 {paragraphs} 段"})
        elif tag == _TBL:
            tables += 1
            for r, cells in enumerate(_table_grid(element, numbering), 1):
                if any(cells):
                    lines.append("\t".join(cells))
                    places.append({"table": tables, "row": r, "where": f"表格 {tables}，第 {r} 行"})
    return lines, places


def _para_text(p: Any) -> str:
    """A paragraph's visible text; tabs and breaks become spaces and newlines."""
    parts: list[str] = []
    stack = list(reversed(list(p)))
    while stack:
        element = stack.pop()
        tag = element.tag
        if not isinstance(tag, str) or tag in _NOT_TEXT:
            continue
        if tag == _T:
            parts.append(element.text or "")
        elif tag in _TABS:
            parts.append(" ")
        elif tag in _BREAKS:
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif tag in _PICTURES:
            parts.append(f"\n{PICTURE}\n")
        else:
            stack.extend(reversed(list(element)))
    return "".join(parts)


def _cell_text(tc: Any, numbering: Numbering) -> str:
    """All paragraphs of a cell (including any nested table's) as one whitespace-collapsed line."""
    return _collapse(" ".join(numbering.label(p) + _para_text(p) for p in tc.iter(_P)))


def _int_val(parent: Any, name: str, default: int) -> int:
    if parent is None:
        return default
    child = parent.find(f"{_W}{name}")
    if child is None:
        return default
    m = re.match(r"\s*(\d+)", child.get(_VAL) or "")
    return int(m.group(1)) if m else default


def _direct(parent: Any, tag: str) -> list[Any]:
    """Children of ``parent`` with ``tag``, looking through content controls / custom XML."""
    found: list[Any] = []
    stack = list(reversed(list(parent)))
    while stack:
        element = stack.pop()
        if element.tag == tag:
            found.append(element)
        elif element.tag in (_SDT, _SDT_CONTENT, f"{_W}customXml"):
            stack.extend(reversed(list(element)))
    return found


def _table_grid(tbl: Any, numbering: Numbering) -> list[list[str]]:
    """Rows of a table as cell strings, merged areas expanded (text at top-left only)."""
    grid: list[list[str]] = []
    for tr in _direct(tbl, _TR):
        row: list[str] = [""] * min(_int_val(tr.find(f"{_W}trPr"), "gridBefore", 0), MAX_COLUMNS)
        for tc in _direct(tr, _TC):
            if len(row) >= MAX_COLUMNS:
                break
            props = tc.find(f"{_W}tcPr")
            span = max(1, _int_val(props, "gridSpan", 1))
            span = min(span, MAX_COLUMNS - len(row))
            v_merge = props.find(f"{_W}vMerge") if props is not None else None
            h_merge = props.find(f"{_W}hMerge") if props is not None else None
            continued = any(m is not None and (m.get(_VAL) or "continue") == "continue"
                            for m in (v_merge, h_merge))
            text = _cell_text(tc, numbering)  # numbered paragraphs count even when hidden
            row.append("" if continued else text)
            row.extend([""] * (span - 1))
        grid.append(row)
    return grid


def _collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()
