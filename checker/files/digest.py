"""SHA-256 and BLAKE2b digests without loading OpenSSL for small inputs.

:mod:`hashlib` loads OpenSSL's library when it is imported, a few milliseconds of every start
of gongkai, whose own digests (cache keys, fingerprints, short texts) are of a few hundred
bytes. CPython also has its own implementation of these hashes, built in and loaded in a
fraction of that; it gives the same digests but is several times slower per byte (about
230 MB/s against OpenSSL's 1.5 GB/s here), so inputs of :data:`LARGE` bytes or more (a large
document) go to :mod:`hashlib`, whose import then costs less than the time it saves, and so
does everything once :mod:`hashlib` has been imported anyway. Another Python without the
built-in modules uses :mod:`hashlib` throughout.
"""
from __future__ import annotations

import sys
from typing import Any, Protocol

__all__ = ["LARGE", "Hash", "blake2b", "sha256"]


class Hash(Protocol):
    """What a hash object of :mod:`hashlib` offers (and the built-in ones)."""

    def update(self, data: bytes, /) -> None: ...
    def digest(self) -> bytes: ...
    def hexdigest(self) -> str: ...


LARGE = 512 * 1024  # bytes from which hashlib's (OpenSSL's) implementation is used



def _built_in(module: str, name: str) -> Any:
    """``module.name`` of CPython's built-in hash modules, or None where there is none."""
    try:
        return getattr(__import__(module), name)
    except (ImportError, AttributeError):
        return None


# the built-in SHA-2 module is _sha2 from Python 3.12, _sha256 before
_small_sha256 = _built_in("_sha2", "sha256") or _built_in("_sha256", "sha256")
_blake2b = _built_in("_blake2", "blake2b")


def sha256(data: bytes = b"") -> Hash:
    """A SHA-256 hash object of ``data`` (``update``, ``digest``, ``hexdigest``), as
    ``hashlib.sha256(data)`` gives."""
    if _small_sha256 is not None and len(data) < LARGE and "hashlib" not in sys.modules:
        small: Hash = _small_sha256(data)
        return small
    import hashlib

    return hashlib.sha256(data)


def blake2b(data: bytes = b"", *, digest_size: int = 64) -> Hash:
    """A BLAKE2b hash object, as ``hashlib.blake2b(data, digest_size=…)`` gives."""
    if _blake2b is not None:
        built_in: Hash = _blake2b(data, digest_size=digest_size)
        return built_in
    import hashlib

    return hashlib.blake2b(data, digest_size=digest_size)
