"""The ``percentage`` check kind: stated shares and year-on-year changes, recomputed exactly
(spec/domain.md §7, §8.15).

Shares are read from the prose in two forms — the list form ``予以公开14件、部分公开15件…，
分别占比21%、23%…`` and the inline form ``不予公开35件，占4.34%`` — and mapped to table 3
(予以公开 = r1, 部分公开 = r2, 不予公开 = Σr3, 无法提供 = Σr4, 不予处理 = Σr5, 其他处理 = Σr6,
予以公开及部分公开 = r1 + r2, 自然人 / 法人或其他组织 = 本年新收的两类申请人). Each share is
recomputed against every plausible denominator — （七）总计, 本年新收, 新收 + 上年结转, and a
total stated in the same paragraph — with the count stated in the prose or, failing that,
the table's. Per §7.2 a share is right when rounding the exact value to the stated number of
decimals (GB/T 8170 by default, or 四舍五入) gives it; truncation is not rounding.

One kind per thing a rule reports:

* ``percentage.shares``   a share that fits no denominator and is not explained by forcing the set to 100
* ``percentage.adjusted`` a share that is wrong on its own but the whole set is a largest-remainder
  allocation summing to 100 (the author forced the total)
* ``percentage.total``    a complete set of shares whose total is not 100 beyond ±0.5·10^-d per item
* ``percentage.yoy``      同比增长/下降 N%: recomputed from both figures when the prose states both (or
  last year's report supplies the prior figure); the direction word must match the sign
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Iterator

from checker.engine import rounding as rd
from checker.checks import prose
from checker.checks.common import text_loc
from checker.hookspecs import hookimpl
from checker.engine.scope import parts_scope_schema
from checker.engine.kinds import CheckKind, Hit, RunContext, Skip
from checker.engine.lazyre import lazy
from checker.report import Report

if TYPE_CHECKING:
    from checker.engine.packs import Rule

DENOMINATORS = ("r7", "new", "new+cin", "stated")
_ROUNDING = {"enum": list(rd.RULES),
             "description": "gbt8170 (四舍六入五成双, default) or half_up (四舍五入)"}
SHARES_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "rounding": _ROUNDING,
        "denominators": {"type": "array", "minItems": 1, "uniqueItems": True,
                         "items": {"enum": list(DENOMINATORS)},
                         "description": "denominators tried, in order of preference"},
    },
}
YOY_SCHEMA: dict[str, Any] = {"type": "object", "additionalProperties": False,
                              "properties": {"rounding": _ROUNDING}}
SHARE_PARAMS = frozenset({"label", "count", "stated", "exact", "rounded", "den", "den_label",
                          "alt", "note", "rounding", "claim"})
TOTAL_PARAMS = frozenset({"total", "tolerance", "items", "den"})
YOY_PARAMS = frozenset({"direction", "stated", "current", "prior", "change", "rounded",
                        "actual_direction", "note", "claim", "rounding"})
# kind name → (summary, options schema, params)
KINDS: dict[str, tuple[str, dict[str, Any], frozenset[str]]] = {
    "shares": ("a stated share fits its count and denominator", SHARES_SCHEMA, SHARE_PARAMS),
    "adjusted": ("a share forced so that the set totals 100 (largest remainders)",
                 SHARES_SCHEMA, SHARE_PARAMS),
    "total": ("a complete set of shares totals 100", SHARES_SCHEMA, TOTAL_PARAMS),
    "yoy": ("a year-on-year change fits both years' figures and direction", YOY_SCHEMA,
            YOY_PARAMS),
}
_DEN_LABELS = {"r7": ("（七）总计", "the results total"), "new": ("本年新收", "new applications"),
               "new+cin": ("本年新收与上年结转之和", "new plus carried-over applications")}
_DEN_EN = {zh: en for zh, en in _DEN_LABELS.values()}
_RULE_NAMES = {"gbt8170": ("修约后", "rounded"),  # no standard numbers in messages: see explain
               "half_up": ("四舍五入后", "rounded half up")}

_PCT = r"(?P<p>\d+(?:\.\d+)?)" + prose.SP + "%"
_LABELS = prose.OUTCOME_LABELS + r"|自然人|法人或其他组织|法人和其他组织"
_ITEM = lazy(r"(?P<label>" + _LABELS + r")(?:提出|提交)?(?:的)?(?:申请)?(?:共|共计|为)?"
                   + prose.SP + prose.NUM + prose.SP + "件")
_LABEL_ONLY = lazy(r"(?P<label>" + prose.SINGLE_LABELS + r"|自然人|法人或其他组织|法人和其他组织)")
_LIST = lazy(r"分别(?P<den>[^，,。；;\d%\n]{0,15}?)(?P<list>\d+(?:\.\d+)?" + prose.SP + r"%(?:"
                   + prose.SP + r"(?:、|，|,|和|及|与)" + prose.SP + r"\d+(?:\.\d+)?" + prose.SP + r"%)+)")
_LIST_ITEM = lazy(_PCT)
_LINK = (r"(?:[，,]?" + prose.SP + r"(?:占比为|占比|比例为|比重为|占[^，,。；;\d%\n约近]{0,12}?(?:的|比例为|比例|比重为|比重)|占)"
         + prose.SP + r"(?:为)?" + prose.SP + r"|" + prose.SP + r"[（(]" + prose.SP + r"(?:占比|占)?" + prose.SP + ")")
_INLINE = lazy(r"(?P<label>" + _LABELS + r")(?:提出|提交)?(?:的)?(?:申请)?(?:共|共计|为)?" + prose.SP
                     + prose.NUM + prose.SP + "件" + _LINK + _PCT)
_INLINE_NOCOUNT = lazy(r"(?P<label>" + _LABELS + r")(?:的)?(?:申请)?(?:占比为|占比|占[^，,。；;\d%\n约近]{0,12}?的)"
                             + prose.SP + r"(?:为)?" + prose.SP + _PCT)
_YOY_KW = lazy(r"同比|较上年|比上年|较去年|比去年|上年同期|与上年相比|与去年相比|较(?:19|20)\d{2}年|比(?:19|20)\d{2}年")
_YOY = lazy(r"(?P<dir>增长|增加|上升|提高|提升|增多|下降|减少|降低|下滑|回落)(?:了)?" + prose.SP + _PCT)
_UP = ("增长", "增加", "上升", "提高", "提升", "增多")
_COUNT = lazy(r"(?<![\d.])(?P<n>\d{1,3}(?:,\d{3})+|\d+)" + prose.SP + r"(?P<u>件|条|次|个|项|场|篇|人次)")
_PRIOR = lazy(r"(?:上年|去年|上一年度?|(?P<y>(?:19|20)\d{2})年)(?!度?(?:结转|遗留|转入))(?:同期)?(?:的|为|是|共|共计|有)?"
                    r"[^，,。；;\d%\n增减多少降长升]{0,12}?(?P<n>\d{1,3}(?:,\d{3})+|\d+)" + prose.SP + r"(?P<u>件|条|次|个|项|场|篇|人次)")
_DELTA = lazy(r"(?:较|比)(?:上年|去年|上一年度?|(?P<y>(?:19|20)\d{2})年)(?:同期)?(?P<dir>增加|增长|增多|多|减少|下降|少)(?:了)?"
                    + prose.SP + r"(?P<n>\d+)" + prose.SP + r"(?P<u>件|条|次|个|项|场|篇|人次)")
_FROM_TO = lazy(r"由" + prose.SP + r"(?P<a>\d+)" + prose.SP + r"(?P<u>件|条|次|个|项|场|篇|人次)"
                      r"(?:增长|增加|上升|下降|减少|降低)(?:到|至|为)" + prose.SP + r"(?P<b>\d+)" + prose.SP + r"(?P=u)")
_EARLIER = lazy(r"上年|去年|上一年|同期|同比|以往|累计")
_SHARE_WORD = lazy(r"占|比例|比重|为|是")
_CHANGE_WORD = lazy(r"同比|增|降|减|上升|提高")
_PRIOR_WORD = lazy(r"上年|去年|上一年|同期|较|比")
_APPLICANT_KEYS = {"自然人": "new.nat", "法人或其他组织": "new.org", "法人和其他组织": "new.org"}


@dataclass(slots=True)
class Share:
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


@dataclass(slots=True)
class Result:
    share: Share
    status: str          # ok | bad | adjusted | unknown
    count: int | None = None
    den: tuple[int, str] | None = None
    exact: Fraction | None = None
    others: list[tuple[int, str, Fraction]] = field(default_factory=list)
    truncated: bool = False
    half_up: bool = False


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
    labels += [a + j + b for a, b in (("予以公开", "部分公开"), ("部分公开", "予以公开")) for j in joins]
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


def _pct_lines(report: Report, parts: tuple[str, ...]) -> list[tuple[prose.Region, list[tuple[int, int]]]] | None:
    """The lines holding a ``%`` in each region of the given parts (regions without one are
    left out; None: no such parts). Every share and year-on-year pattern ends in a ``%`` and
    none spans a line break, so only these lines need a regex scan. Worked out once."""
    return report.analysis(_find_pct_lines, parts)


def _find_pct_lines(report: Report, parts: tuple[str, ...]
                    ) -> list[tuple[prose.Region, list[tuple[int, int]]]] | None:
    regs = prose.regions(report, parts)
    result: list[tuple[prose.Region, list[tuple[int, int]]]] | None = None
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
    pct_lines = _pct_lines(report, parts)
    if pct_lines is None:
        return None
    text = prose.search_text(report)
    year = report.year
    out: list[Share] = []
    taken: set[int] = set()
    set_id = 0
    for reg, lines in pct_lines:
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
                for it, p in zip(items, pcts):
                    out.append(Share(*_name_key(it.group("label")),
                                     prose.parse_count(it.group("n")), Decimal(p.group("p")),
                                     it.start(), it.end(), p.start(), p.end(), set_id, "list"))
            else:
                names = list(_LABEL_ONLY.finditer(text, a, m.start()))
                if len(names) != len(pcts):
                    continue
                for it, p in zip(names, pcts):
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


def _denominators(report: Report, share: Share, wanted: tuple[str, ...],
                  parts: tuple[str, ...]) -> list[tuple[int, str, str]]:
    """(value, label zh, label en) of each candidate denominator, distinct values only.
    Worked out once per report: a set's denominators are judged once and totalled once."""
    return report.analysis(_find_denominators, share.start, wanted, parts)


def _find_denominators(report: Report, start: int, wanted: tuple[str, ...],
                       parts: tuple[str, ...]) -> list[tuple[int, str, str]]:
    out: list[tuple[int, str, str]] = []
    seen: set[int] = set()
    for key in wanted:
        if key == "stated":
            text = report.text
            para = text.rfind("\n", 0, start) + 1
            for c in prose.claims(report, parts) or ():
                if c.kind in ("received", "answered", "handled") and para <= c.start < start \
                        and c.value and c.value not in seen:
                    seen.add(c.value)
                    out.append((c.value, f"文中所述“{text[c.start:c.end]}”", f"stated total {c.value}"))
            continue
        v, _, _ = prose.t3_value(report, key)
        if v is None or v <= 0 or v.denominator != 1 or int(v) in seen:
            continue
        seen.add(int(v))
        out.append((int(v), *_DEN_LABELS[key]))
    return out


def _counts(report: Report, share: Share) -> list[int]:
    out: list[int] = []
    if share.count is not None:
        out.append(share.count)
    v, _, _ = prose.t3_value(report, share.key)
    if v is not None and v.denominator == 1 and int(v) not in out:
        out.append(int(v))
    return out


def _judge(s: Share, counts: list[int], dens: list[tuple[int, str, str]],
           tried: list[tuple[int, str, str]], rule_name: str, fits: bool | None = None) -> Result:
    """One share against the denominators ``tried`` (``dens``: all candidates, for the message);
    ``fits``: whether it fits one of them with one of its counts, when already known."""
    res = Result(s, "unknown")
    if not counts or not tried:
        return res
    res.count = counts[0]
    if fits is None:
        fits = any(s.fits(c, d, rule_name) for c in counts for d, _, _ in tried)
    if fits:
        res.status = "ok"
        return res
    res.status = "bad"
    target = rd.to_fraction(s.pct)
    if len(tried) == 1:
        best = tried[0]
    else:
        best = min(tried, key=lambda d: (abs(rd.percent_of(counts[0], d[0]) - target), tried.index(d)))
    res.den = (best[0], best[1])
    res.exact = rd.percent_of(counts[0], best[0])
    res.others = [(d, lab, rd.percent_of(counts[0], d)) for d, lab, _ in dens if d != best[0]]
    dec = s.dec
    res.truncated = any(rd.truncate_to(rd.percent_of(c, d), dec) == target
                        for c in counts for d, _, _ in tried)
    res.half_up = rule_name != "half_up" and any(
        s.fits(c, d, "half_up") for c in counts for d, _, _ in tried)
    return res


def evaluate(report: Report, parts: tuple[str, ...], rule_name: str,
             wanted: tuple[str, ...]) -> list[Result] | None:
    """Judge every share; once per report, parts, rounding rule and denominators."""
    return report.analysis(_evaluate_shares, parts, rule_name, wanted)


def _evaluate_shares(report: Report, parts: tuple[str, ...], rule_name: str,
                     wanted: tuple[str, ...]) -> list[Result] | None:
    found = shares(report, parts)
    if found is None:
        return None
    sets: dict[int, list[Share]] = {}
    for s in found:
        sets.setdefault(s.set_id, []).append(s)
    results: list[Result] = []
    for members in sets.values():
        dens = _denominators(report, members[0], wanted, parts)
        counts = [_counts(report, s) for s in members]
        tried = dens
        fits: list[bool | None] = [None] * len(members)
        if members[0].form == "list" and len(members) > 1 and len(dens) > 1:
            # a listed set shares one denominator: the one most of its items fit
            table = [[any(s.fits(c, d, rule_name) for c in cs)
                      for s, cs in zip(members, counts)] for d, _, _ in dens]
            i = max(range(len(dens)), key=lambda i: (sum(table[i]), -i))
            tried = [dens[i]]
            fits = table[i]  # type: ignore[assignment]
        res = [_judge(s, cs, dens, tried, rule_name, fit)
               for s, cs, fit in zip(members, counts, fits)]
        results.extend(res)
        if any(r.status == "bad" for r in res) and all(r.count is not None for r in res):
            order = tried + [d for d in dens if d not in tried]
            for d, dzh, _ in order:
                if rd.is_largest_remainder([r.share.pct for r in res],
                                           [r.count for r in res], d):  # type: ignore[misc]
                    for r in res:
                        if r.status == "bad":
                            r.status = "adjusted"
                            r.den = (d, dzh)
                            r.exact = rd.percent_of(r.count, d)  # type: ignore[arg-type]
                            r.others = []
                    break
    results.sort(key=lambda r: r.share.start)
    return results


def _trim(s: str) -> str:
    return s.rstrip("0").rstrip(".") if "." in s else s


def _pct(x: Fraction | Decimal, dec: int) -> str:
    return rd.show_fraction(rd.to_fraction(x), dec) + "%"


def _share_hit(report: Report, res: Result, rule_name: str, key: str) -> Hit:
    s = res.share
    dec = s.dec
    assert res.den is not None and res.exact is not None
    rounded = rd.round_to(res.exact, dec, rule_name)
    shown = max(2, dec + 2)
    alt = "".join(f"若按{lab}{d}件计算，则为{_pct(x, shown)}（修约后为"
                  f"{_pct(rd.round_to(x, dec, rule_name), dec)}）。" for d, lab, x in res.others)
    alt_en = "".join(f" Against {_DEN_EN.get(lab, lab)} ({d}) it is {_pct(x, shown)} "
                     f"({_pct(rd.round_to(x, dec, rule_name), dec)})." for d, lab, x in res.others)
    notes: list[str] = []
    notes_en: list[str] = []
    # (PCT002, "adjusted", explains the adjustment in its own message)
    if res.truncated and res.status == "bad":
        notes.append("文中数字似为直接舍去尾数所得，百分比应修约")
        notes_en.append("the text seems to drop the further digits; shares are rounded")
    if res.half_up and res.status == "bad":
        notes.append(f"四舍五入可得{s.pct}%，但舍去的部分恰为5时应使末位为偶数")
        notes_en.append(f"rounding half up gives {s.pct}%, but when exactly half is dropped the "
                        "last digit is made even")
    shown_rounded = _pct(rounded, dec)
    item = report.text[s.start:s.end]
    params = {"label": s.label, "count": res.count, "stated": f"{s.pct}%",
              "exact": _pct(res.exact, shown), "rounded": shown_rounded, "den": res.den[0],
              "den_label": res.den[1], "den_label_en": _DEN_EN.get(res.den[1], res.den[1]),
              "alt": alt, "alt_en": alt_en,
              "note": ("（" + "；".join(notes) + "）") if notes else "",
              "note_en": (" (" + "; ".join(notes_en) + ")") if notes_en else "",
              "rounding": _RULE_NAMES[rule_name][0], "rounding_en": _RULE_NAMES[rule_name][1],
              "claim": item}
    evidence = ({"label": "报告正文（项目）", "label_en": "report text (item)",
                 "value": item, "loc": text_loc(report, s.start, s.end)},
                {"label": "报告正文（百分比）", "label_en": "report text (share)",
                 "value": report.text[s.pstart:s.pend], "loc": text_loc(report, s.pstart, s.pend)},
                {"label": "分母", "label_en": "denominator", "value": res.den[0], "den": res.den[1]})
    return Hit(params=params, pointer="/text", loc=text_loc(report, s.pstart, s.pend),
               expected=shown_rounded, actual=f"{s.pct}%", evidence=evidence, key=key)


def _keyer() -> Any:
    seen: dict[str, int] = {}  # a plain dict: one is made per rule and report

    def key(*parts: Any) -> str:
        base = ":".join(str(p) for p in parts)
        n = seen[base] = seen.get(base, 0) + 1
        return base if n == 1 else f"{base}#{n}"
    return key


def _totals_100(shares: list[Share]) -> bool:
    """Whether the shares total 100 within ±0.5·10^-d per item, exactly, in integers: both
    sides scaled by 2·10^D (D the most decimals) are whole numbers."""
    places = [s.dec for s in shares]
    scale = 2 * 10 ** max(places)
    total = 0
    for s in shares:
        num, den = s.pct.as_integer_ratio()  # finite: the figures are read from the text
        total += num * scale // den
    return abs(total - 100 * scale) <= sum(scale // (2 * 10 ** d) for d in places)


def _run_shares(rule: Any, report: Report, parts: tuple[str, ...], rule_name: str,
                wanted: tuple[str, ...], test: str) -> Iterator[Hit | Skip]:
    results = evaluate(report, parts, rule_name, wanted)
    if results is None:
        yield Skip("未找到总体情况、收到和处理申请情况等部分，无法核对百分比",
                   "no overview/applications parts found; percentages not checked")
        return
    key = _keyer()
    if test in ("shares", "adjusted"):
        want = "bad" if test == "shares" else "adjusted"
        for res in results:
            if res.status == "unknown":
                if test == "shares":
                    yield Skip(f"无法取得“{res.share.label}”的件数或分母（表三缺失），未核对{res.share.pct}%",
                               f"no count or denominator for '{res.share.label}'; {res.share.pct}% not checked")
            elif res.status == want:
                yield _share_hit(report, res, rule_name, key(res.share.key, res.share.pct))
        return
    sets: dict[int, list[Result]] = {}
    for res in results:
        sets.setdefault(res.share.set_id, []).append(res)
    for members in sets.values():
        if len(members) < 2 or any(r.count is None for r in members):
            continue
        first = members[0].share
        dens = _denominators(report, first, wanted, parts)
        total_count = sum(r.count for r in members)  # type: ignore[misc]
        if not any(d == total_count for d, _, _ in dens):
            continue  # not the whole: the shares need not add up to 100
        if _totals_100([r.share for r in members]):
            continue
        total = sum((rd.to_fraction(r.share.pct) for r in members), Fraction(0))
        tol = sum((Fraction(1, 2 * 10 ** rd.decimals_of(r.share.pct)) for r in members), Fraction(0))
        dec = max(rd.decimals_of(r.share.pct) for r in members)
        last = members[-1].share
        items = "、".join(f"{r.share.label}{r.share.pct}%" for r in members)
        yield Hit(params={"total": _pct(total, dec), "tolerance": _trim(rd.show_fraction(tol, dec + 1)) + "%",
                          "items": items, "den": total_count},
                  pointer="/text", loc=text_loc(report, first.start, last.pend),
                  expected="100%", actual=_pct(total, dec), key=key("total", items),
                  evidence=tuple({"label": r.share.label, "value": f"{r.share.pct}%",
                                  "loc": text_loc(report, r.share.pstart, r.share.pend)} for r in members))


def _prior_context(prefix: str, year: int | None) -> bool:
    return bool(_PRIOR_WORD.search(prefix)) or prose.other_year(prefix, year)


def _prior_from_previous(ctx: RunContext, report: Report, num_start: int,
                         parts: tuple[str, ...]) -> tuple[list[int], str] | None:
    prev = ctx.previous
    if prev is None:
        return None
    for c in prose.claims(report, parts) or ():
        if c.num and c.num[0] == num_start and c.kind in ("received", "answered", "handled"):
            keys = {"received": ("new", "new+cin"), "answered": ("r7",),
                    "handled": ("r7", "new", "new+cin")}[c.kind]
            vals = []
            for k in keys:
                v, _, _ = prose.t3_value(prev, k)
                if v is not None and v.denominator == 1 and v > 0:
                    vals.append(int(v))
            return (vals, "上年报告表三") if vals else None
    return None


def _run_yoy(rule: Any, report: Report, ctx: RunContext, parts: tuple[str, ...],
             rule_name: str) -> Iterator[Hit | Skip]:
    pct_lines = _pct_lines(report, parts)
    if pct_lines is None:
        yield Skip("未找到总体情况等部分，无法核对同比数字", "no overview part found; year-on-year figures not checked")
        return
    text = prose.search_text(report)
    year = report.year
    key = _keyer()
    for reg, lines in pct_lines:
        for m in (m for a, b in lines for m in _YOY.finditer(text, a, b)):
            a, b = prose.sentence_bounds(text, m.start(), reg.start, reg.end)
            window_start = max(a, m.start() - 40)
            kws = list(_YOY_KW.finditer(text, window_start, m.start()))
            if not kws or "百分点" in text[m.end():m.end() + 4]:
                continue
            kw = kws[-1]
            if kw.group(0).startswith(("较", "比")) and re.search(r"\d{4}", kw.group(0)):
                if year is not None and int(re.search(r"\d{4}", kw.group(0)).group(0)) != year - 1:  # type: ignore[union-attr]
                    continue
            stated = Decimal(m.group("p"))
            cur: tuple[int, int, str] | None = None   # value, offset, unit
            prior: list[int] = []
            source = ""
            ft = _FROM_TO.search(text, a, b)
            if ft:
                cur = (int(ft.group("b")), ft.start("b"), ft.group("u"))
                prior, source = [int(ft.group("a"))], "文中"
            else:
                before = [c for c in _COUNT.finditer(text, a, kw.start())
                          if not _prior_context(text[prose.clause_start(text, c.start()):c.start()], year)]
                if before:
                    c = before[-1]
                    cur = (int(c.group("n").replace(",", "")), c.start(), c.group("u"))
                for dm in _DELTA.finditer(text, a, b):
                    y = dm.group("y")
                    if cur is None or dm.group("u") != cur[2] or (y is not None and (year is None or int(y) != year - 1)):
                        continue
                    delta = int(dm.group("n"))
                    prior.append(cur[0] - delta if dm.group("dir") in _UP + ("多",) else cur[0] + delta)
                    source = "文中"
                    break
                for p in ([] if prior else _PRIOR.finditer(text, a, b)):
                    y = p.group("y")
                    if y is not None and (year is None or int(y) != year - 1):
                        continue
                    if cur is not None and p.group("u") == cur[2] and p.start("n") != cur[1]:
                        prior.append(int(p.group("n").replace(",", "")))
                        source = "文中"
                        break
            if cur is None:
                yield Skip(f"“{text[kw.start():m.end()]}”：未找到本年数值，无法核对",
                           f"'{text[kw.start():m.end()]}': current figure not found; not checked")
                continue
            if not prior:
                got = _prior_from_previous(ctx, report, cur[1], parts)
                if got is None:
                    yield Skip(f"“{text[kw.start():m.end()]}”：文中未给出上年数值，且没有上年报告，无法核对",
                               f"'{text[kw.start():m.end()]}': prior-year figure not stated and no "
                               "previous report; not checked")
                    continue
                prior, source = got
            direction = m.group("dir")
            up = direction in _UP
            dec = rd.decimals_of(stated)
            fits = []
            for pv in prior:
                if pv <= 0:
                    continue
                change = Fraction(cur[0] - pv, pv) * 100
                right_dir = (change > 0 and up) or (change < 0 and not up) or change == 0
                fits.append((pv, change, right_dir and rd.fits(stated, abs(change), rule_name)))
            if not fits:
                continue
            if any(ok for _, _, ok in fits):
                continue
            pv, change, _ = fits[0]
            actual_dir = "增长" if change > 0 else ("下降" if change < 0 else "持平")
            shown = max(2, dec + 2)
            notes, notes_en = [], []
            if (change > 0) != up and change != 0:
                notes.append(f"文中称“{direction}”，实为{actual_dir}")
                notes_en.append(f'the text says "{direction}", but it is {"an increase" if change > 0 else "a decrease"}')
            if rd.truncate_to(abs(change), dec) == rd.to_fraction(stated) and \
                    rd.round_to(abs(change), dec, rule_name) != rd.to_fraction(stated):
                notes.append("文中数字似为直接舍去尾数所得，应修约")
                notes_en.append("the text seems to drop the further digits; it must be rounded")
            loc_start = min(cur[1], kw.start())
            yield Hit(params={"direction": direction, "stated": f"{stated}%", "current": cur[0],
                              "prior": pv, "change": _pct(abs(change), shown),
                              "rounded": _pct(rd.round_to(abs(change), dec, rule_name), dec),
                              "actual_direction": actual_dir,
                              "actual_direction_en": {"增长": "an increase", "下降": "a decrease"}.get(actual_dir, "no change"),
                              "note": ("（" + "；".join(notes) + "）") if notes else "",
                              "note_en": (" (" + "; ".join(notes_en) + ")") if notes_en else "",
                              "claim": text[loc_start:m.end()].replace("\n", " ")[:80],
                              "rounding": _RULE_NAMES[rule_name][0], "rounding_en": _RULE_NAMES[rule_name][1]},
                      pointer="/text", loc=text_loc(report, loc_start, m.end()),
                      expected=f"{actual_dir}{_pct(rd.round_to(abs(change), dec, rule_name), dec)}",
                      actual=f"{direction}{stated}%", key=key("yoy", cur[0], pv, stated),
                      evidence=({"label": "本年", "label_en": "this year", "value": cur[0]},
                                {"label": f"上年（{source}）", "label_en": "prior year", "value": pv}))


def run(test: str, rule: Rule, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    """The ``percentage.<test>`` kinds: ``shares``, ``adjusted``, ``total`` or ``yoy``."""
    opts = rule.options
    parts = rule.scope.parts or prose.DEFAULT_PARTS
    rule_name = opts.get("rounding", "gbt8170")
    if test == "yoy":
        yield from _run_yoy(rule, report, ctx, parts, rule_name)
    else:
        wanted = tuple(opts.get("denominators") or DENOMINATORS)
        yield from _run_shares(rule, report, parts, rule_name, wanted, test)


def _compile(options: dict[str, Any]) -> None:
    if options.get("rounding", "gbt8170") not in rd.RULES:
        raise ValueError(f"rounding must be one of {', '.join(rd.RULES)}")


@hookimpl
def checker_register_check_kinds(config: Any) -> list[CheckKind]:
    return [CheckKind(name=f"percentage.{test}", summary=summary, options_schema=schema,
                      run=functools.partial(run, test), compile=_compile, params=params,
                      scope_schema=parts_scope_schema(), legacy_scope={"parts": "parts"})
            for test, (summary, schema, params) in KINDS.items()]
