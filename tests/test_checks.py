"""Self-check objects and the readers of what owners type: right, wrong, not attempted, not run;
rounding the way a person rounds; messages in her words; never a traceback or a type's name."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from rumbo.core.i18n import set_language
from rumbo.exercises import kernel
from rumbo.exercises.checks import (CORRECT, INCORRECT, NOT_ATTEMPTED, NOT_RUN, CheckFailed, Question,
                                    close_to, number_question, same_function, same_mapping, same_series)
from rumbo.exercises.typed import (WHOLE, Incorrect, Precision, money_precision, read_choice, read_dates,
                                   read_letters, read_number)

#: Words a message for an owner never says.
JARGON = ("tuple", "str", "float", "int", "NameError", "Traceback", "traceback", "NoneType", "Series")


@pytest.fixture(autouse=True)
def fresh_kernel_state():
    kernel.forget()
    yield
    kernel.forget()


def plain_words(message: str) -> bool:
    return not any(word in message.replace("«", " ").replace("»", " ").split() or word in message
                   for word in JARGON)


def ratio_question(target=0.25, decimals=2, **kw):
    return number_question("P1", lambda: target, Precision(decimals), variable="crecimiento", ratio=True,
                           hint="pista", solution="crecimiento = 0.25", **kw)


def test_what_owners_type_for_a_proportion():
    q = ratio_question()
    cases = [
        (0.25, CORRECT, "Bien hecho"),
        ("25%", CORRECT, "He leído «25%» como 0.25"),
        ("25 %", CORRECT, "como 0.25"),
        ("0,25", CORRECT, "como 0.25"),
        ((0, 25), INCORRECT, "En Python los decimales llevan punto: escribe 0.25"),
        (25, INCORRECT, "parece un porcentaje; aquí se pide la proporción: escribe 0.25"),
        (None, NOT_ATTEMPTED, "Aún no has respondido"),
        ("mucho", INCORRECT, "No puedo leer «mucho» como un número"),
        (True, INCORRECT, "Aquí va un número"),
        (math.nan, INCORRECT, "vacío"),
        ([0.25], INCORRECT, "un solo número"),
        (pd.Series([0.25]), INCORRECT, "un solo número"),
    ]
    for typed, status, fragment in cases:
        result = q.check(typed)
        assert result.status == status, (typed, result)
        assert fragment in result.message, (typed, result.message)
        assert plain_words(result.message), result.message


def test_a_percentage_asked_and_a_proportion_typed():
    q = number_question("P1", lambda: 25.0, Precision(1), variable="x", percent=True, hint="", solution="")
    assert "parece una proporción; aquí se pide el porcentaje: escribe 25" in q.check(0.25).message
    assert q.check("25%").ok and q.check(25).ok


def test_rounded_the_way_a_person_rounds():
    per_hour = number_question("P1", lambda: 600 / 35, money_precision("EUR"), variable="coste", hint="", solution="")
    assert per_hour.check(17.14).ok and per_hour.check(17.143).ok and per_hour.check("17,14 €").ok
    coarse = per_hour.check(17)
    assert coarse.status == INCORRECT and "decimales" in coarse.message and "dos decimales" in coarse.message
    assert per_hour.check(17.15).status == INCORRECT  # rounded wrong, near: the rounding is named
    assert "redondear" in per_hour.check(17.15).message
    share = ratio_question(0.5837, decimals=2)
    assert share.check(0.58).ok and share.check(0.584).ok and share.check("58,4 %").ok
    assert share.check(0.6).status == INCORRECT
    people = number_question("P1", lambda: 1041.96, WHOLE, variable="p", hint="", solution="")
    assert people.check(1042).ok and people.check(1041.96).ok and not people.check(1040).ok


def test_the_precision_says_itself_and_money_follows_the_currency():
    assert Precision(2).note() == "Vale redondeado a dos decimales."
    assert WHOLE.note() == "Vale redondeado a la unidad."
    assert money_precision("EUR").decimals == 2 and money_precision("COP").decimals == 0


def test_the_thousands_dot_and_a_known_slip_are_named():
    q = number_question("P1", lambda: 1553.33 * 0.7, money_precision("EUR"), variable="ahorro", hint="", solution="",
                        slips=((lambda: 1553.33 * 0.3, "Eso es lo que se seguiría devolviendo."),))
    assert "Los miles no llevan punto: escribe 1087" in q.check(1.087).message
    assert q.check(1553.33 * 0.3).message.startswith("Eso es lo que se seguiría devolviendo")
    assert q.check(round(1553.33 * 0.3, 2)).message.startswith("Eso es")  # rounded slips too
    assert q.check("1.087,33").ok


def test_an_answer_whose_cell_failed_is_not_judged():
    q = ratio_question()
    kernel.watch(["crecimiento"])
    kernel.record("crecimiento = fín - 1", NameError("name 'fín' is not defined", name="fín"))
    result = q.check(0.25)  # the value left from before is right, but the cell did not run
    assert result.status == NOT_RUN and "no se ha ejecutado" in result.message
    assert "«crecimiento»" in result.message and plain_words(result.message)
    with pytest.raises(CheckFailed, match="Sin ejecutar"):
        q.assert_ok(0.25)
    kernel.record("crecimiento = 0.25", None)
    assert q.check(0.25).ok


def test_a_failed_check_is_one_line_for_ipython_and_an_assertion_for_nbgrader():
    q = ratio_question()
    with pytest.raises(AssertionError) as raised:
        q.assert_ok((0, 25))
    error = raised.value
    assert isinstance(error, CheckFailed) and type(error).__name__ == "Comprobación"
    assert error._render_traceback_() == [str(error)]
    assert str(error) == "P1: ✖ Todavía no. En Python los decimales llevan punto: escribe 0.25"
    with pytest.raises(CheckFailed, match="Sin responder"):
        q.assert_hidden(None)


def test_hidden_checks_run_after_the_visible_one():
    q = Question("P1", close_to(lambda: 1.0, rel=0.1), "pista", "x = 1",
                 hidden=[close_to(lambda: 1.0, rel=1e-6)])
    q.assert_ok(1.05)
    with pytest.raises(AssertionError):
        q.assert_hidden(1.05)
    q.assert_hidden(1.0)


def test_a_solution_is_code_to_paste_and_a_hint_is_text():
    q = ratio_question()
    assert q.solution().body == "crecimiento = 0.25"
    assert "```python\ncrecimiento = 0.25\n```" in q.solution()._repr_markdown_()
    assert "pista" in str(q.hint()) and q.call == "q1"


def test_read_number_passes_numbers_of_every_kind():
    for value in (3, 3.0, np.int64(3), np.float64(3.0)):
        assert read_number(value).value == 3.0
    assert read_number("1.500").value == 1500 and read_number("1.500").note
    with pytest.raises(Incorrect, match="separados por comas"):
        read_number((1, 234, 56))
    with pytest.raises(Incorrect, match="infinita"):
        read_number(math.inf)


def test_choices_letters_and_dates():
    options = {"ventas": "sales", "visitas a la web": "web_visits"}
    assert read_choice("Ventas ", options) == "sales" and read_choice("VISITAS A LA WEB", options) == "web_visits"
    with pytest.raises(Incorrect, match='"ventas", "visitas a la web"'):
        read_choice("engaged_users", options)
    assert read_letters("b, e y h", "abcdefgh") == {"b", "e", "h"}
    assert read_letters("BEH", "abcdefgh") == {"b", "e", "h"}
    assert read_letters({"a": True, "b": False}, "ab") == {"a"}
    with pytest.raises(Incorrect, match="«z»"):
        read_letters("a, z", "abcdefgh")
    days = read_dates("16/12/2025, 2025-12-20")
    assert [d.isoformat() for d in days] == ["2025-12-16", "2025-12-20"]
    with pytest.raises(Incorrect, match="30/06/2026"):
        read_dates("el martes")


def test_checkers_for_the_optional_challenges():
    f = Question("Reto", same_function(lambda a, b: a / b, [(1, 2), (3, 4)]), "", "")
    assert f.check(lambda a, b: a / b).ok
    assert "(1, 2)" in f.check(lambda a, b: a * b).message
    boom = f.check(lambda a, b: 1 / 0)
    assert boom.status == INCORRECT and "da un error" in boom.message and plain_words(boom.message)
    assert f.check(42).status == INCORRECT
    m = Question("Reto", same_mapping(lambda: {"a": True, "b": False}), "", "")
    assert "1 respuestas" in m.check({"a": False, "b": False}).message
    s = Question("Reto", same_series(lambda: pd.Series({"reel": 0.03, "foto": 0.02})), "", "")
    assert s.check({"reel": 0.03, "foto": 0.02}).ok and not s.check([0.03, 0.02]).ok


def test_results_display_as_markdown_and_in_english():
    q = ratio_question()
    assert "Correcto" in str(q.check(0.25)) and "Correcto" in q.check(0.25)._repr_markdown_()
    set_language("en")
    try:
        assert "Python uses a point for decimals: write 0.25" in q.check((0, 25)).message
        assert "Not answered" in str(q.check(None))
    finally:
        set_language("es")


def test_a_misconception_worked_with_rounded_numbers_is_still_named():
    yearly = (913 - 800) / 800
    q = number_question("P2", lambda: (913 / 800) ** (1 / 12) - 1, Precision(4), variable="mensual", ratio=True,
                        hint="", solution="", slips=((lambda: yearly / 12, "Has repartido el crecimiento"),))
    assert q.check(0.14 / 12).message.startswith("Has repartido")  # 0.14 is the growth, rounded
    assert "no es el resultado esperado" in q.check(0.05).message
    assert q.check(0.0111).ok  # the right value is never taken for the slip next to it
