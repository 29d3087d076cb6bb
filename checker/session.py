"""The session: plugins, rules and profile loaded once; reading any supported input into a
validated report dict; checking and grading report dicts. The one-call functions on top of it
are in :mod:`checker.api`; the whole file-checking pipeline in :mod:`checker.workflows.pipeline`."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.engine.kinds import RunContext
from checker.engine.run import DEFAULT_RULE_TIMEOUT, Selection, run_rules, select_rules
from checker.errors import InputError
from checker.files.safeio import MAX_INPUT_BYTES
from checker.findings import RunResult
from checker.readers.mediatype import guess_media_type
from checker.report import Report, load_json_report, validate_report

if TYPE_CHECKING:
    from checker.engine.packs import Rule
    from checker.findings import Grade, RuleError

__all__ = ["MAX_INPUT_BYTES", "Session", "normalise_bytes", "read_input", "read_report"]



def _looks_like_json(data: bytes) -> bool:
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{")


def normalise_bytes(data: bytes, *, path: str | None = None,
                    media_type: str | None = None) -> dict[str, Any]:
    """Bytes of any supported document → report dict (JSON reports are validated, not re-made)."""
    suffix = Path(path).suffix.lower() if path else ""
    if (suffix == ".json" or media_type == "application/json"
            or (not suffix and _looks_like_json(data))):
        return load_json_report(path or "<json>", data)
    from checker.files import textsafe
    from checker.readers import normalise_bytes as _normalise

    report = _normalise(data, path=path, media_type=media_type)
    textsafe.note(path, textsafe.make_representable(report))
    return report


def _check_size(path: str, data: bytes) -> None:
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"file is {len(data) // (1024 * 1024)} MB; the limit is "
                         f"{MAX_INPUT_BYTES // (1024 * 1024)} MB", path=path,
                         hint="split the document or extract its text first")
    if not data.strip():
        raise InputError("file is empty", path=path, hint="export the report's text or HTML again")


def read_input(path: str | Path) -> bytes:
    """The bytes of one input file; InputError (with the path) when it cannot be a report."""
    return _read(path)


def _read(path: str | Path) -> bytes:
    from checker.files.safeio import read_regular

    p = Path(path)
    if p.is_dir():
        raise InputError("is a directory, not a report file", path=str(p),
                         hint="give report files, or use `gongkai score DIR`")
    data = read_regular(p, limit=MAX_INPUT_BYTES, what="file",
                        hint="split the document or extract its text first")
    if not data.strip():
        raise InputError("file is empty", path=str(p),
                         hint="export the report's text or HTML again")
    return data


@dataclass
class Session:
    """Plugins, rules and profile loaded once, for checking many reports.

    Args:
        config: configuration mapping (``select``, ``ignore``, ``pack_dirs``, ``profile``,
            ``lang``, ``blocked_plugins`` …).
        entry_points: load third-party plugins from the ``gongkai`` entry-point group.
        extra_plugins: plugin objects to register too (tests, embedding applications).
    """

    config: dict[str, Any] = field(default_factory=dict)
    entry_points: bool = True
    extra_plugins: Sequence[object] = ()

    def __post_init__(self) -> None:
        from checker.grading.score import default_profile, load_profile
        from checker.plugins import get_plugin_manager

        self.plugins = get_plugin_manager(self.config, entry_points=self.entry_points,
                                          extra_plugins=self.extra_plugins,
                                          blocked=self.config.get("blocked_plugins", ()))
        self.kinds = self.plugins.kinds()
        self.all_rules = self.plugins.rules()
        selection = Selection(tuple(self.config.get("select", ()) or ()),
                              tuple(self.config.get("ignore", ()) or ()))
        from checker.engine.selection import check_patterns

        check_patterns(self.all_rules, selection.select, selection.ignore)
        self.rules = select_rules(self._with_overrides(self.all_rules), selection)
        prof = self.config.get("profile")
        profile = load_profile(prof) if prof else default_profile()
        self.profile = profile.with_pack_deductions(
            {r.code: r.deduction for r in self.all_rules if r.deduction is not None})
        self.lang = self.config.get("lang", "zh")
        self.timeout = float(self.config.get("rule_timeout", DEFAULT_RULE_TIMEOUT))
        # what the grade hook sees: the configuration and the categories that were checked
        self._grade_config = {**self.config,
                              "categories_run": sorted({r.category for r in self.rules}),
                              "rule_categories": {r.code: r.category for r in self.rules}}

    def _with_overrides(self, rules: Iterable[Rule]) -> list[Rule]:
        """Apply per-rule severity and option overrides from the configuration."""
        from checker.findings import Severity

        sev = self.config.get("severity", {}) or {}
        opts = self.config.get("options", {}) or {}
        out: list[Rule] = []
        for r in rules:
            changed = r
            key = r.code if r.code in sev else (r.name if r.name in sev else None)
            if key:
                changed = replace(changed, severity=Severity.parse(sev[key]))
            okey = r.code if r.code in opts else (r.name if r.name in opts else None)
            if okey:
                merged = {**changed.options, **opts[okey]}
                compiled = self._compile(r, merged, changed.compiled)
                changed = replace(changed, options=merged, compiled=compiled)
            out.append(changed)
        return out

    def _compile(self, rule: Rule, options: dict[str, Any], default: Any) -> Any:
        """The rule's options compiled by its kind; a failure is a ConfigError naming the rule."""
        from checker.engine.isolation import failure
        from checker.errors import ConfigError

        kind = self.kinds.get(rule.check)
        if not (kind and kind.compile):
            return default
        try:
            return kind.compile(options)
        except BaseException as exc:  # the kind's code; Ctrl-C passes (failure)
            raise ConfigError(f"options for {rule.code} are not valid: {failure(exc)}",
                              where=f"options.{rule.code}") from None

    @property
    def plugin_errors(self) -> list[RuleError]:
        return list(self.plugins.errors)

    def read(self, path: str | Path) -> dict[str, Any]:
        """Read any supported input file into a validated report dict."""
        return self.read_bytes(str(path), _read(path))

    def read_bytes(self, path: str, data: bytes) -> dict[str, Any]:
        """Read a file's bytes (``path`` names it and gives its type) into a report dict.

        For bytes that did not come from :func:`read_input` here (stdin, a batch on a cluster).
        """
        if len(data) > MAX_INPUT_BYTES or not data.strip():
            _check_size(path, data)
        media_type = guess_media_type(path)
        report = self.plugins.normalise(path, data, media_type)
        if not isinstance(report, dict):
            raise InputError("a plugin returned something that is not a report", path=str(path))
        from checker.files import textsafe
        textsafe.warn_replaced(str(path), textsafe.take(str(path)), self.lang)
        return report

    def check_report(self, data: dict[str, Any], path: str | None = None,
                     previous: dict[str, Any] | Report | None = None,
                     batch: Mapping[str, Any] | None = None) -> RunResult:
        """Check a report dict; ``batch`` carries what a batch knows about it (peers …)."""
        report = Report(data, path)
        ctx = RunContext(config=self.config, lang=self.lang,
                         previous=Report(previous) if isinstance(previous, dict) else previous,
                         batch=batch)
        findings, skipped, errors = run_rules(report, self.rules, self.kinds, ctx,
                                              timeout=self.timeout)
        result = RunResult(path=report.path, meta=dict(report.meta), findings=tuple(findings),
                           not_assessable=tuple(skipped),
                           rule_errors=tuple(self.plugin_errors + errors), grade=None,
                           rules_run=len(self.rules), suppressed=())
        grade = self.regrade(result)
        # after grading: a grading plugin that failed is one of this report's errors too
        return replace(result, grade=grade, rule_errors=tuple(self.plugin_errors + errors))

    def regrade(self, result: RunResult) -> Grade | None:
        """Grade ``result`` as a check does: the grade hook sees which rules and categories ran
        (so coverage and unassessed points survive every re-scoring)."""
        self.plugins.config = self._grade_config
        try:
            return self.plugins.grade(result, self.profile)
        finally:
            self.plugins.config = self.config

    def check(self, path_or_report: str | Path | dict[str, Any],
              previous: dict[str, Any] | Report | None = None,
              batch: Mapping[str, Any] | None = None) -> RunResult:
        """Check a file or report dict; ``previous`` is last year's report, ``batch`` what a
        batch knows about this report (``{"peers": …}``, see
        checker.workflows.batch.originality)."""
        if isinstance(path_or_report, dict):
            validate_report(path_or_report)
            return self.check_report(path_or_report, previous=previous, batch=batch)
        path = str(path_or_report)
        return self.check_report(self.read(path), path, previous=previous, batch=batch)


def read_report(path: str | Path) -> dict[str, Any]:
    """Read any supported input (JSON, text, HTML, DOCX, PDF) into a report dict (no plugins)."""
    from checker.files import textsafe
    data = _read(path)
    report = normalise_bytes(data, path=str(path), media_type=guess_media_type(path))
    textsafe.warn_replaced(str(path), textsafe.take(str(path)))
    return report
