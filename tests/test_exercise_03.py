"""Exercise 03: each question passes on the reference answer, fails on a known wrong one,
and says "not attempted" for None, for every bundled business."""

from __future__ import annotations

import pandas as pd
import pytest

from rumbo.exercises.checks import CORRECT, INCORRECT, NOT_ATTEMPTED
from rumbo.data import business_info, datasets_dir, list_businesses, load_dataset
from rumbo.exercises.ex03 import expected, questions

BUSINESSES = ["panaderia", "cosmetica", "ferreteria"]


def learner_answers(business: str) -> dict:
    """The answers as a learner writes them in the solution notebook, with plain pandas."""
    bench = pd.read_csv(datasets_dir() / "benchmarks.csv")
    value = lambda key: float(bench.loc[bench["key"] == key, "value"].iloc[0])  # noqa: E731
    registro = load_dataset(business, "time_log")
    ventas = load_dataset(business, "sales")
    publicaciones = load_dataset(business, "posts")
    coste_hora = business_info(business)["hourly_cost"]
    horas_tarea = registro.groupby("task")["minutes"].sum() / 60
    contenido = horas_tarea[["content_creation", "photo_video", "writing"]].sum() / horas_tarea.sum()
    parte = ventas["social_last_click_orders"].sum() / ventas["orders"].sum()
    ingresos = ventas["revenue"].sum() * parte
    clientes = ventas["new_customers"].sum() * parte
    anuncios = publicaciones["spend"].sum()
    coste = anuncios + horas_tarea.sum() * coste_hora
    return {"q1": value("subsidised_plan_cost") / value("subsidised_plan_hours"),
            "q2": horas_tarea, "q3": contenido, "q4": (ingresos - coste) / coste,
            "q5": coste / clientes, "roi_no_time": (ingresos - anuncios) / anuncios,
            "cac_no_time": anuncios / clientes}


def test_businesses_are_the_bundled_ones():
    assert sorted(BUSINESSES) == list_businesses()


@pytest.mark.parametrize("business", BUSINESSES)
@pytest.mark.parametrize("name", ["q1", "q2", "q3", "q4", "q5"])
def test_reference_answer_passes_visible_and_hidden(business, name):
    q = getattr(questions(business), name)
    answer = learner_answers(business)[name]
    assert q.check(answer).status == CORRECT
    q.assert_ok(answer)
    q.assert_hidden(answer)


@pytest.mark.parametrize("business", BUSINESSES)
@pytest.mark.parametrize("name", ["q1", "q2", "q3", "q4", "q5"])
def test_none_is_not_attempted(business, name):
    assert getattr(questions(business), name).check(None).status == NOT_ATTEMPTED
    with pytest.raises(AssertionError):
        getattr(questions(business), name).assert_ok(None)


@pytest.mark.parametrize("business", BUSINESSES)
def test_known_wrong_answers_fail_with_a_useful_message(business):
    q, a = questions(business), learner_answers(business)
    e = expected(business)
    cases = [
        (q.q1, e["plan_hours"] / e["price"], "al revés"),
        (q.q1, 600 / 36, "no es el esperado"),
        (q.q2, a["q2"] * 60, "no es el esperado"),           # minutes, not hours
        (q.q2, a["q2"].drop("learning"), "etiquetas"),       # a task missing
        (q.q2, a["q2"].sum(), "serie"),                       # a total, not a Series
        (q.q3, a["q3"] * 100, "porcentaje"),
        (q.q3, a["q2"]["content_creation"] / a["q2"].sum(), "no es el esperado"),
        (q.q4, a["roi_no_time"], "sin contar las horas"),
        (q.q4, a["q4"] * 100, "porcentaje"),
        (q.q5, a["cac_no_time"], "sin contar las horas"),
        (q.q5, "mucho", "número"),
    ]
    for question, answer, words in cases:
        result = question.check(answer)
        assert result.status == INCORRECT, (question.name, answer)
        assert words in result.message, (question.name, result.message)
        with pytest.raises(AssertionError):
            question.assert_hidden(answer)


def test_hidden_tests_are_stricter_than_visible():
    q, e = questions("panaderia"), expected("panaderia")
    nearly = e["cost_per_hour"] * (1 + 5e-4)
    assert q.q1.check(nearly).status == CORRECT
    with pytest.raises(AssertionError):
        q.q1.assert_hidden(nearly)


def test_expected_values_come_from_the_data():
    e = expected("panaderia")
    assert e["cost_per_hour"] == pytest.approx(600 / 35)
    assert e["roi"] < e["roi_without_time"] and e["cac"] > e["cac_without_time"]
    assert expected("ferreteria")["currency"] == "COP"
