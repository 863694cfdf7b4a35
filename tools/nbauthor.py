"""Authoring helpers: write course and nbgrader notebooks from Python lists of cells.

Notebooks are the source of truth; these helpers only save typing the JSON and
the nbgrader cell metadata by hand (and getting it subtly wrong). Typical use,
from a throwaway script::

    from nbauthor import md, code, params, answer, check, tests, written, save
    save("solutions/00_bienvenida/00_bienvenida.ipynb", [md("# ..."), code("..."), ...])

then ``make outputs`` executes it and ``make exercises`` generates the release.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

_ids: dict[str, int] = {}


def _slug(text: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:24] or "cell"
    _ids[base] = _ids.get(base, 0) + 1
    return base if _ids[base] == 1 else f"{base}-{_ids[base]}"


def _nbgrader(grade_id: str, *, grade=False, solution=False, locked=False, points=None, task=False):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": task}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def md(source: str, *, grade_id: str | None = None, locked: bool = False, tags=()):
    """A Markdown cell. In an nbgrader notebook pass ``grade_id`` to make it read-only."""
    cell = new_markdown_cell(source.strip("\n"))
    if grade_id:
        cell.metadata.update(_nbgrader(grade_id, locked=True))
    if tags:
        cell.metadata["tags"] = list(tags)
    cell.id = _slug(grade_id or source[:30])
    return cell


def code(source: str, *, grade_id: str | None = None, tags=()):
    """A code cell; with ``grade_id`` it is locked (read-only) in the exercise."""
    cell = new_code_cell(source.strip("\n"))
    if grade_id:
        cell.metadata.update(_nbgrader(grade_id, locked=True))
    if tags:
        cell.metadata["tags"] = list(tags)
    cell.id = _slug(grade_id or source[:30])
    return cell


def params(source: str, *, grade_id: str | None = None):
    """The cell tagged ``parameters`` that papermill overrides."""
    return code(source, grade_id=grade_id, tags=("parameters",))


def answer(grade_id: str, variable: str, solution: str, *, what: str = "escribe tu respuesta aquí",
           challenge: bool = False):
    """An answer cell: ``variable = None  # ← what to write`` for the learner, then the hidden
    solution. A challenge cell (optional, ungraded) starts with ``# Reto``, which keeps Python's
    traceback under the Spanish message for learners who program."""
    head = "# Reto (opcional: no cuenta para la nota)\n" if challenge else ""
    src = (f"{head}{variable} = None  # ← {what}\n"
           f"### BEGIN SOLUTION\n{solution.strip()}\n### END SOLUTION")
    cell = new_code_cell(src)
    cell.metadata.update(_nbgrader(grade_id, solution=True))
    cell.id = _slug(grade_id)
    return cell


def function_answer(grade_id: str, solution: str):
    """An answer cell whose whole body is the learner's function (stub left by nbgrader)."""
    cell = new_code_cell(f"### BEGIN SOLUTION\n{solution.strip()}\n### END SOLUTION")
    cell.metadata.update(_nbgrader(grade_id, solution=True))
    cell.id = _slug(grade_id)
    return cell


def check(grade_id: str, question: str, variable: str):
    """The read-only self-check cell: instant feedback, no points."""
    return code(f"{question}.check({variable})", grade_id=grade_id)


def tests(grade_id: str, question: str, variable: str, points: int = 1):
    """The locked, graded test cell: the visible check, then hidden tests behind a call."""
    src = (f"{question}.assert_ok({variable})\n### BEGIN HIDDEN TESTS\n"
           f"{question}.assert_hidden({variable})\n### END HIDDEN TESTS")
    cell = new_code_cell(src)
    cell.metadata.update(_nbgrader(grade_id, grade=True, locked=True, points=points))
    cell.id = _slug(grade_id)
    return cell


def rubric_prompt(grade_id: str, prompt: str, rubric: str):
    """The read-only prompt of a written answer. ``rubric`` (what earns each point, a full and
    a partial answer) sits in a mark-scheme region: nbgrader leaves it out of the release and
    puts it back when grading, so the trainer reads it in formgrader above each answer."""
    body = (f"{prompt.strip()}\n\n<!-- BEGIN MARK SCHEME -->\n{rubric.strip()}\n"
            f"<!-- END MARK SCHEME -->")
    return md(body, grade_id=grade_id)


def written(grade_id: str, prompt_answer: str, points: int = 2):
    """A manually graded written answer (Markdown the learner edits)."""
    cell = new_markdown_cell(f"### BEGIN SOLUTION\n{prompt_answer.strip()}\n### END SOLUTION")
    cell.metadata.update(_nbgrader(grade_id, grade=True, solution=True, points=points))
    cell.id = _slug(grade_id)
    return cell


def save(path: str | Path, cells: list) -> Path:
    """Write ``cells`` as a Python 3 notebook (unexecuted; run ``make outputs`` after)."""
    _ids.clear()
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
        "language_info": {"name": "python"},
    })
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return path
