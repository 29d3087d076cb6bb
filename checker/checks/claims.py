"""Counts stated in the report's prose, found once per report (spec/domain.md §8.1–8.3).

Shared by the ``narrative.*`` and ``percentage.*`` check kinds. Only sentences whose meaning is
clear become claims: a count word right next to a number and 件 (``共受理政府信息公开申请66件``,
``予以公开14件``, ``结转下年度继续办理3件``, ``行政复议2件，均结果维持``). Figures about last
year, breakdowns by applicant or channel, approximate figures (``66余件``) and numbers about
other things (会议 18 次, 信息 4427 条) are left alone. The table text is never searched.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from checker.checks.prose import (
    DEFAULT_PARTS,
    NUM,
    OUTCOME_LABELS,
    SENTENCE_END,
    SP,
    Claim,
    Region,
    clause_end,
    clause_start,
    other_year,
    outcome_key,
    outcome_name,
    parse_count,
    regions,
    search_text,
    sentence_bounds,
)
from checker.files.lazyre import lazy
from checker.files.recache import compile_pattern
from checker.report import Report

__all__ = ["claims"]

_FILL = r"[^，,。；;：:\n\d%（）()]"
_UNIT = r"(?:件|起|宗)"
_PATTERNS: tuple[tuple[str, int, re.Pattern[str]], ...] = tuple(
    (kind, prio, compile_pattern(pat)) for kind, prio, pat in (
        ("carried_forward", 6,
         r"(?P<kw>结转(?:至|到|入)?下(?:一)?(?:个)?年度?|转入下(?:一)?年度?|转至下(?:一)?年度?)"
         r"(?:继续)?(?:办理|处理|答复)?(?:的)?(?:政府信息公开)?(?:申请)?(?:共|共计|为|是)?" + SP
         + NUM + SP + "件"),
        ("carried_over", 6,
         r"(?P<kw>(?:从|由)?上(?:一)?(?:个)?年度?(?:结转|转入|遗留))(?:至|到|入)?(?:本年度?)?(?:的)?"
         r"(?:继续办理的|未办结的)?(?:政府信息公开)?(?:申请)?(?:共|共计|为|是)?" + SP + NUM + SP
         + "件"),
        ("outcome", 5,
         r"(?P<kw>" + OUTCOME_LABELS + r")(?:的)?(?:申请)?(?:共|共计|合计)?(?:为|是|了)?" + SP + NUM
         + SP + "件"),
        ("review_each", 5,
         r"(?P<kw>行政复议(?:和|、|及|与|或|以及)(?:提起)?(?:行政)?诉讼)(?:案件)?(?:数量)?(?:各|均"
         r"|都)(?:为|是)?"
         + SP + NUM + SP + _UNIT + "?"),
        ("review_sum", 5,
         r"(?P<kw>行政复议(?:和|、|及|与|以及)(?:提起)?(?:行政)?诉讼)(?:案件)?(?:共|共计|合计|总计)"
         r"(?:为|是)?"
         + SP + NUM + SP + _UNIT),
        ("review", 4, r"(?P<kw>行政复议)(?:案件|申请|案)?(?:共|共计|合计)?(?:为|是)?" + SP + NUM
         + SP + _UNIT),
        ("litigation", 4, r"(?P<kw>行政诉讼)(?:案件|案)?(?:共|共计|合计)?(?:为|是)?" + SP + NUM + SP
         + _UNIT),
        ("received", 3,
         r"(?P<kw>收到|受理|接收|接到|收悉|新收)(?P<fill>" + _FILL + r"{0,25}?)申请(?:公开)?"
         r"(?:数|数量|总数|总量|量)?(?:共|共计|合计|总计|累计)?(?:为|是|达|达到)?(?:了)?" + SP + NUM
         + SP + "件"),
        ("received", 3, r"(?P<kw>新收)(?P<fill>(?:共|共计|合计)?)" + SP + NUM + SP + "件"),
        ("answered", 3,
         r"(?P<kw>答复|办结|回复|办理完毕|处理完毕|完成答复)(?P<fill>" + _FILL + r"{0,20}?)"
         r"(?:申请)?(?:共|共计|合计|总计)?(?:为|是|达|了)?" + SP + NUM + SP + "件"),
        ("handled", 2,
         r"(?P<kw>办理)(?P<fill>" + _FILL + r"{0,20}?)申请(?:共|共计|合计|总计)?(?:为|是|达)?" + SP
         + NUM + SP + "件"),
    ))
_HAS_COUNT = lazy(r"[\d零〇一二两三四五六七八九十百][ \t\u3000\u00a0]*[件起宗]")
_FORWARD_AFTER = lazy(r"(?P<kw>结转|转入|转至)(?:至|到)?下(?:一)?(?:个)?年")
_FORWARD_NUM = lazy(NUM + SP + r"件(?:申请)?(?:需|将|须|已)?$")
_LITERALS = {"carried_forward": ("结转", "转入", "转至"), "carried_over": ("结转", "转入", "遗留"),
             "outcome": ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"),
             "review_each": ("复议",), "review_sum": ("复议",),
             "review": ("复议",), "litigation": ("诉讼",),
             "received": ("收到", "受理", "接收", "接到", "收悉", "新收"),
             "answered": ("答复", "办结", "回复", "完毕"), "handled": ("办理",)}
_ALL_LITERALS = tuple(dict.fromkeys(k for ks in _LITERALS.values() for k in ks))
_ANY_LITERAL = lazy("|".join(_ALL_LITERALS))
_BAD_PREFIX = lazy(r"上年|去年|上一年|同期|以往|往年|历年|累计|以来|较|比上|相比")
_BAD_FILL = lazy(r"上年|去年|同期|结转|自然人|企业|机构|网上|网络|在线|当面|现场|信函|邮"
                 r"|传真|平台|窗口|来信|电话|重复|咨询|涉及|关于|有关|率|中|其中|累计|同比"
                 r"|予以|不予|无法|部分|其他|以前")
_ANSWER_PREFIX = lazy(r"逾期|延期|延长|按期|按时|当场|当面|现场|网上|书面|电话|其中|正在|尚未|未")
_CHANNEL = lazy(r"网上|网络|平台|当面|现场|信函|邮|传真|窗口|来信|电话|在线|渠道|方式|途径")
_HANDLED_PREFIX = lazy(r"继续|结转|正在|尚在|其中|未")
_APPLICANT = lazy(r"自然人|法人|企业|机构|组织")
_PUBLIC = lazy(r"(?:公民|自然人)[、，,]?法人(?:和|或|及|、)?其他组织|社会公众|群众|申请人")
_APP_CONTEXT = lazy(r"申请|答复|办结|办理|分别")
_RESULT_ALL = lazy(r"(?:均|全部|都)(?:为|是|被)?(?:结果)?(?:被)?维持")
_RESULT_ONE = lazy(r"(?<![未不])(?:结果|均)?维持(?!率)")
_RESULT_N = lazy(r"(?P<col>结果维持|维持|结果纠正|纠正|被纠错|纠错|其他结果|尚未审结|未审结)"
                       r"(?:原[^，。；;\d]{0,8})?(?:的)?" + SP + NUM + SP + _UNIT)
_RESULT_STOP = lazy("[。；;\n]")
_NEXT_CASE = lazy("行政复议|行政诉讼|起诉")
_RESULT_COL = {"结果维持": "kept", "维持": "kept", "结果纠正": "fixed", "纠正": "fixed",
               "被纠错": "fixed", "纠错": "fixed", "其他结果": "other", "尚未审结": "pending",
               "未审结": "pending"}
_NONE = lazy(r"(?P<neg>未发生|没有发生|未出现|没有出现|未收到|没有收到|未接到|没有接到"
             r"|未有|没有|未被|无)"
             r"(?P<mid>[^，,。；;\d\n]{0,30}?)(?P<term>行政复议|行政诉讼)")
_DIGIT = lazy(r"\d")
_NONE_BAD = lazy(r"纠|败诉|撤销|违法|决定|维持|避免|防止|减少|无论|无需|无法|审结|结果")
_CARRIED_NEAR = lazy(r"顺延|(?<!上年)结转(?:至|到)?下|下一?年度(?:继续)?(?:办理|答复)")
_OUTCOME_RE = lazy(OUTCOME_LABELS)
# A paragraph can only hold a claim when it has a unit (件起宗), a table-4 word or an answer
# word. (Every branch starts with a literal: the regex engine skips ahead by first characters.)
_PARA_HINT = lazy("件|起|宗|复议|诉讼|答复|办结")
_CLAIM_KEYS = {"received": "new", "answered": "r7", "handled": "r7", "carried_forward": "cout",
               "carried_over": "cin", "review": "rev.total", "litigation": "lit.total",
               "review_each": "rev+lit.each", "review_sum": "rev+lit"}
_ALL_ANSWERED = lazy(
    r"(?:均|全部|都|已全部|均已|全部已|全都)(?:已)?(?:在法定期限内|在法定时限内|在规定时限内"
    r"|在规定期限内|按时|按期|依法|及时)?"
    r"(?:予以|依法|作出|进行|完成|给予)?(?:答复|办结)(?!率)")


# Words that make a count some other figure, joined per kind so that one search decides: in
# the clause before an outcome's label, and between an application count's verb and 申请.
_OUTCOME_BAD_PREFIX = lazy(f"{_BAD_PREFIX.pattern}|{_APPLICANT.pattern}")
_BAD_FILL_WORDS = lazy(f"{_BAD_FILL.pattern}|{_APPLICANT.pattern}")
_APPLICATION_KINDS = frozenset({"received", "answered", "handled"})


def _keep(kind: str, m: re.Match[str], text: str, year: int | None, kw_start: int,
          outcome_sentences: _OutcomeSentences) -> bool:
    """Whether a pattern match is a claim: the words around it do not make it last year's
    figure, a breakdown by applicant or channel, or a count of something else."""
    prefix = text[clause_start(text, m.start()):kw_start]
    if prefix:  # none of the prefix words can be found in an empty prefix
        if kind == "outcome":
            if _OUTCOME_BAD_PREFIX.search(prefix):
                return False
        elif kind != "carried_over" and _BAD_PREFIX.search(prefix):
            return False
        if other_year(prefix, year):
            return False
    if kind in _APPLICATION_KINDS:
        return _keep_application(kind, m.group("fill") if "fill" in m.re.groupindex else None,
                                 prefix)
    if kind == "outcome":
        return outcome_sentences.about_applications(m.start())
    return True


def _keep_application(kind: str, fill: str | None, prefix: str) -> bool:
    """An application count (received, answered, handled) is no breakdown by applicant or
    channel, nor an overdue or pending count."""
    fill = _PUBLIC.sub("", fill) if fill else ""
    if fill and _BAD_FILL_WORDS.search(fill):
        return False
    if not prefix:
        return True
    if _CHANNEL.search(prefix[-12:]):
        return False
    if kind == "answered" and _ANSWER_PREFIX.search(prefix[-4:]):
        return False
    if kind == "handled" and _HANDLED_PREFIX.search(prefix[-4:]):
        return False
    return not (kind == "received" and _APPLICANT.search(_PUBLIC.sub("", prefix)))


def _same_sentence(text: str, pos: int, bounds: tuple[int, int], limit: int = 300) -> bool:
    """Whether :func:`sentence_bounds` of ``pos`` (whole text, default limit) gives ``bounds``
    again: ``pos`` lies inside them (a span without an end character) and both ends are end
    characters that its searches reach."""
    a, b = bounds
    return (a <= pos < b and a > 0 and pos - a < limit and text[a - 1] in SENTENCE_END
            and b - pos < limit and b < len(text) and text[b] in SENTENCE_END)


class _OutcomeSentences:
    """Whether an outcome count stands in a sentence about applications (it says so, or lists
    outcomes). The outcomes of a list share one sentence: it is found and read once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.bounds = (0, 0)
        self.ok = False

    def about_applications(self, pos: int) -> bool:
        if not _same_sentence(self.text, pos, self.bounds):
            a, b = self.bounds = sentence_bounds(self.text, pos)
            sentence = self.text[a:b]
            self.ok = (_APP_CONTEXT.search(sentence) is not None
                       or len(_OUTCOME_RE.findall(sentence)) >= 2)
        return self.ok


def _results(text: str, claim: Claim, stop: int) -> Iterator[Claim]:
    """Outcome words after a 行政复议/行政诉讼 count: 均结果维持, 维持1件, 纠正1件 …"""
    end = _RESULT_STOP.search(text, claim.end, stop)
    window = text[claim.end:end.start() if end else max(stop, claim.end)]
    nxt = _NEXT_CASE.search(window)
    if nxt:
        window = window[:nxt.start()]
    kind = claim.kind + "_result"
    found = False
    for m in _RESULT_N.finditer(window):
        v = parse_count(m.group("n"))
        if v is None:
            continue
        found = True
        yield Claim(kind, m.group("col"), v, claim.end + m.start(), claim.end + m.end(),
                    (claim.end + m.start("n"), claim.end + m.end("n")), _RESULT_COL[m.group("col")],
                    {"total_claim": claim})
    if found:
        return
    m2 = _RESULT_ALL.search(window)
    if m2 is None and claim.value == 1:
        m2 = _RESULT_ONE.search(window)
    if m2 is not None and claim.value:
        yield Claim(kind, m2.group(0), claim.value, claim.end + m2.start(), claim.end + m2.end(),
                    None, "kept", {"total_claim": claim, "all": True})


def _paragraphs(text: str, regs: list[Region]) -> Iterator[tuple[int, int]]:
    """The regions cut at line breaks (claims never span a paragraph), only those with a
    :data:`_PARA_HINT`: one regex search skips the paragraphs without."""
    for reg in regs:
        pos = reg.start
        while pos < reg.end:
            hint = _PARA_HINT.search(text, pos, reg.end)
            if hint is None:
                break
            nl = text.rfind("\n", pos, hint.start())
            start = pos if nl < 0 else nl + 1
            nl = text.find("\n", hint.end(), reg.end)
            end = reg.end if nl < 0 else nl
            if end - start > 1:
                yield start, end
            pos = end + 1


def claims(report: Report, parts: tuple[str, ...] = DEFAULT_PARTS) -> list[Claim] | None:
    """Every clear count statement in the given parts, in text order (None: no such parts)."""
    return report.analysis(_find_claims, tuple(parts))


def _find_claims(report: Report, parts: tuple[str, ...]) -> list[Claim] | None:
    regs = regions(report, parts)
    if regs is None:
        return None
    text = search_text(report)
    year = report.year
    out: list[Claim] = []
    outcome_sentences = _OutcomeSentences(text)
    for p_start, p_end in _paragraphs(text, regs):
        para = text[p_start:p_end]
        has_unit = "件" in para or "起" in para or "宗" in para
        has_count = has_unit and _HAS_COUNT.search(para) is not None
        has_t4 = "复议" in para or "诉讼" in para
        has_answer = "答复" in para or "办结" in para
        if not (has_count or has_t4 or has_answer):
            continue
        found: dict[tuple[int, int], tuple[int, int, Claim]] = {}
        # the keywords present (a pattern needs one of its own); one search first, as most
        # paragraphs with a count have none
        present = ({k for k in _ALL_LITERALS if k in para}
                   if has_count and _ANY_LITERAL.search(para) else set())
        for kind, prio, pat in (_PATTERNS if present else ()):
            if present.isdisjoint(_LITERALS[kind]):
                continue
            for m in pat.finditer(text, p_start, p_end):
                value = parse_count(m.group("n"))
                if value is None:
                    continue
                kw_start, kw_end = m.span("kw")  # every pattern starts with its keyword
                if not _keep(kind, m, text, year, kw_start, outcome_sentences):
                    continue
                nspan = m.span("n")
                dist = nspan[0] - kw_end if kw_end <= nspan[0] else kw_start - nspan[1]
                old = found.get(nspan)
                if old is None or (prio, -dist) > (old[0], old[1]):
                    kw = m.group("kw")
                    if kind == "outcome":
                        label, ckey = outcome_name(kw), outcome_key(kw)
                    else:
                        label, ckey = kw, _CLAIM_KEYS.get(kind, "")
                    found[nspan] = (prio, -dist, Claim(kind, label, value, m.start(), m.end(),
                                                       nspan, ckey))
        if found:
            for c in sorted((c for _, _, c in found.values()), key=lambda c: c.start):
                out.append(c)
                if c.kind in ("review", "litigation"):
                    out.extend(_results(text, c, p_end))
        if has_count and ("结转" in para or "转入" in para or "转至" in para):
            for m in _FORWARD_AFTER.finditer(text, p_start, p_end):
                pre = _FORWARD_NUM.search(text, max(p_start, m.start() - 16), m.start())
                if pre is None or pre.start("n") in {k[0] for k in found}:
                    continue
                value = parse_count(pre.group("n"))
                before = text[clause_start(text, pre.start()):pre.start()]
                if value is None or _BAD_PREFIX.search(before):
                    continue
                out.append(Claim("carried_forward", m.group("kw"), value, pre.start(), m.end(),
                                 (pre.start("n"), pre.end("n")), "cout"))
        for m in (_NONE.finditer(text, p_start, p_end) if has_t4 else ()):
            cs, ce = clause_start(text, m.start()), clause_end(text, m.end())
            clause = text[cs:ce]
            tail = text[m.end():ce]
            if _DIGIT.search(clause) or _NONE_BAD.search(m.group(0) + tail):
                continue
            terms = {m.group("term")}
            if "诉讼" in tail:
                terms.add("行政诉讼")
            if "复议" in tail:
                terms.add("行政复议")
            groups = tuple(g for t, g in (("行政复议", "rev"), ("行政诉讼", "lit")) if t in terms)
            out.append(Claim("none", text[m.start():ce], 0, m.start(), ce, None, "+".join(groups),
                             {"groups": groups}))
        for m in (_ALL_ANSWERED.finditer(text, p_start, p_end) if has_answer else ()):
            a, b = sentence_bounds(text, m.start(), p_start, p_end)
            sentence = text[a:b]
            if "办结" in m.group(0) and "申请" not in sentence and "答复" not in sentence:
                continue
            # The carry-forward may be mentioned just before the claim, across a hard line
            # break of a PDF extraction ("另有 103 件顺延到下年度\n答复），均在法定期限内…").
            before = text[max(0, m.start() - 150):m.start()]
            before = before[before.rfind("\n\n") + 1:]
            if "结转" in sentence or "除" in text[a:m.start()] or _CARRIED_NEAR.search(before):
                continue
            out.append(Claim("all_answered", m.group(0), None, m.start(), m.end(), None, "cout",
                             {"sentence": (a, b)}))
    out.sort(key=lambda c: (c.start, c.end))
    return out
