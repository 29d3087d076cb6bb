"""A stored set of sha256 digests that regression-guard tests compare outputs against.

Each guard module keeps ``{name: digest}`` in a JSON file under tests/data/ and has an
``--update`` mode (``python tests/<module>.py --update``) that recomputes and stores them.
Digests of names not computed in this run (e.g. ../shared corpus files when ../shared is
absent) are kept.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterable


class DigestStore:
    """The digests of one guard module."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def stored(self) -> dict[str, str]:
        return json.loads(self.path.read_text("utf-8")) if self.path.exists() else {}

    def update(self, names: Iterable[str], compute: Callable[[str], str]) -> list[str]:
        """Recompute the given names, store every digest, return the names that changed."""
        stored = self.stored()
        new = {name: compute(name) for name in names}
        changed = sorted(k for k in new if stored.get(k) != new[k])
        stored.update(new)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(dict(sorted(stored.items())), indent=1) + "\n", "utf-8")
        return changed


def update_main(argv: list[str], doc: str, store: DigestStore, names: list[str],
                compute: Callable[[str], str]) -> int:
    """The ``--update`` entry point shared by the guard modules."""
    if "--update" not in argv:
        print(doc)
        return 2
    changed = store.update(names, compute)
    print(f"{len(names)} digests written, {len(changed)} changed: {', '.join(changed) or '-'}")
    return 0
