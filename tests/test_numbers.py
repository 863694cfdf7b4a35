"""rumbo.core.numbers: the one parser for numbers a learner types."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from rumbo.core.errors import InvalidInputError, RumboError
from rumbo.core.i18n import babel_locale, set_language
from rumbo.core.numbers import UNITS, optional_number, parse_number, parse_percent

WHAT = "seguidores de hoy"


@pytest.mark.parametrize("typed,expected", [
    ("1.500", 1500), ("2,5", 2.5), ("1.234,56", 1234.56), ("12.000.000", 12_000_000),
    ("1500", 1500), (" 3 ", 3), ("0,5", 0.5), (",5", 0.5), ("-3", -3), ("−3", -3), ("+3", 3),
    ("1,500", 1.5), ("1 500", 1500), ("1\u00a0500", 1500), ("12 000 000", 12_000_000),
    ("15 €", 15), ("15€", 15), ("€15", 15), ("15 EUR", 15), ("1.500 €", 1500), ("25 %", 25),
    ("25%", 25), ("0.5", 0.5), ("-0.25", -0.25), ("2,5 h", 2.5), ("2,5h", 2.5), ("30 min", 30), ("3 veces", 3), ("- 4", -4),
])
def test_spanish_owners_type_numbers_the_spanish_way(typed, expected):
    assert parse_number(typed, WHAT) == pytest.approx(expected)


@pytest.mark.parametrize("typed,expected", [
    ("1,500", 1500), ("2.5", 2.5), ("1,234.56", 1234.56), ("1.500", 1.5), ("£15", 15),
])
def test_english_follows_english_rules(typed, expected):
    set_language("en")
    assert parse_number(typed, WHAT) == pytest.approx(expected)


@pytest.mark.parametrize("value", [3, 2.5, np.int64(7), np.float64(0.25), Decimal("1.5")])
def test_numbers_pass_through_as_floats(value):
    result = parse_number(value, WHAT)
    assert isinstance(result, float) and result == float(value)


@pytest.mark.parametrize("typed", ["mil", "1,2,3", "12,000.000", "dos", "1.2.3,4,5", "15 kg",
                                   "€", "%", "abc123", "1..5"])
def test_words_and_broken_numbers_get_a_plain_spanish_message(typed):
    with pytest.raises(InvalidInputError) as info:
        parse_number(typed, WHAT)
    message = str(info.value)
    assert WHAT in message
    for word in ("float", "str", "tuple", "ValueError", "Traceback", "decimal"):
        assert word not in message


@pytest.mark.parametrize("typed,first,second", [("2.5", "25", "2,5"), ("1.5", "15", "1,5")])
def test_an_ambiguous_grouping_offers_both_readings(typed, first, second):
    with pytest.raises(InvalidInputError) as info:
        parse_number(typed, WHAT)
    assert first in str(info.value) and second in str(info.value)


@pytest.mark.parametrize("value", [True, False, math.nan, math.inf, -math.inf, "inf", [1], {}])
def test_not_numbers_are_refused(value):
    with pytest.raises(InvalidInputError) as info:
        parse_number(value, WHAT)
    assert WHAT in str(info.value)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_an_empty_field_is_refused_or_none(value):
    with pytest.raises(InvalidInputError, match="Falta un número"):
        parse_number(value, WHAT)
    assert optional_number(value, WHAT) is None


def test_percentages_are_explicit():
    assert parse_number("25 %", WHAT) == 25
    assert parse_percent("25 %", WHAT) == pytest.approx(0.25)
    assert parse_percent("25", WHAT) == pytest.approx(0.25)
    assert parse_percent("2,5", WHAT) == pytest.approx(0.025)


def test_english_messages_follow_the_language():
    set_language("en")
    with pytest.raises(InvalidInputError) as info:
        parse_number("mil", WHAT)
    assert "number" in str(info.value)


# --- properties -----------------------------------------------------------------------

LANGUAGES = st.sampled_from(["es", "en"])


@given(st.integers(min_value=-10**12, max_value=10**12), LANGUAGES)
def test_every_whole_number_written_with_grouping_reads_back(n, language):
    set_language(language)
    written = format_decimal(n, format="#,##0", locale=babel_locale())
    assert parse_number(written, WHAT) == n


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False), LANGUAGES)
def test_every_decimal_written_by_the_course_reads_back(d, language):
    set_language(language)
    written = format_decimal(d, format="#,##0.00", locale=babel_locale())
    assert parse_number(written, WHAT) == pytest.approx(float(d), abs=1e-9)


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(UNITS), st.booleans(),
       st.sampled_from(["", " "]))
def test_a_unit_before_or_after_never_changes_the_value(n, unit, before, space):
    written = format_decimal(n, format="#,##0", locale=babel_locale())
    typed = f"{unit}{space}{written}" if before else f"{written}{space}{unit}"
    assert parse_number(typed, WHAT) == n


@given(st.text(max_size=30))
def test_any_text_is_a_number_or_a_message(text):
    try:
        result = optional_number(text, WHAT)
    except RumboError as exc:
        assert WHAT in str(exc)
    else:
        assert result is None or math.isfinite(result)


def test_no_module_parses_typed_numbers_by_hand():
    """Every typed number goes through parse_number. The importers are the one exception: they
    read whole exported columns whose convention is judged on the column (see importers)."""
    import rumbo

    src = Path(rumbo.__file__).parent
    by_hand = [p.relative_to(src).as_posix() for p in src.rglob("*.py")
               if p.name != "importers.py"
               and re.search(r"""replace\(\s*["'],["']\s*,\s*["']\.["']\s*\)""", p.read_text(encoding="utf-8"))]
    assert not by_hand, f"numbers parsed by hand in: {by_hand}"
