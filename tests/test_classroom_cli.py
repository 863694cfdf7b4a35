"""`rumbo classroom ...`: Spanish help on every step, clear errors, cheap to start."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from rumbo.apps.cli import main
from tests.classroom_helpers import ASSIGNMENT, FIXTURES, notebook_bytes, release_notebook, source_notebook, tiny_class

STEPS = ("init", "personalize", "release", "collect", "grade", "feedback", "report")


def test_the_family_lists_every_step_in_spanish(capsys):
    with pytest.raises(SystemExit) as done:
        main(["classroom", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert all(step in out for step in STEPS) and "un comando por paso" in out


@pytest.mark.parametrize("step", STEPS)
def test_every_step_has_its_own_help(step, capsys):
    with pytest.raises(SystemExit) as done:
        main(["classroom", step, "--help"])
    assert done.value.code == 0
    assert "CARPETA" in capsys.readouterr().out


def test_a_bad_roster_stops_init_with_every_problem_and_creates_nothing(tmp_path, capsys):
    target = tmp_path / "clase"
    assert main(["classroom", "init", str(target), "--roster", str(FIXTURES / "alumnos_mal.csv")]) == 1
    err = capsys.readouterr().err
    assert "Línea 3: falta el id" in err and "Línea 8" in err and "Traceback" not in err
    assert not target.exists()


def test_a_folder_without_a_class_is_explained(tmp_path, capsys):
    assert main(["classroom", "release", str(tmp_path), "00"]) == 1
    assert "no hay ninguna clase" in capsys.readouterr().err


def test_release_collect_and_report_from_the_command_line(tmp_path, capsys):
    cls = tiny_class(tmp_path)
    assert main(["classroom", "release", str(cls.path), "0"]) == 0
    assert "3 carpetas y 3 zip" in capsys.readouterr().out
    with zipfile.ZipFile(cls.path / "envios" / ASSIGNMENT / f"maria_{ASSIGNMENT}.zip") as archive:
        assert f"maria_{ASSIGNMENT}/LEEME.txt" in archive.namelist()
    inbox = tmp_path / "correo"
    inbox.mkdir()
    (inbox / "Ejercicio de José Núñez Peña.ipynb").write_bytes(notebook_bytes(release_notebook(source_notebook())))
    (inbox / "anonimo.ipynb").write_bytes(b"{}")
    assert main(["classroom", "collect", str(cls.path), str(inbox), ASSIGNMENT]) == 0
    out = capsys.readouterr().out
    assert "1 nuevas" in out and "1 sin asignar" in out and "renómbralos con el id" in out
    assert main(["classroom", "grade", str(cls.path), "07"]) == 1
    assert "No conozco el ejercicio «07»" in capsys.readouterr().err
    assert main(["classroom", "feedback", str(cls.path), ASSIGNMENT]) == 1
    assert "Todavía no hay notas" in capsys.readouterr().err
    assert main(["classroom", "report", str(cls.path)]) == 0
    assert (cls.path / "informes" / "panel.html").exists()
    rows = (cls.path / "informes" / "notas.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 4 and "entregado, sin corregir" in rows[2] and "no entregado" in rows[1]


def test_the_command_starts_without_heavy_imports():
    code = ("import sys, rumbo.apps.cli, rumbo.apps.classroom_cli; "
            "print(sorted(m for m in ('nbgrader', 'pandas', 'matplotlib', 'papermill') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("option", [["--timeout", "0"], ["--memoria", "-5"], ["--procesos", "0"]])
def test_absurd_grading_limits_are_refused_with_a_message(tmp_path, option, capsys):
    cls = tiny_class(tmp_path)
    (cls.submitted("ana", ASSIGNMENT)).mkdir(parents=True)
    (cls.submitted("ana", ASSIGNMENT) / f"{ASSIGNMENT}.ipynb").write_bytes(b"{}")
    assert main(["classroom", "grade", str(cls.path), ASSIGNMENT, *option]) == 1
    assert "Revisa los límites" in capsys.readouterr().err
