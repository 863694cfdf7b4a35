"""Exercise 00: the warm-up's numbers come from the bundled data of each business, the miracle's
rate is the seed's 2054 % a month, and the optional challenge grades a function."""

from __future__ import annotations

import pytest

from rumbo.data import load_benchmarks, load_dataset
from rumbo.exercises import ex00
from rumbo.exercises.checks import CORRECT, INCORRECT, NOT_ATTEMPTED
from tests.exercise_support import BUSINESSES, questions

Q = "00_bienvenida"


@pytest.mark.parametrize("business", BUSINESSES)
def test_the_table_shows_the_followers_of_the_data(business):
    followers = load_dataset(business, "followers")
    ig = followers[followers["network"] == "instagram"].set_index("date")["followers"]
    q = questions(Q, business)
    assert (q.start, q.end) == (int(ig.loc["2025-01-01"]), int(ig.loc["2025-12-31"]))
    assert list(q.facts["valor"]) == [q.start, q.end]
    assert q.q1.check((q.end - q.start) / q.start).status == CORRECT


def test_the_numbers_differ_between_businesses():
    a, b = questions(Q, "panaderia"), questions(Q, "cosmetica")
    assert a.q1.expected() != b.q1.expected()
    assert b.q1.check(a.q1.expected()).status == INCORRECT


def test_monthly_growth_is_compound_and_its_slips_are_named():
    q = questions(Q, "panaderia")
    yearly = (q.end - q.start) / q.start
    assert "se crece sobre lo ya ganado" in q.q2.check(yearly / 12).message
    assert "Al revés" in q.q2.check(ex00.compound_monthly_growth(q.end, q.start, 12)).message
    assert "partido de los seguidores del 1 de enero" in q.q4.check(q.end).message


def test_the_miracle_is_the_seeds_2054_percent_a_month():
    bench = load_benchmarks().set_index("key")
    seed = float(bench.loc["follower_growth_miracle_example", "value"]) / 100
    q = questions(Q, "panaderia")
    assert q.q3.expected() == pytest.approx(seed, abs=0.005)
    assert q.q3.check(20.54).status == CORRECT
    assert "porcentaje" in q.q3.check(2054.4).message
    assert "compone" in q.q3.check((1_000_000 - 100) / 100 / 3).message


def test_the_challenge_grades_a_function_and_waits_for_none():
    reto = questions(Q, "panaderia").reto
    assert reto.check(None).status == NOT_ATTEMPTED
    assert reto.check(lambda i, f, m: (f / i) ** (1 / m) - 1).status == CORRECT
    assert "revisa la fórmula" in reto.check(lambda i, f, m: (f - i) / i / m).message
