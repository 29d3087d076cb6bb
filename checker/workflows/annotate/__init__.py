"""Annotated copies of a checked report: Word comments in a ``.docx``, or an HTML view.

* :func:`annotate_docx` — a copy of a Word report with every finding as a comment;
* :func:`annotate_html` — the per-report HTML view (text with findings marked, score card);
* :func:`write_annotation` — the one ``gongkai check --annotate OUT`` uses, chosen by OUT's
  suffix.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from checker.errors import UsageError
from checker.workflows.annotate.docx_comments import annotate_docx
from checker.workflows.annotate.html_view import annotate_html, render_view

__all__ = ["annotate_docx", "annotate_html", "check_target", "render_view", "write_annotation"]

_WORD_SUFFIXES = (".docx", ".doc", ".wps", ".dot", ".wpt")


def check_target(source: Path, out: Path) -> None:
    """Refuse, before anything is checked, an ``--annotate OUT`` that cannot be written.

    Raises:
        UsageError: ``out`` is ``source``, its folder does not exist, its suffix is neither
            ``.docx`` nor ``.html``, or it is ``.docx`` for a report that is not a Word file.
    """
    source, out = Path(source), Path(out)
    suffix = out.suffix.lower()
    if out.resolve() == source.resolve():
        raise UsageError("the annotated copy would overwrite the original", path=str(out),
                         hint="give another file name for --annotate")
    if suffix not in (".docx", ".html", ".htm"):
        raise UsageError(f"--annotate writes .docx (Word comments) or .html (a web page), not "
                         f"'{out.suffix or out.name}'", path=str(out),
                         hint="name the output OUT.docx for a Word report, OUT.html for any "
                              "report")
    if not out.resolve().parent.is_dir():
        raise UsageError(f"cannot write the annotated copy: folder {out.resolve().parent} does "
                         "not exist", path=str(out), hint="create the folder first")
    if suffix == ".docx" and source.suffix.lower() not in (*_WORD_SUFFIXES, ""):
        raise UsageError("only a Word report (.docx, .doc, .wps) can be annotated with Word "
                         "comments", path=str(source),
                         hint="write an HTML view instead: --annotate OUT.html")


def write_annotation(source: Path, result: Any, out: Path, lang: str = "zh",
                     report: dict[str, Any] | None = None) -> None:
    """Write the annotation ``out`` asks for: ``.docx`` → Word comments, ``.html``/``.htm``
    → the HTML view (``report`` is the normalised report, needed for its text).

    Raises:
        UsageError: an unknown suffix for ``out``, or ``out`` would overwrite ``source``.
    """
    source, out = Path(source), Path(out)
    check_target(source, out)
    suffix = out.suffix.lower()
    if suffix == ".docx":
        annotate_docx(source, result, out, lang)
        return
    if suffix in (".html", ".htm"):
        if report is None:
            raise UsageError("the HTML view needs the normalised report", path=str(source))
        try:
            annotate_html(report, result, out, lang)
        except OSError as exc:
            raise UsageError(f"cannot write the annotated copy: {exc.strerror or exc}",
                             path=str(out), hint="check the path and its permissions") from None
        return
