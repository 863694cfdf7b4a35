"""Module 7 widgets, headless: set values, click, read messages and results."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone

import pytest

from rumbo.data import plan as plan_file
from rumbo.plan_example import example_plan
from rumbo.data.schema import SECTIONS
from rumbo.widgets.plan import (build_action_planner, build_plan_export, build_plan_review,
                                build_self_audit)


@pytest.fixture(scope="module")
def example():
    return example_plan("cosmetica", "es")


@pytest.fixture
def saved(plan_path, example):
    plan_file.save_plan(copy.deepcopy(example), plan_path)
    return plan_path


def errors(panel) -> str:
    return panel.message.value if "rumbo-msg-error" in panel.message.value else ""


# --- the action planner (main widget) -------------------------------------------------------


def test_planner_is_the_main_widget_and_accessible(example, plan_path):
    panel = build_action_planner(example, plan_path)
    assert "rumbo-main" in panel._dom_classes
    for name, control in panel.controls.items():
        assert control.description, name
    assert "Cabe" in panel.message.value and "Tu plan de acción" in panel.result.value


def test_typing_hours_updates_cost_and_fit(example, plan_path):
    panel = build_action_planner(example, plan_path)
    before = panel.result.value
    panel.controls["hours_0"].value = 1
    assert panel.result.value != before
    assert panel.actions.total_hours == pytest.approx(1 + 4.5 + 3.75)
    panel.controls["hours_0"].value = 100
    assert "No cabe" in panel.message.value
    assert panel.actions.fits is False


@pytest.mark.parametrize("field,value,expected", [
    ("hours_0", -1, "negativas"),
    ("hours_1", "mucho", "no es un número"),
    ("hours_2", 1000, "168"),
    ("action_0", "", "falta la acción"),
    ("action_1", "   ", "falta la acción"),
    ("action_2", "x" * 500, "demasiado larga"),
])
def test_bad_input_is_a_message_and_nothing_is_lost(example, plan_path, field, value, expected):
    panel = build_action_planner(example, plan_path)
    other = panel.controls["action_0" if field != "action_0" else "action_1"].value
    panel.controls[field].value = value
    assert expected in errors(panel)
    assert "Traceback" not in panel.message.value
    assert panel.result.value == ""
    assert panel.controls[field].value == value or panel.controls[field].text.value == value
    assert panel.controls["action_0" if field != "action_0" else "action_1"].value == other
    panel.controls["save"].click()
    assert "No he guardado nada" in panel.message.value
    assert not plan_path.exists()


def test_zero_hours_is_allowed_with_a_note(example, plan_path):
    panel = build_action_planner(example, plan_path)
    panel.controls["hours_2"].value = 0
    assert "0 horas" in panel.message.value and not errors(panel)


def test_save_writes_actions_into_the_objectives(saved, example):
    panel = build_action_planner(plan_file.load_plan(saved), saved)
    panel.controls["action_0"].value = "Stories diarias con el taller"
    panel.controls["hours_0"].value = 2.5
    panel.controls["save"].click()
    assert "guardadas" in panel.message.value
    objectives = plan_file.load_plan(saved)["objectives"]
    assert objectives[0]["action"] == "Stories diarias con el taller"
    assert objectives[0]["hours_per_week"] == 2.5
    assert objectives[1]["kpi"] == example["objectives"][1]["kpi"]  # the rest kept


def test_without_objectives_the_example_is_shown_and_never_saved_as_hers(plan_path):
    profile = example_plan("panaderia")["profile"]
    panel = build_action_planner({}, plan_path, profile=profile, business="panaderia")
    assert "negocio de ejemplo «Panadería Goikoa»" in panel.message.value
    for i in range(3):
        assert panel.controls[f"action_{i}"].value  # prefilled suggestions
    panel.controls["save"].click()
    assert "no los guardo como tuyos" in panel.message.value and panel.saved is None
    assert not plan_path.exists()
    export = build_plan_export(panel, plan_path, profile=profile, clock=CLOCK)
    export.controls["save"].click()  # the document still comes out, objectives «por hacer»
    assert export.written and "objectives" not in plan_file.load_plan(plan_path)


def test_objectives_without_actions_get_a_suggestion(plan_path):
    plan = {"profile": {"hours_per_week": 4, "hourly_cost": 10, "currency": "EUR"},
            "objectives": [{"text": "Más visitas", "kpi": "web_visits", "target": 100,
                            "deadline": "2026-06-30"}, {"text": "Otro", "kpi": "rarísimo"}]}
    panel = build_action_planner(plan, plan_path)
    assert panel.controls["action_0"].value.startswith("Enlace")
    assert panel.controls["action_1"].value
    assert panel.controls["hours_0"].value == 2 and not errors(panel)


def test_saving_over_a_corrupt_plan_reports_it(example, plan_path):
    plan_path.parent.mkdir(parents=True)
    plan_path.write_text("{roto", encoding="utf-8")
    panel = build_action_planner(example, plan_path)
    panel.controls["save"].click()
    assert "dañado" in panel.message.value and "ya está en el plan nuevo" in panel.message.value
    assert plan_file.load_plan(plan_path)["objectives"]


# --- the review -----------------------------------------------------------------------------


def test_review_of_a_complete_plan(saved):
    panel = build_plan_review(saved)
    assert "sin incoherencias" in panel.message.value
    assert "Tu plan, sección a sección" in panel.result.value
    assert "¿Cuadra tu plan?" in panel.result.value


def test_review_of_a_missing_plan_is_all_to_do(plan_path):
    panel = build_plan_review(plan_path)
    assert "0 %" in panel.message.value and not errors(panel)
    assert panel.result.value.count("por hacer") >= 9


def test_review_reload_sees_new_problems(saved):
    panel = build_plan_review(saved)
    plan = plan_file.load_plan(saved)
    plan["time_budget"]["monthly_cost"] = 1
    plan_file.save_plan(plan, saved)
    panel.controls["reload"].click()
    assert "revisar" in panel.message.value and "no cuadra" in panel.result.value


def test_review_of_a_corrupt_plan_sets_it_aside(plan_path):
    plan_path.parent.mkdir(parents=True)
    plan_path.write_text("[1, 2", encoding="utf-8")
    panel = build_plan_review(plan_path)
    assert "dañado" in errors(panel)
    assert (plan_path.parent / "mi_plan.json.corrupt-1").exists()


# --- the self-audit ---------------------------------------------------------------------------


KEYS = ("relationships", "metrics", "time", "silo", "noise", "offline", "change")


def test_audit_starts_empty_and_only_suggests(example):
    """Before she touches it nothing is answered (no «4 / 7»); her plan's suggestion is
    shown under each question, not chosen for her."""
    panel = build_self_audit(example)
    assert all(panel.controls[k].value == "" for k in KEYS)
    assert panel.score["avoided"] == panel.score["fallen"] == panel.score["unsure"] == 0
    assert panel.score["unanswered"] == 7 and "0 / 7" in panel.result.value
    assert "Responde las siete preguntas" in panel.message.value
    assert "Lo que sugiere tu plan: «Lo evito»" in panel.controls["info_time"].value


def test_audit_score_follows_the_answers(example):
    panel = build_self_audit(example)
    for key in KEYS:
        panel.controls[key].value = "avoid"
    assert panel.score["avoided"] == 7 and "7 / 7" in panel.result.value
    panel.controls["silo"].value = "fall"
    assert panel.score["fallen"] == 1 and "Caes en 1 error" in panel.message.value
    panel.controls["noise"].value = "unsure"
    assert panel.score["unsure"] == 1
    panel.controls["noise"].value = ""
    assert "Te queda 1 pregunta por responder" in panel.message.value
    for key in KEYS:
        assert panel.controls[key].description


def test_audit_without_an_answer_is_a_message(example):
    panel = build_self_audit(example)
    panel.controls["time"].value = None
    assert "Lo evito" in errors(panel)


def test_audit_of_an_empty_plan_shows_no_evidence():
    panel = build_self_audit({})
    assert "todavía no dice nada" in panel.controls["info_relationships"].value
    assert "sugiere" not in panel.controls["info_relationships"].value
    assert panel.score["unanswered"] == 7


# --- the document ---------------------------------------------------------------------------

CLOCK = lambda: datetime(2026, 1, 7, 10, tzinfo=timezone.utc)  # noqa: E731


def test_export_saves_and_writes_the_document_and_calendar(saved):
    planner = build_action_planner(plan_file.load_plan(saved), saved)
    panel = build_plan_export(planner, saved, clock=CLOCK)
    planner.controls["hours_0"].value = 3
    panel.controls["save"].click()
    assert "Documento guardado" in panel.message.value
    names = sorted(p.name for p in panel.written)
    assert names == ["mi_plan.html", "mi_rutina.ics"]
    assert "download=\"mi_plan.html\"" in panel.children[-1].value
    assert plan_file.load_plan(saved)["objectives"][0]["hours_per_week"] == 3
    assert "DTSTART;TZID=Europe/Madrid:20260112" in (saved.parent / "mi_rutina.ics").read_text()


def test_export_all_formats(saved):
    panel = build_plan_export(None, saved, clock=CLOCK)
    panel.controls["format"].value = "all"
    panel.controls["save"].click()
    assert sorted(p.suffix for p in panel.written) == [".html", ".ics", ".md", ".pdf"]


def test_export_stops_when_the_actions_are_wrong(saved):
    planner = build_action_planner(plan_file.load_plan(saved), saved)
    planner.controls["hours_0"].value = -3
    panel = build_plan_export(planner, saved, clock=CLOCK)
    panel.controls["save"].click()
    assert "No he podido guardar tus acciones" in errors(panel)
    assert panel.written == [] and not (saved.parent / "mi_plan.html").exists()


def test_export_of_an_empty_plan_says_what_is_missing(plan_path):
    panel = build_plan_export(None, plan_path, profile=example_plan("panaderia")["profile"],
                              clock=CLOCK)
    panel.controls["save"].click()
    assert f"faltan {len(SECTIONS) - 1} secciones" in panel.message.value  # all but the profile
    assert "Panadería Goikoa" in (plan_path.parent / "mi_plan.html").read_text(encoding="utf-8")


def test_export_with_no_format_is_a_message(saved):
    panel = build_plan_export(None, saved, clock=CLOCK)
    panel.controls["format"].value = None
    panel.controls["save"].click()
    assert "Elige un formato" in errors(panel)


def test_english_labels(example, plan_path):
    from rumbo.core.i18n import set_language

    set_language("en")
    panel = build_action_planner(example, plan_path)
    assert "It fits" in panel.message.value and "Your action plan" in panel.result.value
    json.dumps(panel.actions.rows[0].__dict__)
