"""nbgrader's feedback page as a learner gets it, from a real class: real nbgrader, real kernels.

Two learners hand in exercise 00 with every answer written; the trainer marks Ana's written
answer (as the formgrader does) and not yet José's. The feedback page is Spanish, shows José's
written answer as "pendiente" (not "0,0 de 2,0"), never shows hidden tests, loads nothing from
the internet, lets no script run, and leaves unmarked points out of José's total; so do his summary, the grades
table and the class's average.
"""

from __future__ import annotations

import copy
import csv
import html
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from rumbo.classroom.feedback import generate_feedback
from rumbo.classroom.feedback_page import pending_line, points
from rumbo.classroom.folder import init_class
from rumbo.classroom.grade import grade_assignment
from rumbo.classroom.report import make_report
from rumbo.core.i18n import fmt_percent
from tests.classroom_helpers import content_security_policy

pytestmark = pytest.mark.grading
ROOT = Path(__file__).resolve().parents[1]
A = "00_bienvenida"
#: nbgrader's own English labels, and the prompts of nbconvert's classic template.
ENGLISH = ("Score", "Student's answer", "Student's task", "Test cell", "Written response", "Coding free-response",
           "(Top)", "Grade cell", "Comments:", "In&nbsp;[", "In [", "Out[")


def nbgrader_meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def handed_in(release, solution):
    """The release with every answer of the solution typed in (markers removed)."""
    nb = copy.deepcopy(release)
    for cell, source in zip(nb.cells, solution.cells):
        if nbgrader_meta(cell).get("solution"):
            cell.source = "\n".join(line for line in source.source.splitlines() if "SOLUTION" not in line)
    return nb


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    base = tmp_path_factory.mktemp("feedback")
    course = base / "curso"
    shutil.copytree(ROOT / "solutions" / A, course / "solutions" / A)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    cls, _notes = init_class(base / "clase", ROOT / "tests" / "fixtures" / "classroom" / "alumnos_ok.csv",
                             course=str(course), timeout=30)
    source = nbformat.read(cls.path / "source" / A / f"{A}.ipynb", as_version=4)
    release = nbformat.read(cls.path / "release" / A / f"{A}.ipynb", as_version=4)
    for learner in ("ana", "jose"):
        target = cls.submitted(learner, A) / f"{A}.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(handed_in(release, source), target)
    grade_assignment(cls, A, timeout=30, progress=False)

    from nbgrader.api import Gradebook

    written = [nbgrader_meta(c) for c in source.cells if nbgrader_meta(c).get("solution")
               and nbgrader_meta(c).get("grade")]
    assert len(written) == 1, "exercise 00 has one written answer"
    written_points = float(written[0]["points"])
    with Gradebook(cls.db_url, "rumbo") as gb:  # the trainer marks Ana's answer in the formgrader
        grade = gb.find_grade(written[0]["grade_id"], A, A, "ana")
        grade.manual_score, grade.needs_manual_grade = written_points / 2, False
        gb.db.commit()
        scores = {who: float(gb.find_submission(A, who).score) for who in ("ana", "jose")}
        full = float(gb.find_assignment(A).max_score)
    generate_feedback(cls, A, progress=False)
    make_report(cls)
    page = {who: (cls.feedback(who, A) / f"{A}.html").read_text(encoding="utf-8") for who in ("ana", "jose")}
    return {"cls": cls, "source": source, "page": page, "scores": scores, "full": full,
            "written": written_points}


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<style.*?</style>", "", page, flags=re.S)))


def test_feedback_page_is_spanish(world):
    for page in world["page"].values():
        assert '<html lang="es">' in page
        for label in ("Puntuación:", "Comprobación", "Respuesta escrita", "Tu respuesta", "volver arriba"):
            assert label in page, label
        found = [word for word in ENGLISH if word in page]
        assert not found, f"English on the feedback page: {found}"


def test_unmarked_written_answer_is_pending_and_left_out_of_the_total(world):
    jose, ana = world["page"]["jose"], world["page"]["ana"]
    written = points(world["written"])
    auto_top = world["full"] - world["written"]
    assert world["scores"]["jose"] > 0
    assert f"Puntuación: {points(world['scores']['jose'])} de {points(auto_top)} puntos" in text_of(jose)
    assert "pendiente" in text_of(jose) and f"0,0 de {written} puntos" not in text_of(jose)
    # once marked, the answer counts with its points
    assert "pendiente" not in text_of(ana)
    assert f"Puntuación: {points(world['scores']['ana'])} de {points(world['full'])} puntos" in text_of(ana)
    assert f"{points(world['written'] / 2)} de {written} puntos" in text_of(ana)
    summary = (world["cls"].feedback("jose", "00_bienvenida") / "resumen.txt").read_text(encoding="utf-8")
    assert f"de {points(auto_top)} puntos." in summary and pending_line(world["written"]) in summary


def test_hidden_tests_never_reach_the_page(world):
    hidden = []
    for cell in world["source"].cells:
        inside = False
        for line in cell.source.splitlines():
            if "BEGIN HIDDEN TESTS" in line or "END HIDDEN TESTS" in line:
                inside = "BEGIN" in line
            elif inside and line.strip():
                hidden.append(line.strip())
    assert hidden, "exercise 00 has hidden tests"
    for page in world["page"].values():
        text = text_of(page)
        assert not [line for line in hidden if line in text]
        assert "HIDDEN TESTS" not in text


def test_feedback_page_loads_nothing_from_the_internet(world):
    for page in world["page"].values():
        assert "<script" not in page.lower() and "mathjax" not in page.lower()
        requests = re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|@import|url\(\s*["']?(?:https?:)?//""",
                              page, flags=re.I)
        assert not requests, requests


def test_feedback_page_lets_no_script_run(world):
    from rumbo.classroom.pages import CONTENT_SECURITY_POLICY

    for page in world["page"].values():
        assert content_security_policy(page) == CONTENT_SECURITY_POLICY
        assert page.index("Content-Security-Policy") < page.index("<style")  # before anything it governs


def test_grades_and_class_average_leave_unmarked_points_out(world):
    cls, scores, full, written = world["cls"], world["scores"], world["full"], world["written"]
    with open(cls.path / "informes" / "notas.csv", newline="", encoding="utf-8") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    assert float(rows["jose"]["nota_maxima"]) == full - written and rows["jose"]["pendiente_manual"] == "sí"
    assert float(rows["ana"]["nota_maxima"]) == full and rows["ana"]["pendiente_manual"] == "no"
    assert float(rows["jose"]["porcentaje"]) == round(100 * scores["jose"] / (full - written), 1)
    average = (scores["ana"] / full + scores["jose"] / (full - written)) / 2
    panel = (cls.path / "informes" / "panel.html").read_text(encoding="utf-8")
    assert f'tile-value">{fmt_percent(average, 0)}</span><span class="tile-label">nota media' in panel
