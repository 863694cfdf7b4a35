"""Exercise 04: the format that returns most per hour, the example month against the week, the
hours an AI drafting tool saves once checking is counted, and what never goes into one, from
the data of each business (expected values recomputed here another way)."""

from __future__ import annotations

import calendar

import pytest

from rumbo import content as ct
from rumbo import timecost
from rumbo.data import load_dataset
from rumbo.data.facts import fact
from rumbo.data.profile import example_profile
from rumbo.exercises import ex04
from rumbo.exercises.checks import CORRECT, INCORRECT
from tests.exercise_support import BUSINESSES, questions

Q = "04_que_publicar"


@pytest.mark.parametrize("business", BUSINESSES)
def test_the_best_format_by_reach_is_read_from_the_posts(business):
    posts = load_dataset(business, "posts")
    formats = ct.post_formats(posts)
    engagements = posts[["likes", "comments", "shares", "saves"]].sum(axis=1)
    by_reach = {f: engagements[formats == f].sum() / posts.loc[formats == f, "reach"].sum()
                for f in formats.dropna().unique()}
    best = max(by_reach, key=by_reach.get)
    q = questions(Q, business)
    label = ct.FORMAT_LABELS[best].lower()
    assert q.q1.check(label).status == CORRECT and q.q1.check(label.upper() + " ").status == CORRECT
    wrong = next(f for f in by_reach if f != best)
    assert q.q1.check(ct.FORMAT_LABELS[wrong].lower()).status == INCORRECT
    assert "no es una de las opciones" in q.q1.check("reels").message


def test_the_best_per_hour_taken_for_the_best_by_reach_gets_its_own_message():
    q, e = questions(Q, "panaderia"), ex04.expected("panaderia")
    assert e["best_by_reach"] != e["best_per_hour"]
    message = q.q1.check(ct.FORMAT_LABELS[e["best_per_hour"]].lower()).message
    assert "por hora" in message and "por alcance" in message


@pytest.mark.parametrize("business", BUSINESSES)
def test_the_month_margin_is_the_week_times_days_over_seven_minus_the_calendar(business):
    e = ex04.expected(business)
    profile = example_profile(business)
    share = sum(timecost.DEFAULT_SHARES.get(task, 0) for task in ct.POST_TASKS)
    week = round(profile["hours_per_week"] * 60 * share)
    total = sum(p["minutes"] for p in e["month_posts"])
    days = calendar.monthrange(*ex04.MONTH)[1]
    margin = week * days / 7 - total
    q = questions(Q, business)
    assert q.shown["minutos_mes"] == total and q.shown["minutos_semana"] == week
    assert q.q2.check(round(margin)).status == CORRECT
    assert "4 semanas" in q.q2.check(week * 4 - total).message
    assert "Al revés" in q.q2.check(total - week * days / 7).message


def test_the_bakery_month_does_not_fit_and_the_margin_says_by_how_much():
    e = ex04.expected("panaderia")
    fit = e["fit"]
    assert e["margin"] < 0 and not fit.fits
    # the widget's refusal counts the same excess (its month capacity is rounded to a minute)
    assert abs(-e["margin"] - (fit.total_minutes - fit.capacity_month)) <= 0.5


@pytest.mark.parametrize("business", BUSINESSES)
def test_hours_with_ai_count_the_time_to_check(business):
    log, posts = load_dataset(business, "time_log"), load_dataset(business, "posts")
    writing = round(log[log["task"] == "writing"]["minutes"].sum() / len(posts), 1)
    draft, check = fact("minutes_caption_ai_draft").value, fact("minutes_caption_ai_check").value
    q = questions(Q, business)
    n = q.shown["publicaciones_mes"]
    assert n == len(ex04.expected(business)["month_posts"])
    saved = n * (writing - draft - check) / 60
    assert q.q3.check(round(saved, 2)).status == CORRECT
    assert "revisar" in q.q3.check(n * (writing - draft) / 60).message
    assert "minutos" in q.q3.check(n * (writing - draft - check)).message


def test_only_what_holds_personal_data_never_goes_into_the_tool():
    q = questions(Q, "panaderia")
    personal = [letter for letter, text in zip("abcdef", q.paste.iloc[:, 0])
                if any(word in text for word in ("nombre", "correo", "teléfono", "dirección"))]
    assert q.q4.check(", ".join(personal)).status == CORRECT
    assert q.q4.check("".join(personal).upper()).status == CORRECT
    assert "sí puedes pegarlo" in q.q4.check(", ".join([*personal, "a"])).message
    assert "Te falta" in q.q4.check(personal[0]).message
    assert "de la «a» a la «f»" in q.q4.check("z").message


def test_the_challenge_is_the_writing_minutes_per_post():
    reto = questions(Q, "panaderia").reto
    log, posts = load_dataset("panaderia", "time_log"), load_dataset("panaderia", "posts")
    per_post = log.loc[log["task"] == "writing", "minutes"].sum() / len(posts)
    assert reto.check(per_post).status == CORRECT
    assert reto.check(per_post * 60).status == INCORRECT
