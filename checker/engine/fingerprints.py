"""Finding fingerprints that survive a resubmission.

A fingerprint is the first 16 hex digits of a SHA-256 over, joined by U+001F:

* the rule code;
* the report's identity: its agency (normalised, see :mod:`checker.checks.agency`) and year, or —
  when the agency was not detected — a content-derived identity (the title and table 3's
  totals), so that two bodies' reports never share fingerprints;
* the anchor: for a table, row or metadata finding its JSON pointer (``/tables/t3/r7/nat``);
  for a finding in the text the canonical *part* it lies in (``problems``, ``overview`` …);
* what it matched, normalised (NFKC, no white space); for a text finding the hit's key with
  digit runs (offsets) removed;
* the occurrence index of that (anchor, match, key) among the rule's hits in the report.

Line numbers and character offsets never enter it: editing another part, adding blank lines
or converting the report from text to HTML changes no fingerprint elsewhere. Version 2 of
the scheme (``SCHEME``); decisions recorded under version 1 show as no longer matching.
"""
from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

from checker.checks.agency import normalise_agency
from checker.files.digest import sha256
from checker.files.lazyre import lazy

if TYPE_CHECKING:
    from checker.engine.kinds import Hit
    from checker.report import Report

__all__ = ["SCHEME", "anchor_of", "fingerprint", "identity", "normalise_match"]

SCHEME = 2
_SPACE = lazy(r"\s+")
_DIGITS = lazy(r"\d+")
_MAX_MATCH = 200
_MAX_NAME = 40
_MAX_TITLE = 60


def normalise_match(text: Any) -> str:
    """What a finding matched, as it enters the fingerprint: NFKC, no white space, capped."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    return _SPACE.sub("", s)[:_MAX_MATCH]


def identity(report: Report) -> str:
    """The report's identity: normalised agency and year, else a content-derived one."""
    return str(report.analysis(_identity))


def _identity(report: Report) -> str:
    meta = report.meta
    agency = normalise_agency(meta.get("agency"))
    year = str(meta.get("year") or "")
    if agency and len(agency) <= _MAX_NAME:  # a longer "agency" is a misread paragraph
        ident = f"{agency}\x1f{year}"
    else:
        title = normalise_match(meta.get("title"))
        parts = [title if len(title) <= _MAX_TITLE else ""]
        for cid in ("t3.new.tot", "t3.r7.tot", "t3.cout.tot", "t3.new.nat", "t3.new.biz"):
            view = report.cell(cid)
            parts.append("" if view is None or view.value is None else str(view.value))
        if not parts[0]:
            head = _SPACE.sub("", report.text[:400])
            parts.append(unicodedata.normalize("NFKC", head)[:80])
        digest = sha256("\x1e".join(parts).encode("utf-8")).hexdigest()[:12]
        ident = f"~{digest}\x1f{year}"
    return ident


def _text_pointer(pointer: str) -> bool:
    return pointer in ("", "/text") or pointer.startswith(("/text/", "/sections"))


def anchor_of(report: Report, pointer: str, loc: dict[str, Any] | None) -> tuple[str, bool]:
    """(anchor, is_text): the part for a text finding, else the JSON pointer."""
    if not _text_pointer(pointer):
        return pointer, False
    offset = loc.get("offset") if loc else None
    if offset is not None:
        return "part:" + (report.part_at(int(offset)) or ""), True
    if pointer.startswith("/sections/"):
        idx = pointer.split("/")[2]
        if idx.isdigit() and int(idx) < len(report.sections):
            return "part:" + str(report.sections[int(idx)].get("part") or ""), True
    return pointer, True


def _matched(report: Report, loc: dict[str, Any] | None, actual: Any) -> str:
    if loc and loc.get("offset") is not None and loc.get("length"):
        start = int(loc["offset"])
        return normalise_match(report.text[start:start + int(loc["length"])])
    if isinstance(actual, (str, int)) and not isinstance(actual, bool):
        return normalise_match(actual)
    return ""


def fingerprint(code: str, report: Report, hit: Hit, pointer: str, seen: dict[str, int]) -> str:
    """The fingerprint of one hit of rule ``code``; ``seen`` counts the rule's earlier hits."""
    anchor, is_text = anchor_of(report, pointer, hit.loc)
    if is_text:
        key = _DIGITS.sub("#", hit.key or "")
        match = _matched(report, hit.loc, hit.actual)
    else:
        key = hit.key or ""
        match = ""
    base = f"{code}\x1f{identity(report)}\x1f{anchor}\x1f{match}\x1f{key}"
    n = seen.get(base, 0)
    seen[base] = n + 1
    return sha256(f"{base}\x1f{n}".encode()).hexdigest()[:16]
