"""The ``pattern`` check kind: pack-supplied regular expressions over the report text.

Patterns run with the ``regex`` module under a time limit (a pattern that backtracks
catastrophically becomes a rule error, never a hang). Options:

* ``pattern``: one regex or a list (``(?m)`` is on: ``^``/``$`` match at line ends);
* ``parts``: only inside these parts (``preamble``, ``overview`` … ``other``);
* ``exclude`` / ``exclude_line``: drop a hit whose match / whose line matches;
* ``exclude_near``: drop a hit when the nearest non-blank line before or after its line
  matches (a chart caption with the picture's ``[图片]`` marker right above or below it);
* ``requires``: the rule applies only when this regex also matches in the scope;
* ``suggest``: a replacement template (``\\1``, ``\\g<name>``) giving the expected text;
* ``group``: one finding per match (``none``), per line, per part, or one in all;
* ``max_hits``: at most this many findings;
* ``prefilter``: literal strings; the patterns only run on lines that contain one of them
  (a cheap substring search first keeps a pack of many patterns fast). Every match must
  then lie within one line.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import regex

from checker.checks.common import text_loc
from checker.checks.prefilter import prefilter_windows
from checker.checks.regexcost import check_expansion
from checker.checks.sections import part_label
from checker.engine.kinds import CheckKind, Hit, RunContext, Say, Skip
from checker.engine.scope import parts_scope_schema
from checker.files.lazyre import lazy_regex
from checker.hookspecs import hookimpl
from checker.report import Report

DEFAULT_TIMEOUT = 0.5
_STRS = {"oneOf": [{"type": "string", "minLength": 1},
                   {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}]}
OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["pattern"],
    "properties": {
        "pattern": _STRS,
        "exclude": _STRS,
        "exclude_line": _STRS,
        "exclude_near": _STRS,
        "requires": {"type": "string", "minLength": 1},
        "suggest": {"type": "string"},
        "group": {"enum": ["none", "line", "part", "all"]},
        "max_hits": {"type": "integer", "minimum": 1, "maximum": 500},
        "ignore_case": {"type": "boolean"},
        "timeout": {"type": "number", "exclusiveMinimum": 0, "maximum": 5},
        "prefilter": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
    },
}
# What the kind says unless the pack words it ([wording.pattern_parts_missing]): pattern is
# the general kind of every pack, which need not word it.
WORDING: dict[str, dict[str, str]] = {
    "pattern_parts_missing": {"zh": "报告中未找到{parts}，无法核对",
                              "en": "parts {parts} not found"},
}
PARAMS = frozenset({"match", "matches", "suggestion", "line", "count", "part", "part_label"})


@dataclass(frozen=True)
class Compiled:
    """A ``pattern`` rule's options, compiled: the regexes and what screens their matches."""

    patterns: tuple[Any, ...]
    exclude: tuple[Any, ...]
    exclude_line: tuple[Any, ...]
    requires: Any
    timeout: float
    templates: tuple[tuple[tuple[str, ...], tuple[int, ...]] | None, ...] = ()
    exclude_near: tuple[Any, ...] = ()


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def compile_options(options: dict[str, Any]) -> Compiled:
    flags = regex.MULTILINE | (regex.IGNORECASE if options.get("ignore_case") else 0)

    def comp(src: str, what: str) -> Any:
        check_expansion(src, what, verbose=bool(flags & regex.VERBOSE))
        try:
            return regex.compile(src, flags)
        except regex.error as exc:
            raise ValueError(f"{what}: invalid regex {src!r}: {exc}") from None

    pats = tuple(comp(p, "pattern") for p in _list(options["pattern"]))
    if options.get("suggest") is not None:
        for p in pats:  # the template must only name groups the pattern has
            names = set(p.groupindex)
            for ref in regex.findall(r"\\g<(\w+)>", options["suggest"]):
                if not ref.isdigit() and ref not in names:
                    raise ValueError(f"suggest names group <{ref}>, which the pattern lacks")
    suggest = options.get("suggest")
    return Compiled(pats, tuple(comp(p, "exclude") for p in _list(options.get("exclude"))),
                    tuple(comp(p, "exclude_line") for p in _list(options.get("exclude_line"))),
                    comp(options["requires"], "requires") if options.get("requires") else None,
                    float(options.get("timeout", DEFAULT_TIMEOUT)),
                    tuple(_template(p, suggest) for p in pats) if suggest is not None else (),
                    tuple(comp(p, "exclude_near") for p in _list(options.get("exclude_near"))))


_GROUP_REF = lazy_regex(r"\\g<(\w+)>")


def _template(pat: Any, suggest: str) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
    """The suggest template as its texts and the group numbers between them, when it holds
    nothing but text and ``\\g<…>`` references to groups of the pattern; else None (the
    match's ``expand`` reads it)."""
    texts: list[str] = []
    groups: list[int] = []
    pos = 0
    for m in _GROUP_REF.finditer(suggest):
        ref = m[1]
        group = int(ref) if ref.isascii() and ref.isdigit() else pat.groupindex.get(ref)
        if group is None or group > pat.groups:
            return None
        texts.append(suggest[pos:m.start()])
        groups.append(group)
        pos = m.end()
    texts.append(suggest[pos:])
    if any("\\" in t for t in texts):
        return None
    return tuple(texts), tuple(groups)


def _expand(m: Any, template: tuple[tuple[str, ...], tuple[int, ...]]) -> str:
    """``m.expand`` of a template read by ``_template`` (a group that did not take part
    gives the empty string)."""
    texts, groups = template
    out = [texts[0]]
    for group, text in zip(groups, texts[1:], strict=True):
        out.append(m[group] or "")
        out.append(text)
    return "".join(out)


def _scopes(report: Report, parts: tuple[str, ...] | None) -> list[tuple[int, int]] | None:
    n = len(report.text)
    if not parts:
        return [(0, n)]
    spans = sorted((s["span"]["start"], s["span"]["end"]) for s in report.sections
                   if s.get("part") in parts and isinstance(s.get("span"), dict))
    return spans or None


def _search(rule: Any, pat: Any, timeout: float, *where: Any) -> Any:
    """``pat.search(*where)`` under the time limit; running past it is an error naming it."""
    try:
        return pat.search(*where, timeout=timeout)
    except TimeoutError:
        raise _too_slow(rule, pat, timeout) from None


def _too_slow(rule: Any, pat: Any, timeout: float) -> RuntimeError:
    return RuntimeError(f"pattern {pat.pattern!r} of {rule.code} ran longer than "
                        f"{timeout:g} s (catastrophic backtracking?)")


def _found_in(rule: Any, pat: Any, text: str, scopes: list[tuple[int, int]], timeout: float
              ) -> bool:
    """Does the regex match anywhere in the scopes (under the time limit)?"""
    return any(_search(rule, pat, timeout, text, a, b) is not None for a, b in scopes)


def _matches(rule: Any, c: Compiled, text: str, windows: list[tuple[int, int]],
             suggest: str | None) -> list[tuple[int, int, str, str]]:
    """(start, end, text, suggestion) of every kept match, in text order; each regex runs
    under the time limit, and one that runs past it is an error naming it."""
    out: list[tuple[int, int, str, str]] = []
    seen: set[tuple[int, int]] = set()
    timeout = c.timeout
    screened = bool(c.exclude or c.exclude_line or c.exclude_near)
    for pat, template in zip(c.patterns, c.templates or [None] * len(c.patterns), strict=False):
        try:
            for a, b in windows:
                for m in pat.finditer(text, a, b, timeout=timeout):
                    span = m.span()
                    if span[0] == span[1] or span in seen:
                        continue
                    got = m[0]
                    if screened and _excluded(rule, c, text, span, got):
                        continue
                    seen.add(span)
                    out.append((*span, got, "" if suggest is None else
                                _expand(m, template) if template else m.expand(suggest)))
        except TimeoutError:
            raise _too_slow(rule, pat, timeout) from None
    out.sort()
    return out


def _excluded(rule: Any, c: Compiled, text: str, span: tuple[int, int], got: str) -> bool:
    """Does an ``exclude`` regex match the match, an ``exclude_line`` one its line, or an
    ``exclude_near`` one the nearest non-blank line around it?"""
    if any(_search(rule, x, c.timeout, got) for x in c.exclude):
        return True
    la, lb = _line_bounds(text, *span)
    if any(_search(rule, x, c.timeout, text, la, lb) for x in c.exclude_line):
        return True
    for a, b in _neighbours(text, la, lb) if c.exclude_near else ():
        if any(_search(rule, x, c.timeout, text, a, b) for x in c.exclude_near):
            return True
    return False


def _neighbours(text: str, la: int, lb: int) -> list[tuple[int, int]]:
    """The bounds of the nearest non-blank line before ``la`` and after ``lb``."""
    out = []
    end = la - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        if text[start:end].strip():
            out.append((start, end))
            break
        end = start - 1
    start = lb + 1
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        if text[start:end].strip():
            out.append((start, end))
            break
        start = end + 1
    return out


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return a, (b if b != -1 else len(text))


def run(rule: Any, report: Report, ctx: RunContext) -> Iterator[Hit | Skip]:
    c: Compiled = rule.compiled
    opts = rule.options
    text = report.text
    parts = rule.scope.parts
    scopes = _scopes(report, parts)
    if scopes is None:
        names = "、".join(part_label(p) for p in parts or ())
        yield Skip(Say("pattern_parts_missing",
                       {"parts": names, "parts_en": ", ".join(parts or ())}))
        return
    if c.requires is not None and not _found_in(rule, c.requires, text, scopes, c.timeout):
        return
    matches = _matches(rule, c, text, prefilter_windows(text, scopes, opts.get("prefilter")),
                       opts.get("suggest"))
    groups: dict[Any, list[tuple[int, int, str, str]]] = {}
    mode = opts.get("group", "none")
    for mt in matches:
        if mode == "line":
            gkey: Any = _line_bounds(text, mt[0], mt[1])[0]
        elif mode == "part":
            gkey = report.part_at(mt[0]) or ""
        elif mode == "all":
            gkey = ""
        else:
            gkey = mt[0]
        groups.setdefault(gkey, []).append(mt)
    occurrences: dict[str, int] = {}
    for gkey, items in list(groups.items())[:opts.get("max_hits", 50)]:
        start, _, got, _ = items[0]
        part = gkey if mode == "part" else (report.part_at(start) or "")
        ident = f"{part}:{got.strip()}"
        occurrences[ident] = occurrences.get(ident, 0) + 1
        yield _hit(report, part, items, f"{ident}:{occurrences[ident]}")


def _hit(report: Report, part: str, items: list[tuple[int, int, str, str]], key: str) -> Hit:
    """The finding for one group of matches (in text order) in ``part``."""
    text = report.text
    start, end, got, _ = items[0]
    la, lb = _line_bounds(text, start, end)
    stripped = list(dict.fromkeys([i[2].strip() for i in items]))
    suggestion = "、".join(dict.fromkeys([i[3] for i in items if i[3]]))
    return Hit(params={"match": stripped[0], "matches": "“" + "”“".join(stripped) + "”",
                       "matches_en": '"' + '", "'.join(stripped) + '"',
                       "suggestion": suggestion,
                       "line": text[la:lb].strip()[:120], "count": len(items),
                       "part": part, "part_label": part_label(part) if part else "正文",
                       "part_label_en": part_label(part, "en") if part else "the text"},
               pointer="/text", loc=text_loc(report, start, end),
               expected=suggestion or None,
               actual=[i[2] for i in items] if len(items) > 1 else got,
               evidence=tuple([{"label": g, "value": s or None, "loc": text_loc(report, a, b)}
                               for a, b, g, s in items[1:]]),
               key=key)


@hookimpl
def checker_register_check_kinds(config: Any) -> list[CheckKind]:
    return [CheckKind(name="pattern",
                      summary="pack-supplied regular expressions over the text or some parts",
                      options_schema=OPTIONS_SCHEMA, run=run, compile=compile_options,
                      params=PARAMS, wording=frozenset(WORDING), default_wording=WORDING,
                      scope_schema=parts_scope_schema(),
                      legacy_scope={"parts": "parts"})]
