"""The feedback page's rules without nbgrader runs: what counts as pending, how many points wait,
and that the course's config changes generate_feedback only. The page itself, from a real
class, is in tests/test_feedback_page.py."""

from __future__ import annotations

from types import SimpleNamespace

from nbformat.v4 import new_code_cell, new_notebook
from traitlets.config import Config

from rumbo.classroom.feedback_page import (TEMPLATE, configure, is_pending, mark_pending, pending_line,
                                           pending_points)
from rumbo.core.i18n import set_language


def grade(points, needs_manual, manual=None, name="q"):
    return SimpleNamespace(name=name, max_score=points, needs_manual_grade=needs_manual, manual_score=manual)


def test_a_grade_is_pending_until_a_person_gives_it():
    assert is_pending(grade(2, True))
    assert not is_pending(grade(2, True, manual=0.0))  # marked 0 is marked
    assert not is_pending(grade(1, False))  # autograded


def test_pending_points_of_a_notebook_and_of_an_assignment():
    first = SimpleNamespace(grades=[grade(2, True), grade(1, False), grade(3, True, manual=1.5)])
    second = SimpleNamespace(grades=[grade(0.5, True)])
    assert pending_points(first) == 2
    assert pending_points(SimpleNamespace(notebooks=[first, second])) == 2.5


def test_pending_line_in_spanish_and_english():
    assert pending_line(2) == ("2,0 puntos de respuestas escritas no cuentan todavía: cuentan cuando tu "
                               "formador las corrija.")
    set_language("en")
    assert pending_line(2).startswith("2.0 points of written answers do not count yet")


def test_config_changes_generate_feedback_only():
    c = Config()
    configure(c)
    assert c.GenerateFeedback.HTMLExporter.template_name == TEMPLATE
    assert "HTMLExporter" not in c  # the formgrader's own pages keep nbgrader's template
    assert "rumbo.classroom.feedback_page.mark_pending" in c.GenerateFeedback.HTMLExporter.preprocessors


def test_a_notebook_that_is_not_a_submission_gets_labels_and_no_marks():
    nb = new_notebook(cells=[new_code_cell("x = 1", metadata={"nbgrader": {"grade_id": "q1", "grade": True}})])
    nb, resources = mark_pending(nb, {})
    assert resources["rumbo"]["pending"] == 0 and resources["rumbo"]["labels"]["pending"] == "pendiente"
    assert "pending" not in nb.cells[0].metadata["nbgrader"]
