"""Word's automatic numbering: the number a reader sees before a numbered paragraph.

A heading typed as ``一、总体情况`` carries its number in the text; one numbered by Word
(``w:numPr`` on the paragraph or on its style) does not — Word draws ``一、`` from
``word/numbering.xml``. :class:`Numbering` reads those definitions (abstract numbering
levels with their ``numFmt``, ``lvlText`` pattern, ``start`` and ``lvlRestart``; numbering
instances with their ``lvlOverride``/``startOverride``) and, called on each paragraph in
document order, returns the label Word shows (``一、``, ``（一）``, ``1.``, ``甲、`` …) so
that the text normaliser finds parts, sub-topics and ordinals as a reader sees them.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from checker.files.lazyre import lazy

__all__ = ["Numbering", "format_number"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = f"{_W}val"
#: Deepest level Word defines (0-based levels 0..8).
_LEVELS = 9
_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_PLACEHOLDER = lazy(r"%([1-9])")


def _chinese(n: int, digits: str = _DIGITS, units: str = "十百千") -> str:
    """1..9999 in Chinese counting (``十一``, ``二十``, ``一百零五``); larger as digits."""
    if n <= 0 or n >= 10000:
        return str(n)
    if n < 20 and units[0] == "十":
        return "十" + (digits[n % 10] if n % 10 else "") if n >= 10 else digits[n]
    out: list[str] = []
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d:
            if zero and out:
                out.append(digits[0])
            out.append(digits[d] + unit)
            zero = False
        else:
            zero = True
    return "".join(out)


def _letters(n: int, upper: bool) -> str:
    """Word's letter numbering: A..Z, then AA..ZZ, AAA.. (the letter repeated)."""
    if n <= 0:
        return str(n)
    letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
    return letter if upper else letter.lower()


def _roman(n: int, upper: bool) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    text = "".join(out)
    return text if upper else text.lower()


def _enclosed(n: int, first: int, count: int) -> str:
    return chr(first + n - 1) if 1 <= n <= count else str(n)


def format_number(n: int, fmt: str) -> str:
    """``n`` in Word's number format ``fmt`` (``decimal``, ``chineseCounting``, …)."""
    if fmt in ("decimal", "", "ordinal", "cardinalText", "ordinalText", "hex"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _enclosed(n, 0x2460, 20)
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, 0x2474, 20)
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, 0x2488, 20)
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(n, fmt == "upperLetter")
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n, fmt == "upperRoman")
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "koreanCounting"):
        return _chinese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _LEGAL, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_DIGITS[int(c)] for c in str(n))
    if fmt in ("ideographTraditional", "ideographEnclosedCircle"):
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt in ("ideographZodiac", "ideographZodiacTraditional"):
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


@dataclass(frozen=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # 1-based level after which it restarts; 0 = never; None = any
    legal: bool = False
    suffix: str = "tab"
    style: str | None = None


@dataclass
class _List:
    """One abstract numbering definition and its running counters."""

    levels: dict[int, _Level]
    counters: list[int | None] = field(default_factory=lambda: [None] * _LEVELS)


def _val(parent: Any, name: str) -> str | None:
    if parent is None:
        return None
    child = parent.find(f"{_W}{name}")
    return None if child is None else child.get(_VAL)


def _int(text: str | None, default: int | None) -> int | None:
    m = re.match(r"\s*(-?\d+)", text or "")
    return int(m.group(1)) if m else default


def _on(parent: Any, name: str) -> bool:
    if parent is None or parent.find(f"{_W}{name}") is None:
        return False
    return (_val(parent, name) or "true").lower() not in ("0", "false", "off")


def _level(lvl: Any) -> tuple[int, _Level]:
    ilvl = _int(lvl.get(f"{_W}ilvl"), 0) or 0
    restart = lvl.find(f"{_W}lvlRestart")
    return ilvl, _Level(
        start=_int(_val(lvl, "start"), 1) or 0,
        fmt=_val(lvl, "numFmt") or "decimal",
        text=_val(lvl, "lvlText") or "",
        restart=_int(restart.get(_VAL), None) if restart is not None else None,
        legal=_on(lvl, "isLgl"),
        suffix=_val(lvl, "suff") or "tab",
        style=_val(lvl, "pStyle"))


class Numbering:
    """The numbering definitions of one document; :meth:`label` follows them in order.

    Args:
        numbering: the ``w:numbering`` element of ``word/numbering.xml`` (or None).
        styles: the ``w:styles`` element of ``word/styles.xml`` (or None).
    """

    def __init__(self, numbering: Any, styles: Any) -> None:
        self._abstract: dict[str, _List] = {}
        self._nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self._started: set[tuple[str, int]] = set()
        self._styles: dict[str, tuple[str | None, str | None, int | None]] = {}
        if numbering is not None:
            for an in numbering.iter(f"{_W}abstractNum"):
                levels = dict(_level(lvl) for lvl in an.iter(f"{_W}lvl"))
                self._abstract[an.get(f"{_W}abstractNumId") or ""] = _List(levels)
            for num in numbering.iter(f"{_W}num"):
                starts: dict[int, int] = {}
                replaced: dict[int, _Level] = {}
                for ov in num.iter(f"{_W}lvlOverride"):
                    ilvl = _int(ov.get(f"{_W}ilvl"), 0) or 0
                    start = _int(_val(ov, "startOverride"), None)
                    if start is not None:
                        starts[ilvl] = start
                    lvl = ov.find(f"{_W}lvl")
                    if lvl is not None:
                        replaced[ilvl] = _level(lvl)[1]
                self._nums[num.get(f"{_W}numId") or ""] = (_val(num, "abstractNumId") or "",
                                                             starts, replaced)
        if styles is not None:
            for st in styles.iter(f"{_W}style"):
                ppr = st.find(f"{_W}pPr")
                numpr = ppr.find(f"{_W}numPr") if ppr is not None else None
                self._styles[st.get(f"{_W}styleId") or ""] = (
                    _val(st, "basedOn"), _val(numpr, "numId"), _int(_val(numpr, "ilvl"), None))

    @classmethod
    def of(cls, document: Any) -> Numbering:
        """The numbering of a python-docx ``Document`` (empty when it defines none)."""
        part = document.part
        try:
            numbering = part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        try:
            styles = part.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles = None
        return cls(numbering, styles)

    def __bool__(self) -> bool:
        return bool(self._nums)

    def _style_numbering(self, style: str | None) -> tuple[str | None, int | None]:
        """numId and ilvl a paragraph style gives (following ``basedOn``)."""
        seen: set[str] = set()
        while style and style not in seen and style in self._styles:
            seen.add(style)
            based, num_id, ilvl = self._styles[style]
            if num_id is not None:
                return num_id, ilvl
            style = based
        return None, None

    def label(self, p: Any) -> str:
        """The number Word shows before paragraph ``p`` (with its separator), or ``""``.

        Must be called once per paragraph, in document order: it advances the counters.
        """
        if not self._nums:
            return ""
        ppr = p.find(f"{_W}pPr")
        numpr = ppr.find(f"{_W}numPr") if ppr is not None else None
        style = _val(ppr, "pStyle")
        num_id, ilvl = _val(numpr, "numId"), _int(_val(numpr, "ilvl"), None)
        if num_id is None or ilvl is None:
            s_num, s_ilvl = self._style_numbering(style)
            num_id = num_id if num_id is not None else s_num
            ilvl = ilvl if ilvl is not None else s_ilvl
        if not num_id or num_id not in self._nums:
            return ""
        abstract_id, starts, replaced = self._nums[num_id]
        lst = self._abstract.get(abstract_id)
        if lst is None:
            return ""
        if ilvl is None:
            ilvl = next((k for k, lv in lst.levels.items() if style and lv.style == style), 0)
        ilvl = min(max(ilvl, 0), _LEVELS - 1)
        levels = {**lst.levels, **replaced}
        here = levels.get(ilvl, _Level())
        counters = lst.counters
        count = counters[ilvl]
        if (num_id, ilvl) not in self._started and ilvl in starts:
            counters[ilvl] = starts[ilvl]
        elif count is None:
            counters[ilvl] = here.start
        else:
            counters[ilvl] = count + 1
        self._started.add((num_id, ilvl))
        for deeper in range(ilvl + 1, _LEVELS):
            restart = levels.get(deeper, _Level()).restart
            if restart is None or (restart and restart - 1 <= ilvl):
                counters[deeper] = None
        return self._text(here, levels, counters, ilvl)

    @staticmethod
    def _text(here: _Level, levels: dict[int, _Level], counters: list[int | None],
              ilvl: int) -> str:
        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k, _Level())
            value = counters[k] if counters[k] is not None else lv.start
            fmt = "decimal" if here.legal and k < ilvl else lv.fmt
            return format_number(int(value or 0), fmt)

        if here.fmt == "bullet":
            return ""  # a bullet is a symbol, not a number a rule could read
        text = _PLACEHOLDER.sub(sub, here.text)
        if not text.strip():
            return ""
        # Word puts a tab (or a space) after the number; after full-width punctuation such as
        # 、 or ） the gap is not text a reader would type, so none is added there.
        last = text[-1]
        if here.suffix == "nothing" or (last >= "\u3000" and unicodedata.category(last)[0] == "P"):
            return text
        return text + " "
