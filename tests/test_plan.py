"""The plan file: atomic writes, corrupt files set aside, migrations, clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from filelock import FileLock

from rumbo.apps.app import module_page
from rumbo.core.errors import PlanError
from rumbo.course import start
from rumbo.data import plan


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


def files_beside(plan_path) -> list[str]:
    """What the plan's folder holds, the plan's lock file left out."""
    return sorted(p.name for p in plan_path.parent.iterdir() if p != plan.lock_path(plan_path))


def test_write_is_atomic_no_temp_files_left(plan_path):
    plan.save_plan(plan.new_plan(), plan_path)
    plan.save_plan({**plan.new_plan(), "profile": {"name": "x"}}, plan_path)
    assert files_beside(plan_path) == ["mi_plan.json"]
    assert plan.lock_path(plan_path).name == ".mi_plan.json.lock"


def test_failed_write_leaves_the_old_plan_intact(plan_path, monkeypatch):
    plan.update_section("profile", {"name": "antes"}, plan_path)

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(PlanError, match="No he podido guardar"):
        plan.update_section("profile", {"name": "después"}, plan_path)
    monkeypatch.undo()
    assert plan.load_plan(plan_path)["profile"]["name"] == "antes"
    assert files_beside(plan_path) == ["mi_plan.json"]  # the failed write left no temporary file


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


# --- several programs at once: JupyterLab and the app open together ------------------------

SAVER = """
import sys
from rumbo.data import plan
section, path = sys.argv[1], sys.argv[2]
for i in range(100):
    plan.update_section(section, {"saved": i}, path)
"""


def test_two_programs_saving_different_sections_both_keep_theirs(plan_path):
    plan.update_section("habit", {"saved": "antes"}, plan_path)
    savers = [subprocess.Popen([sys.executable, "-c", SAVER, section, str(plan_path)])
              for section in ("profile", "routine")]
    assert [p.wait(timeout=300) for p in savers] == [0, 0]
    saved = plan.load_plan(plan_path)
    assert saved["profile"] == {"saved": 99} and saved["routine"] == {"saved": 99}
    assert saved["habit"] == {"saved": "antes"}
    assert files_beside(plan_path) == ["mi_plan.json"]


def test_a_save_waits_for_the_lock_and_then_says_so(plan_path, monkeypatch):
    plan.save_plan(plan.new_plan(), plan_path)
    monkeypatch.setattr(plan, "LOCK_TIMEOUT", 0.2)
    with FileLock(plan.lock_path(plan_path)):
        start_time = time.monotonic()
        code = ("import sys; from rumbo.data import plan; plan.LOCK_TIMEOUT = 0.2\n"
                "try:\n    plan.update_section('profile', {}, sys.argv[1])\n"
                "except plan.PlanError as e:\n    print(e)")
        out = subprocess.run([sys.executable, "-c", code, str(plan_path)], capture_output=True,
                             text=True, timeout=60).stdout
    assert "Otro programa" in out and time.monotonic() - start_time < 30
    assert "profile" not in plan.load_plan(plan_path)


def test_orphan_temporary_files_of_a_crash_are_removed_at_the_next_save(plan_path):
    plan.save_plan(plan.new_plan(), plan_path)
    for name in (".mi_plan.json-abc123.tmp", ".mi_plan.json-zz.tmp"):
        (plan_path.parent / name).write_text("{half a pl")
    other = plan_path.parent / ".otro.json-abc.tmp"  # another plan's save in progress: kept
    other.write_text("{")
    plan.update_section("profile", {"name": "x"}, plan_path)
    assert files_beside(plan_path) == [".otro.json-abc.tmp", "mi_plan.json"]


# --- what the file holds is checked on load -----------------------------------------------


@pytest.mark.parametrize("version", [-1, "1", 1.5, True, None, [1]])
def test_a_schema_version_that_is_not_a_whole_number_is_set_aside_with_a_message(plan_path, version):
    plan_path.parent.mkdir(parents=True)
    text = json.dumps({"schema_version": version, "profile": {"name": "Ana"}})
    plan_path.write_text(text)
    with pytest.raises(plan.CorruptPlanError) as err:
        plan.load_plan(plan_path)
    message = str(err.value)
    assert "versión" in message and "número entero" in message and "KeyError" not in message
    assert err.value.moved_to.read_text() == text  # nothing lost
    assert plan.load_plan(plan_path) == plan.new_plan()


@pytest.mark.parametrize("section, value", [("profile", 5), ("objectives", {"a": 1}),
                                            ("routine", "lunes"), ("kpis", 3.5)])
def test_a_section_of_the_wrong_type_is_named_and_left_out(plan_path, section, value):
    plan_path.parent.mkdir(parents=True)
    plan_path.write_text(json.dumps({"schema_version": 1, section: value, "habit": {"weeks": []}}))
    loaded, problems = plan.load_plan_checked(plan_path)
    assert section not in loaded and loaded["habit"] == {"weeks": []}
    assert len(problems) == 1 and f"«{section}»" in problems[0]
    assert plan.load_plan(plan_path) == loaded
    # saving another section keeps the file's own value until the learner saves that section
    plan.update_section("listening", {"crisis_z": 3}, plan_path)
    assert json.loads(plan_path.read_text())[section] == value


def test_notebooks_start_with_a_wrong_section_treated_as_absent(plan_path):
    plan_path.parent.mkdir(parents=True)
    plan_path.write_text(json.dumps({"schema_version": 1, "profile": 5}))
    session = start("ferreteria", str(plan_path))
    assert "«profile»" in session.notice
    assert session.profile["name"] and "profile" not in session.plan


@pytest.mark.parametrize("stem", ["00_bienvenida", "01_objetivos", "07_tu_plan"])
def test_app_pages_open_with_a_wrong_section_and_say_which(plan_path, stem):
    plan_path.parent.mkdir(parents=True)
    plan_path.write_text(json.dumps({"schema_version": 1, "profile": 5, "objectives": "todo"}))
    page = module_page(stem, "panaderia", str(plan_path))
    notices = " ".join(getattr(child, "value", "") for child in page.children)
    assert "«profile»" in notices and "«objectives»" in notices
    assert len(page.children) > 2  # the planners are there
