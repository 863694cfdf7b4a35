"""``rumbo classroom feedback``: nbgrader's HTML feedback without hidden tests, plus a summary.

For every graded learner, nbgrader's ``generate_feedback`` writes
``feedback/ID/ASSIGNMENT/NOTEBOOK.html``; the class config puts
:class:`preprocessors.HideHiddenTests` first, so hidden tests never appear
(plain nbgrader shows them: its issue #917). Next to it, ``resumen.html`` and
``resumen.txt`` tell the learner, in a few Spanish lines, their score, what is
right, what to review (with the friendly message of the check that failed)
and what the trainer still has to read. Learners whose file could not be
graded get a summary too, saying why and what to send again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rumbo.classroom import diagnose, pages
from rumbo.classroom.feedback_page import pending_line, submission_pending
from rumbo.classroom.folder import ClassFolder, load_config, run_converter
from rumbo.classroom.grade import GRADED, load_results
from rumbo.core.errors import DataError
from rumbo.core.i18n import fmt_number, get_language, in_language, translator

_, N_, ngettext = translator("classroom")


@dataclass
class FeedbackResult:
    html: list[str] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def summarize(name: str, assignment: str, outcome: dict, questions: list[dict], pending: float = 0.0) -> dict:
    """The learner's summary as data: title, score line, and three lists. ``pending``: points of
    written answers the trainer has not marked yet, left out of the total until marked."""
    score, top = outcome.get("score"), (outcome.get("max_score") or 0) - pending
    if outcome.get("status") == GRADED and score is not None:
        score_line = _("Nota automática: {score} de {top} puntos.").format(
            score=fmt_number(score, 1), top=fmt_number(top, 1))
        if pending:
            score_line += " " + pending_line(pending)
    else:
        score_line = _("No hemos podido corregir tu entrega: nota 0 por ahora.")
    good = [q["label"] for q in questions if not q["manual"] and q["passed"]]
    review = [(q["label"], q["message"]) for q in questions if not q["manual"] and not q["passed"]]
    manual = [q["label"] for q in questions if q["manual"]]
    return {
        "title": _("{assignment} · {name}").format(assignment=assignment, name=name),
        "score": score_line,
        "good": good, "review": review, "manual": manual,
        "notes": list(outcome.get("notes", [])),
    }


def summary_text(data: dict) -> str:
    lines = [data["title"], "", data["score"]]
    if data["good"]:
        lines += ["", _("Lo que ya tienes bien:")] + [f"  ✓ {label}" for label in data["good"]]
    if data["review"]:
        lines += ["", _("Lo que conviene repasar:")]
        for label, message in data["review"]:
            lines.append(f"  • {label}" + (f": {message}" if message else ""))
    if data["manual"]:
        lines += ["", _("Tu formador leerá y puntuará:")] + [f"  · {label}" for label in data["manual"]]
    if data["notes"]:
        lines += ["", _("Sobre tu archivo:")] + [f"  ! {note}" for note in data["notes"]]
    return "\n".join(lines) + "\n"


def summary_html(data: dict) -> str:
    labels = {"good": _("Lo que ya tienes bien"), "review": _("Lo que conviene repasar"),
              "manual": _("Tu formador leerá y puntuará"), "notes": _("Sobre tu archivo"),
              "lang": get_language(), "heading": _("Resumen de tu ejercicio")}
    return pages.render("classroom_resumen.html", data=data, labels=labels)


def generate_feedback(cls: ClassFolder, assignment: str, progress: bool = True) -> FeedbackResult:
    from tqdm import tqdm

    assignment = cls.resolve(assignment)
    results = load_results(cls, assignment).get("outcomes", {})
    if not results:
        raise DataError(_("Todavía no hay notas de {assignment}: corrige antes con «rumbo classroom grade "
                          "{assignment}».").format(assignment=assignment))
    roster = cls.roster().by_id()
    config = load_config(cls.config_file)
    out = FeedbackResult()
    for student in tqdm(sorted(results), desc=_("Preparando comentarios"), unit=_("alumno"),
                        disable=not progress):
        with in_language(cls.edition):  # pages and summaries in the class's language
            _learner_feedback(cls, assignment, student, results[student], roster, config, out)
    return out


def _learner_feedback(cls: ClassFolder, assignment: str, student: str, outcome: dict, roster: dict, config,
                      out: FeedbackResult) -> None:
    """One learner's feedback pages (nbgrader's, when their hand-in was graded) and summary."""
    learner = roster.get(student)
    name = learner.full_name if learner else student
    folder = cls.feedback(student, assignment)
    questions: list[dict] = []
    pending = 0.0
    if cls.autograded(student, assignment).is_dir():
        pending = submission_pending(cls.db_url, assignment, student)
        done = run_converter("generate_feedback", config, assignment, student)
        if done["success"]:
            out.html += [str(p.relative_to(cls.path)) for p in sorted(folder.glob("*.html"))
                         if p.name != "resumen.html"]
        else:
            out.failed.append(student)
        for nb in sorted(cls.autograded(student, assignment).glob("*.ipynb")):
            questions += diagnose.question_results(diagnose.read_notebook(nb) or {})
    folder.mkdir(parents=True, exist_ok=True)
    data = summarize(name, assignment, outcome, questions, pending)
    (folder / "resumen.txt").write_text(summary_text(data), encoding="utf-8")
    (folder / "resumen.html").write_text(summary_html(data), encoding="utf-8")
    out.summaries.append(str((folder / "resumen.txt").relative_to(cls.path)))

