"""diagnose: every broken or tampered hand-in gets a clear reason, before and after it runs."""

from __future__ import annotations

import copy
import json

import nbformat
import pytest

from rumbo.classroom import diagnose
from rumbo.classroom.diagnose import inspect_submission, runtime_notes
from tests.classroom_helpers import ASSIGNMENT, answered, notebook_bytes, release_notebook, source_notebook

SOURCE = json.loads(nbformat.writes(source_notebook()))
RELEASE = release_notebook(source_notebook())


def check(nb_or_bytes, others=None):
    raw = nb_or_bytes if isinstance(nb_or_bytes, bytes) else notebook_bytes(nb_or_bytes)
    return inspect_submission(raw, SOURCE, ASSIGNMENT, others)


def index(nb, grade_id):
    return next(i for i, c in enumerate(nb.cells) if c.metadata["nbgrader"]["grade_id"] == grade_id)


def test_an_untouched_release_and_a_good_answer_have_nothing_to_report():
    assert check(RELEASE).notes == [] and check(RELEASE).runnable
    good = answered(RELEASE, q1_answer="doble = 2 * x", q2_answer="triple = 3 * x")
    assert check(good).notes == []


@pytest.mark.parametrize("raw,status,words", [
    (b"", diagnose.EMPTY, "vacío"),
    (b"   \n", diagnose.EMPTY, "vacío"),
    (b'{"cells": [ esto no', diagnose.UNREADABLE, "JSON está roto (línea 1)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", diagnose.UNREADABLE, "no es texto"),
    (b'{"hola": 1}', diagnose.NOT_NOTEBOOK, "no tiene celdas"),
    (b'[1, 2]', diagnose.NOT_NOTEBOOK, "no tiene celdas"),
    (b'{"cells": [], "nbformat": "cuatro"}', diagnose.UNREADABLE, "Jupyter no puede abrir"),
])
def test_unreadable_files_are_not_run_and_say_why(raw, status, words):
    found = check(raw)
    assert found.status == status and not found.runnable
    assert words in " ".join(found.notes)


def test_another_exercise_is_named():
    other = copy.deepcopy(RELEASE)
    for cell in other.cells:
        cell.metadata["nbgrader"]["grade_id"] = "otro_" + cell.metadata["nbgrader"]["grade_id"]
    others = {"01_otro": json.loads(nbformat.writes(other))}
    found = check(other, others)
    assert found.status == diagnose.OTHER and found.other_assignment == "01_otro"
    assert "otro ejercicio (01_otro)" in found.notes[0]


def test_a_notebook_without_grading_cells_is_not_an_exercise():
    plain = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    found = check(plain)
    assert found.status == diagnose.OTHER and "no tiene celdas de corrección" in found.notes[0]


def test_release_metadata_of_another_exercise_wins():
    raw = json.loads(notebook_bytes(RELEASE))
    raw["metadata"]["rumbo"] = {"alumno": "ana", "ejercicio": "03_otro"}
    found = check(json.dumps(raw).encode())
    assert found.status == diagnose.OTHER and "03_otro" in found.notes[0]


def test_deleted_edited_and_passed_tests_are_named():
    nb = copy.deepcopy(RELEASE)
    nb.cells[index(nb, "q2_test")].source = "pass"
    nb.cells[index(nb, "setup")].source = "x = 3"
    del nb.cells[index(nb, "q1_test")]
    notes = " ".join(check(nb).notes)
    assert "borrado la celda de corrección «Pregunta 1 · Doble» (q1_test)" in notes
    assert "cambiado la prueba «Pregunta 2 · Triple» (q2_test) por «pass»" in notes
    assert "modificado la celda bloqueada «Ejercicio de prueba» (setup)" in notes
    assert check(nb).runnable  # nbgrader restores them: the hand-in is still graded


def test_moved_and_duplicated_answers_are_named():
    nb = copy.deepcopy(RELEASE)
    answer = nb.cells.pop(index(nb, "q1_answer"))
    nb.cells.insert(index(nb, "q1_test") + 1, answer)
    nb.cells.append(copy.deepcopy(nb.cells[index(nb, "q2_answer")]))
    notes = " ".join(check(nb).notes)
    assert "Su respuesta «Pregunta 1 · Doble» (q1_answer) está después de su prueba" in notes
    assert "«Pregunta 2 · Triple» (q2_answer) aparece 2 veces" in notes


def test_a_deleted_answer_counts_as_unanswered():
    nb = copy.deepcopy(RELEASE)
    del nb.cells[index(nb, "q2_answer")]
    assert "borrado su celda de respuesta «Pregunta 2 · Triple»" in " ".join(check(nb).notes)


def _executed(outputs_by_id: dict) -> dict:
    nb = json.loads(nbformat.writes(source_notebook()))
    for cell in nb["cells"]:
        cell["outputs"] = outputs_by_id.get(cell["metadata"]["nbgrader"]["grade_id"], [])
    return nb


def error(ename, evalue=""):
    return {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": []}


@pytest.mark.parametrize("output,words", [
    (error("CellTimeoutError"), "no terminó en 30 s"),
    (error("KeyboardInterrupt"), "no terminó en 30 s"),
    (error("MemoryError"), "más memoria de la permitida (512 MB)"),
    (error("SystemExit"), "sys.exit()"),
    (error(diagnose.KERNEL_DIED, "x"), "cerró el kernel"),
    (error("FileNotFoundError", "[Errno 2] No such file or directory: '/c/gradebook.db'"), "libro de notas"),
    (error("OSError", "[Errno 30] Read-only file system: '/etc/x'"), "fuera de su carpeta"),
    (error("FileNotFoundError", "[Errno 2] No such file or directory: '/clase/submitted/x'"), "fuera de su carpeta"),
    ({"output_type": "stream", "name": "stdout", "text": "yyy\n[rumbo] Salida recortada.\n"}, "salida enorme"),
])
def test_what_the_code_did_is_said_in_words(output, words):
    notes = runtime_notes(_executed({"q1_answer": [output]}), 30, 512, ("/clase",))
    assert len(notes) == 1 and words in notes[0] and "«Pregunta 1 · Doble» (q1_answer)" in notes[0]


def test_an_ordinary_wrong_answer_is_not_an_incident():
    nb = _executed({"q1_test": [error("AssertionError", "P1: ❌ Todavía no.")]})
    assert runtime_notes(nb, 30, 512) == []
    results = {r["grade_id"]: r for r in diagnose.question_results(nb)}
    assert results["q1_test"]["passed"] is False and results["q1_test"]["message"] == "P1: ❌ Todavía no."
    assert results["q2_test"]["passed"] and results["q3_answer"]["manual"]


def test_friendly_messages_for_common_errors():
    assert "ejecutaste la celda" in diagnose.friendly_error(error("NameError", "name 'doble' is not defined"))
    assert "bucle sin fin" in diagnose.friendly_error(error("CellTimeoutError"))


def test_another_exercise_with_the_same_cell_names_is_recognised_by_its_text():
    other_source = copy.deepcopy(source_notebook())
    for cell in other_source.cells:
        cell.source = "# Ejercicio 06\n" + cell.source
    other = release_notebook(other_source)
    others = {"05_otro": json.loads(nbformat.writes(other_source))}
    found = check(other, others)
    assert found.status == diagnose.OTHER and found.other_assignment == "05_otro"


@pytest.mark.parametrize("output,words", [
    (error("ConnectionRefusedError", "[Errno 111] Connection refused"), "conectarse a la red"),
    (error("OSError", "[Errno 101] Network is unreachable"), "conectarse a la red"),
    (error("URLError", "<urlopen error [Errno -3] Temporary failure in name resolution>"), "conectarse a la red"),
    (error("PermissionError", "[Errno 13] Permission denied: '/etc/shadow'"), "sin permiso"),
    (error("BlockingIOError", "[Errno 11] Resource temporarily unavailable"), "demasiados procesos"),
])
def test_what_the_cage_refused_is_said_in_words(output, words):
    notes = runtime_notes(_executed({"q1_answer": [output]}), 30, 512)
    assert len(notes) == 1 and words in notes[0] and "«Pregunta 1 · Doble» (q1_answer)" in notes[0]


def test_a_file_hidden_by_the_cage_is_told_apart_from_a_typo(tmp_path):
    hidden = tmp_path / "alumnos.csv"
    hidden.write_text("id\n")
    seen = runtime_notes(_executed({"q1_answer": [error(
        "FileNotFoundError", f"[Errno 2] No such file or directory: '{hidden}'")]}), 30, 512)
    typo = runtime_notes(_executed({"q1_answer": [error(
        "FileNotFoundError", "[Errno 2] No such file or directory: '/no/existe/datos.csv'")]}), 30, 512)
    mine = runtime_notes(_executed({"q1_answer": [error(
        "FileNotFoundError", f"[Errno 2] No such file or directory: '{tmp_path}/caja/x.csv'")]}), 30, 512,
        workdir=str(tmp_path / "caja"))
    assert "fuera de su carpeta" in seen[0] and typo == [] and mine == []


def test_caps_of_the_whole_notebook_are_told_when_it_failed():
    failed = _executed({"q1_answer": [error("AssertionError", "[0, -9, -9]")]})
    notes = runtime_notes(failed, 30, 1024, caps={"memory_kills": 2, "pids_refused": 3}, processes=256)
    assert any("memoria de todo el cuaderno (1024 MB" in n and "se detuvieron 2 procesos" in n for n in notes)
    assert any("límite de 256 procesos a la vez" in n for n in notes)
    clean = runtime_notes(_executed({}), 30, 1024, caps={"memory_kills": 1, "pids_refused": 1}, processes=256)
    assert clean == []  # a cap that did not make the notebook fail is not an incident
