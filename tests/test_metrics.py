"""Module 2 formulas: frequency, CTR, conversion, cost per result, ROI, Kaushik's rates,
the explorer's rate table, KPIs, the vanity quiz and quality vs quantity."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rumbo import metrics as m
from rumbo.core.errors import DataError, InvalidInputError
from rumbo.core.i18n import fmt_number, fmt_percent, set_language
from rumbo.data import load_dataset

POSTS = pd.DataFrame({
    "published_at": pd.to_datetime(["2025-03-03 09:00", "2025-03-04 19:00", "2025-04-06 19:30",
                                    "2025-04-07 09:15"]),
    "network": ["facebook", "instagram", "instagram", "facebook"],
    "post_type": ["photo", "reel", "carousel", "photo"],
    "reach": [100.0, 1000.0, 0.0, 50.0],
    "impressions": [150.0, 1500.0, 10.0, 60.0],
    "likes": [10.0, 10.0, 1.0, 5.0],
    "comments": [2.0, 0.0, 0.0, 0.0],
    "shares": [0.0, 5.0, 0.0, 0.0],
    "saves": [np.nan, 5.0, np.nan, np.nan],
    "clicks": [3.0, 20.0, 0.0, np.nan],
    "followers": [2000.0, 2000.0, 2000.0, 2000.0],
})

BAD_NUMBERS = [None, "", "abc", float("nan"), float("inf"), -1, True]


# --- scalar formulas ------------------------------------------------------------------------

def test_formulas_on_known_numbers():
    assert m.frequency(1500, 1000) == 1.5
    assert m.ctr(25, 1000) == 0.025
    assert m.conversion_rate(3, 150) == 0.02
    assert m.cost_per_result(120, 40) == 3
    assert m.cpc(50, 200) == 0.25
    assert m.cpm(30, 12000) == 2.5
    assert m.roi(1500, 1000) == 0.5
    assert m.roi(500, 1000) == -0.5
    assert m.total_cost(hours=35, hourly_cost=600 / 35) == pytest.approx(600)
    assert m.total_cost(hours=10, hourly_cost=15, tools=20, ads=30) == 200
    with pytest.raises(TypeError):
        m.total_cost(10, 15)  # one contract: amounts by name, never by position
    assert m.engaged_users(1_000_000, 0.0005) == 500
    assert m.engaged_users(100_000, 0.02) == 2000
    assert m.returns_saving(1000, 0.7) == pytest.approx(700)


def test_sum_first_then_divide_not_the_mean_of_monthly_ratios():
    spend, results = [100, 100], [2, 200]  # two months
    assert m.cost_per_result(spend, results) == pytest.approx(200 / 202)
    mean_of_monthly = np.mean([100 / 2, 100 / 200])
    assert m.cost_per_result(spend, results) != pytest.approx(mean_of_monthly)
    assert m.ctr(pd.Series([1, 2, np.nan]), pd.Series([100, 100, 50])) == pytest.approx(3 / 250)


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_every_bad_number_is_a_clear_message(bad):
    for call in (lambda: m.ctr(bad, 100), lambda: m.ctr(1, bad), lambda: m.roi(bad, 10),
                 lambda: m.cost_per_result(10, bad), lambda: m.engaged_users(bad, 0.1),
                 lambda: m.quality_vs_quantity(bad, 0.1, 0.5, 0.7)):
        with pytest.raises(InvalidInputError) as info:
            call()
        assert str(info.value) and "Traceback" not in str(info.value)


def test_zero_denominators_and_impossible_values():
    with pytest.raises(InvalidInputError, match="mayor que cero"):
        m.ctr(0, 0)
    with pytest.raises(InvalidInputError, match="mayor que cero"):
        m.roi(100, 0)
    with pytest.raises(InvalidInputError, match="más clics"):
        m.ctr(200, 100)
    with pytest.raises(InvalidInputError, match="más conversiones"):
        m.conversion_rate(20, 10)
    with pytest.raises(InvalidInputError, match="menos impresiones"):
        m.frequency(50, 100)
    with pytest.raises(InvalidInputError, match="proporción"):
        m.engaged_users(100, 2)
    with pytest.raises(InvalidInputError, match="100 %"):
        m.returns_saving(100, 1.5)
    with pytest.raises(InvalidInputError, match="ningún valor"):
        m.ctr([np.nan], [100])
    with pytest.raises(InvalidInputError, match="negativo"):
        m.cpc([10, -5], [3, 3])


def test_typed_text_with_a_decimal_comma_is_a_number():
    assert m.ctr("2,5", "100") == pytest.approx(0.025)


def test_messages_in_english():
    set_language("en")
    with pytest.raises(InvalidInputError, match="cannot be negative"):
        m.ctr(-1, 10)


amounts = st.floats(min_value=0.01, max_value=1e9, allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(amounts, amounts), min_size=1, max_size=30))
def test_ratio_of_sums_lies_between_the_smallest_and_largest_ratio(pairs):
    spend, results = zip(*pairs)
    value = m.cost_per_result(list(spend), list(results))
    ratios = [s / r for s, r in pairs]
    assert min(ratios) * (1 - 1e-9) <= value <= max(ratios) * (1 + 1e-9)


@given(amounts, amounts, st.floats(min_value=0.01, max_value=1000))
def test_roi_scales_and_breaks_even(revenue, cost, k):
    assert m.roi(cost, cost) == 0
    assert m.roi(revenue * k, cost * k) == pytest.approx(m.roi(revenue, cost), rel=1e-9, abs=1e-9)
    assert (m.roi(revenue, cost) > 0) == (revenue > cost)


@given(st.integers(0, 10**6), st.integers(1, 10**7))
def test_ctr_is_a_proportion(clicks, impressions):
    if clicks > impressions:
        with pytest.raises(InvalidInputError):
            m.ctr(clicks, impressions)
    else:
        assert 0 <= m.ctr(clicks, impressions) <= 1


@given(st.floats(0, 1e7), st.floats(0, 1), st.floats(0, 5), st.floats(0, 1))
def test_quality_vs_quantity_properties(sales, rate, growth, cut):
    r = m.quality_vs_quantity(sales, rate, growth, cut)
    assert r["after_sales"] == pytest.approx(sales * (1 + growth))
    assert r["after_net"] == pytest.approx(r["after_sales"] - r["after_returns"])
    assert r["saved"] >= -1e-6
    assert r["after_returns"] <= r["after_sales"] * rate + 1e-6


def test_the_seeds_case_fifty_up_seventy_down():
    r = m.quality_vs_quantity(10_000, 0.12, 0.5, 0.7)
    assert r["after_sales"] == 15_000
    assert r["before_returns"] == pytest.approx(1200)
    assert r["after_returns"] == pytest.approx(15_000 * 0.12 * 0.3)
    assert r["saved"] == pytest.approx(15_000 * 0.12 * 0.7)


# --- Kaushik and the explorer table ----------------------------------------------------------

def test_kaushik_rates_per_post_and_per_follower():
    per_post = m.kaushik_rates(POSTS)
    assert per_post == {"conversation": 0.5, "amplification": 1.25, "applause": 6.5}
    per_fan = m.kaushik_rates(POSTS, per="followers")
    assert per_fan["applause"] == pytest.approx(26 / 8000)
    with pytest.raises(InvalidInputError):
        m.kaushik_rates(POSTS, per="reach")
    assert math.isnan(m.kaushik_rates(POSTS.drop(columns=["followers"]), "followers")["applause"])


def test_rate_table_matches_engagement_rate_for_every_aggregate():
    for agg in m.AGGREGATES:
        for den in m.DENOMINATORS:
            table = m.rate_table(POSTS, "engagements", den, agg, "none")
            assert table["value"].iloc[0] == pytest.approx(m.engagement_rate(POSTS, den, agg))


def test_rate_table_by_group_and_labels():
    table = m.rate_table(POSTS, "engagements", "reach", "ratio_of_sums", "network")
    assert table.loc["facebook", "value"] == pytest.approx(17 / 150)
    assert table.loc["instagram", "posts"] == 1  # zero reach is left out
    weekday = m.rate_table(POSTS, "likes", "posts", "ratio_of_sums", "weekday")
    assert [m.group_label(k, "weekday") for k in weekday.index] == ["lunes", "martes", "domingo"]
    month = m.rate_table(POSTS, "clicks", "impressions", "ratio_of_sums", "month")
    assert [m.group_label(k, "month") for k in month.index] == ["marzo 2025", "abril 2025"]
    assert month.loc[202504, "posts"] == 1  # the post with no clicks is left out, not zero
    hour = m.rate_table(POSTS, "comments", "posts", "median", "hour")
    assert [m.group_label(k, "hour") for k in hour.index] == ["09 h", "19 h"]
    kinds = m.rate_table(POSTS, "engagements", "followers", "mean_of_ratios", "post_type")
    assert [m.group_label(k, "post_type") for k in kinds.index] == ["carrusel", "foto", "reel"]


def test_rate_table_on_an_export_without_dates_uses_its_columns():
    legacy = POSTS.assign(published_at=pd.NaT, month=[12, 12, 11, 11], weekday=[1, 2, 3, 3],
                          hour=[3, 10, 10, 3])
    table = m.rate_table(legacy, "likes", "reach", "ratio_of_sums", "month")
    assert [m.group_label(k, "month") for k in table.index] == ["noviembre", "diciembre"]
    table = m.rate_table(legacy, "likes", "reach", "ratio_of_sums", "weekday")
    assert m.group_label(table.index[0], "weekday") == "día 1 de la exportación"


def test_missing_groups_become_sin_dato():
    posts = POSTS.assign(post_type=["photo", None, "reel", "photo"])
    table = m.rate_table(posts, "likes", "posts", "ratio_of_sums", "post_type")
    assert [m.group_label(k, "post_type") for k in table.index] == ["foto", "reel", "sin dato"]


def test_rate_table_errors_are_clear():
    with pytest.raises(InvalidInputError, match="siempre da 1"):
        m.rate_table(POSTS, "impressions", "impressions")
    with pytest.raises(InvalidInputError, match="dato"):
        m.rate_table(POSTS, "followers", "reach")
    with pytest.raises(InvalidInputError, match="agrupación"):
        m.rate_table(POSTS, by="year")
    with pytest.raises(DataError, match="seguidores"):
        m.rate_table(POSTS.assign(followers=np.nan), "likes", "followers")
    with pytest.raises(DataError, match="No hay publicaciones"):
        m.rate_table(POSTS.iloc[0:0])


def test_names_formulas_units_and_formats():
    assert m.metric_name("clicks", "impressions") == "CTR (clics / impresiones)"
    assert m.metric_name("saves", "reach") == "Guardados por alcance"
    assert m.metric_formula("engagements", "reach", "ratio_of_sums") == \
        "suma de interacciones / suma de alcance"
    assert m.metric_formula("comments", "posts", "median") == "mediana de comentarios por publicación"
    assert (m.metric_unit("likes", "reach"), m.metric_unit("impressions", "reach"),
            m.metric_unit("likes", "posts")) == ("percent", "times", "per_post")
    assert m.format_metric(0.0241, "percent").startswith("2,41")
    assert m.format_metric(1.25, "times") == "1,25 veces"
    assert m.format_metric(math.nan, "percent") == "sin dato"
    set_language("en")
    assert m.metric_name("engagements", "reach") == "Engagement rate by reach"
    assert m.format_metric(1.25, "times") == "1.25 times"


# --- KPIs, quiz -------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, unit, expected", [(2.5, "percent", 0.025), ("1,3", "times", 1.3),
                                                   (12, "per_post", 12)])
def test_targets(typed, unit, expected):
    assert m.target_from_input(typed, unit) == pytest.approx(expected)


@pytest.mark.parametrize("typed, unit, words", [
    (0, "percent", "mayor que cero"), (-2, "percent", "negativo"), (150, "percent", "100 %"),
    (1000, "times", "100 veces"), (1e9, "per_post", "tecleo"), (None, "percent", "Falta un número"),
    (float("nan"), "percent", "número normal"), ("mucho", "percent", "no es un número"),
])
def test_bad_targets(typed, unit, words):
    with pytest.raises(InvalidInputError, match=words):
        m.target_from_input(typed, unit)


def test_kpi_record_is_plain_json():
    import json

    record = m.kpi_record("engagements", "reach", "median", 0.0312345678, 0.035)
    assert json.loads(json.dumps(record)) == record
    assert record["name"] == "Tasa de interacción por alcance"
    assert record["denominator"] == "alcance"
    assert record["current"] == pytest.approx(0.031235, abs=1e-6)
    assert m.kpi_record("likes", "reach", "median", math.nan, 0.1)["current"] is None


def test_vanity_quiz():
    right = {key: answer for key, _m, answer, _w in m.VANITY_QUIZ}
    assert m.score_vanity_quiz(right)["score"] == len(m.VANITY_QUIZ)
    graded = m.score_vanity_quiz({"followers": "value"})
    assert graded["score"] == 0 and graded["items"][0]["correct"] is False
    assert all(item["why"] for item in graded["items"])
    with pytest.raises(InvalidInputError, match="vanidad o valor"):
        m.score_vanity_quiz({"followers": "maybe"})
    with pytest.raises(InvalidInputError):
        m.score_vanity_quiz(["vanity"])


def test_worked_examples_on_every_bundled_business():
    from rumbo.data import list_businesses

    for business in list_businesses():
        table = m.worked_examples(business)
        assert list(table.columns) == ["Métrica", "Fórmula", "Con los datos del año", "Resultado"]
        assert "Frecuencia" in table["Métrica"].tolist()
        assert table["Resultado"].str.len().gt(0).all()


def test_worked_examples_name_what_a_sum_over_posts_is():
    """Summed reach is not people, and the followers denominator is a sum over posting days."""
    posts = load_dataset("panaderia", "posts")
    table = m.worked_examples("panaderia").set_index("Métrica")
    reach = table.loc["Alcance sumado de las publicaciones"]
    assert "no son personas distintas" in reach["Fórmula"]
    assert reach["Resultado"] == fmt_number(posts["reach"].sum())
    fans = table.loc["Tasa de interacción por seguidores"]
    assert fmt_number(posts["followers"].sum()) in fans["Fórmula"]
    assert "no son tus seguidores" in fans["Fórmula"]
    assert fans["Con los datos del año"] == "({} / {}) / {}".format(
        fmt_number(m.engagements(posts).sum()), len(posts), fmt_number(round(posts["followers"].mean())))
    assert fans["Resultado"] == fmt_percent(m.engagements(posts).sum() / posts["followers"].sum(), 2)


def test_benchmark_table_shows_kind_and_denominator():
    table = m.benchmark_table(["er_followers_median_rivaliq_2022", "er_average_socialinsider_2025",
                               "er_method_spread_example"])
    assert list(table.columns) == ["Red", "Valor", "Qué es", "Denominador", "Fuente", "Año", "Nota"]
    by = {(row["Fuente"][:8], row["Red"]): row for row in table.to_dict("records")}
    assert by[("Rival IQ", "Facebook")]["Qué es"] == "mediana publicada"
    assert by[("Rival IQ", "Facebook")]["Denominador"] == "seguidores"
    assert by[("Socialin", "Instagram")]["Qué es"] == "media publicada"
    assert by[("Socialin", "TikTok")]["Denominador"] == "sin aclarar"
    assert by[("Socialin", "LinkedIn")]["Denominador"] == "impresiones"
    spread = table.iloc[-1]
    assert spread["Valor"] == "0,17 % – 1,53 %" and "dato histórico" in spread["Año"]
    assert m.denominator_label("whatever") == "sin aclarar"
