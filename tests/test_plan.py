"""The plan file: atomic writes, corrupt files set aside, migrations, clear errors."""

from __future__ import annotations

import json
import os

import pytest

from rumbo.data import plan
from rumbo.core.errors import PlanError


def test_missing_file_gives_a_new_plan(plan_path):
    assert plan.load_plan(plan_path) == plan.new_plan()
    assert not plan_path.exists()


def test_update_section_round_trips_and_keeps_other_sections(plan_path):
    plan.update_section("profile", {"name": "Panadería Goikoa"}, plan_path)
    plan.update_section("objectives", [{"kpi": "seguidores"}], plan_path)
    saved = plan.load_plan(plan_path)
    assert saved["profile"]["name"] == "Panadería Goikoa"
    assert saved["objectives"] == [{"kpi": "seguidores"}]
    assert saved["schema_version"] == plan.SCHEMA_VERSION
    # UTF-8, accents kept as they are
    assert "Panadería" in plan_path.read_text(encoding="utf-8")


def test_write_is_atomic_no_temp_files_left(plan_path):
    plan.save_plan(plan.new_plan(), plan_path)
    plan.save_plan({**plan.new_plan(), "profile": {"name": "x"}}, plan_path)
    assert sorted(p.name for p in plan_path.parent.iterdir()) == ["mi_plan.json"]


def test_failed_write_leaves_the_old_plan_intact(plan_path, monkeypatch):
    plan.update_section("profile", {"name": "antes"}, plan_path)

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(PlanError, match="No he podido guardar"):
        plan.update_section("profile", {"name": "después"}, plan_path)
    monkeypatch.undo()
    assert plan.load_plan(plan_path)["profile"]["name"] == "antes"


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b""])
def test_corrupt_file_is_moved_aside_and_reported(plan_path, content):
    plan_path.parent.mkdir(parents=True)
    plan_path.write_bytes(content)
    with pytest.raises(plan.CorruptPlanError) as err:
        plan.load_plan(plan_path)
    assert "dañado" in str(err.value)
    assert err.value.moved_to.read_bytes() == content  # nothing lost
    assert not plan_path.exists()


def test_update_after_corruption_saves_new_data_and_still_reports(plan_path):
    plan_path.parent.mkdir(parents=True)
    plan_path.write_text("{oops", encoding="utf-8")
    with pytest.raises(plan.CorruptPlanError, match="ya está en el plan nuevo"):
        plan.update_section("profile", {"name": "nuevo"}, plan_path)
    assert plan.load_plan(plan_path)["profile"] == {"name": "nuevo"}
    assert (plan_path.parent / "mi_plan.json.corrupt-1").read_text() == "{oops"


def test_second_corruption_does_not_overwrite_the_first_copy(plan_path):
    plan_path.parent.mkdir(parents=True)
    for n, text in enumerate(["{a", "{b"], start=1):
        plan_path.write_text(text)
        with pytest.raises(plan.CorruptPlanError):
            plan.load_plan(plan_path)
        assert (plan_path.parent / f"mi_plan.json.corrupt-{n}").read_text() == text


def test_old_schema_is_migrated(plan_path):
    plan_path.parent.mkdir(parents=True)
    plan_path.write_text(json.dumps({"name": "Ferretería", "hours_per_week": 3}), encoding="utf-8")
    migrated = plan.load_plan(plan_path)
    assert migrated["schema_version"] == plan.SCHEMA_VERSION
    assert migrated["profile"] == {"name": "Ferretería", "hours_per_week": 3}


def test_newer_schema_is_refused_and_left_untouched(plan_path):
    plan_path.parent.mkdir(parents=True)
    text = json.dumps({"schema_version": plan.SCHEMA_VERSION + 1})
    plan_path.write_text(text)
    with pytest.raises(PlanError, match="más nueva"):
        plan.load_plan(plan_path)
    assert plan_path.read_text() == text


def test_location_from_environment_and_default(monkeypatch, tmp_path):
    monkeypatch.setenv("RUMBO_PLAN", str(tmp_path / "x.json"))
    assert plan.resolve_path(None) == tmp_path / "x.json"
    monkeypatch.delenv("RUMBO_PLAN")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert plan.resolve_path(None) == tmp_path / "rumbo" / "mi_plan.json"
    assert plan.display_path(None) == "~/rumbo/mi_plan.json"


def test_unknown_section_is_a_programming_error(plan_path):
    with pytest.raises(ValueError):
        plan.update_section("wishes", {}, plan_path)
