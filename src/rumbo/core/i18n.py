"""The one translation layer for on-screen strings.

Spanish is the source language: every user-facing string in the package is
written in Spanish inside ``_()`` (or ``ngettext``). English catalogs live in
``locale/en/LC_MESSAGES/<domain>.po``, one domain per package module so each
module owns its strings. Catalogs are read with Babel at first use and served
through the standard library's :mod:`gettext`, so no compile step is needed.

Choose the language with :func:`set_language` or the ``RUMBO_LANG``
environment variable (``es`` by default).
"""

from __future__ import annotations

import gettext as _gettext
import io
import os
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

SOURCE_LANGUAGE = "es"
LANGUAGES = ("es", "en")
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"

_state = {"language": os.environ.get("RUMBO_LANG", SOURCE_LANGUAGE)}
if _state["language"] not in LANGUAGES:
    _state["language"] = SOURCE_LANGUAGE


def set_language(language: str) -> None:
    """Switch every later message to ``language`` ("es" or "en")."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
    _state["language"] = language


def get_language() -> str:
    return _state["language"]


@lru_cache(maxsize=None)
def translations(language: str) -> _gettext.NullTranslations:
    """All catalogs of ``language`` chained into one gettext translations object."""
    if language == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    merged: _gettext.NullTranslations | None = None
    for po in sorted((LOCALE_DIR / language / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as f:
            catalog = read_po(f, locale=language)
        buf = io.BytesIO()
        write_mo(buf, catalog)  # fuzzy entries are left out, as gettext does
        buf.seek(0)
        domain = _gettext.GNUTranslations(buf)
        if merged is None:
            merged = domain
        else:
            merged.add_fallback(domain)
    return merged or _gettext.NullTranslations()


def _(message: str) -> str:
    """Translate ``message`` (written in Spanish) into the current language."""
    return translations(get_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(get_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (module-level tables)."""
    return message


# Number formats follow the language: 1.234,5 in Spanish, 1,234.5 in English.
_BABEL_LOCALE = {"es": "es_ES", "en": "en_GB"}


def _locale() -> str:
    return _BABEL_LOCALE[get_language()]


def fmt_number(value: float, digits: int = 0) -> str:
    """``1234.5`` -> ``"1234,5"`` / ``"1,234.5"`` (Babel's CLDR rules for the language)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_locale())


def fmt_percent(ratio: float, digits: int = 1) -> str:
    """A ratio as a percentage: ``0.0241`` -> ``"2,4 %"`` / ``"2.4%"``."""
    from babel.numbers import format_percent

    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return format_percent(ratio, format=pattern, locale=_locale())


def fmt_money(amount: float, currency: str = "EUR", digits: int = 2) -> str:
    """``1234.5, "EUR"`` -> ``"1234,50 €"`` / ``"€1,234.50"``."""
    from babel.numbers import format_currency

    return format_currency(
        amount, currency, locale=_locale(), currency_digits=False,
        format=None if digits == 2 else "#,##0 ¤" if get_language() == "es" else "¤#,##0",
    )
