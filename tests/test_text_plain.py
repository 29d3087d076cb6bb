"""Plain-text output without rich (checker.render.lines) is byte for byte what rich writes."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from checker.api import Session
from checker.render import lines, text
from checker.render.lines import Line, Table, write_plain, write_rich

ROOT = Path(__file__).resolve().parent.parent
REPORTS = sorted(p for p in (ROOT / "fixtures" / "reports").rglob("*.json")
                 if p.name != "expected.json")


@pytest.fixture(scope="module")
def results() -> dict[str, list]:
    out = {}
    for lang in ("zh", "en"):
        session = Session({"lang": lang}, entry_points=False)
        out[lang] = [session.check(p) for p in REPORTS]
    return out


def test_known_widths_are_rich_widths() -> None:
    """Every code point the plain writer measures has the width rich gives it."""
    for first, last, width in lines._WIDTHS:
        for code in range(first, last + 1):
            assert cell_len(chr(code)) == width, hex(code)
    assert lines.cells("报告 (1)，…│") == cell_len("报告 (1)，…│")
    assert lines.cells("\U0001f600") is None and lines.cells("a\u0301") is None


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("quiet", [False, True])
def test_every_fixture_renders_the_same_both_ways(results: dict[str, list], lang: str,
                                                  quiet: bool) -> None:
    plain_used = 0
    for result in results[lang]:
        blocks = text.blocks([result], lang, quiet)
        plain = write_plain(blocks, 100)
        if plain is not None:
            plain_used += 1
            assert plain == write_rich(blocks, 100, color=False), result.path
    assert plain_used >= len(REPORTS) - 5  # the fast way is the usual way
    together = text.blocks(results[lang], lang, quiet)  # several reports, blank lines, totals
    assert write_plain(together, 100) == write_rich(together, 100, color=False)


def test_colours_still_go_through_rich(results: dict[str, list]) -> None:
    out = text.render(results["zh"][:3], {"lang": "zh", "color": True, "width": 100})
    assert "\x1b[" in out


_CHARS = st.sampled_from([*"报告公开申请（），。：；“”…│└·ab Z09-_[]/\\", "\t", "  "])
_TEXT = st.lists(_CHARS, max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.tuples(_TEXT, st.sampled_from([None, "bold", "dim"])),
                         max_size=4), max_size=6),
       st.lists(st.tuples(_TEXT.filter(lambda s: "\t" not in s), st.integers(0, 999)),
                min_size=1, max_size=5),
       st.integers(20, 120))
def test_plain_equals_rich_whenever_it_answers(pieces: list, rows: list, width: int) -> None:
    """Tabs at every position, wide and narrow characters, markup-like brackets, tables of
    any width: the plain writer agrees with rich or leaves it to rich."""
    blocks = [Line(p) for p in pieces]
    blocks.append(Table(("类别", "分"), ("left", "right"), [(a, str(b)) for a, b in rows]))
    plain = write_plain(blocks, width)
    if plain is not None:
        assert plain == write_rich(blocks, width, color=False)


def test_unknown_characters_are_left_to_rich() -> None:
    blocks = [Line([("表\t\U0001f600\t1", None)])]
    assert write_plain(blocks, 100) is None
    assert text.render([], {"color": False}) == ""


def test_a_plain_check_does_not_import_rich(tmp_path: Path) -> None:
    """What the fast way is for: ``gongkai check`` into a pipe never loads rich."""
    code = ("import sys; from checker.cli.app import main; "
            f"main(['check', {str(ROOT / 'fixtures' / 'reports' / 'seed-2023.json')!r}]); "
            "print('rich' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120, check=False)
    assert done.stderr.strip().splitlines()[-1] == "False", done.stderr
    assert "得分" in done.stdout
