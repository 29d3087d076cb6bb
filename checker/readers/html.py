"""Render an HTML page (as saved from a government website) to text like a browser's copy.

One line per paragraph (``<br>`` starts a new line), one line per table row with the cells
TAB-separated and row/column spans expanded into empty cells.  Page chrome (navigation,
breadcrumbs, footers, ``字号：大 中 小``, ``打印``, ``关闭窗口`` …) is dropped and, when it can be
identified, only the main article container is rendered.
"""
from __future__ import annotations

import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from checker.errors import InputError
from checker.files.lazyre import lazy
from checker.readers.htmlmeta import collapse as _collapse
from checker.readers.htmlmeta import decode
from checker.readers.htmlmeta import published as published_date
from checker.readers.htmlmeta import title as page_title
from checker.readers.picture import PICTURE
from checker.readers.rendered import Rendered
from checker.readers.tables.grid import Span, expand

__all__ = ["MAX_BYTES", "MAX_TABLE_DEPTH", "render"]

MAX_BYTES = 50 * 1024 * 1024
#: Tables nested deeper than this are rendered as one line of plain text.
MAX_TABLE_DEPTH = 20
#: Block containers nested deeper than this make the parser quadratic: refuse the page.
MAX_BLOCK_DEPTH = 4000
#: A table cell with more text than this is page layout, not data.
_LAYOUT_CELL_CHARS = 400

_BLOCK = frozenset(
    "address article aside blockquote caption center dd details dir div dl dt fieldset "
    "figcaption figure form h1 h2 h3 h4 h5 h6 hr li main menu ol p pre section summary "
    "table tbody tfoot thead td th tr ul body html".split())
_SKIP = frozenset(
    "script style noscript template iframe object embed select option button input textarea "
    "svg canvas head title meta link map audio video area base".split())
_CHROME_TAGS = frozenset({"nav", "header", "footer"})
_CHROME_ATTR = lazy(
    r"nav|menu|footer|(?<![a-z])foot(?![a-z])|breadcrumb|crumb|share|toolbar|sidebar|dqwz|"
    r"weizhi|position|location|fontsize|font-size|zihao", re.I)
_HIDDEN = lazy(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WHERE_AM_I = lazy(r"^(?:您)?(?:现在)?(?:的|所在)?(?:当前)?(?:所在)?位置\s*[:：]")
_ZIHAO = lazy(
    r"[【\[（(]?\s*字[号体]\s*[:：]?\s*[【\[（(]?\s*大\s*[】\])）]?\s*[【\[（(]?\s*中\s*[】\])）]?"
    r"\s*[【\[（(]?\s*小\s*[】\])）]?\s*[】\])）]?")
_CHROME_WORDS = (r"[【\[（(]?\s*(?:打印(?:本页|文章|此页)?|关闭(?:窗口|本页|页面)?|分享到\s*[:：]?|"
                 r"收藏(?:本页)?|返回顶部|加入收藏|设为首页|我要纠错|"
                 r"扫一扫(?:在手机(?:上)?(?:打开|查看)(?:当前页)?)?%s)\s*[】\])）]?")
_CHROME_TOKEN = lazy(_CHROME_WORDS % "")
_CHROME_ONLY = lazy(r"^(?:" + _CHROME_WORDS % r"|字[号体]\s*[:：]?|默认|大|中|小"
                          + r"|[\s|｜/·•:：,，、])+$")
_ANY_TAG = lazy(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
#: Elements that never enclose others (void) or whose end tag may be left out (the parser
#: closes them at the next sibling) do not add to the nesting depth; nor do tables, which the
#: parser nests cheaply and the reader flattens past MAX_TABLE_DEPTH.
_FLAT = frozenset(
    "table "
    "area base br col embed hr img input link meta param source track wbr keygen command "
    "p li dt dd tr td th option optgroup rb rt rp thead tbody tfoot colgroup html head body "
    "basefont bgsound frame image isindex nextid spacer".split())


def render(data: bytes) -> Rendered:
    """Render HTML ``data`` to a :class:`Rendered`; raise :class:`InputError` if it cannot be
    read."""
    if not data or not data.strip():
        raise InputError("HTML 文件为空 / the HTML file is empty")
    if len(data) > MAX_BYTES:
        raise InputError(f"HTML 文件过大 / the HTML file is larger than {MAX_BYTES // 2**20} MB")
    text, encoding = decode(data)
    _check_nesting(text)
    try:
        tree = LexborHTMLParser(text)
        tree.strip_tags(["script", "style", "noscript", "template"])
        title = page_title(tree)
        published = published_date(tree)
        body = tree.body or tree.root
        if body is None:
            raise InputError("HTML 中没有可读内容 / the HTML page has no content")
        items = _walk(_main_container(body))
    except InputError:
        raise
    except Exception as exc:  # library failure on hostile input: report, never crash
        raise InputError("无法解析 HTML / cannot parse the HTML page: "
                         f"{type(exc).__name__}: {exc}") from exc
    lines, places = _assemble(items, title)
    return Rendered(text="\n".join(lines), places=places, media_type="text/html", title=title,
                    published=published, encoding=encoding)


def _check_nesting(text: str) -> None:
    """Refuse pages whose elements nest absurdly deep (they make HTML parsing quadratic).

    Every element counts (``nav``, ``header``, ``span`` … as well as blocks), except void
    elements, self-closed tags, tables, and elements whose end tag is optional (``p``, ``li``,
    ``td`` …).
    """
    depth = deepest = 0
    for m in _ANY_TAG.finditer(text):
        if m.group(3) or m.group(2).lower() in _FLAT:
            continue
        depth = max(0, depth - 1) if m.group(1) else depth + 1
        if depth > deepest:
            deepest = depth
    if deepest > MAX_BLOCK_DEPTH:
        raise InputError(f"HTML 元素嵌套过深（{deepest} 层）/ the HTML page nests elements "
                         f"{deepest} levels deep (limit {MAX_BLOCK_DEPTH}); refusing it")


def _is_chrome(node: LexborNode) -> bool:
    """Navigation, breadcrumb, footer, share bar, hidden element …, unless it holds the report."""
    attrs = node.attributes
    hidden = "hidden" in attrs or bool(_HIDDEN.search(attrs.get("style") or ""))
    if node.tag not in _CHROME_TAGS and not hidden:
        label = f"{attrs.get('id') or ''} {attrs.get('class') or ''}"
        if not label.strip() or not _CHROME_ATTR.search(label):
            return False
    text = node.text(deep=True)
    return not ("政府信息公开" in text and len(text) > 500)


def _main_container(body: LexborNode) -> LexborNode:
    """Descend into the child holding almost all the text (and 政府信息公开, if the page has it)."""
    node = body
    for _ in range(60):
        total = len(_collapse(node.text(deep=True)))
        want_key = "政府信息公开" in node.text(deep=True)
        best, best_len = None, -1
        for child in node.iter(include_text=False):
            child_tag = child.tag or ""  # selectolax types a tag as optional
            if child_tag in _SKIP or child_tag.startswith(("-", "_")):
                continue
            text = child.text(deep=True)
            if want_key and "政府信息公开" not in text:
                continue
            size = len(_collapse(text))
            if size > best_len:
                best, best_len = child, size
        if best is None or total == 0 or best_len < 0.85 * total:
            return node
        if best.tag == "table" and _data_table(best) is not None:
            return node
        node = best
    return node


def _cell_text(cell: LexborNode) -> tuple[str, bool]:
    """A cell's text, whitespace-collapsed; second item True if the cell holds a nested table."""
    parts: list[str] = []
    stack = [cell]
    while stack:
        node = stack.pop()
        tag = node.tag or ""
        if tag == "-text":
            parts.append(node.text_content or "")
            continue
        if tag in _SKIP or tag.startswith(("-", "_")):
            continue
        if node is not cell:
            if tag == "table":
                return "", True
            if tag == "br" or tag in _BLOCK:
                parts.append(" ")
        stack.extend(reversed(list(node.iter(include_text=True))))
    return _collapse("".join(parts)), False


def _table_rows(table: LexborNode) -> list[list[LexborNode]]:
    rows: list[list[LexborNode]] = []
    for child in table.iter(include_text=False):
        trs = [child] if child.tag == "tr" else (
            [c for c in child.iter(include_text=False) if c.tag == "tr"]
            if child.tag in ("thead", "tbody", "tfoot") else [])
        for tr in trs:
            rows.append([c for c in tr.iter(include_text=False) if c.tag in ("td", "th")])
    return rows


def _span(value: str | None, default: int = 1) -> int:
    m = re.match(r"\s*(\d+)", value or "")
    return int(m.group(1)) if m else default


def _data_table(table: LexborNode) -> list[list[str]] | None:
    """The expanded grid of a data table, or None when the table is page layout."""
    rows = _table_rows(table)
    if sum(len(r) for r in rows) <= 1:
        return None
    spans: list[list[Span]] = []
    for cells in rows:
        out: list[Span] = []
        for cell in cells:
            text, nested = _cell_text(cell)
            if nested or len(text) > _LAYOUT_CELL_CHARS:
                return None
            attrs = cell.attributes
            out.append(Span(text, _span(attrs.get("rowspan")), max(1, _span(attrs.get("colspan")))))
        spans.append(out)
    return expand(spans)


def _walk(root: LexborNode) -> list[tuple[Any, ...]]:
    """Iterative walk: ("p", text) items and ("row", table_no, row_no, cells) items."""
    items: list[tuple[Any, ...]] = []
    buf: list[str] = []
    tables = 0

    def flush() -> None:
        text = _collapse("".join(buf))
        buf.clear()
        if text:
            items.append(("p", text))

    stack: list[tuple[LexborNode | None, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if node is None:  # end of a block element
            flush()
            continue
        tag = node.tag or ""
        if tag == "-text":
            buf.append(node.text_content or "")
            continue
        if tag in _SKIP or tag.startswith(("-", "_")) or (node is not root and _is_chrome(node)):
            continue
        if tag == "br":
            flush()
            continue
        if tag == "img":  # a chart or photo: a line of its own (see normalise/picture.py)
            flush()
            items.append(("p", PICTURE))
            continue
        if tag == "table":
            flush()
            if depth >= MAX_TABLE_DEPTH:
                items.append(("p", _collapse(node.text(deep=True, separator=" "))))
                continue
            grid = _data_table(node)
            if grid is not None:
                tables += 1
                caption = node.css_first("caption")
                if caption is not None and _collapse(caption.text()):
                    items.append(("p", _collapse(caption.text())))
                for r, cells in enumerate(grid, 1):
                    if any(cells):
                        items.append(("row", tables, r, cells))
                continue
            depth += 1
        block = tag in _BLOCK
        if block:
            flush()
            stack.append((None, depth))
        stack.extend((child, depth) for child in reversed(list(node.iter(include_text=True))))
    flush()
    return items


def _dechrome(text: str) -> str:
    """Remove ``字号：大 中 小`` / ``打印`` / ``关闭窗口`` … from a line; "" if nothing else is
    left."""
    if _CHROME_ONLY.match(text) or _WHERE_AM_I.match(text):
        return ""
    if _ZIHAO.search(text):
        text = _collapse(_CHROME_TOKEN.sub(" ", _ZIHAO.sub(" ", text)))
        text = re.sub(r"[\s|｜/·•:：,，、]+$", "", text)
    return text


def _assemble(items: list[tuple[Any, ...]], title: str | None
              ) -> tuple[list[str], list[dict[str, Any] | None]]:
    lines: list[str] = []
    places: list[dict[str, Any] | None] = []
    paragraph = 0
    for item in items:
        if item[0] == "row":
            _, k, r, cells = item
            lines.append("\t".join(c.replace("\t", " ") for c in cells))
            places.append({"table": k, "row": r, "where": f"表格 {k}，第 {r} 行"})
            continue
        text = _dechrome(item[1])
        if text:
            paragraph += 1
            lines.append(text)
            places.append({"paragraph": paragraph, "where": f"第 {paragraph} 段"})
    if title and not any(title in line for line in lines[:5]):
        lines.insert(0, title)
        places.insert(0, {"where": "标题"})
    return lines, places
