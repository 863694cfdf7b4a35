"""Exercise 02: each question passes on the reference answer, fails on a known wrong one, and
says "not attempted" for None; expected values come from the bundled data of each business."""

from __future__ import annotations

import pandas as pd
import pytest

from rumbo.exercises.checks import CORRECT, INCORRECT, NOT_ATTEMPTED
from rumbo.data import list_businesses, load_dataset
from rumbo.exercises import ex02


def reference_answers(business: str) -> dict:
    """What a learner writes with pandas, independently of rumbo.metrics."""
    posts = load_dataset(business, "posts")
    sales = load_dataset(business, "sales")
    engaged = posts[["likes", "comments", "shares", "saves"]].sum(axis=1, min_count=1)
    rates = engaged / posts["reach"]
    ratio_of_sums = engaged.sum() / posts["reach"].sum()
    grouped = posts.assign(i=engaged).groupby("post_type")
    return {
        "q1": rates.median(),
        "q2": rates.mean() - ratio_of_sums,
        "q3": grouped["i"].sum() / grouped["reach"].sum(),
        "q4": posts["impressions"].sum() / posts["reach"].sum(),
        "q5": (100_000 * 0.02) / (1_000_000 * 0.0005),
        "q6": sales["returns_value"].sum() * 0.7,
    }


def wrong_answers(business: str, right: dict) -> dict:
    posts = load_dataset(business, "posts")
    engaged = posts[["likes", "comments", "shares", "saves"]].sum(axis=1, min_count=1)
    return {
        "q1": (engaged / posts["reach"]).mean(),  # mean instead of median
        "q2": 0.0,  # "they are the same"
        "q3": (posts.assign(r=engaged / posts["reach"]).groupby("post_type")["r"].mean()),
        "q4": posts["reach"].sum() / posts["impressions"].sum(),  # upside down
        "q5": 1_000_000 * 0.0005,  # a count, not a ratio
        "q6": load_dataset(business, "sales")["returns_value"].sum() * 0.3,  # what is left
    }


@pytest.mark.parametrize("business", ["panaderia", "cosmetica", "ferreteria"])
def test_reference_passes_wrong_fails_none_not_attempted(business):
    assert business in list_businesses()
    qs = ex02.questions(business)
    right = reference_answers(business)
    wrong = wrong_answers(business, right)
    for name in right:
        q = getattr(qs, name)
        assert q.check(right[name]).status == CORRECT, (name, q.check(right[name]))
        q.assert_ok(right[name])
        q.assert_hidden(right[name])
        result = q.check(wrong[name])
        assert result.status == INCORRECT, (name, wrong[name])
        with pytest.raises(AssertionError):
            q.assert_hidden(wrong[name])
        assert q.check(None).status == NOT_ATTEMPTED
        assert q.hint().body and q.solution().body


def test_percent_instead_of_ratio_is_spotted():
    qs = ex02.questions("panaderia")
    right = reference_answers("panaderia")
    result = qs.q1.check(right["q1"] * 100)
    assert result.status == INCORRECT and "porcentaje" in result.message


def test_questions_differ_between_businesses():
    a, b = reference_answers("panaderia"), reference_answers("cosmetica")
    assert a["q1"] != b["q1"] and a["q6"] != b["q6"]
    assert ex02.questions("cosmetica").q1.check(a["q1"]).status == INCORRECT


def test_mean_of_ratios_reads_higher_than_ratio_of_sums_in_the_bundled_data():
    for business in list_businesses():
        assert reference_answers(business)["q2"] > 0


def test_by_post_type_accepts_a_dict_too():
    series = ex02.by_post_type("panaderia")
    assert ex02.questions("panaderia").q3.check(dict(series)).status == CORRECT
    assert isinstance(series, pd.Series)
