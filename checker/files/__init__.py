"""Files read and written safely: bounded reads, atomic writes, guarded TOML, caches."""
from __future__ import annotations
