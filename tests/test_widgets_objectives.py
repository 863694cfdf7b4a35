"""Headless tests of the module 1 widgets: set values, click, read messages."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from rumbo.core.i18n import set_language
from rumbo.views import objectives as objectives_views
from rumbo.widgets import objectives as w

TODAY = date(2026, 1, 1)
PROFILE = {"name": "Prueba", "networks": ["facebook", "instagram"],
           "followers": {"facebook": 420, "instagram": 800}, "currency": "EUR"}


@pytest.fixture(autouse=True)
def spanish():
    set_language("es")
    yield
    set_language("es")


@pytest.fixture
def bench() -> pd.DataFrame:
    return pd.DataFrame([
        dict(key="follower_growth_typical", value=0.02, low=0.01, high=0.03, unit="ratio",
             source="Fuente T", year=2024),
        dict(key="follower_growth_campaign", value=0.075, low=0.05, high=0.10, unit="ratio",
             source="Fuente C", year=2024),
        dict(key="fb_organic_reach_share", value=0.052, low=None, high=None, unit="ratio",
             source="Fuente R", year=2020),
    ])


def is_error(panel) -> bool:
    return 'role="alert"' in panel.message.value


# --- reality check -------------------------------------------------------------------------------


def test_reality_check_prefills_from_the_profile(bench):
    panel = w.build_reality_check(PROFILE, bench)
    assert "rumbo-main" in panel._dom_classes
    assert panel.controls["start"].value == 420
    assert panel.controls["target"].value == 840
    assert "Ambicioso" in panel.result.value and not is_error(panel)
    assert "<svg" in panel.svg and "Fuente T, 2024" in panel.result.value
    panel.controls["network"].value = "instagram"
    assert panel.controls["start"].value == 800


def test_reality_check_seed_case_reads_milagro(bench):
    panel = w.build_reality_check(PROFILE, bench)
    panel.controls["start"].value = 100
    panel.controls["target"].value = 1_000_000
    panel.controls["months"].value = 3
    assert "2.054,4%" in panel.result.value
    assert "Milagro" in panel.result.value
    assert "escala logarítmica" in panel.svg


def test_every_control_is_described(bench):
    for panel in (w.build_reality_check(PROFILE, bench), w.build_event_check(PROFILE, bench),
                  w.build_quality_lab(),
                  w.build_objectives_planner(PROFILE, today=TODAY, bench=bench)):
        for control in panel.controls.values():
            assert control.description, control


@pytest.mark.parametrize("field, value, fragment", [
    ("start", 0, "mayor que cero"),
    ("start", -10, "mayor que cero"),
    ("target", 0, "mayor que cero"),
    ("target", -1, "mayor que cero"),
    ("target", 2_000_000_000, "error de tecleo"),
    ("months", 0, "más que cero"),
    ("months", -3, "más que cero"),
    ("months", 1000, "máximo 120"),
    ("months", "mucho", "no es un número"),
    ("months", "", "falta el número"),
])
def test_reality_check_bad_inputs_give_a_message_and_keep_values(bench, field, value, fragment):
    panel = w.build_reality_check(PROFILE, bench)
    panel.controls[field].value = value
    assert is_error(panel) and fragment in panel.message.value
    assert panel.result.value == ""
    assert "Traceback" not in panel.message.value
    # nothing lost: the other fields keep their values, and fixing the field recovers
    assert panel.controls["start"].value in (420, value)
    panel.controls[field].value = {"start": 420, "target": 840, "months": 12}[field]
    assert not is_error(panel) and "Ambicioso" in panel.result.value


def test_reality_check_in_english(bench):
    set_language("en")
    panel = w.build_reality_check(PROFILE, bench)
    assert "Ambitious" in panel.result.value
    panel.controls["months"].value = 0
    assert "month" in panel.message.value.lower()


# --- event --------------------------------------------------------------------------------------


def test_event_check(bench):
    panel = w.build_event_check(PROFILE, bench)
    assert panel.controls["followers"].value == 420
    assert "Publicaciones posibles" in panel.result.value and "Fuente R, 2020" in panel.result.value
    for field, value, fragment in [("days", 0, "más que cero"), ("days", -2, "más que cero"),
                                   ("followers", -5, "no negativo"),
                                   ("posts_per_day", 0, "de más de 0 a 24"),
                                   ("posts_per_day", 500, "de más de 0 a 24")]:
        panel = w.build_event_check(PROFILE, bench)
        panel.controls[field].value = value
        assert is_error(panel) and fragment in panel.message.value
        assert panel.result.value == ""


# --- quality lab ---------------------------------------------------------------------------------


def test_quality_lab_defaults_are_the_seed_case():
    panel = w.build_quality_lab("EUR")
    assert "500" in panel.result.value and "2.000" in panel.result.value
    assert "560,00" in panel.result.value
    assert "cuenta B" in panel.result.value


@pytest.mark.parametrize("field, value, fragment", [
    ("rate_a", -1, "de 0 a 100"), ("rate_b", 250, "de 0 a 100"),
    ("followers_a", -3, "no negativo"), ("return_rate", 120, "de 0 a 100"),
    ("reduction", -5, "de 0 a 100"), ("cost_per_return", -2, "negativo"),
    ("orders", 5_000_000_000, "error de tecleo"),
])
def test_quality_lab_bad_inputs(field, value, fragment):
    panel = w.build_quality_lab()
    panel.controls[field].value = value
    assert is_error(panel) and fragment in panel.message.value
    assert panel.result.value == ""


# --- SMART planner ------------------------------------------------------------------------------


def fill(panel, **values):
    defaults = dict(text="Más seguidores en Instagram", goal="awareness", kpi="followers",
                    network="instagram", start="800", target="1.000", deadline=date(2026, 12, 31))
    defaults.update(values)
    for name, value in defaults.items():
        panel.controls[name].value = value


def test_planner_starts_deterministic_and_says_what_is_missing(bench):
    panel = w.build_objectives_planner(PROFILE, today=TODAY, bench=bench)
    assert panel.controls["deadline"].value is None
    assert panel.controls["start"].value == 420
    assert "Sin fecha" in panel.result.value and "Sin número" in panel.result.value
    assert "Todavía no es SMART" in panel.message.value


THREE = {**PROFILE, "networks": ["facebook", "instagram", "tiktok"]}  # no count for TikTok


def test_reality_check_starts_each_network_at_its_own_count(bench):
    panel = w.build_reality_check(THREE, bench)
    panel.controls["network"].value = "instagram"
    assert panel.controls["start"].value == 800  # not Facebook's 420
    panel.controls["network"].value = "tiktok"
    assert panel.controls["start"].value is None  # unknown: empty, and she is asked
    assert "No sé cuántos seguidores tienes en TikTok" in panel.message.value
    panel.controls["start"].value = 50
    panel.controls["network"].value = "facebook"
    assert panel.controls["start"].value == 420
    panel.controls["network"].value = "tiktok"
    assert panel.controls["start"].value == 50  # what she typed for TikTok is kept


def test_planner_starts_each_network_at_its_own_count(bench):
    panel = w.build_objectives_planner(THREE, today=TODAY, bench=bench)
    assert panel.controls["start"].value == 420
    panel.controls["network"].value = "instagram"
    assert panel.controls["start"].value == 800
    panel.controls["network"].value = "all"
    assert panel.controls["start"].value == 1220
    panel.controls["target"].value = 2000
    panel.controls["network"].value = "tiktok"
    assert panel.controls["start"].value is None and "Sin punto de partida" in panel.result.value
    panel.controls["kpi"].value = "engagement_rate"  # not a follower count: left as she typed it
    panel.controls["start"].value = 2.5
    panel.controls["network"].value = "instagram"
    assert panel.controls["start"].value == 2.5


def test_planner_adds_saves_and_reloads(bench, tmp_path):
    path = tmp_path / "plan.json"
    panel = w.build_objectives_planner(PROFILE, path, today=TODAY, bench=bench)
    fill(panel)
    assert "Es SMART" in panel.message.value
    assert "Escalera de hitos" in panel.result.value
    panel.controls["add"].click()
    assert "Tienes 1 de 3" in panel.message.value
    panel.controls["save"].click()
    assert "guardados" in panel.message.value, panel.message.value
    plan = json.loads(path.read_text(encoding="utf-8"))
    assert plan["objectives"][0]["deadline"] == "2026-12-31"
    assert plan["objectives"][0]["smart"]["achievable"]["ok"] is True
    steps = plan["milestones"][0]["steps"]
    assert len(steps) == 3 and steps[-1]["date"] == "2026-12-31"
    assert steps[-1]["value"] == pytest.approx(1000)
    again = w.build_objectives_planner(PROFILE, path, saved=plan["objectives"], today=TODAY, bench=bench)
    assert "Más seguidores en Instagram" in again.result.value


def test_planner_refuses_non_smart_and_more_than_three(bench, tmp_path):
    path = tmp_path / "plan.json"
    panel = w.build_objectives_planner(PROFILE, path, today=TODAY, bench=bench)
    panel.controls["add"].click()
    assert is_error(panel) and "Solo añado objetivos SMART" in panel.message.value
    panel.controls["save"].click()
    assert is_error(panel) and "al menos un objetivo" in panel.message.value
    assert not path.exists()
    fill(panel)
    for _ in range(3):
        panel.controls["add"].click()
    panel.controls["add"].click()
    assert is_error(panel) and "tres objetivos" in panel.message.value
    assert len(panel.objectives) == 3
    panel.controls["remove"].click()
    assert len(panel.objectives) == 2 and "Quitado" in panel.message.value
    for _ in range(2):
        panel.controls["remove"].click()
    panel.controls["remove"].click()
    assert is_error(panel) and "vacía" in panel.message.value


@pytest.mark.parametrize("values, fragment", [
    ({"target": "mucho"}, "no es un número"),
    ({"target": ""}, "Sin número"),
    ({"start": "-5"}, "negativos"),
    ({"target": "1000000"}, "No es alcanzable"),
    ({"deadline": date(2025, 1, 1)}, "ya pasó"),
    ({"goal": ""}, "a qué objetivo del negocio"),
    ({"goal": "fewer_returns"}, "No está relacionado"),
    ({"kpi": ""}, "elige un KPI"),
    ({"target": "1e400"}, "número normal"),
])
def test_planner_bad_inputs(bench, values, fragment):
    panel = w.build_objectives_planner(PROFILE, today=TODAY, bench=bench)
    fill(panel, **values)
    assert fragment in panel.result.value
    panel.controls["add"].click()
    assert is_error(panel) and fragment in panel.message.value
    assert panel.objectives == []
    assert panel.controls["text"].value == "Más seguidores en Instagram"  # nothing lost


def test_planner_bad_stages(bench):
    panel = w.build_objectives_planner(PROFILE, today=TODAY, bench=bench)
    fill(panel)
    panel.controls["stages"].value = 0
    assert is_error(panel) and "de 1 a 12" in panel.message.value
    assert "Comprobación SMART" in panel.result.value  # findings still shown
    panel.controls["stages"].value = 4
    assert "Etapa 4" in panel.result.value


def test_planner_corrupt_plan_is_reported_and_saved_anew(bench, tmp_path):
    path = tmp_path / "plan.json"
    path.write_text("{ roto", encoding="utf-8")
    panel = w.build_objectives_planner(PROFILE, path, today=TODAY, bench=bench)
    fill(panel)
    panel.controls["add"].click()
    panel.controls["save"].click()
    assert "dañado" in panel.message.value
    assert json.loads(path.read_text(encoding="utf-8"))["objectives"]


def test_trajectory_figure_has_labels(bench):
    from rumbo import objectives as obj

    fig = objectives_views.trajectory_figure(obj.reality_check(100, 1_000_000, 3, bench))
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel() == "Meses desde hoy" and "Seguidores" in ax.get_ylabel()


# --- a profile with Google's and WhatsApp's business tools --------------------------------------

BUSINESS_ONLY = {"name": "Prueba", "networks": ["google_business", "whatsapp"], "followers": {},
                 "currency": "EUR"}


def _notes(panel) -> str:
    return " ".join(c.value for c in panel.children[1:3] if isinstance(getattr(c, "value", None), str))


def test_reality_check_with_only_business_channels_says_so_and_works_on_an_example(bench):
    panel = w.build_reality_check(BUSINESS_ONLY, bench)
    assert [value for _label, value in panel.controls["network"].options] == ["instagram"]
    notes = _notes(panel)
    assert "no tienen seguidores" in notes and "usa Instagram de ejemplo" in notes
    panel.controls["start"].value = 100
    panel.controls["target"].value = 120
    assert "Realista" in panel.result.value and not is_error(panel)


def test_reality_check_leaves_a_business_channel_out_of_the_networks(bench):
    panel = w.build_reality_check({**PROFILE, "networks": ["facebook", "google_business"]}, bench)
    assert [value for _label, value in panel.controls["network"].options] == ["facebook"]
    assert "Perfil de Empresa de Google no tiene seguidores" in _notes(panel)
    assert "no tiene seguidores" not in _notes(w.build_reality_check(PROFILE, bench))


def test_planner_with_only_business_channels_refuses_followers_and_takes_visits(bench):
    panel = w.build_objectives_planner(BUSINESS_ONLY, today=TODAY, bench=bench)
    labels = [label for label, _value in panel.controls["network"].options]
    assert labels == ["Perfil de Empresa de Google", "WhatsApp Business", "todas"]
    fill(panel, network="google_business", start="40", target="45")
    assert "Perfil de Empresa de Google no tiene seguidores" in panel.result.value
    panel.controls["add"].click()
    assert panel.objectives == [] and is_error(panel)
    fill(panel, network="google_business", kpi="web_visits", goal="sell_more", start="40",
         target="45")
    assert "Es SMART" in panel.message.value
