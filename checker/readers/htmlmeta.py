"""Decoding and metadata of HTML pages: character set, title, publication date."""
from __future__ import annotations

import codecs
import re

from selectolax.lexbor import LexborHTMLParser

from checker.files.lazyre import lazy

__all__ = ["collapse", "decode", "norm_date", "published", "title"]

_WS = lazy(r"[ \t\r\n\f\v\xa0\u200b]+")
_META_CHARSET = re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.I)
_DATE = lazy(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
                   r"|((?:19|20)\d\d)(\d\d)(\d\d)")
_PUBLISHED_NAMES = ("pubdate", "firstpublishedtime", "publishdate", "publish_date",
                    "publishtime", "article:published_time", "dc.date", "dc.date.created",
                    "dcterms.issued", "date", "releasedate")
_GB_ALIASES = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "csgb2312", "cp936", "ms936", "gb18030",
               "euc-cn", "x-euc-cn", "hz-gb-2312"}


def collapse(text: str) -> str:
    """Collapse runs of whitespace (including NBSP) to one space and strip."""
    return _WS.sub(" ", text).strip()


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes: BOM, then strict UTF-8, then the declared charset, then detection."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, "replace"), codec
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:8192])
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        codec = "gb18030" if declared in _GB_ALIASES else declared
        try:
            return data.decode(codec), codecs.lookup(codec).name
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding:
            codec = "gb18030" if best.encoding.lower() in _GB_ALIASES else best.encoding
            return data.decode(codec, "replace"), codecs.lookup(codec).name
    except (ImportError, LookupError):
        pass
    return data.decode("gb18030", "replace"), "gb18030"


def _meta(tree: LexborHTMLParser) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        name = (attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or "").lower()
        content = (attrs.get("content") or "").strip()
        if name and content and name not in found:
            found[name] = content
    return found


def title(tree: LexborHTMLParser) -> str | None:
    article_title = _meta(tree).get("articletitle")
    if article_title:
        return collapse(article_title)
    node = tree.css_first("title")
    title = collapse(node.text()) if node is not None else ""
    if not title:
        return None
    parts = [p.strip() for p in re.split(r"\s*[_|｜]\s*|\s+[-—–]+\s+", title) if p.strip()]
    reports = [p for p in parts if "报告" in p]
    return (reports or parts or [title])[0]


def published(tree: LexborHTMLParser) -> str | None:
    meta = _meta(tree)
    for name in _PUBLISHED_NAMES:
        date = norm_date(meta.get(name, ""))
        if date:
            return date
    body = tree.body
    if body is not None:
        m = re.search(r"(?:发布|发文|成文|公开)(?:时间|日期)\s*[:：]\s*([0-9年月日\-/. ]{8,20})",
                      body.text(deep=True))
        if m:
            return norm_date(m.group(1))
    return None


def norm_date(value: str) -> str | None:
    """``2024-1-5 10:00`` / ``2024年01月05日`` / ``20240105`` → ``2024-01-05``; else None."""
    m = _DATE.search(value)
    if not m:
        return None
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else m.group(4, 5, 6)
    if not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31):
        return None
    return f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
