"""Rule-pack files read through the validated-pack cache: parsed and validated once, then reused
while the file, the registered kinds and gongkai itself are unchanged."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from checker.engine.kinds import CheckKind
from checker.engine.packs import RulePack, parse_pack
from checker.errors import PackError

__all__ = ["load_cached"]

_CACHE_VERSION = "1"


def _cache_key(data: bytes, kinds: dict[str, CheckKind]) -> str:
    h = hashlib.sha256(data)
    h.update(_CACHE_VERSION.encode())
    h.update((Path(__file__).parent.parent / "schemas" / "rulepack.schema.json").read_bytes())
    for name in sorted(kinds):
        h.update(name.encode())
        h.update(json.dumps(kinds[name].options_schema, sort_keys=True).encode())
        h.update(",".join(sorted(kinds[name].params)).encode())
        h.update(",".join(sorted(kinds[name].wording)).encode())
        h.update(json.dumps(kinds[name].default_wording, sort_keys=True,
                            ensure_ascii=False).encode())
        h.update(json.dumps([kinds[name].scope_schema, dict(kinds[name].legacy_scope)],
                            sort_keys=True).encode())
    return h.hexdigest()


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
