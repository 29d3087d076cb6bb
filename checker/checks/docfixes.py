"""The repairs of 发文字号 and 国务院令 form defects, attached to the ``docnumber.*`` findings
(and applied by ``gongkai fix``): one definition of each defect, shared by checker and fixer.

Each repair changes only what its defect names — the year brackets of one class, the white
space inside a number, full-width digits — so that fixing one defect never hides another.
"""
from __future__ import annotations

from checker.checks.doctext import BRACKET_CLASS, DocNo
from checker.engine.kinds import Fix

__all__ = ["FIXABLE_DEFECTS", "number_fix"]

_FW = str.maketrans("０１２３４５６７８９", "0123456789")
_OPENERS = "〔﹝[［【（("
_BRACKET_DEFECTS = {"lookalike_brackets": "lookalike", "square_brackets": "square",
                    "lenticular_brackets": "lenticular", "round_brackets": "round"}
_SPACE_DEFECTS = {"spaces": " \u3000\u00a0\u2002\u2003\u2009\t",
                  "line_break": " \u3000\u00a0\u2002\u2003\u2009\t\r\n",
                  "decree_spaces": " \u3000\u00a0\u2002\u2003\u2009\t\r\n"}
_FIX_TITLES = {"brackets": ("年份改用六角括号“〔〕”", "enclose the year in 〔〕"),
               "spaces": ("删去文号中的空白", "remove the white space inside the number"),
               "digits": ("改用半角数字", "write the digits in half-width")}


def number_fix(d: DocNo, text: str, defect: str) -> Fix | None:
    """The edits that repair ``defect`` in number ``d`` and touch nothing else: the year
    brackets of its class become 〔〕, white space inside it goes, full-width digits become
    ASCII. None for a defect without a safe repair (a short year, a missing 号 …)."""
    edits: list[tuple[int, int, str]] = []
    kind = ""
    if defect in _BRACKET_DEFECTS:
        kind = "brackets"
        cls = _BRACKET_DEFECTS[defect]
        edits = [(i, 1, "〔" if text[i] in _OPENERS else "〕") for i in range(d.start, d.end)
                 if BRACKET_CLASS.get(text[i]) == cls]
    elif defect in _SPACE_DEFECTS:
        kind = "spaces"
        edits = [(i, 1, "") for i in range(d.start, d.end) if text[i] in _SPACE_DEFECTS[defect]]
    elif defect == "fullwidth_digits":
        kind = "digits"
        edits = [(i, 1, text[i].translate(_FW)) for i in range(d.start, d.end)
                 if "０" <= text[i] <= "９"]
    if not edits:
        return None
    title, title_en = _FIX_TITLES[kind]
    return Fix(edits=tuple(edits), title=title, title_en=title_en, kind=kind)


#: The defects with a safe repair.
FIXABLE_DEFECTS = frozenset({*_BRACKET_DEFECTS, *_SPACE_DEFECTS, "fullwidth_digits"})
