"""The narrative check kind: counts stated in the prose against tables 3 and 4 (§8.1–8.3)."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from checker.engine.scope import Scope
from checker.api import Session
from checker.checks import narrative, prose
from checker.checks.claims import claims
from checker.engine.kinds import RunContext, Skip
from checker.report import Report
from tests.casekit import build

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "reports" / "seed-2023.json"
CLEAN = ROOT / "fixtures" / "reports" / "clean-2021.json"
PARA = ("本年度新收政府信息公开申请25件，上年结转2件。新收申请中，自然人提出20件，法人或其他组织提出5件。"
        "本年度办结24件，")


@pytest.fixture(scope="module")
def session() -> Session:
    return Session({"select": ["percentages"]})


def _found(session: Session, case: dict) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in session.check(build(case)).findings
            if f.code.startswith("NAR")]


def test_seed_yields_only_received_vs_new(session: Session) -> None:
    """The seed's 共受理…66件 vs 本年新收 63 is the only narrative finding, and names 63 + 3."""
    found = [(f.code, f.message) for f in session.check(str(SEED)).findings if f.code.startswith("NAR")]
    assert [c for c, _ in found] == ["NAR001"]
    msg = found[0][1]
    assert "66" in msg and "63" in msg and "上年结转" in msg


def test_seed_claims_are_read() -> None:
    """Every count statement of the seed's 依申请公开 paragraph is extracted with its table key."""
    got = [(c.kind, c.key, c.value) for c in claims(Report(build({"base": "seed-2023"}))) or ()]
    assert ("received", "new", 66) in got
    assert ("answered", "r7", 66) in got
    for key, value in (("r1", 14), ("r2", 15), ("r3", 2), ("r4", 34), ("r6", 1)):
        assert ("outcome", key, value) in got
    assert ("review", "rev.total", 2) in got and ("review_result", "kept", 2) in got
    assert ("litigation", "lit.total", 1) in got


def test_clean_has_no_narrative_findings(session: Session) -> None:
    """The clean fixture states every count consistently with its tables."""
    assert [f.code for f in session.check(str(CLEAN)).findings] == []


@pytest.mark.parametrize("sentence", [
    "其中网上申请20件，当面申请5件。",
    "自然人申请20件，法人或其他组织申请5件。",
    "上年收到申请30件。",
    "2022年受理申请30件。",
    "主动公开政府信息1426条，召开会议18次。",
    "共收到申请约30件。",
    "收到申请30余件。",
    "其中按时答复20件，延期答复4件。",
    "通过网上平台收到申请18件。",
    "未发生行政复议被纠错的情况。",
    "不予公开的2件中，1件涉及保护第三方合法权益。",
])
def test_no_false_alarms(session: Session, sentence: str) -> None:
    """Breakdowns, last year's figures, approximations and other things are not claims."""
    assert _found(session, {"replace": [[PARA, PARA + sentence]]}) == []


@pytest.mark.parametrize("sentence,code", [
    ("全年共收到政府信息公开申请30件。", "NAR001"),
    ("本年度受理依申请公开26件。", "NAR001"),
    ("共答复政府信息公开申请23件。", "NAR002"),
    ("予以公开及部分公开17件。", "NAR003"),
    ("另有2件申请需结转下年度办理。", "NAR004"),
    ("上年度结转的申请共5件。", "NAR005"),
    ("行政复议和行政诉讼各2件。", "NAR006"),
    ("行政诉讼案件共3件。", "NAR007"),
    ("本年度没有发生政府信息公开行政复议和行政诉讼。", "NAR008"),
    ("申请均已按时答复。", "NAR009"),
])
def test_wrong_statements_are_found(session: Session, sentence: str, code: str) -> None:
    """Each kind of statement is compared with its cell."""
    codes = [c for c, _ in _found(session, {"replace": [[PARA, PARA + sentence]]})]
    assert code in codes


def test_received_including_carry_over_is_fine_when_said(session: Session) -> None:
    """A total that includes the carry-over is not reported when the sentence says so."""
    text = "本年度共受理政府信息公开申请27件（含上年结转2件），"
    assert _found(session, {"replace": [["本年度新收政府信息公开申请25件，", text]]}) == []


def test_all_upheld_checks_the_kept_column(session: Session) -> None:
    """“均结果维持” after 行政复议 X 件 means 结果维持 = 总计."""
    found = _found(session, {"cells": {"t4.rev.kept": "0", "t4.rev.fixed": "1"}})
    assert [c for c, _ in found] == ["NAR006"]


def test_missing_tables_are_not_assessable() -> None:
    """Without table 3 / table 4 the comparisons are skipped, never passed silently."""
    report = Report(build({"drop_tables": ["t3", "t4"]}))
    for claim in ("received", "outcomes", "review", "none"):
        out = list(narrative.run(claim, SimpleNamespace(options={}, scope=Scope()), report, RunContext()))
        if claim == "none":
            assert out == []  # the clean text makes no "none" statement
        else:
            assert out and all(isinstance(o, Skip) for o in out)


def test_missing_parts_are_not_assessable() -> None:
    """A report with sections but none of the searched parts is skipped."""
    report = Report(build({"drop_parts": ["overview", "applications", "review_litigation"]}))
    out = list(narrative.run("received", SimpleNamespace(options={}, scope=Scope()), report, RunContext()))
    assert len(out) == 1 and isinstance(out[0], Skip)


def test_table_text_is_not_searched() -> None:
    """Claims come from the prose only, never from the table rows."""
    report = Report(build({"base": "seed-2023"}))
    spans = prose._table_spans(report)
    for c in claims(report) or ():
        assert not any(lo <= c.start < hi for lo, hi in spans)
