"""Business profile validation: every problem named at once, in Spanish."""

from __future__ import annotations

import math

import pytest

from rumbo.data import list_businesses
from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import set_language
from rumbo.data.profile import example_profile, profile_warnings, validate_profile

GOOD = {"name": "Panadería Goikoa", "sector": "alimentación", "city": "Getxo", "country": "España",
        "networks": ["facebook", "instagram"], "followers": {"facebook": 1200, "instagram": 800},
        "hours_per_week": 3, "hourly_cost": 18, "currency": "EUR"}


def test_a_good_profile_is_cleaned():
    clean = validate_profile({**GOOD, "name": "  Panadería Goikoa  ", "currency": "eur"})
    assert clean["name"] == "Panadería Goikoa" and clean["currency"] == "EUR"
    assert clean["followers"] == {"facebook": 1200, "instagram": 800}


@pytest.mark.parametrize("change,needle", [
    ({"name": ""}, "nombre"),
    ({"name": "   "}, "nombre"),
    ({"networks": []}, "al menos una red"),
    ({"followers": {"facebook": -3, "instagram": 1}}, "negativos"),
    ({"followers": {"facebook": 5e12, "instagram": 1}}, "error de tecleo"),
    ({"hours_per_week": -1}, "horas"),
    ({"hours_per_week": 200}, "168"),
    ({"hours_per_week": math.nan}, "horas"),
    ({"hours_per_week": "tres"}, "horas"),
    ({"hourly_cost": -5}, "coste"),
    ({"currency": "XYZ"}, "moneda"),
])
def test_each_bad_input_has_its_message(change, needle):
    with pytest.raises(InvalidInputError, match=needle):
        validate_profile({**GOOD, **change})


def test_all_problems_are_reported_together():
    with pytest.raises(InvalidInputError) as err:
        validate_profile({**GOOD, "name": "", "hours_per_week": 500, "hourly_cost": -1})
    text = str(err.value)
    assert "nombre" in text and "168" in text and "coste" in text


def test_messages_follow_the_language():
    set_language("en")
    with pytest.raises(InvalidInputError, match="name of your business"):
        validate_profile({**GOOD, "name": ""})


def test_zero_cost_is_valid_but_warned():
    clean = validate_profile({**GOOD, "hourly_cost": 0})
    assert any("no es gratis" in n for n in profile_warnings(clean))


@pytest.mark.parametrize("business", ["panaderia", "cosmetica", "ferreteria"])
def test_every_bundled_business_has_a_valid_example_profile(business):
    assert business in list_businesses()
    profile = example_profile(business)
    assert profile["name"] and profile["networks"] and profile["currency"]
    assert all(profile["followers"][n] >= 0 for n in profile["networks"])


# --- Google's and WhatsApp's business tools ----------------------------------------------


def test_google_business_and_whatsapp_are_choices_without_followers():
    clean = validate_profile({**GOOD, "networks": ["instagram", "google_business", "whatsapp"],
                              "followers": {"instagram": 800, "google_business": -5, "whatsapp": "x"}})
    assert clean["networks"] == ["instagram", "google_business", "whatsapp"]
    # nobody follows them: a stray count is not asked, so it is neither kept nor refused
    assert clean["followers"] == {"instagram": 800}
    only = validate_profile({**GOOD, "networks": ["google_business", "whatsapp"], "followers": {}})
    assert only["networks"] == ["google_business", "whatsapp"] and only["followers"] == {}


@pytest.mark.parametrize("language, words", [("es", "No conozco estas redes: myspace"),
                                             ("en", "I do not know these networks: myspace")])
def test_an_unknown_network_is_still_refused_in_the_learner_s_language(language, words):
    set_language(language)
    with pytest.raises(InvalidInputError, match=words) as err:
        validate_profile({**GOOD, "networks": ["google_business", "myspace"]})
    assert "google_business" not in str(err.value)
