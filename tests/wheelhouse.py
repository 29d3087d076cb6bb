"""An offline wheelhouse made from the running environment, for installing gongkai elsewhere.

pre-commit builds its hook environment with ``pip install .``; with ``PIP_NO_INDEX=1`` and
``PIP_FIND_LINKS`` pointing here, that install needs no network: every distribution gongkai
depends on (and the build backend, setuptools) is repacked from this interpreter's
site-packages into a wheel. The wheels are tagged ``py3-none-any`` whatever they contain, so
they are only fit for this machine and this Python version — which is all a test needs.
"""
from __future__ import annotations

import importlib.metadata as md
import re
import zipfile
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement

__all__ = ["build_wheelhouse", "closure"]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(roots: list[str]) -> list[md.Distribution]:
    """The installed distributions ``roots`` need (no extras), roots included."""
    env = {**default_environment(), "extra": ""}
    seen: dict[str, md.Distribution] = {}
    todo = list(roots)
    while todo:
        req = Requirement(todo.pop())
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        key = _canonical(req.name)
        if key in seen:
            continue
        dist = md.distribution(req.name)
        seen[key] = dist
        todo.extend(dist.requires or ())
    return list(seen.values())


def _repack(dist: md.Distribution, dest: Path) -> Path:
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"])
    wheel = dest / f"{name}-{dist.version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel in dist.files or ():
            parts = Path(str(rel)).parts
            if ".." in parts or "__pycache__" in parts or str(rel).endswith(".pyc"):
                continue
            src = Path(str(dist.locate_file(rel)))
            if src.is_file():
                zf.write(src, Path(str(rel)).as_posix())
    return wheel


def build_wheelhouse(dest: Path, roots: list[str]) -> list[Path]:
    """Wheels for ``roots`` and everything they depend on, in ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    return [_repack(d, dest) for d in closure(roots)]
