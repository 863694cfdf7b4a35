"""Module 5: callback latency of the routine planner and the habit tracker, plus the pure
functions the course and the buttons call (consistency on a year of posts, the stop model,
the calendar export).

    PYTHONPATH=. .venv/bin/pytest benchmarks/bench_upkeep.py --benchmark-only -q

Callback benchmarks change one control (cycling values so every round is a real change) and
read the rendered result, as a learner's keystroke or click would.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from benchmarks.widget_timing import ROUNDS, toggle as _toggle

from rumbo import upkeep as U
from rumbo.data import load_dataset
from rumbo.data.profile import example_profile
from rumbo.widgets import upkeep as W

BUSINESS = "cosmetica"  # the largest bundled business: the slowest case
NOW = datetime(2026, 3, 4, 10, tzinfo=timezone.utc)






def _click(benchmark, button, read):
    def step():
        button.click()
        return read()

    return benchmark.pedantic(step, rounds=ROUNDS, iterations=1, warmup_rounds=2)


@pytest.fixture(scope="module")
def planner(tmp_path_factory):
    plan = tmp_path_factory.mktemp("plan") / "mi_plan.json"
    return W.build_routine_planner(example_profile(BUSINESS), {}, plan, clock=lambda: NOW)


@pytest.fixture(scope="module")
def tracker(tmp_path_factory):
    return W.build_habit_tracker({}, tmp_path_factory.mktemp("habit") / "mi_plan.json")


def test_planner_budget(benchmark, planner):
    _toggle(benchmark, planner.controls["budget"], [1, 2.5, 4, 10], lambda: planner.result.value)
    assert "Total a la semana" in planner.result.value


def test_planner_grid_cell(benchmark, planner):
    _toggle(benchmark, planner.controls["wed_listen"], [0, 15, 30], lambda: planner.result.value)


def test_planner_network(benchmark, planner):
    _toggle(benchmark, planner.controls["net_tiktok"], [True, False], lambda: planner.result.value)


def test_planner_bad_input(benchmark, planner):
    _toggle(benchmark, planner.controls["mon_publish"], [-5, 15], lambda: planner.message.value)
    planner.controls["mon_publish"].value = 15


def test_planner_save(benchmark, planner):
    _click(benchmark, planner.controls["save"], lambda: planner.message.value)
    assert "Rutina guardada" in planner.message.value


def test_planner_calendar(benchmark, planner):
    _click(benchmark, planner.controls["calendar"], lambda: planner.downloads.value)
    assert "text/calendar" in planner.downloads.value


def test_planner_checklist(benchmark, planner):
    _click(benchmark, planner.controls["checklist"], lambda: planner.downloads.value)


def test_habit_tick(benchmark, tracker):
    _toggle(benchmark, tracker.controls["w2_thu"], [True, False], lambda: tracker.result.value)


def test_habit_save(benchmark, tracker):
    _click(benchmark, tracker.controls["save"], lambda: tracker.message.value)


def test_consistency_summary(benchmark):
    posts = load_dataset(BUSINESS, "posts")
    benchmark(U.consistency_summary, posts, 3, None, "2025-01-01", "2025-12-31")


def test_simulate_stop_two_years(benchmark):
    benchmark(U.simulate_stop, 5000, 104, 4, 3)


def test_routine_to_ics(benchmark):
    routine = U.suggested_routine(10, ["facebook", "instagram", "tiktok"])
    benchmark(U.routine_to_ics, routine, date(2026, 3, 9), NOW, "Rumbo")


def test_suggest_cuts_full_week(benchmark):
    grid = {d: {t: 30 for t in U.TASKS} for d in U.DAYS}
    benchmark(U.suggest_cuts, grid, 60)
