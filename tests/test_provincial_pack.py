"""The example provincial pack (examples/provincial-pack): rules in TOML alone find exactly
what they should, skip in the pack's own words, and validate clean."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checker.api import Session
from checker.engine.packs import load_pack
from tests.casekit import build

ROOT = Path(__file__).resolve().parent.parent
PACK_DIR = ROOT / "examples" / "provincial-pack"


@pytest.fixture(scope="module", params=["zh", "en"])
def sess(request: pytest.FixtureRequest) -> Session:
    return Session({"pack_dirs": [str(PACK_DIR)], "select": ["sd-provincial"],
                    "lang": request.param}, entry_points=False)


def found(sess: Session, case: dict[str, Any]) -> list[tuple[str, str]]:
    result = sess.check(build(case))
    assert not result.rule_errors, result.rule_errors
    return [(f.code, f.message) for f in result.findings]


def test_pack_validates_with_the_generic_kinds() -> None:
    """The pack loads fully validated; its rules use generic kinds and rule-level scope."""
    kinds = Session({}, entry_points=False).kinds
    pack = load_pack(PACK_DIR / "sd-provincial.toml", kinds, validate=True)
    assert [r.check for r in pack.rules] == ["phrase.required", "phrase.forbidden", "identity",
                                             "subitem.required"]
    assert pack.rules[0].scope.parts == ("other",)
    assert pack.rules[3].scope.parts == ("problems",)


def test_clean_report_passes(sess: Session) -> None:
    """A report that meets every provincial requirement has no findings."""
    assert found(sess, {"base": "clean-2021"}) == []


def test_required_phrase_missing_in_its_part(sess: Session) -> None:
    """SD001 fires when part 六 lacks the phrase, even if another part has it."""
    out = found(sess, {"replace": [["对照上级2023年政务公开工作要点", "对照上级2023年工作安排"],
                                   ["（二）落实上级年度政务公开工作要点情况",
                                    "（二）落实上级年度工作安排情况"]]})
    want = {"zh": "“六、其他需要报告的事项”未写明落实“政务公开工作要点”的情况，请按省里要求补充。",
            "en": "Part 6 (other matters) does not report on the \"政务公开工作要点\" (work "
                  "priorities); add it as the province requires."}[sess.lang]
    assert out == [("SD001", want)]


def test_forbidden_phrase_found_where_it_is(sess: Session) -> None:
    """SD002 fires once per occurrence of a forbidden phrase, naming its part."""
    out = found(sess, {"replace": [["国务院令第711号", "国务院令第492号"]]})
    assert [c for c, _ in out] == ["SD002"]
    assert ("导语" if sess.lang == "zh" else "The preamble") in out[0][1]


def test_number_relation_between_cells(sess: Session) -> None:
    """SD003 (identity with a comparison) fires when carried forward exceeds the intake."""
    out = found(sess, {"cells": {"t3.cout.tot": "999"}})
    assert "SD003" in [c for c, _ in out]


def test_required_subitem_missing(sess: Session) -> None:
    """SD004 names the missing sub-item of part 五; half-width brackets count as written."""
    out = found(sess, {"replace": [["（三）改进措施", "改进措施"]]})
    assert [c for c, _ in out] == ["SD004"]
    assert "（三）" in out[0][1]
    assert found(sess, {"replace": [["（三）改进措施", "(三) 改进措施"]]}) == []


def test_missing_part_is_not_assessable_in_the_pack_words(sess: Session) -> None:
    """Without part 五, SD004 is skipped with the pack's own part_missing wording."""
    result = sess.check(build({"drop_parts": ["problems"]}))
    reasons = {s.code: s.reason for s in result.not_assessable}
    want = {"zh": "报告中未找到“五、存在的主要问题及改进情况”部分，无法核对",
            "en": "Part 5 (problems and improvements) was not found in the report; "
                  "not checkable"}[sess.lang]
    assert reasons.get("SD004") == want
    assert "SD004" not in [f.code for f in result.findings]
