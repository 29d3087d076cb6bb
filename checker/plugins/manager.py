"""The plugin manager: built-ins, entry-point plugins and rule packs, and typed hook wrappers.

The engine calls hooks only through the small functions here. A factory builds a fresh
manager (no import-time global), so tests and library users each get their own.
"""
from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

import pluggy

from checker import hookspecs
from checker.engine.isolation import call_hook
from checker.engine.kinds import CheckKind
from checker.engine.packs import RulePack, load_pack
from checker.errors import GongkaiError, InputError, PackError
from checker.findings import RuleError
from checker.hookspecs import HookConfig, OutputFormat
from checker.plugins.entrypoints import ENTRY_POINT_GROUP, load_entry_points

if TYPE_CHECKING:
    from checker.engine.packs import Rule
    from checker.findings import Grade, RunResult
    from checker.grading.score import Profile
from checker.plugins.packfiles import load_cached

__all__ = ["DEFAULT_PLUGINS", "ENTRY_POINT_GROUP", "Plugins", "builtin_packs_dir",
           "get_plugin_manager"]

MAX_RULES = 5_000  # rules in one run, all packs together
READER_TIMEOUT = 60.0  # seconds a reader plugin may take for one document
DEFAULT_PLUGINS: tuple[str, ...] = (
    "checker.checks.identity",
    "checker.checks.cells",
    "checker.checks.sections",
    "checker.checks.headings",
    "checker.checks.topics",
    "checker.checks.reportmeta",
    "checker.checks.pattern",
    "checker.checks.docnumber",
    "checker.checks.citation",
    "checker.checks.fee",
    "checker.checks.percentage",
    "checker.checks.narrative",
    "checker.checks.crossyear",
    "checker.checks.timeliness",
    "checker.checks.originality",
    "checker.checks.phrases",
    "checker.plugins.builtin",
)
# built-in plugin names of gongkai 0.1, still accepted in ``blocked_plugins`` until 0.3
OLD_PLUGIN_NAMES = {"checker.builtin": "checker.plugins.builtin"}
_TRUSTED = frozenset(DEFAULT_PLUGINS)  # first-party plugins: their hooks are not wrapped


def _is_wrapper(impl: pluggy.HookImpl) -> bool:
    return bool(getattr(impl, "hookwrapper", False) or getattr(impl, "wrapper", False))


def _unique_codes(packs: list[RulePack]) -> None:
    """Refuse two packs that define the same rule code (naming both packs)."""
    owner: dict[str, RulePack] = {}
    for pack in sorted(packs, key=lambda p: p.id):
        for rule in pack.rules:
            first = owner.setdefault(rule.code, pack)
            if first is not pack:
                raise PackError(
                    f"rule code {rule.code} is defined by pack '{first.id}' "
                    f"({first.path or 'plugin'}) and by pack '{pack.id}' ({pack.path or 'plugin'})",
                    path=pack.path, where=f"key rules.{rule.code}",
                    hint="rule codes must be unique across all packs: rename one of them")


def builtin_packs_dir() -> Path:
    """Where the first-party packs live: ``rules/`` of a checkout, or inside the wheel."""
    here = Path(__file__).resolve().parent.parent
    checkout = here.parent / "rules"
    if ((checkout / "table-identities.toml").is_file()
            and (here.parent / "pyproject.toml").is_file()):
        return checkout
    installed = here / "rulepacks"  # a wheel installed as files (importing resources: ~5 ms)
    if (installed / "table-identities.toml").is_file():
        return installed
    from importlib import resources

    return Path(str(resources.files("checker") / "rulepacks"))


def _pack_plugin(pack: RulePack, name: str) -> ModuleType:
    """The plugin ``pack:<id>``: contributes one loaded pack.

    A module holding the one hook function, as for the built-ins (:func:`_hook_functions`):
    pluggy inspects every attribute of what it registers, and an instance has dozens.
    """

    @hookspecs.hookimpl
    def checker_collect_rules(config: HookConfig) -> list[RulePack]:
        return [pack]

    plugin = ModuleType(name, f"rule pack {pack.id}")
    plugin.checker_collect_rules = checker_collect_rules  # type: ignore[attr-defined]
    plugin.pack = pack  # type: ignore[attr-defined]
    return plugin


@dataclass
class Plugins:
    """A plugin manager with everything registered, and what failed on the way."""

    pm: pluggy.PluginManager
    config: HookConfig = None
    errors: list[RuleError] = field(default_factory=list)
    _kind_failures: list[str] = field(default_factory=list)
    _kinds: dict[str, CheckKind] | None = None
    _packs: list[RulePack] | None = None

    # -- check kinds -------------------------------------------------------------------
    def _call(self, impl: pluggy.HookImpl, hook: str, **kwargs: Any) -> tuple[object, bool]:
        """One plugin's hook implementation, isolated: (value, True), or (None, False) with
        the failure recorded as that plugin's error (built-in code is not wrapped)."""
        if impl.plugin_name in _TRUSTED:
            return impl.function(**kwargs), True
        if _is_wrapper(impl):
            return None, False
        value, error = call_hook(impl.plugin_name, hook, impl.function, kwargs)
        if error is not None:
            self._once(impl.plugin_name, f"{hook}: {error}")
            return None, False
        return value, True

    def _listed(self, impl: pluggy.HookImpl, hook: str, value: object) -> list[object] | None:
        """A hook's list result, or None (recorded) when it is not a list or tuple."""
        if value is None:
            return []
        if isinstance(value, (list, tuple)):
            return list(value)
        self.errors.append(RuleError("PLUGIN", impl.plugin_name,
                                     f"{hook} returned {type(value).__name__}, not a list"))
        return None

    def kinds(self) -> dict[str, CheckKind]:
        if self._kinds is None:
            kinds: dict[str, CheckKind] = {}
            for impl in self.pm.hook.checker_register_check_kinds.get_hookimpls():
                value, ok = self._call(impl, "checker_register_check_kinds", config=self.config)
                got = self._listed(impl, "checker_register_check_kinds", value) if ok else None
                if got is None:
                    self._kind_failures.append(impl.plugin_name)
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
            total = 0
            for impl in self.pm.hook.checker_register_packs.get_hookimpls():
                value, ok = self._call(impl, "checker_register_packs", config=self.config)
                items = self._listed(impl, "checker_register_packs", value) if ok else None
                for item in items or ():
                    pack = self._one_pack(impl, item, kinds)
                    if pack is None:
                        continue
                    total += len(pack.rules)
                    if total > MAX_RULES:
                        raise PackError(f"more than {MAX_RULES} rules in one run",
                                        path=pack.path or f"pack:{pack.id}",
                                        hint="load fewer packs (pack_dirs, plugins)")
                    name = f"pack:{pack.id}"
                    if self.pm.is_blocked(name):
                        continue
                    if self.pm.has_plugin(name):
                        raise PackError(f"pack id '{pack.id}' is registered twice",
                                        path=pack.path, hint="pack ids must be unique")
                    self.pm.register(_pack_plugin(pack, name), name=name)
            packs: list[RulePack] = []
            for impl in self.pm.hook.checker_collect_rules.get_hookimpls():
                value, ok = self._call(impl, "checker_collect_rules", config=self.config)
                listed = self._listed(impl, "checker_collect_rules", value) if ok else None
                for contributed in listed or ():
                    if isinstance(contributed, RulePack):
                        packs.append(contributed)
                    else:
                        self.errors.append(RuleError(
                            "PLUGIN", impl.plugin_name, "checker_collect_rules returned "
                            f"{type(contributed).__name__}, not a RulePack"))
            if sum(len(p.rules) for p in packs) > MAX_RULES:
                raise PackError(f"more than {MAX_RULES} rules in one run",
                                hint="load fewer packs (pack_dirs, plugins)")
            _unique_codes(packs)
            self._packs = sorted(packs, key=lambda p: p.id)
        return self._packs

    def _one_pack(self, impl: pluggy.HookImpl, item: object,
                  kinds: dict[str, CheckKind]) -> RulePack | None:
        """A registered pack (object or path), or None when it is recorded as an error:
        a path that does not exist, a pack of a plugin whose kinds failed to register,
        or anything from a third-party plugin that is not a valid pack."""
        if isinstance(item, RulePack):
            return item
        if not isinstance(item, (str, os.PathLike)):
            self.errors.append(RuleError("PLUGIN", impl.plugin_name,
                                         f"registered {type(item).__name__} as a pack"))
            return None
        path = Path(item)
        if not os.path.lexists(path):
            self.errors.append(RuleError("PACK", str(path), "pack path does not exist; "
                                         "its rules were not run"))
            return None
        try:
            return load_cached(path, kinds)
        except PackError as exc:
            kind_missing = exc.message.startswith("unknown check kind") and self._kind_failures
            if impl.plugin_name in _TRUSTED and not kind_missing:
                raise  # the user's own pack: refuse the run, naming the problem
            self.errors.append(RuleError("PACK", str(path), str(exc).split("\n")[0]))
            return None

    def rules(self) -> list[Rule]:
        return sorted((r for p in self.packs() for r in p.rules), key=lambda r: r.code)

    # -- other hooks -------------------------------------------------------------------
    def normalise(self, path: str, data: bytes, media_type: str | None) -> dict[str, Any]:
        """Read a document: third-party readers first (their output is validated), then ours."""
        builtin = self.pm.get_plugin("checker.plugins.builtin")
        others = self.pm.subset_hook_caller("checker_normalise", remove_plugins=[builtin])
        for impl in reversed(others.get_hookimpls()):
            if _is_wrapper(impl):
                continue
            kwargs = {"path": path, "data": data, "media_type": media_type, "config": self.config}
            result, error = call_hook(impl.plugin_name, "checker_normalise", impl.function, kwargs,
                                      timeout=READER_TIMEOUT)
            if error is not None:
                raise InputError(f"reader plugin '{impl.plugin_name}' failed: {error}", path=path,
                                 hint="report this to the plugin's authors, or block the plugin")
            if result is not None:
                from checker.files import textsafe
                from checker.report import validate_report

                if isinstance(result, dict):
                    textsafe.note(path, textsafe.make_representable(result))
                validate_report(result, path)
                return cast("dict[str, Any]", result)  # validate_report raised if it is not
        if builtin is None:
            raise GongkaiError("no plugin could read this file", path=path,
                               hint="supported: .json .txt .html .docx .pdf")
        report: dict[str, Any] = builtin.checker_normalise(path=path, data=data,
                                                           media_type=media_type,
                                                           config=self.config)
        return report

    def grade(self, result: RunResult, profile: Profile) -> Grade | None:
        """The first grade a grading hook returns (third-party hooks first, isolated: one that
        raises, exits, overruns or returns something that is not a Grade is recorded once as
        that plugin's error and the next hook grades), else the built-in grade."""
        from checker.findings import Grade

        for impl in reversed(self.pm.hook.checker_grade.get_hookimpls()):
            kwargs = {"result": result, "profile": profile, "config": self.config}
            value, ok = self._call(impl, "checker_grade", **kwargs)
            if not ok or value is None:
                continue
            if isinstance(value, Grade):
                return value
            self._once(impl.plugin_name, f"checker_grade returned {type(value).__name__}, "
                                         "not a Grade")
        return None

    def _once(self, plugin: str, message: str) -> None:
        err = RuleError("PLUGIN", plugin, message)
        if err not in self.errors:
            self.errors.append(err)

    def output_formats(self) -> dict[str, OutputFormat]:
        formats: dict[str, OutputFormat] = {}
        for impl in self.pm.hook.checker_output_formats.get_hookimpls():
            value, ok = self._call(impl, "checker_output_formats", config=self.config)
            if not ok or value is None:
                continue
            if not isinstance(value, dict) or not all(
                    isinstance(k, str) and callable(v) for k, v in value.items()):
                self.errors.append(RuleError("PLUGIN", impl.plugin_name,
                                             "checker_output_formats must return a dict of "
                                             "name → callable"))
                continue
            formats.update(value)
        return formats

    def _plugin_error(self, name: str, exc: BaseException) -> None:
        self.errors.append(RuleError("PLUGIN", name, f"{type(exc).__name__}: {exc}"))


def _hook_functions(module: ModuleType) -> ModuleType:
    """A built-in module's hook implementations alone, to register as its plugin.

    pluggy inspects every attribute of what it registers; a check module holds a hundred
    names besides its one or two hooks, and inspecting them all cost a noticeable part of
    each start. Hook implementations carry their options on the function, so registering
    a module of just those functions is registering the module.
    """
    hooks = ModuleType(module.__name__, module.__doc__)
    for name, value in vars(module).items():
        if name.startswith("checker_") and callable(value):
            setattr(hooks, name, value)
    return hooks


def get_plugin_manager(config: HookConfig = None, *, entry_points: bool = True,
                       extra_plugins: Iterable[object] = (),
                       blocked: Iterable[str] = ()) -> Plugins:
    """Build a fresh plugin manager with the built-ins, entry points and extra plugins."""
    pm = pluggy.PluginManager("gongkai")
    pm.add_hookspecs(hookspecs)
    plugins = Plugins(pm, config)
    for name in blocked:
        pm.set_blocked(OLD_PLUGIN_NAMES.get(name, name))
    for modname in DEFAULT_PLUGINS:
        pm.register(_hook_functions(importlib.import_module(modname)), name=modname)
    if entry_points:
        load_entry_points(plugins)
    for plugin in extra_plugins:
        # a readable name for its errors: the module's, else the class's (made unique)
        name = getattr(plugin, "__name__", None) or type(plugin).__name__
        while pm.has_plugin(name) or pm.is_blocked(name):
            name += "'"
        pm.register(plugin, name=name)
    return plugins


def load_pack_file(path: str | Path, plugins: Plugins | None = None) -> RulePack:
    """Validate one pack file fully (used by ``gongkai validate-pack``)."""
    kinds = (plugins or get_plugin_manager()).kinds()
    return load_pack(path, kinds, validate=True)
