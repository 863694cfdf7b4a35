"""Every course and solution notebook runs for every bundled business, and its stored
outputs are current.

- papermill, one separate process per notebook and business (parameters injected);
- nbval (strict) on the committed notebooks: a stale output fails.
Both run with HOME and the plan file in a throwaway folder, so a maintainer's own
plan never changes what the notebooks show.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from rumbo.data import list_businesses

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
COURSE = sorted(ROOT.glob("course/*.ipynb"))
ENGLISH = sorted(ROOT.glob("course/en/*.ipynb"))  # built from the Spanish (tools/notebook_i18n.py)
SOLUTIONS = sorted(ROOT.glob("solutions/*/*.ipynb"))  # en_<stem>: the English edition's
NOTEBOOKS = COURSE + ENGLISH + SOLUTIONS
pytestmark = pytest.mark.notebooks


def clean_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "RUMBO"))}
    env.update(HOME=str(home), RUMBO_LANG="es", TZ="Europe/Madrid", PYTHONHASHSEED="0",
               RUMBO_PLAN=str(home / "rumbo" / "mi_plan.json"))
    return env


def run_papermill(notebook: Path, business: str, workdir: Path) -> subprocess.CompletedProcess:
    out = workdir / f"{notebook.stem}-{business}.ipynb"
    plan = workdir / business / "mi_plan.json"
    cmd = [str(BIN / "papermill"), "-k", "python3", "--cwd", str(notebook.parent),
           "--execution-timeout", "120", "--no-progress-bar",
           str(notebook), str(out), "-p", "business", business, "-p", "plan_path", str(plan)]
    return subprocess.run(cmd, capture_output=True, text=True, env=clean_env(workdir), timeout=600)


@pytest.fixture(scope="module")
def papermill_runs(tmp_path_factory):
    """All papermill runs, two at a time (one per core), each its own process."""
    workdir = tmp_path_factory.mktemp("papermill")
    jobs = [(nb, b) for nb in NOTEBOOKS for b in list_businesses()]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda job: run_papermill(*job, workdir), jobs))
    return {(nb.relative_to(ROOT).as_posix(), b): r for (nb, b), r in zip(jobs, results)}


def test_there_is_a_course_and_a_solution_per_module():
    assert COURSE, "no course notebooks"
    course = {p.stem for p in COURSE}
    solutions = {p.parent.name.removeprefix("en_") for p in SOLUTIONS}
    assert {p.stem for p in ENGLISH} <= course
    assert solutions <= course, f"solutions without a course notebook: {solutions - course}"
    assert all(p.parent.name == p.stem for p in SOLUTIONS), "solutions/<stem>/<stem>.ipynb"


@pytest.mark.parametrize("notebook", [p.relative_to(ROOT).as_posix() for p in NOTEBOOKS])
@pytest.mark.parametrize("business", list_businesses())
def test_papermill_runs_for_each_business(papermill_runs, notebook, business):
    result = papermill_runs[(notebook, business)]
    assert result.returncode == 0, f"{notebook} [{business}] failed:\n{result.stderr[-3000:]}"


@pytest.mark.parametrize("notebook", [p.relative_to(ROOT).as_posix() for p in NOTEBOOKS])
def test_notebook_opens_the_house_way(notebook):
    nb = json.loads((ROOT / notebook).read_text(encoding="utf-8"))
    cells = nb["cells"]
    tagged = [i for i, c in enumerate(cells) if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    source = "".join(cells[tagged[0]]["source"])
    for name in ("business", "plan_path", "language"):
        assert f"{name} =" in source
    assert cells[0]["cell_type"] == "markdown" and "".join(cells[0]["source"]).startswith("# ")
    counts = [c["execution_count"] for c in cells if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    assert counts == list(range(1, len(counts) + 1)), "run top to bottom from a fresh kernel (make outputs)"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert not any(o.get("output_type") == "error" for c in cells for o in c.get("outputs", []))
    if notebook.startswith("course/"):
        text = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        english = notebook.startswith("course/en/")
        assert ("Key takeaways" in text and "Your plan" in text) if english else (
            "Para llevar" in text and "Tu plan" in text)
        assert f'language = "{"en" if english else "es"}"' in source


def test_stored_outputs_are_current(tmp_path):
    """nbval, strict: re-run every committed notebook and compare with its stored outputs."""
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
           "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"),
           "--nbval-cell-timeout", "120", "--rootdir", str(tmp_path),
           *[str(p) for p in NOTEBOOKS]]
    result = subprocess.run(cmd, capture_output=True, text=True, env=clean_env(tmp_path), cwd=tmp_path,
                            timeout=1200)
    assert result.returncode == 0, result.stdout[-6000:]
