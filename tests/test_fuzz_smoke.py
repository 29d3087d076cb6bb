"""A short fuzz run in CI: each harness's TestOneInput over seeded random inputs, and, when
atheris is installed, a real 20-second atheris run of each harness in a subprocess."""
from __future__ import annotations

import importlib.util
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HARNESSES = ("fuzz_text", "fuzz_html")
WATCHDOG = pytest.mark.timeout(300, method="thread")


def _load(name: str):
    sys.path.insert(0, str(ROOT / "fuzz"))
    try:
        spec = importlib.util.spec_from_file_location(f"gongkai_{name}", ROOT / "fuzz" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    finally:
        sys.path.remove(str(ROOT / "fuzz"))
    return module


@WATCHDOG
@pytest.mark.parametrize("name", HARNESSES)
def test_harness_survives_seeded_random_inputs(name):
    """TestOneInput raises nothing on the seed corpus, 300 mutations of it and 100 random blobs."""
    harness = _load(name)
    common = sys.modules["_common"]
    assert common.smoke(harness.TestOneInput, harness.CORPUS, runs=300, seed=5) == len(harness.CORPUS) + 300
    rng = random.Random(7)
    for _ in range(100):
        harness.TestOneInput(bytes(rng.randrange(256) for _ in range(rng.randint(0, 2000))))


@WATCHDOG
@pytest.mark.parametrize("name", HARNESSES)
def test_atheris_short_run(name, tmp_path):
    """A real 20-second libFuzzer run finds no crash (skipped when atheris is not installed)."""
    if importlib.util.find_spec("atheris") is None:
        pytest.skip("atheris is not installed (pip install 'gongkai[fuzz]'); the smoke test above still ran")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GONGKAI_NO_CACHE": "1"}
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    harness = _load(name)
    for i, data in enumerate(harness.CORPUS):
        (corpus / f"seed-{i:03d}").write_bytes(data)
    proc = subprocess.run([sys.executable, str(ROOT / "fuzz" / f"{name}.py"), "-max_total_time=20",
                           "-rss_limit_mb=2048", "-timeout=10", str(corpus)],
                          capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Done" in proc.stderr
