"""Exercise 07: hours and money from the data, and a plan table written with plan(fila(...))
whose KPIs are Spanish words, graded by its constraints."""

from __future__ import annotations

import pandas as pd
import pytest

from rumbo.data import business_info, load_dataset
from rumbo.exercises import ex07
from rumbo.exercises.checks import CORRECT, INCORRECT
from rumbo.exercises.helpers import fila, plan
from tests.exercise_support import BUSINESSES, questions

Q = "07_tu_plan"


@pytest.mark.parametrize("business", BUSINESSES)
def test_hours_and_money_from_the_data(business):
    q = questions(Q, business)
    log = load_dataset(business, "time_log")
    weeks = ((log["date"].max() - log["date"].min()).days + 1) / 7
    assert q.q1.check(log["minutes"].sum() / 60 / weeks).status == CORRECT
    assert "minutos por semana" in q.q1.check(log["minutes"].sum() / weeks).message
    info = business_info(business)
    assert q.q2.check(info["hours_per_week"] * 52 / 12 * info["hourly_cost"]).status == CORRECT
    assert "4 semanas justas" in q.q2.check(info["hours_per_week"] * 4 * info["hourly_cost"]).message
    spend = load_dataset(business, "posts")["spend"].sum()
    assert q.q3.check(spend / 12).status == CORRECT and "por semana" in q.q3.check(spend / 52).message
    assert "fuera las horas" in q.q5.check(ex07.EXAMPLE_TOOLS + spend / 12).message


def good_plan(budget: float, kpi="ventas", hours=None, date="30/06/2026"):
    hours = budget * 0.4 if hours is None else hours
    return plan(fila("Más ventas desde redes", kpi=kpi, accion="Una oferta semanal", horas=hours, fecha=date),
                fila("Más visitas a la web", kpi="visitas a la web", accion="Dos vídeos", horas=budget * 0.4,
                     fecha="2026-09-30"))


@pytest.mark.parametrize("business", BUSINESSES)
def test_a_plan_table_that_meets_the_rules_is_right(business):
    q = questions(Q, business)
    assert q.q4.check(good_plan(q.budget)).status == CORRECT
    assert q.q4.check(good_plan(q.budget, kpi="Ventas atribuidas a redes al mes")).status == CORRECT
    assert q.q4.check(good_plan(q.budget, hours="0,5")).status == CORRECT
    assert q.q4.check(ex07.reference_table(business).to_dict("records")).status == CORRECT
    q.q4.assert_hidden(good_plan(q.budget))


def test_a_plan_table_that_breaks_a_rule_says_what_to_write():
    q = questions(Q, "panaderia")
    english = q.q4.check(good_plan(q.budget, kpi="engaged"))
    assert english.status == INCORRECT and '"personas que interactúan"' in english.message
    assert "presupuesto" in q.q4.check(good_plan(q.budget, hours=q.budget)).message
    assert "30/06/2026" in q.q4.check(good_plan(q.budget, date="el verano")).message
    assert "entre el 01/01/2026" in q.q4.check(good_plan(q.budget, date="01/01/2024")).message
    assert "entre 2 y 6" in q.q4.check(plan(fila("Uno", "ventas", "Algo", 1, "30/06/2026"))).message
    assert "plan(fila" in q.q4.check("mi plan").message
    twice = plan(*[fila("Lo mismo", "ventas", "Algo", 0.5, "30/06/2026")] * 2)
    assert q.q4.check(twice).status == CORRECT
    with pytest.raises(AssertionError, match="repetidos"):
        q.q4.assert_hidden(twice)


def test_kpis_are_chosen_among_spanish_words():
    words = list(ex07.kpi_table().index)
    assert "ventas" in words and "visitas a la web" in words
    assert not any("_" in w for w in words)


def test_the_challenge_grades_a_cost_function():
    reto = questions(Q, "panaderia").reto
    good = lambda t, c, h, a: t["horas"].sum() * 52 / 12 * c + h + a  # noqa: E731
    assert reto.check(good).status == CORRECT
    assert "revisa la fórmula" in reto.check(lambda t, c, h, a: t["horas"].sum() * 4 * c + h + a).message
    assert reto.check(pd.DataFrame()).status == INCORRECT
