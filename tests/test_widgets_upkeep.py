"""Module 5's widgets, headless: type values, click, read messages and results."""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime, timezone

import pytest
from icalendar import Calendar

from rumbo import upkeep
from rumbo.views.html import download_link
from rumbo.widgets.upkeep import (budget_hours, build_habit_tracker, build_plan_saver,
                                  build_routine_planner)

PROFILE = {"name": "Panadería Goikoa", "country": "España", "networks": ["facebook", "instagram"],
           "followers": {"facebook": 1200, "instagram": 800}, "hours_per_week": 3.0,
           "hourly_cost": 18.0, "currency": "EUR"}
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=timezone.utc)


def planner(plan_path, plan=None, profile=PROFILE):
    return build_routine_planner(dict(profile), plan or {}, plan_path, clock=lambda: NOW)


def is_error(panel):
    return 'role="alert"' in panel.message.value


def test_starts_with_a_routine_that_fits_the_profile_hours(plan_path):
    panel = planner(plan_path)
    assert "rumbo-main" in panel._dom_classes
    assert "Cabe" in panel.message.value and not is_error(panel)
    assert "Total a la semana" in panel.result.value and "3,0 h" in panel.result.value
    assert "Publicaciones por semana recomendadas" in panel.result.value
    assert panel.controls["timezone"].value == "Europe/Madrid"
    assert panel.routine["weekly_minutes"] <= 180


def test_every_control_has_a_description(plan_path):
    panel = planner(plan_path)
    for name, control in panel.controls.items():
        if hasattr(control, "value") and not name.startswith("grid"):
            assert getattr(control, "description", ""), name
    assert panel.controls["mon_publish"].description == "Publicar el lunes"


def test_first_number_field_is_the_budget_and_changes_the_result(plan_path):
    panel = planner(plan_path)
    before = panel.result.value
    panel.controls["budget"].value = 1
    assert panel.result.value != before
    assert "No cabe" in panel.message.value and "Para que quepa, quita" in panel.message.value


def test_time_budget_of_module_3_wins_over_the_profile(plan_path):
    assert budget_hours({"time_budget": {"hours_per_week": 5}}, PROFILE) == 5
    assert budget_hours({"time_budget": {"hours_per_week": "mucho"}}, PROFILE) == 3
    assert budget_hours({}, PROFILE) == 3
    module3 = {"time_budget": {"hours_per_week": {"replying": 1.5}, "weekly_hours": 4.5}}
    assert budget_hours(module3, PROFILE) == 4.5  # the shape module 3 saves
    panel = planner(plan_path, {"time_budget": {"hours_per_week": 5}})
    assert panel.controls["budget"].value == 5


@pytest.mark.parametrize("control, value, words", [
    ("budget", -2, "0 en adelante"),
    ("budget", 500, "168"),
    ("budget", "mucho", "no es un número"),
    ("mon_publish", -10, "negativos"),
    ("tue_reply", 100000, "error de tecleo"),
    ("start_time", "", "hora de inicio"),
    ("start_time", "25:99", "hora de inicio"),
    ("start_time", "mañana", "hora de inicio"),
])
def test_bad_input_gives_a_message_and_keeps_the_values(plan_path, control, value, words):
    panel = planner(plan_path)
    grid_before = {k: c.value for k, c in panel.controls.items() if re.match(r"^[a-z]{3}_", k)}
    panel.controls[control].value = value
    assert is_error(panel) and words in panel.message.value
    assert panel.result.value == ""
    assert all(panel.controls[k].value == v for k, v in grid_before.items() if k != control)


def test_empty_grid_and_no_networks(plan_path):
    panel = planner(plan_path)
    for name, control in panel.controls.items():
        if re.match(r"^[a-z]{3}_[a-z]+$", name) and not name.startswith("net_"):
            control.value = 0
    assert is_error(panel) and "vacía" in panel.message.value
    panel.controls["mon_publish"].value = 10
    assert not is_error(panel)
    panel.controls["net_facebook"].value = False
    panel.controls["net_instagram"].value = False
    assert "al menos una red" in panel.message.value


def test_zero_hours_says_it_cannot_fit(plan_path):
    panel = planner(plan_path)
    panel.controls["budget"].value = 0
    assert "Ni quitando todo eso cabe" in panel.message.value


def test_save_writes_the_routine_and_bad_input_saves_nothing(plan_path):
    panel = planner(plan_path)
    panel.controls["mon_publish"].value = -1
    panel.controls["save"].click()
    assert is_error(panel) and not plan_path.exists()
    panel.controls["mon_publish"].value = 20
    panel.controls["save"].click()
    assert "Rutina guardada" in panel.message.value
    saved = json.loads(plan_path.read_text(encoding="utf-8"))["routine"]
    assert saved["grid"]["mon"]["publish"] == 20 and saved["timezone"] == "Europe/Madrid"
    assert saved["budget_minutes"] == 180 and saved["networks"] == ["facebook", "instagram"]
    # a new planner starts from what was saved
    again = planner(plan_path, json.loads(plan_path.read_text(encoding="utf-8")))
    assert again.controls["mon_publish"].value == 20


def test_corrupt_plan_is_reported_and_the_routine_still_saved(plan_path):
    plan_path.parent.mkdir(parents=True)
    plan_path.write_text("{roto", encoding="utf-8")
    panel = planner(plan_path)
    panel.controls["save"].click()
    assert "dañado" in panel.message.value
    assert "routine" in json.loads(plan_path.read_text(encoding="utf-8"))


def test_a_hand_edited_saved_routine_falls_back_to_the_suggestion(plan_path):
    panel = planner(plan_path, {"routine": {"grid": {"mon": {"publish": -3}}, "networks": []}})
    assert not is_error(panel) and panel.routine["weekly_minutes"] > 0


def test_calendar_is_saved_next_to_the_plan_and_offered_as_download(plan_path):
    panel = planner(plan_path)
    panel.controls["timezone"].value = "America/Bogota"
    panel.controls["calendar"].click()
    assert "Calendario guardado" in panel.message.value and "09/03/2026" in panel.message.value
    ics = plan_path.with_name("mi_rutina.ics")
    assert ics.exists()
    payload = re.search(r'href="data:text/calendar;base64,([^"]+)"', panel.downloads.value).group(1)
    data = base64.b64decode(payload)
    assert data == ics.read_bytes()
    cal = Calendar.from_ical(data)
    assert cal.timezones[0].tz_name == "America/Bogota"
    assert len(cal.events) == len(panel.routine["grid"])


def test_calendar_with_a_bad_grid_is_refused(plan_path):
    panel = planner(plan_path)
    panel.controls["wed_publish"].value = -4
    panel.controls["calendar"].click()
    assert is_error(panel) and not plan_path.with_name("mi_rutina.ics").exists()


def test_unwritable_calendar_folder_is_a_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    panel = planner(blocker / "plan.json")
    panel.controls["calendar"].click()
    assert is_error(panel) and "No he podido guardar el calendario" in panel.message.value


def test_checklist_download(plan_path):
    panel = planner(plan_path)
    panel.controls["checklist"].click()
    payload = re.search(r'href="data:text/html;base64,([^"]+)"', panel.downloads.value).group(1)
    page = base64.b64decode(payload).decode("utf-8")
    assert "Panadería Goikoa" in page and "Total del día" in page


def test_download_link_escapes_the_name():
    link = download_link(b"x", 'a"b.ics', "text/calendar", "<b>")
    assert 'download="a&quot;b.ics"' in link and "&lt;b&gt;" in link


def test_habit_tracker_counts_and_saves(plan_path):
    panel = build_habit_tracker({}, plan_path)
    assert "Empieza por marcar hoy" in panel.message.value
    for day in upkeep.DAYS:
        panel.controls[f"w1_{day}"].value = True
    assert "semana entera" in panel.message.value and "7 días seguidos" in panel.result.value
    panel.controls["save"].click()
    saved = json.loads(plan_path.read_text(encoding="utf-8"))["habit"]
    assert saved["done_days"] == 7 and saved["weeks"][0] == [True] * 7
    again = build_habit_tracker({"habit": saved}, plan_path)
    assert again.controls["w1_sun"].value is True
    broken = build_habit_tracker({"habit": {"weeks": "nada"}}, plan_path)
    assert broken.controls["w1_sun"].value is False


def test_plan_saver_saves_both_sections(plan_path):
    planner_panel = planner(plan_path)
    tracker = build_habit_tracker({}, plan_path)
    tracker.controls["w1_mon"].value = True
    saver = build_plan_saver(planner_panel, tracker, plan_path)
    saver.controls["save"].click()
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    assert plan["routine"]["weekly_minutes"] > 0 and plan["habit"]["done_days"] == 1
    assert "Lo que este módulo añade a tu plan" in saver.result.value
    planner_panel.controls["mon_publish"].value = -1
    saver.controls["save"].click()
    assert 'role="alert"' in saver.message.value and "No he podido guardarlo todo" in saver.message.value


def test_english_screen(plan_path):
    from rumbo.core.i18n import set_language

    set_language("en")
    panel = planner(plan_path)
    assert "Your weekly routine" in panel.children[0].value
    assert "Total per week" in panel.result.value


def test_ticking_google_business_and_whatsapp_shows_their_advice_and_saves_them(plan_path):
    panel = planner(plan_path)
    assert panel.controls["net_google_business"].description == "Publico en Perfil de Empresa de Google"
    panel.controls["net_google_business"].value = True
    panel.controls["net_whatsapp"].value = True
    assert not is_error(panel)
    assert "recomendado 1 o más" in panel.result.value and "un estado dura 24 horas" in panel.result.value
    panel.controls["save"].click()
    saved = json.loads(plan_path.read_text(encoding="utf-8"))["routine"]
    assert saved["networks"] == ["facebook", "instagram", "google_business", "whatsapp"]


def test_a_profile_with_only_business_channels_starts_a_routine_for_them(plan_path):
    panel = planner(plan_path, profile={**PROFILE, "networks": ["google_business", "whatsapp"],
                                        "followers": {}})
    assert not is_error(panel)
    assert [n for n in ("facebook", "google_business", "whatsapp")
            if panel.controls[f"net_{n}"].value] == ["google_business", "whatsapp"]
    assert panel.routine["network_labels"] == ["Perfil de Empresa de Google", "WhatsApp Business"]
