"""Build Word documents whose headings are numbered by Word (numbering.xml), for the tests."""
from __future__ import annotations

import re
from typing import Any

PART = re.compile(r"^([一二三四五六七八九十]+)、")
TOPIC = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*")

#: abstractNum 90: level 0 "一、" (chineseCounting), level 1 "（一）", level 2 "1." decimal.
ABSTRACT = """<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/>
  <w:lvlText w:val="%1、"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/>
  <w:lvlText w:val="（%2）"/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""


def add_numbering(document: Any, abstract_xml: str = ABSTRACT, num_id: int = 90,
                  overrides: str = "") -> None:
    """Add an abstract numbering and a ``w:num`` instance ``num_id`` pointing at it."""
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element
    abstract = parse_xml(abstract_xml)
    first_num = numbering.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    aid = abstract.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}abstractNumId")
    numbering.append(parse_xml(
        '<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        f'w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'))


def number(paragraph: Any, num_id: int, ilvl: int) -> None:
    """Number ``paragraph`` by Word: numbering instance ``num_id``, level ``ilvl``."""
    from docx.oxml import parse_xml

    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(
        '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f'<w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def numbered_seed_docx(text: str, path: Any) -> None:
    """The seed's text as a Word document in which the part headings (一、…) and the
    sub-topic headings (（一）…) outside the tables are numbered by Word, not typed."""
    import docx

    document = docx.Document()
    add_numbering(document)
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for i, cells in enumerate(rows):
                for j, value in enumerate(cells):
                    table.cell(i, j).text = value
            rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        if not line.strip():
            continue
        part, topic = PART.match(line), TOPIC.match(line)
        if part:
            number(document.add_paragraph(line[part.end():]), 90, 0)
        elif topic:
            number(document.add_paragraph(line[topic.end():]), 90, 1)
        else:
            document.add_paragraph(line)
    flush()
    document.save(str(path))
