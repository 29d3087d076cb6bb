"""Pack loading: layered validation with file, key and did-you-mean in every error."""
from __future__ import annotations

from pathlib import Path

import pytest

from checker.errors import PackError
from checker.engine.packs import format_message, load_pack, parse_pack
from checker.plugins import builtin_packs_dir

INVALID = sorted((Path(__file__).parent.parent / "fixtures" / "packs" / "invalid").glob("*.toml"))


def _expected(path: Path) -> list[str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# error: ")
    return [part.strip() for part in first[len("# error: "):].split("|")]


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_pack_is_refused_with_its_expected_error(session, path):
    """Each invalid pack fixture fails with the error its first line names, and names the file."""
    with pytest.raises(PackError) as info:
        load_pack(path, session.kinds)
    text = str(info.value)
    assert str(path) in text
    for needle in _expected(path):
        assert needle in text, text


def test_first_party_packs_are_valid_and_have_the_required_ids(session):
    """The five first-party packs load under full validation with stable ids."""
    ids = set()
    for path in builtin_packs_dir().glob("*.toml"):
        pack = load_pack(path, session.kinds, validate=True)
        ids.add(pack.id)
        for rule in pack.rules:
            assert rule.doc and rule.message and rule.message_en and rule.summary
    assert {"table-identities"} <= ids
    assert {"percentages", "required-sections", "fee-notice", "doc-numbers"} <= ids
    assert ids <= {"table-identities", "percentages", "required-sections", "fee-notice", "doc-numbers",
                   "cross-year", "originality"}


def test_rule_codes_are_unique_across_packs(session):
    """No two rules anywhere share a code or a name."""
    codes = [r.code for r in session.all_rules]
    names = [r.name for r in session.all_rules]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))


def test_oversized_pack_is_refused():
    """A pack over the size limit is refused before parsing."""
    with pytest.raises(PackError, match="limit"):
        parse_pack(b"#" * 2_000_001, "big.toml")


def test_deeply_nested_pack_is_refused(session):
    """Deep nesting in a pack is refused with a clear message."""
    nested = "x = " + "[" * 40 + "]" * 40 + "\n"
    with pytest.raises(PackError, match="nested"):
        parse_pack(nested.encode(), "deep.toml", session.kinds)


def test_message_templates_cannot_reach_attributes():
    """Placeholders are plain names only: {x.__class__} is left as text, not evaluated."""
    assert format_message("{a} {a.__class__} {{b}}", {"a": 1}) == "1 {a.__class__} {b}"
    # English messages are in sentence case whatever the first placeholder holds
    assert format_message("{a}", {"a": "中", "a_en": "en"}, "en") == "En"
    assert format_message("{a}", {"a": ["甲", "乙"]}, "zh") == "甲、乙"  # lists read as text
    assert format_message("{a}", {"a": ["x", "y"]}, "en") == "X, y"
