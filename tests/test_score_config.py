"""gongkai score resolves configuration per report like gongkai check; --json; agency matching."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema

from checker.checks.agency import AgencyMatcher, normalise_agency
from checker.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "reports" / "seed-2023.json"
CLEAN = ROOT / "fixtures" / "reports" / "clean-2021.json"


def _rows(path: Path) -> dict[str, dict[str, str]]:
    return {Path(r["文件"]).name: r for r in
            csv.DictReader(path.read_bytes().decode("utf-8-sig").splitlines())}


def test_score_applies_overrides_like_check(tmp_path, capsys, monkeypatch):
    """[[overrides]] that ignore a pack for one folder: score and check agree per report."""
    (tmp_path / "gongkai.toml").write_text(
        '[[overrides]]\npaths = ["lenient/"]\nignore = ["doc-numbers", "required-sections"]\n',
        encoding="utf-8")
    for sub in ("lenient", "strict"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "seed.json").write_bytes(SEED.read_bytes())
    monkeypatch.chdir(tmp_path)
    main(["score", ".", "--csv", "s.csv", "--json", "s.json", "--jobs", "2"])
    doc = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    by = {Path(r["path"]).parent.name: r for r in doc["reports"]}
    ignored = ("doc-numbers", "required-sections")
    assert not any(f["pack"] in ignored for f in by["lenient"]["findings"])
    assert any(f["pack"] == "doc-numbers" for f in by["strict"]["findings"])
    capsys.readouterr()
    for sub in ("lenient", "strict"):
        main(["check", f"{sub}/seed.json", "--format", "json"])
        checked = json.loads(capsys.readouterr().out)["reports"][0]
        assert checked["score"] == by[sub]["score"]
        assert ([f["fingerprint"] for f in checked["findings"]]
                == [f["fingerprint"] for f in by[sub]["findings"]])


def test_score_json_is_the_check_schema_one_entry_per_report(tmp_path):
    d = tmp_path / "b"
    d.mkdir()
    (d / "a.json").write_bytes(SEED.read_bytes())
    (d / "b.json").write_bytes(CLEAN.read_bytes())
    (d / "bad.json").write_text("{", encoding="utf-8")
    out = tmp_path / "all.json"
    main(["score", str(d), "--json", str(out), "--jobs", "1"])
    doc = json.loads(out.read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "checker" / "schemas" / "results.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert [Path(r["path"]).name for r in doc["reports"]] == ["a.json", "b.json", "bad.json"]
    assert doc["reports"][2]["rule_errors"] and doc["reports"][2]["findings"] == []
    assert doc["reports"][0]["findings"] and "assessed_points" in doc["reports"][0]


def test_agency_names_are_normalised():
    assert normalise_agency("平潭综合实验区 管委会") == normalise_agency("平潭综合实验区管理委员会")
    assert normalise_agency("（平潭）县政府办") == normalise_agency("平潭县人民政府办公室")
    assert normalise_agency("ＡＢ市政府") == normalise_agency("AB市人民政府")
    assert normalise_agency("甲县教育局") != normalise_agency("乙县教育局")
    m = AgencyMatcher({"平潭实验区公安局": "平潭综合实验区公安局"})
    assert m.key("平潭实验区 公安局") == m.key("平潭综合实验区公安局")


def test_aliases_from_configuration_match_last_year(tmp_path, monkeypatch):
    """An alias in [agency_aliases] matches a renamed body's last-year report."""
    this, last = json.loads(SEED.read_text("utf-8")), json.loads(SEED.read_text("utf-8"))
    last["meta"]["agency"] = "聊城开发区管委"
    last["meta"]["year"] = this["meta"]["year"] - 1
    for sub, doc in (("now", this), ("then", last)):
        (tmp_path / sub).mkdir()
        text = json.dumps(doc, ensure_ascii=False)
        (tmp_path / sub / "r.json").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["score", "now", "--previous", "then", "--csv", "a.csv", "--jobs", "1"])
    assert _rows(tmp_path / "a.csv")["r.json"]["上年报告"] == ""
    (tmp_path / "gongkai.toml").write_text(
        '[agency_aliases]\n"聊城开发区管委" = "聊城经济技术开发区管理委员会"\n', encoding="utf-8")
    main(["score", "now", "--previous", "then", "--csv", "b.csv", "--jobs", "1"])
    assert _rows(tmp_path / "b.csv")["r.json"]["上年报告"].endswith("r.json")


def test_a_bad_alias_is_a_clear_configuration_error(tmp_path, capsys, monkeypatch):
    (tmp_path / "gongkai.toml").write_text('[agency_aliases]\n"甲" = 3\n', encoding="utf-8")
    (tmp_path / "r.json").write_bytes(SEED.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert main(["check", "r.json"]) == 2
    err = capsys.readouterr().err
    assert "agency_aliases" in err and "gongkai.toml" in err
