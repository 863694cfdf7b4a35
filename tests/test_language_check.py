"""rumbo.views.language_check: the detector of Spanish left in English text."""

from __future__ import annotations

import pytest

from rumbo.views.language_check import spanish_chunks, spanish_excerpts, spanish_words


@pytest.mark.parametrize("text", [
    "Guarda tu plan para la semana que viene",
    "<p>El módulo 3 está listo</p>",
    "Choose a network ¿cuál?",
    "Reach (alcance de las publicaciones)",
    "Country: España",
])
def test_spanish_is_found(text):
    assert spanish_words(text)


@pytest.mark.parametrize("text", [
    "Save your plan for next week",
    "No, me neither: a son and a daughter, hay fever, sin and salt",
    "<p title='de la'>Module 3 is ready</p>",              # attributes are not seen
    "See https://example.com/de/la/para and write to ana@que.es",
    "The best bread in Getxo, 1,234.50 €",
    "Don't delete it, it's yours",
])
def test_english_passes(text):
    assert spanish_words(text) == []


def test_proper_names_are_left_alone_but_nothing_else():
    names = ("Ferretería El Tornillo", "Panadería Goikoa")
    assert spanish_words("Ferretería El Tornillo and Panadería Goikoa: your plan", names) == []
    assert spanish_words("Ferretería El Tornillo, para ti", names) == ["para"]


def test_excerpts_say_where():
    [excerpt] = spanish_excerpts("Your weekly plan: <b>guarda el plan</b> before Friday")
    assert "guarda el plan" in excerpt


def test_words_that_are_english_too_are_never_signs():
    from rumbo.views.language_check import ALSO_ENGLISH, SPANISH_STOP_WORDS

    assert not SPANISH_STOP_WORDS & ALSO_ENGLISH
    assert spanish_words("Plot x against y, o and u are vowels, 5 mi away, see ya") == []


@pytest.mark.parametrize("text", [
    "Esta celda prepara el cuaderno con los datos del negocio.",
    "Ventas en el mes",
    "Escribe tu objetivo y pulsa Guardar",
    "¿Qué publicas los lunes?",
])
def test_a_spanish_line_of_a_notebook_is_found(text):
    assert spanish_chunks(text) == [text]


def test_notebook_chunks_leave_out_code_names_formulas_and_single_words():
    names = ("Panadería Goikoa", "Ferretería El Tornillo", "Getxo", "Medellín")
    assert spanish_chunks("Panadería Goikoa in Getxo and Ferretería El Tornillo in Medellín sell more.",
                          names) == []
    assert spanish_chunks("Type `crecimiento_mensual(inicio, fin, meses)` and press Shift + Enter.") == []
    assert spanish_chunks("Growth is $\\frac{fin - inicio}{inicio}$ per month") == []
    assert spanish_chunks("| objetivo | 3% |\n| kpi | 5% |") == []           # one code word per cell
    assert spanish_chunks("<td>Supuesto del curso: no hay una fuente</td><td>3%</td>", markup=True) == [
        "Supuesto del curso: no hay una fuente"]
    assert spanish_chunks("Your goal: más clientes", signs=1) == ["Your goal: más clientes"]
