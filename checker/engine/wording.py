"""Wording in packs: the ``[wording.KEY]`` tables a pack defines and the kinds say.

A kind says pack text with :class:`~checker.engine.kinds.Say` (a skip reason, a note in a
message); the pack supplies it in both languages::

    [wording.part_missing]
    zh = "缺少“{part_label}”部分，无法核对"
    en = "{part_label} is missing; not checkable"

The engine renders a Say with the rule's pack wording in the run's language
(:func:`render`); when a pack loads, :func:`check_pack` refuses a pack whose rules use a
kind whose wording keys the pack does not define, naming the file and the key.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from checker.engine.kinds import Say, Skip
from checker.errors import PackError
from checker.files.lazyre import lazy

if TYPE_CHECKING:
    from checker.engine.kinds import CheckKind, Hit
    from checker.engine.packs import Rule

__all__ = ["check_pack", "format_message", "hit_params", "render", "skip_reason"]


_FIELD = lazy(r"\{\{|\}\}|\{([a-z_][a-z0-9_]*)\}")


def format_message(template: str, params: Mapping[str, Any], lang: str = "zh", *,
                   sentence: bool = True) -> str:
    """Fill ``{name}`` placeholders; ``name_en`` wins for English. ``{{``/``}}`` are braces.

    English text is a sentence (capital first letter) unless ``sentence`` is false (a
    fragment that goes into another text).

    Only plain names are allowed (no attribute or index access), so a pack cannot reach into
    Python objects; anything else in braces is left as written.
    """
    en = lang == "en"
    out: list[str] = []
    for literal, name in _template_pieces(template):
        out.append(literal)
        if name is not None:
            value = params.get(f"{name}_en") if en else None
            if value is None:
                value = params.get(name, "")
            out.append(_show(value, en))
    text = "".join(out)
    if sentence and en and text[:1].isascii() and text[:1].islower():
        text = text[0].upper() + text[1:]  # sentence case, whatever placeholder comes first
    return text


@functools.lru_cache(maxsize=1024)
def _template_pieces(template: str) -> tuple[tuple[str, str | None], ...]:
    """The template cut once into (literal text, placeholder name or None) pieces."""
    pieces: list[tuple[str, str | None]] = []
    pos = 0
    for m in _FIELD.finditer(template):
        name = m.group(1)
        pieces.append((template[pos:m.start()] + ("" if name else m.group()[0]), name))
        pos = m.end()
    pieces.append((template[pos:], None))
    return tuple(pieces)


def _show(value: Any, en: bool = False) -> str:
    """A parameter as message text: whole floats without ".0", lists joined with 、 (", " in
    English) — never a Python repr."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return (", " if en else "、").join(_show(v, en) for v in value)
    return str(value)


def render(say: Say, wording: Mapping[str, Mapping[str, str]], lang: str, *,
           sentence: bool = False) -> str:
    """The wording ``say.key`` in ``lang`` filled with its params (its own Say params too);
    a fragment unless ``sentence`` (English sentences start with a capital).

    Raises:
        KeyError: the pack defines no such wording (the engine makes it a rule error).
    """
    text = wording[say.key]["en" if lang == "en" else "zh"]
    params = {k: render(v, wording, lang) if isinstance(v, Say) else v
              for k, v in say.params.items()}
    return format_message(text, params, lang, sentence=sentence)


def skip_reason(rule: Rule, skip: Skip, lang: str) -> str:
    """A skip's reason as text in ``lang``."""
    if isinstance(skip.reason, Say):
        return render(skip.reason, rule.wording, lang, sentence=True)
    return skip.reason_en if lang == "en" and skip.reason_en else skip.reason


def hit_params(rule: Rule, hit: Hit, lang: str) -> dict[str, Any]:
    """The hit's params with every Say rendered (the hit's own dict when there is none)."""
    params = hit.params
    if not any(isinstance(v, Say) for v in params.values()):
        return params
    return {k: render(v, rule.wording, lang) if isinstance(v, Say) else v
            for k, v in params.items()}


def check_pack(rules: list[Rule], wording: Mapping[str, Any], kinds: Mapping[str, CheckKind],
               path: str) -> None:
    """Refuse a pack whose rules use a kind that says wording the pack does not define."""
    defined = sorted(wording)
    for rule in rules:
        kind = kinds.get(rule.check)
        if kind is None:
            continue
        for key in sorted(kind.wording):
            if key in wording or key in kind.default_wording:
                continue
            import difflib
            close = difflib.get_close_matches(key, defined, n=1, cutoff=0.6)
            hint = (f"the pack defines [wording.{close[0]}]: did you mean [wording.{key}]?"
                    if close
                    else f"check kind '{rule.check}' says: "
                         + ", ".join(sorted(kind.wording)) + "; define each with zh and en")
            raise PackError(f"rule {rule.code} uses check kind '{rule.check}', which needs "
                            f"wording '{key}'; the pack does not define it", path=path,
                            where=f"key wording.{key}",
                            hint=hint)
