"""gongkai's own modules imported from one file of their compiled code (a start-up cache).

Importing a module from its ``.pyc`` costs about seven system calls (the folder, the source
and the cached file looked up, opened, read and closed); a ``gongkai check`` imports some
ninety of its own modules, and on a virtual machine, where system calls are slow, that was an
eighth of the whole command (issue 13). This module keeps the compiled code of every module of
the package in one file of the user's cache directory and serves it from there: one read for
all of them, and one ``stat`` of each module's source.

It is CPython's own ``.pyc`` check, made once per module: an entry is used only while its
source file has the size and modification time (in nanoseconds) it had when the entry was
made; otherwise the module is imported the usual way and the file is brought up to date at
exit. Entries come from the interpreter's own ``.pyc`` files when those match their sources
(else from compiling the source), so the code is the code Python itself would run. Modules
keep their real ``__file__``, ``__spec__`` (a :class:`~importlib.machinery.SourceFileLoader`
that serves the kept code), tracebacks and sources. The file is named after the package's
folder, the Python build and its optimisation level, so another installation or interpreter
never reads it; a corrupt or unreadable file is an empty one. ``GONGKAI_NO_CACHE=1`` turns it
off (:mod:`checker.files.marshalcache`).
"""
from __future__ import annotations

import os
import sys
from importlib.machinery import ModuleSpec, SourceFileLoader
from types import CodeType, ModuleType
from typing import Any

from checker.files.digest import sha256
from checker.files.marshalcache import MarshalCache, enabled
from checker.files.validcache import cache_dir  # noqa: F401 - loaded before the finder needs it

__all__ = ["install", "refresh"]

PACKAGE = "checker"
_HOME = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the package's folder
# origin, is a package, source size, source mtime (ns), marshalled code
Entry = tuple[str, bool, int, int, bytes]


def _stem() -> str:
    where = sha256(_HOME.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"code-{where}-o{sys.flags.optimize}"


class _Bundle:
    def __init__(self) -> None:
        self._cache: MarshalCache | None = None
        self._reading = False

    @property
    def cache(self) -> MarshalCache:
        if self._cache is None:
            self._cache = MarshalCache(_stem(), max_entries=1_000)
        return self._cache

    def entry(self, name: str) -> Entry | None:
        if self._reading:  # an import while the file is being read: the usual way
            return None
        self._reading = True
        try:
            value = self.cache.get(name)
        finally:
            self._reading = False
        return value if isinstance(value, tuple) and len(value) == 5 else None


_BUNDLE = _Bundle()


class _KeptCodeLoader(SourceFileLoader):
    """The usual loader of a source file, with the module's code already at hand."""

    def __init__(self, fullname: str, path: str, code: bytes) -> None:
        super().__init__(fullname, path)
        self._code = code
        self.fell_back = False  # the kept code could not be read: the usual way was taken

    def get_code(self, fullname: str) -> CodeType:
        import _imp
        import marshal

        try:
            code = marshal.loads(self._code)
        except Exception:  # a damaged entry: the usual way (refresh() replaces it)
            self.fell_back = True
            return super().get_code(fullname)  # type: ignore[return-value]
        _imp._fix_co_filename(code, self.path)  # type: ignore[attr-defined]  # as for a .pyc
        return code  # type: ignore[no-any-return]


class _Finder:
    """Finds ``checker.*`` modules in the bundle while their sources are unchanged."""

    def find_spec(self, name: str, path: Any = None, target: ModuleType | None = None
                  ) -> ModuleSpec | None:
        if not name.startswith(PACKAGE + "."):
            return None
        entry = _BUNDLE.entry(name)
        if entry is None:
            return None
        origin, is_package, size, mtime_ns, code = entry
        try:
            st = os.stat(origin)
        except OSError:
            return None
        if st.st_size != size or st.st_mtime_ns != mtime_ns:
            return None  # changed since: the usual way, and refresh() brings the entry up
        spec = ModuleSpec(name, _KeptCodeLoader(name, origin, code), origin=origin,
                          is_package=is_package)
        if is_package:
            spec.submodule_search_locations = [os.path.dirname(origin)]
        spec.has_location = True
        return spec


def _entry_of(module: ModuleType) -> Entry | None:
    """A module's entry, from its ``.pyc`` when that matches the source, else compiled."""
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None)
    if spec is None or not isinstance(origin, str) or not origin.endswith(".py") \
            or not os.path.abspath(origin).startswith(_HOME + os.sep):
        return None
    try:
        st = os.stat(origin)
        source = _read(origin)
    except OSError:
        return None
    if len(source) != st.st_size:
        return None  # changed while being read
    code = _cached_code(spec, st) or _compiled(source, origin)
    if code is None:
        return None
    return origin, spec.submodule_search_locations is not None, st.st_size, st.st_mtime_ns, code


def _read(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def _cached_code(spec: Any, st: os.stat_result) -> bytes | None:
    """The marshalled code of the module's ``.pyc``, if it was made from this very source."""
    cached = getattr(spec, "cached", None)
    if not isinstance(cached, str):
        return None
    try:
        data = _read(cached)
    except OSError:
        return None
    from importlib.util import MAGIC_NUMBER

    flags = int.from_bytes(data[4:8], "little") if len(data) >= 16 else -1
    if (data[:4] != MAGIC_NUMBER or flags != 0
            or int.from_bytes(data[8:12], "little") != int(st.st_mtime) & 0xFFFFFFFF
            or int.from_bytes(data[12:16], "little") != st.st_size & 0xFFFFFFFF):
        return None
    return data[16:]


def _compiled(source: bytes, origin: str) -> bytes | None:
    import marshal

    try:
        code = compile(source, origin, "exec", dont_inherit=True, optimize=sys.flags.optimize)
    except (SyntaxError, ValueError):
        return None
    return marshal.dumps(code)


def _current(name: str, module: ModuleType) -> bool:
    """Does the bundle hold an entry for this module's source as it is now?"""
    entry = _BUNDLE.entry(name)
    origin = getattr(getattr(module, "__spec__", None), "origin", None)
    if entry is None or entry[0] != origin:
        return False
    try:
        st = os.stat(origin)
    except OSError:
        return False
    return st.st_size == entry[2] and st.st_mtime_ns == entry[3]


def refresh() -> None:
    """Add the modules of ours this process imported the usual way (run at exit), and write
    the file if there were any."""
    if not enabled():
        return
    added = False
    for name, module in list(sys.modules.items()):
        if not name.startswith(PACKAGE + ".") or not isinstance(module, ModuleType):
            continue
        if getattr(getattr(module, "__spec__", None), "name", None) != name:
            continue  # an old name answered with a module of a new one (checker.oldpaths)
        loader = getattr(module, "__loader__", None)
        if isinstance(loader, _KeptCodeLoader) and not loader.fell_back:
            continue  # served from the bundle: its entry is current
        if _current(name, module):
            continue  # imported before the bundle was (checker.files …): nothing new
        entry = _entry_of(module)
        if entry is not None:
            _BUNDLE.cache.put(name, entry)
            added = True
    if added:
        _BUNDLE.cache.save()


def install() -> None:
    """Serve ``checker.*`` modules from the bundle (once, if caches are on)."""
    if not enabled() or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    import atexit

    sys.meta_path.insert(0, _Finder())
    atexit.register(refresh)
