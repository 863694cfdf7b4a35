"""The editorial calendar widget, headless: type values, tick boxes, click, read messages."""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime, timezone

from icalendar import Calendar

from rumbo import content
from rumbo.data import plan as plan_file
from rumbo.data.profile import example_profile
from rumbo.widgets.content import build_content_planner, month_options

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=timezone.utc)
ROUTINE = {"grid": {"mon": {"create": 60, "publish": 15}, "wed": {"publish": 15},
                    "fri": {"publish": 15}}, "timezone": "Europe/Madrid", "start_time": "08:00"}


def planner(plan_path, plan=None, business="panaderia"):
    return build_content_planner(example_profile(business), plan or {}, plan_path,
                                 business=business, clock=lambda: NOW)


def is_error(panel):
    return 'role="alert"' in panel.message.value


def download(panel) -> bytes:
    match = re.search(r'href="data:[^;]+;base64,([^"]+)"', panel.downloads.value)
    assert match, panel.downloads.value
    return base64.b64decode(match.group(1))


def test_starts_with_the_sector_s_pillars_and_next_month(plan_path):
    panel = planner(plan_path, {"routine": ROUTINE})
    assert "rumbo-main" in panel._dom_classes
    suggested = {p["pillar"]: p["share"] for p in content.suggest_pillars(example_profile("panaderia"))}
    assert {p: panel.controls[f"pillar_{p}"].value for p in suggested} == suggested
    assert panel.controls["month"].value == "2026-04"
    assert panel.controls["capacity"].value == 105 and panel.source == "routine"
    assert panel.posts and all(p["date"].startswith("2026-04") for p in panel.posts)
    assert "Tu mes de publicaciones" in panel.result.value


def test_every_control_has_a_description(plan_path):
    panel = planner(plan_path)
    for name, control in panel.controls.items():
        if hasattr(control, "value") and not name.endswith("_help"):
            assert getattr(control, "description", ""), name


def test_a_month_that_does_not_fit_says_by_how_much_and_is_not_saved(plan_path):
    panel = planner(plan_path, {"routine": ROUTINE})
    panel.controls["capacity"].value = 30
    fit = panel.fit
    assert not fit.fits
    assert f"Sobran {fit.over_minutes} minutos" in panel.message.value.replace(".", "")
    panel.save()
    assert is_error(panel) and "Sobran" in panel.message.value
    assert "content" not in plan_file.load_plan(plan_path)
    panel.controls["calendar"].click()
    assert panel.downloads.value == ""


def test_a_month_that_fits_is_saved_with_its_pillars(plan_path):
    panel = planner(plan_path, {"routine": ROUTINE})
    panel.controls["capacity"].value = 600
    assert "Cabe" in panel.message.value and not is_error(panel)
    panel.controls["save"].click()
    saved = plan_file.load_plan(plan_path)["content"]
    assert saved == panel.saved
    assert saved["month"] == "2026-04" and saved["fits"] is True
    assert sum(p["share"] for p in saved["pillars"]) == 100
    assert saved["total_minutes"] == sum(p["minutes"] for p in saved["posts"])
    again = planner(plan_path, plan_file.load_plan(plan_path))
    assert {p["pillar"]: p["share"] for p in saved["pillars"]} == {
        p: again.controls[f"pillar_{p}"].value for p in content.PILLARS
        if again.controls[f"pillar_{p}"].value}


def test_pillars_that_do_not_add_up_get_a_message_and_no_calendar(plan_path):
    panel = planner(plan_path)
    panel.controls["pillar_product"].value += 10
    assert is_error(panel) and "suman 110" in panel.message.value
    assert panel.result.value == "" and panel.posts is None


def test_no_channel_gets_a_message(plan_path):
    panel = planner(plan_path)
    for channel in content.CHANNELS:
        panel.controls[f"net_{channel}"].value = False
    assert is_error(panel) and "al menos una red" in panel.message.value


def test_batching_shows_the_minutes_saved(plan_path):
    panel = planner(plan_path, {"routine": ROUTINE}, business="cosmetica")
    panel.controls["capacity"].value = 2000
    panel.controls["net_google_business"].value = True
    assert any(p["repurposed"] for p in panel.posts)
    saved = content.batching_savings(panel.posts, panel.minutes)
    assert saved > 0 and "Ahorro por reaprovechar vídeos" in panel.result.value
    panel.controls["batching"].value = False
    assert not any(p["repurposed"] for p in panel.posts)
    assert "Ahorro por reaprovechar" not in panel.result.value


def test_an_own_event_takes_a_post(plan_path):
    panel = planner(plan_path)
    panel.controls["capacity"].value = 2000
    panel.controls["event_date"].value = "20/04/2026"
    panel.controls["event_text"].value = "Feria de la masa madre"
    assert any(p["idea"] == "Feria de la masa madre" for p in panel.posts)
    panel.controls["event_date"].value = "el martes"
    assert is_error(panel) and "no es una fecha" in panel.message.value


def test_exports_calendar_and_csv_of_the_month(plan_path):
    panel = planner(plan_path, {"routine": ROUTINE})
    panel.controls["capacity"].value = 2000
    panel.controls["calendar"].click()
    events = list(Calendar.from_ical(download(panel)).walk("VEVENT"))
    assert len(events) == len(panel.posts)
    assert events[0].decoded("dtstart").hour == 8
    panel.controls["csv"].click()
    lines = download(panel).decode("utf-8-sig").splitlines()
    assert len(lines) == len(panel.posts) + 1 and lines[0].startswith("Fecha;Red;Pilar")


def test_month_options_cross_the_year():
    options = month_options(datetime(2026, 11, 5).date())
    assert [v for _l, v in options[:3]] == ["2026-11", "2026-12", "2027-01"]
    assert options[2][0] == "enero de 2027"


def test_a_hand_edited_content_section_falls_back_to_the_suggestion(plan_path):
    plan = {"content": {"pillars": [{"pillar": "memes", "share": 100}]}}
    panel = planner(plan_path, plan)
    assert not is_error(panel)
    assert sum(panel.controls[f"pillar_{p}"].value for p in content.PILLARS) == 100
    json.dumps(panel.posts)  # what is saved is plain JSON


def test_light_formats_and_fewer_days_are_offered_when_the_month_does_not_fit(plan_path):
    panel = planner(plan_path, {"routine": ROUTINE})
    panel.controls["capacity"].value = 120
    assert not panel.fit.fits
    varied = panel.fit.total_minutes
    panel.controls["mix"].value = "light"
    assert panel.fit.total_minutes < varied
    assert all(p["format"] in ("photo", "story", "gbp_post") for p in panel.posts)
    if not panel.fit.fits:
        assert "sí cabe" in panel.message.value


def test_minutes_typed_the_spanish_way_are_read_and_unreadable_ones_save_nothing(plan_path):
    panel = planner(plan_path, {"routine": ROUTINE})
    panel.controls["capacity"].text.value = "1.500 min"
    assert not is_error(panel) and panel.controls["capacity"].value == 1500
    panel.controls["capacity"].text.value = "mucho"
    assert is_error(panel) and "«mucho» no es un número" in panel.message.value
    assert panel.result.value == ""  # no calendar of a number she did not type
    panel.controls["save"].click()
    assert not plan_path.exists() and "No he guardado nada" in panel.message.value


def test_the_legal_checklist_is_saved_with_each_point_s_source_and_comes_back_ticked(plan_path):
    panel = planner(plan_path, {"routine": ROUTINE})
    panel.controls["capacity"].value = 600
    ticked = [key for key, _point, _source in content.LEGAL_CHECKLIST][::2]
    for key in ticked:
        panel.controls[f"legal_{key}"].value = True
    panel.controls["save"].click()
    saved = plan_file.load_plan(plan_path)["content"]["legal"]
    sources = {key: source for key, _point, source in content.LEGAL_CHECKLIST}
    assert [p["key"] for p in saved] == ticked
    assert all(p["source"] == sources[p["key"]] and p["point"] for p in saved)
    again = planner(plan_path, plan_file.load_plan(plan_path))
    assert [key for key, _p, _s in content.LEGAL_CHECKLIST if again.controls[f"legal_{key}"].value] == ticked
