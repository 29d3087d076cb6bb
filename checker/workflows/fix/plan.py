"""Plan ``gongkai fix``: check the document, take the fixes attached to its findings, place
them on the text the writer edits.

The checker and the fixer share one definition of each defect: a rule that can repair what
it finds attaches a :class:`checker.findings.Fix` to the finding (the ``docnumber.*`` rules
their brackets, white space and digits; the book-title mark rules their marks), and the
fixer applies those edits, nothing else — except the :data:`~checker.workflows.fix.kinds.TEXT_ONLY`
kinds, which no rule reports (:mod:`checker.workflows.fix.textonly`).

The fixes are made over the report text; :class:`~checker.workflows.fix.place.Placer` places
them on the writer's text. A fix that cannot be placed exactly is not made and is listed as
needing a manual fix, as is a finding of a :data:`~checker.workflows.fix.kinds.MANUAL` rule
that carries no fix (book-title marks that do not balance).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from checker.findings import Finding
from checker.readers.locate import offset_at
from checker.workflows.fix.kinds import KINDS, MANUAL, TEXT_ONLY
from checker.workflows.fix.model import Edit, Fix, Manual, Plan, apply_edits, keep_editable, line_of
from checker.workflows.fix.place import Placer
from checker.workflows.fix.textonly import ordinal_fixes

__all__ = ["KINDS", "Edit", "Fix", "Manual", "Plan", "apply_edits", "checked", "keep_editable",
           "line_of", "plan", "plan_findings"]


def checked(path: str, data: bytes) -> tuple[str, tuple[Finding, ...]]:
    """Read and check the file ``path`` (bytes ``data``): its report text and its findings."""
    from checker.api import default_session

    session = default_session()
    report = session.read_bytes(path, data)
    return str(report.get("text") or ""), session.check_report(report, path).findings


def _wanted(kind: str, kinds: Sequence[str]) -> bool:
    """Is a fix of ``kind`` asked for? A kind of a third-party rule only with every kind."""
    return kind in kinds or (kind not in KINDS and all(k in kinds for k in KINDS))


def _manual_at(placer: Placer, target: str, f: Finding, reason: str) -> Manual:
    at = offset_at(placer.source, f.location.line, f.location.column)
    pos = placer.offset(at) if at is not None and at < len(placer.source) else None
    if pos is None:
        return Manual(-1, -1, reason)
    start = target.rfind("\n", 0, pos) + 1
    end = target.find("\n", pos)
    return Manual(start, end if end >= 0 else len(target), reason)


def _span(placer: Placer, f: Finding, edits: list[Edit]) -> tuple[int, int]:
    """The target span of a fix: its edits, widened to its finding's span where that maps."""
    start, end = edits[0].pos, edits[-1].pos + 1
    loc = f.location
    a = offset_at(placer.source, loc.line, loc.column)
    b = offset_at(placer.source, loc.end_line, loc.end_column)
    ta = placer.offset(a) if a is not None else None
    tb = placer.offset(b - 1) if b is not None and b > 0 else None
    if ta is not None and start - 80 <= ta < start:
        start = ta
    if tb is not None and end <= tb < end + 80:
        end = tb + 1
    return start, end


def plan_findings(report_text: str, findings: Iterable[Finding], target: str,
                  kinds: Sequence[str] = KINDS) -> Plan:
    """The fixes of ``findings`` (made over ``report_text``) of the given kinds, placed on
    ``target``, with the text-only kinds found on ``target``; and what needs a manual fix."""
    placer = Placer(report_text, target)
    fixes: list[Fix] = []
    result = Plan()
    for f in findings:
        if f.fix is None:
            kind_reason = MANUAL.get(f.name)
            if kind_reason and kind_reason[0] in kinds:
                result.manual.append(_manual_at(placer, target, f, kind_reason[1]))
            continue
        if not _wanted(f.fix.kind, kinds):
            continue
        edits = placer.place(f.fix)
        if edits is None:
            result.manual.append(_manual_at(placer, target, f, "unplaced"))
        elif edits:
            fixes.append(Fix(*_span(placer, f, edits), tuple(edits)))
    if "ordinals" in kinds and "ordinals" in TEXT_ONLY:
        fixes += ordinal_fixes(target)
    taken: dict[int, Edit] = {}
    for fx in sorted(fixes, key=lambda fx: (fx.start, fx.end)):
        clash = [e for e in fx.edits if e.pos in taken]
        if any(taken[e.pos].new != e.new for e in clash):
            continue  # another fix edits the same character otherwise: the next run decides
        own = tuple(e for e in fx.edits if e.pos not in taken)
        if own:
            taken.update((e.pos, e) for e in own)
            result.fixes.append(Fix(fx.start, fx.end, own))
    result.manual.sort(key=lambda m: m.pos)
    return result


def plan(text: str, kinds: Sequence[str] = KINDS) -> Plan:
    """Every fix of the given kinds in the plain text ``text`` (checked as a report), with
    positions in ``text``, and what needs a manual fix."""
    if not text.strip():
        return Plan()
    from checker.api import default_session
    from checker.readers.text import normalise_text

    session = default_session()
    data = normalise_text(text)
    findings = session.check_report(data).findings
    return plan_findings(str(data.get("text") or ""), findings, text, kinds)
