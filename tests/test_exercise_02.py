"""Exercise 02: the posts table the learner reads holds the same rates the formula sheet gives,
the per-type table sums before dividing, and the trap columns lead to named mistakes."""

from __future__ import annotations

import pytest

from rumbo.data import load_dataset
from rumbo.exercises import ex02
from rumbo.exercises.checks import CORRECT, INCORRECT
from rumbo.exercises.helpers import mediana_de, valor_de
from rumbo.metrics import engagement_rate
from tests.exercise_support import BUSINESSES, questions

Q = "02_metricas"


@pytest.mark.parametrize("business", BUSINESSES)
def test_the_tables_agree_with_the_formula_sheet(business):
    posts = load_dataset(business, "posts")
    table = ex02.posts_table(business)
    assert len(table) == len(posts)
    assert mediana_de(table, "tasa_alcance") == pytest.approx(engagement_rate(posts, "reach", "median"))
    assert mediana_de(table, "Tasa alcance") == mediana_de(table, "tasa_alcance")  # as she may type it
    by_type = ex02.type_table(business)
    videos = valor_de(by_type, "vídeo", "suma_interacciones") / valor_de(by_type, "video", "suma_alcance")
    assert videos == pytest.approx(ex02.by_post_type(business)["video"])
    assert by_type["publicaciones"].sum() == len(posts)


@pytest.mark.parametrize("business", BUSINESSES)
def test_the_mean_of_ratios_is_the_trap_and_is_named(business):
    q = questions(Q, business)
    mean = engagement_rate(load_dataset(business, "posts"), "reach", "mean_of_ratios")
    assert "la media de las tasas" in q.q1.check(mean).message
    assert "por seguidores" in q.q1.check(mediana_de(ex02.posts_table(business), "tasa_seguidores")).message
    video_mean = float(ex02.type_table(business).loc["vídeo", "media_tasa_alcance"])
    assert "media de las tasas de cada vídeo" in q.q3.check(video_mean).message
    assert q.q2.expected() > 0 and "Al revés" in q.q2.check(-q.q2.expected()).message
    assert "No son iguales" in q.q2.check(0).message


def test_quality_and_returns():
    q = questions(Q, "panaderia")
    assert q.q5.check((100000 * 0.02) / (1000000 * 0.0005)).status == CORRECT
    assert "0.0005" in q.q5.check(0.04).message
    returned = load_dataset("panaderia", "sales")["returns_value"].sum()
    assert q.q6.check(returned * 0.7).status == CORRECT
    assert "30 %" in q.q6.check(returned * 0.3).message
    assert questions(Q, "cosmetica").q6.check(returned * 0.7).status == INCORRECT


def test_a_helper_typed_wrong_says_what_to_write():
    from rumbo.core.errors import InvalidInputError

    table = ex02.posts_table("panaderia")
    with pytest.raises(InvalidInputError, match='"tasa_alcance"'):
        mediana_de(table, "tasa")
    with pytest.raises(InvalidInputError, match="entre comillas"):
        mediana_de(table, 3)
    with pytest.raises(InvalidInputError, match="sin comillas"):
        mediana_de("publicaciones", "alcance")
    with pytest.raises(InvalidInputError, match='"carrusel"'):
        valor_de(ex02.type_table("panaderia"), "historias", "suma_alcance")


def test_the_challenge_takes_a_series_by_post_type():
    reto = questions(Q, "panaderia").reto
    assert reto.check(ex02.by_post_type("panaderia")).status == CORRECT
    assert reto.check(dict(ex02.by_post_type("panaderia"))).status == CORRECT
    assert reto.check(0.02).status == INCORRECT
