"""Find labelled rows in order and read the values each one carries."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from checker.files.lazyre import lazy
from checker.readers.tables.align import Aligned, align
from checker.readers.tables.fields import value_fields
from checker.readers.tables.gaps import measure, place_blanks
from checker.readers.tables.labels import RowSpec, find_label, norm_label

__all__ = ["Hit", "locate_in_order", "read_hits"]

_NUMBERING = lazy(r"^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十]+\)|\d+[.、])")


@dataclass
class Hit:
    """A row label found in the text, and (after :func:`read_hits`) its aligned values."""

    spec: RowSpec
    start: int
    end: int
    body: int
    fuzzy: bool
    label: str
    aligned: Aligned | None = None

    @property
    def values(self) -> Aligned:
        """The aligned values, which :func:`read_hits` has set."""
        if self.aligned is None:
            raise AttributeError(f"row {self.spec.id!r} has not been read yet")
        return self.aligned

    @property
    def variant(self) -> bool:
        """True when the label as written differs from the form's label."""
        written = norm_label(self.label[self.body - self.start:])
        return written != _form_label(self.spec.label)


@lru_cache(maxsize=256)
def _form_label(label: str) -> str:
    """A form's row label normalised for comparison, without its row number."""
    return _NUMBERING.sub("", norm_label(label))


def find_hit(spec: RowSpec, work: str, text: str, start: int, end: int) -> Hit | None:
    """Find one row label in ``work[start:end]``."""
    got = find_label(spec, work, start, end)
    if got is None:
        return None
    s, e, body, fuzzy = got
    return Hit(spec, s, e, body, fuzzy, text[s:e].strip())


def locate_in_order(specs: list[RowSpec], work: str, text: str, start: int, end: int,
                    window: int = 2500) -> list[Hit]:
    """Find each row label after the previous one; a label not found leaves the cursor put."""
    hits: list[Hit] = []
    cursor = start
    for spec in specs:
        hit = find_hit(spec, work, text, cursor, min(end, cursor + window))
        if hit is not None:
            hits.append(hit)
            cursor = hit.end
    return hits


def read_hits(hits: list[Hit], work: str, text: str, end: int,
              shape: dict[str, tuple[int, str | None, set[int]]]) -> None:
    """Read and align the values after each hit, up to the next hit (or ``end``).

    ``shape`` maps a row id to (expected cells, identity, money column indexes).
    """
    hits.sort(key=lambda h: h.start)
    read: list[tuple[int, int, list[Any]]] = []
    for i, hit in enumerate(hits):
        seg_end = hits[i + 1].start if i + 1 < len(hits) else end
        expected = shape[hit.spec.id][0]
        fields, _mode = value_fields(work, text, hit.end, max(hit.end, seg_end), expected)
        read.append((hit.end, max(hit.end, seg_end), fields))
    widths = {shape[h.spec.id][0] for h in hits}
    short = len(widths) == 1 and any(
        sum(1 for f in fields if f.kind != "text") < shape[h.spec.id][0]
        for h, (_a, _b, fields) in zip(hits, read, strict=False))
    # only a table with a short row needs its usual line breaks measured
    usual = measure(text, read, widths.pop()) if short else None
    for hit, (label_end, seg_end, fields) in zip(hits, read, strict=False):
        expected, identity, money = shape[hit.spec.id]
        if usual is not None:
            fields = place_blanks(text, label_end, seg_end, fields, expected, usual) or fields
        hit.aligned = align(fields, expected, identity, text, money)
