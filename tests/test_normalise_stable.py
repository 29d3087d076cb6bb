"""Regression guard: the normaliser's output stays byte-identical on known inputs.

Every file in ``fixtures/raw`` (text and HTML) and, when present, ``../shared/corpus/*.txt``
is normalised, the report serialised with ``json.dumps(sort_keys=True)`` and its sha256
compared with ``tests/data/normalise-digests.json``. Text files are also normalised cut at a
half and three quarters of their length (missing rows, tables cut short).

After a deliberate change of the output, refresh the digests (and say why in the commit):

    python tests/test_normalise_stable.py --update
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.digests import DigestStore, update_main  # noqa: E402

from checker.readers import normalise_bytes, normalise_text  # noqa: E402
from checker.readers.decode import decode_text  # noqa: E402

RAW = ROOT / "fixtures" / "raw"
CORPUS = ROOT.parent / "shared" / "corpus"
DIGESTS = ROOT / "tests" / "data" / "normalise-digests.json"
_CUTS = (("half", 1, 2), ("three-quarters", 3, 4))


def _digest(report: dict) -> str:
    data = json.dumps(report, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _inputs(root: Path, prefix: str, patterns: tuple[str, ...]) -> list[tuple[str, Path]]:
    if not root.is_dir():
        return []
    files = sorted({p for pat in patterns for p in root.glob(pat)})
    return [(f"{prefix}/{p.name}", p) for p in files]


def cases() -> list[tuple[str, Path, str | None]]:
    """(case id, file, cut) — cut None is the whole file through ``normalise_bytes``."""
    out: list[tuple[str, Path, str | None]] = []
    for name, path in (_inputs(RAW, "raw", ("*.txt", "*.html"))
                       + _inputs(CORPUS, "corpus", ("*.txt",))):
        out.append((name, path, None))
        if path.suffix == ".txt":
            out += [(f"{name}#{cut}", path, cut) for cut, _n, _d in _CUTS]
    return out


def compute(name: str, path: Path, cut: str | None) -> str:
    data = path.read_bytes()
    if cut is None:
        return _digest(normalise_bytes(data, path=name))
    text, _enc = decode_text(data, name)
    n, d = next((n, d) for c, n, d in _CUTS if c == cut)
    return _digest(normalise_text(text[: len(text) * n // d]))


_STORE = DigestStore(DIGESTS)


def _stored() -> dict:
    return _STORE.stored()


_CASES = cases()


@pytest.mark.parametrize("name,path,cut", _CASES, ids=[c[0] for c in _CASES])
def test_output_unchanged(name: str, path: Path, cut: str | None) -> None:
    stored = _stored()
    if name not in stored:
        pytest.skip(f"no stored digest for {name} (run this module with --update)")
    assert compute(name, path, cut) == stored[name], (
        f"normalised output of {name} changed; if deliberate, run "
        "python tests/test_normalise_stable.py --update")


def test_digests_cover_the_fixtures() -> None:
    stored = _stored()
    missing = [c[0] for c in _CASES if c[0].startswith("raw/") and c[0] not in stored]
    assert not missing, f"no stored digest for {missing}"


def main(argv: list[str]) -> int:
    by_name = {c[0]: c for c in _CASES}
    return update_main(argv, __doc__ or "", _STORE, list(by_name),
                       lambda name: compute(*by_name[name]))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
