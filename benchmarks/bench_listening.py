"""Module 6: callback latency of the crisis radar, triage, comment tester, reach predictor and
listening plan, plus the heavy pure functions (fitting the reach model, z-scores, forecast).

    PYTHONPATH=. .venv/bin/pytest benchmarks/bench_listening.py --benchmark-only -q

Callback benchmarks change one control (cycling values so every round is a real change) and
read the rendered result, as a learner's keystroke or click would. Widgets are built once
(data loaded, model fitted and the chart's static part drawn, all cached per business).
"""

from __future__ import annotations


import pytest

from benchmarks.widget_timing import toggle as _toggle

from rumbo import listening as L
from rumbo import predict as P
from rumbo.data import load_dataset
from rumbo.widgets import listening as W

BUSINESS = "cosmetica"  # the largest bundled business: the slowest case




@pytest.fixture(scope="module")
def radar():
    return W.build_crisis_radar(BUSINESS)


@pytest.fixture(scope="module")
def predictor():
    return W.build_reach_predictor(BUSINESS)


@pytest.fixture(scope="module")
def plan_panel(tmp_path_factory):
    return W.build_listening_plan(BUSINESS, tmp_path_factory.mktemp("plan") / "mi_plan.json")


def test_radar_threshold(benchmark, radar):
    _toggle(benchmark, radar.controls["threshold"], [2.0, 2.5, 3.0, 3.5], lambda: radar.result.value)


def test_radar_window_cached(benchmark, radar):
    _toggle(benchmark, radar.controls["window"], [14, 21, 28], lambda: radar.result.value)


def test_radar_bad_threshold(benchmark, radar):
    _toggle(benchmark, radar.controls["threshold"], [0.0, 3.0], lambda: radar.message.value)


def test_predictor_hour(benchmark, predictor):
    _toggle(benchmark, predictor.controls["hour"], [9, 13, 18, 21], lambda: predictor.result.value)


def test_predictor_network(benchmark, predictor):
    _toggle(benchmark, predictor.controls["network"], ["instagram", "facebook", "tiktok"],
            lambda: predictor.result.value)


def test_plan_target(benchmark, plan_panel):
    _toggle(benchmark, plan_panel.controls["median_minutes"], [30, 60, 90],
            lambda: plan_panel.result.value)


def test_plan_save(benchmark, plan_panel):
    def step():
        plan_panel.controls["save"].click()
        return plan_panel.message.value

    benchmark(step)


def test_triage_check(benchmark):
    panel = W.build_triage()
    for i, (_text, expected) in enumerate(L.TRIAGE_EXAMPLES):
        panel.controls[f"choice_{i}"].value = expected

    def step():
        panel.controls["check"].click()
        return panel.result.value

    benchmark(step)


def test_comment_tester(benchmark):
    panel = W.build_comment_tester()
    panel.controls["comment"].value = "El pedido 4411 llegó roto y nadie contesta. ¡Qué vergüenza!"

    def step():
        panel.controls["classify"].click()
        return panel.result.value

    benchmark(step)


# --- heavy pure functions (run once per business, cached) -----------------------------------

def test_fit_reach_model(benchmark):
    posts = load_dataset(BUSINESS, "posts")
    benchmark.pedantic(P.build_reach_model, args=(posts,), rounds=5, iterations=1)


def test_crisis_scores(benchmark):
    daily = L.negative_daily(BUSINESS)
    benchmark(L.crisis_scores, daily, 28)


def test_next_week_mentions(benchmark):
    daily = L.mentions_daily(BUSINESS)
    benchmark(P.next_week_mentions, daily)
