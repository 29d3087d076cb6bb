"""Fuzz the HTML normaliser: any bytes → ``checker.readers.normalise_bytes`` as ``.html``.

An input may be refused with a :class:`checker.errors.GongkaiError`; any other exception is
a bug. Run: ``python fuzz/fuzz_html.py -max_total_time=60`` (atheris) or ``--smoke 300``.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ACCEPTED, main, seeds  # noqa: E402

try:  # with atheris, instrument our code for coverage feedback
    import atheris

    with atheris.instrument_imports(include=["checker"]):
        from checker.readers import normalise_bytes
except ImportError:
    from checker.readers import normalise_bytes


def TestOneInput(data: bytes) -> None:  # noqa: N802 - atheris' name
    try:
        report = normalise_bytes(data, path="fuzz.html")
    except ACCEPTED:
        return
    assert isinstance(report, dict) and isinstance(report.get("text"), str)
    assert isinstance(report.get("tables"), dict) and isinstance(report.get("sections"), list)


CORPUS = seeds("*.html") + [b"<html><body><table><tr><td rowspan=0 colspan=99999>1</td></tr>"
                            b"</table></body></html>", b"<meta charset=gbk><p>\xd5\xfe</p>",
                            b"<table>" * 30 + b"x"]

if __name__ == "__main__":
    main(TestOneInput, CORPUS)
