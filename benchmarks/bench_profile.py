"""Latency of the profile form's callback (target: median well under 50 ms)."""

from rumbo.widgets.profile import build_profile_form
from tests.test_profile import GOOD


def test_profile_refresh(benchmark, tmp_path):
    panel = build_profile_form(dict(GOOD), tmp_path / "plan.json")
    field = panel.controls["hours_per_week"]
    values = iter(range(10**9))

    def change():
        field.value = next(values) % 50 + 1
        return panel.result.value

    assert "Seguidores" in benchmark(change)


def test_profile_save(benchmark, tmp_path):
    panel = build_profile_form(dict(GOOD), tmp_path / "plan.json")
    benchmark(panel.controls["save"].click)
    assert "Guardado" in panel.message.value
