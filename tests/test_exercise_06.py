"""Exercise 06: each question passes on the reference answer, fails on a known wrong one,
and says "not attempted" for None. Run for every bundled business."""

from __future__ import annotations

import pandas as pd
import pytest

from rumbo.exercises.checks import CORRECT, INCORRECT, NOT_ATTEMPTED
from rumbo.data import business_info, load_dataset
from rumbo.exercises import ex06

BUSINESSES = ("panaderia", "cosmetica", "ferreteria")


@pytest.fixture(scope="module", params=BUSINESSES)
def case(request):
    business = request.param
    return business, ex06.questions(business)


def test_q1_logged_hours_per_week(case):
    business, q = case
    log = load_dataset(business, "time_log")
    weeks = ((log["date"].max() - log["date"].min()).days + 1) / 7
    good = log["minutes"].sum() / 60 / weeks
    assert q.q1.check(good).status == CORRECT
    q.q1.assert_hidden(good)
    assert q.q1.check(log["minutes"].sum() / 60 / 52).status == INCORRECT  # 52 weeks, not the span
    assert q.q1.check(log["minutes"].sum() / weeks).status == INCORRECT    # minutes, not hours
    assert q.q1.check(None).status == NOT_ATTEMPTED


def test_q2_monthly_time_cost(case):
    business, q = case
    info = business_info(business)
    good = info["hours_per_week"] * 52 / 12 * info["hourly_cost"]
    assert q.q2.check(good).status == CORRECT
    q.q2.assert_hidden(float(good))
    assert q.q2.check(info["hours_per_week"] * 4 * info["hourly_cost"]).status == INCORRECT
    assert q.q2.check("mucho").status == INCORRECT
    assert q.q2.check(None).status == NOT_ATTEMPTED


def test_q3_ads_per_month(case):
    business, q = case
    posts = load_dataset(business, "posts")
    good = posts["spend"].sum() / 12
    assert q.q3.check(good).status == CORRECT
    q.q3.assert_hidden(good)
    assert q.q3.check(posts["spend"].mean()).status == INCORRECT
    assert q.q3.check(None).status == NOT_ATTEMPTED


def test_q4_plan_table_graded_by_constraints(case):
    business, q = case
    good = ex06.reference_table(business)
    assert q.q4.check(good).status == CORRECT
    assert q.q4.check(good.to_dict("records")).status == CORRECT
    q.q4.assert_hidden(good)
    over = good.assign(horas=q.budget)  # two rows of the whole budget each
    result = q.q4.check(over)
    assert result.status == INCORRECT and "presupuesto" in result.message
    no_kpi = good.assign(kpi=["engagement_rate", ""])
    assert "KPI" in q.q4.check(no_kpi).message
    no_date = good.assign(fecha=["2026-06-30", None])
    assert "fecha" in q.q4.check(no_date).message
    past = good.assign(fecha=["2024-01-01", "2026-06-30"])
    assert "entre" in q.q4.check(past).message
    assert "columnas" in q.q4.check(good.drop(columns="accion")).message
    assert "filas" in q.q4.check(good.head(1)).message
    assert q.q4.check("una tabla").status == INCORRECT
    assert q.q4.check(None).status == NOT_ATTEMPTED
    twice = pd.DataFrame([good.iloc[0], good.iloc[0]]).assign(horas=0.1)
    assert q.q4.check(twice).status == CORRECT
    with pytest.raises(AssertionError, match="repetidos"):
        q.q4.assert_hidden(twice)


def test_q4_accepts_dates_as_timestamps(case):
    business, q = case
    table = ex06.reference_table(business).assign(fecha=lambda t: pd.to_datetime(t["fecha"]))
    assert q.q4.check(table).status == CORRECT


def test_q5_monthly_cost_function(case):
    business, q = case

    def coste_mensual(tabla, coste_hora, herramientas, anuncios):
        return tabla["horas"].sum() * 52 / 12 * coste_hora + herramientas + anuncios

    def forgets_ads(tabla, coste_hora, herramientas, anuncios):
        return tabla["horas"].sum() * 52 / 12 * coste_hora + herramientas

    def four_weeks(tabla, coste_hora, herramientas, anuncios):
        return tabla["horas"].sum() * 4 * coste_hora + herramientas + anuncios

    assert q.q5.check(coste_mensual).status == CORRECT
    q.q5.assert_hidden(coste_mensual)
    assert q.q5.check(forgets_ads).status == INCORRECT
    assert q.q5.check(four_weeks).status == INCORRECT
    assert "función" in q.q5.check(42).message
    assert q.q5.check(lambda *a: "caro").status == INCORRECT
    assert q.q5.check(None).status == NOT_ATTEMPTED


def test_expected_values_come_from_the_data():
    assert ex06.budget_hours("panaderia") == 3
    assert ex06.logged_weekly_hours("panaderia") > ex06.budget_hours("panaderia")  # the lesson
    assert ex06.ads_per_month("panaderia") > 0
    assert str(ex06.plan_start("cosmetica")) == "2026-01-01"
