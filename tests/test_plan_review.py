"""Module 7: completeness, consistency findings, the action plan and the seven-mistakes audit."""

from __future__ import annotations

import copy
import json
import math
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rumbo.data import plan as plan_file
from rumbo import plan_review as review
from rumbo.core.errors import InvalidInputError
from rumbo.plan_example import example_plan

BUSINESSES = ("panaderia", "cosmetica", "ferreteria")


def codes(plan: dict) -> set[str]:
    return {f.code for f in review.consistency(plan)}


@pytest.fixture(scope="module")
def full():
    return example_plan("panaderia", "es")


# --- completeness -------------------------------------------------------------------------


def test_empty_plan_is_all_to_do_and_never_raises():
    for plan in ({}, plan_file.new_plan(), {"objectives": "oops", "routine": 3, "profile": []}):
        statuses = review.section_status(plan)
        assert [s.section for s in statuses] == list(plan_file.SECTIONS)
        assert all(s.status == "todo" for s in statuses if s.section not in plan or
                   plan[s.section] in ([], {}, ""))
        assert review.completeness({}) == 0
        findings = review.consistency(plan)
        assert not [f for f in findings if f.level == "error"]
        assert {"objectives_missing", "routine_missing", "budget_missing",
                "response_targets_missing", "protocol_missing"} <= codes(plan)
        for f in findings:
            assert f.message and (f.fix or f.level == "ok")


@pytest.mark.parametrize("business", BUSINESSES)
def test_example_plan_is_complete_and_consistent(business):
    plan = example_plan(business)
    assert all(s.status == "done" for s in review.section_status(plan))
    assert review.completeness(plan) == 1
    assert review.problems(review.consistency(plan)) == []
    assert {"objectives_complete", "milestones_ok", "routine_fits", "cost_adds_up",
            "response_ok"} <= codes(plan)
    json.dumps(plan)  # plain JSON
    assert review.action_plan(plan).fits


def test_example_plan_is_a_fresh_copy_and_in_the_asked_language():
    a, b = example_plan("cosmetica", "es"), example_plan("cosmetica", "es")
    a["objectives"].clear()
    assert b["objectives"]
    english = example_plan("cosmetica", "en")
    assert english["language"] == "en"
    assert english["objectives"][0]["action"] != b["objectives"][0]["action"]


def test_unknown_business_is_a_clear_error():
    from rumbo.core.errors import DataError

    with pytest.raises(DataError, match="No existe el negocio"):
        example_plan("zapateria")


def test_partial_section_is_half_done(full):
    plan = copy.deepcopy(full)
    del plan["objectives"][0]["deadline"]
    plan["time_budget"] = {"weekly_hours": 3}
    status = {s.section: s.status for s in review.section_status(plan)}
    assert status["objectives"] == "partial" and status["time_budget"] == "partial"
    assert 0 < review.completeness(plan) < 1


# --- consistency --------------------------------------------------------------------------


def test_objective_without_kpi_target_or_deadline(full):
    plan = copy.deepcopy(full)
    plan["objectives"][0].update(kpi=None, target=None, deadline="pronto")
    found = {f.code: f for f in review.consistency(plan)}
    for code in ("objective_no_kpi", "objective_no_target", "objective_no_deadline"):
        assert found[code].level == "error" and found[code].fix
    assert "objectives_complete" not in found
    assert review.consistency(plan)[0].level == "error"  # problems first


def test_milestone_after_the_deadline(full):
    plan = copy.deepcopy(full)
    plan["milestones"][1]["steps"][-1]["date"] = "2030-01-01"
    found = [f for f in review.consistency(plan) if f.code == "milestone_after_deadline"]
    assert len(found) == 1 and "01/01/2030" in found[0].message


def test_milestones_out_of_order_and_missing(full):
    plan = copy.deepcopy(full)
    steps = plan["milestones"][0]["steps"]
    steps[0]["date"], steps[1]["date"] = steps[1]["date"], steps[0]["date"]
    plan["milestones"][2]["steps"] = []
    assert {"milestones_unordered", "objective_no_milestones"} <= codes(plan)
    plan["milestones"] = []
    assert "milestones_missing" in codes(plan)


def test_routine_over_the_weekly_hours(full):
    plan = copy.deepcopy(full)
    plan["routine"]["grid"]["sun"] = {"create": 200}
    found = {f.code: f for f in review.consistency(plan)}
    assert found["routine_over_budget"].level == "error"
    assert "200" in found["routine_over_budget"].fix


def test_routine_without_known_hours(full):
    plan = copy.deepcopy(full)
    del plan["time_budget"], plan["profile"]["hours_per_week"]
    assert "hours_unknown" in codes(plan)


def test_monthly_cost_must_add_up(full):
    plan = copy.deepcopy(full)
    plan["time_budget"]["monthly_cost"] += 100
    found = {f.code: f for f in review.consistency(plan)}
    assert found["cost_mismatch"].level == "error"
    plan["time_budget"]["hours_per_week"]["learning"] += 5
    assert "hours_mismatch" in codes(plan)


def test_zero_hourly_cost_and_currency_mismatch_are_warnings(full):
    plan = copy.deepcopy(full)
    budget = plan["time_budget"]
    budget.update(hourly_cost=0, monthly_cost=budget["tools_per_month"] + budget["ads_per_month"],
                  currency="USD")
    found = {f.code: f.level for f in review.consistency(plan)}
    assert found["time_not_free"] == "warning" and found["currency_mismatch"] == "warning"
    assert "cost_adds_up" in found


def test_inventory_above_the_profile_hours(full):
    plan = copy.deepcopy(full)
    plan["profile"]["hours_per_week"] = 1
    assert "budget_over_profile_hours" in codes(plan)


def test_response_targets_and_protocol(full):
    plan = copy.deepcopy(full)
    del plan["listening"]["median_minutes"]
    plan["response_protocol"]["rules"][0]["max_minutes"] = None
    plan["response_protocol"]["needs_approval"] = True
    assert {"response_targets_incomplete", "protocol_incomplete",
            "protocol_needs_approval"} <= codes(plan)
    assert "response_ok" not in codes(plan)


def test_actions_over_budget(full):
    plan = copy.deepcopy(full)
    plan["objectives"][0]["hours_per_week"] = 50
    assert "actions_over_budget" in codes(plan)


def test_finding_as_dict_is_json(full):
    for finding in review.consistency(full):
        assert set(json.loads(json.dumps(finding.as_dict()))) == {"code", "level", "section",
                                                                  "message", "fix"}


def test_older_plan_file_migrates_and_is_reviewed(plan_path):
    plan_path.parent.mkdir(parents=True)
    plan_path.write_text(json.dumps({"name": "Ferretería Ñandú", "hours_per_week": 3,
                                     "hourly_cost": 10, "currency": "EUR", "networks": ["x"]}),
                         encoding="utf-8")
    plan = plan_file.load_plan(plan_path)
    statuses = {s.section: s for s in review.section_status(plan)}
    assert statuses["profile"].status == "done" and "Ñandú" in statuses["profile"].summary
    assert statuses["objectives"].status == "todo"


def test_corrupt_plan_file_is_set_aside_with_a_message(plan_path):
    from rumbo.widgets.plan import _load

    plan_path.parent.mkdir(parents=True)
    plan_path.write_text("{roto", encoding="utf-8")
    plan, notice = _load(plan_path)
    assert plan == plan_file.new_plan() and "dañado" in notice
    assert (plan_path.parent / "mi_plan.json.corrupt-1").read_text() == "{roto"


# --- the action plan ------------------------------------------------------------------------


def test_action_plan_costs(full):
    actions = review.action_plan(full)
    cost = full["time_budget"]["hourly_cost"]
    assert math.isclose(actions.time_cost, actions.total_hours * 52 / 12 * cost)
    assert math.isclose(actions.monthly_total, actions.time_cost + actions.tools + actions.ads)
    for row in actions.rows:
        assert math.isclose(row.cost, row.hours * 52 / 12 * cost)
    assert actions.fits and actions.spare_hours >= 0


def test_with_actions_validates_every_row(full):
    good = [("Publicar", 1), ("Responder", 0.5), ("Ofertas", 1)]
    updated = review.with_actions(full, good)
    assert [o["hours_per_week"] for o in updated] == [1, 0.5, 1]
    assert full["objectives"][0]["hours_per_week"] != 1 or True  # the plan is not changed
    with pytest.raises(InvalidInputError) as err:
        review.with_actions(full, [("", -1), ("x" * 300, float("nan")), (5, "mucho")])
    message = str(err.value)
    for part in ("falta la acción", "negativas", "demasiado larga", "vacío", "con palabras",
                 "no es un número"):
        assert part in message
    with pytest.raises(InvalidInputError, match="168"):
        review.with_actions(full, [("a", 169), ("b", 1), ("c", 1)])
    with pytest.raises(InvalidInputError, match="una acción por objetivo"):
        review.with_actions(full, good[:2])
    with pytest.raises(InvalidInputError, match="módulo 1"):
        review.with_actions({}, [])


@pytest.mark.parametrize("value", [None, "", True, [1], float("inf")])
def test_check_hours_refuses_what_is_not_hours(value):
    with pytest.raises(InvalidInputError):
        review.check_hours(value, "Objetivo 1")


def test_check_hours_accepts_a_decimal_comma():
    assert review.check_hours("1,5", "x") == 1.5


hours = st.floats(min_value=0, max_value=168, allow_nan=False)
money = st.floats(min_value=0, max_value=1e6, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(hours, hours, money, money, money)
def test_monthly_cost_is_additive_and_monotone(h1, h2, cost, tools, ads):
    if h1 + h2 > 168:
        return
    both = review.monthly_cost(h1 + h2, cost, tools, ads)
    parts = review.monthly_cost(h1, cost, tools, ads) + review.monthly_cost(h2, cost, 0, 0)
    assert math.isclose(both, parts, rel_tol=1e-9, abs_tol=1e-6)
    assert review.monthly_cost(h1, cost, tools, ads) >= tools + ads
    assert review.monthly_cost(h1, cost * 2, 0, 0) == pytest.approx(2 * review.monthly_cost(h1, cost))


@settings(max_examples=40, deadline=None)
@given(st.lists(hours.filter(lambda h: h <= 20), min_size=1, max_size=6),
       st.floats(min_value=0, max_value=60, allow_nan=False))
def test_fits_exactly_when_the_hours_are_within_the_budget(weekly, budget):
    plan = {"profile": {"hours_per_week": budget, "hourly_cost": 10, "currency": "EUR"},
            "objectives": [{"text": f"o{i}", "kpi": "reach", "hours_per_week": h}
                           for i, h in enumerate(weekly)]}
    actions = review.action_plan(plan)
    assert actions.fits == (sum(weekly) <= budget + 1e-9)
    assert math.isclose(actions.time_cost, sum(weekly) * 52 / 12 * 10, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize("value", [-1, float("nan"), None, "diez"])
def test_monthly_cost_refuses_bad_money(value):
    with pytest.raises(InvalidInputError):
        review.monthly_cost(2, value)


# --- the seven mistakes -------------------------------------------------------------------


def test_audit_of_the_example_avoids_all_seven(full):
    items = review.self_audit(full)
    assert [i.key for i in items] == [k for k, _t, _q in review.MISTAKES]
    assert all(i.verdict is True and i.evidence for i in items)
    score = review.audit_score(items)
    assert score["avoided"] == 7 and score["total"] == 7
    assert "siete" in review.audit_advice(score)


def test_audit_of_an_empty_plan_cannot_tell():
    items = review.self_audit({})
    assert all(i.verdict is None for i in items)
    assert review.audit_score(items)["unsure"] == 7


def test_audit_finds_the_mistakes_of_a_bad_plan(full):
    plan = copy.deepcopy(full)
    for o in plan["objectives"]:
        o.update(kpi="followers", goal="awareness")
    del plan["response_protocol"], plan["kpis"], plan["content"]
    plan["time_budget"]["hourly_cost"] = 0
    plan["routine"]["grid"] = {d: {"publish": 10} for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    plan["routine"]["networks"] = ["facebook", "instagram", "tiktok"]
    verdicts = {i.key: i.verdict for i in review.self_audit(plan)}
    assert verdicts == {"relationships": False, "metrics": False, "time": False, "silo": None,
                        "noise": False, "offline": False, "change": False}
    score = review.audit_score(review.self_audit(plan), {"silo": "avoid"})
    assert score["fallen"] == 6 and score["avoided"] == 1
    assert "6" in review.audit_advice(score)


def test_the_content_calendar_answers_mistakes_six_and_seven(full):
    plan = copy.deepcopy(full)
    for o in plan["objectives"]:
        o.update(kpi="followers", goal="awareness")
    del plan["routine"]
    posts = plan["content"]["posts"]
    hooked = sum(1 for p in posts if p.get("hook"))
    audit = {i.key: i for i in review.self_audit(plan)}
    # shop dates in the calendar address the offline world even with no offline objective
    assert hooked and audit["offline"].verdict is True
    assert f"{hooked} publicación de tu calendario se ata" in " ".join(audit["offline"].evidence)
    # a month that fits, with a post every week that starts in it: the profile does not go stale
    assert audit["change"].verdict is True and "publica todas las semanas" in audit["change"].evidence[0]
    for post in posts:
        post["hook"] = False
    assert {i.key: i.verdict for i in review.self_audit(plan)}["offline"] is False
    plan["content"]["fits"] = False
    change = {i.key: i for i in review.self_audit(plan)}["change"]
    assert change.verdict is False and "no cabe" in change.evidence[0]
    plan["content"]["fits"] = True
    plan["content"]["posts"] = posts[:1]  # one post: the other Mondays of the month are silent
    first = date.fromisoformat(posts[0]["date"])
    mondays = [d for d in (first.replace(day=1) + timedelta(days=i) for i in range(31))
               if d.month == first.month and d.weekday() == 0]
    silent = len(mondays) - 1
    change = {i.key: i for i in review.self_audit(plan)}["change"]
    assert change.verdict is False and f"deja {silent} semanas sin publicar" in change.evidence[0]
    plan["content"] = {"posts": ["x", {"date": "mañana"}]}  # a hand-edited section: nothing to read
    assert {i.key: i.verdict for i in review.self_audit(plan)}["change"] is None


def test_audit_without_suggestions_counts_what_is_not_answered(full):
    items = review.self_audit(full)
    score = review.audit_score(items, {"silo": "fall", "time": review.UNANSWERED}, suggest=False)
    assert (score["fallen"], score["avoided"], score["unanswered"]) == (1, 0, 6)
    assert "6 preguntas por responder" in review.audit_advice(score)
    assert review.audit_score(items)["unanswered"] == 0  # the document keeps the suggestions


def test_audit_answers_are_validated(full):
    items = review.self_audit(full)
    with pytest.raises(InvalidInputError, match="No conozco"):
        review.audit_score(items, {"mistake_8": "avoid"})
    with pytest.raises(InvalidInputError, match="Lo evito"):
        review.audit_score(items, {"silo": None})


def test_the_measurement_section_is_done_with_a_source_and_partial_without():
    plan = example_plan("cosmetica")
    status = {s.section: s for s in review.section_status(plan)}["measurement"]
    links, sources = len(plan["measurement"]["links"]), len(plan["measurement"]["sources"])
    assert status.status == "done" and status.module == 6
    assert status.summary == f"{links} enlaces, {sources} formas de medir"
    plan["measurement"]["sources"] = ["no es una lista de fuentes", 3][1:]
    assert {s.section: s for s in review.section_status(plan)}["measurement"].status == "partial"
    del plan["measurement"]
    assert {s.section: s for s in review.section_status(plan)}["measurement"].status == "todo"
