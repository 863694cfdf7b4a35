"""Every numeric check of every exercise, fed what owners really type, for every bundled business.

For each question: the answer typed from the tables (its ``solution()`` pasted into the release)
is right; a decimal comma (Python's tuple), a percentage for a proportion, the number written as
Spanish text, ``None``, and an answer whose cell failed (a misspelled name) each get their own
message; the answer rounded as the prompt says is right and rounded too much is "almost"; each
misconception the question knows is told apart from the right value and named. The expected
values come from the bundled data through ``rumbo.exercises.exNN.questions(business)``.
"""

from __future__ import annotations

import math

import pytest

from rumbo.exercises import kernel
from rumbo.exercises.checks import CORRECT, INCORRECT, NOT_ATTEMPTED, NOT_RUN
from rumbo.exercises.typed import plain
from tests.exercise_support import (BUSINESSES, EXERCISES, graded_questions, numeric_questions, questions,
                                    release_namespace)

JARGON = ("tuple", "NameError", "Traceback", "traceback", "NoneType", "float", "'str'")
#: A tolerance looser than this share of the value would let wrong methods through.
LOOSEST = 0.07


def cases():
    for exercise in EXERCISES:
        q = questions(exercise, BUSINESSES[0])
        for name in numeric_questions(q):
            yield exercise, name


@pytest.fixture(autouse=True)
def fresh_kernel_state():
    kernel.forget()
    yield
    kernel.forget()


def spanish(value: float, decimals: int) -> str:
    """A number as a Spanish owner writes it: 1.553,33 / 0,58."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


@pytest.mark.parametrize("business", BUSINESSES)
@pytest.mark.parametrize("exercise", EXERCISES)
def test_every_solution_pasted_into_the_release_is_right(exercise, business):
    """``qN.solution()`` prints lines that run in the learner's notebook and are right there."""
    namespace = release_namespace(exercise, business)
    for name, q in graded_questions(namespace["q"]).items():
        exec(q.solution().body, namespace)
        result = q.check(namespace[q.variable])
        assert result.status == CORRECT, (exercise, business, name, result)


@pytest.mark.parametrize("business", BUSINESSES)
@pytest.mark.parametrize("exercise,name", list(cases()))
def test_owner_mistakes_get_their_own_message(exercise, name, business):
    q = getattr(questions(exercise, business), name)
    value, decimals = float(q.expected()), q.precision.decimals
    shown = round(value, decimals)

    whole, _dot, fraction = f"{abs(shown):.{max(decimals, 1)}f}".partition(".")
    comma = q.check((int(whole) * (1 if shown >= 0 else -1), int(fraction)))
    assert comma.status == INCORRECT and "En Python los decimales llevan punto: escribe" in comma.message

    typed = f"{spanish(value * 100, decimals)} %" if q.ratio else spanish(value, decimals)
    read = q.check(typed)
    assert read.status == CORRECT and "He leído" in read.message, (typed, read)

    if q.ratio and abs(value) > 1e-9:
        percent = q.check(value * 100)
        assert percent.status == INCORRECT and "porcentaje" in percent.message, percent

    assert q.check(None).status == NOT_ATTEMPTED and "Aún no has respondido" in q.check(None).message

    kernel.watch([q.variable])
    kernel.record(f"{q.variable} = fín - inicio", NameError("name 'fín' is not defined", name="fín"))
    stale = q.check(value)
    assert stale.status == NOT_RUN and f"«{q.variable}»" in stale.message and "«fín»" in stale.message
    kernel.record(f"{q.variable} = {plain(value)}", None)
    assert q.check(value).ok

    for result in (comma, read, stale):
        assert not any(word in result.message for word in JARGON), result.message


@pytest.mark.parametrize("business", BUSINESSES)
@pytest.mark.parametrize("exercise,name", list(cases()))
def test_rounding_as_the_prompt_says_and_misconceptions_told_apart(exercise, name, business):
    q = getattr(questions(exercise, business), name)
    value, precision = float(q.expected()), q.precision
    assert q.check(round(value, precision.decimals)).ok
    exact = precision.decimals == 0 and value.is_integer()  # whole days: the tolerance is nil
    assert precision.tolerance <= LOOSEST * abs(value) or precision.decimals >= 4 or exact, \
        f"{precision.note()} lets through more than {LOOSEST:.0%} of {value}"
    if precision.decimals and not precision.accepts(round(value, precision.decimals - 1), value):
        coarse = q.check(round(value, precision.decimals - 1))
        assert coarse.status == INCORRECT and precision.note() in coarse.message, coarse
    for value_of, message in q.slips:
        slip = float(value_of())
        if not math.isfinite(slip) or precision.accepts(slip, value):
            continue  # in this business the slip gives the right number: nothing to tell apart
        assert abs(slip - value) > 2 * precision.tolerance or exact, (name, slip, value)
        result = q.check(round(slip, precision.decimals + 2))
        assert result.status == INCORRECT and result.message.startswith(message), (name, slip, result)


def test_each_numeric_question_names_the_misconception_it_grades():
    """Every numeric question knows at least one wrong method and says what is wrong with it."""
    for exercise, name in cases():
        q = getattr(questions(exercise, BUSINESSES[0]), name)
        assert q.slips, (exercise, name)
