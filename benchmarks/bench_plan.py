"""Module 7: latency of each widget callback (target: median well under 50 ms) and of the
renderers behind the «crear el documento» button (seconds: a click, not a keystroke)."""

from __future__ import annotations

import copy
from datetime import datetime, timezone

import pytest

from rumbo.data import plan as plan_file
from rumbo import plan_review
from rumbo.views import plan_document
from rumbo.plan_example import example_plan
from rumbo.widgets.plan import (build_action_planner, build_plan_export, build_plan_review,
                                build_self_audit)

EXAMPLE = example_plan("cosmetica", "es")


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "mi_plan.json"
    plan_file.save_plan(copy.deepcopy(EXAMPLE), path)
    return path


def test_planner_hours(benchmark, saved):
    panel = build_action_planner(EXAMPLE, saved)
    field = panel.controls["hours_0"]
    values = iter(range(10**9))

    def change():
        field.value = next(values) % 8 + 0.5
        return panel.result.value

    assert "Tu plan de acción" in benchmark(change)


def test_planner_action_text(benchmark, saved):
    panel = build_action_planner(EXAMPLE, saved)
    field = panel.controls["action_1"]
    values = iter(range(10**9))

    def change():
        field.value = f"Acción {next(values)}"
        return panel.result.value

    assert "Acción" in benchmark(change)


def test_planner_save(benchmark, saved):
    panel = build_action_planner(EXAMPLE, saved)
    benchmark(panel.controls["save"].click)
    assert "guardadas" in panel.message.value


def test_review_reload(benchmark, saved):
    panel = build_plan_review(saved)
    benchmark(panel.controls["reload"].click)
    assert "¿Cuadra tu plan?" in panel.result.value


def test_audit_answer(benchmark):
    panel = build_self_audit(EXAMPLE)
    field = panel.controls["silo"]
    values = iter(range(10**9))

    def change():
        field.value = ("avoid", "fall", "unsure")[next(values) % 3]
        return panel.result.value

    assert "puntuación" in benchmark(change)


def test_consistency_and_audit(benchmark):
    benchmark(lambda: (plan_review.consistency(EXAMPLE), plan_review.self_audit(EXAMPLE)))


def test_render_markdown(benchmark):
    assert "## 8." in benchmark(plan_document.render_markdown, EXAMPLE)


def test_render_html(benchmark):
    assert "mi" in benchmark.pedantic(plan_document.render_html, (EXAMPLE,), rounds=5, iterations=1).lower()


def test_render_pdf(benchmark):
    assert benchmark.pedantic(plan_document.render_pdf, (EXAMPLE,), rounds=3, iterations=1).startswith(b"%PDF")


def test_export_html_click(benchmark, saved):
    panel = build_plan_export(None, saved, clock=lambda: datetime(2026, 1, 7, tzinfo=timezone.utc))
    benchmark.pedantic(panel.controls["save"].click, rounds=5, iterations=1)
    assert "Documento guardado" in panel.message.value
