"""Third-party plugins: the example pack and check kind, installed into a fresh venv, are listed
and run; a broken plugin is reported (exit 2) without stopping the other rules."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED_TXT = ROOT / "fixtures" / "raw" / "seed-2023.txt"
CLEAN = ROOT / "fixtures" / "reports" / "clean-2021.json"


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(GONGKAI_NO_CACHE="1", PIP_DISABLE_PIP_VERSION_CHECK="1", HOME=str(tmp),
               PYTHONNOUSERSITE="1")
    return env


def _copy_sources(tmp: Path) -> dict[str, Path]:
    """Copies of the project and the examples: building in place would litter the checkout."""
    src = tmp / "src"
    gk = src / "gongkai"
    gk.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, gk / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("checker", "rules"):
        shutil.copytree(ROOT / name, gk / name, ignore=ignore)
    out = {"gongkai": gk}
    for name in ("gongkai-pack-example", "gongkai-broken-plugin"):
        shutil.copytree(EXAMPLES / name, src / name, ignore=ignore)
        out[name] = src / name
    return out


def _pip_install(python: Path, env: dict[str, str], *paths: Path) -> None:
    cmd = [str(python), "-m", "pip", "install", "--no-deps", "-q", *map(str, paths)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240)
    if proc.returncode != 0:
        if "setuptools" in proc.stderr and "No matching distribution" in proc.stderr:
            pytest.skip("cannot build packages here: no index provides setuptools for the "
                        "isolated build")
        raise AssertionError(f"pip install failed:\n{proc.stdout}\n{proc.stderr}")


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("third-party")
    env = _env(tmp)
    srcs = _copy_sources(tmp)
    where = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip",
                    str(where)], check=True, timeout=120)
    bindir = where / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    if subprocess.run([str(python), "-m", "pip", "--version"], env=env,
                      capture_output=True).returncode != 0:
        pytest.skip("pip is not importable from the interpreter running the tests")
    _pip_install(python, env, srcs["gongkai"], srcs["gongkai-pack-example"])
    return {"python": python, "gongkai": bindir / "gongkai", "env": env, "tmp": tmp,
            "srcs": srcs}


def _run(v: dict, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(v["gongkai"]), *args], env=v["env"], capture_output=True,
                          text=True, timeout=120, cwd=str(v["tmp"]))


def _report(v: dict, name: str) -> Path:
    """The seed text with its postcode removed and the pre-2019 deadline written in."""
    text = SEED_TXT.read_text(encoding="utf-8")
    assert text.count("邮编：252000，") == 1 and text.count("本报告根据") == 1
    text = text.replace("邮编：252000，", "").replace("本报告根据", "本报告于每年3月31日前公布。本报告根据")
    path = v["tmp"] / name
    path.write_text(text, encoding="utf-8")
    return path


def test_installed_gongkai_is_the_venv_copy(venv) -> None:
    """The venv runs the installed (non-editable) package, not the checkout."""
    proc = subprocess.run([str(venv["python"]), "-c", "import checker; print(checker.__file__)"],
                          env=venv["env"], capture_output=True, text=True, cwd=str(venv["tmp"]))
    assert str(venv["tmp"] / "venv") in proc.stdout


def test_example_rules_are_listed(venv) -> None:
    """`gongkai rules` lists the example pack's rules."""
    proc = _run(venv, "rules")
    assert proc.returncode == 0, proc.stderr
    listed = {line.split()[0]: line for line in proc.stdout.splitlines() if line.strip()}
    assert {"SD001", "SD002", "SD003"} <= set(listed)
    assert "shandong" in listed["SD003"]
    assert "TBL003" in listed


def test_example_rules_run_and_appear_in_json(venv) -> None:
    """The example's pattern rule and its own check kind find what they should."""
    report = _report(venv, "shandong-2023.txt")
    proc = _run(venv, "check", str(report), "--format", "json", "--fail-on", "blocker")
    assert proc.returncode == 0, proc.stderr
    rep = json.loads(proc.stdout)["reports"][0]
    assert rep["rule_errors"] == []
    sd = {f["code"]: f for f in rep["findings"] if f["pack"] == "shandong"}
    assert set(sd) == {"SD002", "SD003"}     # the seed does cite the 2023 Shandong 要点
    assert sd["SD003"]["expected"] == ["邮编"] and "缺少邮编" in sd["SD003"]["message"]
    assert sd["SD002"]["expected"] == "每年1月31日前公布"
    clean = _run(venv, "check", str(CLEAN), "--format", "json", "--select", "shandong")
    assert clean.returncode == 0, clean.stderr
    codes = [f["code"] for f in json.loads(clean.stdout)["reports"][0]["findings"]]
    assert codes == ["SD001"]


def test_broken_plugin_is_reported_and_others_still_run(venv) -> None:
    """With the broken plugin installed: PLUGIN errors, exit code 2, every other rule runs."""
    report = _report(venv, "broken-2023.txt")
    before = _run(venv, "check", str(report), "--format", "json")
    assert before.returncode == 1, before.stderr
    _pip_install(venv["python"], venv["env"], venv["srcs"]["gongkai-broken-plugin"])
    after = _run(venv, "check", str(report), "--format", "json")
    assert after.returncode == 2, after.stderr
    rep = json.loads(after.stdout)["reports"][0]
    errors = rep["rule_errors"]
    assert errors and {e["code"] for e in errors} == {"PLUGIN"}
    assert all(e["pack"] == "broken" for e in errors)
    assert "broken plugin" in errors[0]["error"]
    got = sorted(f["code"] for f in rep["findings"])
    want = sorted(f["code"] for f in json.loads(before.stdout)["reports"][0]["findings"])
    assert got == want and {"SD002", "SD003", "DOC011"} <= set(got)


# -- docs/writing-packs.md: the check-kind reference is generated from the kinds' schemas -----
WRITING_PACKS = ROOT / "docs" / "writing-packs.md"
BEGIN, END = "<!-- kinds:begin (generated: python tests/test_third_party.py) -->", "<!-- kinds:end -->"


def _type_of(schema: dict) -> str:
    if "enum" in schema:
        return " \\| ".join(f"`{v}`" for v in schema["enum"])
    if "oneOf" in schema or "anyOf" in schema:
        return " or ".join(_type_of(s) for s in schema.get("oneOf") or schema["anyOf"])
    t = schema.get("type", "any")
    if t == "array":
        return f"list of {_type_of(schema.get('items', {}))}"
    if t == "object" and "properties" in schema:
        return "table {" + ", ".join(schema["properties"]) + "}"
    return str(t)


def kinds_markdown() -> str:
    """The check-kind reference: every built-in kind, its options and placeholders."""
    from checker.api import Session

    kinds = Session({}, entry_points=False).kinds
    out = []
    for name in sorted(kinds):
        k = kinds[name]
        schema = k.options_schema
        required = set(schema.get("required", ()))
        for alt in schema.get("oneOf", ()):
            required |= {f"{r}*" for r in alt.get("required", ())}
        out += [f"#### `{name}`", "", k.summary, "",
                "| option | type | description |", "|---|---|---|"]
        for opt, sub in (schema.get("properties") or {}).items():
            need = " (required)" if opt in required else (
                " (one of these is required)" if f"{opt}*" in required else "")
            desc = (sub.get("description", "") + need).strip().replace("|", "\\|")
            out.append(f"| `{opt}` | {_type_of(sub)} | {desc} |")
        out += ["", "Placeholders: " + (", ".join(f"`{{{p}}}`" for p in sorted(k.params))
                                        or "none"), ""]
        if k.scope_schema is not None:
            props = k.scope_schema.get("properties", {})
            need = set(k.scope_schema.get("required", ()))
            out += ["Scope: " + ", ".join(
                f"`{f}`" + (" (required)" if f in need else "")
                + (f" (at most {props[f]['maxItems']})" if "maxItems" in props[f] else "")
                for f in props), ""]
        if k.wording:
            out += ["Wording (`[wording.KEY]`, zh and en): "
                    + ", ".join(f"`{w}`" for w in sorted(k.wording)), ""]
    return "\n".join([BEGIN, ""] + out + [END])


def test_writing_packs_kind_reference_is_current() -> None:
    """docs/writing-packs.md lists every registered check kind with its current options."""
    text = WRITING_PACKS.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    assert text[start:end] == kinds_markdown(), \
        "check kinds changed: run `python tests/test_third_party.py` to regenerate the table"


if __name__ == "__main__":  # regenerate the kind reference in docs/writing-packs.md
    from checker.files.atomic import atomic_write

    doc = WRITING_PACKS.read_text(encoding="utf-8")
    a, b = doc.index(BEGIN), doc.index(END) + len(END)
    atomic_write(WRITING_PACKS, doc[:a] + kinds_markdown() + doc[b:])
    print(f"updated {WRITING_PACKS}")
