"""What every exercise notebook promises an owner, read from the notebooks themselves.

- every exercise states its minutes and points to «Python mínimo»;
- every answer cell, in the source and in the release, starts with its ``None`` and one line
  saying what to write;
- every numeric question states in its prompt how it may be rounded;
- the code in each solution's answer cell is what ``qN.solution()`` shows;
- no prompt asks the learner to type one of the package's English codes;
- every written answer tells the learner what a good answer contains, and carries a rubric
  (a point per criterion, a full and a partial example) that the release leaves out and the
  trainer's guide repeats word for word.
"""

from __future__ import annotations

import re

import pytest

from rumbo.objectives import KPIS
from tests.exercise_support import EXERCISES, ROOT, graded_questions, notebook, numeric_questions, questions

ANSWER_HEAD = re.compile(r"^(# Reto[^\n]*\n)?(\w+) = None  # ← \S.{10,}$", re.MULTILINE)
RUBRIC = re.compile(r"<!-- BEGIN MARK SCHEME -->\n(.*?)\n<!-- END MARK SCHEME -->", re.DOTALL)


def meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def answer_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and meta(c).get("solution")]


def written(nb):
    """(prompt cell, answer cell) of every manually graded written answer."""
    pairs = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and meta(cell).get("grade") and meta(cell).get("solution"):
            prompt = next(c for c in reversed(nb.cells[:i]) if c.cell_type == "markdown")
            pairs.append((prompt, cell))
    return pairs


@pytest.mark.parametrize("exercise", EXERCISES)
def test_the_intro_states_the_minutes_and_points_to_python_minimo(exercise):
    intro = notebook(exercise, "solutions").cells[0].source
    assert re.search(r"\*\*Tiempo:\*\* unos \d+ minutos", intro)
    assert "00b_python_minimo.ipynb" in intro
    assert (ROOT / "course" / "00b_python_minimo.ipynb").exists()


@pytest.mark.parametrize("folder", ["solutions", "exercises"])
@pytest.mark.parametrize("exercise", EXERCISES)
def test_every_answer_cell_has_its_none_and_says_what_to_write(exercise, folder):
    cells = answer_cells(notebook(exercise, folder))
    assert cells
    for cell in cells:
        assert ANSWER_HEAD.match(cell.source), cell.source[:200]


@pytest.mark.parametrize("exercise", EXERCISES)
def test_numeric_prompts_state_the_rounding_and_solutions_are_what_solution_shows(exercise):
    nb = notebook(exercise, "solutions")
    q = questions(exercise, "panaderia")
    answers = {ANSWER_HEAD.match(c.source).group(2): c for c in answer_cells(nb)}
    for name, question in numeric_questions(q).items():
        cell = answers[question.variable]
        prompt = next(c for c in reversed(nb.cells[:nb.cells.index(cell)]) if c.cell_type == "markdown")
        assert question.precision.note() in prompt.source, (name, prompt.source)
    for name, question in [*graded_questions(q).items(), ("reto", getattr(q, "reto", None))]:
        if question is None:
            continue
        code = answers[question.variable].source.split("### BEGIN SOLUTION\n")[1].split("\n### END SOLUTION")[0]
        assert code.strip() == question.solution().body.strip(), name


@pytest.mark.parametrize("exercise", EXERCISES)
def test_no_prompt_asks_for_an_english_code(exercise):
    text = "\n".join(c.source for c in notebook(exercise).cells  # the optional challenges use pandas' names
                     if c.cell_type == "markdown" and "reto" not in meta(c).get("grade_id", ""))
    assert not [code for code in KPIS if code in text]


@pytest.mark.parametrize("exercise", EXERCISES)
def test_every_written_answer_has_a_rubric_for_the_trainer_only(exercise):
    source, release = notebook(exercise, "solutions"), notebook(exercise)
    pairs = written(source)
    assert pairs, "every exercise has a written answer"
    guide = (ROOT / "docs" / "guia_formador.md").read_text(encoding="utf-8")
    for prompt, answer in pairs:
        points = int(meta(answer)["points"])
        rubric = RUBRIC.search(prompt.source)
        assert rubric, meta(prompt)["grade_id"]
        text = rubric.group(1)
        assert f"Rúbrica para el formador · {points} puntos" in text
        assert len(re.findall(r"\*\*1 punto:\*\*", text)) == points
        assert f"**Completa ({points}/{points}):**" in text and "**Parcial (" in text
        assert "Una buena respuesta" in prompt.source.split("<!--")[0]
        assert meta(prompt).get("locked"), "a locked prompt is put back whole when grading"
        released = next(c for c in release.cells if meta(c).get("grade_id") == meta(prompt)["grade_id"])
        assert "Rúbrica" not in released.source and "Una buena respuesta" in released.source
        assert text in guide, f"docs/guia_formador.md lacks the rubric of {exercise} {meta(prompt)['grade_id']}"
