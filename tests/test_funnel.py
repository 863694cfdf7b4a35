"""rumbo.funnel: funnel rates (sum first, then divide) and assisted conversions."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rumbo import funnel as F
from rumbo.views import funnel as funnel_views
from rumbo.core.errors import DataError, InvalidInputError

TOTALS = {"reach": 50_000, "impressions": 80_000, "clicks": 1_600, "visits": 1_200,
          "purchases": 36, "spend": 180.0}


def test_rates_by_hand():
    rates = F.funnel_rates(TOTALS)
    assert rates["ctr"] == pytest.approx(0.02)
    assert rates["visit_rate"] == pytest.approx(0.75)
    assert rates["conversion_rate"] == pytest.approx(0.03)
    assert rates["cpc"] == pytest.approx(0.1125)
    assert rates["cost_per_result"] == pytest.approx(5.0)


def test_zero_denominators_give_nan_not_an_error():
    rates = F.funnel_rates({**TOTALS, "purchases": 0, "impressions": 0})
    assert math.isnan(rates["cost_per_result"]) and math.isnan(rates["ctr"])


@pytest.mark.parametrize("key,bad", [("clicks", -1), ("spend", None), ("visits", "muchas"),
                                     ("impressions", float("nan")), ("purchases", True),
                                     ("reach", float("inf"))])
def test_bad_totals(key, bad):
    with pytest.raises(InvalidInputError):
        F.funnel_rates({**TOTALS, key: bad})


def test_missing_total():
    with pytest.raises(InvalidInputError):
        F.funnel_rates({k: v for k, v in TOTALS.items() if k != "spend"})


rows = st.lists(st.tuples(st.integers(0, 500), st.integers(1, 10_000)), min_size=1, max_size=30)


@given(rows)
@settings(deadline=None)
def test_sum_then_divide_weights_by_the_denominator(data):
    frame = pd.DataFrame(data, columns=["clicks", "impressions"])
    rate = F.sum_then_divide(frame, "clicks", "impressions")
    assert rate == pytest.approx(frame["clicks"].sum() / frame["impressions"].sum())
    per_row = frame["clicks"] / frame["impressions"]
    assert per_row.min() - 1e-12 <= rate <= per_row.max() + 1e-12
    # equal denominators: both ways agree
    same = frame.assign(impressions=1000)
    assert F.sum_then_divide(same, "clicks", "impressions") == pytest.approx(
        F.mean_of_ratios(same, "clicks", "impressions"))


def test_mean_of_ratios_differs_on_skewed_rows():
    frame = pd.DataFrame({"clicks": [9, 10], "impressions": [10, 1000]})
    assert F.mean_of_ratios(frame, "clicks", "impressions") == pytest.approx(0.455)
    assert F.sum_then_divide(frame, "clicks", "impressions") == pytest.approx(19 / 1010)


def test_sum_then_divide_skips_unknown_rows():
    frame = pd.DataFrame({"a": [1, None, 3], "b": [10, 10, None]})
    assert F.sum_then_divide(frame, "a", "b") == pytest.approx(0.1)
    with pytest.raises(DataError):
        F.sum_then_divide(frame, "a", "c")


def sales():
    return pd.DataFrame({"orders": [10, 0, 30], "social_last_click_orders": [1, 0, 2],
                         "social_assisted_orders": [3, 0, 4]})


def test_attribution_by_hand():
    out = F.attribution(sales())
    assert out["purchases"] == 40 and out["last_click"] == 3 and out["touched"] == 10
    assert out["last_click_share"] == pytest.approx(3 / 40)
    assert out["assisted_share"] == pytest.approx(10 / 40)


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50), st.integers(0, 50)), min_size=1))
@settings(deadline=None)
def test_assisted_share_is_at_least_the_last_click_share(data):
    frame = pd.DataFrame([(a + b + c, a, b) for a, b, c in data],
                         columns=["orders", "social_last_click_orders", "social_assisted_orders"])
    if frame["orders"].sum() == 0:
        return
    out = F.attribution(frame)
    assert 0 <= out["last_click_share"] <= out["assisted_share"] <= 1


def test_attribution_errors():
    with pytest.raises(DataError):
        F.attribution(sales().head(0))
    with pytest.raises(DataError, match="más compras"):
        F.attribution(sales().assign(social_assisted_orders=100))
    with pytest.raises(DataError, match="columnas"):
        F.attribution(pd.DataFrame({"x": [1]}))


def test_funnel_table_and_chart_on_totals():
    rates = F.funnel_rates(TOTALS)
    table = F.funnel_table(rates, "EUR", sources=["discount_codes"])
    assert len(table) == 6 and "2,00" in table.iloc[2, 2] and table.iloc[0, 1] == "50.000"
    assert "5,00" in table.iloc[5, 2]
    fig = funnel_views.funnel_chart(rates)
    ax = fig.axes[0]
    assert ax.get_xlabel() and ax.get_xscale() == "log"


def test_attribution_table():
    table = F.attribution_table(F.attribution(sales()))
    assert table.iloc[3, 1] == "10"


def test_funnel_table_says_what_is_estimated_and_hides_an_unmeasured_cost_per_purchase():
    rates = F.funnel_rates(TOTALS)
    table = F.funnel_table(rates, "EUR").set_index("Paso")
    assert table.index[0] == "alcance sumado de las publicaciones"
    how = table["¿Medido o estimado?"]
    assert how["visitas"] == how["compras"] == "estimado"
    assert how["clics"] == how["gasto"] == "medido"
    assert "5,00" not in table.loc["gasto", "Tasa (suma y luego divide)"]
    assert "Medir lo que vende" in table.loc["gasto", "Tasa (suma y luego divide)"]
    measured = F.funnel_table(rates, "EUR", sources=["tally", "ga4_utm"]).set_index("Paso")
    assert (measured["¿Medido o estimado?"] == "medido").all()
    with pytest.raises(InvalidInputError):
        F.funnel_table(rates, "EUR", sources=["horoscope"])
