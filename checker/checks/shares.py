"""Shares stated in the prose, found once per report (spec/domain.md §7, §8.15).

Two forms are read — the list form ``予以公开14件、部分公开15件…，分别占比21%、23%…`` and the
inline form ``不予公开35件，占4.34%`` — and mapped to table 3 (予以公开 = r1, 部分公开 = r2,
不予公开 = Σr3, 无法提供 = Σr4, 不予处理 = Σr5, 其他处理 = Σr6, 予以公开及部分公开 = r1 + r2,
自然人 / 法人或其他组织 = 本年新收的两类申请人). Shares stated together form a set.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from checker.checks import prose
from checker.engine import rounding as rd
from checker.engine.kinds import Say
from checker.files.lazyre import lazy
from checker.report import Report

__all__ = ["NOTES_WORDING", "PCT", "Share", "notes", "pct_lines", "rounding", "shares",
           "show_pct"]

# the pack wording of notes in a message (one or two) and of the rounding rule's name
NOTES_WORDING = frozenset({"notes_1", "notes_2", "rounding_gbt8170", "rounding_half_up"})

# per region of the searched parts, the (start, end) of its lines that hold a %
PctLines = list[tuple[prose.Region, list[tuple[int, int]]]]
PCT = r"(?P<p>\d+(?:\.\d+)?)" + prose.SP + "%"
_LABELS = prose.OUTCOME_LABELS + r"|自然人|法人或其他组织|法人和其他组织"
_ITEM = lazy(r"(?P<label>" + _LABELS + r")(?:提出|提交)?(?:的)?(?:申请)?(?:共|共计|为)?"
                   + prose.SP + prose.NUM + prose.SP + "件")
_LABEL_ONLY = lazy(r"(?P<label>" + prose.SINGLE_LABELS + r"|自然人|法人或其他组织|法人和其他组织)")
_LIST = lazy(r"分别(?P<den>[^，,。；;\d%\n]{0,15}?)(?P<list>\d+(?:\.\d+)?" + prose.SP + r"%(?:"
                   + prose.SP + r"(?:、|，|,|和|及|与)" + prose.SP + r"\d+(?:\.\d+)?" + prose.SP
                   + r"%)+)")
_LIST_ITEM = lazy(PCT)
_LINK = (r"(?:[，,]?" + prose.SP + r"(?:占比为|占比|比例为|比重为|占[^，,。；;\d%\n约近]{0,12}?"
                                  r"(?:的|比例为|比例|比重为|比重)|占)"
         + prose.SP + r"(?:为)?" + prose.SP + r"|" + prose.SP + r"[（(]" + prose.SP
         + r"(?:占比|占)?" + prose.SP + ")")
_INLINE = lazy(r"(?P<label>" + _LABELS + r")(?:提出|提交)?(?:的)?(?:申请)?(?:共|共计|为)?"
               + prose.SP
                     + prose.NUM + prose.SP + "件" + _LINK + PCT)
_INLINE_NOCOUNT = lazy(r"(?P<label>" + _LABELS + r")(?:的)?(?:申请)?(?:占比为|占比"
                                                 r"|占[^，,。；;\d%\n约近]{0,12}?的)"
                             + prose.SP + r"(?:为)?" + prose.SP + PCT)
_EARLIER = lazy(r"上年|去年|上一年|同期|同比|以往|累计")
_SHARE_WORD = lazy(r"占|比例|比重|为|是")
_CHANGE_WORD = lazy(r"同比|增|降|减|上升|提高")
_APPLICANT_KEYS = {"自然人": "new.nat", "法人或其他组织": "new.org", "法人和其他组织": "new.org"}


@dataclass(slots=True)
class Share:
    """A percentage the text gives for one item, with the item's count and where both are."""

    label: str
    key: str
    count: int | None
    pct: Decimal
    start: int           # where the item's label starts
    end: int
    pstart: int          # the percentage's span
    pend: int
    set_id: int
    form: str
    units: int = 0       # pct as rd.units_of gives it: pct·10^dec, dec
    dec: int = 0

    def __post_init__(self) -> None:
        self.units, self.dec = rd.units_of(self.pct)

    def fits(self, count: int, den: int, rule: str) -> bool:
        """``rd.fits_ratio(self.pct, count, den, rule)`` (den > 0), from the units read once."""
        if count < 0:
            return rd.fits_ratio(self.pct, count, den, rule)
        return rd.fits_units(self.units, self.dec, count, den, rule)


def _label_key(label: str) -> str:
    return _APPLICANT_KEYS.get(label) or prose.outcome_key(label)


def _label_name(label: str) -> str:
    if label in _APPLICANT_KEYS:
        return "法人或其他组织" if label.startswith("法人") else label
    return prose.outcome_name(label)


def _spell_labels() -> dict[str, tuple[str, str]]:
    """Every label the share patterns can match, with its (name, key): the outcome labels,
    their pairs (予以公开及部分公开 …) and the applicant labels."""
    joins = ("及", "和", "与", "或", "以及")
    labels = [*prose.SINGLE_LABELS.split("|"), *_APPLICANT_KEYS]
    labels += [a + j + b for a, b in (("予以公开", "部分公开"), ("部分公开", "予以公开"))
               for j in joins]
    return {label: (_label_name(label), _label_key(label)) for label in labels}


_LABEL_NAME_KEY = _spell_labels()


def _name_key(label: str) -> tuple[str, str]:
    """``(_label_name(label), _label_key(label))``, looked up once."""
    got = _LABEL_NAME_KEY.get(label)
    return got if got is not None else (_label_name(label), _label_key(label))


def _bad_context(text: str, start: int, year: int | None) -> bool:
    cs = prose.clause_start(text, start)
    prefix = text[cs:start]
    return bool(_EARLIER.search(prefix)) or prose.other_year(prefix, year)


def pct_lines(report: Report, parts: tuple[str, ...]) -> PctLines | None:
    """The lines holding a ``%`` in each region of the given parts (regions without one are
    left out; None: no such parts). Every share and year-on-year pattern ends in a ``%`` and
    none spans a line break, so only these lines need a regex scan. Worked out once."""
    return report.analysis(_find_pct_lines, parts)


def _find_pct_lines(report: Report, parts: tuple[str, ...]) -> PctLines | None:
    regs = prose.regions(report, parts)
    result: PctLines | None = None
    if regs is not None:
        text = prose.search_text(report)
        result = []
        for reg in regs:
            lines: list[tuple[int, int]] = []
            i = text.find("%", reg.start, reg.end)
            while i >= 0:
                start = max(reg.start, text.rfind("\n", reg.start, i) + 1)
                end = text.find("\n", i, reg.end)
                end = reg.end if end < 0 else end
                lines.append((start, end))
                i = text.find("%", end, reg.end)
            if lines:
                result.append((reg, lines))
    return result


def shares(report: Report, parts: tuple[str, ...]) -> list[Share] | None:
    """Every (label, count, percentage) stated in the given parts (None: no such parts)."""
    return report.analysis(_find_shares, parts)


def _find_shares(report: Report, parts: tuple[str, ...]) -> list[Share] | None:
    found = pct_lines(report, parts)
    if found is None:
        return None
    text = prose.search_text(report)
    year = report.year
    out: list[Share] = []
    taken: set[int] = set()
    set_id = 0
    for reg, lines in found:
        for m in (m for a, b in lines for m in _LIST.finditer(text, a, b)):
            den = m.group("den")
            if not _SHARE_WORD.search(den) or _CHANGE_WORD.search(den):
                continue
            pcts = list(_LIST_ITEM.finditer(text, m.start("list"), m.end("list")))
            a, _ = prose.sentence_bounds(text, m.start(), reg.start, reg.end)
            items = [i for i in _ITEM.finditer(text, a, m.start())
                     if not _bad_context(text, i.start(), year)]
            if items and len(items) != len(pcts):
                continue
            set_id += 1
            if items:
                for it, p in zip(items, pcts, strict=True):
                    out.append(Share(*_name_key(it.group("label")),
                                     prose.parse_count(it.group("n")), Decimal(p.group("p")),
                                     it.start(), it.end(), p.start(), p.end(), set_id, "list"))
            else:
                names = list(_LABEL_ONLY.finditer(text, a, m.start()))
                if len(names) != len(pcts):
                    continue
                for it, p in zip(names, pcts, strict=True):
                    out.append(Share(*_name_key(it.group("label")),
                                     None, Decimal(p.group("p")), it.start(), it.end(), p.start(),
                                     p.end(), set_id, "list"))
            taken.update(range(m.start(), m.end()))
        inline: list[Share] = []
        for pat in (_INLINE, _INLINE_NOCOUNT):
            for m in (m for a, b in lines for m in pat.finditer(text, a, b)):
                if m.start("p") in taken or _bad_context(text, m.start(), year):
                    continue
                taken.add(m.start("p"))
                n = m.groupdict().get("n")
                inline.append(Share(*_name_key(m.group("label")),
                                    prose.parse_count(n) if n else None, Decimal(m.group("p")),
                                    m.start(), m.end(), m.start("p"), m.end(), 0, "inline"))
        inline.sort(key=lambda s: s.start)
        # inline shares in one paragraph form one set when they name disjoint table rows
        groups: dict[int, list[Share]] = {}
        for s in inline:
            para = text.rfind("\n", 0, s.start)
            groups.setdefault(para, []).append(s)
        for members in groups.values():
            rows = [r for s in members for r in s.key.split("+")]
            if len(rows) == len(set(rows)):
                set_id += 1
                for s in members:
                    s.set_id = set_id
            else:
                for s in members:
                    set_id += 1
                    s.set_id = set_id
            out.extend(members)
    out.sort(key=lambda s: s.start)
    return out


def rounding(rule_name: str) -> Say:
    """The rounding rule named in a message (修约后, 四舍五入后: no standard numbers in
    messages, see ``gongkai explain``)."""
    return Say(f"rounding_{rule_name}")


def notes(said: list[Say]) -> Say | str:
    """One or two notes in brackets after a message's figures (``（…；…）``), or ""."""
    if not said:
        return ""
    return Say(f"notes_{len(said)}", {k: v for k, v in zip("ab", said, strict=False)})


def show_pct(x: Fraction | Decimal, dec: int) -> str:
    """A percentage shown with ``dec`` decimals: ``16.00%``."""
    return rd.show_fraction(rd.to_fraction(x), dec) + "%"
