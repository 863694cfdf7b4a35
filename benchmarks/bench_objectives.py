"""Callback latency of the module 1 widgets and their heavy pure functions, on bundled data.

    PYTHONPATH=. .venv/bin/pytest benchmarks/bench_objectives.py --benchmark-only -q

Each callback benchmark sets one control (alternating two values so every round is a real
change) and reads the rendered result, exactly as a learner's keystroke would.
"""

from __future__ import annotations

from datetime import date

import pytest

from benchmarks.widget_timing import ROUNDS, toggle as _toggle

from rumbo import objectives as obj
from rumbo.data.profile import example_profile
from rumbo.views import objectives as objectives_views
from rumbo.widgets import objectives as w

TODAY = date(2026, 1, 1)


@pytest.fixture(scope="module")
def profile():
    return example_profile("panaderia")




def test_reality_check_callback(benchmark, profile):
    panel = w.build_reality_check(profile)
    _toggle(benchmark, panel.controls["target"], [1_000_000, 5000],
            lambda: panel.result.value + panel.svg)
    assert "role=\"alert\"" not in panel.message.value


def test_reality_check_bad_input_callback(benchmark, profile):
    panel = w.build_reality_check(profile)
    _toggle(benchmark, panel.controls["months"], [0, 6], lambda: panel.message.value or "ok")


def test_event_check_callback(benchmark, profile):
    panel = w.build_event_check(profile)
    _toggle(benchmark, panel.controls["days"], [5, 30], lambda: panel.result.value)


def test_quality_lab_callback(benchmark):
    panel = w.build_quality_lab()
    _toggle(benchmark, panel.controls["rate_b"], [2, 3], lambda: panel.result.value)


def test_planner_callback(benchmark, profile):
    panel = w.build_objectives_planner(profile, today=TODAY)
    panel.controls["goal"].value = "awareness"
    panel.controls["deadline"].value = date(2026, 12, 31)
    _toggle(benchmark, panel.controls["target"], ["1500", "1400"], lambda: panel.result.value)


def test_planner_add_remove(benchmark, profile, tmp_path):
    panel = w.build_objectives_planner(profile, tmp_path / "plan.json", today=TODAY)
    panel.controls["goal"].value = "awareness"
    panel.controls["target"].value = "1400"
    panel.controls["deadline"].value = date(2026, 12, 31)

    def step():
        panel.controls["add"].click()
        panel.controls["remove"].click()
        return panel.message.value

    benchmark.pedantic(step, rounds=ROUNDS, iterations=1, warmup_rounds=2)


def test_planner_save(benchmark, profile, tmp_path):
    panel = w.build_objectives_planner(profile, tmp_path / "plan.json", today=TODAY)
    panel.controls["goal"].value = "awareness"
    panel.controls["target"].value = "1400"
    panel.controls["deadline"].value = date(2026, 12, 31)
    panel.controls["add"].click()

    def step():
        panel.controls["save"].click()
        return panel.message.value

    assert "guardados" in benchmark.pedantic(step, rounds=ROUNDS, iterations=1, warmup_rounds=2)


def test_reality_check_pure(benchmark):
    benchmark.pedantic(lambda: obj.reality_rows(obj.reality_check(100, 1_000_000, 3)),
                       rounds=ROUNDS, iterations=1, warmup_rounds=2)


def test_trajectory_svg(benchmark):
    check = obj.reality_check(100, 1_000_000, 120)
    benchmark.pedantic(lambda: objectives_views.trajectory_svg(check), rounds=ROUNDS, iterations=1, warmup_rounds=2)


def test_trajectory_figure_static(benchmark):
    """The matplotlib chart of the notebook (not in a callback): for the record."""
    import io

    check = obj.reality_check(100, 1_000_000, 3)

    def render():
        fig = objectives_views.trajectory_figure(check)
        fig.savefig(io.BytesIO(), format="png")

    benchmark.pedantic(render, rounds=5, iterations=1)
