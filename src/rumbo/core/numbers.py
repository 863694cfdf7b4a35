"""The one parser for numbers a learner types, in a field or in a cell.

:func:`parse_number` reads a number the way the learner's language writes it
(Babel's ``parse_decimal`` with the CLDR rules of the language chosen with
:func:`rumbo.core.i18n.set_language`, in strict mode):

=====================  ===============  ===============
typed                  Spanish          English
=====================  ===============  ===============
``"1.500"``            1500             1.5
``"2,5"``              2.5              refused (25 or 2.5?)
``"1.234,56"``         1234.56          refused
``"12.000.000"``       12000000         refused
``"1,500"``            1.5              1500
``"2.5"``              refused          2.5
=====================  ===============  ===============

What an owner types around a number is accepted too: spaces (``" 3 "``, and
``"1 500"`` with spaces between groups of three digits), a minus sign (``-`` or
``−``), and one unit before or after it: a currency (``"15 €"``, ``"15€"``,
``"€15"``, ``"15 EUR"``), a percent sign (``"25 %"``), hours or minutes
(``"2,5 h"``, ``"30 min"``) or times (``"3 veces"``). A number that is already a
number (``int``, ``float``, ``Decimal``, numpy) passes through as a float.

Anything else raises :class:`~rumbo.core.errors.InvalidInputError` with a
message in the learner's language that names the field (``what``): an empty
field, a word (``"mil"``), separators that make no number (``"1,2,3"``), a
grouping that could mean two numbers (``"2.5"`` in Spanish: 25 or 2,5? the
message offers both), ``True``/``False``, NaN or infinity.

Percentages are explicit, never guessed:

- :func:`parse_number` returns the figure as written: ``"25 %"`` and ``"25"``
  both give ``25.0``. Use it for a field whose label says "(%)" and whose value
  is kept as a percentage.
- :func:`parse_percent` returns a ratio: ``"25 %"`` and ``"25"`` both give
  ``0.25``. Use it where the calculation needs a share of one.

:func:`optional_number` is :func:`parse_number` for a field that may be left
empty: it returns ``None`` instead of refusing.
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import Decimal

from babel.numbers import NumberFormatError, get_decimal_symbol, get_group_symbol, parse_decimal

from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import babel_locale, translator

_, N_, ngettext = translator("core")

#: Units a learner may type before or after a number (compared without case).
UNITS = (
    "€", "$", "£", "%", "eur", "euros", "euro", "usd", "mxn", "cop", "ars", "clp", "pen", "uyu",
    "gtq", "dop", "bob", "pyg", "crc", "h", "hora", "horas", "hour", "hours", "min", "minuto",
    "minutos", "minute", "minutes", "vez", "veces", "times",
)
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_BEFORE = re.compile(rf"^(?:{_UNIT})\s*(?=[-+−\d.,])", re.IGNORECASE)
_AFTER = re.compile(rf"(?<=[\d.,])\s*(?:{_UNIT})\.?$", re.IGNORECASE)
#: Spaces between groups of three digits: "1 500", "12 000 000" (also no-break spaces).
_SPACED = re.compile(r"^[-+]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?$")
_MINUS = str.maketrans({"−": "-", "\u2013": "-"})


def _refuse(message: str, **fields) -> InvalidInputError:
    return InvalidInputError(message.format(**fields))


def _from_text(raw: str, what: str) -> float | None:
    text = raw.strip().translate(_MINUS)
    if not text:
        return None
    text = _AFTER.sub("", _BEFORE.sub("", text)).strip()
    if _SPACED.match(text):
        text = re.sub(r"[ \u00a0\u202f]", "", text)
    text = re.sub(r"^([-+])\s+", r"\1", text)
    locale = babel_locale()
    group = get_group_symbol(locale)
    if re.fullmatch(rf"[-+]?0{re.escape(group)}\d+", text):
        # "0.5" in Spanish: a number never starts with a group of thousands, so the separator
        # can only be a decimal one typed the other way round.
        text = text.replace(group, get_decimal_symbol(locale))
    if not text:
        raise _refuse(_("«{value}» no lleva ninguna cifra: escribe un número en «{what}», por "
                        "ejemplo 1.500 o 2,5."), value=raw.strip(), what=what)
    try:
        number = parse_decimal(text, locale=locale, strict=True)
    except NumberFormatError as exc:
        options = [s for s in (getattr(exc, "suggestions", None) or []) if s]
        if len(options) >= 2:
            raise _refuse(_("«{value}» en «{what}» puede leerse de dos maneras: ¿quieres decir "
                            "{first} o {second}?"), value=raw.strip(), what=what,
                          first=options[0], second=options[1]) from None
        raise _refuse(_("«{value}» no es un número: revisa «{what}». Escríbelo con cifras, por "
                        "ejemplo 1.500 o 2,5."), value=raw.strip(), what=what) from None
    return float(number)


def optional_number(value, what: str) -> float | None:
    """What the learner typed in ``what`` as a float, or ``None`` when the field is empty.

    See the module's docstring for what is accepted; everything else raises
    :class:`InvalidInputError` naming ``what``.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise _refuse(_("En «{what}» va un número, no sí o no."), what=what)
    if isinstance(value, str):
        number = _from_text(value, what)
        if number is None:
            return None
    elif isinstance(value, (numbers.Real, Decimal)):
        number = float(value)
    else:
        raise _refuse(_("«{value}» no es un número: revisa «{what}»."), value=value, what=what)
    if not math.isfinite(number):
        raise _refuse(_("Escribe un número normal en «{what}» (no vale infinito ni vacío)."),
                      what=what)
    return number


def parse_number(value, what: str) -> float:
    """What the learner typed in ``what`` as a float; an empty field is refused too.

    >>> parse_number("1.500", "seguidores"), parse_number("2,5 h", "horas")
    (1500.0, 2.5)
    """
    number = optional_number(value, what)
    if number is None:
        raise _refuse(_("Falta un número en «{what}»."), what=what)
    return number


def parse_percent(value, what: str) -> float:
    """A percentage as typed (``"25 %"``, ``"25"``, ``"2,5"``) turned into a ratio (0.25, 0.025)."""
    return parse_number(value, what) / 100
