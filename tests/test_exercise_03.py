"""Exercise 03: the plan's 17,14 € an hour rounded to cents, the minutes table, and ROI and
cost per customer with the hours counted, from the data of each business."""

from __future__ import annotations

import pytest

from rumbo.data import load_dataset
from rumbo.exercises import ex03
from rumbo.exercises.checks import CORRECT, INCORRECT
from tests.exercise_support import BUSINESSES, questions

Q = "03_coste_del_tiempo"


def test_seventeen_fourteen_an_hour_and_not_seventeen():
    q = questions(Q, "panaderia").q1
    assert q.check(17.14).status == CORRECT and q.check(600 / 35).status == CORRECT
    assert "dos decimales" in q.check(17).message
    assert "al revés" in q.check(35 / 600).message


@pytest.mark.parametrize("business", BUSINESSES)
def test_the_minutes_table_is_the_time_log(business):
    log = load_dataset(business, "time_log")
    table = questions(Q, business).minutes
    assert int(table.loc["total", "minutos"]) == int(log["minutes"].sum())
    assert int(table["minutos"].drop("total").sum()) == int(log["minutes"].sum())
    photo = int(log.loc[log["task"] == "photo_video", "minutes"].sum())
    q = questions(Q, business).q2
    assert q.check(photo / 60).status == CORRECT and "minutos" in q.check(photo).message


@pytest.mark.parametrize("business", BUSINESSES)
def test_roi_and_cac_count_the_hours(business):
    q, e = questions(Q, business), ex03.expected(business)
    res = e["results"]
    cost = res.ads + res.hours * res.hourly_cost
    assert q.q4.check((res.revenue - cost) / cost).status == CORRECT
    assert "sin contar las horas" in q.q4.check((res.revenue - res.ads) / res.ads).message
    assert q.q5.check(cost / res.new_customers).status == CORRECT
    assert "sin contar las horas" in q.q5.check(res.ads / res.new_customers).message
    content = sum(e["hours_by_task"][t] for t in ("content_creation", "photo_video", "writing"))
    assert q.q3.check(content / e["hours_by_task"].sum()).status == CORRECT
    assert "tres tareas" in q.q3.check(e["hours_by_task"]["content_creation"] / e["hours_by_task"].sum()).message


def test_the_challenge_is_the_groupby():
    reto = questions(Q, "panaderia").reto
    log = load_dataset("panaderia", "time_log")
    assert reto.check(log.groupby("task")["minutes"].sum() / 60).status == CORRECT
    assert reto.check(log.groupby("task")["minutes"].sum()).status == INCORRECT
