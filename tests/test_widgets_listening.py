"""Module 6 widgets, headless: set values, click, read messages and results."""

from __future__ import annotations

import json

import ipywidgets as widgets

import pytest

from rumbo import listening as L
from rumbo.data import list_businesses
from rumbo.core.i18n import fmt_percent, set_language
from rumbo.views import listening as listening_views
from rumbo.widgets import listening as W

BUSINESSES = list_businesses()


def error_of(panel) -> str:
    assert 'role="alert"' in panel.message.value, panel.message.value
    return panel.message.value


def no_error(panel) -> None:
    assert 'role="alert"' not in panel.message.value, panel.message.value


# --- crisis radar -------------------------------------------------------------------------

@pytest.mark.parametrize("business", BUSINESSES)
def test_radar_finds_the_one_crisis_day(business):
    panel = W.build_crisis_radar(business)
    assert "rumbo-main" in panel._dom_classes
    no_error(panel)
    expected = [d.date().isoformat() for d in L.crisis_days(L.negative_daily(business), 3, 28).index]
    assert panel.lit_days == expected and len(expected) == 1
    assert panel.result.value and "<svg" in panel.chart.value and "<circle" in panel.chart.value


def test_lowering_the_threshold_lights_more_days():
    panel = W.build_crisis_radar("cosmetica")
    before = panel.result.value
    panel.controls["threshold"].value = 2
    no_error(panel)
    assert len(panel.lit_days) > 1 and panel.result.value != before
    assert panel.chart.value.count("<circle") == len(panel.lit_days)


def test_window_changes_the_baseline():
    panel = W.build_crisis_radar("ferreteria")
    panel.controls["threshold"].value = 2
    lit28 = list(panel.lit_days)
    panel.controls["window"].value = 14
    no_error(panel)
    assert panel.lit_days != lit28


def test_too_many_alarms_warns():
    panel = W.build_crisis_radar("cosmetica")
    panel.controls["threshold"].value = 0.5
    assert "rumbo-msg-warning" in panel.message.value


@pytest.mark.parametrize("bad", [0, -2, 13, 1e12])
def test_threshold_slider_keeps_to_sensible_values(bad):
    """The threshold is a slider: a value out of its range lands on the nearest end, never an error."""
    panel = W.build_crisis_radar("panaderia")
    slider = panel.controls["threshold"]
    slider.value = bad
    low, high = W.THRESHOLD_RANGE
    assert slider.value == (low if bad < low else high)
    assert L.check_threshold(low) == low and L.check_threshold(high) == high
    no_error(panel)


@pytest.mark.parametrize("control,bad,words", [
    ("window", 0, "entero"), ("window", -7, "entero"), ("window", 400, "entero"),
])
def test_radar_bad_inputs_are_messages(control, bad, words):
    panel = W.build_crisis_radar("panaderia")
    panel.controls[control].value = bad
    assert words in error_of(panel)
    assert panel.result.value == "" and panel.lit_days == []
    panel.controls[control].value = 3 if control == "threshold" else 28
    no_error(panel)
    assert panel.lit_days  # back to normal, nothing lost


def test_radar_speaks_english():
    set_language("en")
    panel = W.build_crisis_radar("panaderia")
    assert "threshold" in panel.result.value.lower() and "Umbral" not in panel.result.value


# --- triage -------------------------------------------------------------------------------

def test_triage_all_right():
    panel = W.build_triage()
    for i, (_text, expected) in enumerate(L.TRIAGE_EXAMPLES):
        panel.controls[f"choice_{i}"].value = expected
    panel.controls["check"].click()
    assert "rumbo-msg-ok" in panel.message.value
    assert panel.result.value.count("✅") == len(L.TRIAGE_EXAMPLES)


def test_triage_one_wrong_shows_the_action():
    panel = W.build_triage()
    for i, (_text, expected) in enumerate(L.TRIAGE_EXAMPLES):
        panel.controls[f"choice_{i}"].value = expected
    panel.controls["choice_0"].value = "troll"
    panel.controls["check"].click()
    assert panel.result.value.count("❌") == 1
    assert "sin excusas" in panel.result.value


def test_triage_unanswered_is_a_message_and_keeps_choices():
    panel = W.build_triage()
    panel.controls["choice_3"].value = "praise"
    panel.controls["check"].click()
    assert "Te faltan 7" in error_of(panel)
    assert panel.controls["choice_3"].value == "praise"


def test_every_dropdown_has_a_description():
    panel = W.build_triage()
    for name, control in panel.controls.items():
        if name.startswith("choice_"):
            assert control.description


@pytest.mark.parametrize("comment,category", [
    ("El pedido 123 llegó roto", "cliente con razón"), ("¿Tenéis pan sin gluten?", "pregunta"),
])
def test_comment_tester(comment, category):
    panel = W.build_comment_tester()
    panel.controls["comment"].value = comment
    panel.controls["classify"].click()
    no_error(panel)
    assert category in panel.result.value


@pytest.mark.parametrize("bad", ["", "    ", "x" * 5000])
def test_comment_tester_bad_inputs(bad):
    panel = W.build_comment_tester()
    panel.controls["comment"].value = bad
    panel.controls["classify"].click()
    error_of(panel)
    assert panel.controls["comment"].value == bad


def test_rules_and_actions_tables():
    assert listening_views.rules_table().count("<tr>") == len(L.TRIAGE_RULES) + 1
    assert listening_views.actions_table().count("<tr>") == len(L.CATEGORIES) + 1


# --- reach predictor ----------------------------------------------------------------------

@pytest.mark.parametrize("business", BUSINESSES)
def test_predictor_shows_reach_band_and_backtest(business):
    panel = W.build_reach_predictor(business)
    no_error(panel)
    assert "Alcance típico" in panel.result.value and "backtest" in panel.result.value


def test_predictor_reacts_to_every_control():
    panel = W.build_reach_predictor("cosmetica")
    seen = {panel.result.value}
    panel.controls["hour"].value = 9
    seen.add(panel.result.value)
    panel.controls["weekday"].value = 5
    seen.add(panel.result.value)
    panel.controls["network"].value = "tiktok"
    assert panel.controls["post_type"].value == "video"
    seen.add(panel.result.value)
    if "paid" in panel.controls:
        panel.controls["paid"].value = True
        seen.add(panel.result.value)
    assert len(seen) >= 4
    no_error(panel)


def test_network_change_keeps_only_its_post_types():
    panel = W.build_reach_predictor("ferreteria")
    panel.controls["network"].value = "instagram"
    values = [v for _l, v in panel.controls["post_type"].options]
    assert set(values) <= {"photo", "carousel", "reel"}


@pytest.mark.parametrize("bad", [-1, 24, 99, 10**9])
def test_predictor_bad_hour(bad):
    panel = W.build_reach_predictor("panaderia")
    panel.controls["hour"].value = bad
    assert "0 a 23" in error_of(panel)
    assert panel.result.value == ""
    panel.controls["hour"].value = 12
    no_error(panel)
    assert "Alcance típico" in panel.result.value


def test_verdict_is_honest():
    assert "casi no mejora" in W.verdict({"improvement": 0.01})
    assert "casi no mejora" in W.verdict({"improvement": float("nan")})
    assert "claramente" in W.verdict({"improvement": 0.5})


# --- the plan -----------------------------------------------------------------------------

def test_plan_saves_both_sections(plan_path):
    panel = W.build_listening_plan("panaderia", plan_path)
    assert "rumbo-msg-ok" in panel.message.value
    panel.controls["who_troll"].value = "Maite"
    panel.controls["save"].click()
    assert "Guardado" in panel.message.value
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    assert plan["listening"]["response_rate"] == 0.9 and plan["listening"]["crisis_z"] == 3
    assert "current" not in plan["listening"]  # the example's figures are never saved as hers
    rules = {r["category"]: r for r in plan["response_protocol"]["rules"]}
    assert rules["troll"]["who"] == "Maite" and plan["response_protocol"]["needs_approval"] is False


def test_the_example_s_figures_are_labelled_and_hers_are_saved(plan_path):
    """«Ahora» figures of the sample bakery are a labelled reference; only what she types as
    her own goes to ``listening.current``, and reopening shows her numbers."""
    stats = L.response_stats(L.own_mentions("panaderia"))
    panel = W.build_listening_plan("panaderia", plan_path)
    assert "negocio de ejemplo «Panadería Goikoa»: " + fmt_percent(stats["response_rate"]) \
        in panel.result.value
    assert "todavía no las has puesto" in panel.result.value
    panel.controls["now_response_rate"].value = "40 %"
    panel.controls["now_median_minutes"].value = "300"
    assert "Tus cifras de hoy: 40,0" in panel.result.value
    assert "más lento que el que ya consigues" not in panel.message.value
    panel.controls["median_minutes"].value = 400
    assert "más lento que el que ya consigues" in panel.message.value  # against hers
    panel.controls["median_minutes"].value = 60
    panel.controls["who_troll"].value = "Maite"
    panel.controls["save"].click()
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    assert plan["listening"]["current"] == {"response_rate": 0.4, "median_minutes": 300}
    again = W.build_listening_plan("panaderia", plan_path, plan=plan)
    assert again.controls["now_response_rate"].value == 40
    assert again.controls["who_troll"].value == "Maite"
    assert again.controls["response_rate"].value == 90


def test_an_old_plan_holding_the_example_s_figures_does_not_show_them_as_hers(plan_path):
    stats = L.response_stats(L.own_mentions("panaderia"))
    old = {"listening": {"response_rate": 0.9, "median_minutes": 60, "share_within_60": 0.5,
                         "crisis_z": 3, "current": {"response_rate": stats["response_rate"],
                                                    "median_minutes": stats["median_minutes"],
                                                    "share_within_60": stats["share_within"]}}}
    panel = W.build_listening_plan("panaderia", plan_path, plan=old)
    assert panel.controls["now_response_rate"].value is None
    assert "todavía no las has puesto" in panel.result.value


def test_plan_keeps_other_sections(plan_path):
    from rumbo.data.plan import update_section

    update_section("profile", {"name": "Goikoa"}, plan_path)
    W.build_listening_plan("panaderia", plan_path).controls["save"].click()
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    assert plan["profile"] == {"name": "Goikoa"} and "response_protocol" in plan


@pytest.mark.parametrize("control,bad", [
    ("response_rate", 0), ("response_rate", 150), ("response_rate", -10),
    ("median_minutes", 0), ("median_minutes", -5), ("median_minutes", 1e9),
    ("share_within_60", 101), ("crisis_z", 0), ("crisis_z", 40),
    ("who_question", ""), ("who_praise", "   "), ("who_troll", "x" * 200),
    ("minutes_customer_right", 0), ("minutes_question", -60), ("minutes_praise", 1e7),
    ("escalate_to", ""),
])
def test_plan_bad_inputs_save_nothing(plan_path, control, bad):
    panel = W.build_listening_plan("cosmetica", plan_path)
    panel.controls[control].value = bad
    error_of(panel)
    assert panel.result.value == ""
    panel.controls["save"].click()
    assert "No he guardado nada" in error_of(panel)
    assert not plan_path.exists()
    assert panel.controls[control].value == bad  # what the learner typed is still there


def test_plan_warns_about_slow_targets(plan_path):
    panel = W.build_listening_plan("ferreteria", plan_path)
    panel.controls["median_minutes"].value = 600
    assert "rumbo-msg-warning" in panel.message.value


def test_plan_corrupt_file_is_a_message(plan_path):
    plan_path.parent.mkdir(parents=True)
    plan_path.write_text("{roto", encoding="utf-8")
    panel = W.build_listening_plan("panaderia", plan_path)
    panel.controls["save"].click()
    assert "dañado" in error_of(panel)
    assert "response_protocol" in json.loads(plan_path.read_text(encoding="utf-8"))


def test_every_control_has_a_description():
    for panel in (W.build_listening_plan("panaderia"), W.build_crisis_radar("panaderia"),
                  W.build_reach_predictor("panaderia"), W.build_comment_tester()):
        for name, control in panel.controls.items():
            assert isinstance(control, widgets.HTML) or control.description, name


def test_panels_on_the_example_s_data_say_so():
    for panel in (W.build_crisis_radar("panaderia"), W.build_reach_predictor("panaderia")):
        notes = [c.value for c in panel.children if "rumbo-example-note" in c._dom_classes]
        assert notes and "negocio de ejemplo «Panadería Goikoa»" in notes[0]


def test_technical_controls_say_what_they_mean_in_plain_words():
    radar = W.build_crisis_radar("panaderia")
    hints = [c.value for c in radar.controls["threshold"].children if "rumbo-hint" in c._dom_classes]
    assert len(hints) == 1 and "menos alarmas" in hints[0]
    shown = W.build_reach_predictor("panaderia").result.value
    assert "Prueba con el pasado: el modelo aprende" in shown
    assert "Error medio: cuántas personas se equivoca" in shown
    set_language("en")
    try:
        english = W.build_crisis_radar("panaderia").controls["threshold"].children[-1].value
    finally:
        set_language("es")
    assert english and "alarmas" not in english
