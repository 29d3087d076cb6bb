"""Shared driver for the fuzz harnesses: atheris when installed, a seeded smoke run otherwise.

``python fuzz/fuzz_text.py [libFuzzer flags]`` fuzzes with atheris (``pip install
"gongkai[fuzz]"``); ``python fuzz/fuzz_text.py --smoke [N]`` runs the harness's
``TestOneInput`` over the seed corpus plus N seeded random mutations of it, without atheris.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: Only these exceptions are acceptable outcomes for a hostile input.
from checker.errors import GongkaiError  # noqa: E402

ACCEPTED = (GongkaiError,)


def seeds(*patterns: str) -> list[bytes]:
    """The seed corpus: the raw fixtures matching ``patterns`` plus a few hand-made edge cases."""
    out = [b"", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", "一、总体情况\n".encode("utf-8")]
    for pattern in patterns:
        out.extend(p.read_bytes() for p in sorted((ROOT / "fixtures" / "raw").glob(pattern)))
    return out


def mutate(data: bytes, rng: random.Random, pool: list[bytes]) -> bytes:
    """One cheap structural mutation: flip, insert, delete, duplicate, splice or truncate."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(7)
        pos = rng.randint(0, len(buf))
        if op == 0 and buf:
            buf[min(pos, len(buf) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 2:
            del buf[pos:pos + rng.randint(1, 64)]
        elif op == 3 and buf:
            a = rng.randint(0, len(buf) - 1)
            buf[pos:pos] = buf[a:a + rng.randint(1, 256)] * rng.randint(1, 4)
        elif op == 4 and pool:
            other = rng.choice(pool)
            b = rng.randint(0, len(other))
            buf[pos:] = other[b:b + rng.randint(1, 4096)]
        elif op == 5:
            del buf[pos:]
        else:
            token = rng.choice([b"\t", b"\n", b"\r\n", b"|", b"<table>", b"<td rowspan=999999>",
                                b"</tr>", "（七）总计".encode(), "本年新收".encode(), b"\x00",
                                b"<div>" * 50, b"&#x0;", b"<!--", b"\xe4\xb8"])
            buf[pos:pos] = token
    return bytes(buf[:200_000])


def smoke(test_one_input: Callable[[bytes], None], corpus: list[bytes], runs: int,
          seed: int = 0) -> int:
    """Run ``test_one_input`` on the corpus and ``runs`` mutations; return how many ran."""
    rng = random.Random(seed)
    done = 0
    for data in corpus:
        test_one_input(data)
        done += 1
    for _ in range(runs):
        test_one_input(mutate(rng.choice(corpus), rng, corpus))
        done += 1
    return done


def main(test_one_input: Callable[[bytes], None], corpus: list[bytes]) -> None:
    """Entry point: ``--smoke [N]`` without atheris, otherwise atheris with libFuzzer flags."""
    if len(sys.argv) > 1 and sys.argv[1] == "--smoke":
        n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
        print(f"smoke: {smoke(test_one_input, corpus, n)} inputs, no failure")
        return
    try:
        import atheris
    except ImportError:
        sys.exit("atheris is not installed: pip install 'gongkai[fuzz]' (or use --smoke)")
    argv = list(sys.argv)
    if not any(not a.startswith("-") for a in argv[1:]):  # no corpus dir given: seed one
        import tempfile

        corpus_dir = Path(tempfile.mkdtemp(prefix="gongkai-fuzz-"))
        for i, data in enumerate(corpus):
            (corpus_dir / f"seed-{i:03d}").write_bytes(data)
        argv.append(str(corpus_dir))
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()
