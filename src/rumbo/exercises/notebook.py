"""What an exercise notebook does first, in one call.

``q = open_exercise(ex00, start(business, plan_path, language))`` takes the course
session the notebook started (language, chart style, profile: ``rumbo.course.start``,
a room of the same floor, so the notebook calls it), builds the exercise's questions
from the bundled data of the session's business, and makes the kernel speak to an owner
(:func:`rumbo.exercises.kernel.install`: one Spanish line per error, and answers that
did not run are never judged). ``q`` holds the questions (``q.q1``...), the tables
the exercise shows and the session.
"""

from __future__ import annotations

from types import ModuleType, SimpleNamespace

from rumbo.exercises import kernel
from rumbo.exercises.checks import Question


def answer_variables(q: SimpleNamespace) -> list[str]:
    """The variables the answer cells set, one per question (challenges included)."""
    return [v.variable for v in vars(q).values() if isinstance(v, Question) and v.variable]


def open_exercise(exercise: ModuleType, session) -> SimpleNamespace:
    q = exercise.questions(session.business)
    q.session = session
    kernel.forget()
    kernel.install(answer_variables(q))
    return q
