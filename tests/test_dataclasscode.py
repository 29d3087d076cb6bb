"""The dataclass methods kept between runs (checker.files.dataclasscode) are the ones
``dataclasses`` compiles: same code, and a second process compiles none of them."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# every module of the package, then what each dataclass's generated methods run
_DUMP = r"""
import importlib, json, pkgutil, sys, dataclasses, types
import checker
from checker.files import dataclasscode
def code(c):
    consts = [code(k) if isinstance(k, types.CodeType) else repr(k) for k in c.co_consts]
    return [c.co_code.hex(), consts, c.co_names, c.co_varnames, c.co_argcount,
            c.co_kwonlyargcount, c.co_flags, c.co_qualname]
out = {}
for info in pkgutil.walk_packages(checker.__path__, "checker."):
    if info.name.startswith(("checker.serve", "checker.__main__")):
        continue
    try:
        module = importlib.import_module(info.name)
    except ImportError:  # an optional extra that is not installed
        continue
    for value in vars(module).values():
        if isinstance(value, type) and dataclasses.is_dataclass(value) \
                and value.__module__ == module.__name__:
            methods = {name: code(f.__code__) for name, f in vars(value).items()
                       if callable(f) and getattr(getattr(f, "__code__", None), "co_filename",
                                                  "") == "<string>"}
            out[f"{value.__module__}.{value.__qualname__}"] = methods
print(json.dumps({"classes": out, "compiled": len(dataclasscode.CACHE.added),
                  "patched": "exec" in vars(dataclasses)}))
"""


def _dump(env: dict[str, str]) -> dict:
    done = subprocess.run([sys.executable, "-c", _DUMP], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300, check=True)
    return json.loads(done.stdout)


def test_kept_methods_are_the_compiled_ones(tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if k != "GONGKAI_NO_CACHE"}
    plain = _dump({**base, "GONGKAI_NO_CACHE": "1"})
    assert not plain["patched"] and len(plain["classes"]) > 50
    cached_env = {**base, "GONGKAI_CACHE_DIR": str(tmp_path)}
    first = _dump(cached_env)  # compiles and writes the file at exit
    assert first["patched"] and first["compiled"] > 100
    assert list(tmp_path.glob("dataclass-code2-*.marshal"))
    second = _dump(cached_env)  # reads it
    assert second["compiled"] == 0
    assert first["classes"] == plain["classes"] == second["classes"]


def test_a_corrupt_file_means_compiling_afresh(tmp_path: Path) -> None:
    env = {**{k: v for k, v in os.environ.items() if k != "GONGKAI_NO_CACHE"},
           "GONGKAI_CACHE_DIR": str(tmp_path)}
    first = _dump(env)
    (path,) = tmp_path.glob("dataclass-code2-*.marshal")
    path.write_bytes(b"\x00 not marshal")
    again = _dump(env)
    assert again["compiled"] == first["compiled"] and again["classes"] == first["classes"]


def test_other_dataclasses_are_not_kept() -> None:
    """Only gongkai's own classes go through the cache; this module's is compiled as usual."""
    from checker.files import dataclasscode

    before = dict(dataclasscode.CACHE.added)

    @dataclass(frozen=True)
    class Elsewhere:
        a: int
        b: str = "x"

    assert Elsewhere(1) == Elsewhere(1, "x") and repr(Elsewhere(2)).endswith("Elsewhere(a=2, b='x')")
    assert dataclasscode.CACHE.added == before
