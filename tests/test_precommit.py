"""The pre-commit hook, run by the real pre-commit: a defective report fails, a clean one passes.

pre-commit installs gongkai from the project into its own virtualenv (this needs the package
index and takes a little while). The project is used as it is in the work tree: its tracked
and untracked-but-not-ignored files are copied into a fresh git repository and committed,
because pre-commit installs hooks from a commit.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "reports" / "seed-2023.json"
CLEAN = ROOT / "fixtures" / "reports" / "clean-2021.json"
TIMEOUT = 300

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
           if not k.startswith(("GIT_", "PRE_COMMIT")) and k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(GIT_CONFIG_GLOBAL=str(gitconfig), GIT_CONFIG_NOSYSTEM="1",
               PRE_COMMIT_HOME=str(home / "pre-commit-cache"), PRE_COMMIT_COLOR="never")
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
