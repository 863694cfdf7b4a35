"""Module 2 widgets, headless: set values, click, read messages; every bad input a message."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from rumbo.metrics import VANITY_QUIZ
from rumbo.views.metrics import engaged_comparison_html
from rumbo.widgets.metrics import (build_kpi_saver, build_metric_explorer, build_quality_money,
                                   build_vanity_quiz)

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


def upload_value(name: str) -> tuple:
    raw = (EXPORTS / name).read_bytes()
    return ({"name": name, "type": "text/csv", "size": len(raw), "content": memoryview(raw),
             "last_modified": datetime.datetime(2025, 1, 1)},)


@pytest.fixture
def explorer(plan_path):
    return build_metric_explorer("panaderia", plan_path)


def test_explorer_starts_with_a_table_a_chart_and_no_error(explorer):
    assert "rumbo-main" in explorer._dom_classes
    assert "Tasa de interacción por alcance" in explorer.result.value
    assert "error" not in explorer.message.value
    chart = explorer.chart.outputs[0]["data"]["text/html"]
    assert chart.startswith("<svg") and "aria-label=" in chart  # inline SVG with a text alternative
    assert all(c.description for c in explorer.controls.values())


def test_every_control_changes_the_table(explorer):
    seen = {explorer.result.value}
    for name, value in [("by", "network"), ("by", "weekday"), ("by", "hour"), ("by", "month"),
                        ("by", "none"), ("aggregate", "median"), ("aggregate", "mean_of_ratios"),
                        ("denominator", "followers"), ("denominator", "impressions"),
                        ("count", "clicks"), ("denominator", "posts"), ("count", "comments"),
                        ("source", "cosmetica"), ("target", 7.0)]:
        explorer.controls[name].value = value
        assert "error" not in explorer.message.value, (name, value, explorer.message.value)
        assert explorer.result.value not in seen
        seen.add(explorer.result.value)


@pytest.mark.parametrize("target, words", [(0.0, "mayor que cero"), (-3.0, "negativo"),
                                           (250.0, "100 %"), ("mucho", "no es un número"),
                                           ("", "Falta un número")])
def test_bad_targets_are_messages_and_the_table_stays(explorer, target, words):
    explorer.controls["target"].value = target
    assert "rumbo-msg-error" in explorer.message.value and words in explorer.message.value
    assert "<table" in explorer.result.value
    explorer.controls["add"].click()
    assert explorer.kpis == [] and words in explorer.message.value


def test_impossible_metric_is_a_message(explorer):
    explorer.controls["count"].value = "impressions"
    explorer.controls["denominator"].value = "impressions"
    assert "siempre da 1" in explorer.message.value


def test_add_kpis_and_save_them_to_the_plan(explorer, plan_path):
    saver = build_kpi_saver(explorer, plan_path)
    saver.controls["save"].click()
    assert "Añade al menos un KPI" in saver.message.value and not plan_path.exists()
    explorer.controls["target"].value = 4.0
    explorer.controls["add"].click()
    explorer.controls["count"].value = "clicks"
    explorer.controls["denominator"].value = "impressions"
    explorer.controls["target"].value = 0.6
    explorer.controls["add"].click()
    explorer.controls["add"].click()  # same metric again replaces, not duplicates
    assert [k["name"] for k in explorer.kpis] == ["Tasa de interacción por alcance",
                                                  "CTR (clics / impresiones)"]
    assert "CTR" in saver.result.value
    saver.controls["save"].click()
    assert "rumbo-msg-ok" in saver.message.value
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    assert [k["target"] for k in plan["kpis"]] == [0.04, 0.006]
    assert set(plan["kpis"][0]) >= {"name", "formula", "denominator", "current", "target"}
    saver.controls["remove"].click()
    assert len(explorer.kpis) == 1


def test_a_kpi_measured_on_the_example_is_saved_without_the_example_s_value(explorer, plan_path):
    """Today's value of a KPI chosen on a bundled business is the example's: it is left
    blank (and she is told); measured on her own upload it is hers and kept."""
    saver = build_kpi_saver(explorer, plan_path)
    explorer.controls["add"].click()
    assert "de un negocio de ejemplo, no el tuyo" in explorer.message.value
    saver.controls["save"].click()
    assert json.loads(plan_path.read_text(encoding="utf-8"))["kpis"][0]["current"] is None
    explorer.controls["upload"].value = upload_value("meta_instagram.csv")
    explorer.controls["add"].click()
    assert explorer.kpis[-1]["current"] is not None and "ejemplo" not in explorer.message.value


def test_reopened_explorer_keeps_her_saved_kpis(explorer, plan_path):
    explorer.controls["target"].value = 4.0
    explorer.controls["add"].click()
    build_kpi_saver(explorer, plan_path).controls["save"].click()
    saved = json.loads(plan_path.read_text(encoding="utf-8"))["kpis"]
    again = build_metric_explorer("panaderia", plan_path, saved=saved)
    assert again.kpis == saved and "Tus KPI elegidos" in again.kpi_list.value
    again.controls["count"].value = "clicks"
    again.controls["denominator"].value = "impressions"
    again.controls["add"].click()
    build_kpi_saver(again, plan_path).controls["save"].click()
    assert len(json.loads(plan_path.read_text(encoding="utf-8"))["kpis"]) == 2  # added, not replaced


def test_corrupt_plan_is_set_aside_and_the_kpis_still_saved(explorer, plan_path):
    plan_path.parent.mkdir(parents=True)
    plan_path.write_text("{not json", encoding="utf-8")
    saver = build_kpi_saver(explorer, plan_path)
    explorer.controls["add"].click()
    saver.controls["save"].click()
    assert "dañado" in saver.message.value
    assert json.loads(plan_path.read_text(encoding="utf-8"))["kpis"]


@pytest.mark.parametrize("name", ["meta_facebook.csv", "meta_instagram.csv", "insights_legacy.csv",
                                  "hoja_latin1.csv", "meta_facebook_utf16.txt"])
def test_upload_runs_the_explorer_on_the_learners_data(explorer, name):
    explorer.controls["upload"].value = upload_value(name)
    assert explorer.controls["source"].value == "own"
    assert "He leído" in explorer.message.value
    assert name in dict((v, k) for k, v in explorer.controls["source"].options)["own"]
    for by in ("network", "weekday", "hour", "month", "post_type"):
        explorer.controls["by"].value = by
        assert "<table" in explorer.result.value


@pytest.mark.parametrize("name, words", [("empty.csv", "vacío"), ("image.png", "no es texto"),
                                         ("libro.xlsx", "Excel"), ("unknown.csv", "No reconozco"),
                                         ("bad_numbers.csv", "Alcance")])
def test_bad_uploads_are_messages_and_nothing_is_lost(explorer, name, words):
    before = explorer.result.value
    explorer.controls["upload"].value = upload_value(name)
    assert words in explorer.message.value and "rumbo-msg-error" in explorer.message.value
    assert explorer.controls["source"].value == "panaderia"
    assert explorer.result.value == before


def test_own_data_without_followers_says_so(explorer):
    explorer.controls["upload"].value = upload_value("meta_instagram.csv")
    explorer.controls["denominator"].value = "followers"
    assert "no traen seguidores" in explorer.message.value


def test_explorer_in_english(plan_path):
    from rumbo.core.i18n import set_language

    set_language("en")
    panel = build_metric_explorer("cosmetica", plan_path)
    assert "Engagement rate by reach" in panel.result.value
    assert panel.controls["add"].description == "Add to my KPIs"


def test_vanity_quiz_scores_and_explains():
    quiz = build_vanity_quiz()
    quiz.controls["check"].click()
    assert "0 de 10" in quiz.message.value and "sin responder" in quiz.message.value
    for key, _metric, right, _why in VANITY_QUIZ:
        quiz.controls[key].value = right
    quiz.controls["check"].click()
    assert "10 de 10" in quiz.message.value and "rumbo-msg-ok" in quiz.message.value
    assert "Por qué" in quiz.result.value


def test_quality_money_and_its_bad_inputs():
    panel = build_quality_money("EUR", 10000, 12)
    assert "15.000,00" in panel.result.value
    assert "rumbo-msg-ok" in panel.message.value
    for name, value, words in [("cut", 150.0, "100 %"), ("return_rate", 120.0, "100 %"),
                               ("sales", -5.0, "negativo"), ("growth", 20000.0, "100"),
                               ("sales", "mucho", "no es un número")]:
        good = panel.controls[name].value
        panel.controls[name].value = value
        assert words in panel.message.value and "rumbo-msg-error" in panel.message.value
        assert "15.000,00" in panel.result.value  # the last good result stays
        panel.controls[name].value = good
        assert "rumbo-msg-ok" in panel.message.value


def test_engaged_comparison_table():
    text = engaged_comparison_html()
    assert "500 personas" in text and "2.000 personas" in text


def test_the_example_s_sales_are_labelled_as_the_example_s():
    panel = build_quality_money("EUR", 10000, 12, example="ferreteria")
    notes = [c.value for c in panel.children if "rumbo-example-note" in c._dom_classes]
    assert len(notes) == 1 and "negocio de ejemplo" in notes[0] and "pon las tuyas" in notes[0]
    assert not any("rumbo-example-note" in c._dom_classes for c in build_quality_money().children)
