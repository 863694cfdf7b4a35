"""What the exercise tests share: the exercises, and a release notebook run in-process.

:func:`release_namespace` runs the locked cells of an exercise as the learner's kernel would
(setup, parameters with the business, the data cells), skipping answer, check and test cells,
so a test can type into it what a learner types and check it with the exercise's own objects.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path

import nbformat
from IPython.display import display

from rumbo.data import list_businesses
from rumbo.exercises.checks import Question

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir() and p.name[:2].isdigit())
BUSINESSES = list_businesses()


def module(exercise: str):
    """``rumbo.exercises.exNN`` for ``NN_slug`` (and for the English ``en_NN_slug``)."""
    return importlib.import_module(f"rumbo.exercises.ex{exercise.removeprefix('en_')[:2]}")


@lru_cache(maxsize=None)
def questions(exercise: str, business: str):
    """The exercise's question set for ``business`` (built once per test session)."""
    return module(exercise).questions(business)


def notebook(exercise: str, folder: str = "exercises") -> nbformat.NotebookNode:
    return nbformat.read(ROOT / folder / exercise / f"{exercise}.ipynb", as_version=4)


def _kind(cell) -> str:
    meta = cell.metadata.get("nbgrader", {})
    if meta.get("solution"):
        return "answer"
    if meta.get("grade"):
        return "test"
    if ".check(" in cell.source:
        return "check"
    return "setup"


@lru_cache(maxsize=None)
def _setup_code(exercise: str) -> tuple[str, ...]:
    return tuple(c.source for c in notebook(exercise).cells
                 if c.cell_type == "code" and _kind(c) == "setup" and "parameters" not in c.metadata.get("tags", []))


def release_namespace(exercise: str, business: str) -> dict:
    """The names a learner's kernel holds after running the exercise's locked cells (in English
    for an English exercise, ``en_NN_slug``)."""
    language = "en" if exercise.startswith("en_") else "es"
    namespace = {"business": business, "plan_path": None, "language": language, "display": lambda *a: None}
    for source in _setup_code(exercise):
        if source.strip() in {"rutina", "plan_tabla"}:  # cells that only show an answer
            continue
        exec(compile(source, f"<{exercise}>", "exec"), namespace)
    return namespace


def graded_questions(q) -> dict[str, Question]:
    """The autograded questions of a question set (q1, q2...), challenges left out."""
    return {name: value for name, value in vars(q).items()
            if isinstance(value, Question) and name.startswith("q") and name[1:].isdigit()}


def numeric_questions(q) -> dict[str, Question]:
    return {name: value for name, value in graded_questions(q).items() if value.precision is not None}


__all__ = ["BUSINESSES", "EXERCISES", "ROOT", "display", "graded_questions", "module", "notebook",
           "numeric_questions", "questions", "release_namespace"]
