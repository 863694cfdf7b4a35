"""Unit and property tests of rumbo.objectives (module 1: SMART objectives, reality check)."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rumbo import objectives as obj
from rumbo.core.errors import DataError, InvalidInputError
from rumbo.core.i18n import set_language
from rumbo.core.numbers import optional_number

TODAY = date(2026, 1, 1)


@pytest.fixture(autouse=True)
def spanish():
    set_language("es")
    yield
    set_language("es")


@pytest.fixture
def bench() -> pd.DataFrame:
    """A small benchmark table in the bundled schema (values as ratios)."""
    return pd.DataFrame([
        dict(key="follower_growth_typical", metric="m", network="all", value=0.02, low=0.01,
             high=0.03, unit="ratio", source="Fuente T", year=2024, note=""),
        dict(key="follower_growth_campaign", metric="m", network="all", value=0.075, low=0.05,
             high=0.10, unit="ratio", source="Fuente C", year=2024, note=""),
        dict(key="fb_organic_reach_share", metric="m", network="facebook", value=0.052, low=None,
             high=None, unit="ratio", source="Fuente R", year=2020, note=""),
    ])


counts = st.floats(min_value=1, max_value=1e8, allow_nan=False)
months = st.floats(min_value=0.5, max_value=120, allow_nan=False)
rates = st.floats(min_value=-0.5, max_value=3, allow_nan=False)


# --- formulas ---------------------------------------------------------------------------------


def test_the_seed_case_needs_about_2054_percent_a_month():
    assert obj.required_monthly_growth(100, 1_000_000, 3) == pytest.approx(20.5443, rel=1e-4)


def test_doubling_in_a_year():
    assert obj.required_monthly_growth(800, 1600, 12) == pytest.approx(2 ** (1 / 12) - 1)


@given(counts, counts, months)
def test_projecting_at_the_required_rate_reaches_the_target(start, target, m):
    assume(target / start > 1e-4)
    rate = obj.required_monthly_growth(start, target, m)
    assert obj.project(start, rate, m) == pytest.approx(target, rel=1e-6)


@given(counts, counts, months)
def test_months_to_reach_at_the_required_rate_is_the_horizon(start, target, m):
    assume(abs(target / start - 1) > 1e-6)
    rate = obj.required_monthly_growth(start, target, m)
    if target > start:
        assert obj.months_to_reach(start, target, rate) == pytest.approx(m, rel=1e-6)
    else:
        assert obj.months_to_reach(start, target, rate) == 0


@given(counts, rates, months, months)
def test_projection_compounds(start, rate, m1, m2):
    assume(m1 + m2 <= 120 and start * (1 + rate) ** (m1 + m2) < 1e9 and start * (1 + rate) ** m1 < 1e9)
    two_steps = obj.project(obj.project(start, rate, m1), rate, m2)
    assert two_steps == pytest.approx(obj.project(start, rate, m1 + m2), rel=1e-9)


@given(counts, counts, st.floats(min_value=0.5, max_value=60))
def test_required_growth_is_monotonic_in_target_and_time(start, target, m):
    assume(target > start * 1.001)
    assert obj.required_monthly_growth(start, target * 2, m) > obj.required_monthly_growth(start, target, m)
    assert obj.required_monthly_growth(start, target, m * 2) < obj.required_monthly_growth(start, target, m)


def test_months_to_reach_edge_cases():
    assert obj.months_to_reach(100, 50, 0.03) == 0
    assert obj.months_to_reach(100, 200, 0) == math.inf
    assert obj.months_to_reach(100, 200, -0.1) == math.inf
    assert obj.months_to_reach(100, 1_000_000, 0.03) == pytest.approx(311.6, abs=0.1)


def test_trajectory_ends_on_a_fractional_month():
    path = obj.trajectory(100, 0.1, 2.5)
    assert list(path.index) == [0, 1, 2, 2.5]
    assert path.iloc[0] == 100
    assert path.iloc[-1] == pytest.approx(100 * 1.1 ** 2.5)


def test_achievement_ratio():
    assert obj.achievement_ratio(100, 1_000_000, 100_000) == pytest.approx(99_900 / 999_900)
    assert obj.achievement_ratio(10, 3, 5) == pytest.approx(5 / 7)  # lower is better
    assert obj.achievement_ratio(100, 150, 150) == 1
    with pytest.raises(InvalidInputError, match="igual al punto de partida"):
        obj.achievement_ratio(5, 5, 7)
    with pytest.raises(InvalidInputError, match="Faltan números"):
        obj.achievement_ratio(5, None, 7)


def test_quality_over_quantity():
    assert obj.engaged_users(1_000_000, 0.0005) == pytest.approx(500)
    assert obj.engaged_users(100_000, 0.02) == pytest.approx(2000)
    saving = obj.returns_saving(1000, 0.10, 0.70, 8)
    assert saving["returns_avoided"] == pytest.approx(70)
    assert saving["saved"] == pytest.approx(560)


@pytest.mark.parametrize("value, expected", [
    ("1.500", 1500), ("1500", 1500), ("2,5", 2.5), ("1.234,5", 1234.5), (" 3 ", 3), ("", None),
    (None, None), (7, 7), ("12%", 12), ("0.5", 0.5),
])
def test_parse_number_spanish_and_plain(value, expected):
    assert optional_number(value, "x") == expected


@pytest.mark.parametrize("value", ["mil", True, float("nan"), float("inf"), "1,2,3", object()])
def test_parse_number_rejects_garbage(value):
    with pytest.raises(InvalidInputError):
        optional_number(value, "El campo")


# --- bad inputs a learner can type: each one a Spanish message ------------------------------------


@pytest.mark.parametrize("args, fragment", [
    ((0, 1000, 3), "mayor que cero"),
    ((-5, 1000, 3), "mayor que cero"),
    ((100, 0, 3), "mayor que cero"),
    ((100, 1000, 0), "más que cero"),
    ((100, 1000, -2), "más que cero"),
    ((100, 1000, 500), "máximo 120"),
    ((100, 5e12, 3), "error de tecleo"),
    ((None, 1000, 3), "falta el número"),
    (("cien", 1000, 3), "no es un número"),
    ((100, float("nan"), 3), "número normal"),
    ((100, True, 3), "no sí o no"),
])
def test_required_growth_bad_inputs(args, fragment):
    with pytest.raises(InvalidInputError, match=fragment):
        obj.required_monthly_growth(*args)


def test_project_and_rate_bad_inputs():
    with pytest.raises(InvalidInputError, match="−100"):
        obj.project(100, -1, 3)
    with pytest.raises(InvalidInputError, match="no negativo"):
        obj.project(-1, 0.1, 3)
    assert obj.project(0, 0.1, 3) == 0
    with pytest.raises(InvalidInputError, match="de 0 a 1"):
        obj.engaged_users(1000, 2)
    with pytest.raises(InvalidInputError, match="de 0 a 1"):
        obj.returns_saving(1000, 1.5, 0.7, 8)
    with pytest.raises(InvalidInputError, match="negativo"):
        obj.returns_saving(1000, 0.1, 0.7, -8)


def test_huge_growth_does_not_overflow():
    assert obj.required_monthly_growth(1, 1e9, 0.01) == math.inf
    assert obj.project(1e8, 20, 120) > 1e100


def test_reality_check_with_overflowing_growth(bench):
    check = obj.reality_check(1, 1e9, 0.01, bench)
    assert check.required == math.inf and check.verdict.level == "milagro"
    assert check.trajectories()["required"].iloc[-1] == pytest.approx(1e9)
    assert obj.reality_rows(check)[0][1]


def test_messages_follow_the_language():
    set_language("en")
    with pytest.raises(InvalidInputError) as caught:
        obj.required_monthly_growth(100, 1000, 0)
    assert "month" in str(caught.value).lower()


# --- benchmarks and the realism scale ----------------------------------------------------------


def test_thresholds_come_from_the_benchmark_table(bench):
    scale = obj.thresholds(bench)
    assert (scale.realista, scale.ambicioso) == (0.03, 0.10)
    assert scale.muy_dificil == pytest.approx(0.25)
    assert scale.typical.fact.cite() == "Fuente T, 2024"


def test_percent_units_are_converted(bench):
    table = bench.copy()
    table.loc[0, ["value", "low", "high", "unit"]] = [2, 1, 3, "%"]
    assert obj.thresholds(table).realista == pytest.approx(0.03)


def test_missing_benchmark_is_a_data_error(bench):
    with pytest.raises(DataError, match="follower_growth_campaign"):
        obj.thresholds(bench[bench["key"] != "follower_growth_campaign"])


@pytest.mark.parametrize("rate, level", [
    (-0.2, "realista"), (0, "realista"), (0.01, "realista"), (0.03, "realista"),
    (0.031, "ambicioso"), (0.10, "ambicioso"), (0.11, "muy_dificil"), (0.25, "muy_dificil"),
    (0.26, "milagro"), (20.54, "milagro"), (math.inf, "milagro"),
])
def test_verdict_scale(bench, rate, level):
    verdict = obj.realism_verdict(rate, obj.thresholds(bench))
    assert verdict.level == level
    assert verdict.reason and verdict.label


@given(st.floats(min_value=-0.9, max_value=50), st.floats(min_value=-0.9, max_value=50))
@settings(max_examples=60)
def test_verdict_is_monotonic(a, b):
    scale = obj.Thresholds(0.03, 0.10, 0.25)
    low, high = sorted((a, b))
    assert (obj.VERDICTS.index(obj.realism_verdict(low, scale).level)
            <= obj.VERDICTS.index(obj.realism_verdict(high, scale).level))


def test_reality_check_of_the_seed_case(bench):
    check = obj.reality_check(100, 1_000_000, 3, bench)
    assert check.verdict.level == "milagro"
    assert "2.054" in obj.reality_rows(check)[0][1]
    assert check.reach_typical == pytest.approx(100 * 1.03 ** 3)
    assert check.reach_campaign == pytest.approx(133.1)
    assert check.months_typical / 12 == pytest.approx(25.97, abs=0.01)
    assert check.log_scale
    rows = dict(obj.reality_rows(check))
    assert "Fuente T, 2024" in rows["Crecimiento típico de una cuenta pequeña"]
    assert rows["Tiempo real hasta el objetivo, a ritmo típico"] == "26,0 años"
    paths = check.trajectories()
    assert paths["required"].iloc[-1] == pytest.approx(1_000_000)


def test_reality_check_modest_goal_is_linear_scale(bench):
    check = obj.reality_check(800, 900, 6, bench)
    assert check.verdict.level == "realista"
    assert not check.log_scale


def test_fmt_months():
    assert obj.fmt_months(math.inf) == "nunca a ese ritmo"
    assert obj.fmt_months(0) == "ya alcanzado"
    assert obj.fmt_months(5.25) == "5,2 meses" or obj.fmt_months(5.25) == "5,3 meses"
    assert obj.fmt_months(36) == "3,0 años"


def test_event_next_monday(bench):
    event = obj.event_check(5, 300, 2, bench)
    assert event.posts_possible == 10
    assert event.reach_per_post == pytest.approx(15.6)
    assert event.people_reached == pytest.approx(156)
    assert event.new_followers == pytest.approx(300 * (1.1 ** (5 / obj.DAYS_PER_MONTH) - 1))
    assert event.new_followers < 5
    assert obj.event_check(30, 100, 24, bench).people_reached == 100  # capped by followers
    for args, fragment in [((0, 300), "más que cero"), ((-3, 300), "más que cero"),
                           ((5, -1), "no negativo"), ((5, 300, 0), "de más de 0 a 24"),
                           ((5, 300, 100), "de más de 0 a 24"), ((99999, 300), "3650")]:
        with pytest.raises(InvalidInputError, match=fragment):
            obj.event_check(*args, bench=bench)


def test_days_until():
    assert obj.days_until("2026-01-05", TODAY) == 4
    assert obj.days_until("31/12/2025", TODAY) == -1
    with pytest.raises(InvalidInputError, match="no es una fecha"):
        obj.days_until("el lunes", TODAY)


# --- SMART ----------------------------------------------------------------------------------------


def smart(**fields) -> obj.Objective:
    base = dict(text="x", goal="awareness", kpi="followers", network="instagram", start=800,
                target=900, deadline="2026-06-30")
    base.update(fields)
    return obj.Objective(**base)


def test_a_smart_objective(bench):
    report = obj.check_smart(smart(), TODAY, bench)
    assert report.is_smart, report.missing
    assert report.verdict.level == "realista"
    assert report.months == pytest.approx(180 / obj.DAYS_PER_MONTH)
    assert report.notes == []


@pytest.mark.parametrize("fields, criterion, fragment", [
    ({"kpi": None}, "specific", "elige un KPI"),
    ({"kpi": "likes"}, "specific", "No conozco el KPI"),
    ({"network": None}, "specific", "en qué red"),
    ({"target": None}, "measurable", "Sin número"),
    ({"target": ""}, "measurable", "Sin número"),
    ({"start": None}, "measurable", "Sin punto de partida"),
    ({"target": "mucho"}, "measurable", "no es un número"),
    ({"target": 800}, "measurable", "igual al punto de partida"),
    ({"target": 700}, "measurable", "más es mejor"),
    ({"start": -3}, "measurable", "negativos"),
    ({"target": 5e12}, "measurable", "mil millones"),
    ({"kpi": "return_rate", "goal": "fewer_returns", "start": 10, "target": 140}, "measurable",
     "de 0 a 100"),
    ({"kpi": "return_rate", "goal": "fewer_returns", "start": 10, "target": 12}, "measurable",
     "menos es mejor"),
    ({"target": 1_000_000}, "achievable", "No es alcanzable"),
    ({"start": 0}, "achievable", "Partiendo de 0"),
    ({"deadline": None}, "achievable", "alcanzable: falta la fecha límite."),
    ({"deadline": "2025-06-30"}, "achievable", "alcanzable: la fecha límite no vale (mira «Con fecha»)."),
    ({"deadline": "pronto"}, "achievable", "la fecha límite no vale"),
    ({"kpi": None}, "achievable", "alcanzable: falta el KPI (qué vas a medir)."),
    ({"kpi": "likes_per_post"}, "achievable", "el KPI «likes_per_post» no está en la lista"),
    ({"target": None}, "achievable", "alcanzable: falta la meta."),
    ({"start": None}, "achievable", "alcanzable: falta el punto de partida."),
    ({"target": 700}, "achievable", "alcanzable: los números no cuadran (mira «Medible»)."),
    ({"kpi": None, "deadline": None}, "achievable", "falta el KPI (qué vas a medir) y falta la fecha"),
    ({"goal": None}, "relevant", "a qué objetivo del negocio"),
    ({"goal": "world_domination"}, "relevant", "No conozco el objetivo"),
    ({"goal": "fewer_returns"}, "relevant", "No está relacionado"),
    ({"deadline": None}, "time_bound", "Sin fecha"),
    ({"deadline": ""}, "time_bound", "Sin fecha"),
    ({"deadline": "2025-06-30"}, "time_bound", "ya pasó"),
    ({"deadline": TODAY}, "time_bound", "ya pasó"),
    ({"deadline": "pronto"}, "time_bound", "no es una fecha"),
    ({"deadline": "2040-01-01"}, "time_bound", "diez años"),
])
def test_each_missing_piece_is_named(bench, fields, criterion, fragment):
    report = obj.check_smart(smart(**fields), TODAY, bench)
    finding = next(f for f in report.findings if f.criterion == criterion)
    assert not finding.ok
    assert fragment in finding.message


def test_a_wrong_date_alone_names_only_the_date(bench):
    finding = next(f for f in obj.check_smart(smart(deadline="2025-06-30"), TODAY, bench).findings
                   if f.criterion == "achievable")
    assert "fecha" in finding.message and "KPI" not in finding.message
    assert "meta" not in finding.message and "números" not in finding.message


def test_lower_is_better_kpis_use_the_monthly_reduction(bench):
    # returns from 10 % to 3 % in a year: a 9.5 % monthly reduction, ambitious but achievable
    report = obj.check_smart(smart(kpi="return_rate", goal="fewer_returns", start=10, target=3,
                                   deadline="2027-01-01"), TODAY, bench)
    assert report.is_smart, report.missing
    assert report.verdict.level == "ambicioso"
    assert report.notes  # no published benchmark for returns: said so
    zero = obj.check_smart(smart(kpi="return_rate", goal="fewer_returns", start=10, target=0),
                           TODAY, bench)
    assert zero.verdict.level == "milagro"


def test_dates_in_spanish_format_and_date_objects(bench):
    assert obj.check_smart(smart(deadline="30/06/2026"), TODAY, bench).is_smart
    assert obj.check_smart(smart(deadline=date(2026, 6, 30)), TODAY, bench).is_smart


def test_smart_table_and_record(bench):
    table = obj.smart_table([smart(), smart(text="", target=None)], TODAY, bench)
    assert list(table["SMART"]) == ["sí", "no"]
    assert "Sin número" in table.iloc[1]["Qué falta"]
    record = obj.objective_record(obj.check_smart(smart(text=""), TODAY, bench))
    assert record["deadline"] == "2026-06-30"
    assert record["text"] == "Seguidores: de 800 a 900 en Instagram antes del 30/06/2026."
    assert record["smart"]["achievable"]["ok"] is True
    import json
    json.dumps(record)  # plain JSON for the plan


# --- milestones --------------------------------------------------------------------------------


def test_milestone_ladder_compounds_and_ends_on_the_deadline():
    ladder = obj.milestone_ladder(800, 1600, TODAY, "2026-12-31", 4)
    assert [s["stage"] for s in ladder] == [1, 2, 3, 4]
    assert ladder[-1]["date"] == "2026-12-31" and ladder[-1]["value"] == pytest.approx(1600)
    assert ladder[1]["value"] == pytest.approx(800 * 2 ** 0.5)
    assert ladder[-1]["share"] == pytest.approx(1)
    dates = [s["date"] for s in ladder]
    assert dates == sorted(dates)


@given(counts, counts, st.integers(min_value=1, max_value=12))
def test_milestones_move_steadily_towards_the_target(start, target, stages):
    assume(abs(target - start) > 1e-6 * start)
    ladder = obj.milestone_ladder(start, target, TODAY, "2027-01-01", stages)
    values = [start] + [s["value"] for s in ladder]
    steps = [b - a for a, b in zip(values, values[1:])]
    assert all((s > 0) == (target > start) for s in steps)
    assert values[-1] == pytest.approx(target)


def test_milestones_with_a_zero_fall_back_to_a_line():
    ladder = obj.milestone_ladder(10, 0, TODAY, "2026-04-01", 2)
    assert [s["value"] for s in ladder] == [5, 0]


@pytest.mark.parametrize("args, fragment", [
    ((None, 10, TODAY, "2026-06-01", 3), "necesito"),
    ((10, 10, TODAY, "2026-06-01", 3), "igual"),
    ((-1, 10, TODAY, "2026-06-01", 3), "negativos"),
    ((1, 10, TODAY, "2025-06-01", 3), "posterior"),
    ((1, 10, TODAY, "2026-06-01", 0), "de 1 a 12"),
    ((1, 10, TODAY, "2026-06-01", 2.5), "de 1 a 12"),
    ((1, 10, TODAY, "2026-06-01", True), "de 1 a 12"),
    ((1, 10, TODAY, "2026-01-03", 5), "más etapas que días"),
    ((1, 10, TODAY, "", 3), "falta la fecha"),
])
def test_milestone_bad_inputs(args, fragment):
    with pytest.raises(InvalidInputError, match=fragment):
        obj.milestone_ladder(*args)


# --- the bundled benchmark table -----------------------------------------------------------------


def test_bundled_benchmarks_give_the_documented_scale():
    scale = obj.thresholds()
    assert (scale.realista, scale.ambicioso, scale.muy_dificil) == pytest.approx((0.03, 0.10, 0.25))
    check = obj.reality_check(100, 1_000_000, 3)
    assert check.verdict.level == "milagro"
    miracle = obj.benchmark("follower_growth_miracle_example")
    assert check.required == pytest.approx(miracle.value, rel=1e-3)
    assert obj.benchmark("fb_organic_reach_share").value == pytest.approx(0.052)
    assert all(source for source in (check.typical.fact.cite(), check.campaign.fact.cite()))


def test_growth_table_says_the_figures_are_an_assumption():
    table = obj.growth_table()
    assert (table["Fuente"] == "supuesto del curso").all()
    assert table["Nota"].str.startswith("Supuesto del curso").all()


# --- Google's and WhatsApp's business tools: no followers ------------------------------------


def test_business_channels_are_left_out_of_follower_growth_and_the_note_says_why():
    assert obj.growth_networks(["google_business", "instagram", "whatsapp"]) == ["instagram"]
    assert obj.growth_networks(["google_business", "whatsapp"]) == [obj.EXAMPLE_NETWORK]
    assert obj.growth_note(["instagram", "facebook"]) == ""
    one = obj.growth_note(["instagram", "google_business"])
    assert one.startswith("Perfil de Empresa de Google no tiene seguidores") and "de ejemplo" not in one
    both = obj.growth_note(["whatsapp", "google_business"])
    assert both.startswith("Perfil de Empresa de Google y WhatsApp Business no tienen seguidores")
    assert "Tus objetivos SMART" in both and "usa Instagram de ejemplo" in both
    set_language("en")
    assert obj.growth_note(["google_business", "whatsapp"]).startswith(
        "Google Business Profile and WhatsApp Business have no followers")


def test_a_follower_objective_on_a_business_channel_is_not_specific(bench):
    report = obj.check_smart(smart(network="google_business"), TODAY, bench)
    specific = next(f for f in report.findings if f.criterion == "specific")
    assert not specific.ok and "Perfil de Empresa de Google no tiene seguidores" in specific.message
    visits = obj.check_smart(smart(network="google_business", kpi="web_visits", goal="sell_more"),
                             TODAY, bench)
    assert visits.is_smart, visits.missing
    assert "Perfil de Empresa de Google" in obj.describe(visits.objective)
