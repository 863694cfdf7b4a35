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


# --- hostile sources: what anyone can send ----------------------------------------------------------


def _zeros(megabytes: int) -> tuple[bytes, int, int]:
    """Raw deflate data of ``megabytes`` MB of zeros, made in milliseconds (identical fully
    flushed blocks repeated), with its CRC and size."""
    import zlib

    chunk = bytes(1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return piece * megabytes + packer.flush(), crc, megabytes << 20


def _raw_zip(path: Path, members: list[tuple[str, bytes, int, int, int]]) -> Path:
    """A zip written byte by byte: (name, deflate data, crc, size it declares, method) per member,
    so a member can say it is smaller than it is."""
    import struct

    date, body, directory = ((2026 - 1980) << 9) | (1 << 5) | 1, b"", b""
    for name, data, crc, size, method in members:
        encoded = name.encode("utf-8")
        header = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0x800, method, 0, date, crc, len(data), size,
                             len(encoded), 0)
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0x800, method, 0, date, crc, len(data),
                                 size, len(encoded), 0, 0, 0, 0, 0, len(body)) + encoded
        body += header + encoded + data
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), len(body), 0)
    path.write_bytes(body + directory + end)
    return path


def _deflated(data: bytes) -> tuple[bytes, int, int]:
    import zlib

    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)


def test_members_that_are_not_notebooks_are_never_decompressed(tmp_path):
    """A 900 KB zip holding six 150 MB videos and one notebook: only the notebook is read."""
    import tracemalloc

    video, crc, size = _zeros(150)
    members = [(f"ana/video{n}.mp4", video, crc, size, 8) for n in range(6)]
    members.append(("ana/ej.ipynb", *_deflated(NB), 8))
    source = _raw_zip(tmp_path / "grande.zip", members)
    assert source.stat().st_size < 1_000_000
    tracemalloc.start()
    try:
        files = read_source(source)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, f"{peak / 1e6:.0f} MB held while reading"
    assert [f.name for f in files if not f.problem] == ["ana/ej.ipynb"]
    assert all("no se lee" in f.problem for f in files if f.name.endswith(".mp4"))


def test_a_member_lying_about_its_size_and_a_damaged_one_are_report_lines(tmp_path):
    cls = tiny_class(tmp_path)
    big, crc, size = _zeros(20)
    damaged = bytearray(_deflated(NB)[0])
    damaged[len(damaged) // 2] ^= 0xFF
    source = _raw_zip(tmp_path / "entregas.zip", [
        ("ana_miente.ipynb", big, crc, 1000, 8),  # says 1 KB, inflates to 20 MB
        ("jose_roto.ipynb", bytes(damaged), _deflated(NB)[1], len(NB), 8),
        ("maria.ipynb", *_deflated(NB), 8),
    ])
    result = collect(cls, source, ASSIGNMENT)
    actions = {d.origin.split("!")[-1]: (d.action, d.reason) for d in result.decisions}
    assert actions["maria.ipynb"][0] == "nueva"  # the good one is collected all the same
    assert actions["ana_miente.ipynb"][0] == "ignorada" and "dañado" in actions["ana_miente.ipynb"][1]
    assert actions["jose_roto.ipynb"][0] == "ignorada" and "dañado" in actions["jose_roto.ipynb"][1]
    assert not cls.submitted("ana", ASSIGNMENT).exists() and not cls.submitted("jose", ASSIGNMENT).exists()


def test_the_bytes_decompressed_are_counted_against_a_budget(tmp_path):
    from rumbo.classroom.collect import Budget

    half, crc, size = _zeros(30)
    inner = _raw_zip(tmp_path / "dentro.zip", [("ana.ipynb", half, crc, size, 8), ("jose.ipynb", half, crc, size, 8)])
    source = _raw_zip(tmp_path / "fuera.zip", [("grupo.zip", *_deflated(inner.read_bytes()), 8)])
    files = read_source(source, Budget(left=50 << 20))
    assert [f.name for f in files if not f.problem] == ["grupo/ana.ipynb"]
    assert any("pesa demasiado" in f.problem for f in files)


def test_a_folder_source_follows_no_link_out_of_it(tmp_path):
    cls = tiny_class(tmp_path)
    outside = tmp_path / "fuera"
    outside.mkdir()
    secret = outside / "secreto.ipynb"
    secret.write_bytes(notebook_bytes(release_notebook(source_notebook()), "ana"))
    (outside / "jose").mkdir()
    (outside / "jose" / "jose.ipynb").write_bytes(NB)
    source = tmp_path / "correo"
    source.mkdir()
    (source / "ana.ipynb").symlink_to(secret)
    (source / "carpeta-de-jose").symlink_to(outside / "jose", target_is_directory=True)
    (source / "maria.ipynb").write_bytes(NB)
    (source / "copia de maria.ipynb").symlink_to(source / "maria.ipynb")  # a link inside is fine
    result = collect(cls, source, ASSIGNMENT)
    reasons = {Path(d.origin).name: (d.action, d.reason) for d in result.decisions}
    assert reasons["ana.ipynb"][0] == "ignorada" and "no se sigue" in reasons["ana.ipynb"][1]
    assert reasons["carpeta-de-jose"][0] == "ignorada" and "no se sigue" in reasons["carpeta-de-jose"][1]
    assert not cls.submitted("ana", ASSIGNMENT).exists() and not cls.submitted("jose", ASSIGNMENT).exists()
    assert (cls.submitted("maria", ASSIGNMENT) / f"{ASSIGNMENT}.ipynb").read_bytes() == NB


def test_a_future_date_or_an_inner_id_alone_never_replaces_a_submission(tmp_path):
    """A file named anything, with ana's id inside and a zip date in 2107, does not replace ana's."""
    cls = tiny_class(tmp_path)
    real = NB.replace(b"Escribe", b"Escribe de verdad")
    collect(cls, _zip(tmp_path / "primera.zip", {"Ana García López/ej.ipynb": (real, (2026, 1, 10, 9, 0, 0))}),
            ASSIGNMENT)
    forged = notebook_bytes(release_notebook(source_notebook()), "ana")
    result = collect(cls, _zip(tmp_path / "falsa.zip", {
        "cualquier cosa.ipynb": (forged, (2107, 12, 31, 0, 0, 0)),
        "Ana García López/futuro.ipynb": (NB.replace(b"Escribe", b"Escribe futuro"), (2107, 1, 1, 0, 0, 0)),
        "pista.ipynb": (notebook_bytes(source_notebook(), "jose"), (2026, 1, 11, 9, 0, 0)),
    }), ASSIGNMENT)
    assert (cls.submitted("ana", ASSIGNMENT) / f"{ASSIGNMENT}.ipynb").read_bytes() == real
    decisions = {d.origin.split("!")[-1]: d for d in result.decisions}
    for name in ("cualquier cosa.ipynb", "Ana García López/futuro.ipynb"):
        assert decisions[name].action == "apartada" and "revísala" in decisions[name].reason
    assert "en el futuro" in decisions["Ana García López/futuro.ipynb"].reason
    assert "solo el id guardado dentro del cuaderno" in decisions["cualquier cosa.ipynb"].reason
    # jose had nothing: his file is filed, with a note to check it.
    assert decisions["pista.ipynb"].action == "nueva" and "revísala" in decisions["pista.ipynb"].reason
    timestamp = (cls.submitted("ana", ASSIGNMENT) / "timestamp.txt").read_text()
    assert timestamp.startswith("2026-01-10")


def test_control_characters_in_names_are_escaped_when_printed(tmp_path):
    cls = tiny_class(tmp_path)
    source = _zip(tmp_path / "e.zip", {"ana\x1b[2J\x07\u202egpj.ipynb": (NB, (2026, 1, 1, 0, 0, 0)),
                                       "nadie\x1b]0;hola\x07.ipynb": (NB, (2026, 1, 1, 0, 0, 0))})
    lines = collect(cls, source, ASSIGNMENT).summary()
    text = "\n".join(lines)
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "\\x1b[2J" in text and "\\u202e" in text
