"""collect: hand-ins matched to learners by id, e-mail or name; never a silent guess; nothing lost."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

from dataclasses import replace

import pytest

from rumbo.classroom.collect import Found, collect, match, read_source
from rumbo.classroom.roster import read_roster
from rumbo.core.errors import InvalidInputError
from tests.classroom_helpers import ASSIGNMENT, FIXTURES, notebook_bytes, release_notebook, source_notebook, tiny_class

ROSTER = read_roster(FIXTURES / "alumnos_ok.csv").learners
#: The same learners with code ids (as an LMS gives them): only e-mail and names can match.
CODED = [replace(lr, id=f"a{101 + n}") for n, lr in enumerate(ROSTER)]
NB = notebook_bytes(release_notebook(source_notebook()))


def found(name: str, data: bytes = NB) -> Found:
    from datetime import datetime, timezone

    return Found(name, name, datetime(2026, 1, 1, tzinfo=timezone.utc), data)


@pytest.mark.parametrize("name,learner,method", [
    ("a101_00.ipynb", "a101", "id en el nombre"),
    ("entregas/A102/ejercicio FINAL (1).ipynb", "a102", "id en el nombre"),
    ("mariangeles@example.com.ipynb", "a103", "correo en el nombre"),
    ("Maria Angeles RUIZ_123_assignsubmission_file_/x.ipynb", "a103", "nombre completo"),
    ("ruiz, maría ángeles.ipynb", "a103", "nombre completo"),
    ("JOSE NUNEZ PENA/ej.ipynb", "a102", "nombre completo"),
    ("Núñez José Peña.ipynb", "a102", "nombre completo"),
    ("José Núñez (copia).ipynb", "a102", "nombre y primer apellido"),
])
def test_files_are_matched_accent_and_case_insensitively(name, learner, method):
    candidates, how, conflict = match(found(name), CODED)
    assert [lr.id for lr in candidates] == [learner] and how == method and not conflict


def test_the_notebook_metadata_names_its_owner_whatever_the_file_is_called():
    candidates, how, _conflict = match(found("ejercicio 0 (2).ipynb", notebook_bytes(source_notebook(), "maria")),
                                       ROSTER)
    assert [lr.id for lr in candidates] == ["maria"] and how == "id en el cuaderno"


def test_metadata_and_name_disagreeing_is_a_conflict_not_a_guess():
    candidates, _how, conflict = match(found("Ana García López.ipynb", notebook_bytes(source_notebook(), "jose")),
                                       ROSTER)
    assert candidates == [] and "jose" in conflict and "ana" in conflict


def test_two_learners_in_one_name_is_ambiguous():
    candidates, _how, _conflict = match(found("trabajo de ana y jose.ipynb"), ROSTER)
    assert sorted(lr.id for lr in candidates) == ["ana", "jose"]


def test_nobody_matches_an_anonymous_file():
    assert match(found("ejercicio.ipynb"), ROSTER)[0] == []


def _zip(path: Path, files: dict[str, tuple[bytes, tuple]]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, (data, when) in files.items():
            archive.writestr(zipfile.ZipInfo(name, when), data)
    return path


def test_a_zip_with_nested_zips_junk_and_other_files(tmp_path):
    inner = tmp_path / "inner.zip"
    _zip(inner, {"José Núñez Peña/ej.ipynb": (NB, (2026, 1, 2, 0, 0, 0))})
    outer = _zip(tmp_path / "lms.zip", {
        "ana/ej.ipynb": (NB, (2026, 1, 2, 0, 0, 0)),
        "__MACOSX/ana/._ej.ipynb": (b"junk", (2026, 1, 2, 0, 0, 0)),
        "grupo.zip": (inner.read_bytes(), (2026, 1, 2, 0, 0, 0)),
        "ana/notas.docx": (b"PK", (2026, 1, 2, 0, 0, 0)),
    })
    names = sorted(f.name for f in read_source(outer))
    assert names == ["ana/ej.ipynb", "ana/notas.docx", "grupo/José Núñez Peña/ej.ipynb"]


def test_collect_files_hand_ins_and_keeps_older_versions_aside(tmp_path):
    cls = tiny_class(tmp_path)
    old, new = NB, NB.replace(b"Escribe", b"Escribe ya")
    source = _zip(tmp_path / "entregas.zip", {
        "Ana García López/ej.ipynb": (old, (2026, 1, 1, 9, 0, 0)),
        "Ana García López/ej FINAL (1).ipynb": (new, (2026, 1, 2, 9, 0, 0)),
        "mariangeles@example.com/ej.ipynb": (NB, (2026, 1, 1, 9, 0, 0)),
        "sin-nombre.ipynb": (NB, (2026, 1, 1, 9, 0, 0)),
        "ana/leeme.txt": (b"hola", (2026, 1, 1, 9, 0, 0)),
    })
    result = collect(cls, source, "0")
    actions = {d.origin.split("!")[-1]: (d.action, d.learner) for d in result.decisions}
    assert actions == {
        "Ana García López/ej.ipynb": ("apartada", "ana"),
        "Ana García López/ej FINAL (1).ipynb": ("nueva", "ana"),
        "mariangeles@example.com/ej.ipynb": ("nueva", "maria"),
        "sin-nombre.ipynb": ("sin_asignar", ""),
        "ana/leeme.txt": ("ignorada", ""),
    }
    assert (cls.submitted("ana", ASSIGNMENT) / f"{ASSIGNMENT}.ipynb").read_bytes() == new
    assert (cls.submitted("ana", ASSIGNMENT) / "timestamp.txt").read_text().startswith("2026-01-02")
    aside = list((cls.path / "apartados" / "ana" / ASSIGNMENT).iterdir())
    assert [p.read_bytes() for p in aside] == [old]
    # Collecting the same zip again changes nothing.
    again = collect(cls, source, ASSIGNMENT)
    assert {d.action for d in again.decisions if d.learner} == {"igual"}
    assert len(list((cls.path / "apartados" / "ana" / ASSIGNMENT).iterdir())) == 1


def test_a_later_collect_replaces_and_never_overwrites(tmp_path):
    cls = tiny_class(tmp_path)
    first = tmp_path / "primera"
    first.mkdir()
    (first / "jose.ipynb").write_bytes(NB)
    os.utime(first / "jose.ipynb", (time.time() - 3600, time.time() - 3600))
    collect(cls, first, ASSIGNMENT)
    second = tmp_path / "segunda"
    second.mkdir()
    versions = []
    for n in range(3):
        data = NB.replace(b"Escribe", f"Escribe v{n}".encode())
        versions.append(data)
        (second / "jose.ipynb").write_bytes(data)
        result = collect(cls, second, ASSIGNMENT)
        assert [d.action for d in result.decisions] == ["sustituye"]
    current = (cls.submitted("jose", ASSIGNMENT) / f"{ASSIGNMENT}.ipynb").read_bytes()
    kept = sorted(p.read_bytes() for p in (cls.path / "apartados" / "jose" / ASSIGNMENT).iterdir())
    assert current == versions[-1] and kept == sorted([NB, *versions[:-1]])
    # An older file arriving late is set aside, not installed.
    late = tmp_path / "tarde"
    late.mkdir()
    (late / "jose.ipynb").write_bytes(b'{"old": true}')
    os.utime(late / "jose.ipynb", (time.time() - 7200, time.time() - 7200))
    result = collect(cls, late, ASSIGNMENT)
    assert [d.action for d in result.decisions] == ["apartada"]
    assert (cls.submitted("jose", ASSIGNMENT) / f"{ASSIGNMENT}.ipynb").read_bytes() == versions[-1]


def test_collect_says_what_is_wrong_with_the_source(tmp_path):
    cls = tiny_class(tmp_path)
    with pytest.raises(InvalidInputError, match="No encuentro"):
        collect(cls, tmp_path / "no-existe.zip", ASSIGNMENT)
    (tmp_path / "vacia").mkdir()
    with pytest.raises(InvalidInputError, match="no hay ningún archivo"):
        collect(cls, tmp_path / "vacia", ASSIGNMENT)
    with pytest.raises(InvalidInputError, match="No conozco el ejercicio «07»"):
        collect(cls, tmp_path / "vacia", "07")


def test_a_damaged_zip_inside_is_reported(tmp_path):
    cls = tiny_class(tmp_path)
    source = _zip(tmp_path / "e.zip", {"dentro.zip": (b"PK\x03\x04 roto", (2026, 1, 1, 0, 0, 0))})
    result = collect(cls, source, ASSIGNMENT)
    assert [(d.action, "dañado" in d.reason) for d in result.decisions] == [("ignorada", True)]
