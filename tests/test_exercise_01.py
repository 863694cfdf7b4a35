"""Exercise 01: SMART letters typed as text, the eight objectives judged by the course's own
checker (selling more is measured by sales or visits, not by interaction), and the values of
the data of each business."""

from __future__ import annotations

import pytest

from rumbo import objectives as obj
from rumbo.exercises import ex01
from rumbo.exercises.checks import CORRECT, INCORRECT
from tests.exercise_support import BUSINESSES, questions

Q = "01_objetivos"


@pytest.mark.parametrize("business", BUSINESSES)
def test_smart_letters_are_typed_as_text(business):
    q = questions(Q, business).q4
    right = ex01.smart_letters(business)
    assert right == "b, e, h"
    for typed in (right, right.upper(), "beh", "h, e y b", ["b", "e", "h"],
                  {k: k in "beh" for k in "abcdefgh"}):
        assert q.check(typed).status == CORRECT, typed
    wrong = q.check("b, e, g, h")
    assert wrong.status == INCORRECT and "1 objetivos mal clasificados" in wrong.message
    assert "«z»" in q.check("b, z").message
    assert "entre comillas" in q.check(3).message


def test_engagement_rate_does_not_measure_selling_more():
    """Case g: more engagement «para vender más» is not relevant (module 1's advice)."""
    case = ex01.smart_cases("panaderia")["g"]
    report = obj.check_smart(case, ex01.TODAY)
    relevant = {f.criterion: f for f in report.findings}["relevant"]
    assert not report.is_smart and not relevant.ok
    assert set(obj.GOALS["sell_more"][1]) == {"sales", "web_visits"}
    assert obj.check_smart(ex01.smart_cases("panaderia")["d"], ex01.TODAY).is_smart is False  # no date


@pytest.mark.parametrize("business", BUSINESSES)
def test_values_come_from_the_data_and_slips_are_named(business):
    q, e = questions(Q, business), ex01.expected(business)
    assert e["typical"] == pytest.approx(0.03)
    assert q.q2.check(e["end"] * 1.03 ** 12).status == CORRECT
    assert "0.03" in q.q2.check(e["end"] * 4 ** 12).message
    assert "(resultado − inicio)" in q.q3.check(e["end"] / (e["start"] * 1.2)).message
    assert "alcance" in q.q5.check(e["engaged_by_reach"]).message
    assert str(e["end"]) in q.smart_table.loc["b", "objetivo"]
    totals = ex01.instagram_2025(business)
    assert q.q5.check(totals["engagements"] / totals["followers"] * e["end"]).status == CORRECT
