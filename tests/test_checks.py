"""Self-check objects: right, wrong, not attempted; never a traceback."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from rumbo.exercises.checks import (CORRECT, INCORRECT, NOT_ATTEMPTED, Question, close_to, same_function, same_mapping, same_series)


def question(checker, hidden=()):
    return Question("P1", checker, "pista", "solución", hidden=list(hidden))


def test_value_question_states():
    q = question(close_to(lambda: 0.25, ratio=True))
    assert q.check(0.25).status == CORRECT
    assert q.check(None).status == NOT_ATTEMPTED
    wrong = q.check(0.3)
    assert wrong.status == INCORRECT and "0.3" in wrong.message
    assert "porcentaje" in q.check(25).message  # the percent-for-ratio slip is named
    assert q.check("hola").status == INCORRECT
    assert q.check(True).status == INCORRECT
    assert "NaN" in q.check(math.nan).message


def test_assert_ok_and_hidden():
    q = question(close_to(lambda: 1.0, rel=0.1), hidden=[close_to(lambda: 1.0, rel=1e-6)])
    q.assert_ok(1.05)
    with pytest.raises(AssertionError):
        q.assert_hidden(1.05)  # the hidden test is stricter
    q.assert_hidden(1.0)
    with pytest.raises(AssertionError, match="Sin responder"):
        q.assert_ok(None)


def test_function_question_reports_the_failing_call_and_survives_errors():
    q = question(same_function(lambda a, b: a / b, [(1, 2), (3, 4)]))
    assert q.check(lambda a, b: a / b).ok
    wrong = q.check(lambda a, b: a * b)
    assert wrong.status == INCORRECT and "(1, 2)" in wrong.message
    boom = q.check(lambda a, b: 1 / 0)
    assert boom.status == INCORRECT and "ZeroDivisionError" in boom.message
    assert q.check(42).status == INCORRECT


def test_mapping_question_counts_wrong_answers_without_revealing_them():
    q = question(same_mapping(lambda: {"a": True, "b": False, "c": True}))
    assert q.check({"a": True, "b": False, "c": True}).ok
    wrong = q.check({"a": True, "b": True, "c": False})
    assert "2" in wrong.message and "b" not in wrong.message.replace("no coinciden", "")
    assert "c" in q.check({"a": True, "b": False}).message


def test_series_question():
    want = pd.Series({"reel": 0.03, "photo": 0.02})
    q = question(same_series(lambda: want))
    assert q.check(want.copy()).ok
    assert q.check({"reel": 0.03, "photo": 0.02}).ok
    assert q.check(pd.Series({"reel": 0.03, "photo": 0.05})).status == INCORRECT
    assert q.check(pd.Series({"reel": 0.03})).status == INCORRECT
    assert q.check([0.03, 0.02]).status == INCORRECT


def test_results_display_as_markdown_and_text():
    q = question(close_to(lambda: 2.0))
    result = q.check(2.0)
    assert "Correcto" in str(result) and "Correcto" in result._repr_markdown_()
    assert "pista" in str(q.hint()) and "solución" in q.solution()._repr_markdown_()
