"""Exercise 06: the funnel and listening figures the learner reads are those of the data; the
mean of per-post CTR, the competitors' mentions, the answered-only denominator and the year's
baseline are named when used; the crisis day is the first row of the table."""

from __future__ import annotations

import pytest

from rumbo import listening
from rumbo.data import load_dataset
from rumbo.exercises import ex06
from rumbo.exercises.checks import CORRECT, INCORRECT, NOT_ATTEMPTED
from rumbo.exercises.helpers import mediana_de
from tests.exercise_support import BUSINESSES, questions

Q = "06_escucha_y_recomendacion"


@pytest.mark.parametrize("business", BUSINESSES)
def test_the_trap_figures_are_named(business):
    q, e = questions(Q, business), ex06.expected(business)
    v = q.values
    assert q.q1.check(v["clics"] / v["impresiones"]).status == CORRECT
    assert "media del CTR de cada publicación" in q.q1.check(e["ctr_mean_of_ratios"]).message
    assert "competencia" in q.q5.check(e["response_rate_all_brands"]).message
    assert "solo entre las respondidas" in q.q7.check(e["share_within_of_answered"]).message
    assert q.q7.check(v["respondidas_60"] / v["menciones_marca"]).status == CORRECT
    assert "último clic" in q.q4.check(e["last_click_share"]).message


@pytest.mark.parametrize("business", BUSINESSES)
def test_the_median_of_the_answered_mentions(business):
    q = questions(Q, business)
    own = listening.own_mentions(business)
    assert mediana_de(q.answered, "minutos") == pytest.approx(listening.reply_minutes(own).median(), abs=0.05)
    assert q.q6.check(mediana_de(q.answered, "minutos")).status == CORRECT
    assert "la media" in q.q6.check(listening.reply_minutes(own).mean()).message


@pytest.mark.parametrize("business", BUSINESSES)
def test_the_crisis_day_is_the_first_row_and_the_year_is_not_the_baseline(business):
    q, e = questions(Q, business), ex06.expected(business)
    assert q.crisis.index[0] == e["top_day"].name.strftime("%d/%m/%Y")
    assert e["top_day"].name.date().isoformat() in e["crisis_days"]
    v = q.values
    assert q.q8.check((v["negativas_dia"] - v["media_28"]) / v["desviacion_28"]).status == CORRECT
    assert "todo el año" in q.q8.check((v["negativas_dia"] - v["media_anual"]) / v["desviacion_anual"]).message
    assert not q.crisis.isna().any().any()


def test_the_challenge_takes_the_crisis_days_as_a_list_or_as_text():
    reto = questions(Q, "panaderia").reto
    days = ex06.expected("panaderia")["crisis_days"]
    assert reto.check(None).status == NOT_ATTEMPTED
    assert reto.check(days).status == CORRECT
    assert reto.check(", ".join(f"{d[8:10]}/{d[5:7]}/{d[:4]}" for d in days)).status == CORRECT
    assert "Te faltan 1 días" in reto.check([]).message if days else True
    assert reto.check(["2025-01-01"]).status == INCORRECT


def test_the_angry_comment_is_a_complaint_of_the_crisis_day():
    text = ex06.angry_comment("panaderia")
    mentions = load_dataset("panaderia", "mentions")
    row = mentions[mentions["text"] == text].iloc[0]
    assert row["sentiment"] == "negative" and row["created_at"].date().isoformat() in ex06.expected("panaderia")["crisis_days"]
