"""nbgrader round trip in a throwaway course folder, with real kernels.

For every exercise: exercises/ equals a fresh `generate_assignment`; the
Validator passes the solution and fails every test of the release; the solution
gets full marks, the untouched release zero, a partly answered one partial
marks. For exercise 00, hostile submissions too: an infinite loop, `sys.exit()`,
a deleted test cell and a file that is not JSON each get a clear result while the others are still
graded, and nothing a learner handed in is lost.
"""

from __future__ import annotations

import copy
import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.validator import Validator

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# The Spanish exercises and the English ones (en_<stem>, built from them: tools/notebook_i18n.py).
ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").iterdir()
                     if p.is_dir() and (p.name[:2].isdigit() or p.name.startswith("en_")))
# An English exercise is its Spanish twin with translated words (same cells, same checks, same
# grading path), so the English ones run what language can change: full marks for the solution,
# zero for the release, the rubric. Partial marks and the validator's per-test walk run in Spanish.
SPANISH = [a for a in ASSIGNMENTS if not a.startswith("en_")]
pytestmark = pytest.mark.grading
CELL_TIMEOUT = 20  # seconds; short so the infinite loop costs little


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    # nbgrader calls `alembic` and `jupyter` by name: the environment's bin must come first on PATH
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, capture_output=True, text=True,
                          timeout=900, env=env)


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A class folder with the course's nbgrader config and a freshly generated release."""
    course = tmp_path_factory.mktemp("class")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "solutions", course / "solutions")
    for assignment in ASSIGNMENTS:
        result = nbgrader(course, "generate_assignment", assignment, "--force")
        assert result.returncode == 0, result.stderr
    return course


def answer_cells(nb) -> list[int]:
    return [i for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")]


def strip_markers(source: str) -> str:
    return "\n".join(line for line in source.splitlines()
                     if "### BEGIN SOLUTION" not in line and "### END SOLUTION" not in line)


def submissions(course: Path, assignment: str) -> dict[str, object]:
    """Learner id -> notebook (or raw bytes) to hand in."""
    release = nbformat.read(course / "exercises" / assignment / f"{assignment}.ipynb", as_version=4)
    solution = nbformat.read(course / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    first = answer_cells(release)[0]
    partial = copy.deepcopy(release)
    partial.cells[first].source = strip_markers(solution.cells[first].source)
    subs = {"completo": solution, "vacio": release}
    if assignment in SPANISH:
        subs["parcial"] = partial
    if assignment == ASSIGNMENTS[0]:
        loop = copy.deepcopy(partial)
        loop.cells[answer_cells(loop)[1]].source = "while True:\n    pass"
        leave = copy.deepcopy(partial)
        leave.cells[answer_cells(leave)[1]].source = "import sys\nsys.exit()"
        no_test = copy.deepcopy(partial)
        tests = [i for i, c in enumerate(no_test.cells) if c.metadata.get("nbgrader", {}).get("grade")
                 and c.cell_type == "code"]
        del no_test.cells[tests[0]]
        subs.update(bucle=loop, salida=leave, sin_test=no_test, roto=b'{"cells": [ this is not json')
    return subs


@pytest.fixture(scope="module")
def graded(course):
    """Hand in every submission, autograde, export: {assignment: {student: score}}, max scores, logs."""
    handed = {}
    for assignment in ASSIGNMENTS:
        for student, nb in submissions(course, assignment).items():
            target = course / "submitted" / student / assignment / f"{assignment}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(nb, bytes):
                target.write_bytes(nb)
            else:
                nbformat.write(nb, target)
            handed[(student, assignment)] = target.read_bytes()
    logs = {}
    for assignment in ASSIGNMENTS:
        result = nbgrader(course, "autograde", assignment, "--force",
                          f"--ExecutePreprocessor.timeout={CELL_TIMEOUT}", f"--Execute.timeout={CELL_TIMEOUT}")
        logs[assignment] = result.stdout + result.stderr
    export = nbgrader(course, "export", "--to", "grades.csv")
    assert export.returncode == 0, export.stderr
    scores, maxima = {}, {}
    with open(course / "grades.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            scores.setdefault(row["assignment"], {})[row["student_id"]] = float(row["score"])
            maxima[row["assignment"]] = float(row["max_score"])
    return {"scores": scores, "max": maxima, "logs": logs, "handed": handed}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_committed_release_equals_a_fresh_generate(course, assignment):
    fresh = json.loads((course / "exercises" / assignment / f"{assignment}.ipynb").read_text())
    committed = json.loads((ROOT / "exercises" / assignment / f"{assignment}.ipynb").read_text())
    assert committed == fresh, "exercises/ is stale: run `make exercises`"
    assert not any(c.get("outputs") for c in committed["cells"] if c["cell_type"] == "code")


@pytest.mark.parametrize("assignment", SPANISH)
def test_validator_passes_solution_and_fails_every_test_of_the_release(course, assignment):
    solution = Validator().validate(str(course / "solutions" / assignment / f"{assignment}.ipynb"))
    assert not solution.get("failed") and not solution.get("type_changed"), solution
    release = Validator(invert=True).validate(str(course / "exercises" / assignment / f"{assignment}.ipynb"))
    assert not release.get("passed"), f"tests that pass on the untouched release: {release.get('passed')}"


def autograded_points(assignment: str) -> float:
    """Points of the locked test cells (written answers wait for the trainer)."""
    nb = nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    meta = [c.metadata.get("nbgrader", {}) for c in nb.cells]
    return sum(m.get("points", 0) for m in meta if m.get("grade") and not m.get("solution"))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_full_zero_and_partial_marks(graded, assignment):
    scores, top = graded["scores"][assignment], graded["max"][assignment]
    auto = autograded_points(assignment)
    assert 0 < auto < top, "every exercise has autograded tests and a written answer"
    assert scores["completo"] == auto, graded["logs"][assignment][-3000:]
    assert scores["vacio"] == 0
    if assignment in SPANISH:
        assert 0 < scores["parcial"] < top


def test_hostile_submissions_get_a_result_and_do_not_hurt_others(graded, course):
    first = ASSIGNMENTS[0]
    scores, log = graded["scores"][first], graded["logs"][first]
    partial = scores["parcial"]
    # the infinite loop is stopped by the cell timeout; the answers before it still count
    assert scores["bucle"] == partial
    assert scores["salida"] == partial  # sys.exit() ends the cell, not the grading
    assert scores["sin_test"] == partial  # a deleted test cell is put back and run
    assert scores["roto"] == 0 and "roto" in log  # unreadable: zero, and named in the log
    assert scores["completo"] == autograded_points(first)
    for (student, assignment), content in graded["handed"].items():
        path = course / "submitted" / student / assignment / f"{assignment}.ipynb"
        assert path.read_bytes() == content, f"{student}'s submission was changed"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_formgrader_shows_each_rubric_and_the_learner_does_not_see_it(graded, course, assignment):
    """formgrader shows the autograded notebook: the locked prompt of every written answer comes
    back whole there, rubric included, for every learner; the release never had it."""
    release = nbformat.read(course / "exercises" / assignment / f"{assignment}.ipynb", as_version=4)
    rubric = "Rubric for the trainer" if assignment.startswith("en_") else "Rúbrica para el formador"
    assert not any(rubric in c.source for c in release.cells)
    for student in ("completo", "vacio"):
        nb = nbformat.read(course / "autograded" / student / assignment / f"{assignment}.ipynb", as_version=4)
        written = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"
                   and c.metadata.get("nbgrader", {}).get("grade") and c.metadata["nbgrader"].get("solution")]
        assert written
        for index in written:
            prompt = next(c for c in reversed(nb.cells[:index]) if c.cell_type == "markdown")
            assert rubric in prompt.source, (student, index)
