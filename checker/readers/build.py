"""Build the report's cell, row and issue objects (plain dicts valid against the schema)."""
from __future__ import annotations

from typing import Any

from checker.readers.align import Aligned, Src
from checker.readers.locate import Locator

__all__ = ["add_row_notes", "cell", "issue", "row_record"]


def cell(src: Src, loc: Locator) -> dict[str, Any]:
    """A schema ``Cell`` from an aligned source cell."""
    where = loc.cell(src.start, src.length) if src.start is not None else None
    return {"value": src.value, "raw": src.raw, "loc": where, "confidence": src.confidence}


def row_record(row_id: str | None, label: str, aligned: Aligned, expected: int,
               label_start: int | None, loc: Locator) -> dict[str, Any]:
    """A schema ``Row``: the row as extracted, with every cell it had."""
    at = loc.cell
    cells = [{"raw": s.raw, "loc": at(s.start, s.length) if s.start is not None else None}
             for s in aligned.found]
    return {"id": row_id, "label": label, "cells": cells, "expected": expected,
            "loc": loc.loc(label_start, len(label)) if label_start is not None else None}


def issue(kind: str, table: str | None, row: str | None, message: str, *,
          cell_id: str | None = None, label: str | None = None, expected: object = None,
          actual: object = None, where: dict[str, Any] | None = None) -> dict[str, Any]:
    """A schema ``Issue``."""
    out: dict[str, Any] = {"kind": kind, "table": table, "row": row, "cell": cell_id,
                           "message": message}
    if label is not None:
        out["label"] = label
    if expected is not None:
        out["expected"] = expected
    if actual is not None:
        out["actual"] = actual
    out["loc"] = where
    return out


def add_row_notes(issues: list[dict[str, Any]], table: str, row_id: str, label: str,
                  aligned: Aligned, expected: int, where: dict[str, Any] | None,
                  cols: tuple[str, ...] = (), prefix: str = "") -> None:
    """Translate alignment notes (and blank cells) into issues for ``row_id``."""
    if aligned.blanks:
        names = [cols[k] for k in aligned.blanks if k < len(cols)]
        one = f"{prefix or table + '.' + row_id + '.'}{names[0]}" if len(names) == 1 else None
        issues.append(issue("missing_cells", table, row_id,
                            f"{label}: {expected - len(aligned.blanks)} values for {expected} "
                            f"columns; blank: {', '.join(names)}", cell_id=one, label=label,
                            expected=expected, actual=expected - len(aligned.blanks), where=where))
    for kind, msg in aligned.notes:
        kind = _NOTE_KINDS.get(kind, kind)
        if kind == "unread":
            raw = "".join(s.raw for s in aligned.found)
            issues.append(issue(kind, table, row_id, f"{label}: {msg}; the row is left unread",
                                label=label, actual=raw, where=where))
            continue
        actual = len(aligned.found) if kind in ("extra_cells", "missing_cells") else None
        issues.append(issue(kind, table, row_id, f"{label}: {msg}", label=label,
                            expected=expected if actual is not None else None,
                            actual=actual, where=where))


# alignment notes → issue kinds of the report schema
_NOTE_KINDS = {"split_forced": "split", "zero_row": "inferred_cells"}
