"""Tables from ruling lines: cells, merged cells, and the grid they are laid out on.

The lattice method (as in Tabula and pdfplumber): ruling lines closer than :data:`SNAP` points
are snapped to one position; collinear pieces with gaps of at most :data:`JOIN` are joined;
lines shorter than :data:`MIN_LENGTH` are dropped; where a horizontal and a vertical line
cross (within :data:`SNAP`) is a corner.  A cell is the smallest rectangle, from a corner,
whose four sides are drawn; cells sharing a corner form a table (one cell alone is a box, not a
table).  A table's columns are its cells' distinct left edges and its rows their distinct top
edges, so a merged cell covers several rows or columns and its text lands at its top-left
position, the other positions it covers staying empty, as a browser's copy of an HTML table
does.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from checker.readers.pdf.objects import Char, Edge

__all__ = ["JOIN", "MAX_PAIRS", "MIN_LENGTH", "SNAP", "Table", "assign", "find_tables"]

SNAP = 3.0
JOIN = 3.0
MIN_LENGTH = 3.0
#: Pages with more (horizontal × vertical) line pairs than this are drawings, not tables (a map
#: or chart of thousands of strokes); they are not searched, which bounds the time a page takes.
MAX_PAIRS = 250_000

Cell = tuple[float, float, float, float]  # x0, top, x1, bottom
Point = tuple[float, float]


@dataclass
class Table:
    """A ruled table: its bounding box, cells, and the lookup from a point to its cell."""

    bbox: Cell
    cells: list[Cell]
    xs: list[float] = field(default_factory=list)  # column left edges
    n_rows: int = 0
    # per column: the cells covering it as (top, bottom, row, column of the cell's top-left)
    columns: list[list[tuple[float, float, int, int]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.xs = sorted({cell[0] for cell in self.cells})
        tops = sorted({cell[1] for cell in self.cells})
        self.n_rows = len(tops)
        row_of = {top: r for r, top in enumerate(tops)}
        col_of = {x: c for c, x in enumerate(self.xs)}
        self.columns = [[] for _ in self.xs]
        for x0, top, x1, bottom in self.cells:
            entry = (top, bottom, row_of[top], col_of[x0])
            for j in range(col_of[x0], len(self.xs)):
                if self.xs[j] >= x1 - 0.5:
                    break
                self.columns[j].append(entry)
        for column in self.columns:
            column.sort()

    @property
    def n_cols(self) -> int:
        return len(self.xs)

    def contains(self, x: float, y: float) -> bool:
        x0, top, x1, bottom = self.bbox
        return x0 <= x <= x1 and top <= y <= bottom

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        """(row, column) of the cell holding point (x, y), or None."""
        j = bisect_right(self.xs, x) - 1
        if j < 0 or x > self.bbox[2]:
            return None
        for top, bottom, r, c in self.columns[j]:
            if top <= y <= bottom:
                return r, c
        return None

    def fill(self, chars: list[Char]) -> list[list[list[Char]]]:
        """The characters of each cell (by their centre), rows × columns."""
        return assign([self], chars)[0][0]


def assign(tables: list[Table], chars: list[Char]) -> tuple[list[list[list[list[Char]]]],
                                                           list[Char]]:
    """Each table's characters per cell (rows × columns, by the character's centre; a
    character in a table but in no cell is dropped) and the characters outside every table."""
    grids: list[list[list[list[Char]]]] = [[[[] for _ in t.xs] for _ in range(t.n_rows)]
                                           for t in tables]
    lookup = [(t.bbox, t.xs, t.columns, grid) for t, grid in zip(tables, grids, strict=False)]
    free: list[Char] = []
    for ch in chars:
        x, y = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        for (x0, top, x1, bottom), xs, columns, grid in lookup:
            if x0 <= x <= x1 and top <= y <= bottom:
                j = bisect_right(xs, x) - 1
                if j >= 0:
                    for cell_top, cell_bottom, r, c in columns[j]:
                        if cell_top <= y <= cell_bottom:
                            grid[r][c].append(ch)
                            break
                break
        else:
            free.append(ch)
    return grids, free


def find_tables(edges: list[Edge]) -> list[Table]:
    """The ruled tables drawn by ``edges``, top to bottom."""
    horizontal = _merge([e for e in edges if e.orient == "h"])
    vertical = _merge([e for e in edges if e.orient == "v"])
    if not horizontal or not vertical:
        return []
    if len(horizontal) * len(vertical) > MAX_PAIRS:
        return []
    horizontal = _merge(horizontal + _open_ends(horizontal, vertical))
    points = _intersections(horizontal, vertical)
    cells = _cells(points)
    tables = [group for group in _group(cells) if len(group) > 1]
    out = []
    for group in tables:
        bbox = (min(c[0] for c in group), min(c[1] for c in group),
                max(c[2] for c in group), max(c[3] for c in group))
        out.append(Table(bbox, sorted(group, key=lambda c: (c[1], c[0]))))
    out.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    return out


def _merge(edges: list[Edge]) -> list[Edge]:
    """Snap positions within SNAP of each other to their mean, join collinear pieces, drop
    short lines."""
    if not edges:
        return []
    edges = sorted(edges, key=lambda e: e.pos)
    clusters: list[list[Edge]] = [[edges[0]]]
    for edge in edges[1:]:
        if edge.pos - clusters[-1][-1].pos <= SNAP:
            clusters[-1].append(edge)
        else:
            clusters.append([edge])
    out: list[Edge] = []
    for cluster in clusters:
        pos = sum(e.pos for e in cluster) / len(cluster)
        pieces = sorted((e.start, e.end) for e in cluster)
        start, end = pieces[0]
        for s, t in pieces[1:]:
            if s <= end + JOIN:
                end = max(end, t)
            else:
                if end - start >= MIN_LENGTH:
                    out.append(Edge(cluster[0].orient, pos, start, end))
                start, end = s, t
        if end - start >= MIN_LENGTH:
            out.append(Edge(cluster[0].orient, pos, start, end))
    return out


def _open_ends(horizontal: list[Edge], vertical: list[Edge]) -> list[Edge]:
    """Borders a table split over pages leaves out: where two or more vertical lines end at
    the same height with no horizontal line there, a line joining them (the table's last row
    on a page, or its first on the next, is open)."""
    out: list[Edge] = []
    for end in (0, 1):
        ends = sorted((v.end if end else v.start, v.pos) for v in vertical)
        clusters: list[list[tuple[float, float]]] = []
        for y, x in ends:
            if clusters and y - clusters[-1][-1][0] <= SNAP:
                clusters[-1].append((y, x))
            else:
                clusters.append([(y, x)])
        for cluster in clusters:
            near = [h for h in horizontal  # the lines at the cluster's height
                    if cluster[0][0] - SNAP <= h.pos <= cluster[-1][0] + SNAP]
            loose = [x for y, x in cluster
                     if not any(abs(h.pos - y) <= SNAP and h.start - SNAP <= x <= h.end + SNAP
                                for h in near)]
            if len(loose) >= 2:
                y = sum(y for y, _ in cluster) / len(cluster)
                out.append(Edge("h", y, min(loose), max(loose)))
    return out


def _intersections(horizontal: list[Edge],
                   vertical: list[Edge]) -> dict[Point, tuple[set[int], set[int]]]:
    """Crossing points → (ids of the horizontal lines, ids of the vertical lines) through them."""
    points: dict[Point, tuple[set[int], set[int]]] = {}
    order = sorted(range(len(vertical)), key=lambda k: vertical[k].pos)
    positions = [vertical[k].pos for k in order]
    for hi, h in enumerate(horizontal):
        y = h.pos
        first = bisect_left(positions, h.start - SNAP)
        last = bisect_right(positions, h.end + SNAP)
        for vi in order[first:last]:
            v = vertical[vi]
            if v.start - SNAP <= y <= v.end + SNAP:
                entry = points.setdefault((v.pos, y), (set(), set()))
                entry[0].add(hi)
                entry[1].add(vi)
    return points


def _cells(points: dict[Point, tuple[set[int], set[int]]]) -> list[Cell]:
    """For each corner, the smallest rectangle to its lower right whose sides are drawn."""
    below: dict[float, list[float]] = defaultdict(list)  # x → ys of corners on it
    right: dict[float, list[float]] = defaultdict(list)  # y → xs of corners on it
    for x, y in points:
        below[x].append(y)
        right[y].append(x)
    for values in (*below.values(), *right.values()):
        values.sort()
    cells: list[Cell] = []
    for (x, y), (hs, vs) in points.items():
        ys = below[x]
        xs = right[y]
        found = None
        for y2 in ys[bisect_right(ys, y):]:
            down_hs, down_vs = points[(x, y2)]
            if vs.isdisjoint(down_vs):
                continue
            for x2 in xs[bisect_right(xs, x):]:
                right_hs, right_vs = points[(x2, y)]
                if hs.isdisjoint(right_hs):
                    continue
                corner = points.get((x2, y2))
                if (corner is not None and not corner[1].isdisjoint(right_vs)
                        and not corner[0].isdisjoint(down_hs)):
                    found = (x, y, x2, y2)
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def _group(cells: list[Cell]) -> list[list[Cell]]:
    """Cells sharing a corner, grouped (union-find over corners)."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[Point, int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x1, top), (x0, bottom), (x1, bottom)):
            j = owner.setdefault(corner, i)
            if j != i:
                parent[root(i)] = root(j)
    groups: dict[int, list[Cell]] = defaultdict(list)
    for i, cell in enumerate(cells):
        groups[root(i)].append(cell)
    return list(groups.values())
