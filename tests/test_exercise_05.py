"""Exercise 05: each question passes on the reference answer (written the way a learner
would, with pandas on the bundled tables), fails on a known wrong one, and says
"not attempted" for None. Run for every bundled business."""

from __future__ import annotations

import pandas as pd
import pytest

from rumbo.exercises.checks import CORRECT, INCORRECT, NOT_ATTEMPTED
from rumbo.data import load_dataset
from rumbo.exercises import ex05

BUSINESSES = ("panaderia", "cosmetica", "ferreteria")


@pytest.fixture(scope="module", params=BUSINESSES)
def case(request):
    business = request.param
    mentions = load_dataset(business, "mentions")
    own = mentions[mentions["brand"] == business]
    return SimpleCase(business, ex05.questions(business), load_dataset(business, "posts"),
                      load_dataset(business, "sales"), own)


class SimpleCase:
    def __init__(self, business, q, posts, sales, own):
        self.business, self.q, self.posts, self.sales, self.own = business, q, posts, sales, own
        self.minutes = (own["replied_at"] - own["created_at"]).dt.total_seconds() / 60


def verify(question, good, wrong):
    assert question.check(good).status == CORRECT, question.check(good)
    question.assert_ok(good)
    question.assert_hidden(good)
    assert question.check(wrong).status == INCORRECT
    with pytest.raises(AssertionError):
        question.assert_hidden(wrong)
    assert question.check(None).status == NOT_ATTEMPTED


def test_q1_ctr(case):
    p = case.posts
    good = p["clicks"].sum() / p["impressions"].sum()
    verify(case.q.q1, good, (p["clicks"] / p["impressions"]).mean())
    assert "porcentaje" in str(case.q.q1.check(good * 100))


def test_q2_conversion(case):
    s = case.sales
    good = s["social_last_click_orders"].sum() / s["social_visits"].sum()
    verify(case.q.q2, good, s["social_last_click_orders"].sum() / s["orders"].sum())


def test_q3_cost_per_result(case):
    good = case.posts["spend"].sum() / case.sales["social_last_click_orders"].sum()
    verify(case.q.q3, good, case.posts["spend"].sum() / case.posts["clicks"].sum())


def test_q4_assisted_share(case):
    s = case.sales
    good = (s["social_last_click_orders"].sum() + s["social_assisted_orders"].sum()) / s["orders"].sum()
    verify(case.q.q4, good, s["social_last_click_orders"].sum() / s["orders"].sum())


def test_q5_response_rate(case):
    good = case.own["replied_at"].notna().mean()
    everyone = load_dataset(case.business, "mentions")["replied_at"].notna().mean()
    verify(case.q.q5, good, everyone)


def test_q6_median_minutes(case):
    verify(case.q.q6, case.minutes.median(), case.minutes.mean())


def test_q7_share_within(case):
    good = (case.minutes <= 60).sum() / len(case.own)
    verify(case.q.q7, good, (case.minutes <= 60).sum() / case.minutes.notna().sum())


def crisis_by_hand(own, include_today=False):
    neg = own[own["sentiment"] == "negative"]
    daily = neg.resample("D", on="created_at").size()
    base = (daily if include_today else daily.shift(1)).rolling(28)
    z = (daily - base.mean()) / base.std()
    return z


def test_q8_crisis_days(case):
    z = crisis_by_hand(case.own)
    good = list(z[z > 3].index)
    verify(case.q.q8, good, list(z[z > 1.5].index))
    # other shapes a learner may hand in
    for shape in (z[z > 3], z > 3, [d.strftime("%Y-%m-%d") for d in good], pd.DatetimeIndex(good)):
        assert case.q.q8.check(shape).status == CORRECT
    assert case.q.q8.check([]).status == INCORRECT
    assert case.q.q8.check("ayer").status == INCORRECT


def test_q8_crisis_is_one_day_whatever_the_baseline(case):
    assert len(ex05.expected(case.business)["crisis_days"]) == 1
    z = crisis_by_hand(case.own, include_today=True)
    assert list(z[z > 3].index.strftime("%Y-%m-%d")) == ex05.expected(case.business)["crisis_days"]


def test_wrong_readings_really_differ(case):
    e = ex05.expected(case.business)
    assert abs(e["ctr"] - e["ctr_mean_of_ratios"]) > 1e-3 * e["ctr"]
    assert e["share_within"] < e["share_within_of_answered"]
    assert e["last_click_share"] < e["assisted_share"]


def test_angry_comment_is_from_the_crisis_day(case):
    text = ex05.angry_comment(case.business)
    day = ex05.expected(case.business)["crisis_days"][0]
    rows = case.own[case.own["text"] == text]
    assert (rows["created_at"].dt.strftime("%Y-%m-%d") == day).any()
    assert (rows["sentiment"] == "negative").all()


def test_hints_and_solutions_exist(case):
    for name in ("q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"):
        question = getattr(case.q, name)
        assert str(question.hint()) and str(question.solution())
