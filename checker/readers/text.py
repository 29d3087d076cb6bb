"""``normalise_text``: report text in any layout → the normalised report dict.

The steps, each in its own module: fold the text into a same-length work copy
(:mod:`.fold`); read the tables T3, T2, T4 (:mod:`.t3`, :mod:`.t2`, :mod:`.t4`); find the
parts outside the tables (:mod:`.sections`); read the metadata (:mod:`.meta`) and detect
the format (:mod:`.fmt`). Every position is an offset into the text as given (newlines
normalised), so ``loc`` points at what the author wrote.
"""
from __future__ import annotations

from typing import Any

from checker.readers.build import issue
from checker.readers.fmt import detect_format, format_from_text
from checker.readers.fold import work_text
from checker.readers.locate import Locator
from checker.readers.meta import find_meta
from checker.readers.sections import find_sections
from checker.readers.t2 import extract_t2
from checker.readers.t3 import extract_t3
from checker.readers.t4 import extract_t4

__all__ = ["SCHEMA_ID", "normalise_text"]

SCHEMA_ID = "gongkai.report/1"
_TABLE_NAMES = {"t2": "T2 主动公开政府信息情况", "t3": "T3 收到和处理政府信息公开申请情况",
                "t4": "T4 政府信息公开行政复议、行政诉讼情况"}


def _clean(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    return text


def normalise_text(text: str, *, source: dict[str, Any] | None = None,
                   places: list[Any] | None = None, media_type: str = "text/plain",
                   title: str | None = None, published: str | None = None) -> dict[str, Any]:
    """Normalise report text into a ``gongkai.report/1`` dict.

    Args:
        text: the report text (TAB-separated table rows, Markdown, PDF extraction, ...).
        source: ``path``/``sha256``/``media_type``/``encoding`` for ``meta.source``.
        places: per-line places from a document reader, merged into every ``loc`` and kept
            as the report's ``places`` (one per line of the text, ``null`` where unknown).
        media_type: the input's media type, recorded when ``source`` does not give one.
        title: a title known from document metadata, used when the text shows none.
        published: a publication date ``YYYY-MM-DD`` known from metadata.

    Returns:
        A JSON-able dict valid against ``checker/schemas/report.schema.json``.
    """
    text = _clean(text if isinstance(text, str) else str(text))
    work = work_text(text)
    loc = Locator(text, places)
    tables: dict[str, Any] = {}
    rows: dict[str, Any] = {}
    issues: list[dict[str, Any]] = []
    spans: list[tuple[int, int]] = []
    t3_rows: set[str] = set()

    t3 = extract_t3(work, text, loc)
    if t3:
        tables["t3"], rows["t3"], t3_issues, span, _single = t3
        t3_rows = {r["id"] for r in rows["t3"]}
        spans.append(span)
    t2 = extract_t2(work, text, loc, end=spans[0][0] if spans else None)
    if t2:
        tables["t2"], rows["t2"], t2_issues, span, _layout = t2
        issues += t2_issues
        spans.append(span)
    if t3:
        issues += t3_issues
    t4 = extract_t4(work, text, loc, start=max((b for _a, b in spans), default=0))
    if t4:
        tables["t4"], rows["t4"], t4_issues, span = t4
        issues += t4_issues
        spans.append(span)
    for name in ("t2", "t3", "t4"):
        if name not in tables:
            issues.append(issue("table_not_found", name, None,
                                f"table {_TABLE_NAMES[name]} not found"))

    sections = find_sections(work, text, loc, spans)
    meta = find_meta(text, loc)
    src = {"path": None, "sha256": None, "media_type": media_type, "encoding": None}
    if source:
        src.update({k: source.get(k) for k in ("path", "sha256", "media_type", "encoding")
                    if k in source})
    report_meta = {
        "title": meta["title"] or (title.strip() if isinstance(title, str) and title.strip()
                                   else None),
        "agency": meta["agency"],
        "year": meta["year"],
        "format": detect_format(work, t3_rows, spans),
        "published": published if isinstance(published, str) and _is_date(published)
        else meta["published"],
        "period": meta["period"],
        "source": src,
    }
    if report_meta["year"] is None and report_meta["published"]:
        # the report of year N is published by the end of March of N + 1 (条例第四十九条:
        # by 31 January; late ones within the quarter)
        y, m = int(report_meta["published"][:4]), int(report_meta["published"][5:7])
        if m <= 3:
            report_meta["year"] = y - 1
    if report_meta["format"] == "unknown":
        report_meta["format"] = format_from_text(work, report_meta["year"])
    if report_meta["agency"] is None and report_meta["title"] and not meta["title"]:
        from checker.readers.meta import agency_of

        report_meta["agency"] = agency_of(report_meta["title"])
    out: dict[str, Any] = {"schema": SCHEMA_ID, "meta": report_meta, "text": text,
                           "sections": sections, "tables": tables}
    if rows:
        out["rows"] = rows
    out["issues"] = issues
    if places:
        from checker.readers.places import clean_place

        out["places"] = [clean_place(p) for p in places[:text.count("\n") + 1]]
    return out


def _is_date(s: str) -> bool:
    return len(s) == 10 and s[4] == "-" and s[7] == "-" and (s[:4] + s[5:7] + s[8:]).isdigit()
