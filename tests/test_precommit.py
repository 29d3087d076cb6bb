"""The pre-commit hooks, run by the real pre-commit: a defective report fails, a clean one
passes, non-reports are skipped, ``gongkai-fix`` repairs; the README's configuration as it is.

pre-commit installs gongkai from the project into its own virtualenv with pip. That install is
offline: pip is pointed at a wheelhouse repacked from this test environment's own packages
(``tests/wheelhouse.py``; ``PIP_NO_INDEX=1``, no pip configuration), so the tests need no
package index, in CI or anywhere. The project is used as it is in the work tree: its tracked
and untracked-but-not-ignored files are copied into a fresh git repository and committed,
because pre-commit installs hooks from a commit.
"""
from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "reports" / "seed-2023.json"
CLEAN = ROOT / "fixtures" / "reports" / "clean-2021.json"
MENDED = ROOT / "fixtures" / "raw" / "seed-2023-mended.txt"  # the seed with every defect mended
DEFECTIVE = ROOT / "fixtures" / "raw" / "seed-2023.txt"
TIMEOUT = 600

pytestmark = pytest.mark.skipif(shutil.which("pre-commit") is None,
                                reason="pre-commit is not installed (pip install pre-commit)")


def _git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    out = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, f"git {' '.join(args)}: {out.stderr}"
    return out.stdout.strip()


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    """An environment isolated from the user's git and pre-commit settings."""
    home = tmp_path_factory.mktemp("home")
    gitconfig = home / ".gitconfig"
    gitconfig.write_text("[user]\n\tname = gongkai test\n\temail = test@example.invalid\n"
                         "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n",
                         encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "PRE_COMMIT", "PIP_", "VIRTUALENV_"))
           and k not in ("PYTHONPATH", "VIRTUAL_ENV", "NO_COLOR", "FORCE_COLOR")}
    env.update(GIT_CONFIG_GLOBAL=str(gitconfig), GIT_CONFIG_NOSYSTEM="1",
               PRE_COMMIT_HOME=str(home / "pre-commit-cache"), PRE_COMMIT_COLOR="never")
    # Offline: the hook environment's pip sees only a wheelhouse of this environment's packages.
    from wheelhouse import build_wheelhouse

    wheels = home / "wheelhouse"
    roots = [r for r in importlib.metadata.requires("gongkai") or () if "extra ==" not in r]
    build_wheelhouse(wheels, [*roots, "setuptools>=77"])
    env.update(PIP_NO_INDEX="1", PIP_FIND_LINKS=str(wheels), PIP_CONFIG_FILE=os.devnull,
               PIP_DISABLE_PIP_VERSION_CHECK="1", VIRTUALENV_NO_DOWNLOAD="1")
    return env


@pytest.fixture(scope="module")
def project(tmp_path_factory, env) -> tuple[Path, str]:
    """A committed copy of the project's work tree: (path, HEAD sha)."""
    dest = tmp_path_factory.mktemp("project")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True, timeout=60).stdout
    for rel in filter(None, listed.decode("utf-8").split("\0")):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    _git("init", "-q", ".", cwd=dest, env=env)
    _git("add", "-A", cwd=dest, env=env)
    _git("commit", "-q", "-m", "snapshot", cwd=dest, env=env)
    return dest, _git("rev-parse", "HEAD", cwd=dest, env=env)


def _repo(tmp_path: Path, env: dict[str, str], *reports: Path) -> Path:
    repo = tmp_path / "reports-repo"
    repo.mkdir()
    _git("init", "-q", ".", cwd=repo, env=env)
    for r in reports:
        shutil.copy2(r, repo / r.name)
    return repo


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT)


def test_try_repo_fails_on_defective_and_passes_on_clean(tmp_path, env, project):
    """`pre-commit try-repo PROJECT gongkai --files F`: the seed fails, the clean report passes."""
    path, _ = project
    repo = _repo(tmp_path, env, SEED, CLEAN)
    _git("add", "-A", cwd=repo, env=env)
    bad = _run(["pre-commit", "try-repo", str(path), "gongkai", "--files", SEED.name], repo, env)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout and "DOC011" in bad.stdout, bad.stdout
    good = _run(["pre-commit", "try-repo", str(path), "gongkai", "--files", CLEAN.name], repo, env)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


def test_installed_hook_blocks_defective_commit_and_allows_clean(tmp_path, env, project):
    """With the hook installed, committing the seed is refused; the clean report commits."""
    path, sha = project
    repo = _repo(tmp_path, env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {path}\n    rev: {sha}\n    hooks:\n      - id: gongkai\n",
        encoding="utf-8")
    _git("add", ".pre-commit-config.yaml", cwd=repo, env=env)
    _git("commit", "-q", "--no-verify", "-m", "config", cwd=repo, env=env)
    installed = _run(["pre-commit", "install"], repo, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    head = _git("rev-parse", "HEAD", cwd=repo, env=env)

    shutil.copy2(SEED, repo / SEED.name)
    _git("add", SEED.name, cwd=repo, env=env)
    blocked = _run(["git", "commit", "-m", "add defective report"], repo, env)
    assert blocked.returncode != 0, blocked.stdout + blocked.stderr
    said = blocked.stdout + blocked.stderr  # git passes hook output on stderr
    assert "gongkai" in said and "Failed" in said and "DOC011" in said, said
    assert _git("rev-parse", "HEAD", cwd=repo, env=env) == head

    _git("rm", "-q", "--cached", SEED.name, cwd=repo, env=env)
    shutil.copy2(CLEAN, repo / CLEAN.name)
    _git("add", CLEAN.name, cwd=repo, env=env)
    allowed = _run(["git", "commit", "-m", "add clean report"], repo, env)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert "Passed" in allowed.stdout + allowed.stderr
    assert _git("rev-parse", "HEAD", cwd=repo, env=env) != head


# -- the README's configuration, as it is ------------------------------------------------------
def readme_config(path: Path, sha: str) -> str:
    """The README's ``.pre-commit-config.yaml`` block with its repository and revision filled in."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- pre-commit-config:[^>]*-->\s*```yaml\n(?P<body>.*?)\n\s*```", readme, re.DOTALL)
    assert m, "README.md lost its pre-commit configuration block"
    body = textwrap.dedent(m.group("body"))
    body, n_repo = re.subn(r"(?m)^(\s*- repo: ).*$", lambda x: x.group(1) + str(path), body)
    body, n_rev = re.subn(r"(?m)^(\s*rev: ).*$", lambda x: x.group(1) + sha, body)
    assert n_repo == n_rev == 1
    return body + "\n"


def _clean_docx(dest: Path) -> None:
    docx = pytest.importorskip("docx", reason="python-docx is not installed")
    doc = docx.Document()
    for line in MENDED.read_text(encoding="utf-8").splitlines():
        doc.add_paragraph(line)
    doc.save(str(dest))


def _cjk_font() -> str | None:
    import glob

    fonts = [os.environ.get("GONGKAI_CJK_FONT") or ""]
    fonts += glob.glob("/usr/share/fonts/**/wqy-microhei.tt[cf]", recursive=True)
    fonts += glob.glob("/usr/share/fonts/**/NotoSansCJK*.tt[cf]", recursive=True)
    return next((f for f in fonts if f and os.path.isfile(f)), None)


def _clean_pdf(dest: Path) -> None:
    """The mended seed as a PDF: prose as text, tab-separated blocks as ruled tables."""
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 is not installed (needed to build a PDF)")
    font = _cjk_font()
    if font is None:
        pytest.skip("no CJK font to build a PDF: apt-get install -y fonts-wqy-microhei")
    doc = fpdf.FPDF(orientation="L")
    doc.add_page()
    doc.add_font("cjk", fname=font)
    lines = MENDED.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            doc.set_font("cjk", size=8)
            doc.multi_cell(0, 5, lines[i] or " ", new_x="LMARGIN", new_y="NEXT")
            i += 1
            continue
        block = []
        while i < len(lines) and "\t" in lines[i]:
            block.append(lines[i].split("\t"))
            i += 1
        width = max(len(r) for r in block)
        doc.set_font("cjk", size=6)
        with doc.table(line_height=4, first_row_as_headings=False, text_align="LEFT") as table:
            for cells in block:
                row = table.row()
                for cell in cells + [""] * (width - len(cells)):
                    row.cell(cell)
    dest.write_bytes(bytes(doc.output()))


NON_REPORTS = {
    "package.json": json.dumps({"name": "site", "version": "1.0.0"}) + "\n",
    "requirements.txt": "requests>=2.31\nflask==3.0.0\n",
    "index.html": "<!doctype html><html><head><title>Home</title></head>"
                  "<body><h1>Welcome</h1><p>Nothing to see.</p></body></html>\n",
    "gongkai-decisions.json": json.dumps({"76608291c33be595": {
        "status": "dismissed", "reason": "表内注明", "reviewer": "王", "at": "2024-03-01"}}) + "\n",
}


def _installed(tmp_path: Path, env: dict[str, str], project: tuple[Path, str]) -> Path:
    path, sha = project
    repo = _repo(tmp_path, env)
    (repo / ".pre-commit-config.yaml").write_text(readme_config(path, sha), encoding="utf-8")
    _git("add", ".pre-commit-config.yaml", cwd=repo, env=env)
    _git("commit", "-q", "--no-verify", "-m", "config", cwd=repo, env=env)
    installed = _run(["pre-commit", "install"], repo, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return repo


def test_readme_config_passes_clean_reports_and_non_reports(tmp_path, env, project):
    """The README's configuration: clean Word, PDF and text reports and ordinary repository
    files commit; a defective report is refused and named, the non-reports beside it are not."""
    repo = _installed(tmp_path, env, project)
    head = _git("rev-parse", "HEAD", cwd=repo, env=env)
    _clean_docx(repo / "clean-report.docx")
    _clean_pdf(repo / "clean-report.pdf")
    shutil.copy2(MENDED, repo / "clean-report.txt")
    for name, text in NON_REPORTS.items():
        (repo / name).write_text(text, encoding="utf-8")
    _git("add", "-A", cwd=repo, env=env)
    ok = _run(["git", "commit", "-m", "reports and site files"], repo, env)
    said = ok.stdout + ok.stderr
    assert ok.returncode == 0, said
    assert "Failed" not in said and "Passed" in said
    assert _git("rev-parse", "HEAD", cwd=repo, env=env) != head
    head = _git("rev-parse", "HEAD", cwd=repo, env=env)

    (repo / "web").mkdir()
    for name, text in NON_REPORTS.items():
        (repo / "web" / name).write_text(text, encoding="utf-8")
    shutil.copy2(DEFECTIVE, repo / "defective-report.txt")
    _git("add", "-A", cwd=repo, env=env)
    blocked = _run(["git", "commit", "-m", "a defective report"], repo, env)
    said = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, said
    assert "Failed" in said and "defective-report.txt" in said and "NAR001" in said
    for name in NON_REPORTS:
        for line in said.splitlines():
            if f"web/{name}" in line:  # only ever named as skipped, never as a finding
                assert "已跳过" in line or "自身的文件" in line, line
    assert _git("rev-parse", "HEAD", cwd=repo, env=env) == head


def test_fix_hook_repairs_a_report_and_the_fixed_report_commits(tmp_path, env, project):
    """`gongkai-fix`: a decree number with spaces is fixed in place (no .orig left behind);
    the commit stops so the change can be reviewed, then the fixed report commits."""
    repo = _installed(tmp_path, env, project)
    report = repo / "report.txt"
    text = MENDED.read_text(encoding="utf-8")
    assert "国务院令第711号" in text
    report.write_text(text.replace("国务院令第711号", "国务院令 第 711 号"), encoding="utf-8")
    _git("add", "report.txt", cwd=repo, env=env)
    first = _run(["git", "commit", "-m", "report"], repo, env)
    said = first.stdout + first.stderr
    assert first.returncode != 0, said
    assert "files were modified by this hook" in said
    assert "国务院令第711号" in report.read_text(encoding="utf-8")
    assert not list(repo.glob("*.orig*"))
    _git("add", "report.txt", cwd=repo, env=env)
    second = _run(["git", "commit", "-m", "report, fixed"], repo, env)
    assert second.returncode == 0, second.stdout + second.stderr
