"""The plugin manager: built-ins, entry-point plugins and rule packs, and typed hook wrappers.

The engine calls hooks only through the small functions here. A factory builds a fresh
manager (no import-time global), so tests and library users each get their own.
"""
from __future__ import annotations

import hashlib
import importlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import pluggy

from checker import hookspecs
from checker.errors import GongkaiError, InputError, PackError
from checker.findings import RuleError
from checker.kinds import CheckKind
from checker.packs import RulePack, load_pack, parse_pack

__all__ = [
    "DEFAULT_PLUGINS", "ENTRY_POINT_GROUP", "Plugins", "get_plugin_manager", "builtin_packs_dir",
]

ENTRY_POINT_GROUP = "gongkai"
DEFAULT_PLUGINS: tuple[str, ...] = (
    "checker.checks.identity",
    "checker.checks.cells",
    "checker.checks.sections",
    "checker.checks.pattern",
    "checker.checks.docnumber",
    "checker.checks.citation",
    "checker.checks.percentage",
    "checker.checks.narrative",
    "checker.checks.crossyear",
    "checker.checks.timeliness",
    "checker.checks.originality",
    "checker.builtin",
)
_CACHE_VERSION = "1"


def builtin_packs_dir() -> Path:
    """Where the first-party packs live: ``rules/`` of a checkout, or inside the wheel."""
    here = Path(__file__).resolve().parent
    checkout = here.parent / "rules"
    if (checkout / "table-identities.toml").is_file() and (here.parent / "pyproject.toml").is_file():
        return checkout
    from importlib import resources

    return Path(str(resources.files("checker") / "rulepacks"))


class _PackPlugin:
    """The plugin ``pack:<id>``: contributes one loaded pack."""

    def __init__(self, pack: RulePack) -> None:
        self.pack = pack

    @hookspecs.hookimpl
    def checker_collect_rules(self, config: Any) -> list[RulePack]:
        return [self.pack]


@dataclass
class Plugins:
    """A plugin manager with everything registered, and what failed on the way."""

    pm: pluggy.PluginManager
    config: Any = None
    errors: list[RuleError] = field(default_factory=list)
    _kinds: dict[str, CheckKind] | None = None
    _packs: list[RulePack] | None = None

    # -- check kinds -------------------------------------------------------------------
    def kinds(self) -> dict[str, CheckKind]:
        if self._kinds is None:
            kinds: dict[str, CheckKind] = {}
            for impl in self.pm.hook.checker_register_check_kinds.get_hookimpls():
                try:
                    got = impl.function(config=self.config) or []
                except Exception as exc:  # a broken plugin is reported, not fatal
                    self._plugin_error(impl.plugin_name, exc)
                    continue
                for kind in got:
                    if not isinstance(kind, CheckKind):
                        self.errors.append(RuleError("PLUGIN", impl.plugin_name,
                                                     "returned something that is not a CheckKind"))
                    elif kind.name in kinds:
                        self.errors.append(RuleError("PLUGIN", impl.plugin_name,
                                                     f"check kind '{kind.name}' registered twice"))
                    else:
                        kinds[kind.name] = kind
            self._kinds = kinds
        return self._kinds

    # -- packs ---------------------------------------------------------------------------
    def packs(self) -> list[RulePack]:
        """All packs of the run, each registered as plugin ``pack:<id>`` (blockable)."""
        if self._packs is None:
            kinds = self.kinds()
            for impl in self.pm.hook.checker_register_packs.get_hookimpls():
                try:
                    items = impl.function(config=self.config) or []
                except Exception as exc:
                    self._plugin_error(impl.plugin_name, exc)
                    continue
                for item in items:
                    pack = item if isinstance(item, RulePack) else _load_cached(Path(item), kinds)
                    name = f"pack:{pack.id}"
                    if self.pm.is_blocked(name):
                        continue
                    if self.pm.has_plugin(name):
                        raise PackError(f"pack id '{pack.id}' is registered twice",
                                        path=pack.path, hint="pack ids must be unique")
                    self.pm.register(_PackPlugin(pack), name=name)
            packs: list[RulePack] = []
            for impl in self.pm.hook.checker_collect_rules.get_hookimpls():
                try:
                    packs.extend(impl.function(config=self.config) or [])
                except Exception as exc:
                    self._plugin_error(impl.plugin_name, exc)
            self._packs = sorted(packs, key=lambda p: p.id)
        return self._packs

    def rules(self) -> list[Any]:
        return sorted((r for p in self.packs() for r in p.rules), key=lambda r: r.code)

    # -- other hooks -------------------------------------------------------------------
    def normalise(self, path: str, data: bytes, media_type: str | None) -> dict:
        """Read a document: third-party readers first (their output is validated), then ours."""
        builtin = self.pm.get_plugin("checker.builtin")
        others = self.pm.subset_hook_caller("checker_normalise", remove_plugins=[builtin])
        if others.get_hookimpls():
            try:
                result = others(path=path, data=data, media_type=media_type, config=self.config)
            except GongkaiError:
                raise
            except Exception as exc:
                raise InputError(f"a reader plugin failed: {type(exc).__name__}: {exc}", path=path,
                                 hint="report this to the plugin's authors, or block the plugin"
                                 ) from None
            if result is not None:
                from checker.report import validate_report

                validate_report(result, path)
                return result
        if builtin is None:
            raise GongkaiError("no plugin could read this file", path=path,
                               hint="supported: .json .txt .html .docx .pdf")
        return builtin.checker_normalise(path=path, data=data, media_type=media_type,
                                         config=self.config)

    def grade(self, result: Any, profile: Any) -> Any:
        return self.pm.hook.checker_grade(result=result, profile=profile, config=self.config)

    def output_formats(self) -> dict[str, Any]:
        formats: dict[str, Any] = {}
        for impl in self.pm.hook.checker_output_formats.get_hookimpls():
            try:
                formats.update(impl.function(config=self.config) or {})
            except Exception as exc:
                self._plugin_error(impl.plugin_name, exc)
        return formats

    def _plugin_error(self, name: str, exc: BaseException) -> None:
        self.errors.append(RuleError("PLUGIN", name, f"{type(exc).__name__}: {exc}"))


def get_plugin_manager(config: Any = None, *, entry_points: bool = True,
                       extra_plugins: Iterable[Any] = (), blocked: Iterable[str] = ()) -> Plugins:
    """Build a fresh plugin manager with the built-ins, entry points and extra plugins."""
    pm = pluggy.PluginManager("gongkai")
    pm.add_hookspecs(hookspecs)
    plugins = Plugins(pm, config)
    for name in blocked:
        pm.set_blocked(name)
    for modname in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(modname), name=modname)
    if entry_points:
        _load_entry_points(plugins)
    for plugin in extra_plugins:
        pm.register(plugin)
    return plugins


def _any_entry_point_group(group: str) -> bool:
    """Cheaply tell whether any installed distribution declares the entry-point group.

    Importing importlib.metadata costs ~20 ms at start-up; scanning the ``entry_points.txt``
    files of installed distributions for ``[group]`` costs a fraction of that, so the full
    machinery is imported only when some distribution has the group.
    """
    needle = f"[{group}]"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(entry or ".", name, "entry_points.txt"), encoding="utf-8") as fh:
                    if needle in fh.read():
                        return True
            except OSError:
                continue
    return False


def _load_entry_points(plugins: Plugins) -> None:
    if not _any_entry_point_group(ENTRY_POINT_GROUP):
        return
    from importlib.metadata import entry_points

    try:
        eps = entry_points(group=ENTRY_POINT_GROUP)
    except Exception as exc:  # pragma: no cover - broken metadata
        plugins._plugin_error("entry points", exc)
        return
    for ep in sorted(eps, key=lambda e: e.name):
        if plugins.pm.is_blocked(ep.name) or plugins.pm.has_plugin(ep.name):
            continue
        try:
            plugins.pm.register(ep.load(), name=ep.name)
        except Exception as exc:
            plugins._plugin_error(ep.name, exc)


# -- validated-pack cache: see checker.validcache ---------------------------------------------

def _cache_key(data: bytes, kinds: dict[str, CheckKind]) -> str:
    h = hashlib.sha256(data)
    h.update(_CACHE_VERSION.encode())
    h.update((Path(__file__).parent / "schemas" / "rulepack.schema.json").read_bytes())
    for name in sorted(kinds):
        h.update(name.encode())
        h.update(json.dumps(kinds[name].options_schema, sort_keys=True).encode())
        h.update(",".join(sorted(kinds[name].params)).encode())
    return h.hexdigest()


def _load_cached(path: Path, kinds: dict[str, CheckKind]) -> RulePack:
    """A pack ready to run: from the pack cache (checker.packcache) when this exact file,
    version and set of kinds loaded before; else parsed (validated unless validated before)."""
    from checker import packcache
    from checker.validcache import remember, seen

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PackError(f"cannot read pack: {exc.strerror or exc}", path=str(path)) from None
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


def load_pack_file(path: str | Path, plugins: Plugins | None = None) -> RulePack:
    """Validate one pack file fully (used by ``gongkai validate-pack``)."""
    kinds = (plugins or get_plugin_manager()).kinds()
    return load_pack(path, kinds, validate=True)


if sys.version_info < (3, 10):  # pragma: no cover
    raise RuntimeError("gongkai needs Python 3.10 or newer")
