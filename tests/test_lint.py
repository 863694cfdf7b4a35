"""`make lint` is part of `make test`: ruff (pinned) finds no error in the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUFF = Path(sys.executable).parent / "ruff"


def test_ruff_finds_nothing():
    out = subprocess.run([str(RUFF), "check", "src", "tests", "tools", "benchmarks", "datasets"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout[-4000:]


def test_ruff_would_find_a_bug(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    return undefined_name\n")
    out = subprocess.run([str(RUFF), "check", "--config", str(ROOT / "pyproject.toml"), str(bad)],
                         capture_output=True, text=True)
    assert out.returncode == 1 and "F821" in out.stdout
