"""Detect the report format version exactly as domain spec §3.2 prescribes."""
from __future__ import annotations

import re

from checker.files.lazyre import lazy
from checker.files.recache import compile_pattern
from checker.readers.tables.t2 import MARKERS_2019, MARKERS_2021

__all__ = ["detect_format", "format_from_text"]

_CAPTIONS = lazy(r"第\s*二\s*十\s*条\s*第\s*\(\s*[一二三四五六七八九十]{1,2}\s*\)\s*项")
_ART9 = lazy(r"第\s*二\s*十\s*条\s*第\s*\(\s*九\s*\)\s*项")
_CHANGE = lazy(r"本\s*年\s*增\s*/\s*减")
_PRE2019 = ("概述", "依申请公开政府信息情况", "收费及减免", "因政府信息公开申请行政复议", "申诉",
            "回应解读情况", "举报投诉", "保障经费")


def _spaced_any(words: tuple[str, ...]) -> re.Pattern[str]:
    return compile_pattern("|".join(r"\s*".join(map(re.escape, w)) for w in words))


_RX_2021 = _spaced_any(MARKERS_2021)
_RX_2019 = _spaced_any(MARKERS_2019)
_RX_PRE = _spaced_any(_PRE2019)


def _outside(work: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return work
    parts, pos = [], 0
    for a, b in sorted(spans):
        if a > pos:
            parts.append(work[pos:a])
        pos = max(pos, b)
    parts.append(work[pos:])
    return "\n".join(parts)


def detect_format(work: str, t3_rows: set[str], spans: list[tuple[int, int]]) -> str:
    """Return ``2021``, ``2019``, ``pre2019``, ``mixed`` or ``unknown``.

    Args:
        work: the folded work text.
        t3_rows: ids of the T3 rows found (``r6_1``… mark 2021; a single ``r6`` marks 2019).
        spans: table spans; pre-2019 markers are searched outside them (``举报投诉`` is also a
            word of the 2021 T3 row ``信访举报投诉类申请``).
    """
    t2_2021 = bool(_RX_2021.search(work))
    f2021 = t2_2021 or bool(t3_rows & {"r6_1", "r6_2", "r6_3"})
    # a single （六）其他处理 row is the 2019 table's — but some 2021-format reports keep it too:
    # beside the 2021 table 2 it is a deviation of the row, not a second format
    f2019 = (bool(_RX_2019.search(work)) or bool(_ART9.search(work)) or bool(_CHANGE.search(work))
             or ("r6" in t3_rows and not t2_2021))
    pre = False
    if not _CAPTIONS.search(work):
        pre = bool(_RX_PRE.search(_outside(work, spans)))
    found = [name for name, hit in (("2021", f2021), ("2019", f2019), ("pre2019", pre)) if hit]
    if len(found) > 1:
        return "mixed"
    return found[0] if found else "unknown"


_NOTICE = lazy(r"国\s*办\s*公\s*开\s*办\s*函\s*[〔\[（(【]\s*(2019|2021)\s*[〕\]）)】]\s*"
                     r"(60|30)\s*号")
_NOTICE_FORMAT = {("2019", "60"): "2019", ("2021", "30"): "2021"}


def format_from_text(work: str, year: int | None) -> str:
    """The format when the tables say nothing (images, absent): from the format notice the
    report cites, else from its year — before 2019 there was no unified format (``pre2019``);
    a later year without tables or a cited notice stays ``unknown``."""
    cited = {_NOTICE_FORMAT[(m[1], m[2])] for m in _NOTICE.finditer(work)
             if (m[1], m[2]) in _NOTICE_FORMAT}
    if len(cited) == 1:
        return cited.pop()
    if year is not None and year <= 2018:
        return "pre2019"
    return "unknown"
