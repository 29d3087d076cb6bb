"""Read the value cells that follow a row label, in every layout seen in the wild.

A row's values sit after its label: in TAB-separated fields (HTML/DOCX rendering, browser
copies; merged cells appear as empty fields), in Markdown pipes, separated by spaces
(``pdftotext``), one per line, or run together without any separator (web crawls that
flattened the table). :func:`value_fields` returns the fields as found; aligning them to the
table's columns is :mod:`checker.readers.tables.align`'s job.
"""
from __future__ import annotations

from dataclasses import dataclass

from checker.files.lazyre import lazy

__all__ = ["Field", "is_number", "parse_number", "value_fields"]

_NUM = lazy(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[+-]?\d+(?:\.\d+)?")
_NUM_FULL = lazy(r"(?:[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[+-]?\d+(?:\.\d+)?)\Z")
_BLANK_MARKS = frozenset({"/", "-", "--", "---", "无", "空", "*", "\\", "——"})
_TOKEN = lazy(r"[^\s|]+")
_LEAD_NUM = lazy(r"(?:\d[\d ]*)?\d(?:\.\d+)?(?:[+-]\d+)*")
_SEP_LINE = lazy(r"[\s|:\-]*\Z")
_YEAR_AFTER = lazy(r"(?:19[5-9]\d|20[0-9]\d)年")


@dataclass(slots=True)
class Field:
    """One cell as found in the text.

    Attributes:
        raw: the original text of the cell (may be ``""``).
        start: offset of the cell in the text (for an empty cell: where it would be).
        end: offset after the cell.
        kind: ``num`` (a number), ``blank`` (empty or a dash/slash) or ``text``.
        run: True when the cell is a run of digits that may hold several numbers.
    """

    raw: str
    start: int
    end: int
    kind: str
    run: bool = False


def is_number(s: str) -> bool:
    """True when ``s`` (folded) is a whole number or decimal."""
    return _NUM_FULL.match(s) is not None


def parse_number(s: str, *, money: bool = False) -> int | str | None:
    """Parse a folded number: int for counts, decimal string for money; None if not one."""
    s = s.strip().replace(",", "")
    if not s or _NUM_FULL.match(s) is None:
        return None
    if money:
        s = s.lstrip("+")
        if "." in s:
            head, tail = s.split(".", 1)
            s = (head.lstrip("0") or "0") + "." + tail
        elif s.startswith("-"):
            s = "-" + (s[1:].lstrip("0") or "0")
        else:
            s = s.lstrip("0") or "0"
        return s
    if "." in s:
        whole, frac = s.split(".", 1)
        if frac.strip("0"):
            return None
        s = whole
    return int(s)


def _classify(raw_folded: str) -> str:
    s = raw_folded.strip()
    if not s or s in _BLANK_MARKS:
        return "blank"
    if is_number(s):
        return "num"
    return "text"


def _split_sep(work: str, text: str, start: int, end: int, sep: str, first: bool) -> list[Field]:
    """Split ``work[start:end]`` on ``sep``; drop the label's own field on the label line."""
    out: list[Field] = []
    pos = start
    pieces = work[start:end].split(sep)
    if sep == "|":
        # Markdown: "| a | b |" — the outer pipes do not delimit cells
        lead = work[start:end]
        stripped = lead.strip()
        if stripped.startswith("|") and not first:
            pos = start + lead.index("|") + 1
            pieces = work[pos:end].split(sep)
        if pieces and not pieces[-1].strip():
            pieces = pieces[:-1]
    append = out.append
    blank_marks = _BLANK_MARKS
    num_full = _NUM_FULL.match
    for piece in pieces:
        if first:  # the label's own cell
            first = False
            pos += len(piece) + 1
            continue
        core = piece.strip()
        if not core:
            s = pos + len(piece)
            append(Field("", s, s, "blank"))
        else:
            # core starts at the first non-space character, so its first occurrence is there
            s = pos + piece.find(core)
            e = s + len(core)
            if core.isdecimal():  # the usual cell: a plain count
                kind = "num"
            elif core in blank_marks:
                kind = "blank"
            else:
                kind = "num" if num_full(core) is not None else "text"
            append(Field(text[s:e], s, e, kind))
        pos += len(piece) + 1
    return out


def _split_space(work: str, text: str, start: int, end: int) -> list[Field]:
    out: list[Field] = []
    seen_num = False
    for m in _TOKEN.finditer(work, start, end):
        tok = m.group()
        kind = _classify(tok)
        if kind == "text":
            lead = _LEAD_NUM.match(tok)
            if lead and tok[0].isdigit():
                # digits run straight into text ("0000000三、本年度…"): keep the digits, stop
                s, e = m.start(), m.start() + lead.end()
                if _YEAR_AFTER.match(work, e - 4):
                    if e - s == 4:
                        break  # a date ("2024年1月20日"), not a cell
                    e -= 4  # "…继续办理20000022025年，我局…": the year starts the next sentence
                out.append(Field(text[s:e], s, e, "num", run=True))
                break
            if seen_num:
                break
            continue
        if kind == "num":
            seen_num = True
        out.append(Field(text[m.start():m.end()], m.start(), m.end(), kind))
    return out


def value_fields(work: str, text: str, start: int, end: int, expected: int,
                 after_label: bool = True) -> tuple[list[Field], str]:
    """Read the value fields that follow a label ending at ``start`` (bounded by ``end``).

    With ``after_label`` the text before the first separator on the first line belongs to the
    label's own cell. Returns the fields (numbers, blanks, stray text between) and the layout:
    ``tab``, ``pipe``, ``space`` or ``none`` (nothing found).
    """
    fields: list[Field] = []
    mode = "none"
    pos = start
    first = after_label
    while pos < end:
        nl = work.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        line = work[pos:line_end]
        if "\t" in line:
            got, m = _split_sep(work, text, pos, line_end, "\t", first), "tab"
        elif "|" in line:
            if _SEP_LINE.match(line) and "-" in line:
                got, m = [], "pipe"
            else:
                got, m = _split_sep(work, text, pos, line_end, "|", first), "pipe"
        else:
            got, m = _split_space(work, text, pos, line_end), "space"
        if any(f.kind == "num" for f in got):
            # drop stray text before the first value (a label continuation) and after the last
            while got and got[0].kind == "text":
                got.pop(0)
            while got and got[-1].kind == "text":
                got.pop()
            if mode == "none":
                mode = m
            elif m != mode and fields:
                break
            fields.extend(got)
            nums = sum(1 for f in fields if f.kind != "text")
            if m in ("tab", "pipe") and nums >= expected:
                break
            if m == "space" and (nums >= expected or any(f.run for f in got)):
                break
        elif fields and line.strip():
            break
        first = False
        if nl < 0:
            break
        pos = line_end + 1
    return fields, mode
