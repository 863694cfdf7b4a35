"""The exercise kernel speaks to an owner: every error is one Spanish line (still an error for
Jupyter and nbgrader), and an answer whose cell failed is never judged by a value left over.

The unit tests feed :func:`rumbo.exercises.kernel.explain` the real exceptions Python raises
for what owners type; the last test runs a real IPython kernel (nbclient) through the cells of
an exercise, as nbgrader and JupyterLab do.
"""

from __future__ import annotations

import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from rumbo.exercises import kernel
from rumbo.exercises.kernel import explain

JARGON = ("tuple", "NameError", "SyntaxError", "Traceback", "traceback", "TypeError", "str'", "float")


@pytest.fixture(autouse=True)
def fresh_kernel_state():
    kernel.forget()
    yield
    kernel.forget()


def raised(code: str, namespace: dict | None = None) -> BaseException:
    """The exception Python raises for ``code`` (compiling or running it)."""
    try:
        exec(compile(code, "<celda>", "exec"), namespace if namespace is not None else {})
    except Exception as exc:  # noqa: BLE001 (any error is what we want to see)
        return exc
    raise AssertionError(f"{code!r} raised nothing")


@pytest.mark.parametrize("code,fragment", [
    ("crecimiento = 0,05", "En Python los decimales llevan punto: escribe 0.05 (no 0,05)."),
    ("milagro = crecimiento_mensual(100, 1.000.000, 3)", "los miles no llevan punto: escribe 1000000"),
    ("crecimiento = 14%", "El signo % no se escribe en Python"),
    ("coste = 600 × 35", "Python no entiende el signo «×»: escribe * en su lugar."),
    ('kpi = "ventas', "Te falta cerrar las comillas"),
    ("x = (913 - 800 / 800", "Revisa los paréntesis"),
    ("  x = 1", "Sobran espacios al principio"),
    ("x = 17 euros", "Python no entiende la línea «x = 17 euros»"),
])
def test_what_owners_type_that_python_cannot_read(code, fragment):
    message = explain(raised(code), code)
    assert fragment in message
    assert not any(word in message for word in JARGON), message


def test_a_name_python_does_not_know():
    namespace = {"fin": 913, "inicio": 800}
    assert "¿Querías decir «fin»?" in explain(raised("x = fín - inicio", dict(namespace)), "", namespace)
    assert 'escríbelo entre comillas: "b"' in explain(raised("smart = b", {}), "")


def test_an_answer_variable_misspelled_or_never_run_is_named():
    kernel.watch(["crecimiento"])
    namespace = {"crecimento": 0.14}  # she wrote the name her way in the answer cell
    message = explain(raised("print(crecimiento)", dict(namespace)), "", namespace)
    assert "«crecimento»" in message and "crecimiento = ..." in message
    message = explain(raised("print(crecimiento)", {}), "", {})
    assert "ejecuta antes la celda de tu respuesta" in message and "«crecimiento =»" in message
    kernel.record("crecimiento = 0,05", raised("crecimiento = 0,05"))
    message = explain(raised("print(crecimiento)", {}), "", {})
    assert "no se ha ejecutado" in message and "0.05" in message


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
def test_arithmetic_with_text_and_dividing_by_zero():
    assert "los números van sin comillas" in explain(raised('x = "913" - 800'))
    assert "dividido entre cero" in explain(raised("x = 5 / 0"))
    assert "para multiplicar escribe *" in explain(raised("x = 2(3 + 4)"))


def test_only_cells_that_set_a_watched_answer_are_recorded():
    kernel.watch(["mensual"])
    kernel.record("mensual = crecimiento_mensual(800, 913, 12)", None)
    kernel.record("otra = 1/0", ZeroDivisionError())
    assert kernel.failed_answer("mensual") is None and kernel.failed_answer("otra") is None
    kernel.record("mensual = 1/0", ZeroDivisionError())
    assert "cero" in kernel.failed_answer("mensual")


CELLS = [
    "from rumbo.exercises.checks import number_question\n"
    "from rumbo.exercises.kernel import install\n"
    "from rumbo.exercises.typed import Precision\n"
    "q1 = number_question('P1', lambda: 0.25, Precision(2), variable='crecimiento', ratio=True,\n"
    "                     hint='', solution='crecimiento = 0.25')\n"
    "install(['crecimiento'])",
    "crecimiento = 0.25",                  # 1: right
    "crecimiento = 0,05",                  # 2: a decimal comma with a leading zero: a syntax error
    "q1.check(crecimiento)",               # 3: the old 0.25 must not be judged
    "q1.assert_ok(crecimiento)",           # 4: the graded cell fails, in one line
    "crecimiento = 0,25",                  # 5: a tuple
    "q1.assert_ok(crecimiento)",           # 6
    "q1.check(crecimento)",                # 7: a misspelled name in the check
    "# Reto\nmi_funcion = 1 / 0",          # 8: a challenge keeps the traceback
    "crecimiento = 0.25",                  # 9
    "q1.assert_ok(crecimiento)",           # 10: passes, no output
]


def test_in_a_real_kernel_every_error_is_one_spanish_line_and_still_an_error():
    nb = new_notebook(cells=[new_code_cell(c) for c in CELLS])
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=60).execute()
    out = [cell.outputs for cell in nb.cells]

    def error(i):
        errors = [o for o in out[i] if o.output_type == "error"]
        assert len(errors) == 1, (i, out[i])
        return errors[0]

    def text(i):
        return "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in out[i])

    assert not out[1]
    assert error(2).traceback == ["⚠ En Python los decimales llevan punto: escribe 0.05 (no 0,05)."]
    assert "Sin ejecutar" in text(3) and "no se ha ejecutado" in text(3) and "0.25" not in text(3).split(":")[0]
    failed = error(4)
    assert failed.ename == "Comprobación" and len(failed.traceback) == 1
    assert failed.traceback[0].startswith("P1: ⚠ Sin ejecutar.")
    assert error(6).traceback == ["P1: ✖ Todavía no. En Python los decimales llevan punto: escribe 0.25"]
    assert "«crecimento»" in error(7).traceback[0] and len(error(7).traceback) == 1
    challenge = error(8).traceback
    assert challenge[0].startswith("⚠ Has dividido entre cero") and len(challenge) > 1
    assert not out[10]
    for i in (2, 4, 6, 7):
        assert not any(word in line for line in error(i).traceback for word in JARGON), error(i).traceback
        assert "checks.py" not in "".join(error(i).traceback)
