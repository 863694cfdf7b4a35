"""Exercise 05: weeks, silences and Instagram weeks shown as the data says; the routine built
with mi_rutina is graded by the three rules, whatever routine meets them."""

from __future__ import annotations

import pytest

from rumbo import upkeep
from rumbo.core.errors import InvalidInputError
from rumbo.data import load_benchmarks, load_dataset
from rumbo.exercises import ex05
from rumbo.exercises.checks import CORRECT, INCORRECT
from rumbo.exercises.helpers import dias_entre, mi_rutina, valor_de
from tests.exercise_support import BUSINESSES, questions

Q = "05_mantenimiento_diario"


@pytest.mark.parametrize("business", BUSINESSES)
def test_the_tables_are_the_posts(business):
    q = questions(Q, business)
    posts = load_dataset(business, "posts")
    weekly = posts.resample("W", on="published_at").size()
    assert (q.posts_total, q.weeks_total) == (len(posts), len(weekly))
    assert q.q1.check(len(posts) / len(weekly)).status == CORRECT
    first = q.silences.loc[1]
    assert dias_entre(first["desde"], first["hasta"]) == upkeep.longest_gap(posts).days
    assert q.instagram_weeks["semanas"].sum() == len(upkeep.weekly_counts(posts, "instagram"))


def test_silent_weeks_count_and_days_are_calendar_days():
    q = questions(Q, "panaderia")
    assert "semanas en silencio" in q.q1.check(q.posts_total / q.weeks_with_posts).message
    gap = ex05.gap_days("panaderia")
    assert "un día de más" in q.q2.check(gap + 1).message
    assert q.q2.check(dias_entre(valor_de(q.silences, 1, "desde"), valor_de(q.silences, 1, "hasta"))).ok


@pytest.mark.parametrize("business", BUSINESSES)
def test_a_routine_that_meets_the_rules_is_right(business):
    q = questions(Q, business)
    assert q.q4.check(mi_rutina(q.networks, publicar=q.min_publish, responder=2)).status == CORRECT
    q.q4.assert_hidden(mi_rutina(q.networks, publicar=q.min_publish + 1))


def test_a_routine_that_breaks_a_rule_says_which():
    q = questions(Q, "panaderia")  # 180 minutes, Facebook and Instagram, 10 publishing slots
    over = q.q4.check(mi_rutina(q.networks, publicar=10, responder=7))
    assert over.status == INCORRECT and "presupuesto" in over.message
    few = q.q4.check(mi_rutina(q.networks, publicar=4))
    assert "hacen falta al menos 10" in few.message
    one = q.q4.check(mi_rutina(["instagram"], publicar=7))
    assert "facebook" in one.message
    assert "mi_rutina" in q.q4.check(3).message
    with pytest.raises(InvalidInputError, match="una vez al día"):
        mi_rutina(q.networks, publicar=15)
    with pytest.raises(InvalidInputError, match="número entero"):
        mi_rutina(q.networks, publicar=-1)
    slots = list(mi_rutina(q.networks, publicar=10))
    repeated = slots[:9] + slots[:1]  # a programmer's own list: ten slots, one of them twice
    assert q.q4.check(repeated).status == CORRECT
    with pytest.raises(AssertionError, match="repetidos"):
        q.q4.assert_hidden(repeated)


def test_target_comes_from_the_benchmarks():
    bench = load_benchmarks()
    row = bench[(bench["key"] == "posting_frequency") & (bench["network"] == "instagram")].iloc[0]
    assert ex05.weekly_target() == int(row["low"])
