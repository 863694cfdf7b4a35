"""rumbo.data.schema: the plan's shape written down, and readers that never raise."""

from __future__ import annotations

import typing

from hypothesis import given
from hypothesis import strategies as st

from rumbo.data import schema
from rumbo.plan_example import example_plan

JSON = st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5),
                                                                                 inner, max_size=3),
                    max_leaves=8)


def declared(kind) -> set[str]:
    return set(typing.get_type_hints(kind))


def test_the_schema_declares_every_field_the_course_writes():
    for business in ("panaderia", "cosmetica", "ferreteria"):
        plan = example_plan(business)
        assert set(plan) <= declared(schema.Plan)
        hints = typing.get_type_hints(schema.Plan)
        for name in schema.SECTIONS:
            value = plan[name]
            assert isinstance(value, schema.SECTION_TYPES[name]), name
            kind = hints[name]
            entry = typing.get_args(kind)[0] if typing.get_origin(kind) is list else kind
            for record in (value if isinstance(value, list) else [value]):
                assert set(record) <= declared(entry), (name, set(record) - declared(entry))


@given(st.dictionaries(st.sampled_from([*schema.SECTIONS, "otra"]), JSON, max_size=6))
def test_readers_never_raise_whatever_the_plan_holds(plan):
    clean, problems = schema.check_sections(plan)
    assert all(isinstance(clean[s], schema.SECTION_TYPES[s]) for s in schema.SECTIONS
               if s in clean and clean[s] is not None)
    assert len(problems) == sum(1 for s in schema.SECTIONS if s in plan and s not in clean)
    for name in schema.SECTIONS:
        assert isinstance(schema.section(plan, name), dict)
        assert all(isinstance(r, dict) for r in schema.records(plan, name))
    assert isinstance(schema.currency(plan), str)
    assert schema.hourly_cost(plan) is None or schema.hourly_cost(plan) >= 0
    assert schema.budget_hours(plan) is None or 0 <= schema.budget_hours(plan) <= 168


@given(JSON)
def test_a_number_or_a_date_or_none(value):
    number = schema.number(value)
    assert number is None or isinstance(number, float)
    schema.date_of(value)


def test_wrong_sections_are_named_in_the_learner_s_words():
    clean, problems = schema.check_sections({"profile": 5, "kpis": {"a": 1}, "habit": {}})
    assert clean == {"habit": {}}
    assert "«profile» (perfil del negocio)" in problems[0] and "una ficha con campos" in problems[0]
    assert "«kpis»" in problems[1] and "una lista" in problems[1]
