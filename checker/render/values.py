"""Finding values (expected, actual) as text people read: lists joined, never Python reprs.

A rule may give a list (the missing sub-topics, the headings found) or a mapping as its
``expected``/``actual``; printed with ``str()`` that reads ``['（三）政府信息管理']``. Here a
list is joined with the enumeration comma 、 in Chinese and ", " in English, a mapping becomes
``key：value`` pairs, and None is empty.
"""
from __future__ import annotations

from typing import Any

__all__ = ["as_text"]


def as_text(value: Any, lang: str = "zh") -> str:
    """``value`` as plain text in ``lang`` (see the module docstring)."""
    if value is None:
        return ""
    sep = ", " if lang == "en" else "、"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return sep.join(as_text(v, lang) for v in items)
    if isinstance(value, dict):
        colon = ": " if lang == "en" else "："
        return sep.join(f"{k}{colon}{as_text(v, lang)}" for k, v in value.items())
    return str(value)
