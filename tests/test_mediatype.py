"""The media type gongkai gives an input by its name is the one the system's tables give."""
from __future__ import annotations

import mimetypes

import pytest

from checker.readers.mediatype import _MEDIA_TYPES, guess_media_type


@pytest.mark.parametrize("suffix", sorted(_MEDIA_TYPES))
def test_our_suffixes_agree_with_mimetypes_where_it_knows_them(suffix: str) -> None:
    """Where mimetypes has an answer, ours is the same (upper-case names too)."""
    theirs = mimetypes.guess_type(f"report{suffix}")[0]
    if theirs is None:
        pytest.skip(f"this system's mime tables do not know {suffix}")
    assert guess_media_type(f"report{suffix}") == theirs
    assert guess_media_type(f"REPORT{suffix.upper()}") == theirs


def test_other_suffixes_ask_mimetypes() -> None:
    """Anything else is mimetypes' answer (or None)."""
    assert guess_media_type("a.png") == mimetypes.guess_type("a.png")[0]
    assert guess_media_type("noext") is None
