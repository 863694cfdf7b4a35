"""Module 3 widgets, headless: set values, click, read the message and the result.

Every bad input a learner can type gives a clear Spanish message (role=alert), the
result is cleared instead of showing stale numbers, nothing is saved, no traceback.
"""

from __future__ import annotations

import html
import json
import math

import ipywidgets as widgets
import pytest

from rumbo import timecost as tc
from rumbo.data import load_dataset
from rumbo.core.i18n import set_language
from rumbo.data.profile import example_profile
from rumbo.widgets.timecost import build_options, build_roi, build_time_inventory


EXAMPLE_WEEK = tc.typical_week(load_dataset("panaderia", "time_log"))


@pytest.fixture
def profile():
    return example_profile("panaderia")


@pytest.fixture
def hers(profile):
    """Her own profile (saved from module 0): her name and hours, not the example's."""
    return {**profile, "name": "Horno Pilar", "hours_per_week": 5.0, "hourly_cost": 20.0}


@pytest.fixture
def inventory(profile, plan_path):
    return build_time_inventory(profile, plan_path, example_hours=EXAMPLE_WEEK,
                                ranges=tc.task_range_notes())


def is_error(panel) -> bool:
    return "rumbo-msg-error" in panel.message.value and 'role="alert"' in panel.message.value


# --- Time inventory ---------------------------------------------------------------------


def test_inventory_starts_with_results_and_is_the_main_widget(inventory):
    assert "rumbo-main" in inventory._dom_classes
    assert "Coste total al mes" in inventory.result.value
    assert not is_error(inventory)
    assert inventory.breakdown.currency == "EUR"
    # every control has a description (screen readers)
    assert all(c.description for c in inventory.controls.values())
    # the ranges are shown beside each task
    text = "".join(w.value for row in inventory.children for w in getattr(row, "children", [])
                   if isinstance(w, widgets.HTML))
    assert "negocios de ejemplo" in text


def test_inventory_result_follows_the_hours(inventory):
    inventory.controls["replying"].value = 0
    before = inventory.breakdown.monthly_total
    inventory.controls["replying"].value = 2
    assert inventory.breakdown.monthly_total == pytest.approx(before + 2 * tc.WEEKS_PER_MONTH * 18)
    assert "Coste total al año" in inventory.result.value


@pytest.mark.parametrize("field, value, words", [
    ("content_creation", -1, "negativo"),
    ("photo_video", "", "Falta un número"),
    ("writing", "muchas", "no es un número"),
    ("replying", 169, "máximo"),
    ("hourly_cost", -15, "coste por hora"),
    ("hourly_cost", 1e12, "demasiado"),
    ("tools", -5, "herramientas"),
    ("ads", float("nan"), "anuncios"),
    ("extra", -10, "aprendizaje"),
    ("extra", 1000, "máximo"),
    ("months_to_learn", -1, "meses"),
    ("months_to_learn", 13, "máximo"),
])
def test_inventory_bad_input_gives_a_message(inventory, field, value, words):
    inventory.controls[field].value = value
    assert is_error(inventory)
    assert words in inventory.message.value
    assert inventory.result.value == ""  # no stale numbers
    assert "Traceback" not in inventory.message.value


def test_inventory_more_than_a_week(inventory):
    for task in ("content_creation", "photo_video"):
        inventory.controls[task].value = 100
    assert is_error(inventory) and "168" in inventory.message.value


def test_inventory_recovers_after_a_fix(inventory):
    inventory.controls["ads"].value = -1
    assert is_error(inventory)
    inventory.controls["ads"].value = 10
    assert not is_error(inventory) and "Coste total al mes" in inventory.result.value


def test_inventory_unreadable_text_is_a_message_and_nothing_is_saved(inventory, plan_path):
    inventory.controls["writing"].text.value = "mucho"
    assert is_error(inventory) and "«mucho» no es un número" in inventory.message.value
    assert inventory.controls["writing"].text.value == "mucho"  # what she typed stays
    assert "mucho" in inventory.controls["writing"].echo.value  # said next to the field too
    inventory.controls["save"].click()
    assert not plan_path.exists() and "No he guardado nada" in inventory.message.value
    inventory.controls["writing"].text.value = "1,5"
    assert not is_error(inventory) and inventory.controls["writing"].value == 1.5


def test_inventory_warnings(inventory, profile):
    inventory.controls["hourly_cost"].value = 0
    assert "rumbo-msg-warning" in inventory.message.value
    assert "0 como coste" in inventory.message.value
    for task in tc.TASKS:
        inventory.controls[task].value = 1
    assert "7 h" in inventory.message.value and "3 h" in inventory.message.value  # profile: 3 h


def test_inventory_zero_hours_is_allowed_with_a_word(inventory):
    for task in tc.TASKS:
        inventory.controls[task].value = 0
    assert "0 horas" in inventory.message.value
    assert "—" in inventory.result.value  # no content share without hours


def test_inventory_currency(inventory):
    inventory.controls["currency"].value = "MXN"
    assert "MXN" in inventory.result.value


def test_inventory_saves_the_time_budget(inventory, plan_path):
    inventory.controls["save"].click()
    assert "Guardado" in inventory.message.value
    section = json.loads(plan_path.read_text(encoding="utf-8"))["time_budget"]
    assert section == inventory.saved
    assert set(section["hours_per_week"]) == set(tc.TASKS)
    assert section["currency"] == "EUR"
    assert section["monthly_cost"] == pytest.approx(inventory.breakdown.monthly_total, abs=0.01)
    assert section["first_year_cost"] >= section["yearly_cost"]


def test_inventory_does_not_save_bad_input(inventory, plan_path):
    inventory.controls["learning"].value = -3
    inventory.controls["save"].click()
    assert "No he guardado nada" in inventory.message.value
    assert not plan_path.exists()


def test_inventory_corrupt_plan_is_a_message(inventory, plan_path):
    plan_path.parent.mkdir(parents=True)
    plan_path.write_text("{no es json", encoding="utf-8")
    inventory.controls["save"].click()
    assert is_error(inventory) and "dañado" in inventory.message.value
    assert "time_budget" in json.loads(plan_path.read_text(encoding="utf-8"))  # nothing lost


def test_inventory_in_english(profile, plan_path):
    set_language("en")
    panel = build_time_inventory(profile, plan_path)
    assert "Total cost per month" in panel.result.value
    panel.controls["photo_video"].value = -2
    assert "negative" in panel.message.value


def test_inventory_default_split_uses_profile_hours(profile):
    panel = build_time_inventory(profile)
    assert panel.breakdown.weekly_hours == pytest.approx(profile["hours_per_week"], abs=0.05)


def text_of(panel) -> str:
    return "".join(w.value for w in panel.children if isinstance(w, widgets.HTML))


def test_inventory_of_the_example_says_its_hours_are_the_example_s(inventory):
    assert inventory.breakdown.weekly_hours == pytest.approx(sum(EXAMPLE_WEEK.values()), abs=0.05)
    assert "negocio de ejemplo («Panadería Goikoa»), no las tuyas" in text_of(inventory)


def test_inventory_with_her_profile_starts_from_her_hours_not_the_example_s(hers, plan_path):
    panel = build_time_inventory(hers, plan_path, example_hours=EXAMPLE_WEEK)
    assert panel.breakdown.weekly_hours == pytest.approx(5.0, abs=0.05)
    assert panel.controls["hourly_cost"].value == 20
    assert "ejemplo" not in text_of(panel)


def test_reopened_inventory_shows_her_saved_hours_and_saving_keeps_them(hers, plan_path):
    """She saved 5 h of content; reopening shows her 5 h (not the example's week) and
    saving again writes the same numbers."""
    first = build_time_inventory(hers, plan_path, example_hours=EXAMPLE_WEEK)
    first.controls["content_creation"].value = 5
    first.controls["ads"].value = 40
    first.controls["save"].click()
    saved = json.loads(plan_path.read_text(encoding="utf-8"))["time_budget"]
    again = build_time_inventory(hers, plan_path, saved=saved, example_hours=EXAMPLE_WEEK)
    assert again.controls["content_creation"].value == 5 and again.controls["ads"].value == 40
    assert "guardaste en tu plan" in text_of(again)
    again.controls["save"].click()
    assert json.loads(plan_path.read_text(encoding="utf-8"))["time_budget"] == saved
    options = build_options(hers, saved=saved, example_hours=EXAMPLE_WEEK)
    assert options.controls["diy_hours"].value == pytest.approx(saved["weekly_hours"], abs=0.05)


def test_roi_says_its_figures_are_the_example_s(roi_panel):
    assert "Negocio de ejemplo «Panadería Goikoa»:" in roi_panel.result.value
    assert "horas registradas" in roi_panel.result.value
    assert "no los tuyos" in text_of(roi_panel)


# --- Options ----------------------------------------------------------------------------


@pytest.fixture
def options(profile):
    fees = tc.fee_defaults("EUR")
    return build_options(profile, fees=fees, source_note=fees["note"])


def test_options_show_three_options_and_break_even(options):
    assert len(options.options) == 3
    assert "compensa si tu hora vale más de" in options.result.value
    assert "Agencia pequeña" in "".join(c.value for c in options.children
                                        if isinstance(c, widgets.HTML))


def test_options_follow_the_hourly_cost(options):
    options.controls["diy_hours"].value = 10
    options.controls["hourly_cost"].value = 60
    assert "delegar sale más barato" in options.result.value
    options.controls["hourly_cost"].value = 5
    assert "hacerlo tú sale más barato" in options.result.value


def test_options_no_saving_never_cheaper(options):
    options.controls["diy_hours"].value = 0.5
    assert "nunca sale más barato" in options.result.value


@pytest.mark.parametrize("field, value, words", [
    ("freelancer_fee", -300, "autónomo"),
    ("agency_fee", float("nan"), "agencia"),
    ("diy_hours", 200, "máximo"),
    ("hourly_cost", -1, "coste por hora"),
    ("agency_owner_hours", -0.5, "agencia"),
])
def test_options_bad_input(options, field, value, words):
    options.controls[field].value = value
    assert is_error(options) and words in options.message.value
    assert options.result.value == ""


# --- ROI and CAC ------------------------------------------------------------------------


@pytest.fixture
def roi_panel(profile):
    return build_roi("panaderia", profile)


def test_roi_shows_with_and_without_time(roi_panel):
    rows = roi_panel.rows
    assert [r["label"] for r in rows][-1] == "Anuncios, herramientas y horas"
    assert rows[-1]["roi"] < rows[0]["roi"]
    assert "Sin contar horas" in roi_panel.message.value


def test_roi_follows_hourly_cost_and_attribution(roi_panel):
    roi_panel.controls["hourly_cost"].value = 0
    assert roi_panel.rows[-1]["roi"] == pytest.approx(roi_panel.rows[0]["roi"])
    before = roi_panel.result.value
    roi_panel.controls["attribution"].value = "assisted"
    assert roi_panel.result.value != before


@pytest.mark.parametrize("field, value, words", [
    ("hourly_cost", -18, "coste por hora"), ("tools", "mucho", "no es un número"),
    ("tools", -1, "herramientas"), ("hourly_cost", 1e12, "demasiado"),
])
def test_roi_bad_input(roi_panel, field, value, words):
    roi_panel.controls[field].value = value
    assert is_error(roi_panel) and words in roi_panel.message.value
    assert roi_panel.result.value == ""


def test_roi_for_every_business():
    for business in ("panaderia", "cosmetica", "ferreteria"):
        panel = build_roi(business, example_profile(business))
        assert not is_error(panel)
        assert all(not math.isnan(r["roi"]) for r in panel.rows)


def test_the_cac_says_if_her_own_would_be_measured_or_estimated():
    from rumbo.measurement import funnel_provenance

    estimated = build_roi("panaderia", example_profile("panaderia"))
    cac = next(f for f in funnel_provenance(()) if f.key == "cac")
    assert "sería una estimación" in estimated.result.value and html.escape(cac.how) in estimated.result.value
    measured = build_roi("panaderia", example_profile("panaderia"), sources=["tally"])
    assert "será medido" in measured.result.value and "estimación" not in measured.result.value
    measured.controls["hourly_cost"].value = 30  # a change of the hourly cost keeps the line
    assert "será medido" in measured.result.value


def test_the_app_page_of_module_3_passes_the_plan_s_sources():
    from rumbo.course import registry
    from rumbo.course.session import Session

    roi = next(p for m in registry.MODULES if m.stem.startswith("03") for p in m.panels if p.name == "roi")
    session = Session("panaderia", None, "es", example_profile("panaderia"),
                      {"measurement": {"sources": ["tally", 5]}})
    assert roi.arguments(session, {})[1] == {"sources": ["tally"]}
    assert roi.arguments(Session("panaderia", None, "es", example_profile("panaderia"),
                                 {"measurement": "roto"}), {})[1] == {"sources": []}
