"""Module 5's pure functions: routine model and fit, consistency, the stop model, habit, exports."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rumbo import upkeep
from rumbo.views import upkeep as upkeep_views
from rumbo.core.errors import DataError, InvalidInputError
from rumbo.core.i18n import fmt_percent, set_language
from rumbo.data import load_benchmarks

NETS = ["facebook", "instagram"]
GRID = {"mon": {"publish": 15, "reply": 10, "create": 45}, "wed": {"publish": 15},
        "fri": {"publish": 15, "measure": 20}}


def routine(grid=GRID, **kwargs):
    return upkeep.validate_routine(grid, kwargs.pop("networks", NETS), **kwargs)


def posts_on(*days, network="instagram"):
    return pd.DataFrame({"published_at": pd.to_datetime(list(days), format="mixed"),
                         "network": network})


# --- routine model -------------------------------------------------------------------


def test_validate_routine_keeps_order_and_drops_zeros():
    r = routine({"fri": {"measure": 20, "publish": 15}, "mon": {"reply": 0, "publish": 10.0}})
    assert list(r["grid"]) == ["mon", "fri"]
    assert r["grid"]["mon"] == {"publish": 10} and list(r["grid"]["fri"]) == ["publish", "measure"]
    assert r["weekly_minutes"] == 45 and r["start_time"] == "09:00"
    assert r["network_labels"] == ["Facebook", "Instagram"]


@pytest.mark.parametrize("value, words", [
    (-5, "negativos"), (float("nan"), "número normal en «Publicar el lunes»"),
    ("abc", "no es un número"), ("", "Falta un número en «Publicar el lunes»"),
    (None, "Falta un número"), (True, "no sí o no"), (600, "error de tecleo"),
    (float("inf"), "número normal"),
])
def test_bad_minutes_are_explained(value, words):
    with pytest.raises(InvalidInputError, match=words) as err:
        routine({"mon": {"publish": value}})
    assert "Publicar el lunes" in str(err.value)


def test_every_problem_is_reported_at_once():
    with pytest.raises(InvalidInputError) as err:
        upkeep.validate_routine({"mon": {"publish": -1}, "dia8": {}}, [], "Mars/Olympus", "25:00")
    text = str(err.value)
    for words in ("negativos", "dia8", "al menos una red", "zona horaria", "hora de inicio"):
        assert words in text


def test_empty_routine_unknown_task_and_network():
    with pytest.raises(InvalidInputError, match="vacía"):
        routine({"mon": {"publish": 0}})
    with pytest.raises(InvalidInputError, match="bailar"):
        routine({"mon": {"bailar": 10}})
    with pytest.raises(InvalidInputError, match="myspace"):
        routine(networks=["myspace"])
    with pytest.raises(InvalidInputError, match="tabla"):
        upkeep.validate_routine("lunes 10", NETS)


def test_a_routine_must_end_before_midnight():
    with pytest.raises(InvalidInputError, match="medianoche"):
        routine({"mon": {"create": 120}}, start_time="23:00")
    assert routine({"mon": {"create": 60}}, start_time="23:00")["start_time"] == "23:00"


@pytest.mark.parametrize("text, expected", [("9:30", "09:30"), ("18.15", "18:15"), ("07h05", "07:05")])
def test_start_time_formats(text, expected):
    assert routine(start_time=text)["start_time"] == expected


@pytest.mark.parametrize("hours, words", [(-1, "0 en adelante"), (200, "168"), ("dos", "número"),
                                          (None, "Falta un número en «horas por semana"), (float("nan"), "número normal")])
def test_bad_budget(hours, words):
    with pytest.raises(InvalidInputError, match=words):
        upkeep.fit_check(routine(), hours)


def test_fit_and_cuts():
    r = routine()
    assert r["weekly_minutes"] == 120
    fit = upkeep.fit_check(r, 2)
    assert fit.fits and fit.over_minutes == 0 and fit.cuts == []
    fit = upkeep.fit_check(r, 1)
    assert not fit.fits and fit.over_minutes == 60 and fit.cuts_enough
    # the first to go are the least urgent tasks, not publishing
    assert [t for _d, t, _m in fit.cuts] == ["measure", "create"]


def test_zero_hours_cannot_fit_and_says_so():
    fit = upkeep.fit_check(routine(), 0)
    assert not fit.fits and not fit.cuts_enough
    kept = upkeep.apply_cuts(GRID, fit.cuts)
    assert upkeep.publishing_days(kept) == 1  # the last publishing slot is never suggested away


def test_notes_for_no_publishing_and_too_few_days():
    fit = upkeep.fit_check(routine({"mon": {"reply": 10}}), 5)
    assert any("ningún hueco para publicar" in n for n in fit.notes)
    fit = upkeep.fit_check(routine({"mon": {"publish": 10}}), 5, min_publish_days=3)
    assert any("recomendado empieza en 3" in n for n in fit.notes)


grids = st.dictionaries(
    st.sampled_from(upkeep.DAYS),
    st.dictionaries(st.sampled_from(upkeep.TASKS), st.integers(1, 120), min_size=1),
    min_size=1)


@settings(max_examples=150, deadline=None)
@given(grid=grids, budget=st.integers(0, 2000))
def test_cuts_property(grid, budget):
    """Cuts are real slots; applying them fits unless only publishing slots are left."""
    cuts = upkeep.suggest_cuts(grid, budget)
    for day, task, minutes in cuts:
        assert grid[day][task] == minutes
    assert len(set((d, t) for d, t, _m in cuts)) == len(cuts)
    kept = upkeep.apply_cuts(grid, cuts)
    if upkeep.total_minutes(grid) <= budget:
        assert cuts == []
    elif upkeep.total_minutes(kept) > budget:  # could not fit: only the last publishing slot is left
        assert upkeep.publishing_days(kept) == 1 and upkeep.total_minutes(kept) == sum(
            row.get("publish", 0) for row in kept.values())
    if cuts:  # no cut beyond the one that made it fit
        last = cuts[-1][2]
        assert upkeep.total_minutes(kept) + last > budget


@settings(max_examples=60, deadline=None)
@given(hours=st.floats(0, 168), nets=st.lists(st.sampled_from(NETS), min_size=1, unique=True))
def test_suggested_routine_fits_what_there_is(hours, nets):
    r = upkeep.suggested_routine(hours, nets)
    assert upkeep.publishing_days(r["grid"]) >= 1
    if hours * 60 >= upkeep.MIN_PUBLISH_MINUTES:
        assert r["weekly_minutes"] <= round(hours * 60)


def test_timezone_for_country():
    assert upkeep.timezone_for("Colombia") == "America/Bogota"
    assert upkeep.timezone_for(" españa ") == "Europe/Madrid"
    assert upkeep.timezone_for(None) == upkeep.DEFAULT_TIMEZONE


# --- consistency ---------------------------------------------------------------------


def test_weekly_counts_fills_empty_weeks_and_matches_resample():
    posts = posts_on("2025-01-06 10:00", "2025-01-07", "2025-01-27", "2025-01-29")
    counts = upkeep.weekly_counts(posts)
    assert counts.tolist() == [2, 0, 0, 2]
    assert counts.index[0] == pd.Timestamp("2025-01-12")  # labelled by the Sunday
    assert counts.tolist() == posts.resample("W", on="published_at").size().tolist()
    padded = upkeep.weekly_counts(posts, start="2024-12-30", end="2025-02-14")
    assert padded.tolist() == [0, 2, 0, 0, 2, 0, 0]


def test_weekly_counts_by_network_and_errors():
    posts = pd.concat([posts_on("2025-01-06"), posts_on("2025-01-07", network="facebook")])
    assert upkeep.weekly_counts(posts, "facebook").sum() == 1
    with pytest.raises(DataError, match="tiktok"):
        upkeep.weekly_counts(posts, "tiktok")
    with pytest.raises(DataError, match="published_at"):
        upkeep.weekly_counts(pd.DataFrame({"fecha": [1]}))
    with pytest.raises(DataError, match="nada que contar"):
        upkeep.weekly_counts(pd.DataFrame({"published_at": [None, "no es fecha"]}))


def test_longest_gap_by_calendar_day():
    posts = posts_on("2025-01-01 23:00", "2025-01-02 08:00", "2025-01-20 10:00", "2025-01-22")
    gap = upkeep.longest_gap(posts)
    assert (gap.days, gap.start, gap.end) == (18, pd.Timestamp("2025-01-02"), pd.Timestamp("2025-01-20"))
    assert upkeep.longest_gap(posts, until="2025-03-01").days == 38  # the silence at the end counts
    assert upkeep.longest_gap(posts_on("2025-05-05")).days == 0


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 400), min_size=1, max_size=40))
def test_longest_gap_property(offsets):
    days = pd.Timestamp("2025-01-01") + pd.to_timedelta(offsets, unit="D")
    gap = upkeep.longest_gap(pd.Series(days))
    unique = sorted(set(offsets))
    expected = max((b - a for a, b in zip(unique, unique[1:])), default=0)
    assert gap.days == expected
    assert (gap.end - gap.start).days == gap.days


@settings(max_examples=100, deadline=None)
@given(counts=st.lists(st.integers(0, 30), min_size=1, max_size=60), target=st.integers(1, 30))
def test_share_of_weeks_on_target_property(counts, target):
    share = upkeep.share_of_weeks_on_target(counts, target)
    assert 0 <= share <= 1
    assert math.isclose(share, sum(c >= target for c in counts) / len(counts))
    assert upkeep.share_of_weeks_on_target(counts, target + 1) <= share  # monotone in the target


@pytest.mark.parametrize("target, words", [(0, "al menos una"), (-2, "al menos una"), ("tres", "número"),
                                           (None, "Falta un número en «publicaciones a la semana"), (1000, "tecleo"),
                                           (float("nan"), "número normal")])
def test_bad_target(target, words):
    with pytest.raises(InvalidInputError, match=words):
        upkeep.share_of_weeks_on_target([1, 2], target)


def test_share_needs_weeks():
    with pytest.raises(DataError):
        upkeep.share_of_weeks_on_target([], 3)


def test_consistency_summary_and_rows():
    posts = posts_on("2025-01-06", "2025-01-07", "2025-01-08", "2025-02-20")
    summary = upkeep.consistency_summary(posts, 3, end="2025-02-28")
    assert summary["posts"] == 4 and summary["longest_gap_days"] == 43
    assert summary["share_on_target"] == pytest.approx(1 / 8)
    rows = dict(upkeep.summary_rows(summary))
    assert rows["Silencio más largo"].startswith("43 días (del 08/01/2025")
    assert rows["Semanas con 3 o más publicaciones"] == fmt_percent(1 / 8, 0)


def test_plot_weekly_counts_has_labels():
    posts = posts_on("2025-01-06", "2025-03-07")
    fig = upkeep_views.plot_weekly_counts(upkeep.weekly_counts(posts), 3, upkeep.longest_gap(posts), "t")
    ax = fig.axes[0]
    assert "publicaciones" in ax.get_ylabel() and "semana" in ax.get_xlabel()


# --- stop model ----------------------------------------------------------------------


def test_simulate_stop_shape_and_values():
    sim = upkeep.simulate_stop(1000, weeks=10, stop_after_weeks=4, posts_per_week=2,
                               monthly_growth=0.02, reach_rate=0.05, silent_monthly_loss=0.01)
    assert list(sim.columns) == ["week", "followers_steady", "followers_stopped", "reach_steady",
                                 "reach_stopped"]
    assert sim["followers_steady"].iloc[0] == 1000 and sim["reach_steady"].iloc[0] == 100
    assert (sim["reach_stopped"].iloc[4:] == 0).all() and (sim["reach_stopped"].iloc[:4] > 0).all()
    after_a_month = 1000 * 1.02 ** (4 / upkeep.WEEKS_PER_MONTH)
    assert sim["followers_steady"].iloc[4] == pytest.approx(after_a_month)
    summary = upkeep.stop_summary(sim)
    assert summary["reach_lost"] == pytest.approx(summary["reach_steady"] - summary["reach_stopped"])


@settings(max_examples=80, deadline=None)
@given(followers=st.floats(1, 1e6), weeks=st.integers(1, 104), stop=st.integers(0, 104),
       posts=st.floats(0, 20), growth=st.floats(0, 0.2), reach=st.floats(0, 1), loss=st.floats(0, 0.5))
def test_stopping_never_beats_posting(followers, weeks, stop, posts, growth, reach, loss):
    stop = min(stop, weeks)
    sim = upkeep.simulate_stop(followers, weeks, stop, posts, growth, reach, loss)
    assert len(sim) == weeks
    assert (sim["followers_stopped"] <= sim["followers_steady"] * (1 + 1e-12)).all()
    assert (sim["reach_stopped"] <= sim["reach_steady"] * (1 + 1e-12)).all()
    assert sim["followers_steady"].is_monotonic_increasing


@pytest.mark.parametrize("kwargs, words", [
    ({"followers": 0}, "seguidores"), ({"followers": -3}, "seguidores"), ({"followers": "mil"}, "número"),
    ({"weeks": 0}, "semanas"), ({"stop_after_weeks": 30}, "deja de publicar"),
    ({"reach_rate": 5.2}, "alcance"), ({"posts_per_week": float("nan")}, "publicaciones"),
    ({"followers": None}, "Falta"),
])
def test_simulate_stop_bad_input(kwargs, words):
    args = {"followers": 1000, **kwargs}
    with pytest.raises(InvalidInputError, match=words):
        upkeep.simulate_stop(**args)


# --- habit ---------------------------------------------------------------------------


def test_habit_summary_streaks_across_weeks():
    weeks = [[False] * 5 + [True, True], [True, True] + [False] * 5]
    summary = upkeep.habit_summary(weeks)
    assert summary["done_days"] == 4 and summary["longest_streak"] == 4 and summary["full_weeks"] == 0
    assert summary["share"] == pytest.approx(4 / 14)


@pytest.mark.parametrize("ticks", [[], None, [[True] * 6], [[1] * 7], "sí"])
def test_habit_bad_input(ticks):
    with pytest.raises(InvalidInputError):
        upkeep.habit_summary(ticks)


# --- exports -------------------------------------------------------------------------

STAMP = datetime(2026, 1, 2, 8, 30, tzinfo=timezone.utc)


def test_ics_parses_back_with_times_timezone_and_recurrence():
    from icalendar import Calendar

    r = routine(timezone="America/Bogota", start_time="08:30")
    data = upkeep.routine_to_ics(r, date(2026, 1, 7), STAMP, "Ferretería")
    cal = Calendar.from_ical(data)
    assert [tz.tz_name for tz in cal.timezones] == ["America/Bogota"]
    events = cal.events
    assert len(events) == 3
    by_day = {str(e["rrule"]["byday"][0]): e for e in events}
    assert set(by_day) == {"MO", "WE", "FR"}
    monday = by_day["MO"]
    assert monday["rrule"]["freq"] == ["WEEKLY"]
    start = monday.decoded("dtstart")
    assert start.tzinfo.key == "America/Bogota"
    assert (start.date(), start.hour, start.minute) == (date(2026, 1, 12), 8, 30)  # first Monday after
    assert monday.decoded("dtend") - start == timedelta(minutes=70)
    assert by_day["WE"].decoded("dtstart").date() == date(2026, 1, 7)  # the start day itself
    assert monday.decoded("dtstamp") == STAMP
    assert "publicar" in str(monday["summary"]) and "Facebook, Instagram" in str(monday["description"])
    assert len({str(e["uid"]) for e in events}) == 3
    assert monday.walk("VALARM")


def test_ics_is_byte_stable_and_uids_follow_the_name():
    r = routine()
    one = upkeep.routine_to_ics(r, date(2026, 1, 5), STAMP, "A")
    assert one == upkeep.routine_to_ics(r, date(2026, 1, 5), STAMP, "A")
    assert one.startswith(b"BEGIN:VCALENDAR\r\n") and b"BEGIN:VTIMEZONE" in one
    other = upkeep.routine_to_ics(routine({"mon": {"publish": 5}}), date(2026, 2, 2), STAMP, "A")
    uid = lambda data: [line for line in data.split(b"\r\n") if line.startswith(b"UID:")][0]  # noqa: E731
    assert uid(one) == uid(other)  # re-importing an edited routine replaces, not duplicates


def test_ics_in_english():
    set_language("en")
    data = upkeep.routine_to_ics(routine(), date(2026, 1, 5), STAMP)
    assert b"My social media routine" in data and b"publish" in data.lower()


def test_save_calendar_next_to_the_plan(plan_path):
    path = upkeep.save_calendar(routine(), plan_path, start=date(2026, 1, 5), dtstamp=STAMP)
    assert path == plan_path.with_name("mi_rutina.ics") and path.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_next_monday_and_first_occurrence():
    assert upkeep.next_monday(date(2026, 1, 5)) == date(2026, 1, 12)   # a Monday: the next one
    assert upkeep.next_monday(date(2026, 1, 11)) == date(2026, 1, 12)
    assert upkeep.first_occurrence(date(2026, 1, 5), "sun") == date(2026, 1, 11)


def test_checklist_is_one_printable_page():
    page = upkeep_views.checklist_html(routine(), "Panadería <Goikoa>")
    assert page.startswith("<!DOCTYPE html>") and "@page" in page and "<script" not in page
    assert "Panadería &lt;Goikoa&gt;" in page and "☐ 45 min" in page and "Total del día" in page
    assert page.count("<tr>") == len(upkeep.TASKS) + 2  # header, one row per task, totals


# --- exercise constraints -----------------------------------------------------------


def test_routine_problems():
    good = [("lun", "publicar", "facebook", 10), ("mie", "publicar", "instagram", 10),
            ("vie", "publicar", "instagram", 10), ("mar", "responder", None, 20)]
    assert upkeep.routine_problems(good, 60, NETS, 3) == []
    assert "presupuesto" in upkeep.routine_problems(good, 40, NETS, 3)[0]
    assert "facebook" in upkeep.routine_problems(good[1:], 60, NETS, 2)[0]
    assert "al menos 4" in upkeep.routine_problems(good, 60, NETS, 4)[0]
    assert "no es un día" in upkeep.routine_problems([("lunes", "publicar", "facebook", 5)], 60, NETS, 1)[0]
    assert "no es una tarea" in upkeep.routine_problems([("lun", "bailar", "facebook", 5)], 60, NETS, 1)[0]
    assert "mayor que 0" in upkeep.routine_problems([("lun", "publicar", "facebook", -5)], 60, NETS, 1)[0]
    assert "redes del negocio" in upkeep.routine_problems([("lun", "publicar", "tiktok", 5)], 60, NETS, 1)[0]
    assert "lista" in upkeep.routine_problems("nada", 60, NETS, 1)[0]
    assert "(día, tarea, red, minutos)" in upkeep.routine_problems([("lun", 5)], 60, NETS, 1)[0]


# --- benchmarks ----------------------------------------------------------------------


def test_recommended_frequency_comes_from_the_benchmarks_with_source():
    rows = {r["network"]: r for r in upkeep.recommended_frequency(["instagram", "facebook", "tiktok"])}
    bench = load_benchmarks()
    ig = bench[(bench["key"] == "posting_frequency") & (bench["network"] == "instagram")].iloc[0]
    assert rows["instagram"]["low"] == ig["low"] and rows["instagram"]["high"] == ig["high"]
    assert ig["source"] in rows["instagram"]["source"]
    assert rows["tiktok"]["low"] is None and "sin referencia" in rows["tiktok"]["source"]
    assert upkeep.min_publish_days(["instagram", "facebook"]) == int(ig["low"])
    text = dict(upkeep.frequency_rows(routine()))["Instagram"]
    assert "3 a la semana" in text and "dentro" in text


def test_stop_parameters_cite_their_sources():
    params = upkeep.stop_parameters()
    assert 0 < params["reach_rate"] < 0.2 and 0 < params["monthly_growth"] < 0.1
    assert "2020" in params["reach_rate_source"] and "supuesto" in params["silent_monthly_loss_source"]
    with pytest.raises(DataError, match="no_existe"):
        upkeep_views.facts_table(["no_existe"])


# --- Google's and WhatsApp's business tools ---------------------------------------------------


def test_a_routine_takes_google_business_and_whatsapp():
    r = routine(networks=["whatsapp", "instagram", "google_business"])
    assert r["networks"] == ["instagram", "google_business", "whatsapp"]
    assert r["network_labels"] == ["Instagram", "Perfil de Empresa de Google", "WhatsApp Business"]
    with pytest.raises(InvalidInputError, match="No conozco estas redes: myspace"):
        routine(networks=["google_business", "myspace"])
    set_language("en")
    assert routine(networks=["google_business"])["network_labels"] == ["Google Business Profile"]
    with pytest.raises(InvalidInputError, match="I do not know these networks: myspace"):
        routine(networks=["whatsapp", "myspace"])


def test_business_channels_get_a_recommendation_with_its_source():
    bench = load_benchmarks()
    gbp_row = bench[(bench["key"] == "posting_frequency") & (bench["network"] == "google_business")].iloc[0]
    status = bench[bench["key"] == "whatsapp_status_hours"].iloc[0]
    rows = {r["network"]: r for r in upkeep.recommended_frequency(["google_business", "whatsapp"])}
    gbp, whatsapp = rows["google_business"], rows["whatsapp"]
    assert (gbp["low"], gbp["high"]) == (gbp_row["low"], None)
    assert gbp["source"].endswith(f"{gbp_row['source']}, {gbp_row['year']:.0f}")
    assert "reseñas" in gbp["advice"] and "Perfil de Empresa de Google" in gbp["advice"]
    assert whatsapp["low"] is None and f"{status['value']:g} horas" in whatsapp["source"]
    assert status["source"] in whatsapp["source"]
    assert "respuestas rápidas" in whatsapp["advice"] and "mensaje de ausencia" in whatsapp["advice"]
    assert upkeep.recommended_frequency(["instagram"])[0]["advice"] == ""


def test_frequency_rows_for_business_channels_read_as_a_floor_and_advice():
    text = dict(upkeep.frequency_rows(routine(networks=["google_business", "whatsapp"])))
    gbp = text["Perfil de Empresa de Google"]
    assert "3 a la semana; recomendado 1 o más: dentro" in gbp and "Además, contesta las reseñas" in gbp
    assert "un estado dura 24 horas" in text["WhatsApp Business"]
    once = dict(upkeep.frequency_rows(routine({"mon": {"reply": 10}}, networks=["google_business"])))
    assert "0 a la semana; recomendado 1 o más: por debajo" in once["Perfil de Empresa de Google"]
    set_language("en")
    english = dict(upkeep.frequency_rows(routine(networks=["google_business", "whatsapp"])))
    assert "recommended 1 or more: within" in english["Google Business Profile"]
    assert "a status lasts 24 hours" in english["WhatsApp Business"]


def test_google_s_weekly_post_does_not_lower_the_bar_of_the_social_networks():
    assert upkeep.min_publish_days(["instagram", "google_business"]) == upkeep.min_publish_days(
        ["instagram"])
    assert upkeep.min_publish_days(["google_business"]) == 1
    assert upkeep.min_publish_days(["whatsapp"]) == 3  # no published floor: the course's default
    shown = str(upkeep_views.facts_table(["posting_frequency"], ["google_business"]))
    assert "1 o más publicaciones por semana" in shown and "Perfil de Empresa de Google" in shown
