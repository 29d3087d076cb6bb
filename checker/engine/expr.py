"""The identity expression grammar used by rule packs, parsed by our own code (never eval).

Grammar::

    comparison := sum [ ("==" | "!=" | "<=" | ">=" | "<" | ">") sum ]
    sum        := product { ("+" | "-") product }
    product    := unary { ("*" | "/") unary }
    unary      := "-" unary | atom
    atom       := NUMBER | CELL | "sum" "(" cells { "," cells } ")" | "(" sum ")"
    CELL       := t2|t3|t4 "." ident "." ident      e.g. t3.r7.nat
    cells      := CELL, where one part may hold a numeric range "[a-b]":  t3.r3_[1-8].nat

Templates such as ``{col}`` and ``{row}`` are substituted before parsing (see
:func:`expand`). Evaluation is exact: integers and :class:`fractions.Fraction`.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from checker.files.lazyre import lazy

__all__ = ["Comparison", "ExprError", "Node", "cells_of", "evaluate", "expand", "linear", "parse"]


class ExprError(ValueError):
    """An expression that does not follow the grammar."""


_TOKEN = lazy(r"""
    (?P<ws>\s+)
  | (?P<num>[0-9]+(?:\.[0-9]+)?)
  | (?P<cell>t[234]\.[a-z][a-z0-9_]*(?:\[[0-9]+-[0-9]+\])?\.[a-z][a-z0-9_]*(?:\[[0-9]+-[0-9]+\])?)
  | (?P<sum>sum\b)
  | (?P<op>==|!=|<=|>=|[-+*/(),<>])
""", re.VERBOSE)
_RANGE = lazy(r"\[([0-9]+)-([0-9]+)\]")
MAX_NESTING = 32
_PLACEHOLDER = lazy(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Num:
    """A number in an expression (exact)."""

    value: Fraction


@dataclass(frozen=True)
class Cell:
    """A table cell by its id (``t3.r1.nat``)."""

    id: str


@dataclass(frozen=True)
class Sum:
    """``sum(...)`` of a range of cells."""

    cells: tuple[str, ...]


@dataclass(frozen=True)
class Neg:
    """A negated operand."""

    operand: Node


@dataclass(frozen=True)
class BinOp:
    """``left op right`` for ``+ - * /``."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Comparison:
    """``left op right`` for ``== != < <= > >=``: the identity to check."""

    op: str
    left: Node
    right: Node


Node = Num | Cell | Sum | Neg | BinOp


def expand(template: str, **values: str) -> str:
    """Substitute ``{name}`` placeholders; an unknown placeholder is an ExprError."""
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in values:
            raise ExprError(f"unknown placeholder {{{name}}} in {template!r}")
        return values[name]
    return _PLACEHOLDER.sub(sub, template)


def _tokens(src: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(src):
        m = _TOKEN.match(src, pos)
        if not m:
            raise ExprError(f"unexpected {src[pos:pos + 10]!r} at column {pos + 1} of {src!r}")
        pos = m.end()
        kind = m.lastgroup or ""
        if kind != "ws":
            out.append((kind, m.group()))
    return out


def _expand_range(cell: str) -> tuple[str, ...]:
    m = _RANGE.search(cell)
    if not m:
        return (cell,)
    lo, hi = int(m.group(1)), int(m.group(2))
    if lo > hi or hi - lo > 50:
        raise ExprError(f"bad range [{lo}-{hi}] in {cell!r}")
    out: list[str] = []
    for i in range(lo, hi + 1):
        out.extend(_expand_range(cell[:m.start()] + str(i) + cell[m.end():]))
    return tuple(out)


_LONG_CHAIN = 32


def _balanced(nodes: list[Node]) -> Node:
    while len(nodes) > 1:
        nodes = [BinOp("+", nodes[i], nodes[i + 1]) if i + 1 < len(nodes) else nodes[i]
                 for i in range(0, len(nodes), 2)]
    return nodes[0]


class _Parser:
    def __init__(self, src: str) -> None:
        self.src = src
        self.toks = _tokens(src)
        self.i = 0
        self.depth = 0

    def _enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ExprError(f"expression nested deeper than {MAX_NESTING} levels: "
                            f"{self.src[:40]!r}…")

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, text: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if tok is None or (text is not None and tok[1] != text):
            want = f"{text!r}" if text else "more input"
            got = repr(tok[1]) if tok else "end of expression"
            raise ExprError(f"expected {want}, found {got} in {self.src!r}")
        self.i += 1
        return tok

    def comparison(self) -> Comparison | Node:
        left = self.sum()
        tok = self.peek()
        if tok and tok[1] in ("==", "!=", "<=", ">=", "<", ">"):
            self.i += 1
            return Comparison(tok[1], left, self.sum())
        return left

    def sum(self) -> Node:
        terms: list[tuple[str, Node]] = [("+", self.product())]
        while (tok := self.peek()) and tok[1] in "+-" and tok[0] == "op":
            self.i += 1
            terms.append((tok[1], self.product()))
        if len(terms) <= _LONG_CHAIN:
            node = terms[0][1]
            for op, term in terms[1:]:
                node = BinOp(op, node, term)
            return node
        # A long chain (a pack may sum hundreds of cells one by one) becomes a balanced tree
        # of additions, subtracted terms negated: the same exact value, and a tree only
        # log2(n) deep, so that walking it never meets the recursion limit.
        return _balanced([t if op == "+" else Neg(t) for op, t in terms])

    def product(self) -> Node:
        node = self.unary()
        while (tok := self.peek()) and tok[1] in ("*", "/"):
            self.i += 1
            node = BinOp(tok[1], node, self.unary())
        return node

    def unary(self) -> Node:
        tok = self.peek()
        if tok and tok[1] == "-":
            self.i += 1
            self._enter()
            node = Neg(self.unary())
            self.depth -= 1
            return node
        return self.atom()

    def atom(self) -> Node:
        kind, text = self.take()
        if kind == "num":
            return Num(Fraction(text))
        if kind == "cell":
            ids = _expand_range(text)
            return Cell(ids[0]) if len(ids) == 1 else Sum(ids)
        if kind == "sum":
            self.take("(")
            cells: list[str] = []
            while True:
                k, t = self.take()
                if k != "cell":
                    raise ExprError(f"sum() takes cell ids, found {t!r} in {self.src!r}")
                cells.extend(_expand_range(t))
                if self.take()[1] == ")":
                    break
            return Sum(tuple(cells))
        if text == "(":
            self._enter()
            node = self.sum()
            self.take(")")
            self.depth -= 1
            return node
        raise ExprError(f"unexpected {text!r} in {self.src!r}")


def parse(src: str) -> Comparison | Node:
    """Parse an expression; raise ExprError with the position of the problem."""
    if len(src) > 2000:
        raise ExprError("expression longer than 2000 characters")
    parser = _Parser(src)
    node = parser.comparison()
    if parser.peek() is not None:
        raise ExprError(f"unexpected {parser.peek()[1]!r} in {src!r}")  # type: ignore[index]
    return node


def cells_of(node: Comparison | Node) -> list[str]:
    """Every cell id the expression reads, in order of appearance, without repeats."""
    out: list[str] = []

    def walk(n: object) -> None:
        if isinstance(n, Cell):
            out.append(n.id)
        elif isinstance(n, Sum):
            out.extend(n.cells)
        elif isinstance(n, Neg):
            walk(n.operand)
        elif isinstance(n, (BinOp, Comparison)):
            walk(n.left)
            walk(n.right)
    walk(node)
    return list(dict.fromkeys(out))


def evaluate(node: Node, value_of: Callable[[str], Fraction | int]) -> Fraction:
    """Evaluate a (non-comparison) node exactly; ``value_of`` maps a cell id to its number."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Cell):
        return Fraction(value_of(node.id))
    if isinstance(node, Sum):
        return sum((Fraction(value_of(c)) for c in node.cells), Fraction(0))
    if isinstance(node, Neg):
        return -evaluate(node.operand, value_of)
    if isinstance(node, BinOp):
        a, b = evaluate(node.left, value_of), evaluate(node.right, value_of)
        if node.op == "+":
            return a + b
        if node.op == "-":
            return a - b
        if node.op == "*":
            return a * b
        if b == 0:
            raise ZeroDivisionError("division by zero in expression")
        return a / b
    raise ExprError(f"cannot evaluate {node!r}")


def linear(node: Node) -> tuple[dict[str, Fraction], Fraction] | None:
    """The node as coefficients per cell plus a constant, or None when it is not linear.

    Identities are sums and differences of cells, so evaluating them as a weighted sum is
    both exact and much faster than walking the tree for every report.
    """
    if isinstance(node, Num):
        return {}, node.value
    if isinstance(node, Cell):
        return {node.id: Fraction(1)}, Fraction(0)
    if isinstance(node, Sum):
        coef: dict[str, Fraction] = {}
        for c in node.cells:
            coef[c] = coef.get(c, Fraction(0)) + 1
        return coef, Fraction(0)
    if isinstance(node, Neg):
        inner = linear(node.operand)
        if inner is None:
            return None
        return {k: -v for k, v in inner[0].items()}, -inner[1]
    if isinstance(node, BinOp):
        a, b = linear(node.left), linear(node.right)
        if a is None or b is None:
            return None
        if node.op in "+-":
            sign = 1 if node.op == "+" else -1
            coef = dict(a[0])
            for k, v in b[0].items():
                coef[k] = coef.get(k, Fraction(0)) + sign * v
            return coef, a[1] + sign * b[1]
        if node.op == "*" and (not a[0] or not b[0]):
            factor, other = (a[1], b) if not a[0] else (b[1], a)
            return {k: v * factor for k, v in other[0].items()}, other[1] * factor
        if node.op == "/" and not b[0] and b[1] != 0:
            return {k: v / b[1] for k, v in a[0].items()}, a[1] / b[1]
    return None
