"""What an exercise notebook does first, in one call.

``q = open_exercise(ex00, business, plan_path, language)`` starts the course session
(language, chart style, profile), builds the exercise's questions from the bundled
data of ``business``, and makes the kernel speak to an owner
(:func:`rumbo.exercises.kernel.install`: one Spanish line per error, and answers that
did not run are never judged). ``q`` holds the questions (``q.q1``...), the tables
the exercise shows and the session.
"""

from __future__ import annotations

from types import ModuleType, SimpleNamespace

from rumbo.course import start
from rumbo.exercises import kernel
from rumbo.exercises.checks import Question


def answer_variables(q: SimpleNamespace) -> list[str]:
    """The variables the answer cells set, one per question (challenges included)."""
    return [v.variable for v in vars(q).values() if isinstance(v, Question) and v.variable]


def open_exercise(exercise: ModuleType, business: str = "panaderia", plan_path: str | None = None,
                  language: str = "es") -> SimpleNamespace:
    session = start(business, plan_path, language)
    q = exercise.questions(business)
    q.session = session
    kernel.forget()
    kernel.install(answer_variables(q))
    return q
