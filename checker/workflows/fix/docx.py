"""``gongkai fix`` on Word documents: edit the text of runs, never their formatting.

Every paragraph of the body (tables included, in document order) is read as one line made of
its runs' ``w:t`` texts, so that a number split over several runs is seen whole; a tab is a
tab and a ``w:br`` a line break, neither of them editable. The fixes are planned on those
lines; each one-character edit is then made in the ``w:t`` element the character came from,
so that an edited character keeps its run's formatting and untouched runs are not changed at
all. A fix that would have to delete a line break or join two paragraphs is not made and is
reported for a manual fix. Needs python-docx (the ``docx`` extra).
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import Any

from checker.errors import InputError
from checker.workflows.fix.encoding import TextFix
from checker.workflows.fix.model import Plan, keep_editable
from checker.workflows.fix.plan import checked, plan_findings

__all__ = ["fix_docx"]


def _load(data: bytes, path: str | None) -> Any:
    try:
        import docx
    except ImportError as exc:
        raise InputError("fixing .docx files needs python-docx", path=path,
                         hint="pip install 'gongkai[docx]'") from exc
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"not a readable Word document ({exc})", path=path) from None
    except Exception as exc:  # lxml and python-docx raise many kinds on damaged files
        raise InputError(f"not a readable Word document ({type(exc).__name__})",
                         path=path) from None


def _lines(body: Any) -> tuple[str, list[tuple[Any, int] | None], list[int]]:
    """The document's text (paragraphs joined by line breaks), where each character lives
    (``(w:t element, index)`` or None), and the paragraph number of each character."""
    from docx.oxml.ns import qn

    w_p, w_t, w_tab = qn("w:p"), qn("w:t"), qn("w:tab")
    breaks = {qn("w:br"), qn("w:cr")}
    chars: list[str] = []
    owners: list[tuple[Any, int] | None] = []
    para_of: list[int] = []

    def walk(el: Any, number: int) -> None:
        for child in el:
            tag = child.tag
            if tag == w_p:
                continue  # a paragraph inside (a text box) is a paragraph of its own
            if tag == w_t:
                for i, ch in enumerate(child.text or ""):
                    chars.append(ch)
                    owners.append((child, i))
                    para_of.append(number)
            elif tag == w_tab or tag in breaks:
                chars.append("\t" if tag == w_tab else "\n")
                owners.append(None)
                para_of.append(number)
            elif isinstance(tag, str):
                walk(child, number)

    for number, p in enumerate(body.iter(w_p), start=1):
        if chars:
            chars.append("\n")
            owners.append(None)
            para_of.append(number)
        walk(p, number)
    return "".join(chars), owners, para_of


def fix_docx(data: bytes, path: str | None, kinds: Sequence[str]) -> TextFix:
    """Plan and apply the fixes to the runs of a Word document: the document is checked,
    and the fixes of its findings are placed on its paragraphs' text."""
    from docx.oxml.ns import qn

    doc = _load(data, path)
    text, owners, para_of = _lines(doc.element.body)
    report_text, findings = checked(path or "report.docx", data)
    p: Plan = keep_editable(plan_findings(report_text, findings, text, kinds),
                            lambda pos: owners[pos] is not None)

    def where(pos: int) -> int:
        return para_of[min(pos, len(para_of) - 1)] if para_of else 1

    if not p.fixes:
        return TextFix(text, text, None, p, where, unit="paragraph")
    by_elem: dict[Any, list[tuple[int, str]]] = {}
    for e in p.edits:
        owner = owners[e.pos]
        assert owner is not None  # keep_editable dropped every fix at a break
        elem, i = owner
        by_elem.setdefault(elem, []).append((i, e.new))
    for elem, edits in by_elem.items():
        chars = list(elem.text or "")
        for i, new in sorted(edits, reverse=True):
            chars[i] = new
        elem.text = "".join(chars)
        if elem.text != elem.text.strip():
            elem.set(qn("xml:space"), "preserve")
    after, _, _ = _lines(doc.element.body)
    out = io.BytesIO()
    doc.save(out)
    return TextFix(text, after, out.getvalue(), p, where, unit="paragraph")
