"""Module 4: callback latency of the editorial calendar and the pure functions behind it.

    PYTHONPATH=. .venv/bin/pytest benchmarks/bench_content.py --benchmark-only -q

Callback benchmarks change one control (cycling values so every round is a real change) and
read the rendered result, as a learner's keystroke would.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from benchmarks.widget_timing import toggle as _toggle

from rumbo import content as C
from rumbo.data import load_dataset
from rumbo.data.profile import example_profile
from rumbo.widgets.content import build_content_planner

BUSINESS = "cosmetica"  # the largest bundled business: the slowest case
NOW = datetime(2026, 3, 4, 10, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def planner(tmp_path_factory):
    plan = tmp_path_factory.mktemp("plan") / "mi_plan.json"
    return build_content_planner(example_profile(BUSINESS), {}, plan, business=BUSINESS,
                                 clock=lambda: NOW)




def test_bench_capacity_keystroke(benchmark, planner):
    _toggle(benchmark, planner.controls["capacity"], [200, 400, 2000], lambda: planner.result.value)


def test_bench_batching_toggle(benchmark, planner):
    _toggle(benchmark, planner.controls["batching"], [True, False], lambda: planner.result.value)


def test_bench_formats_table(benchmark):
    posts, log = load_dataset(BUSINESS, "posts"), load_dataset(BUSINESS, "time_log")
    benchmark(lambda: C.format_minutes(posts, log).join(C.format_returns(posts)))
