"""Exercise 01: each question passes on the reference answer, fails on a known wrong one,
and says "not attempted" for None, for every bundled business."""

from __future__ import annotations

import pandas as pd
import pytest

from rumbo.exercises.checks import CORRECT, INCORRECT, NOT_ATTEMPTED
from rumbo.data import datasets_dir, list_businesses, load_dataset
from rumbo.exercises.ex01 import expected, questions, smart_cases, smart_cases_table

BUSINESSES = ["panaderia", "cosmetica", "ferreteria"]
NAMES = ["q1", "q2", "q3", "q4", "q5"]


def learner_answers(business: str) -> dict:
    """The answers as a learner writes them in the solution notebook, with plain pandas."""
    bench = pd.read_csv(datasets_dir() / "benchmarks.csv")
    tipico = float(bench.loc[bench["key"] == "follower_growth_typical", "high"].iloc[0]) / 100
    seguidores = load_dataset(business, "followers")
    instagram = seguidores[seguidores["network"] == "instagram"].set_index("date")["followers"]
    inicio, fin = instagram.loc["2025-01-01"], instagram.loc["2025-12-31"]
    posts = load_dataset(business, "posts")
    ig = posts[(posts["network"] == "instagram") & (posts["published_at"].dt.year == 2025)]
    interacciones = ig[["likes", "comments", "shares", "saves"]].fillna(0).sum(axis=1)
    tasa = interacciones.sum() / ig["followers"].sum()
    meta = inicio * 1.2
    return {
        "q1": (10_000 / fin) ** (1 / 12) - 1,
        "q2": fin * (1 + tipico) ** 12,
        "q3": (fin - inicio) / (meta - inicio),
        "q4": {"a": False, "b": True, "c": False, "d": False, "e": True, "f": False, "g": True,
               "h": True},
        "q5": tasa * fin,
    }


def test_businesses_are_the_bundled_ones():
    assert sorted(BUSINESSES) == list_businesses()


@pytest.mark.parametrize("business", BUSINESSES)
@pytest.mark.parametrize("name", NAMES)
def test_reference_answer_passes_visible_and_hidden(business, name):
    q = getattr(questions(business), name)
    answer = learner_answers(business)[name]
    assert q.check(answer).status == CORRECT, q.check(answer)
    q.assert_ok(answer)
    q.assert_hidden(answer)


@pytest.mark.parametrize("business", BUSINESSES)
@pytest.mark.parametrize("name", NAMES)
def test_none_is_not_attempted(business, name):
    q = getattr(questions(business), name)
    assert q.check(None).status == NOT_ATTEMPTED
    with pytest.raises(AssertionError):
        q.assert_ok(None)


@pytest.mark.parametrize("business", BUSINESSES)
def test_known_wrong_answers_fail_with_a_useful_message(business):
    q, e = questions(business), expected(business)
    right = learner_answers(business)
    wrong = {
        "q1": ((10_000 / e["end"] - 1) / 12, "se compone"),
        "q2": (e["end"] * 4 ** 12, "0,03"),
        "q3": (e["end"] / (e["start"] * 1.2), "(resultado − inicio)"),
        "q4": ({**right["q4"], "c": True, "d": True}, "2 respuestas"),
        "q5": (e["engaged"] * 100, "proporción"),
    }
    for name, (answer, fragment) in wrong.items():
        result = getattr(q, name).check(answer)
        assert result.status == INCORRECT, (name, result)
        assert fragment in result.message, (name, result.message)
        with pytest.raises(AssertionError):
            getattr(q, name).assert_hidden(answer)
    # a percentage where a ratio was asked
    assert "porcentaje" in q.q1.check(right["q1"] * 100).message
    # a dict with 1/0 instead of True/False passes the visible check but not the hidden one
    ones = {k: int(v) for k, v in right["q4"].items()}
    with pytest.raises(AssertionError, match="True o False"):
        q.q4.assert_hidden(ones)
    assert q.q4.check({"a": False}).status == INCORRECT
    assert q.q1.check("mucho").status == INCORRECT


@pytest.mark.parametrize("business", BUSINESSES)
def test_expected_values_come_from_the_data(business):
    e = expected(business)
    assert e["typical"] == pytest.approx(0.03)
    assert 0 < e["engagement_rate"] < 0.2
    assert sum(e["smart"].values()) == 4
    table = smart_cases_table(business)
    assert list(table.index) == sorted(smart_cases(business))
    assert str(e["end"]) in table.loc["b", "objetivo"]
