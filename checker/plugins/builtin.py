"""The built-in plugin: first-party packs, the normaliser, default grading, output formats."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.hookspecs import HookConfig, OutputFormat, PackSource, hookimpl

if TYPE_CHECKING:
    from checker.findings import Grade, RunResult
    from checker.grading.score import Profile


def _config_get(config: object, key: str, default: Any = None) -> Any:
    """``config[key]`` of a mapping, else the attribute of an object, else ``default``."""
    if config is None:
        return default
    if isinstance(config, dict):
        return config.get(key, default)
    return getattr(config, key, default)


@hookimpl
def checker_register_packs(config: HookConfig) -> list[PackSource]:
    from checker.plugins import builtin_packs_dir

    packs: list[PackSource] = []
    packs.extend(sorted(builtin_packs_dir().glob("*.toml")))
    for extra in _config_get(config, "pack_dirs", ()) or ():
        p = Path(extra)
        packs.extend(sorted(p.glob("*.toml")) if p.is_dir() else [p])
    return packs


@hookimpl(trylast=True)
def checker_normalise(path: str, data: bytes, media_type: str | None,
                      config: HookConfig) -> dict[str, Any] | None:
    from checker.session import normalise_bytes

    return normalise_bytes(data, path=path, media_type=media_type)


@hookimpl(trylast=True)
def checker_grade(result: RunResult, profile: Profile, config: HookConfig) -> Grade | None:
    from checker.grading.score import grade

    return grade(result.findings, profile, result.not_assessable,
                 categories_run=_config_get(config, "categories_run", ()) or (),
                 rule_categories=_config_get(config, "rule_categories", None))


@hookimpl
def checker_output_formats(config: HookConfig) -> dict[str, OutputFormat]:
    from checker import render

    return render.builtin_formats()
