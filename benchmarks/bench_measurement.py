"""«Medir lo que vende» (module 6): callback latency of the link builder, the codes and the
measured-or-estimated table.

    PYTHONPATH=. .venv/bin/pytest benchmarks/bench_measurement.py --benchmark-only -q

Each round changes one control (cycling values, so every round is a real change) and reads the
rendered result, as a learner's keystroke would.
"""

from __future__ import annotations

from itertools import cycle

import pytest

from rumbo.data.profile import example_profile
from rumbo.widgets import measurement as W

ROUNDS = 60
PROFILE = example_profile("cosmetica")  # three networks: the most codes and links


@pytest.fixture(scope="module")
def panels():
    utm = W.build_utm_builder(PROFILE, "https://ilargi.example/", "primavera")
    for i in range(12):  # a busy month: a dozen posts with links
        utm.controls["network"].value = PROFILE["networks"][i % 3]
        utm.controls["post"].value = f"publicación {i}"
        utm.controls["add"].click()
    codes = W.build_codes_whatsapp(PROFILE)
    codes.controls["phone"].value = "+34 612 345 678"
    return utm, codes, W.build_measurement_plan(utm, codes, W.build_tally(), None)


def _cycle(benchmark, control, values, read):
    values = cycle(values)

    def step():
        control.value = next(values)
        return read()

    return benchmark.pedantic(step, rounds=ROUNDS, iterations=1, warmup_rounds=2)


def test_campaign_rewrites_twelve_links(benchmark, panels):
    utm = panels[0]
    _cycle(benchmark, utm.controls["campaign"], ["primavera", "rebajas", "navidad"],
           lambda: utm.result.value)


def test_post_name_rewrites_the_whatsapp_link(benchmark, panels):
    codes = panels[1]
    _cycle(benchmark, codes.controls["post"], ["Crema de caléndula", "Jabón de avena"],
           lambda: codes.result.value)


def test_ticking_a_source_redraws_the_table(benchmark, panels):
    plan = panels[2]
    _cycle(benchmark, plan.controls["tally"], [True, False], lambda: plan.result.value)
