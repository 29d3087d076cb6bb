"""The methods ``dataclasses`` writes for gongkai's classes, compiled once and kept between runs.

``@dataclass`` generates each class's ``__init__``, ``__repr__``, ``__eq__`` … as source text
and compiles it with ``exec`` when the class is defined. For the fifty-odd record classes on
the path of a ``gongkai check`` that compiling was about a fifth of the whole process (issue
13, measured on CPython 3.11). The text depends only on the class definition, and the code
object compiled from it only on that text and the Python build, so the code is kept in a
:class:`~checker.files.marshalcache.MarshalCache` and ``exec`` runs the kept code next time:
the classes are built by ``dataclasses`` exactly as before, with the same methods.

Only classes of gongkai's own modules go through the cache (recognised by the module the
generated methods belong to); anything else is compiled by ``exec`` as usual. If
``dataclasses`` stops compiling through ``exec`` this does nothing. ``GONGKAI_NO_CACHE=1``
turns it off.
"""
from __future__ import annotations

import builtins
import sys
from types import CodeType
from typing import Any

from checker.files.marshalcache import MarshalCache, enabled

__all__ = ["CACHE", "install"]

CACHE = MarshalCache(f"dataclass-code2-o{sys.flags.optimize}", max_entries=1_000)
_PREFIX = "checker."


def _compile(source: str) -> CodeType:
    """What ``exec(source)`` in :mod:`dataclasses` compiles: no future flags of this module's
    (``annotations`` would turn the methods' annotations into strings)."""
    return compile(source, "<string>", "exec", dont_inherit=True)


def _exec(source: Any, module_vars: dict[str, Any] | None = None, names: Any = None, /) -> None:
    """``exec`` for ``dataclasses``: a source text of a gongkai class runs as kept code."""
    if not isinstance(source, str):
        builtins.exec(source, module_vars, names)
        return
    name = module_vars.get("__name__") if isinstance(module_vars, dict) else None
    if not isinstance(name, str) or not name.startswith(_PREFIX):
        builtins.exec(_compile(source), module_vars, names)
        return
    code = CACHE.get(source)
    if code is None:
        code = _compile(source)
        CACHE.put(source, code)
    builtins.exec(code, module_vars, names)


def install() -> None:
    """Route the ``exec`` of :mod:`dataclasses` through the cache (once, if caches are on)."""
    import dataclasses

    if enabled() and "exec" not in vars(dataclasses):
        dataclasses.exec = _exec  # type: ignore[attr-defined]  # shadows the builtin there
