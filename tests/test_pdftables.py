"""The PDF reader's table finders on hand-made geometry (no PDF, no font needed)."""
from __future__ import annotations

from checker.readers.pdf.align import find_aligned
from checker.readers.pdf.lines import cell_text, lines
from checker.readers.pdf.objects import Char, Edge, char
from checker.readers.pdf.tables import find_tables


def grid(xs: list[float], ys: list[float]) -> list[Edge]:
    """Full ruling of a grid: every horizontal at ys across xs, every vertical at xs."""
    return ([Edge("h", y, xs[0], xs[-1]) for y in ys]
            + [Edge("v", x, ys[0], ys[-1]) for x in xs])


def word(text: str, x: float, top: float, size: float = 10.0) -> list[Char]:
    """Characters of ``text`` set from x at a fixed advance of ``size`` (CJK-like)."""
    return [char(ch, x + k * size, x + (k + 1) * size, top, top + size * 1.1)
            for k, ch in enumerate(text)]


def test_plain_grid() -> None:
    (table,) = find_tables(grid([0, 50, 100, 150], [0, 20, 40]))
    assert (table.n_rows, table.n_cols) == (2, 3)
    assert table.bbox == (0, 0, 150, 40)
    assert table.cell_at(75, 30) == (1, 1)
    assert table.cell_at(200, 30) is None


def test_merged_cells_keep_text_at_top_left() -> None:
    """Row 0: one cell over three columns; column 0: one cell over rows 1-2."""
    edges = [Edge("h", y, 0, 150) for y in (0, 20)] + [
        Edge("h", 40, 50, 150), Edge("h", 60, 0, 150),
        Edge("v", 0, 0, 60), Edge("v", 150, 0, 60), Edge("v", 50, 20, 60), Edge("v", 100, 20, 60)]
    (table,) = find_tables(edges)
    assert (table.n_rows, table.n_cols) == (3, 3)
    assert table.cell_at(120, 10) == (0, 0)  # anywhere in the merged header
    assert table.cell_at(25, 50) == (1, 0)  # the lower half of the row-spanning cell
    chars = word("申请人情况", 10, 5) + word("三", 20, 45) + word("7", 60, 45) + word("8", 110, 45)
    cells = [[cell_text(c) for c in row] for row in table.fill(chars)]
    assert cells == [["申请人情况", "", ""], ["三", "", ""], ["", "7", "8"]]


def test_snap_and_join_tolerances() -> None:
    """Lines 1 pt apart are one line; a line broken by a 2 pt gap is joined."""
    edges = [Edge("h", 0, 0, 70), Edge("h", 1, 72, 150), Edge("h", 40, 0, 150),
             Edge("v", 0, 0, 40), Edge("v", 75.5, 0.5, 40), Edge("v", 150, 0, 40)]
    (table,) = find_tables(edges)
    assert (table.n_rows, table.n_cols) == (1, 2)


def test_table_left_open_at_a_page_break_is_closed() -> None:
    """The verticals run on below the last horizontal (no bottom border on this page): the
    last row is still a row."""
    edges = [Edge("h", 0, 0, 100), Edge("h", 20, 0, 100),
             Edge("v", 0, 0, 45), Edge("v", 50, 0, 45), Edge("v", 100, 0, 45)]
    (table,) = find_tables(edges)
    assert (table.n_rows, table.n_cols) == (2, 2)
    assert table.cell_at(75, 40) == (1, 1)


def test_one_box_is_not_a_table_and_stray_lines_are_none() -> None:
    assert find_tables(grid([0, 100], [0, 20])) == []
    assert find_tables([Edge("h", 10, 0, 100), Edge("h", 30, 0, 100)]) == []
    assert find_tables([Edge("v", 10, 0, 100), Edge("h", 200, 0, 100)]) == []


def test_two_tables_on_a_page_top_to_bottom() -> None:
    lower = grid([0, 50, 100], [300, 320, 340])
    upper = grid([0, 60, 120], [100, 120])
    tables = find_tables(lower + upper)
    assert [t.bbox[1] for t in tables] == [100, 300]


def test_aligned_columns_found_and_prose_left_alone() -> None:
    rows = [("办公室", "12", "3", "15"), ("财政局", "7", "1", "8"), ("自然资源局", "30", "2", "32")]
    chars = word("附：各单位办理情况", 0, 0)
    for r, cells in enumerate(rows):
        for x, text in zip((0, 150, 220, 290), cells):
            chars += word(text, x, 20 + 15 * r)
    found, text = find_aligned(lines(chars))
    assert [t.rows for t in found] == [[list(r) for r in rows]]
    assert [line.text for line in text] == ["附：各单位办理情况"]
    prose = word("2023年1月1日至12月31日，共办理3件。", 0, 0) * 1
    prose += word("2024年2月2日至11月30日，共办理4件。", 0, 15)
    prose += word("2025年3月3日至10月31日，共办理5件。", 0, 30)
    found, text = find_aligned(lines(prose))
    assert found == [] and len(text) == 3


def test_a_drawing_of_thousands_of_lines_is_not_searched() -> None:
    """A page of 600 x 600 crossing strokes (a map, a chart) is not a table, and is not
    searched for one (the pair count bounds the time)."""
    import time

    edges = grid([float(x) for x in range(0, 3000, 5)], [float(y) for y in range(0, 3000, 5)])
    started = time.perf_counter()
    assert find_tables(edges) == []
    assert time.perf_counter() - started < 5
