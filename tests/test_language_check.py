"""rumbo.views.language_check: the detector of Spanish left in English text."""

from __future__ import annotations

import pytest

from rumbo.views.language_check import spanish_excerpts, spanish_words


@pytest.mark.parametrize("text", [
    "Guarda tu plan para la semana que viene",
    "<p>El módulo 3 está listo</p>",
    "Choose a network ¿cuál?",
    "Reach (alcance de las publicaciones)",
    "Country: España",
])
def test_spanish_is_found(text):
    assert spanish_words(text)


@pytest.mark.parametrize("text", [
    "Save your plan for next week",
    "No, me neither: a son and a daughter, hay fever, sin and salt",
    "<p title='de la'>Module 3 is ready</p>",              # attributes are not seen
    "See https://example.com/de/la/para and write to ana@que.es",
    "The best bread in Getxo, 1,234.50 €",
    "Don't delete it, it's yours",
])
def test_english_passes(text):
    assert spanish_words(text) == []


def test_proper_names_are_left_alone_but_nothing_else():
    names = ("Ferretería El Tornillo", "Panadería Goikoa")
    assert spanish_words("Ferretería El Tornillo and Panadería Goikoa: your plan", names) == []
    assert spanish_words("Ferretería El Tornillo, para ti", names) == ["para"]


def test_excerpts_say_where():
    [excerpt] = spanish_excerpts("Your weekly plan: <b>guarda el plan</b> before Friday")
    assert "guarda el plan" in excerpt
