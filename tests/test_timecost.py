"""Unit tests of rumbo.timecost: the cost model of module 3 (time inventory, options, ROI, CAC)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rumbo import RumboError, timecost
from rumbo.views import timecost as timecost_views
from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import fmt_percent, set_language
from rumbo.data.facts import Fact, fact
from rumbo.timecost import (CONTENT_TASKS, TASKS, WEEKS_PER_MONTH, break_even_hourly_cost, cac,
                            compare_options, cost_per_hour, first_year, learning_curve,
                            monthly_cost, plan_case, roi)

hours_st = st.floats(min_value=0, max_value=20, allow_nan=False)
money_st = st.floats(min_value=0, max_value=1e5, allow_nan=False)
inventory_st = st.fixed_dictionaries({t: hours_st for t in TASKS})


@pytest.fixture(autouse=True)
def spanish():
    set_language("es")
    yield
    set_language("es")


# --- Time inventory and monthly cost ----------------------------------------------------


def test_monthly_cost_worked_example():
    cost = monthly_cost({"content_creation": 2, "replying": 1}, 15, tools=20, ads=30)
    assert cost.weekly_hours == 3
    assert cost.monthly_hours == pytest.approx(3 * 52 / 12)
    assert cost.time_cost == pytest.approx(195.0)
    assert cost.monthly_total == pytest.approx(245.0)
    assert cost.yearly_total == pytest.approx(2940.0)
    assert cost.content_share == pytest.approx(2 / 3)
    assert cost.time_share == pytest.approx(195 / 245)
    assert set(cost.hours) == set(TASKS)  # tasks left out count as 0


def test_single_number_is_one_task():
    cost = monthly_cost(4, 10)
    assert cost.weekly_hours == 4 and cost.hours["content_creation"] == 4


def test_to_plan_is_plain_json():
    import json

    section = monthly_cost({"photo_video": 1.5, "learning": 0.5}, 12.5, 9.99, 0, "mxn").to_plan()
    assert section["currency"] == "MXN"
    assert section["weekly_hours"] == 2.0
    assert section["monthly_cost"] == round((2 * 52 / 12) * 12.5 + 9.99, 2)
    assert section["hours_per_week"]["photo_video"] == 1.5
    json.dumps(section)  # serialisable


def test_content_share_nan_without_hours():
    cost = monthly_cost({t: 0 for t in TASKS}, 15)
    assert math.isnan(cost.content_share)
    assert cost.to_plan()["content_share"] is None
    assert math.isnan(monthly_cost({"content_creation": 0}, 0).time_share)


@given(inventory_st, money_st, money_st, money_st)
def test_monthly_cost_properties(hours, hourly, tools, ads):
    cost = monthly_cost(hours, hourly, tools, ads)
    assert cost.monthly_total >= cost.time_cost >= 0
    assert cost.monthly_total == pytest.approx(sum(hours.values()) * WEEKS_PER_MONTH * hourly + tools + ads)
    assert cost.yearly_total == pytest.approx(12 * cost.monthly_total)
    if cost.weekly_hours:
        assert 0 <= cost.content_share <= 1


@given(inventory_st, money_st, st.floats(min_value=0.01, max_value=20))
def test_more_hours_cost_more(hours, hourly, more):
    base = monthly_cost(hours, hourly)
    bigger = monthly_cost({**hours, "replying": hours["replying"] + more}, hourly)
    assert bigger.monthly_total >= base.monthly_total
    assert bigger.weekly_hours > base.weekly_hours


@pytest.mark.parametrize("bad, words", [
    ({"content_creation": -1}, "negativ"),
    ({"content_creation": float("nan")}, "número"),
    ({"content_creation": float("inf")}, "número"),
    ({"content_creation": "mucho"}, "no es un número"),
    ({"content_creation": ""}, "Falta"),
    ({"content_creation": None}, "Falta"),
    ({"content_creation": True}, "no sí o no"),
    ({"content_creation": 100, "photo_video": 100}, "168"),
    ({"content_creation": 169}, "máximo"),
    ({"dancing": 2}, "No conozco"),
    ({}, "al menos una tarea"),
])
def test_bad_hours_are_clear_messages(bad, words):
    with pytest.raises(InvalidInputError, match=words):
        monthly_cost(bad, 15)


def test_hours_as_text_with_decimal_comma():
    assert monthly_cost({"content_creation": "2,5"}, "15").weekly_hours == 2.5


@pytest.mark.parametrize("field, value, words", [
    ("hourly_cost", -5, "coste por hora: el valor no puede ser negativo"),
    ("hourly_cost", "abc", "no es un número"),
    ("hourly_cost", 1e12, "demasiado"),
    ("tools", -1, "herramientas"),
    ("ads", float("nan"), "anuncios"),
    ("currency", "XYZ", "moneda"),
    ("currency", "", "moneda"),
])
def test_bad_money_and_currency(field, value, words):
    args = {"hours_per_week": {"content_creation": 2}, "hourly_cost": 15, "tools": 0, "ads": 0,
            "currency": "EUR", field: value}
    with pytest.raises(InvalidInputError, match=words):
        monthly_cost(**args)


def test_errors_are_rumbo_errors_and_translated():
    set_language("en")
    with pytest.raises(RumboError, match="negative"):
        monthly_cost({"content_creation": -1}, 15)
    with pytest.raises(RumboError, match="168"):
        monthly_cost({"content_creation": 100, "photo_video": 100}, 15)


def test_budget_warnings():
    zero = monthly_cost({"content_creation": 3}, 0)
    notes = timecost.budget_warnings(zero, available_hours=2)
    assert any("0 como coste" in n for n in notes)
    assert any("3 h" in n and "2 h" in n for n in notes)
    assert timecost.budget_warnings(monthly_cost({"content_creation": 1}, 15), 2) == []
    assert any("0 horas" in n for n in timecost.budget_warnings(monthly_cost({"content_creation": 0}, 15)))


def test_content_tasks_are_tasks():
    assert set(CONTENT_TASKS) <= set(TASKS)
    assert set(timecost.TASK_LABELS) == set(TASKS)


# --- Learning curve ---------------------------------------------------------------------


def test_learning_curve_shape():
    curve = learning_curve(3, 0.5, 3)
    month = 3 * WEEKS_PER_MONTH
    assert len(curve) == 12
    assert curve[0] == pytest.approx(1.5 * month)
    assert curve[1] == pytest.approx(month * (1 + 0.5 * 2 / 3))
    assert curve[3:] == [pytest.approx(month)] * 9


@settings(max_examples=60)
@given(hours_st, st.floats(min_value=0, max_value=5), st.integers(min_value=0, max_value=12))
def test_learning_curve_properties(hours, extra, learn):
    curve = learning_curve(hours, extra, learn)
    base = hours * WEEKS_PER_MONTH
    assert all(a >= b - 1e-9 for a, b in zip(curve, curve[1:]))  # never rises
    assert all(c >= base - 1e-9 for c in curve)
    assert sum(curve) == pytest.approx(12 * base + base * extra * (learn + 1) / 2 if learn else 12 * base)


def test_no_curve_when_no_extra():
    assert learning_curve(2, 0, 3) == learning_curve(2, 0.5, 0)


@pytest.mark.parametrize("args, words", [
    ((2, -0.1, 3), "negativ"), ((2, 6, 3), "máximo"), ((2, 0.5, 1.5), "entero"),
    ((2, 0.5, 13), "máximo"), ((-1, 0.5, 3), "negativ"),
])
def test_learning_curve_bad_input(args, words):
    with pytest.raises(InvalidInputError, match=words):
        learning_curve(*args)


def test_first_year_with_and_without():
    cost = monthly_cost({"content_creation": 2, "replying": 2}, 15, tools=10, ads=20)
    year = first_year(cost, 0.5, 3)
    assert year.hours_without == pytest.approx(cost.monthly_hours * 12)
    assert year.extra_hours == pytest.approx(cost.monthly_hours * 0.5 * 2)
    assert year.cost_without == pytest.approx(cost.yearly_total)
    assert year.extra_cost == pytest.approx(year.extra_hours * 15)


# --- Options ----------------------------------------------------------------------------


def test_compare_options_worked_example():
    options = {o.key: o for o in compare_options(5, 15, 400, 1000, tools=10, ads=50,
                                                  freelancer_owner_hours=1, agency_owner_hours=0.5)}
    assert options["diy"].total == pytest.approx(5 * WEEKS_PER_MONTH * 15 + 60)
    assert options["freelancer"].total == pytest.approx(400 + WEEKS_PER_MONTH * 15 + 60)
    assert options["agency"].total == pytest.approx(1000 + 0.5 * WEEKS_PER_MONTH * 15 + 60)
    assert all(o.needs and o.label for o in options.values())


@given(st.floats(min_value=0, max_value=40), st.floats(min_value=0, max_value=5),
       st.floats(min_value=0, max_value=5000))
def test_break_even_balances_the_options(diy, owner, fee):
    cost = break_even_hourly_cost(diy, fee, owner)
    if diy <= owner or math.isinf(cost):  # no hours saved (or too few to matter)
        assert cost == math.inf
        return
    diy_month = diy * WEEKS_PER_MONTH * cost
    delegate_month = fee + owner * WEEKS_PER_MONTH * cost
    assert diy_month == pytest.approx(delegate_month, rel=1e-9, abs=1e-6)


def test_break_even_example():
    assert break_even_hourly_cost(6, 400, 1) == pytest.approx(400 / (5 * 52 / 12))


@pytest.mark.parametrize("args, words", [
    ((-1, 400, 1), "negativ"), ((5, "x", 1), "no es un número"), ((5, 400, None), "Falta"),
])
def test_break_even_bad_input(args, words):
    with pytest.raises(InvalidInputError, match=words):
        break_even_hourly_cost(*args)


def test_compare_options_bad_input():
    with pytest.raises(InvalidInputError, match="autónomo"):
        compare_options(5, 15, -300, 1000)
    with pytest.raises(InvalidInputError, match="moneda"):
        compare_options(5, 15, 300, 1000, currency="EURO")


# --- The 35 h / 600 EUR case -----------------------------------------------------------


def test_seed_plan_cost_per_hour():
    assert cost_per_hour(600, 35) == pytest.approx(17.142857, rel=1e-6)


@pytest.mark.parametrize("args, words", [((600, 0), "0 horas"), ((-600, 35), "negativ"),
                                         ((600, "treinta"), "no es un número")])
def test_cost_per_hour_bad_input(args, words):
    with pytest.raises(InvalidInputError, match=words):
        cost_per_hour(*args)


def test_plan_case_month_after():
    case = plan_case(600, 35, upkeep_hours=3, hourly_cost=15, posts_after=0)
    assert case.expert_hourly == pytest.approx(600 / 35)
    assert case.upkeep_month == pytest.approx(3 * WEEKS_PER_MONTH * 15)
    assert case.true_first_month == pytest.approx(600 + case.upkeep_month)
    assert case.cost_per_post_after == math.inf
    assert plan_case(600, 35, 3, 15, 12).cost_per_post_after == 50
    with pytest.raises(InvalidInputError, match="enteros"):
        plan_case(600, 35, 3, 15, 2.5)


# --- ROI and CAC ------------------------------------------------------------------------


def test_roi_and_cac_examples():
    assert roi(1500, ads=200, tools=100, hours=40, hourly_cost=15) == pytest.approx((1500 - 900) / 900)
    assert roi(1500, ads=200, tools=100) == pytest.approx(4.0)  # without time: looks great
    assert cac(30, ads=200, tools=100, hours=40, hourly_cost=15) == pytest.approx(30.0)


@given(money_st, st.floats(min_value=1, max_value=1e4), st.floats(min_value=0.5, max_value=100),
       st.floats(min_value=1, max_value=100))
def test_counting_time_never_improves_roi(revenue, ads, hours, hourly):
    assert roi(revenue, ads, 0, hours, hourly) <= roi(revenue, ads) + 1e-12
    assert cac(7, ads, 0, hours, hourly) >= cac(7, ads)


@given(st.floats(min_value=1, max_value=1e5), money_st)
def test_roi_zero_at_break_even(cost, hourly):
    assert roi(cost, ads=cost) == pytest.approx(0)


def test_roi_cac_bad_input():
    with pytest.raises(InvalidInputError, match="ROI"):
        roi(1000)
    with pytest.raises(InvalidInputError, match="clientes nuevos"):
        cac(0, ads=100)
    with pytest.raises(InvalidInputError, match="negativ"):
        cac(-3, ads=100)
    with pytest.raises(InvalidInputError, match="ingresos"):
        roi(float("nan"), ads=10)


# --- Facts, time log and bundled data ---------------------------------------------------

from rumbo.core.errors import DataError  # noqa: E402
from rumbo.data import load_dataset  # noqa: E402


def small_log() -> pd.DataFrame:
    return pd.DataFrame({
        "date": ["2025-01-06", "2025-01-06", "2025-01-08", "2025-01-20", "2025-01-21"],
        "person": ["Ana"] * 5,
        "task": ["content_creation", "replying", "photo_video", "replying", "learning"],
        "minutes": [60, 30, 90, 600, 30],
    })


def test_hours_by_task_is_a_groupby_in_task_order():
    hours = timecost.hours_by_task(small_log())
    assert list(hours.index) == ["content_creation", "photo_video", "replying", "learning"]
    assert hours["replying"] == pytest.approx(10.5)
    assert timecost.log_content_share(small_log()) == pytest.approx(2.5 / 13.5)


def test_weekly_hours_fill_silent_weeks_and_find_the_worst():
    weeks = timecost.weekly_hours(small_log())
    assert list(weeks.index.strftime("%Y-%m-%d")) == ["2025-01-06", "2025-01-13", "2025-01-20"]
    assert list(weeks) == [3.0, 0.0, 10.5]
    worst = timecost.worst_week(small_log())
    assert worst["week"] == pd.Timestamp("2025-01-20") and worst["median"] == 3.0
    assert worst["by_task"]["replying"] == 10
    assert "20/01/2025" in timecost_views.worst_week_summary(small_log())


def test_typical_week_divides_by_weeks_covered():
    week = timecost.typical_week(small_log())  # 16 days -> 16/7 weeks
    assert week["replying"] == pytest.approx(round(10.5 / (16 / 7), 2))
    assert set(week) == set(TASKS)


@pytest.mark.parametrize("log, words", [
    (small_log().drop(columns="minutes"), "minutes"),
    (small_log().assign(minutes=[-5, 1, 1, 1, 1]), "negativos"),
    ("not a table", "DataFrame"),
])
def test_bad_time_logs(log, words):
    with pytest.raises(DataError, match=words):
        timecost.hours_by_task(log)


def test_empty_log_has_no_worst_week():
    with pytest.raises(DataError, match="vacío"):
        timecost.worst_week(small_log().iloc[0:0])


def test_bundled_worst_week_is_the_crisis_week():
    from rumbo.data.generator import OFF_RAILS_WEEKS

    for business, monday in OFF_RAILS_WEEKS.items():
        assert timecost.worst_week(load_dataset(business, "time_log"))["week"] == pd.Timestamp(monday)


def test_facts_carry_source_and_year():
    assert timecost.seed_plan() == (600.0, 35.0)
    note = timecost_views.owner_hours_note()
    assert "2012" in note and "dato histórico" in note and "VerticalResponse" in note
    assert f"el {fmt_percent(fact('owners_1_5_hours_share').ratio(), 0)} de los dueños" in note
    assert Fact("k", "m", "all", 1.0, None, None, "eur", "X", None, "").cite() == "X, sin año"
    with pytest.raises(DataError):
        fact("no_such_key")


def test_fee_defaults_euro_and_other_currency():
    euro = timecost.fee_defaults("EUR")
    assert 300 <= euro["freelancer"] <= 500 and 600 <= euro["agency"] <= 2000
    assert "300" in euro["note"] and "2.000" in euro["note"]
    cop = timecost.fee_defaults("COP", 15000)
    assert cop["freelancer"] == pytest.approx(400 / 15 * 15000, rel=0.01)
    assert "no hay una cifra verificada" in cop["note"]
    with pytest.raises(InvalidInputError):
        timecost.fee_defaults("XXX")


def test_default_split_and_ranges():
    split = timecost.default_split(4)
    assert sum(split.values()) == pytest.approx(4, abs=0.05)
    notes = timecost.task_range_notes()
    assert set(notes) == set(TASKS) and all("h/semana" in n for n in notes.values())


def test_month_after_the_plan_was_silent():
    after = timecost.month_after_plan()
    assert after["posts"] == 0 and after["hours"] == 0
    case = timecost.seed_case({"hours_per_week": 3, "hourly_cost": 18, "currency": "EUR"})
    assert case.expert_hourly == pytest.approx(600 / 35) and case.posts_after == 0
    other = timecost.seed_case({"hours_per_week": 6, "hourly_cost": 15000, "currency": "COP"})
    assert other.hourly_cost == 15.0  # the story is in euros
    table = timecost.plan_case_table(case)
    assert "17,14\xa0€" in table.to_string() and "sin publicaciones" in table.to_string()


@pytest.mark.parametrize("business", ["panaderia", "cosmetica", "ferreteria"])
def test_results_and_roi_table(business):
    res = timecost.results(business)
    sales = load_dataset(business, "sales")
    share = sales["social_last_click_orders"].sum() / sales["orders"].sum()
    assert res.revenue == pytest.approx(sales["revenue"].sum() * share)
    assert res.ads == pytest.approx(load_dataset(business, "posts")["spend"].sum())
    rows = timecost.roi_cac_table(res)
    assert rows[-1]["cost"] == pytest.approx(res.ads + res.hours * res.hourly_cost)
    assert rows[-1]["roi"] < rows[0]["roi"] and rows[-1]["cac"] > rows[0]["cac"]
    assisted = timecost.results(business, "assisted")
    assert assisted.revenue > res.revenue


def test_results_bad_attribution_and_zero_cost_rows():
    with pytest.raises(InvalidInputError, match="atribuir"):
        timecost.results("panaderia", "magic")
    res = timecost.results("panaderia")
    free = timecost.SocialResults(**{**res.__dict__, "ads": 0.0})
    rows = timecost.roi_cac_table(free, hourly_cost=0)
    assert all(math.isnan(r["roi"]) for r in rows)


def test_tables_and_notes_are_spanish_text():
    log = load_dataset("cosmetica", "time_log")
    table = timecost.hours_by_task_table(log)
    assert list(table.columns) == ["Tarea", "Horas en el año", "Parte del total"]
    note = timecost_views.content_share_note(log)
    assert repr(note) == str(note) and note._repr_markdown_() == str(note)
    year = first_year(monthly_cost({"writing": 2}, 10), 0.5, 3)
    assert list(timecost.first_year_table(year, "COP")["Coste"])[0] == "1.040 COP"


def test_charts_have_labelled_axes():
    log = load_dataset("panaderia", "time_log")
    fig = timecost_views.weekly_hours_chart(log, available=3)
    ax = fig.axes[0]
    assert ax.get_xlabel() and "Horas" in ax.get_ylabel()
    year = first_year(monthly_cost({"writing": 2}, 10))
    ax = timecost_views.learning_curve_chart(year).axes[0]
    assert "Mes" in ax.get_xlabel() and "Horas" in ax.get_ylabel()


def test_import_is_cheap():
    import subprocess
    import sys

    code = ("import sys, rumbo.timecost; "
            "print(any(m.startswith(('ipywidgets', 'matplotlib')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- where the inventory starts: her numbers first --------------------------------------


def test_inventory_starts_from_her_saved_budget_then_her_profile_then_the_example():
    from rumbo.data.profile import example_profile

    example = example_profile("panaderia")
    week = {t: 1.0 for t in timecost.TASKS}
    hers = {**example, "hours_per_week": 4.0, "hourly_cost": 22.0}
    assert timecost.inventory_start(example, None, week).source == "example"
    start = timecost.inventory_start(hers, None, week)
    assert start.source == "profile" and sum(start.hours.values()) == pytest.approx(4.0)
    assert start.hourly_cost == 22.0
    saved = {"hours_per_week": {"content_creation": 5}, "hourly_cost": 30, "tools_per_month": 9,
             "ads_per_month": 40, "currency": "EUR"}
    start = timecost.inventory_start(example, saved, week)  # a saved budget wins even then
    assert (start.source, start.hours["content_creation"], start.hours["writing"]) == ("saved", 5, 0)
    assert (start.hourly_cost, start.tools, start.ads) == (30, 9, 40)
    broken = {"hours_per_week": {"content_creation": "mucho"}}  # hand-edited: not trusted
    assert timecost.inventory_start(hers, broken, week).source == "profile"
