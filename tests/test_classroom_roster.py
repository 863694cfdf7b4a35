"""The roster: what spreadsheets do to a CSV is handled, what people get wrong is reported by line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rumbo.classroom.roster import (
    ID_RE, Learner, example_business, fold, parse_roster, read_roster, suggest_id, write_roster,
)
from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import set_language

FIXTURES = Path(__file__).parent / "fixtures" / "classroom"


def test_a_clean_roster_keeps_accents_and_spaces_in_names():
    roster = read_roster(FIXTURES / "alumnos_ok.csv")
    assert [lr.id for lr in roster] == ["ana", "jose", "maria"]
    maria = roster.get("maria")
    assert maria.nombre == "María Ángeles" and maria.full_name == "María Ángeles Ruiz"
    assert roster.warnings == []


def test_excel_semicolons_bom_blank_lines_and_spaces_are_fine():
    roster = read_roster(FIXTURES / "alumnos_excel.csv")
    assert [(lr.id, lr.nombre, lr.email) for lr in roster] == [
        ("ana", "Ana", "ana.garcia@example.com"), ("jose", "José", "jose.nunez@example.com")]
    assert roster.get("jose").line == 4  # the blank line still counts


def test_windows_1252_is_read_and_the_trainer_is_told():
    roster = read_roster(FIXTURES / "alumnos_windows1252.csv")
    assert roster.get("ana").apellidos == "García López"
    assert any("Windows-1252" in w for w in roster.warnings)


def test_every_problem_is_reported_with_its_line():
    with pytest.raises(InvalidInputError) as caught:
        read_roster(FIXTURES / "alumnos_mal.csv")
    text = str(caught.value)
    assert "Línea 3: falta el id" in text
    assert "Línea 4: el id «ana» ya está en la línea 2" in text
    assert "Línea 5: el id «María López» no vale para nbgrader" in text and "«maria-lopez»" in text
    assert "Línea 6: falta el nombre" in text
    assert "Línea 7: el id «Ana» solo se distingue de «ana»" in text
    assert "Línea 8: el correo «correo-sin-arroba» no parece válido" in text
    assert "Línea 9: el correo «ana@example.com» ya está en la línea 2" in text


@pytest.mark.parametrize("text,expected", [
    ("", "está vacía"),
    ("id,nombre,apellidos,email,negocio\n", "ningún alumno"),
    ("nombre,email\nAna,a@b.es\n", "faltan las columnas id, apellidos, negocio"),
    ("id,nombre,apellidos,email,negocio\nana,Ana,García,a@b.es,Bar,extra\n", "más valores que columnas"),
    (",,,\n", "está vacía"),
])
def test_broken_rosters_get_a_clear_message(text, expected):
    with pytest.raises(InvalidInputError, match=expected):
        parse_roster(text.encode())


def test_heading_synonyms_and_unknown_columns():
    raw = "Usuario;Nombre;Apellido;E-mail;Empresa;Teléfono\nana;Ana;Gil;a@b.es;Bar;600\n".encode()
    roster = parse_roster(raw)
    assert roster.get("ana").email == "a@b.es"
    assert any("Teléfono" in w for w in roster.warnings)


def test_messages_follow_the_language():
    set_language("en")
    with pytest.raises(InvalidInputError, match="Line 3: the learner id is missing"):
        parse_roster(b"id,nombre,apellidos,email,negocio\nana,Ana,G,a@b.es,Bar\n,Luis,P,l@b.es,Bar\n")


def test_written_roster_reads_back_the_same(tmp_path):
    roster = read_roster(FIXTURES / "alumnos_excel.csv")
    write_roster(roster, tmp_path / "alumnos.csv")
    again = read_roster(tmp_path / "alumnos.csv")
    assert [lr.as_row() for lr in again] == [lr.as_row() for lr in roster]


@pytest.mark.parametrize("email", ["=1+1@ejemplo.es", "+34600000000@ejemplo.es", "-x@ejemplo.es",
                                   "@ana@ejemplo.es", "ana@ejemplo", "ana @ejemplo.es", "ana@=ejemplo.es"])
def test_malformed_e_mails_are_refused_in_spanish(email):
    with pytest.raises(InvalidInputError) as caught:
        parse_roster(f"id,nombre,apellidos,email,negocio\nana,Ana,G,{email},Bar\n".encode())
    assert f"Línea 2: el correo «{email}» no parece válido" in str(caught.value)
    assert "nombre@dominio.es" in str(caught.value)


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "Ana\x1b[2J", "Ana\u202eaxe.exe"])
def test_names_that_could_run_in_a_page_or_a_terminal_are_refused(name):
    with pytest.raises(InvalidInputError, match="Línea 2: .* no pueden ir en un nombre") as caught:
        parse_roster(f"id,nombre,apellidos,email,negocio\nana,{name},G,a@b.es,Bar\n".encode())
    assert "\x1b" not in str(caught.value) and "\u202e" not in str(caught.value)


def test_formula_like_names_are_kept_and_written_spreadsheet_safe(tmp_path):
    import csv

    from rumbo.classroom.spreadsheet import FORMULA_STARTS

    roster = read_roster(FIXTURES / "alumnos_formulas.csv")
    assert roster.get("ana").nombre == '=HYPERLINK("http://example.invalid","x")'
    write_roster(roster, tmp_path / "alumnos.csv")
    with open(tmp_path / "alumnos.csv", newline="", encoding="utf-8") as f:
        cells = [cell for row in csv.reader(f) for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert "'=HYPERLINK(\"http://example.invalid\",\"x\")" in cells and "'-Núñez" in cells
    assert [lr.as_row() for lr in read_roster(tmp_path / "alumnos.csv")] == [lr.as_row() for lr in roster]


@pytest.mark.parametrize("negocio,ejemplo,expected", [
    ("Panadería La Espiga", "", "panaderia"),
    ("FERRETERÍA Núñez", "", "ferreteria"),
    ("Cosmética natural Olea", "", "cosmetica"),
    ("Peluquería", "ferreteria", "ferreteria"),
])
def test_each_learner_practises_with_the_closest_example(negocio, ejemplo, expected):
    learner = Learner("x", "X", negocio=negocio, ejemplo=ejemplo)
    business, note = example_business(learner, ["cosmetica", "ferreteria", "panaderia"])
    assert (business, note) == (expected, "")


def test_an_unknown_business_gets_the_default_and_a_note():
    business, note = example_business(Learner("x", "Xabi", negocio="Peluquería"), ["cosmetica", "panaderia"])
    assert business == "panaderia" and "Peluquería" in note


@given(st.text(max_size=80))
def test_suggested_ids_are_always_valid_for_nbgrader(text):
    assert ID_RE.match(suggest_id(text))


@given(st.text(max_size=60))
def test_fold_ignores_case_accents_and_punctuation(text):
    folded = fold(text)
    assert folded == fold(folded) == fold(text.upper())
    assert all(ch.isascii() and (ch.isalnum() or ch == " ") for ch in folded)


def test_fold_examples():
    assert fold("  José  PÉREZ-Núñez ") == "jose perez nunez"
    assert fold("María_Ángeles (copia).ipynb") == "maria angeles copia ipynb"
