"""``normalise_bytes`` and ``normalise_path``: sniff the input kind, decode text, dispatch.

Text is decoded strictly: BOMs first (UTF-8, UTF-16, UTF-32), then strict UTF-8, then
GB18030 (a superset of GBK/GB2312, the usual legacy encoding of Chinese government
sites) when it decodes cleanly and yields Chinese, and only then charset-normalizer's
guess. HTML, DOCX and PDF go to their readers, which return a ``Rendered``.
"""
from __future__ import annotations

import codecs
import contextlib
import importlib
import os
import re
from typing import Any

from checker.errors import InputError
from checker.files.digest import sha256
from checker.files.lazyre import lazy
from checker.readers.rendered import Rendered

__all__ = ["MAX_BYTES", "decode_text", "normalise_bytes", "normalise_path", "sniff"]

MAX_BYTES = 50 * 1024 * 1024
_SUFFIX = {".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html", ".docx": "docx",
           ".pdf": "pdf", ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text"}
_MEDIA = {"html": "text/html", "docx":
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "pdf": "application/pdf", "text": "text/plain"}
_HTML_SNIFF = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|meta|table|div|p)[\s>/]", re.I)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_REFUSAL_HINT = {
    "html": ("save the page again from the browser (File → Save as), or copy its text into a "
             ".txt file"),
    "docx": "open it in Word or WPS and save it again as .docx, or export its text to a .txt file",
    "pdf": "export the report again as a text PDF (not a scan), or copy its text into a .txt file",
}
_EXTRA = {"docx": "docx", "pdf": "pdf"}
_LIBS = {"docx": ("docx", "lxml"), "pdf": ("pypdfium2",)}


def sniff(data: bytes, path: str | None = None, media_type: str | None = None) -> str:
    """Return ``html``, ``docx``, ``pdf``, ``legacy`` (``.doc``/``.wps``) or ``text``: by
    media type, suffix, then content."""
    if media_type:
        mt = media_type.split(";")[0].strip().lower()
        for kind, name in _MEDIA.items():
            if mt == name and kind != "text":  # "text/plain" is often a guess from the name
                return kind
        if mt in ("application/xhtml+xml",):
            return "html"
    head = data[:4096]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and (b"word/document.xml" in data[:1 << 20]
                                            or b"word/document.xml" in data[-(1 << 16):]):
        return "docx"
    from checker.readers.legacy import is_legacy  # subprocess, tempfile: only when sniffing

    if is_legacy(data, path):
        return "legacy"
    if path:
        by_suffix = _SUFFIX.get(os.path.splitext(path)[1].lower())
        if by_suffix and by_suffix != "text":
            return by_suffix
    if _HTML_SNIFF.search(head.lstrip()[:1024]) and head.lstrip()[:1] == b"<":
        return "html"
    return "text"


def _cjk_share(s: str) -> float:
    if not s:
        return 0.0
    sample = s[:4000]
    return sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff") / len(sample)


_JUNK = lazy("[\x00-\x08\x0b\x0e-\x1f\ufffd\ue000-\uf8ff]")


def _junk_share(s: str) -> float:
    """Share of control, replacement and private-use characters in the first 8,000."""
    sample = s[:8000]
    if not sample:
        return 0.0
    return len(_JUNK.findall(sample)) / len(sample)


def decode_text(data: bytes, path: str | None = None) -> tuple[str, str]:
    """Decode text bytes; returns (text with ``\\n`` newlines and no NULs, encoding)."""
    text: str | None = None
    enc = ""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text, enc = data.decode(name), name
            except UnicodeDecodeError:
                text = None
            break
    if text is None:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text = None
    if text is None and data.count(b"\x00") > len(data) // 4:
        for name in ("utf-16-le", "utf-16-be"):
            try:
                cand = data.decode(name)
            except UnicodeDecodeError:
                continue
            if _junk_share(cand) < 0.02:
                text, enc = cand, name
                break
    if text is None:
        try:
            cand = data.decode("gb18030")
            if _cjk_share(cand) > 0.05 and _junk_share(cand.replace("\x00", "")) < 0.01:
                text, enc = cand, "gb18030"
        except UnicodeDecodeError:
            pass
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding:
            enc = best.encoding
            text = str(best)
            if _cjk_share(text) > 0 and enc.lower() not in ("gb18030", "gbk", "gb2312", "big5",
                                                             "utf_8", "utf-8"):
                with contextlib.suppress(UnicodeDecodeError):
                    text, enc = data.decode("gb18030", errors="strict"), "gb18030"
    where = path or "input"
    if text is None or _junk_share(text) > 0.05:
        raise InputError("the file does not look like text (binary data or an unknown encoding)",
                         path=path, hint="give a .txt, .html, .docx or .pdf report; if this is a "
                         f"text file, convert {where} to UTF-8 first")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text, enc


def _render(kind: str, data: bytes, path: str | None) -> Rendered:
    try:
        mod = importlib.import_module(f"checker.readers.{kind}")
    except ImportError as exc:
        missing = getattr(exc, "name", "") or ""
        if kind in _EXTRA and any(missing.startswith(lib) for lib in _LIBS[kind]):
            raise InputError(f"reading .{kind} files needs an optional library ({missing})",
                             path=path, hint=f"pip install 'gongkai[{_EXTRA[kind]}]'") from exc
        raise InputError(f"reading {kind.upper()} input is not available in this installation",
                         path=path, hint="convert the report to text (.txt) first") from exc
    try:
        rendered: Rendered = mod.render(data)
    except InputError as exc:
        exc.path = exc.path or path
        exc.hint = exc.hint or _REFUSAL_HINT[kind]
        raise
    except ImportError as exc:
        missing = getattr(exc, "name", "") or ""
        extra = _EXTRA.get(kind, kind)
        raise InputError(f"reading .{kind} files needs an optional library ({missing})",
                         path=path, hint=f"pip install 'gongkai[{extra}]'") from exc
    return rendered


def normalise_bytes(data: bytes, *, path: str | None = None,
                    media_type: str | None = None) -> dict[str, Any]:
    """Normalise a report given as bytes (text, HTML, DOCX, PDF; DOC/WPS through LibreOffice).

    Raises:
        InputError: binary junk, an undecodable file, or a reader that needs a missing library.
    """
    from checker.readers.text import normalise_text  # the reading itself, not needed to decode

    sha = sha256(data).hexdigest()
    kind = sniff(data, path, media_type)
    if kind == "text":
        text, enc = decode_text(data, path)
        return normalise_text(text, source={"path": path, "sha256": sha,
                                            "media_type": "text/plain", "encoding": enc},
                              media_type="text/plain")
    if kind == "legacy":
        from checker.readers.legacy import media_type as legacy_media_type
        from checker.readers.legacy import to_docx

        rendered = _render("docx", to_docx(data, path), path)
        if not rendered.text.strip() or _junk_share(rendered.text) > 0.02:
            raise InputError("LibreOffice 转换后没有可读的文字 / LibreOffice found no readable "
                             "text in the file", path=path, hint="the file may be damaged or not "
                             "a Word/WPS document; open it in Word or WPS and save it as .docx")
        mt = legacy_media_type(path)
    else:
        rendered = _render(kind, data, path)
        if _junk_share(rendered.text) > 0.05:  # random bytes in a container are not a report
            raise InputError(f"文件内容不像文档（多为控制字符或乱码）/ the {kind.upper()} file "
                             "does not look like a document: its text is mostly control, "
                             "replacement or private-use characters", path=path,
                             hint="check that the file is the report itself and not damaged")
        mt = getattr(rendered, "media_type", None) or _MEDIA[kind]
    if mt == "text/plain":
        mt = _MEDIA[kind]
    return normalise_text(rendered.text, places=rendered.places, media_type=mt,
                          title=rendered.title, published=rendered.published,
                          source={"path": path, "sha256": sha, "media_type": mt,
                                  "encoding": rendered.encoding})


def normalise_path(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read and normalise a report file (refuses empty files and files over 50 MB)."""
    from checker.files.safeio import read_regular

    name = os.fspath(path)
    if os.path.isdir(name):
        raise InputError("is a directory, not a report file", path=name,
                         hint="give the path of a .txt, .html, .docx or .pdf report")
    data = read_regular(name, limit=MAX_BYTES, what="the file",
                        hint="split the document or give the report alone")
    if not data:
        raise InputError("the file is empty", path=name,
                         hint="save the report's content into the file and try again")
    return normalise_bytes(data, path=name)
