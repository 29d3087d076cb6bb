"""Select rules and evaluate each in isolation: report + rules → findings (plain data).

A rule that raises, runs past its time limit or yields garbage becomes a :class:`RuleError`
(exit code 2 in the CLI); it never makes a report look clean and never disturbs other rules.
"""
from __future__ import annotations

import fnmatch
import itertools
import signal
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from checker.engine.fingerprints import fingerprint as _fingerprint
from checker.engine.isolation import BACKSTOP, TimeLimit, exit_guard, failure
from checker.engine.kinds import CheckKind, Hit, RunContext, Skip
from checker.engine.packs import Rule
from checker.engine.wording import format_message, hit_params, skip_reason
from checker.findings import Finding, Location, NotAssessable, RuleError, Severity
from checker.readers.places import PLACE_KEYS, describe
from checker.report import Report

__all__ = ["RuleTimeout", "Selection", "fingerprint", "run_rules", "select_rules"]

DEFAULT_RULE_TIMEOUT = 5.0
MAX_HITS_PER_RULE = 500
DOCS_URL = "docs/rules.md#"  # a finding's doc_url is this followed by its rule code


class RuleTimeout(TimeLimit):
    """A rule ran past its time limit (a BaseException: a rule's ``except Exception`` cannot
    swallow it, and one that swallows it anyway still ends as a rule error)."""


@dataclass(frozen=True)
class Selection:
    """Which rules run: ``select``/``ignore`` match a code, a name, a pack id, or a glob."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def matches(self, rule: Rule, patterns: Sequence[str]) -> bool:
        for pat in patterns:
            for target in (rule.code, rule.name, rule.pack, f"pack:{rule.pack}"):
                if target == pat or fnmatch.fnmatchcase(target, pat):
                    return True
        return False

    def wants(self, rule: Rule) -> bool:
        if self.select and not self.matches(rule, self.select):
            return False
        return not (self.ignore and self.matches(rule, self.ignore))


def select_rules(rules: Iterable[Rule], selection: Selection) -> list[Rule]:
    return [r for r in rules if r.enabled and selection.wants(r)]


def fingerprint(code: str, report: Report, hit: Hit, pointer: str,
                seen: dict[str, int] | None = None) -> str:
    """A stable id for a finding (see :mod:`checker.engine.fingerprints`): rule, report identity,
    part or cell, normalised match and occurrence index — never a line or an offset."""
    return _fingerprint(code, report, hit, pointer, {} if seen is None else seen)


@dataclass
class _Outcomes:
    """What the rules of one run gave: findings, what could not be assessed, rule errors."""

    findings: list[Finding] = field(default_factory=list)
    skipped: list[NotAssessable] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)


class _Watchdog:
    """One SIGALRM-based time limit per rule, armed once per run (main thread on POSIX).

    A periodic timer ticks every ``timeout`` seconds; the handler raises RuleTimeout in the
    rule that has been running for at least ``timeout`` (so a hang is cut off within
    2 × timeout). A caller's own pending alarm is kept: it still fires at its time, and it is
    re-armed with what remains of it when the run ends.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.armed = (seconds > 0 and hasattr(signal, "setitimer")
                      and threading.current_thread() is threading.main_thread())
        self.started: float | None = None
        self.fired = False  # the limit fired during the current rule (even if it was swallowed)
        self.tampered = False  # plugin code disarmed, replaced or blocked the alarm
        self._old_handler: Any = None
        self._outer_deadline: float | None = None

    def __enter__(self) -> _Watchdog:
        if self.armed:
            remaining, _interval = signal.getitimer(signal.ITIMER_REAL)
            now = time.monotonic()
            self._outer_deadline = now + remaining if remaining > 0 else None
            self._old_handler = signal.signal(signal.SIGALRM, self._fire)
            tick = self.seconds if remaining <= 0 else min(self.seconds, remaining)
            signal.setitimer(signal.ITIMER_REAL, tick, tick)
            BACKSTOP.ensure()
        return self

    def check_intact(self) -> None:
        """Notice (and repair) a handler, timer or signal mask that plugin code changed."""
        if not self.armed:
            return
        handler_ok = signal.getsignal(signal.SIGALRM) == self._fire
        _, interval = signal.getitimer(signal.ITIMER_REAL)
        blocked = signal.SIGALRM in signal.pthread_sigmask(signal.SIG_BLOCK, [])
        if handler_ok and interval > 0 and not blocked:
            return
        self.tampered = True
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGALRM])
        signal.signal(signal.SIGALRM, self._fire)
        signal.setitimer(signal.ITIMER_REAL, self.seconds, self.seconds)

    def __exit__(self, *exc: object) -> None:
        if not self.armed:
            return
        self.check_intact()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._old_handler if self._old_handler is not None
                      else signal.SIG_DFL)
        if self._outer_deadline is not None:
            signal.setitimer(signal.ITIMER_REAL, max(1e-6, self._outer_deadline - time.monotonic()))

    def _fire(self, signum: int, frame: Any) -> None:
        now = time.monotonic()
        if self._outer_deadline is not None and now >= self._outer_deadline:
            self._outer_deadline = None
            if callable(self._old_handler):
                self._old_handler(signum, frame)
        if self.started is not None and now - self.started >= self.seconds:
            self.fired = True  # raised again at every tick while the rule runs on
            raise RuleTimeout()


def _location(report: Report, loc: dict[str, Any] | None, lang: str = "zh") -> Location:
    if not loc:
        return Location(path=report.source_path)
    line: int | None = loc.get("line")
    col: int | None
    offset = loc.get("offset")
    if line is None and offset is not None:
        line, col = report.position(int(offset))
    else:
        col = loc.get("column")
    text_line = report.line_text(line) if line else ""
    excerpt = text_line.strip() if line else None
    if excerpt and len(excerpt) > 160:
        start = max(0, (col or 1) - 60)
        excerpt = ("…" if start else "") + excerpt[start:start + 150] + "…"
    end_line = end_col = None
    if loc.get("length") and offset is not None:
        end_line, end_col = report.position(int(offset) + int(loc["length"]))
    place = _place(report, loc, line, col, text_line)
    return Location(
        path=report.source_path, line=line, column=col, end_line=end_line,
        end_column=end_col, excerpt=excerpt or None,
        where=describe(place, lang) if place else loc.get("where"),
        page=place.get("page"), paragraph=place.get("paragraph"),
        table=place.get("table"), row=place.get("row"), cell=place.get("cell"))


def _place(report: Report, loc: dict[str, Any], line: int | None, col: int | None,
           text_line: str) -> dict[str, Any]:
    """The place in the original: the loc's own, else the reader's place of its line; on a
    table row, the cell is worked out from the column (TAB-separated fields)."""
    place = {k: loc[k] for k in _PLACE_FIELDS if k in loc}
    if not place and line:
        place = dict(report.place_of_line(line) or {})
    if place.get("table") and "cell" not in place and col:
        place["cell"] = text_line.count("\t", 0, col - 1) + 1
    return place


_PLACE_FIELDS = (*PLACE_KEYS, "where")


_NOTES = {"confidence_note": "（依据推断的单元格）",
          "confidence_note_en": " (based on inferred cells)"}


def _with_note(message: str, note: str) -> str:
    """``note`` added to ``message`` before its closing full stop (。 or .), if it has one."""
    for stop in ("。", "."):
        if message.endswith(stop):
            return message[:-1] + note + stop
    return message + note


def _finding(rule: Rule, hit: Hit, report: Report, lang: str, seen: dict[str, int]) -> Finding:
    code = rule.code
    exact = hit.confidence == "exact"
    said = hit_params(rule, hit, lang)  # pack wording (Say values) rendered in the run's language
    if exact:
        params = {"code": code, "name": rule.name, **said}
    else:
        params = {"code": code, "name": rule.name, **_NOTES, **said}
    loc = hit.loc
    template = rule.message_en if lang == "en" else rule.message
    message = format_message(template, params, lang)
    if not exact and "{confidence_note" not in template:
        message = _with_note(message, params["confidence_note_en" if lang == "en"
                                             else "confidence_note"])
    offset = loc.get("offset") if loc else None
    evidence = hit.evidence
    pointer = hit.pointer
    return Finding(
        code=code, name=rule.name, pack=rule.pack, severity=rule.severity,
        category=rule.category, message=message, pointer=pointer or "",
        location=_location(report, loc, lang),
        fingerprint=_fingerprint(code, report, hit, pointer or "", seen),
        expected=hit.expected, actual=hit.actual,
        evidence=evidence if evidence.__class__ is tuple else tuple(evidence),
        confidence=hit.confidence, root=hit.root,
        part=report.part_at(int(offset)) if offset is not None else None,
        doc_url=DOCS_URL + code, fix=hit.fix)


def _run_one(rule: Rule, kind: CheckKind, report: Report, ctx: RunContext, timeout: float,
             watchdog: _Watchdog) -> list[Any] | RuleError:
    """The rule's results (at most the limit + 1 of them), or the error it ended in."""
    try:
        watchdog.fired = False
        if watchdog.armed:
            BACKSTOP.label, BACKSTOP.limit = f"rule {rule.code} (pack {rule.pack})", timeout
            BACKSTOP.started = watchdog.started = time.monotonic()
        else:
            watchdog.started = time.monotonic()
        try:
            # Never pull more than the limit + 1 results: a rule that yields endlessly must
            # not exhaust memory before it is refused.
            out = list(itertools.islice(kind.run(rule, report, ctx), MAX_HITS_PER_RULE + 1))
        finally:
            watchdog.started = BACKSTOP.started = None
    except RuleTimeout:
        return RuleError(rule.code, rule.pack, f"rule ran longer than {timeout:g} s")
    except RecursionError:
        return RuleError(rule.code, rule.pack, "rule recursed too deeply")
    except BaseException as exc:  # SystemExit too: only the user's Ctrl-C passes (failure())
        return RuleError(rule.code, rule.pack, failure(exc))
    if watchdog.fired:  # the rule swallowed the time-limit exception and carried on
        return RuleError(rule.code, rule.pack,
                         f"rule ran longer than {timeout:g} s (it caught the time-limit exception)")
    return out


def _collect(rule: Rule, ran: list[Any] | RuleError | NotAssessable, report: Report, lang: str,
             out: _Outcomes) -> None:
    """File one rule's results: findings (one per fingerprint), not-assessables, errors."""
    if isinstance(ran, RuleError):
        out.errors.append(ran)
        return
    if isinstance(ran, NotAssessable):
        out.skipped.append(ran)
        return
    if not ran:
        return
    if len(ran) > MAX_HITS_PER_RULE:
        out.errors.append(RuleError(rule.code, rule.pack,
                                    f"rule produced more than {MAX_HITS_PER_RULE} results"))
        return
    seen: set[str] = set()
    occurrences: dict[str, int] = {}
    for o in ran:
        if isinstance(o, Skip):
            try:
                reason = skip_reason(rule, o, lang)
            except Exception as exc:
                out.errors.append(RuleError(rule.code, rule.pack,
                                            f"bad result: {type(exc).__name__}: {exc}"))
                continue
            out.skipped.append(NotAssessable(rule.code, rule.name, rule.pack, rule.category,
                                             reason, o.pointer))
        elif isinstance(o, Hit):
            try:
                f = _finding(rule, o, report, lang, occurrences)
            except Exception as exc:
                out.errors.append(RuleError(rule.code, rule.pack,
                                            f"bad result: {type(exc).__name__}: {exc}"))
                continue
            if f.fingerprint not in seen:
                seen.add(f.fingerprint)
                out.findings.append(f)
        else:
            out.errors.append(RuleError(rule.code, rule.pack,
                                        f"rule returned {type(o).__name__}, not Hit or Skip"))


def run_rules(report: Report, rules: Sequence[Rule], kinds: dict[str, CheckKind],
              ctx: RunContext, *, timeout: float = DEFAULT_RULE_TIMEOUT
              ) -> tuple[list[Finding], list[NotAssessable], list[RuleError]]:
    """Evaluate every rule on the report, each isolated from the others.

    All rules run first, then their results become findings, in rule order: the rules'
    code and data stay in the processor's caches while they run (measurably faster).
    """
    ctx = replace(ctx, rules=tuple(rules))
    with _Watchdog(timeout) as watchdog, exit_guard():
        ran = _run_all(report, rules, kinds, ctx, timeout, watchdog)
    out = _Outcomes()
    for rule, result in ran:
        _collect(rule, result, report, ctx.lang, out)
    if watchdog.tampered:
        out.errors.append(RuleError("ENGINE", "gongkai", "plugin code disarmed, replaced or "
                                    "blocked the rule time limit during this run; it was restored"))
    out.findings.sort(key=lambda f: f.sort_key())
    return out.findings, out.skipped, out.errors


def _run_all(report: Report, rules: Sequence[Rule], kinds: dict[str, CheckKind], ctx: RunContext,
             timeout: float, watchdog: _Watchdog
             ) -> list[tuple[Rule, list[Any] | RuleError | NotAssessable]]:
    fmt = report.format
    ran: list[tuple[Rule, list[Any] | RuleError | NotAssessable]] = []
    for rule in rules:
        kind = kinds.get(rule.check)
        if kind is None:
            ran.append((rule, RuleError(rule.code, rule.pack,
                                        f"unknown check kind '{rule.check}'")))
        elif rule.formats and fmt not in rule.formats and fmt not in ("unknown", "mixed"):
            fmts = "/".join(rule.formats)
            ran.append((rule, NotAssessable(
                rule.code, rule.name, rule.pack, rule.category,
                f"不适用于 {fmt} 格式（适用：{fmts}）" if ctx.lang != "en"
                else f"not applicable to format {fmt} (applies to {fmts})")))
        else:
            ran.append((rule, _run_one(rule, kind, report, ctx, timeout, watchdog)))
    return ran


def severity_at_least(findings: Iterable[Finding], level: Severity) -> bool:
    return any(f.severity.rank >= level.rank for f in findings)
