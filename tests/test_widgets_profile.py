"""The profile form, headless: type values, click save, read the messages."""

from __future__ import annotations

import json

from rumbo.widgets.profile import build_profile_form
from tests.test_profile import GOOD


def form(plan_path):
    return build_profile_form(dict(GOOD), plan_path)


def test_starts_valid_with_a_summary(plan_path):
    panel = form(plan_path)
    assert "Perfil completo" in panel.message.value
    assert "Seguidores en total" in panel.result.value and "2.000" in panel.result.value


def test_message_changes_as_the_learner_types(plan_path):
    panel = form(plan_path)
    panel.controls["hours_per_week"].value = 200
    assert "168" in panel.message.value and 'role="alert"' in panel.message.value
    assert panel.result.value == ""
    panel.controls["hours_per_week"].value = 4
    assert "Perfil completo" in panel.message.value


def test_empty_name_and_negative_followers(plan_path):
    panel = form(plan_path)
    panel.controls["name"].value = ""
    panel.controls["followers_instagram"].value = -10
    assert "nombre" in panel.message.value and "negativos" in panel.message.value


def test_save_writes_the_plan_and_bad_input_saves_nothing(plan_path):
    panel = form(plan_path)
    panel.controls["name"].value = ""
    panel.controls["save"].click()
    assert "No he guardado nada" in panel.message.value and not plan_path.exists()
    panel.controls["name"].value = "Ferretería Ñandú"
    panel.controls["uses_tiktok"].value = True
    panel.controls["followers_tiktok"].value = 50
    panel.controls["save"].click()
    assert "Guardado en" in panel.message.value
    saved = json.loads(plan_path.read_text(encoding="utf-8"))["profile"]
    assert saved["name"] == "Ferretería Ñandú" and saved["followers"]["tiktok"] == 50


def test_corrupt_plan_is_reported_and_the_profile_still_saved(plan_path):
    plan_path.parent.mkdir(parents=True)
    plan_path.write_text("{broken", encoding="utf-8")
    panel = form(plan_path)
    panel.controls["save"].click()
    assert "dañado" in panel.message.value
    assert json.loads(plan_path.read_text())["profile"]["name"] == GOOD["name"]


def test_zero_hourly_cost_is_warned_not_refused(plan_path):
    panel = form(plan_path)
    panel.controls["hourly_cost"].value = 0
    assert "no es gratis" in panel.message.value


def test_every_control_has_a_label(plan_path):
    panel = form(plan_path)
    assert all(getattr(c, "description", "") for c in panel.controls.values())


def _example_notes(panel) -> list[str]:
    return [c.value for c in panel.children if "rumbo-example-note" in c._dom_classes]


def test_the_example_profile_says_so_and_invites_her_own_until_saved(plan_path):
    panel = build_profile_form(dict(GOOD), plan_path, example=True)
    notes = _example_notes(panel)
    assert len(notes) == 1 and "negocio de ejemplo" in notes[0]
    assert f"«{GOOD['name']}»" in notes[0] and "Cámbialo por el tuyo" in notes[0]
    panel.controls["name"].value = "Ferretería Ñandú"
    panel.controls["save"].click()
    assert "Guardado en" in panel.message.value
    assert _example_notes(panel) == []  # saved: now it is hers
    assert _example_notes(form(plan_path)) == []  # her own profile is never called an example


def test_ticking_google_business_and_whatsapp_saves_them_without_followers(plan_path):
    panel = form(plan_path)
    assert "followers_google_business" not in panel.controls
    assert "followers_whatsapp" not in panel.controls
    shown = " ".join(getattr(c, "value", "") for c in panel.children if isinstance(
        getattr(c, "value", None), str))
    assert "no tienen seguidores" in shown and "Perfil de Empresa de Google" in shown
    assert panel.controls["uses_google_business"].description == "Uso Perfil de Empresa de Google"
    for network in ("facebook", "instagram"):
        panel.controls[f"uses_{network}"].value = False
    panel.controls["uses_google_business"].value = True
    panel.controls["uses_whatsapp"].value = True
    assert "Perfil completo" in panel.message.value
    assert "Perfil de Empresa de Google, WhatsApp Business" in panel.result.value
    panel.controls["save"].click()
    saved = json.loads(plan_path.read_text(encoding="utf-8"))["profile"]
    assert saved["networks"] == ["google_business", "whatsapp"] and saved["followers"] == {}


def test_the_business_channels_speak_english_in_the_english_edition(plan_path):
    from rumbo.core.i18n import set_language

    set_language("en")
    panel = form(plan_path)
    assert panel.controls["uses_google_business"].description == "I use Google Business Profile"
