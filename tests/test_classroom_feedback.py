"""Feedback without hidden tests, the learner's summary, and the class report's pieces (no kernels)."""

from __future__ import annotations

import csv
import io

import nbformat
import pytest
from nbformat.v4 import new_output

from rumbo.classroom import report
from rumbo.classroom.feedback import summarize, summary_html, summary_text
from rumbo.classroom.preprocessors import HideHiddenTests, LimitOutputBytes
from rumbo.classroom.report import Row, _csv_text, dashboard_data, render_dashboard
from rumbo.core.i18n import set_language
from tests.classroom_helpers import ASSIGNMENT, source_notebook, tiny_class


def graded_notebook():
    nb = source_notebook()
    test = next(c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == "q1_test")
    test.outputs = [new_output("error", ename="AssertionError", evalue="P1: ❌ Todavía no. Revisa el doble.",
                               traceback=["Traceback", "----> 3 assert doble * 1 == 4", "AssertionError: ..."])]
    return nb


def test_hidden_tests_and_their_tracebacks_leave_the_feedback():
    nb, _resources = HideHiddenTests().preprocess(graded_notebook(), {})
    text = nbformat.writes(nb)
    assert "HIDDEN TESTS" not in text and "doble * 1" not in text and "triple > 5" not in text
    test = next(c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == "q1_test")
    assert test.source == "assert doble == 4, 'P1: ❌ Todavía no. Revisa el doble.'"
    assert test.outputs[0].traceback == ["AssertionError: P1: ❌ Todavía no. Revisa el doble."]
    answer = next(c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == "q1_answer")
    assert "BEGIN SOLUTION" in answer.source  # only hidden tests go; the rest is nbgrader's business


def test_huge_outputs_are_cut():
    nb = source_notebook()
    cell = nb.cells[1]
    cell.outputs = [new_output("stream", name="stdout", text="y" * 1_000_000),
                    new_output("execute_result", data={"text/plain": "z" * 500_000}, execution_count=1)]
    nb, _resources = LimitOutputBytes(max_bytes=1000).preprocess(nb, {})
    assert len(cell.outputs[0].text) < 1100 and "Salida recortada" in cell.outputs[0].text
    assert len(cell.outputs[1].data["text/plain"]) < 1100


QUESTIONS = [
    {"grade_id": "q1_test", "label": "Pregunta 1 · Doble", "points": 1, "manual": False, "passed": True, "message": ""},
    {"grade_id": "q2_test", "label": "Pregunta 2 · Triple", "points": 2, "manual": False, "passed": False,
     "message": "P2: ❌ Todavía no."},
    {"grade_id": "q3_answer", "label": "Pregunta 3 · Para ti", "points": 1, "manual": True, "passed": True,
     "message": ""},
]


def test_summary_says_what_is_right_what_to_review_and_what_the_trainer_reads():
    data = summarize("Ana García", ASSIGNMENT, {"status": "corregido", "score": 1.0, "max_score": 4.0,
                                               "notes": ["Había borrado la celda de corrección q1_test."]},
                     QUESTIONS)
    text = summary_text(data)
    assert "Nota automática: 1,0 de 4,0 puntos." in text
    assert "✓ Pregunta 1 · Doble" in text and "• Pregunta 2 · Triple: P2: ❌ Todavía no." in text
    assert "Tu formador leerá y puntuará:\n  · Pregunta 3 · Para ti" in text
    assert "Sobre tu archivo" in text
    html = summary_html(data)
    assert html.startswith("<!DOCTYPE html>") and "Pregunta 2 · Triple" in html and "<script" not in html


def test_summary_escapes_what_a_learner_wrote():
    data = summarize("<b>Ana</b>", ASSIGNMENT, {"status": "ilegible", "score": 0, "max_score": 4,
                                                "notes": ["<script>alert(1)</script>"]}, [])
    html = summary_html(data)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "No hemos podido corregir" in summary_text(data)


def test_summary_in_english():
    set_language("en")
    data = summarize("Ana", ASSIGNMENT, {"status": "corregido", "score": 3, "max_score": 4}, QUESTIONS)
    assert "Automatic score: 3.0 of 4.0 points." in summary_text(data)


def rows():
    base = dict(nombre="N", apellidos="A", email="", ejercicio=ASSIGNMENT, nota_maxima=3.0)
    return [
        Row("ana", estado="corregido", nota=3.0, questions={"q1_test": 1.0, "q2_test": 1.0}, **base),
        Row("jose", estado="corregido", nota=1.0, pendiente_manual=True, questions={"q1_test": 1.0, "q2_test": 0.0},
            **base),
        Row("roto", estado="ilegible", nota=0.0, motivo="El archivo no es un cuaderno válido.", **base),
        Row("aus", estado="no_entregado", nota=None, **base),
    ]


def test_grades_csv_is_plain_and_the_excel_one_is_spanish():
    plain = list(csv.DictReader(io.StringIO(_csv_text(rows(), excel=False))))
    assert [r["estado"] for r in plain] == ["corregido", "corregido", "archivo ilegible", "no entregado"]
    assert plain[1]["nota"] == "1.00" and plain[1]["porcentaje"] == "33.3" and plain[1]["pendiente_manual"] == "sí"
    assert plain[3]["nota"] == "" and plain[2]["motivo"].startswith("El archivo")
    excel = list(csv.DictReader(io.StringIO(_csv_text(rows(), excel=True)), delimiter=";"))
    assert excel[1]["nota"] == "1,00" and excel[1]["porcentaje"] == "33,3"


def test_grade_files_carry_no_live_formula(tmp_path):
    """Roster names starting with =, +, - or @ (and a formula in a reason) stay text in both CSVs."""
    import dataclasses

    from rumbo.classroom.spreadsheet import FORMULA_STARTS

    cls = tiny_class(tmp_path, "alumnos_formulas.csv")
    result = report.make_report(cls)
    for path, delimiter in ((result.csv, ","), (result.excel_csv, ";")):
        with open(path, newline="", encoding="utf-8-sig") as f:
            cells = [cell for row in csv.reader(f, delimiter=delimiter) for cell in row]
        assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)], path
        assert "'=HYPERLINK(\"http://example.invalid\",\"x\")" in cells and "'+José" in cells
        assert "'-Núñez" in cells and "'=1+1" in cells
    hostile = dataclasses.replace(rows()[2], motivo="=cmd|' /C calc'!A0", nombre="@SUM(1)")
    text = _csv_text([hostile], excel=True)
    parsed = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    assert "'=cmd|' /C calc'!A0" in parsed and "'@SUM(1)" in parsed


def test_dashboard_charts_and_tables(tmp_path):
    cls = tiny_class(tmp_path)
    report._style()
    data = dashboard_data(cls, rows(), [ASSIGNMENT])
    section = data["sections"][0]
    assert section["distribution"].startswith("<svg") and section["questions"].startswith("<svg")
    assert "Nota (% de la nota máxima)" in section["distribution"]
    assert [(label, share.replace("\u00a0", "")) for label, share in section["missed"]] == [("Pregunta 2 · Triple", "50%")]
    assert section["missing"] == ["N A (aus)"]
    assert [who for who, *_rest in section["incidents"]] == ["N A (roto)"]
    html = render_dashboard(data, "Panel de la clase")
    assert html.count("<svg") == 2 and "Quién no ha entregado" in html and "N A (aus)" in html
    again = render_dashboard(dashboard_data(cls, rows(), [ASSIGNMENT]), "Panel de la clase")
    assert again == html  # byte-stable: no dates or random ids


def test_an_empty_class_dashboard_has_no_charts(tmp_path):
    cls = tiny_class(tmp_path)
    report._style()
    only_missing = [r for r in rows() if r.estado == "no_entregado"]
    html = render_dashboard(dashboard_data(cls, only_missing, [ASSIGNMENT]), "Panel")
    assert "<svg" not in html and "Todavía no hay entregas corregidas." in html


@pytest.mark.parametrize("text,expected", [("00", "00_prueba"), ("0", "00_prueba"), ("00_prueba", "00_prueba")])
def test_exercise_names_are_forgiving(tmp_path, text, expected):
    assert tiny_class(tmp_path).resolve(text) == expected


def test_learner_html_is_escaped_and_the_course_formatting_kept():
    from rumbo.classroom.preprocessors import SanitizeLearnerHTML

    nb = source_notebook()
    answer = next(c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == "q3_answer")
    answer.source = ("Mi idea <script>alert(1)</script> <img src=x onerror=alert(1)> <b>clara</b> "
                     "[pulsa](javascript:alert(5))")
    prompt = next(c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == "q1_prompt")
    check = nb.cells[1]
    check.outputs = [
        new_output("display_data", data={"text/markdown": '<span style="color:#1b7837">**P1 · ✔ Correcto**</span>',
                                          "text/plain": "P1"}),
        new_output("display_data", data={
            "text/html": '<div onclick="alert(1)">hola</div><script>alert(2)</script>',
            "application/javascript": "alert(3)", "image/svg+xml": "<svg><script>alert(4)</script></svg>",
            "text/plain": "hola"})]
    nb, _resources = SanitizeLearnerHTML().preprocess(nb, {})
    assert answer.source == ("<p>Mi idea &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; "
                             "<b>clara</b> <a>pulsa</a></p>\n")
    assert prompt.source == "## Pregunta 1 · Doble"  # the course's own (locked) cells stay as written
    assert check.outputs[0].data == {"text/html": '<p><span style="color:#1b7837;"><strong>P1 · ✔ Correcto</strong>'
                                                  '</span></p>\n', "text/plain": "P1"}
    data = check.outputs[1].data
    assert data == {"text/html": "<div>hola</div>&lt;script&gt;alert(2)&lt;/script&gt;", "text/plain": "hola"}
