"""A rule's scope: which parts of the report, which tables and which rows it looks at.

A pack says it once per rule, the same for every kind::

    [rules.SD001]
    scope = { parts = ["六"], tables = ["t3"], rows = ["r1", "r2"] }

Parts are named by the domain's part ids (``overview`` … ``other``, ``preamble``) or by the
part's numeral (``一`` … ``六``), which the loader turns into the id. A kind declares which
of the three it reads (:attr:`checker.engine.kinds.CheckKind.scope_schema`); a scope the
kind would ignore is refused when the pack loads, never silently dropped.

Packs written before rule-level scope spelt it inside ``with`` (``part = "overview"``,
``parts = [...]``, ``tables = [...]``); a kind lists those spellings in
:attr:`~checker.engine.kinds.CheckKind.legacy_scope` and :func:`take_legacy` moves them into
the scope when the pack loads (accepted for one release).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "PART_BY_NUMERAL",
    "PART_IDS",
    "PREAMBLE",
    "SCOPE_FIELDS",
    "TABLE_IDS",
    "Scope",
    "as_dict",
    "part_ids",
    "parts_scope_schema",
    "scope_from",
    "take_legacy",
]

# The six parts of the 2021 format in order (spec/domain.md §1.2), and the text before part 一.
PART_IDS = ("overview", "proactive", "applications", "review_litigation", "problems", "other")
PREAMBLE = "preamble"
PART_BY_NUMERAL = dict(zip("一二三四五六", PART_IDS, strict=True))
TABLE_IDS = ("t2", "t3", "t4")
SCOPE_FIELDS = ("parts", "tables", "rows")


@dataclass(frozen=True)
class Scope:
    """Where a rule looks; ``None`` means the kind's own default (usually: everywhere).

    Attributes:
        parts: part ids (``overview`` … ``other``, ``preamble``), in the pack's order.
        tables: table ids (``t2``, ``t3``, ``t4``).
        rows: row ids of the tables' cell ids (``r1``, ``new``, ``lit_dir`` …).
    """

    parts: tuple[str, ...] | None = None
    tables: tuple[str, ...] | None = None
    rows: tuple[str, ...] | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.parts, self.tables, self.rows))


def part_ids(values: Any) -> tuple[str, ...]:
    """Part names as ids: a numeral (``六``, ``六、``) becomes its id, an id stays as it is."""
    out = []
    for v in values:
        text = str(v).rstrip("、")
        out.append(PART_BY_NUMERAL.get(text, text))
    return tuple(out)


def _strings(value: Any) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def scope_from(table: Mapping[str, Any] | None) -> Scope:
    """The :class:`Scope` of a pack's ``scope`` table (already checked against the schema)."""
    if not table:
        return Scope()
    return Scope(
        parts=part_ids(_strings(table["parts"])) if "parts" in table else None,
        tables=_strings(table["tables"]) if "tables" in table else None,
        rows=_strings(table["rows"]) if "rows" in table else None)


def take_legacy(options: dict[str, Any], legacy: Mapping[str, str], scope: Scope
                ) -> tuple[Scope, list[tuple[str, str]]]:
    """Move the old ``with`` spellings of scope into the scope; ``options`` loses those keys.

    Returns the new scope and the (with key, scope field) pairs given both ways, which the
    caller refuses (a rule must not say where it looks twice).
    """
    given: dict[str, tuple[str, ...]] = {}
    clashes: list[tuple[str, str]] = []
    for key, fld in legacy.items():
        if key not in options:
            continue
        value = options.pop(key)
        if getattr(scope, fld) is not None or fld in given:
            clashes.append((key, fld))
            continue
        values = _strings(value) if isinstance(value, (str, list, tuple)) else (value,)
        given[fld] = part_ids(values) if fld == "parts" else values
    if not given:
        return scope, clashes
    merged = {f: getattr(scope, f) for f in SCOPE_FIELDS}
    merged.update(given)
    return Scope(**merged), clashes


def as_dict(scope: Scope) -> dict[str, list[Any]]:
    """The scope as a JSON-able table (for validating it against a kind's scope schema)."""
    return {f: list(getattr(scope, f)) for f in SCOPE_FIELDS if getattr(scope, f) is not None}


def parts_scope_schema(allowed: tuple[str, ...] = (*PART_IDS, PREAMBLE), *,
                       required: bool = False, max_items: int | None = None) -> dict[str, Any]:
    """The scope schema of a kind that reads ``parts`` only (ids among ``allowed``)."""
    parts: dict[str, Any] = {"type": "array", "minItems": 1, "uniqueItems": True,
                             "items": {"enum": list(allowed)}}
    if max_items is not None:
        parts["maxItems"] = max_items
    return {"type": "object", "additionalProperties": False,
            "required": ["parts"] if required else [], "properties": {"parts": parts}}
