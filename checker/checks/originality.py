"""The ``originality`` check kind: free text carried over from last year or shared with a peer.

* ``against = "previous"``: each free-text part (一, 五, 六) against last year's report of the
  same body (``ctx.previous``; ``gongkai check --previous``, ``gongkai score --previous``).
  Without last year's report: not assessable.
* ``against = "batch"``: against the other bodies' reports of the batch that ``gongkai score``
  found sharing passages with this one (``ctx.batch``, see
  :mod:`checker.workflows.batch.originality`).
  ``role = "copier"`` reports the later report of a pair (or both when the publication dates
  do not tell which came first); ``role = "source"`` tells the earlier report that its text
  appears in a later one. Outside ``gongkai score``: not assessable.

A part is reported when ``min_share ≤ share < max_share`` (exact fractions): the share is the
normalised characters of the part's clauses found in the other report over all counted ones
(see :mod:`checker.checks.textshare`). Parts with fewer than ``min_chars`` counted characters are
not compared.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from checker.checks import textshare as ts
from checker.checks.common import text_loc
from checker.engine.kinds import CheckKind, Hit, RunContext, Say, Skip
from checker.engine.scope import parts_scope_schema
from checker.hookspecs import hookimpl
from checker.report import Report

__all__ = ["OPTIONS_SCHEMA", "Peer", "run"]

OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["against", "min_share"],
    "properties": {
        "against": {"enum": ["previous", "batch"]},
        "role": {"enum": ["copier", "source"]},
        "min_share": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        "max_share": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        "min_chars": {"type": "integer", "minimum": 1},
        "template_reports": {"type": "integer", "minimum": 2},
        "lsh_threshold": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
    },
}
PARAMS = frozenset({"part_label", "share", "other_path", "other_agency", "other_year", "quote",
                    "other_quote", "copied", "total", "direction", "shares"})
DEFAULT_MIN_CHARS = 40


@dataclass(frozen=True)
class Peer:
    """Another report of the batch that shares passages with this one."""

    path: str
    report: Any  # a report dict or Report
    role: str    # this report's role: "copier", "source" or "unknown" (dates do not tell)


def _fraction(value: Any) -> Fraction:
    return Fraction(Decimal(str(value)))


def _in_band(share: ts.Share, opts: dict[str, Any]) -> bool:
    ratio = share.ratio
    if share.total < int(opts.get("min_chars", DEFAULT_MIN_CHARS)):
        return False
    if ratio < _fraction(opts["min_share"]):
        return False
    return "max_share" not in opts or ratio < _fraction(opts["max_share"])


def _section_pointer(report: Report, part: str) -> str:
    for i, s in enumerate(report.sections):
        if s.get("part") == part:
            return f"/sections/{i}"
    return "/sections"


def _compare(report: Report, other: Report, rule: Any, other_path: str,
             extra: dict[str, Any], root: str, exclude: frozenset[int] = frozenset()
             ) -> Iterator[Hit]:
    """One hit per part of ``report`` whose share found in ``other`` is in the rule's band;
    clauses keyed in ``exclude`` (a batch's template) are not counted."""
    opts = rule.options
    parts = rule.scope.parts or ts.FREE_PARTS
    mine = ts.part_clauses(report, parts)
    if exclude:
        mine = {p: [c for c in cl if c.key not in exclude] for p, cl in mine.items()}
    theirs_keys = ts.keys_of(other)
    theirs_parts = ts.part_clauses(other)
    shares = {p: ts.share_of(cl, theirs_keys, p) for p, cl in mine.items()}
    summary = "、".join(f"{ts.PART_LABELS[p][0][:4]}{s.percent}%" for p, s in shares.items()
                       if s.total)
    summary_en = ", ".join(f"part {'156'[ts.FREE_PARTS.index(p)]} {s.percent}%"
                           for p, s in shares.items() if s.total)
    meta = other.meta
    for part, share in shares.items():
        if not _in_band(share, opts):
            continue
        found = ts.passage(report.text, mine[part], theirs_keys)
        if found is None:
            continue
        start, end, quote = found
        run_keys = {c.key for c in mine[part] if start <= c.start and c.end <= end}
        other_quote = ""
        for ocl in theirs_parts.values():
            got = ts.passage(other.text, ocl, run_keys)
            if got and len(got[2]) > len(other_quote):
                other_quote = got[2]
        label, label_en = ts.PART_LABELS[part]
        yield Hit(params={"part_label": label, "part_label_en": label_en,
                          "share": f"{share.percent}%", "copied": share.copied,
                          "total": share.total, "other_path": other_path,
                          "other_agency": meta.get("agency") or "（未识别机关）",
                          "other_agency_en": meta.get("agency") or "an unidentified body",
                          "other_year": meta.get("year") or "", "quote": quote,
                          "other_quote": other_quote, "shares": summary, "shares_en": summary_en,
                          **extra},
                  pointer=_section_pointer(report, part), loc=text_loc(report, start, end),
                  expected=f"< {(Decimal(str(opts['min_share'])) * 100).normalize():f}%",
                  actual=f"{share.percent}%", key=part, root=root,
                  evidence=({"label": "本报告", "label_en": "this report", "value": quote,
                             "side": "own", "part": part},
                            {"label": f"对方报告 {other_path}",
                             "label_en": f"other report {other_path}",
                             "value": other_quote, "side": "other", "path": other_path},
                            {"label": "相同内容占比", "label_en": "share found in the other report",
                             "value": f"{share.copied}/{share.total}"}))


def _as_report(value: Any) -> Report:
    return value if isinstance(value, Report) else Report(value)


def _previous(report: Report, ctx: RunContext, rule: Any) -> Iterator[Hit | Skip]:
    prev = ctx.previous
    if prev is None:
        yield Skip(Say("originality_no_previous"))
        return
    prev = _as_report(prev)
    if report.year is not None and prev.year is not None and prev.year != report.year - 1:
        yield Skip(Say("originality_wrong_year", {"year": prev.year,
                                                  "expected": report.year - 1}))
        return
    path = prev.source_path or prev.path or "上年报告"
    yield from _compare(report, prev, rule, str(path), {"direction": ""}, "originality:previous")


# a peer's role whose shared text the message qualifies → the pack wording that does it
_DIRECTION = {"unknown": "originality_order_unknown"}
WORDING = frozenset({"originality_no_previous", "originality_wrong_year",
                     "originality_batch_only", "originality_order_unknown"})


def _batch(report: Report, ctx: RunContext, rule: Any) -> Iterator[Hit | Skip]:
    batch = ctx.batch
    if batch is None:
        yield Skip(Say("originality_batch_only"))
        return
    want = rule.options.get("role", "copier")
    template = batch.get("template") or frozenset()
    for peer in batch.get("peers", ()):
        role = "copier" if peer.role == "unknown" and want == "copier" else peer.role
        if role != want:
            continue
        direction = _DIRECTION.get(peer.role)
        yield from _compare(report, _as_report(peer.report), rule, peer.path,
                            {"direction": Say(direction) if direction else ""},
                            f"originality:batch:{peer.path}", template)


def run(rule: Any, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    if rule.options["against"] == "previous":
        yield from _previous(report, ctx, rule)
    else:
        yield from _batch(report, ctx, rule)


@hookimpl
def checker_register_check_kinds(config: Any) -> list[CheckKind]:
    return [CheckKind(name="originality",
                      summary="free text carried over from last year's report or shared with "
                              "another body's report of the batch",
                      options_schema=OPTIONS_SCHEMA, run=run, params=PARAMS,
                      scope_schema=parts_scope_schema(ts.FREE_PARTS),
                      legacy_scope={"parts": "parts"}, wording=WORDING)]
