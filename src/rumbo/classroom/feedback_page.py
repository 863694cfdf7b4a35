"""nbgrader's feedback page in the learner's language, for `rumbo classroom feedback` and for
plain ``nbgrader generate_feedback`` (the formgrader's "Generate Feedback" too).

:func:`configure` is called by the course's nbgrader_config.py (and so by every class's,
which loads a copy of it). For generate_feedback only, it sets nbconvert's HTML exporter to
the ``rumbo_feedback`` template (``templates/nbgrader/``), which differs from nbgrader's own
in four ways: its labels are the course's (``_()``, Spanish by default); it loads nothing
from the internet (nbgrader's loads MathJax from a CDN; formulas stay as typed); a
Content-Security-Policy lets no script run (:data:`rumbo.classroom.pages.CONTENT_SECURITY_POLICY`,
as on the classroom's own pages); and a written answer the trainer has not marked yet says "pendiente", its points left out of the
total until it is marked. Hidden tests never reach the page: the class's preprocessors
remove them first (:class:`rumbo.classroom.preprocessors.HideHiddenTests`).

:func:`pending_points` is the same rule for the grade tables: what nbgrader counts as 0
while a person has still to mark it is left out of the learner's total and of averages.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from rumbo.classroom.pages import CONTENT_SECURITY_POLICY
from rumbo.core.i18n import fmt_number, get_language, translator

_, N_, ngettext = translator("feedback_page")

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates" / "nbgrader"
TEMPLATE = "rumbo_feedback"


def configure(c) -> None:
    """Point nbgrader's generate_feedback (only it) at the course's feedback page."""
    exporter = c.GenerateFeedback.HTMLExporter
    exporter.template_name = TEMPLATE
    exporter.extra_template_basedirs = [str(TEMPLATE_DIR)]
    exporter.preprocessors = [f"{__name__}.mark_pending"]
    exporter.filters = {"points": f"{__name__}.points"}
    exporter.exclude_input_prompt = True  # no "In [1]:" / "Out[1]:" in English
    exporter.exclude_output_prompt = True


def points(value) -> str:
    """A score as the learner reads it: ``2.5`` -> ``"2,5"``."""
    return fmt_number(float(value or 0), 1)


def is_pending(grade) -> bool:
    """A grade a person still has to give (nbgrader scores it 0 meanwhile)."""
    return bool(grade.needs_manual_grade) and grade.manual_score is None


def pending_points(submission) -> float:
    """Points of an nbgrader submission (assignment or notebook) still waiting to be marked."""
    notebooks = getattr(submission, "notebooks", None) or [submission]
    return sum(float(g.max_score or 0) for nb in notebooks for g in nb.grades if is_pending(g))


@contextmanager
def _gradebook(db_url: str):
    import warnings

    from nbgrader.api import Gradebook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy's SAWarnings from inside nbgrader
        with Gradebook(db_url) as gb:
            yield gb


def submission_pending(db_url: str, assignment: str, student: str) -> float:
    """:func:`pending_points` of a learner's submission in a gradebook (0 if it has none)."""
    from nbgrader.api import MissingEntry

    with _gradebook(db_url) as gb:
        try:
            return pending_points(gb.find_submission(assignment, student))
        except MissingEntry:
            return 0.0


def pending_line(pending: float) -> str:
    """What the learner's summary says while written answers wait for the trainer."""
    return _("{points} puntos de respuestas escritas no cuentan todavía: cuentan cuando tu formador "
             "las corrija.").format(points=points(pending))


def labels() -> dict:
    return {
        "lang": get_language(),
        "total": _("Puntuación: {score} de {top} puntos"),
        "total_pending": _("{points} puntos más cuando tu formador corrija tus respuestas escritas"),
        "points": _("{score} de {top} puntos"),
        "pending": _("pendiente"),
        "pending_title": _("Tu formador todavía no ha corregido esta respuesta: no cuenta en la "
                           "puntuación hasta entonces."),
        "test": _("Comprobación"),
        "code_answer": _("Respuesta de código"),
        "written": _("Respuesta escrita"),
        "task": _("Tarea"),
        "comment": _("Comentario"),
        "late": _("Penalización por entregar tarde"),
        "answer": _("Tu respuesta"),
        "your_task": _("Tu tarea"),
        "top": _("volver arriba"),
        "comments": _("Comentario de tu formador:"),
    }


def mark_pending(nb, resources):
    """nbconvert preprocessor (a plain function, so that nbgrader_config.py imports no nbconvert):
    marks grade cells a person has still to mark (``metadata.nbgrader.pending``), puts their
    points in ``resources["rumbo"]["pending"]`` and the page's labels in
    ``resources["rumbo"]["labels"]``. Reads nbgrader's gradebook; a notebook that is not a
    graded submission (no ``resources["nbgrader"]``) only gets the labels."""
    info = resources.get("nbgrader") or {}
    pending: dict[str, bool] = {}
    total = 0.0
    if {"db_url", "notebook", "assignment", "student"} <= set(info):
        from nbgrader.api import MissingEntry

        with _gradebook(info["db_url"]) as gb:
            try:
                notebook = gb.find_submission_notebook(info["notebook"], info["assignment"], info["student"])
            except MissingEntry:
                notebook = None
            if notebook is not None:
                pending = {g.name: is_pending(g) for g in notebook.grades}
                total = pending_points(notebook)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if meta and meta.get("grade_id") in pending:
            meta["pending"] = pending[meta["grade_id"]]
    resources["rumbo"] = {"pending": total, "labels": labels(),
                          "content_security_policy": CONTENT_SECURITY_POLICY}
    return nb, resources
