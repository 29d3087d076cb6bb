"""Rule packs: TOML → RulePack, validated in layers (TOML syntax → JSON Schema → semantics).

Packs are data. Nothing in a pack is executed: expressions go through our own grammar
(``checker.engine.expr``), regexes run under a time limit, options are validated against the
check kind's own schema. Every error names the file and the key path, and suggests the
nearest valid key where a key was misspelt.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.engine.scope import Scope, as_dict, scope_from, take_legacy
from checker.engine.wording import check_pack, format_message
from checker.errors import PackError
from checker.files import tomlguard
from checker.files.digest import sha256
from checker.files.lazyre import lazy
from checker.findings import Severity

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

    from checker.engine.kinds import CheckKind

__all__ = ["MAX_PACK_BYTES", "Rule", "RulePack", "format_message", "load_pack", "parse_pack"]

MAX_PACK_BYTES = 1_000_000
MAX_DEPTH = 12
_SCHEMA_PATH = Path(__file__).parent.parent / "schemas" / "rulepack.schema.json"
_PLACEHOLDER = lazy(r"\{([^{}]*)\}")
_VALID_PLACEHOLDER = lazy(r"^[a-z_][a-z0-9_]*$")
# Placeholders every rule may use, whatever its kind.
COMMON_PARAMS = frozenset({"code", "name", "excerpt", "confidence_note", "confidence_note_en"})


@dataclass
class Rule:
    """One rule of a pack, ready to run."""

    code: str
    name: str
    pack: str
    severity: Severity
    category: str
    check: str
    options: dict[str, Any]
    message: str
    message_en: str
    summary: str
    summary_en: str
    doc: str
    doc_en: str = ""
    formats: tuple[str, ...] | None = None
    enabled: bool = True
    deduction: float | None = None
    subcategory: str | None = None
    tags: tuple[str, ...] = ()
    source: str = ""
    since: str = ""  # the gongkai version that introduced the rule
    compiled: Any = None
    scope: Scope = field(default_factory=Scope)
    # the pack's [wording] tables (key -> {"zh": ..., "en": ...}), shared by its rules
    wording: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def message_for(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message

    def summary_for(self, lang: str) -> str:
        return (self.summary_en or self.summary) if lang == "en" else self.summary


@dataclass
class RulePack:
    """A pack: its identity and its rules, in code order."""

    id: str
    title: str
    version: str
    rules: list[Rule] = field(default_factory=list)
    title_en: str = ""
    description: str = ""
    formats: tuple[str, ...] | None = None
    path: str | None = None
    sha256: str = ""
    wording: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def _placeholders(template: str) -> set[str]:
    stripped = template.replace("{{", "").replace("}}", "")
    return {m.group(1) for m in _PLACEHOLDER.finditer(stripped)}


def _depth(obj: Any, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(obj, dict):
        return max((_depth(v, level + 1) for v in obj.values()), default=level)
    if isinstance(obj, list):
        return max((_depth(v, level + 1) for v in obj), default=level)
    return level


def _key_path(parts: Iterable[str | int]) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(top level)"


def _schema_error_message(err: Any) -> tuple[str, str | None]:
    """A readable message for a jsonschema error, with a did-you-mean hint.

    ``err`` is a ``jsonschema.ValidationError``, read as data (Any): its stubs type every
    field as possibly ``Unset``, which a validator's errors never are."""
    hint = None
    if err.validator == "additionalProperties":
        allowed = sorted((err.schema.get("properties") or {}).keys())
        extra = ([k for k in err.instance if k not in allowed]
                 if isinstance(err.instance, dict) else [])
        if extra:
            import difflib
            close = difflib.get_close_matches(extra[0], allowed, n=1, cutoff=0.5)
            hint = f"did you mean '{close[0]}'?" if close else f"valid keys: {', '.join(allowed)}"
            return f"unknown key '{extra[0]}'", hint
    if err.validator == "required":
        return err.message.replace("is a required property", "is required"), None
    if err.validator in ("maxProperties", "maxItems", "maxLength"):
        what = {"maxProperties": "entries", "maxItems": "items", "maxLength": "characters"}
        return (f"has {len(err.instance)} {what[err.validator]}; at most {err.validator_value} "
                "are allowed here"), "split it into several packs"
    if err.validator == "enum":
        opts = ", ".join(map(str, err.validator_value))
        if isinstance(err.instance, str):
            import difflib
            close = difflib.get_close_matches(err.instance,
                                              [str(o) for o in err.validator_value], 1, 0.5)
            if close:
                hint = f"did you mean '{close[0]}'?"
        return f"{_short(repr(err.instance))} is not one of: {opts}", hint
    return _short(err.message), hint


def _short(text: str, limit: int = 200) -> str:
    """A message that quotes a value is cut short: never the whole pack on stderr."""
    return text if len(text) <= limit else text[:limit] + "…"


_VALIDATOR: dict[str, Validator] = {}


def _schema_validator() -> Validator:
    if "v" not in _VALIDATOR:
        import jsonschema  # lazily: costly import

        _VALIDATOR["v"] = jsonschema.Draft202012Validator(
            json.loads(_SCHEMA_PATH.read_text(encoding="utf-8")))
    return _VALIDATOR["v"]


def validate_options(kind_schema: dict[str, Any], options: dict[str, Any], path: str,
                     where: str) -> None:
    """Validate a rule's ``with`` table against its check kind's schema."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(kind_schema)
    errors = sorted(validator.iter_errors(options), key=lambda e: list(e.absolute_path))
    if errors:
        msg, hint = _schema_error_message(errors[0])
        sub = _key_path(errors[0].absolute_path)
        raise PackError(msg, path=path,
                        where=where + ("" if sub == "(top level)" else "." + sub), hint=hint)


def parse_pack(data: bytes, path: str, kinds: Mapping[str, CheckKind] | None = None, *,
               validate: bool = True) -> RulePack:
    """Parse and validate pack bytes; raise PackError naming file and key on any problem.

    Args:
        data: the TOML bytes.
        path: the file's path, for messages.
        kinds: registered check kinds by name; when given, semantic checks run too.
        validate: run the JSON Schema and semantic layers (skipped only for packs whose
            exact bytes were validated before, see :mod:`checker.plugins`).
    """
    if len(data) > MAX_PACK_BYTES:
        raise PackError(f"pack is {len(data)} bytes; the limit is {MAX_PACK_BYTES}", path=path,
                        hint="split it into several packs")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackError(f"not UTF-8 (byte {exc.start})", path=path) from None
    # the scan before parsing is skipped only for bytes that passed it before (validate=False)
    doc = tomlguard.loads(text, path, error=PackError, checked=not validate)
    if _depth(doc) > MAX_DEPTH:
        raise PackError(f"nested deeper than {MAX_DEPTH} levels", path=path)
    if validate:
        errors = sorted(_schema_validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
        if errors:
            msg, hint = _schema_error_message(errors[0])
            raise PackError(msg, path=path, where=f"key {_key_path(errors[0].absolute_path)}",
                            hint=hint)
    elif not isinstance(doc.get("pack"), dict) or not isinstance(doc.get("rules"), dict):
        raise PackError("a pack needs [pack] and [rules.*] tables", path=path)
    meta = doc["pack"]
    pack = RulePack(id=meta["id"], title=meta["title"], version=meta["version"],
                    title_en=meta.get("title_en", ""), description=meta.get("description", ""),
                    formats=tuple(meta["formats"]) if meta.get("formats") else None, path=path,
                    sha256=sha256(data).hexdigest(),
                    wording={k: dict(v) for k, v in (doc.get("wording") or {}).items()})
    for code in sorted(doc["rules"]):
        spec = doc["rules"][code]
        where = f"key rules.{code}"
        rule = Rule(
            code=code, name=spec["name"], pack=pack.id, severity=Severity.parse(spec["severity"]),
            category=spec["category"], check=spec["check"], options=dict(spec.get("with", {})),
            message=spec["message"], message_en=spec["message_en"], summary=spec["summary"],
            summary_en=spec.get("summary_en", ""), doc=spec["doc"], doc_en=spec.get("doc_en", ""),
            formats=tuple(spec["formats"]) if spec.get("formats") else pack.formats,
            enabled=spec.get("enabled", True), deduction=spec.get("deduction"),
            subcategory=spec.get("subcategory"), tags=tuple(spec.get("tags", ())),
            source=f"{path}:{where[4:]}", scope=scope_from(spec.get("scope")),
            wording=pack.wording, since=spec.get("since", meta.get("since", "")))
        if kinds is not None:
            _bind_kind(rule, kinds, path, where, validate)
        pack.rules.append(rule)
    if validate and kinds is not None:
        check_pack(pack.rules, pack.wording, kinds, path)
    if validate:
        names = [r.name for r in pack.rules]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise PackError(f"rule name '{dupes[0]}' is used twice", path=path,
                            hint="rule names must be unique within a pack")
    return pack


# The options that picked a Python branch in 0.1 packs (``check = "citation"`` with
# ``test = "spliced_title"``); each branch is now a kind of its own (``citation.spliced_title``).
OLD_SWITCHES = ("test", "defect", "claim", "classify")


def _old_spelling(rule: Rule, kinds: Mapping[str, CheckKind]) -> None:
    """Read a 0.1 rule naming a kind ``K`` and ``with.test = V`` (or ``defect``/``claim``/
    ``classify``) as ``check = "K.V"`` without that option, when ``K.V`` is registered.
    Accepted for one release, for third-party packs; nothing else is recorded."""
    if rule.check in kinds:
        return
    for key in OLD_SWITCHES:
        value = rule.options.get(key)
        if isinstance(value, str) and f"{rule.check}.{value}" in kinds:
            rule.check = f"{rule.check}.{value}"
            rule.options = {k: v for k, v in rule.options.items() if k != key}
            return


def _bind_kind(rule: Rule, kinds: Mapping[str, CheckKind], path: str, where: str,
               validate: bool) -> None:
    _old_spelling(rule, kinds)
    kind = kinds.get(rule.check)
    if kind is None:
        import difflib
        close = difflib.get_close_matches(rule.check, sorted(kinds), n=1, cutoff=0.5)
        raise PackError(f"unknown check kind '{rule.check}'", path=path, where=f"{where}.check",
                        hint=f"did you mean '{close[0]}'?" if close
                        else f"known kinds: {', '.join(sorted(kinds))}")
    _bind_scope(rule, kind, path, where, validate)
    missing = {k: v for k, v in kind.default_wording.items() if k not in rule.wording}
    if missing:  # what the kind says by default, where the pack has no words of its own
        rule.wording = {**missing, **rule.wording}
    if validate:
        validate_options(kind.options_schema, rule.options, path, f"{where}.with")
        known = kind.params | COMMON_PARAMS
        for key, template in (("message", rule.message), ("message_en", rule.message_en)):
            for name in sorted(_placeholders(template)):
                if name not in known:
                    import difflib
                    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.5)
                    raise PackError(f"unknown placeholder {{{name}}}", path=path,
                                    where=f"{where}.{key}",
                                    hint=f"did you mean {{{close[0]}}}?" if close
                                    else f"this check provides: {', '.join(sorted(known))}")
    if kind.compile is not None:
        try:
            rule.compiled = kind.compile(rule.options)
        except (ValueError, TypeError) as exc:
            raise PackError(f"invalid options: {exc}", path=path, where=f"{where}.with") from None
        except RecursionError:
            raise PackError("invalid options: an expression is nested too deeply", path=path,
                            where=f"{where}.with") from None
        except BaseException as exc:  # the kind's own code failed: name it, never a traceback
            from checker.engine.isolation import failure

            raise PackError(f"check kind '{rule.check}' failed to compile these options: "
                            f"{failure(exc)}", path=path, where=f"{where}.with",
                            hint="report this to the authors of the plugin that provides "
                                 "the kind") from None


def _bind_scope(rule: Rule, kind: CheckKind, path: str, where: str, validate: bool) -> None:
    """Move the kind's old ``with`` spellings of scope into ``rule.scope``; check the scope
    against what the kind reads."""
    if kind.legacy_scope:
        rule.options = dict(rule.options)
        rule.scope, clashes = take_legacy(rule.options, kind.legacy_scope, rule.scope)
        if clashes:
            key, fld = clashes[0]
            raise PackError(f"where the rule looks is given twice: with.{key} and scope.{fld}",
                            path=path, where=f"{where}.with.{key}",
                            hint=f"keep scope.{fld} (with.{key} is the old spelling)")
    if not validate:
        return
    if kind.scope_schema is None:
        if rule.scope:
            raise PackError(f"check kind '{rule.check}' reads no scope", path=path,
                            where=f"{where}.scope", hint="remove the scope table")
        return
    validate_options(kind.scope_schema, as_dict(rule.scope), path, f"{where}.scope")


def load_pack(path: str | Path, kinds: Mapping[str, CheckKind] | None = None, *,
              validate: bool = True) -> RulePack:
    """Read a pack file and parse it (see :func:`parse_pack`)."""
    from checker.files.safeio import read_regular

    p = str(path)
    data = read_regular(p, limit=MAX_PACK_BYTES, what="pack", error=PackError,
                        hint="split it into several packs")
    return parse_pack(data, p, kinds, validate=validate)
