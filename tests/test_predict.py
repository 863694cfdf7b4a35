"""rumbo.predict: the reach model, its backtest, and the mentions forecast."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rumbo import predict as P
from rumbo.core.errors import DataError, InvalidInputError

TYPES = {"foto": 1.0, "reel": 1.5, "carrusel": 1.2}


def synthetic_posts(n=240, seed=1, noise=0.3):
    """Posts whose reach follows a known rule: reels x1.5, carousels x1.2, Saturday x1.3."""
    rng = np.random.default_rng(seed)
    when = pd.Timestamp("2025-01-01 08:00") + pd.to_timedelta(
        np.sort(rng.uniform(0, 360, n)), unit="D")
    when = when.floor("h")
    post_type = rng.choice(list(TYPES), n, p=[0.5, 0.25, 0.25])
    network = rng.choice(["instagram", "facebook"], n)
    base = np.where(network == "instagram", 800.0, 300.0)
    factor = np.array([TYPES[t] for t in post_type]) * np.where(when.day_of_week == 5, 1.3, 1.0)
    reach = np.round(base * factor * np.exp(rng.normal(0, noise, n)))
    return pd.DataFrame({"published_at": when, "network": network, "post_type": post_type,
                         "reach": reach})


@pytest.fixture(scope="module")
def model():
    return P.build_reach_model(synthetic_posts())


@pytest.mark.parametrize("hour,band", [(0, "night"), (5, "night"), (6, "morning"), (11, "morning"),
                                       (12, "midday"), (15, "midday"), (16, "afternoon"),
                                       (19, "afternoon"), (20, "night"), (23, "night"), ("9", "morning")])
def test_hour_bands(hour, band):
    assert P.hour_band(hour) == band


@pytest.mark.parametrize("bad", [-1, 24, 9.5, None, "", "nueve", float("nan"), True, 10**6])
def test_bad_hour(bad):
    with pytest.raises(InvalidInputError):
        P.hour_band(bad)


def test_the_model_recovers_the_known_effects(model):
    table = P.effects(model).set_index(["factor", "level"])
    assert table.loc[("post_type", "reel"), "effect"] == pytest.approx(0.5, abs=0.15)
    assert table.loc[("post_type", "carrusel"), "effect"] == pytest.approx(0.2, abs=0.12)
    assert table.loc[("weekday", 5), "effect"] == pytest.approx(0.3, abs=0.15)
    assert table.loc[("post_type", "reel"), "clear"]
    assert (table["low"] <= table["effect"]).all() and (table["effect"] <= table["high"]).all()
    assert set(table.reset_index()["factor"]) <= {"network", "post_type", "weekday", "band"}


def test_prediction_band_contains_the_typical_value(model):
    out = model.predict("instagram", "reel", 5, 19)
    assert out["low"] < out["median"] < out["high"]
    assert out["median"] == pytest.approx(800 * 1.5 * 1.3, rel=0.2)
    assert not out["extrapolated"] and out["band"] == "afternoon"


def test_predictions_follow_the_effects(model):
    photo = model.predict("instagram", "foto", 2, 10)["median"]
    reel = model.predict("instagram", "reel", 2, 10)["median"]
    assert reel > photo


@pytest.mark.parametrize("args", [
    ("tiktok", "foto", 1, 10), ("instagram", "video 3D", 1, 10), ("instagram", "foto", 7, 10),
    ("instagram", "foto", -1, 10), ("instagram", "foto", True, 10), ("instagram", "foto", 1, 25),
])
def test_bad_prediction_inputs(model, args):
    with pytest.raises(InvalidInputError):
        model.predict(*args)


def test_backtest_beats_naive_when_there_is_signal(model):
    test = model.backtest
    assert test["train_posts"] + test["test_posts"] == 240
    assert test["mae_model"] < test["mae_naive"] and test["improvement"] > 0
    assert 0.6 <= test["coverage"] <= 0.95


def test_backtest_is_honest_when_there_is_no_signal():
    posts = synthetic_posts(noise=0.3)
    rng = np.random.default_rng(9)
    posts["reach"] = np.round(500 * np.exp(rng.normal(0, 0.5, len(posts))))
    test = P.backtest(posts)
    assert test["improvement"] < 0.1  # nothing to learn: no real gain over the median


def test_unseen_combination_is_flagged():
    posts = synthetic_posts()
    posts = posts[~((posts["network"] == "facebook") & (posts["post_type"] == "reel"))]
    model = P.build_reach_model(posts)
    assert model.predict("facebook", "reel", 1, 10)["extrapolated"]


def test_paid_posts_get_their_own_coefficient():
    posts = synthetic_posts()
    posts["paid"] = np.arange(len(posts)) % 5 == 0
    posts.loc[posts["paid"], "reach"] *= 2
    model = P.build_reach_model(posts)
    table = P.effects(model).set_index("factor")
    assert table.loc["paid", "effect"] == pytest.approx(1.0, abs=0.3)
    assert model.predict("instagram", "foto", 1, 10, paid=True)["median"] > \
        model.predict("instagram", "foto", 1, 10)["median"]


def test_too_few_posts():
    with pytest.raises(DataError):
        P.build_reach_model(synthetic_posts().head(10))
    with pytest.raises(DataError, match="columnas"):
        P.build_reach_model(pd.DataFrame({"reach": [1]}))


# --- mentions forecast ------------------------------------------------------------------

def weekly_pattern(weeks=20, seed=0):
    rng = np.random.default_rng(seed)
    profile = np.array([5, 5, 6, 6, 9, 14, 3], dtype=float)
    values = np.concatenate([rng.poisson(profile) for _ in range(weeks)])
    return pd.Series(values, index=pd.date_range("2025-01-06", periods=len(values)), name="mentions")


def test_seasonal_naive_repeats_last_week():
    daily = weekly_pattern()
    forecast = P.seasonal_forecast(daily, weeks=1, horizon=10)
    assert forecast.iloc[:7].tolist() == daily.iloc[-7:].astype(float).tolist()
    assert forecast.iloc[7] == forecast.iloc[0]
    assert forecast.index[0] == daily.index[-1] + pd.Timedelta(days=1)


def test_seasonal_average_is_the_mean_of_the_same_weekday():
    daily = weekly_pattern()
    forecast = P.seasonal_forecast(daily, weeks=4)
    assert forecast.iloc[0] == pytest.approx(daily.iloc[-28::7].mean())
    assert forecast.index[0].day_of_week == daily.index[-28].day_of_week


@given(st.lists(st.integers(0, 50), min_size=28, max_size=80), st.integers(1, 4))
@settings(deadline=None)
def test_weekly_total_is_the_mean_weekly_total(values, weeks):
    daily = pd.Series(values, index=pd.date_range("2025-01-01", periods=len(values)), dtype=float)
    total = P.seasonal_forecast(daily, weeks=weeks).sum()
    assert total == pytest.approx(sum(values[-7 * weeks:]) / weeks)


def test_averaging_beats_last_week_on_noise():
    test = P.forecast_backtest(weekly_pattern(weeks=30), test_weeks=12, weeks=4)
    assert test["mae_seasonal"] < test["mae_naive"]
    assert len(test["errors"]) == 12


def test_backtest_by_hand():
    values = [1.0] * 7 + [2.0] * 7 + [3.0] * 7
    daily = pd.Series(values, index=pd.date_range("2025-01-06", periods=21))
    test = P.forecast_backtest(daily, test_weeks=1, weeks=2)
    assert test["errors"] == [21 - (7 + 14) / 2]
    assert test["mae_naive"] == 21 - 14


def test_next_week_band():
    out = P.next_week_mentions(weekly_pattern())
    assert 0 <= out["low"] <= out["high"]
    assert len(out["daily"]) == 7 and out["total"] == pytest.approx(out["daily"].sum())


@pytest.mark.parametrize("weeks", [0, -1, 1.5, True, "4"])
def test_bad_weeks(weeks):
    with pytest.raises(InvalidInputError):
        P.seasonal_forecast(weekly_pattern(), weeks=weeks)


def test_forecast_needs_history():
    with pytest.raises(DataError):
        P.seasonal_forecast(weekly_pattern().head(3), weeks=1)
    with pytest.raises(DataError):
        P.forecast_backtest(weekly_pattern(weeks=5), test_weeks=12)


@pytest.mark.parametrize("business", ["panaderia", "cosmetica", "ferreteria"])
def test_fit_equals_statsmodels_ols(business):
    """Our least squares gives statsmodels' numbers: coefficients, covariance, scale, df."""
    from scipy.stats import t
    from statsmodels.regression.linear_model import OLS

    from rumbo.data import load_dataset

    posts = P._clean_posts(load_dataset(business, "posts"))
    fit = P.fit_log_reach(posts)
    features = P._features(posts)
    reference = OLS(np.log(posts["reach"].astype(float).to_numpy()), fit.design.matrix(features)).fit()
    np.testing.assert_allclose(fit.params, reference.params, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(fit.cov, reference.cov_params(), rtol=1e-7, atol=1e-12)
    assert fit.sigma2 == pytest.approx(reference.scale, rel=1e-10)
    assert fit.df_resid == reference.df_resid and fit.n == reference.nobs
    assert P._t(fit.df_resid) == pytest.approx(t.ppf(0.5 + P.BAND_LEVEL / 2, fit.df_resid))


def test_a_model_with_as_many_terms_as_posts_is_a_message():
    """Every post of its own kind: nothing left to estimate the noise from."""
    posts = synthetic_posts(n=P.MIN_POSTS)
    posts["post_type"] = [f"tipo {i}" for i in range(len(posts))]
    with pytest.raises(DataError, match="muy pocas publicaciones"):
        P.fit_log_reach(posts)
