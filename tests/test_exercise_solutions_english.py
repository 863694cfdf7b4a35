"""In an English session, what ``qN.solution()`` shows is English and runs: the labels it types
(post types, task rows, KPIs, the example plan) are the ones the English tables show, the same the
English solution notebooks type. Column names (``"minutos"``, ``"desde"``) are code, the same in
both editions."""

from __future__ import annotations

import ast

import pytest

from rumbo.core.i18n import get_language, set_language
from rumbo.exercises.checks import Question
from rumbo.views.language_check import spanish_words
from tests.exercise_support import ROOT, notebook, release_namespace

ENGLISH = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir() and p.name.startswith("en_"))


def literals(code: str) -> set[str]:
    return {node.value for node in ast.walk(ast.parse(code))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def typed_in_solution_notebook(exercise: str) -> set[str]:
    """Every string the English solution notebook types in its answer cells."""
    found = set()
    for cell in notebook(exercise, "solutions").cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
            found |= literals(cell.source.replace("### BEGIN SOLUTION", "").replace("### END SOLUTION", ""))
    return found


@pytest.fixture
def english_session():
    before = get_language()
    yield
    set_language(before)


@pytest.mark.parametrize("exercise", ENGLISH)
def test_english_solutions_are_english_and_run(exercise, english_session):
    namespace = release_namespace(exercise, "panaderia")
    assert get_language() == "en"
    questions = {name: value for name, value in vars(namespace["q"]).items() if isinstance(value, Question)}
    assert questions, f"{exercise}: no questions found"
    typed = typed_in_solution_notebook(exercise)
    kernel = dict(namespace)  # the solutions typed one after the other, as a learner would
    for name, question in questions.items():
        shown = question.solution()
        words = [shown.title, *(text for text in literals(question.solution_text)
                                if not (text.isascii() and text.isidentifier()))]  # column names are code
        assert [spanish_words(text) for text in words] == [[]] * len(words), f"{exercise} {name}: {shown}"
        assert literals(question.solution_text) <= typed, (
            f"{exercise} {name} types {sorted(literals(question.solution_text) - typed)}, "
            "which the English solution notebook does not")
        if question.variable:
            exec(compile(question.solution_text, f"<{exercise} {name}>", "exec"), kernel)
            result = question.check(kernel[question.variable])
            assert result.ok, f"{exercise} {name}: {result}"
