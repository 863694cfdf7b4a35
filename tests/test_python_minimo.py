"""«Python mínimo» (course/00b_python_minimo.ipynb): its self-checks accept what the exercises
accept and say what the exercises say; the example of an error is the kernel's own message."""

from __future__ import annotations

import pytest

from rumbo.exercises import minimo
from rumbo.exercises.checks import CORRECT, INCORRECT, NOT_ATTEMPTED
from tests.exercise_support import BUSINESSES, ROOT


@pytest.mark.parametrize("business", BUSINESSES)
def test_the_four_tries(business):
    q = minimo.questions(business)
    assert q.q1.check(2.5).status == CORRECT
    assert "decimales llevan punto: escribe 2.5" in q.q1.check((2, 5)).message
    assert "Falta el punto" in q.q1.check(25).message
    assert q.q2.check("b").status == CORRECT and q.q2.check(" B ").status == CORRECT
    assert "«c»" in q.q2.check("c").message and "entre comillas" in q.q2.check(2).message
    assert q.q3.check(q.end).status == CORRECT and "1 de enero" in q.q3.check(q.start).message
    assert q.q4.check((q.end - q.start) / q.start).status == CORRECT
    assert all(x.check(None).status == NOT_ATTEMPTED for x in (q.q1, q.q2, q.q3, q.q4))
    assert q.q4.check(q.end - q.start).status == INCORRECT


def test_the_example_of_an_error_is_the_kernels_message():
    assert minimo.error_message("precio = 2,50 €") == "⚠ En Python los decimales llevan punto: escribe 2.50 (no 2,50)."
    assert "comillas" in minimo.error_message("opcion = b")
    assert minimo.error_message("x = 1") == "Esta línea no da ningún error."


def test_module_0_and_the_readme_link_it():
    assert "00b_python_minimo.ipynb" in (ROOT / "README.md").read_text(encoding="utf-8")
    module_0 = (ROOT / "course" / "00_bienvenida.ipynb").read_text(encoding="utf-8")
    assert "00b_python_minimo.ipynb" in module_0
