"""Exercise 04: each question passes on the reference answer, fails on a known wrong one,
and says "not attempted" for None. Run for every bundled business."""

from __future__ import annotations

import pandas as pd
import pytest

from rumbo.exercises.checks import CORRECT, INCORRECT, NOT_ATTEMPTED
from rumbo.data import load_dataset
from rumbo.exercises import ex04

BUSINESSES = ("panaderia", "cosmetica", "ferreteria")


@pytest.fixture(scope="module", params=BUSINESSES)
def case(request):
    business = request.param
    return business, ex04.questions(business), load_dataset(business, "posts")


def test_q1_weekly_counts(case):
    _b, q, posts = case
    good = posts.resample("W", on="published_at").size()
    assert q.q1.check(good).status == CORRECT
    q.q1.assert_hidden(good)
    daily = posts.resample("D", on="published_at").size()
    assert q.q1.check(daily).status == INCORRECT
    shifted = good + 1
    assert q.q1.check(shifted).status == INCORRECT
    assert q.q1.check(None).status == NOT_ATTEMPTED


def test_q2_longest_gap(case):
    business, q, posts = case
    days = posts["published_at"].dt.normalize().sort_values()
    good = days.diff().max().days
    assert q.q2.check(good).status == CORRECT
    q.q2.assert_hidden(int(good))
    assert q.q2.check(good - 1).status == INCORRECT  # counting the empty days only
    timedelta = days.diff().max()
    result = q.q2.check(timedelta)
    assert result.status == INCORRECT and "número" in result.message
    assert q.q2.check(None).status == NOT_ATTEMPTED


def test_the_bakery_has_its_silent_month():
    assert ex04.gap_days("panaderia") > 30


def test_q3_share_of_weeks_on_target(case):
    _b, q, posts = case
    ig = posts[posts["network"] == "instagram"]
    weekly = ig.resample("W", on="published_at").size()
    good = (weekly >= q.target).mean()
    assert q.q3.check(good).status == CORRECT
    q.q3.assert_hidden(float(good))
    result = q.q3.check(good * 100)
    assert result.status == INCORRECT and "porcentaje" in result.message
    all_networks = (posts.resample("W", on="published_at").size() >= q.target).mean()
    if not abs(all_networks - good) < 1e-9:
        assert q.q3.check(all_networks).status == INCORRECT
    assert q.q3.check((weekly > q.target).mean()).status in (INCORRECT, CORRECT)
    assert q.q3.check(None).status == NOT_ATTEMPTED


def test_target_comes_from_the_benchmarks():
    from rumbo.data import load_benchmarks

    bench = load_benchmarks()
    row = bench[(bench["key"] == "posting_frequency") & (bench["network"] == "instagram")].iloc[0]
    assert ex04.weekly_target() == int(row["low"])


def test_q4_routine_by_constraints(case):
    _b, q, _posts = case
    good = ex04.reference_routine({"budget": q.budget, "networks": q.networks,
                                   "min_publish": q.min_publish})
    assert q.q4.check(good).status == CORRECT
    q.q4.assert_hidden(good)
    too_long = good + [("sab", "crear", None, q.budget)]
    result = q.q4.check(too_long)
    assert result.status == INCORRECT and "presupuesto" in result.message
    one_network = [s for s in good if s[2] in (None, q.networks[0])]
    assert "No publicas" in q.q4.check(one_network).message
    too_few = [s for s in good if s[1] != "publicar"] + [
        ("lun", "publicar", n, 10) for n in q.networks]
    assert "hacen falta al menos" in q.q4.check(too_few).message
    assert q.q4.check("lunes y jueves").status == INCORRECT
    assert q.q4.check(None).status == NOT_ATTEMPTED


def test_q4_hidden_counts_repeated_slots_once():
    q = ex04.questions("panaderia")
    slot_per_net = [("lun", "publicar", n, 5) for n in q.networks]
    padded = slot_per_net * q.min_publish
    assert q.q4.check(padded).status == CORRECT  # the visible rule counts every slot
    with pytest.raises(AssertionError, match="repetidos"):
        q.q4.assert_hidden(padded)


def test_rules_come_from_the_data():
    from rumbo.data import business_info

    rules = ex04.routine_rules("panaderia")
    info = business_info("panaderia")
    assert rules["budget"] == info["hours_per_week"] * 60 and rules["networks"] == info["networks"]
    assert rules["min_publish"] >= len(rules["networks"])


def test_hints_and_solutions_exist():
    q = ex04.questions("panaderia")
    for question in (q.q1, q.q2, q.q3, q.q4):
        assert question.hint().body and question.solution().body
    assert isinstance(ex04.weekly("panaderia"), pd.Series)
