"""Decode and re-encode a text file exactly: same encoding, same BOM, same line endings.

``gongkai fix`` must change no byte outside the spans it repairs. The file is decoded with the
normaliser's encoding detection (BOM, strict UTF-8, GB18030, then charset-normalizer), line
endings are left as they are (``\\r\\n`` stays ``\\r\\n``), and the decoding is accepted only if
encoding the decoded text again gives back the very same bytes; otherwise the file is refused.
"""
from __future__ import annotations

import codecs
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from checker.errors import InputError
from checker.workflows.fix.model import Plan, apply_edits, line_of

__all__ = ["Encoded", "TextFix", "decode_exact", "encode_exact", "fix_text"]

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_BOMLESS = {"utf-8-sig": "utf-8", "utf_8_sig": "utf-8"}


@dataclass(frozen=True)
class Encoded:
    """How a file's text is stored: an optional byte-order mark and a codec."""

    bom: bytes
    encoding: str


def _guess_text(data: bytes, path: str | None) -> str:
    from checker.readers.decode import decode_text

    return decode_text(data, path)[1]


def decode_exact(data: bytes, path: str | None = None,
                 guess: Callable[[bytes, str | None], str] = _guess_text) -> tuple[str, Encoded]:
    """Decode ``data`` so that :func:`encode_exact` gives back exactly ``data``.

    Raises:
        InputError: the bytes do not decode, or do not survive a decode/encode round trip.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            enc = Encoded(bom, codec)
            break
    else:
        name = guess(data, path)
        name = _BOMLESS.get(name.lower(), name)
        try:
            name = codecs.lookup(name).name
        except LookupError:
            raise InputError(f"unknown text encoding '{name}'", path=path) from None
        enc = Encoded(b"", name)
    body = data[len(enc.bom):]
    try:
        text = body.decode(enc.encoding)
        same = text.encode(enc.encoding) == body
    except (UnicodeError, LookupError):
        same, text = False, ""
    if not same:
        raise InputError(f"the file's bytes do not survive decoding as {enc.encoding}; "
                         "it cannot be fixed without changing other bytes", path=path,
                         hint="convert the file to UTF-8 first, or fix it by hand")
    return text, enc


def encode_exact(text: str, enc: Encoded, path: str | None = None) -> bytes:
    """The bytes of ``text`` in the file's own encoding, with its BOM."""
    try:
        return enc.bom + text.encode(enc.encoding)
    except UnicodeEncodeError as exc:
        raise InputError(f"the fixed text cannot be written in {enc.encoding} ({exc.reason})",
                         path=path, hint="convert the file to UTF-8 first") from None


@dataclass
class TextFix:
    """What fixing one document would do: its text before and after, and its new bytes."""

    before: str
    after: str
    new_data: bytes | None
    plan: Plan
    where: Callable[[int], int]   # an offset in ``before`` → its line (or paragraph) number
    unit: str = "line"            # "line" or "paragraph"
    planned: str = ""             # the text the plan's offsets refer to, when not ``before``

    @property
    def text(self) -> str:
        """The text the plan's offsets refer to."""
        return self.planned or self.before


def fix_text(data: bytes, path: str | None, kinds: Sequence[str]) -> TextFix:
    """Plan and apply the fixes to a plain-text file (its report text is its decoded text
    with ``\\r\\n`` made ``\\n``: the fixes are placed back on the text as it is)."""
    from checker.workflows.fix.plan import checked, plan_findings

    text, enc = decode_exact(data, path)
    report_text, findings = checked(path or "report.txt", data)
    p = plan_findings(report_text, findings, text, kinds)

    def where(pos: int) -> int:
        return line_of(text, pos)

    if not p.fixes:
        return TextFix(text, text, None, p, where)
    after = apply_edits(text, p.edits)
    return TextFix(text, after, encode_exact(after, enc, path), p, where)
