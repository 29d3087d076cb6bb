"""Length-preserving text folding: the "work" text every extractor searches.

The output report keeps the text exactly as written. Extractors search a folded copy of
the same length, so every offset found in it is an offset into the original:

* full-width ASCII forms (``６３``, ``（``, ``，``) become their half-width twins;
* exotic spaces (NBSP, ideographic space, zero-width space) and form feeds become spaces;
* page chrome — web-page widgets (``字号：大 中 小``, ``打印正文``, ``分享到``) and page
  numbers of PDF extractions (``- 3 -``, ``第 3 页 共 9 页``) — is blanked out, so it
  cannot break a heading or land in a table cell.
"""
from __future__ import annotations

import re

from checker.files.lazyre import lazy

__all__ = ["fold", "work_text"]

_TABLE: dict[int, int] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
for _cp in (0x00A0, 0x3000, 0x2002, 0x2003, 0x2009, 0x200B, 0x202F, 0xFEFF, 0x000C, 0x000B):
    _TABLE[_cp] = 0x20
_TABLE[0x2014] = ord("-")  # — em dash, used for "none" and for page numbers
_TABLE[0x2013] = ord("-")  # – en dash
_TABLE[0xFE5D] = 0x3014  # ﹝ look-alike of 〔
_TABLE[0xFE5E] = 0x3015

# Page chrome, in two passes (one combined pattern is several times slower to scan): whole
# lines of page numbers first, then the widget words. Their matches cannot overlap (a page
# number line holds no widget word), and blanking a line leaves no new widget word, so the
# two passes blank exactly what one pattern with both would.
_CHROME_LINE = lazy(
    r"^[ \t]*(?:-[ \t]*\d{1,4}[ \t]*-"
    r"|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[,，/]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?"
    r"|\d{1,4}[ \t]*/[ \t]*\d{1,4})[ \t]*$",
    re.M,
)
_CHROME_WORD = lazy(
    r"字号[ \t]*[:：]?[ \t]*[【\[]?[ \t]*大[ \t]*[】\]]?[ \t]*[【\[]?[ \t]*中[ \t]*[】\]]?"
    r"[ \t]*[【\[]?[ \t]*小[】\]]?"
    r"|打印正文|打印本页|关闭窗口|分享到[ \t]*[:：]?"
)
_WORD_HEADS = ("字号", "打印", "关闭窗口", "分享到")
# a bare number right after a form feed is a page number at the top of a page
_FF_PAGE = lazy(r"(?<=\f)[ \t]*\d{1,4}[ \t]*(?=\n)")


_FOLDED = lazy("[" + "".join(re.escape(chr(cp)) for cp in sorted(_TABLE)) + "]")
_CHARS = {chr(cp): chr(to) for cp, to in _TABLE.items()}


def fold(text: str) -> str:
    """Fold full-width forms and odd spaces to ASCII, keeping the length."""
    # str.translate looks every character up in a dict (slow on CJK text); replacing just the
    # few distinct characters present is several times faster. No replacement yields a
    # character that is folded again.
    for ch in set(_FOLDED.findall(text)):
        text = text.replace(ch, _CHARS[ch])
    return text


def _blank(m: re.Match[str]) -> str:
    return " " * (m.end() - m.start())


def work_text(text: str) -> str:
    """Return the folded text with page chrome blanked; same length as ``text``."""
    if "\f" in text:
        text = _FF_PAGE.sub(_blank, text)
    text = _CHROME_LINE.sub(_blank, fold(text))
    if any(w in text for w in _WORD_HEADS):
        text = _CHROME_WORD.sub(_blank, text)
    return text
