"""checker.files.digest gives hashlib's digests, small inputs without loading OpenSSL."""
from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.files import digest


@settings(max_examples=200)
@given(st.binary(max_size=2048), st.binary(max_size=512))
def test_same_digests_as_hashlib(data: bytes, more: bytes) -> None:
    """The built-in implementation (used while hashlib is not imported) agrees with hashlib."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delitem(sys.modules, "hashlib")  # as in a process that has not imported it
        small = digest.sha256(data)
    if digest._small_sha256 is not None:
        assert type(small) is type(digest._small_sha256(b""))
    assert small.hexdigest() == hashlib.sha256(data).hexdigest()
    assert digest.sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    h = digest.sha256(data)
    h.update(more)
    assert h.digest() == hashlib.sha256(data + more).digest()
    assert (digest.blake2b(data, digest_size=8).digest()
            == hashlib.blake2b(data, digest_size=8).digest())


def test_large_inputs_around_the_threshold() -> None:
    for n in (digest.LARGE - 1, digest.LARGE, 3 * digest.LARGE + 7):
        data = bytes(range(256)) * (n // 256) + b"x" * (n % 256)
        assert digest.sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()


def test_small_digests_do_not_import_hashlib() -> None:
    """The point of the module: a fresh process hashing a key leaves hashlib (OpenSSL) alone."""
    if digest._small_sha256 is None:
        pytest.skip("this Python has no built-in SHA-256 module (_sha2/_sha256)")
    code = ("import sys; from checker.files.digest import sha256; sha256(b'key').hexdigest(); "
            "print('hashlib' in sys.modules, '_hashlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]
