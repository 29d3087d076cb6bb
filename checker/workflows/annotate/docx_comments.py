"""Findings as Word comments: an annotated copy of a ``.docx`` report.

Every finding with a place becomes a comment (author ``gongkai``) anchored on exactly the
text it concerns — runs are split where the text starts and ends, each part keeping its
formatting — and the score card is a comment on the title, beside the findings that have no
place in the text (a missing part, a table not found). The original file is never written;
the copy is written atomically and its text is the original's. ``.doc``/``.wps`` sources are
converted first (see :mod:`checker.readers.legacy`).
"""
from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from checker.errors import InputError, UsageError
from checker.findings import Finding, RunResult
from checker.workflows.annotate.docx_map import Line, line_map
from checker.workflows.annotate.runs import Cutter
from checker.workflows.annotate.texts import finding_note, points_of, score_card

__all__ = ["AUTHOR", "INITIALS", "annotate_docx", "annotated_docx_bytes"]

AUTHOR = "gongkai"
INITIALS = "GK"
_SENTENCE_END = re.compile(r"[。；！？!?;]")
#: A finding with no span of its own is anchored on at most this many characters.
_DEFAULT_SPAN = 60


def _load(data: bytes, path: str) -> Any:
    try:
        import docx
    except ImportError:
        raise InputError("annotating Word files needs python-docx", path=path,
                         hint="pip install 'gongkai[docx]'") from None
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx / lxml raise many kinds on damaged files
        raise InputError(f"not a readable Word document ({type(exc).__name__}: {exc})",
                         path=path, hint="open it in Word or WPS and save it again as .docx"
                         ) from exc


def _source_docx(source: Path) -> bytes:
    """The source as DOCX bytes (a .doc/.wps is converted through LibreOffice)."""
    from checker.readers.decode import sniff
    from checker.readers.legacy import is_legacy, to_docx
    from checker.session import _read

    data = _read(source)
    if is_legacy(data, str(source)):
        return to_docx(data, str(source))
    if sniff(data, str(source)) != "docx":
        raise UsageError("only a Word report (.docx, .doc, .wps) can be annotated with Word "
                         "comments", path=str(source),
                         hint="write an HTML view instead: --annotate OUT.html")
    return data


def _span_end(text: str, start: int, actual: Any) -> int:
    """Where a finding without its own span ends: its actual value, its cell, its sentence."""
    if isinstance(actual, str) and actual and text.startswith(actual, start):
        return start + len(actual)
    if "\t" in text:
        tab = text.find("\t", start)
        return len(text) if tab < 0 else tab
    m = _SENTENCE_END.search(text, start, start + _DEFAULT_SPAN)
    return m.end() if m else min(len(text), start + _DEFAULT_SPAN)


def _owned(f: Finding, line: Line, trusted: bool) -> list[tuple[Any, int]]:
    loc = f.location
    start = max(0, (loc.column or 1) - 1)
    if not trusted or start >= len(line.text):
        end = start = 0
    elif loc.end_line == loc.line and loc.end_column and loc.end_column > (loc.column or 1):
        end = loc.end_column - 1
    elif loc.end_line and loc.line and loc.end_line > loc.line:
        end = len(line.text)
    else:
        end = _span_end(line.text, start, f.actual)
    owned = [o for o in line.owners[start:end] if o is not None]
    return owned or [o for o in line.owners if o is not None]


def _ends(owned: list[tuple[Any, int]]) -> tuple[tuple[Any, int], tuple[Any, int]]:
    return owned[0], owned[-1]


def _title_line(lines: list[Line], title: str | None) -> int | None:
    """Index of the line holding the report's title (else its first paragraph)."""
    key = re.sub(r"\s+", "", title or "")
    for i, line in enumerate(lines[:15]):
        if key and key in re.sub(r"\s+", "", line.text) and any(line.owners):
            return i
    return next((i for i, line in enumerate(lines) if "\t" not in line.text and any(line.owners)),
                next((i for i, line in enumerate(lines) if any(line.owners)), None))


def annotated_docx_bytes(data: bytes, result: RunResult, lang: str = "zh",
                         path: str = "<docx>") -> bytes:
    """The annotated copy of the DOCX ``data`` (see the module docstring)."""
    from docx.text.run import Run

    from checker.readers.docx import render
    from checker.readers.numbering import Numbering

    document = _load(data, path)
    body = document.element.body
    rendered = render(data).text.split("\n")
    lines = line_map(body, Numbering.of(document))
    trusted = [i < len(rendered) and line.text == rendered[i] for i, line in enumerate(lines)]
    points = points_of(result)
    placed: list[tuple[Finding, tuple[Any, int], tuple[Any, int]]] = []
    on_title: list[Finding] = []
    for f in result.findings:
        n = (f.location.line or 0) - 1
        owned = _owned(f, lines[n], trusted[n]) if 0 <= n < len(lines) else []
        if owned:
            placed.append((f, *_ends(owned)))
        else:
            on_title.append(f)
    title = _title_line(lines, result.meta.get("title"))
    if title is None:  # a document without any text: nothing to anchor on
        raise InputError("the Word document has no text to attach comments to", path=path)
    title_ends = _ends([o for o in lines[title].owners if o is not None])
    cutter = Cutter()
    for (t0, i0), (t1, i1) in [p[1:] for p in placed] + [title_ends]:
        cutter.want(t0, i0)
        cutter.want(t1, i1 + 1)
    cutter.cut()

    def comment(ends: tuple[tuple[Any, int], tuple[Any, int]], text: str) -> None:
        (t0, i0), (t1, i1) = ends
        container = document._body
        runs = [Run(cutter.run_of(t0, i0), container), Run(cutter.run_of(t1, i1), container)]
        document.add_comment(runs, text=text, author=AUTHOR, initials=INITIALS)

    for f, start, end in placed:
        comment((start, end), finding_note(f, points.get(f.fingerprint, 0.0), lang))
    comment(title_ends, score_card(result, lang))
    for f in on_title:
        comment(title_ends, finding_note(f, points.get(f.fingerprint, 0.0), lang))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def annotate_docx(source: Path, result: Any, out: Path, lang: str = "zh") -> None:
    """Write to ``out`` (atomically) a copy of the Word report ``source`` with ``result``'s
    findings as comments and its score card as a comment on the title.

    Args:
        source: the checked ``.docx`` (or ``.doc``/``.wps``, converted through LibreOffice);
            never modified.
        result: what :meth:`checker.api.Session.check` returned for ``source``.
        out: the annotated copy to write; must not be ``source``.
        lang: ``zh`` (default) or ``en`` for the comments' language.

    Raises:
        UsageError: ``out`` is ``source``, or ``source`` is not a Word document.
        InputError: ``source`` cannot be read or converted.
    """
    from checker.files.atomic import atomic_write

    source, out = Path(source), Path(out)
    if out.resolve() == source.resolve():
        raise UsageError("the annotated copy would overwrite the original", path=str(out),
                         hint="give another file name for --annotate")
    if not out.resolve().parent.is_dir():
        raise UsageError(f"cannot write the annotated copy: folder {out.resolve().parent} does "
                         "not exist", path=str(out), hint="create the folder first")
    data = annotated_docx_bytes(_source_docx(source), result, lang, str(source))
    try:
        atomic_write(out, data)
    except OSError as exc:
        raise UsageError(f"cannot write the annotated copy: {exc.strerror or exc}",
                         path=str(out), hint="check the path and its permissions") from None
