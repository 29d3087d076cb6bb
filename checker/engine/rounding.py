"""Exact rounding for stated percentages (spec/domain.md §7): GB/T 8170, 四舍五入, truncation,
and the largest-remainder allocation that forces a set of shares to total 100.

Everything is exact: values are :class:`fractions.Fraction`, stated figures
:class:`decimal.Decimal`. Floating point never decides a verdict.

* ``gbt8170`` — GB/T 8170-2008 数值修约: 四舍六入; a dropped part of exactly one half rounds
  to the even neighbour (五成双). A dropped part above one half (5 followed by any non-zero
  digit) always rounds up.
* ``half_up`` — 四舍五入: a dropped part of exactly one half rounds away from zero.

Both agree unless the dropped part is exactly one half.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

__all__ = ["RULES", "decimals_of", "fits", "fits_ratio", "fits_units", "is_largest_remainder",
           "largest_remainder", "percent_of", "round_to", "show_fraction", "to_fraction",
           "truncate_to", "units_of"]

RULES = ("gbt8170", "half_up")


def decimals_of(stated: Decimal) -> int:
    """Number of decimals written: ``Decimal("4.30")`` → 2, ``Decimal("21")`` → 0."""
    shown = str(stated)  # far cheaper than as_tuple()
    if "E" not in shown:  # plain notation: as many digits after the point as the exponent says
        dot = shown.find(".")
        return 0 if dot < 0 else len(shown) - dot - 1
    exp = stated.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def units_of(stated: Decimal) -> tuple[int, int]:
    """``(stated·10^d, d)`` in integers, d the decimals written: ``Decimal("4.30")`` → (430, 2).
    The figure must be finite. Like ``int(stated.scaleb(d))``, which rounds beyond the
    context's precision (28 digits), so only short plain figures are read from the text."""
    shown = str(stated)
    if len(shown) <= 20 and "E" not in shown:  # the digits without the point
        dot = shown.find(".")
        return (int(shown), 0) if dot < 0 else (int(shown.replace(".", "")), len(shown) - dot - 1)
    d = decimals_of(stated)
    return int(stated.scaleb(d)), d


def to_fraction(value: Decimal | int | str | Fraction) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Decimal) and value.is_finite():
        # exact, like Fraction(str(value)), without parsing text (lowest terms already)
        return Fraction(*value.as_integer_ratio())
    return Fraction(str(value)) if not isinstance(value, int) else Fraction(value)


def _ratio(value: Decimal | int | str | Fraction) -> tuple[int, int]:
    """``to_fraction(value).as_integer_ratio()``, read from a finite Decimal directly."""
    if value.__class__ is Decimal and value.is_finite():
        return value.as_integer_ratio()
    return to_fraction(value).as_integer_ratio()


def _scaled_round(x: Fraction, rule: str) -> int:
    """Round a (scaled) exact value to an integer under ``rule``."""
    return _round_ratio(*x.as_integer_ratio(), rule)


def _round_ratio(num: int, den: int, rule: str) -> int:
    """Round ``num/den`` (den > 0, any terms: the result does not depend on them) to an
    integer under ``rule``."""
    if rule not in RULES:
        raise ValueError(f"unknown rounding rule {rule!r}; use one of {', '.join(RULES)}")
    sign = -1 if num < 0 else 1
    # |x| = base + rest/den with 0 <= rest < den, in integers (exact, no Fraction arithmetic)
    base, rest = divmod(abs(num), den)
    if 2 * rest > den or (2 * rest == den and (rule == "half_up" or base % 2 == 1)):
        base += 1
    return sign * base


def round_to(x: Fraction, decimals: int, rule: str = "gbt8170") -> Fraction:
    """``x`` rounded to ``decimals`` places under ``rule`` (exact)."""
    scale = 10 ** decimals
    if isinstance(x, (Fraction, int)) and decimals >= 0:  # scaled in integers: no Fraction product
        return Fraction(_round_ratio(x.numerator * scale, x.denominator, rule), scale)
    return Fraction(_scaled_round(x * scale, rule), scale)


def truncate_to(x: Fraction, decimals: int) -> Fraction:
    """``x`` cut (not rounded) to ``decimals`` places, toward zero."""
    scale = 10 ** decimals
    if isinstance(x, (Fraction, int)) and decimals >= 0:  # in integers: no Fraction product
        n, q = x.numerator * scale, x.denominator
        return Fraction(n // q if n >= 0 else -(-n // q), scale)
    v = x * scale
    return Fraction(math.floor(v) if v >= 0 else -math.floor(-v), scale)


def fits(stated: Decimal, exact: Fraction, rule: str = "gbt8170") -> bool:
    """True when ``exact`` rounded to the stated number of decimals gives ``stated``."""
    return round_to(exact, decimals_of(stated), rule) == to_fraction(stated)


def fits_ratio(stated: Decimal, num: int, den: int, rule: str = "gbt8170") -> bool:
    """``fits(stated, 100·num/den)`` in integer arithmetic (the hot path; den > 0, num ≥ 0)."""
    if num < 0 or den <= 0:
        return den != 0 and fits(stated, percent_of(num, den), rule)
    if not stated.is_finite():
        d = decimals_of(stated)
        scaled = stated.scaleb(d)
        if scaled != scaled.to_integral_value():
            return False
        return fits_units(int(scaled), d, num, den, rule)
    return fits_units(*units_of(stated), num, den, rule)


def fits_units(units: int, decimals: int, num: int, den: int, rule: str = "gbt8170") -> bool:
    """``fits_ratio`` for a figure given as :func:`units_of` gives it, ``units`` of
    ``10^-decimals`` (den > 0, num ≥ 0): for callers that judge one figure many times."""
    scale: int = 10 ** decimals  # decimals >= 0: an int (typeshed says Any for int ** int)
    q, r = divmod(num * 100 * scale, den)
    twice = 2 * r
    if twice > den or (twice == den and (rule == "half_up" or q % 2 == 1)):
        q += 1
    return q == units


def percent_of(count: int | Fraction, denominator: int | Fraction) -> Fraction:
    """``100·count/denominator``, exact. The denominator must not be 0."""
    if count.__class__ is int and denominator.__class__ is int:
        return Fraction(count * 100, denominator)
    return Fraction(count) * 100 / Fraction(denominator)


def show_fraction(x: Fraction, decimals: int) -> str:
    """A fixed-point rendering of ``x`` with ``decimals`` places (half-up, display only)."""
    if isinstance(x, (Fraction, int)) and decimals >= 0:
        # x·10^decimals rounded, in integers: the digits shown (what the general path gives)
        units = _round_ratio(x.numerator * 10 ** decimals, x.denominator, "half_up")
        if decimals == 0:
            return str(units)
        whole, frac = divmod(abs(units), 10 ** decimals)
        return f"{'-' if units < 0 else ''}{whole}.{frac:0{decimals}d}"
    v = round_to(x, decimals, "half_up")
    if decimals == 0:
        return str(v.numerator // v.denominator)
    sign = "-" if v < 0 else ""
    # v has at most ``decimals`` places: scaled up it is a whole number
    scaled = abs(v.numerator) * 10 ** decimals // v.denominator if decimals > 0 \
        else int(abs(v) * 10 ** decimals)
    whole, frac = divmod(scaled, 10 ** decimals)
    return f"{sign}{whole}.{frac:0{decimals}d}"


def largest_remainder(counts: Sequence[int], denominator: int, decimals: int = 0,
                      total: int = 100) -> list[Fraction]:
    """One largest-remainder allocation of ``counts`` totalling ``total`` (ties: earlier first).

    Works in units of ``10^-decimals``; the counts must add up to ``denominator``.
    """
    units = total * 10 ** decimals
    exact = [Fraction(c) * units / denominator for c in counts]
    floors = [math.floor(e) for e in exact]
    left = units - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - floors[i]), i))
    alloc = list(floors)
    for i in order[:max(0, left)]:
        alloc[i] += 1
    return [Fraction(a, 10 ** decimals) for a in alloc]


def is_largest_remainder(stated: Sequence[Decimal], counts: Sequence[int], denominator: int,
                         total: int = 100) -> bool:
    """Whether ``stated`` is *a* largest-remainder allocation of ``counts`` over ``denominator``.

    All stated figures must have the same number of decimals and the counts must add up to
    the denominator (otherwise forcing the total to 100 makes no sense). Items whose
    remainders tie at the cut-off may take the extra unit in any order.
    """
    if not stated or len(stated) != len(counts) or denominator <= 0:
        return False
    if sum(counts) != denominator:
        return False
    places = {decimals_of(s) for s in stated}
    if len(places) != 1:
        return False
    d = places.pop()
    scale = 10 ** d
    units = total * scale
    # each exact share c·units/denominator as floor + remainder/denominator (integers: exact)
    floors = [c * units // denominator for c in counts]
    rems = [c * units % denominator for c in counts]
    left = units - sum(floors)
    ups: list[int] = []
    for s, f in zip(stated, floors, strict=True):
        num, den = _ratio(s)
        v, rest = divmod(num * scale, den)
        if rest or v not in (f, f + 1):
            return False
        ups.append(v - f)
    if sum(ups) != left:
        return False
    if left == 0:
        return True
    cut = sorted(rems, reverse=True)[left - 1]
    for r, up in zip(rems, ups, strict=True):
        if r > cut and not up:
            return False
        if r < cut and up:
            return False
    return True
