"""Latency of the module 3 widgets' callbacks (target: median well under 50 ms), and of the
heavier pure functions behind them.

    PYTHONPATH=. .venv/bin/pytest benchmarks/bench_timecost.py --benchmark-only -q
"""

from itertools import count

import pytest

from rumbo import timecost as tc
from rumbo.data import load_dataset
from rumbo.data.profile import example_profile
from rumbo.widgets.timecost import build_options, build_roi, build_time_inventory

BUSINESS = "cosmetica"  # the largest bundled time log


@pytest.fixture(scope="module")
def profile():
    return example_profile(BUSINESS)


def changer(panel, name, values):
    field, steps = panel.controls[name], count()

    def change():
        field.value = values[next(steps) % len(values)]
        return panel.result.value

    return change


def test_inventory_refresh(benchmark, profile, tmp_path):
    panel = build_time_inventory(profile, tmp_path / "plan.json",
                                 example_hours=tc.typical_week(load_dataset(BUSINESS, "time_log")),
                                 ranges=tc.task_range_notes())
    assert "Coste total" in benchmark(changer(panel, "content_creation", [1.0, 2.5, 4.0, 6.5]))


def test_inventory_refresh_error(benchmark, profile, tmp_path):
    panel = build_time_inventory(profile, tmp_path / "plan.json")
    benchmark(changer(panel, "hourly_cost", [-1.0, -2.0]))
    assert "negativo" in panel.message.value


def test_inventory_save(benchmark, profile, tmp_path):
    panel = build_time_inventory(profile, tmp_path / "plan.json")
    benchmark(panel.controls["save"].click)
    assert "Guardado" in panel.message.value


def test_options_refresh(benchmark, profile):
    fees = tc.fee_defaults(profile["currency"], profile["hourly_cost"])
    panel = build_options(profile, fees=fees, source_note=fees["note"])
    assert "compensa" in benchmark(changer(panel, "hourly_cost", [10.0, 20.0, 35.0, 60.0]))


def test_roi_refresh(benchmark, profile):
    panel = build_roi(BUSINESS, profile)
    assert "ROI" in benchmark(changer(panel, "hourly_cost", [0.0, 10.0, 20.0, 40.0]))


def test_roi_attribution(benchmark, profile):
    panel = build_roi(BUSINESS, profile)
    benchmark(changer(panel, "attribution", ["assisted", "last_click"]))


def test_results_from_data(benchmark):
    """The data work behind the ROI widget (done once per attribution, then cached)."""
    assert benchmark(tc.results, BUSINESS).orders > 0


def test_task_range_notes(benchmark):
    """Built once per notebook, for the notes beside each task."""
    assert len(benchmark(tc.task_range_notes)) == len(tc.TASKS)
