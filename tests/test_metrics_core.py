"""Core formulas: engagement rate by denominator and aggregate, growth."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rumbo.core.errors import InvalidInputError
from rumbo.metrics import compound_monthly_growth, engagement_rate, engagements, growth_rate

POSTS = pd.DataFrame({
    "reach": [100, 1000, 0, 50],
    "followers": [2000, 2000, 2000, 2000],
    "impressions": [150, 1500, 10, 60],
    "likes": [10, 10, 1, 5],
    "comments": [2, 0, 0, 0],
    "shares": [0, 5, 0, 0],
    "saves": [None, 5, None, None],
})


def test_engagements_sum_known_columns_and_skip_missing_saves():
    assert engagements(POSTS).tolist() == [12, 20, 1, 5]


def test_ratio_of_sums_vs_mean_of_ratios_vs_median():
    # the post with zero reach is left out of every aggregate by reach
    assert engagement_rate(POSTS, "reach", "ratio_of_sums") == pytest.approx(37 / 1150)
    assert engagement_rate(POSTS, "reach", "mean_of_ratios") == pytest.approx((0.12 + 0.02 + 0.1) / 3)
    assert engagement_rate(POSTS, "reach", "median") == pytest.approx(0.1)
    assert engagement_rate(POSTS, "followers", "ratio_of_sums") == pytest.approx(38 / 8000)
    assert engagement_rate(POSTS, "impressions") == pytest.approx(38 / 1720)


def test_unknown_denominator_is_a_clear_message():
    with pytest.raises(InvalidInputError, match="denominador"):
        engagement_rate(POSTS, "likes")
    with pytest.raises(InvalidInputError, match="agregado"):
        engagement_rate(POSTS, "reach", "average")


def test_no_usable_posts_gives_nan():
    assert math.isnan(engagement_rate(POSTS.iloc[[2]], "reach"))


rows = st.lists(st.tuples(st.integers(1, 10**6), st.integers(0, 10**4)), min_size=1, max_size=40)


@given(rows)
def test_ratio_of_sums_lies_between_smallest_and_largest_post_rate(data):
    frame = pd.DataFrame(data, columns=["reach", "likes"]).assign(comments=0, shares=0)
    rates = frame["likes"] / frame["reach"]
    value = engagement_rate(frame, "reach", "ratio_of_sums")
    assert rates.min() - 1e-12 <= value <= rates.max() + 1e-12


@given(st.floats(1, 1e6), st.floats(0, 1e7), st.integers(1, 120))
def test_projecting_at_the_compound_rate_reaches_the_target(start, end, months):
    rate = compound_monthly_growth(start, end, months)
    assert start * (1 + rate) ** months == pytest.approx(end, rel=1e-9, abs=1e-6)


def test_the_million_followers_wish():
    # 100 -> 1,000,000 in three months needs about 2,054 % a month
    assert compound_monthly_growth(100, 1_000_000, 3) == pytest.approx(20.544, rel=1e-3)
    assert growth_rate(100, 150) == pytest.approx(0.5)


@pytest.mark.parametrize("args", [(0, 10, 3), (-5, 10, 3), (10, 20, 0), (10, -1, 2)])
def test_growth_rejects_impossible_inputs(args):
    with pytest.raises(InvalidInputError):
        compound_monthly_growth(*args)
