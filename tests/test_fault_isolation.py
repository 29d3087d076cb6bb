"""Fault isolation: a plugin or rule that raises, hangs or returns garbage is reported and
leaves every other rule's results exactly as in a normal run (compared by fingerprint)."""
from __future__ import annotations

import itertools
import json
import signal
import time
from pathlib import Path

import pytest

from checker.api import Session
from checker.engine.run import MAX_HITS_PER_RULE
from checker.errors import GongkaiError
from checker.hookspecs import hookimpl
from checker.engine.kinds import CheckKind, Hit, Skip

ROOT = Path(__file__).resolve().parent.parent
SEED_JSON = ROOT / "fixtures" / "reports" / "seed-2023.json"
SEED_TXT = ROOT / "fixtures" / "raw" / "seed-2023.txt"
WATCHDOG = pytest.mark.timeout(120, method="thread")
PULLED: dict[str, int] = {}


def _raises(rule, report, ctx):
    raise ZeroDivisionError("plugin bug")


def _raises_midway(rule, report, ctx):
    yield Hit(params={}, pointer="/text", key="first")
    raise KeyError("half-way")


def _hangs(rule, report, ctx):
    while True:
        time.sleep(0.01)
    yield  # pragma: no cover


def _spins(rule, report, ctx):
    n = 0
    while True:  # pure-Python busy loop: only the per-rule alarm can stop it
        n += 1
    yield  # pragma: no cover


def _garbage(rule, report, ctx):
    yield from (1, None, {"code": "X"}, "hit", Hit, object())


def _bad_hits(rule, report, ctx):
    yield Hit(params={"x": object()}, pointer="/text", loc={"offset": "not a number"}, key="a")
    yield Hit(params={}, pointer="/text", loc={"offset": 10**12, "length": 5}, key="b")
    yield Hit(params={}, pointer=None, loc={"line": -3}, key="c")  # type: ignore[arg-type]


def _returns_none(rule, report, ctx):
    return None


def _floods(rule, report, ctx):
    for i in range(100_000):
        PULLED["flood"] = i + 1
        yield Skip(f"skip {i}")


KINDS = {"boom": _raises, "midway": _raises_midway, "hangs": _hangs, "spins": _spins,
         "garbage": _garbage, "badhits": _bad_hits, "none": _returns_none, "flood": _floods}
CODES = {kind: f"FLT{i:03d}" for i, kind in enumerate(KINDS, 1)}


def _pack_text() -> str:
    out = ['[pack]\nid = "faulty"\ntitle = "faulty"\nversion = "1"\n']
    for kind, code in CODES.items():
        out.append(f'[rules.{code}]\nname = "faulty.{kind}"\nsummary = "s"\nseverity = "error"\n'
                   f'category = "data"\ncheck = "{kind}"\nmessage = "m"\nmessage_en = "m"\n'
                   f'doc = "d"\n')
    return "\n".join(out)


class FaultyKinds:
    """Registers the faulty check kinds and the pack that uses them."""

    def __init__(self, pack_path: Path) -> None:
        self.pack_path = pack_path

    @hookimpl
    def checker_register_check_kinds(self, config):
        return [CheckKind(name=k, summary=k, options_schema={"type": "object"}, run=f)
                for k, f in KINDS.items()]

    @hookimpl
    def checker_register_packs(self, config):
        return [self.pack_path]


class BrokenHooks:
    """A plugin whose every hook raises or returns garbage."""

    @hookimpl
    def checker_register_check_kinds(self, config):
        return ["not a kind", 42]

    @hookimpl
    def checker_collect_rules(self, config):
        raise RuntimeError("collect failed")

    @hookimpl
    def checker_output_formats(self, config):
        raise RuntimeError("formats failed")


@pytest.fixture(scope="module")
def faulty_pack(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("faulty") / "faulty.toml"
    path.write_text(_pack_text(), encoding="utf-8")
    return path


def _summary(result):
    return (sorted(f.fingerprint for f in result.findings),
            sorted((n.code, n.reason) for n in result.not_assessable))


@WATCHDOG
@pytest.mark.parametrize("source", [SEED_JSON, SEED_TXT])
def test_faulty_rules_are_reported_and_isolated(faulty_pack, source):
    """Each faulty rule is one rule error; the first-party rules' results are unchanged."""
    normal = Session({}, entry_points=False).check(str(source))
    session = Session({"rule_timeout": 0.5}, entry_points=False,
                      extra_plugins=[FaultyKinds(faulty_pack)])
    t0 = time.monotonic()
    result = session.check(str(source))
    assert time.monotonic() - t0 < 30, "the hanging rules must be stopped by the per-rule limit"
    errors = {e.code: e.error for e in result.rule_errors}
    for kind in ("boom", "midway", "hangs", "spins", "flood"):
        assert CODES[kind] in errors, (kind, errors)
    assert "ZeroDivisionError" in errors[CODES["boom"]]
    assert "longer than 0.5 s" in errors[CODES["hangs"]]
    assert "longer than 0.5 s" in errors[CODES["spins"]]
    assert "not Hit or Skip" in errors[CODES["garbage"]]
    assert CODES["none"] in errors  # None is not an iterable of outcomes
    ours = [f for f in result.findings if f.pack != "faulty"]
    assert sorted(f.fingerprint for f in ours) == _summary(normal)[0]
    assert sorted((n.code, n.reason) for n in result.not_assessable if n.pack != "faulty") \
        == _summary(normal)[1]


@WATCHDOG
def test_garbage_hits_never_crash_the_run(faulty_pack):
    """Hits with impossible locations or parameters become findings or rule errors, never a crash."""
    session = Session({"rule_timeout": 0.5, "select": [CODES["badhits"]]}, entry_points=False,
                      extra_plugins=[FaultyKinds(faulty_pack)])
    result = session.check(str(SEED_JSON))
    from checker.render.json_out import render

    json.loads(render([result]))  # and every output format can still render it
    assert len(result.findings) + len(result.rule_errors) >= 1


def test_flooding_rule_is_not_consumed_past_the_limit(faulty_pack):
    """A rule yielding endlessly is cut off after MAX_HITS_PER_RULE + 1 results (memory stays flat)."""
    PULLED.clear()
    session = Session({"select": [CODES["flood"]]}, entry_points=False,
                      extra_plugins=[FaultyKinds(faulty_pack)])
    result = session.check(str(SEED_JSON))
    assert [e.code for e in result.rule_errors] == [CODES["flood"]]
    assert PULLED["flood"] <= MAX_HITS_PER_RULE + 1, (
        f"the engine pulled {PULLED['flood']} results from a rule before refusing it")


def test_broken_plugin_hooks_are_reported_not_fatal():
    """A plugin whose hooks raise or return garbage is listed as an error; the rules still run."""
    normal = Session({}, entry_points=False).check(str(SEED_JSON))
    session = Session({}, entry_points=False, extra_plugins=[BrokenHooks()])
    result = session.check(str(SEED_JSON))
    assert {e.code for e in result.rule_errors} == {"PLUGIN"}
    assert len(result.rule_errors) >= 2
    assert session.plugins.output_formats()  # built-in formats survive a broken plugin
    assert sorted(f.fingerprint for f in result.findings) == _summary(normal)[0]


class RaisingNormaliser:
    @hookimpl(tryfirst=True)
    def checker_normalise(self, path, data, media_type, config):
        raise RuntimeError("reader plugin bug")


class GarbageNormaliser:
    @hookimpl(tryfirst=True)
    def checker_normalise(self, path, data, media_type, config):
        return {"schema": "gongkai.report/1", "text": 42}


def test_reader_plugin_that_raises_is_an_input_error():
    """A third-party reader that raises ends that file with a GongkaiError naming it, not a traceback."""
    session = Session({}, entry_points=False, extra_plugins=[RaisingNormaliser()])
    with pytest.raises(GongkaiError) as info:
        session.check(str(SEED_TXT))
    assert str(SEED_TXT) in str(info.value)


def test_reader_plugin_returning_garbage_is_refused():
    """A reader that returns a malformed report is refused by validation (file named)."""
    session = Session({}, entry_points=False, extra_plugins=[GarbageNormaliser()])
    with pytest.raises(GongkaiError) as info:
        session.check(str(SEED_TXT))
    assert str(SEED_TXT) in str(info.value)


def test_rule_time_limit_keeps_an_outer_alarm():
    """The per-rule SIGALRM limit must not cancel a caller's own pending alarm (or pytest-timeout's)."""
    fired: list[int] = []
    old = signal.signal(signal.SIGALRM, lambda s, f: fired.append(s))
    signal.setitimer(signal.ITIMER_REAL, 30.0)
    try:
        Session({"rule_timeout": 2.0}, entry_points=False).check(str(SEED_JSON))
        remaining = signal.getitimer(signal.ITIMER_REAL)[0]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert 0 < remaining <= 30.0, "the caller's alarm was disarmed by the rule time limit"
    assert signal.getsignal(signal.SIGALRM) is old


def test_selection_of_other_rules_is_unaffected_by_a_faulty_pack(faulty_pack):
    """Ignoring the faulty pack gives exactly the normal run (blocking is by pack id)."""
    normal = Session({}, entry_points=False).check(str(SEED_JSON))
    session = Session({"ignore": ["faulty"]}, entry_points=False,
                      extra_plugins=[FaultyKinds(faulty_pack)])
    result = session.check(str(SEED_JSON))
    assert not result.rule_errors
    assert _summary(result) == _summary(normal)
    assert list(itertools.chain(result.findings)) == list(normal.findings)
