"""Table T3 — 收到和处理政府信息公开申请情况 — onto the cell ids ``t3.<row>.<col>``.

Rows are found by their labels in form order; the 2019 format's single ``（六）其他处理``
row (also kept by some 2021-format reports) becomes ``r6``. Rows whose digits ran together
are split by the row identity; where a split stays ambiguous, the column identities
(H2: results total, H3: 勾稽 balance) pick the combination that holds.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from checker.files.lazyre import lazy
from checker.readers.locate import Locator
from checker.readers.tables.build import add_row_notes, cell, issue, row_record
from checker.readers.tables.choose import Identity, choose
from checker.readers.tables.labels import RowSpec, cn_prefix, find_any, num_prefix
from checker.readers.tables.rows import Hit, find_hit, locate_in_order, read_hits

__all__ = ["COLS", "T3_HEADERS", "extract_t3"]

COLS = ("nat", "biz", "res", "npo", "law", "oth", "tot")
_NOTE_TAIL = "、行政机关不再处理其政府信息公开申请"
# 不再处理 is the form's word; 不再受理 is common in real tables


def _leaf(row_id: str, n: int, core: str, core_re: str = "") -> RowSpec:
    return RowSpec(row_id, f"{n}.{core}", core, prefix=num_prefix(n), core_re=core_re)


ROWS_HEAD = [
    RowSpec("new", "一、本年新收政府信息公开申请数量", "本年新收", cn_prefix("一"),
            tail="政府信息公开申请数量"),
    RowSpec("cin", "二、上年结转政府信息公开申请数量", "上年结转", cn_prefix("二"),
            tail="政府信息公开申请数量"),
    RowSpec("r1", "（一）予以公开", "予以公开", cn_prefix("一")),
    RowSpec("r2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开",
            cn_prefix("二"), tail="（区分处理的，只计这一情形，不计其他情形）"),
    _leaf("r3_1", 1, "属于国家秘密", r"(?:属\s*于\s*)?国\s*家\s*秘\s*密"),
    _leaf("r3_2", 2, "其他法律行政法规禁止公开"),
    _leaf("r3_3", 3, "危及“三安全一稳定”"),
    _leaf("r3_4", 4, "保护第三方合法权益"),
    _leaf("r3_5", 5, "属于三类内部事务信息"),
    _leaf("r3_6", 6, "属于四类过程性信息"),
    _leaf("r3_7", 7, "属于行政执法案卷"),
    _leaf("r3_8", 8, "属于行政查询事项"),
    _leaf("r4_1", 1, "本机关不掌握相关政府信息"),
    _leaf("r4_2", 2, "没有现成信息需要另行制作"),
    _leaf("r4_3", 3, "补正后申请内容仍不明确"),
    _leaf("r5_1", 1, "信访举报投诉类申请"),
    _leaf("r5_2", 2, "重复申请"),
    _leaf("r5_3", 3, "要求提供公开出版物"),
    _leaf("r5_4", 4, "无正当理由大量反复申请"),
    _leaf("r5_5", 5, "要求行政机关确认或重新出具已获取信息"),
]
R6_1 = RowSpec("r6_1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
               "申请人无正当理由逾期不补正", num_prefix(1), tail=_NOTE_TAIL,
               core_re=r"申\s*请\s*人\s*无\s*正\s*当\s*理\s*由\s*逾\s*期\s*(?:不\s*)?补\s*正")
R6_2 = RowSpec("r6_2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
               "申请人逾期未按收费通知要求缴纳费用", num_prefix(2), tail=_NOTE_TAIL)
R6_3 = RowSpec("r6_3", "3.其他", "其他", num_prefix(3), need_prefix=True, fuzzy=False)
R6_3_BARE = RowSpec("r6_3", "3.其他", "其他", fuzzy=False)
R6 = RowSpec("r6", "（六）其他处理", "其他处理", cn_prefix("六"), fuzzy=False)
R7 = RowSpec("r7", "（七）总计", "总计", cn_prefix("七"), need_prefix=True, fuzzy=False)
R7_BARE = RowSpec("r7", "（七）总计", "总计", fuzzy=False)
COUT = RowSpec("cout", "四、结转下年度继续办理", "结转下年度继续办理", cn_prefix("四"))

ROW_ORDER = [s.id for s in ROWS_HEAD] + ["r6_1", "r6_2", "r6_3", "r6", "r7", "cout"]
_SHAPE: dict[str, tuple[int, str | None, set[int]]] = {
    rid: (7, "row_sum", set()) for rid in ROW_ORDER}
_LEAVES = [s.id for s in ROWS_HEAD[2:]]
_R6 = ("r6_1", "r6_2", "r6_3", "r6")

T3_HEADERS: dict[str, tuple[str, ...]] = {
    "自然人": (),
    "法人或其他组织": ("法人或者其他组织", "法人及其他组织", "法人和其他组织"),
    "商业企业": ("商业机构",),
    "科研机构": ("科研企业", "科研单位", "科研院所"),
    "社会公益组织": ("社会公益机构", "公益组织", "社会公益"),
    "法律服务机构": ("法律服务组织", "法律服务"),
}
# what follows table 3: part 四 (or 五, 六) or table 4's header
_AFTER_T3 = lazy(r"[四五六]\s*[、.]\s*(?!结\s*转)|行\s*政\s*复\s*议|结\s*果\s*维\s*持")
_NEW_START = lazy(r"本\s*年\s*新\s*收")
_CIN = lazy(r"上\s*年\s*结\s*转")


def _find_start(work: str, start: int) -> int | None:
    for m in _NEW_START.finditer(work, start):
        if _CIN.search(work, m.end(), m.end() + 900):
            return max(start, m.start() - 6)
    return None


def _locate(work: str, text: str, start: int, end: int) -> list[Hit]:
    hits = locate_in_order(ROWS_HEAD, work, text, start, end)
    cursor = hits[-1].end if hits else start
    limit = min(end, cursor + 3000)
    r7 = find_hit(R7, work, text, cursor, limit)
    r6_1 = find_hit(R6_1, work, text, cursor, r7.start if r7 else limit)
    c2 = r6_1.end if r6_1 else cursor
    r6_2 = find_hit(R6_2, work, text, c2, r7.start if r7 else limit)
    if r6_1 or r6_2:
        found = [h for h in (r6_1, r6_2) if h]
        hits += found
        c3 = found[-1].end  # r6_2's end when found, else r6_1's
        if r7 is None:
            r7 = find_hit(R7_BARE, work, text, c3, limit)
        r6_3 = find_hit(R6_3, work, text, c3, r7.start if r7 else min(limit, c3 + 400))
        if r6_3 is None and r7 is not None:
            # "其他" printed without its number, right before (七)总计
            r6_3 = find_hit(R6_3_BARE, work, text, c3, r7.start)
        if r6_3:
            hits.append(r6_3)
    else:
        r6 = find_hit(R6, work, text, cursor, r7.start if r7 else limit)
        if r6:
            hits.append(r6)
            cursor = r6.end
        if r7 is None:
            r7 = find_hit(R7_BARE, work, text, cursor, limit)
    if r7:
        hits.append(r7)
        cout = find_hit(COUT, work, text, r7.end, min(end, r7.end + 1500))
        if cout:
            hits.append(cout)
    return hits


@lru_cache(maxsize=64)
def _identities(ids: frozenset[str]) -> list[Identity]:
    """The T3 identities over the rows present: each row's total, each column's results
    total (H2) and each column's 勾稽 balance (H3)."""
    out = [Identity(f"row_total:{r}", ((r, 6, 1), *((r, k, -1) for k in range(6))))
           for r in sorted(ids)]
    leaves = [r for r in _LEAVES + list(_R6) if r in ids]
    for k, col in enumerate(COLS):
        if "r7" in ids:
            out.append(Identity(f"results_total:{col}",
                                (("r7", k, 1), *((r, k, -1) for r in leaves))))
        if {"new", "cin", "r7", "cout"} <= ids:
            out.append(Identity(f"balance:{col}", (("new", k, 1), ("cin", k, 1), ("r7", k, -1),
                                                   ("cout", k, -1))))
    return out


def _resolve(hits: list[Hit], loc: Locator, issues: list[dict[str, Any]]) -> None:
    """Split run-together rows with the whole table's identities (see ``choose``)."""
    rows = {h.spec.id: h.values for h in hits if h.aligned is not None}
    by_id = {h.spec.id: h for h in hits}
    if not any(len(a.candidates) > 1 for a in rows.values()):
        return
    for c in choose(rows, _identities(frozenset(rows))):
        h = by_id[c.row]
        where = loc.loc(h.start, len(h.label))
        if c.chosen is None:
            kept = [col for col, x in zip(COLS, h.values.cells, strict=False)
                    if x.confidence != "unread"]
            part = f" (read: {', '.join(kept)})" if kept else ""
            issues.append(issue("unread", "t3", c.row, f"{h.label}: the run-together cells "
                                f"({h.values.digits}) split {c.ways} ways and the table's "
                                "identities cannot choose among them; the cells they disagree "
                                f"on are left unread{part}",
                                label=h.label, actual=h.values.digits, where=where))
            continue
        broken = f"; with it the published table breaks {', '.join(c.broken)}" if c.broken else ""
        issues.append(issue("inferred_cells", "t3", c.row, f"{h.label}: the run-together cells "
                            f"({h.values.digits}) split {c.ways} ways; chose "
                            f"{'|'.join(str(x.value) for x in h.values.cells)}, the way that "
                            f"breaks the fewest of the table's identities{broken}",
                            label=h.label, actual=h.values.digits, where=where))


def _missing_row() -> dict[str, Any]:
    """A row the text does not show (or whose label was not recognised): unread, never 0."""
    return {c: {"value": None, "raw": "", "loc": None, "confidence": "unread"} for c in COLS}


def extract_t3(work: str, text: str, loc: Locator, start: int = 0, end: int | None = None
               ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]],
                          tuple[int, int], bool] | None:
    """Extract T3. Returns (table, rows, issues, (span start, span end), single_r6) or None."""
    end = len(work) if end is None else end
    begin = _find_start(work, start)
    if begin is None:
        return None
    hits = _locate(work, text, begin, min(end, begin + 20000))
    if len(hits) < 3:
        return None
    last = hits[-1]
    nl = work.find("\n", last.end)
    stop = min(end, last.end + 600) if nl < 0 else min(end, nl + 400)
    after = _AFTER_T3.search(work, last.end, stop)
    if after:
        stop = after.start()  # the next part or table 4 begins: no value of T3 lies beyond
    read_hits(hits, work, text, stop, _SHAPE)
    table: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    issues: list[dict[str, Any]] = []
    _resolve(hits, loc, issues)
    single_r6 = any(h.spec.id == "r6" for h in hits)
    for h in hits:
        rid = h.spec.id
        where = loc.loc(h.start, len(h.label))
        table[rid] = {c: cell(s, loc) for c, s in zip(COLS, h.values.cells, strict=False)}
        rows.append(row_record(rid, h.label, h.values, 7, h.start, loc))
        add_row_notes(issues, "t3", rid, h.label, h.values, 7, where, COLS)
        if h.variant:
            issues.append(issue("label_variant", "t3", rid, f"row label {h.label!r} differs from "
                                f"the form's {h.spec.label!r}", label=h.label,
                                expected=h.spec.label, actual=h.label, where=where))
    wanted = [s.id for s in ROWS_HEAD] + (["r6"] if single_r6 else ["r6_1", "r6_2", "r6_3"])
    wanted += ["r7", "cout"]
    for rid in wanted:
        if rid not in table:
            table[rid] = _missing_row()
            issues.append(issue("missing_row", "t3", rid, f"row {rid} not found in table T3"))
    _header_variants(work, text, max(0, begin - 1200), hits[0].start, loc, issues)
    span_end = max(h.values.found[-1].start + (h.values.found[-1].length or 0)
                   if h.values.found and h.values.found[-1].start is not None else h.end
                   for h in hits)
    return table, rows, issues, (begin, span_end), single_r6


def _header_variants(work: str, text: str, start: int, end: int, loc: Locator,
                     issues: list[dict[str, Any]]) -> None:
    """Report column headers written differently from the form (``科研企业`` for ``科研机构``)."""
    if find_any(("申请人情况", "自然人"), work, start, end) is None:
        return
    for canon, variants in T3_HEADERS.items():
        if not variants or find_any((canon,), work, start, end):
            continue
        m = find_any(variants, work, start, end)
        if m:
            written = text[m.start():m.end()]
            issues.append(issue("label_variant", "t3", None, f"column header {written!r} "
                                f"differs from the form's {canon!r}", label=written,
                                expected=canon, actual=written,
                                where=loc.loc(m.start(), len(written))))

