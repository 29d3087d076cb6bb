"""Rule-pack files read through the validated-pack cache: parsed and validated once, then reused
while the file, the registered kinds and gongkai itself are unchanged."""
from __future__ import annotations

import json
from pathlib import Path

from checker.engine.kinds import CheckKind
from checker.engine.packs import RulePack, parse_pack
from checker.errors import PackError
from checker.files.digest import sha256

__all__ = ["load_cached"]

_CACHE_VERSION = "1"


def _cache_key(data: bytes, kinds: dict[str, CheckKind]) -> str:
    h = sha256(data)
    h.update(_CACHE_VERSION.encode())
    h.update(_kinds_digest(kinds).encode())
    return h.hexdigest()


# The kinds' part of the key, worked out once per set of kinds (a session loads several packs
# against the same kinds; hashing every kind's schemas for each pack cost ~20 ms a start).
_kinds_seen: tuple[dict[str, CheckKind], str] | None = None


def _kinds_digest(kinds: dict[str, CheckKind]) -> str:
    global _kinds_seen
    if _kinds_seen is not None and _kinds_seen[0] is kinds:
        return _kinds_seen[1]
    h = sha256((Path(__file__).parent.parent / "schemas" / "rulepack.schema.json").read_bytes())
    described = [[name, kind.options_schema, sorted(kind.params), sorted(kind.wording),
                  kind.default_wording, kind.scope_schema, dict(kind.legacy_scope)]
                 for name, kind in sorted(kinds.items())]
    # one encoding of them all (a call per kind and field was ~220 calls at each start)
    h.update(json.dumps(described, sort_keys=True, ensure_ascii=False).encode())
    _kinds_seen = (kinds, h.hexdigest())
    return _kinds_seen[1]


def load_cached(path: Path, kinds: dict[str, CheckKind]) -> RulePack:
    """A pack ready to run: from the pack cache (checker.engine.packcache) when this exact file,
    version and set of kinds loaded before; else parsed (validated unless validated before)."""
    from checker.engine import packcache
    from checker.engine.packs import MAX_PACK_BYTES
    from checker.files.safeio import read_regular
    from checker.files.validcache import remember, seen

    data = read_regular(path, limit=MAX_PACK_BYTES, what="pack", error=PackError,
                        hint="split it into several packs")
    key = _cache_key(data, kinds)
    entry = packcache.entry_key(key, str(path), kinds)
    cached = packcache.load(entry, str(path))
    if cached is not None:
        return cached
    if seen("packs", key):
        pack = parse_pack(data, str(path), kinds, validate=False)
    else:
        pack = parse_pack(data, str(path), kinds, validate=True)
        remember("packs", key)
    packcache.store(entry, pack)
    return pack
