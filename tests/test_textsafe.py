"""textsafe.clean: every unrepresentable character replaced, short or long text, any plane."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.files import textsafe

BAD = ["\ud800", "\udfff", "\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"]
GOOD = ["报", "告", "，", "（", "\uff0c", "a", "\U00020000", "\ufdcf", "\ufdf0", "\ufffd"]


def _reference(text: str) -> tuple[str, int]:
    """What the one pattern of every plane gives."""
    return textsafe.BAD_CHARS.subn(textsafe.REPLACEMENT, text)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(BAD + GOOD), max_size=40), st.integers(0, 600))
def test_clean_agrees_with_the_full_pattern(chars: list[str], padding: int) -> None:
    """Long CJK text (the fast path) and short text give what BAD_CHARS gives."""
    text = "政府信息公开" * (padding // 6) + "".join(chars)
    assert textsafe.clean(text) == _reference(text)


def test_a_long_text_with_a_non_character_beyond_the_bmp() -> None:
    text = "报告" * 500 + "\U0001ffff" + "，" * 10
    cleaned, n = textsafe.clean(text)
    assert n == 1 and "\U0001ffff" not in cleaned and cleaned.count(textsafe.REPLACEMENT) == 1


def test_a_long_text_with_a_lone_surrogate() -> None:
    text = "报告" * 500 + "\udc80"
    assert textsafe.clean(text) == ("报告" * 500 + textsafe.REPLACEMENT, 1)
