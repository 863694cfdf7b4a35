"""Module 2: callback latency of the metric widgets, the importer on a 100,000-row export and
the explorer refresh on 10,000 posts.

    PYTHONPATH=. .venv/bin/pytest benchmarks/bench_metrics.py --benchmark-only -q

Callback benchmarks set one control (alternating values so every round is a real change) and
read the rendered result, as a learner's click or keystroke would. "uncached" benchmarks clear
the explorer's table cache before every round, so they time the full computation.
"""

from __future__ import annotations

import datetime
from itertools import cycle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from benchmarks.widget_timing import toggle as _toggle

from rumbo import metrics as m
from rumbo.data import read_posts
from rumbo.data.importers import to_meta_export
from rumbo.widgets import metrics as w

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "exports" / "meta_instagram.csv"


def synthetic_posts(n: int, seed: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    reach = rng.lognormal(7, 1, n).round() + 1
    return pd.DataFrame({
        "published_at": pd.Timestamp("2024-01-01") + pd.to_timedelta(
            rng.integers(0, 2 * 365 * 24 * 60, n), unit="min"),
        "network": rng.choice(["facebook", "instagram", "tiktok"], n),
        "post_type": rng.choice(["photo", "video", "link", "status", "reel", "carousel"], n),
        "reach": reach, "impressions": (reach * 1.3).round(),
        "likes": rng.poisson(reach * 0.02).astype(float), "comments": rng.poisson(3, n).astype(float),
        "shares": rng.poisson(2, n).astype(float), "saves": rng.poisson(1, n).astype(float),
        "clicks": rng.poisson(reach * 0.004).astype(float), "followers": 5000.0,
    })




@pytest.fixture(scope="module")
def big_export() -> bytes:
    return to_meta_export(synthetic_posts(100_000))


def test_read_posts_100k_rows(benchmark, big_export):
    frame = benchmark.pedantic(read_posts, args=(big_export,), rounds=5, iterations=1)
    assert len(frame) == 100_000
    assert benchmark.stats.stats.median < 2.0


def test_explorer_refresh_10k_posts_uncached(benchmark):
    panel = w.build_metric_explorer("panaderia", posts=synthetic_posts(10_000))
    values = cycle(["network", "weekday", "hour", "month", "post_type", "none"])

    def setup():
        w._TABLES.clear()
        return (), {}

    def step():
        panel.controls["by"].value = next(values)
        return panel.result.value

    benchmark.pedantic(step, setup=setup, rounds=30, iterations=1)
    assert "rumbo-msg-error" not in panel.message.value
    assert benchmark.stats.stats.median < 0.1


def test_explorer_target_callback(benchmark):
    panel = w.build_metric_explorer("cosmetica")
    _toggle(benchmark, panel.controls["target"], [2.5, 3.5], lambda: panel.result.value)


def test_explorer_grouping_callback_uncached(benchmark):
    panel = w.build_metric_explorer("cosmetica")
    values = cycle(["network", "weekday", "hour", "month", "post_type", "none"])

    def step():
        w._TABLES.clear()
        panel.controls["by"].value = next(values)
        return panel.result.value

    assert benchmark(step)


def test_explorer_metric_callback(benchmark):
    panel = w.build_metric_explorer("ferreteria")
    _toggle(benchmark, panel.controls["count"], ["clicks", "engagements", "likes"],
            lambda: panel.result.value)


def test_explorer_source_callback(benchmark):
    panel = w.build_metric_explorer("panaderia")
    _toggle(benchmark, panel.controls["source"], ["cosmetica", "ferreteria", "panaderia"],
            lambda: panel.result.value)


def test_explorer_upload_callback(benchmark):
    panel = w.build_metric_explorer("panaderia")
    raw = FIXTURE.read_bytes()
    names = cycle(["a.csv", "b.csv"])

    def step():
        panel.controls["upload"].value = ({"name": next(names), "type": "text/csv",
                                           "size": len(raw), "content": memoryview(raw),
                                           "last_modified": datetime.datetime(2025, 1, 1)},)
        return panel.message.value

    assert "He leído" in benchmark(step)


def test_explorer_add_kpi_and_save(benchmark, tmp_path):
    panel = w.build_metric_explorer("panaderia")
    saver = w.build_kpi_saver(panel, tmp_path / "plan.json")

    def step():
        panel.controls["add"].click()
        saver.controls["save"].click()
        return saver.message.value

    assert "rumbo-msg-ok" in benchmark(step)


def test_vanity_quiz_callback(benchmark):
    panel = w.build_vanity_quiz()
    answers = cycle(["vanity", "value"])

    def step():
        panel.controls["followers"].value = next(answers)
        panel.controls["check"].click()
        return panel.result.value

    assert benchmark(step)


def test_quality_money_callback(benchmark):
    panel = w.build_quality_money("EUR", 20000, 12)
    _toggle(benchmark, panel.controls["cut"], [70.0, 50.0], lambda: panel.result.value)


def test_worked_examples(benchmark):
    assert len(benchmark(m.worked_examples, "cosmetica")) > 10
