"""The one translation layer for on-screen strings.

Spanish is the source language: every user-facing string in the package is
written in Spanish inside ``_()`` (or ``ngettext``; ``N_()`` marks a string of
a module-level table, translated where it is shown). English catalogs live in
``locale/en/LC_MESSAGES/<catalog>.po``, one catalog per idea of the course
(``objectives.po`` holds the strings of :mod:`rumbo.objectives`, of its views
and of its widgets). They are read with Babel at first use; no compile step.

Each module says which catalog its strings belong to::

    from rumbo.core.i18n import translator

    _, N_, ngettext = translator("objectives")

A message is looked up in its own catalog first, so the same Spanish word can
mean two things in two places ("Objetivo" is "Objective" in the plan document
and "Target" in the metrics explorer) without one translation winning
everywhere. A string marked with ``N_`` remembers its catalog, so it is
translated the same way wherever it is shown. Other catalogs are consulted
only for a string its own catalog lacks (a string built at run time).

Choose the language with :func:`set_language` or the ``RUMBO_LANG``
environment variable (``es`` by default): the one variable every entry point
reads (:func:`language_from_env`).
"""

from __future__ import annotations

import gettext as _gettext
import os
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, Iterator

from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent

SOURCE_LANGUAGE = "es"
LANGUAGES = ("es", "en")
#: The environment variable that chooses the language of every entry point.
LANGUAGE_VARIABLE = "RUMBO_LANG"
#: The catalogs: package data of rumbo (importlib.resources), in the repository or a wheel.
LOCALE_DIR = Path(str(resources.files("rumbo") / "locale"))


def language_from_env(default: str = SOURCE_LANGUAGE) -> str:
    """The language asked for by ``RUMBO_LANG`` ("es" or "en"), else ``default``."""
    value = os.environ.get(LANGUAGE_VARIABLE, "").strip().lower()
    return value if value in LANGUAGES else default


_state = {"language": language_from_env()}
#: The language of an :func:`in_language` block, for the thread (or task) inside it only: a
#: trainer's command grades an English class in one thread while another tells the trainer,
#: in the trainer's language, how it goes.
_block: ContextVar[str | None] = ContextVar("rumbo_language_block", default=None)


def _checked(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
    return language


def set_language(language: str) -> None:
    """Switch every later message to ``language`` ("es" or "en"); inside an
    :func:`in_language` block, until the block ends."""
    if _block.get() is not None:
        _block.set(_checked(language))
    else:
        _state["language"] = _checked(language)


def get_language() -> str:
    return _block.get() or _state["language"]


@contextmanager
def in_language(language: str) -> Iterator[str]:
    """Messages in ``language`` inside the block (what a learner receives from a trainer's
    command, say), the language before it afterwards. Only the thread inside the block
    changes language; other threads keep theirs."""
    token = _block.set(_checked(language))
    try:
        yield language
    finally:
        _block.reset(token)


# --- catalogs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Catalog:
    """One ``.po`` file: singular, plural and in-context translations (fuzzy entries left out)."""

    singular: dict[str, str]
    plural: dict[str, tuple[str, ...]]
    contextual: dict[tuple[str, str], str]
    plural_index: Callable[[int], int]


@lru_cache(maxsize=None)
def catalog_names(language: str) -> tuple[str, ...]:
    """The catalogs of ``language``, in a fixed order."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    return tuple(sorted(p.stem for p in folder.glob("*.po")))


@lru_cache(maxsize=None)
def read_catalog(language: str, name: str) -> Catalog:
    """The catalog ``name`` of ``language`` (empty when the file does not exist)."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{name}.po"
    singular: dict[str, str] = {}
    plural: dict[str, tuple[str, ...]] = {}
    contextual: dict[tuple[str, str], str] = {}
    if not path.exists():
        return Catalog(singular, plural, contextual, lambda n: int(n != 1))
    with path.open("rb") as f:
        po = read_po(f, locale=language)
    for message in po:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            if all(message.string):
                plural[message.id[0]] = tuple(message.string)
        elif message.string and message.context:
            contextual[(message.context, message.id)] = message.string
        elif message.string:
            singular[message.id] = message.string
    return Catalog(singular, plural, contextual, _gettext.c2py(po.plural_expr))


class Message(str):
    """A string marked with ``N_``: it keeps the name of the catalog it belongs to."""

    __slots__ = ("catalog",)

    def __new__(cls, text: str, catalog: str):
        message = super().__new__(cls, text)
        message.catalog = catalog
        return message


def _order(own: str, language: str) -> tuple[str, ...]:
    return (own, *(n for n in catalog_names(language) if n != own))


def translate(message: str, catalog: str) -> str:
    """``message`` in the current language, from ``catalog`` first (or the message's own)."""
    language = get_language()
    if language == SOURCE_LANGUAGE:
        return str(message)
    own = getattr(message, "catalog", None) or catalog
    for name in _order(own, language):
        found = read_catalog(language, name).singular.get(message)
        if found:
            return found
    return str(message)


def translate_plural(singular: str, plural: str, n: int, catalog: str) -> str:
    language = get_language()
    if language != SOURCE_LANGUAGE:
        for name in _order(catalog, language):
            found = read_catalog(language, name)
            if singular in found.plural:
                forms = found.plural[singular]
                return forms[min(found.plural_index(n), len(forms) - 1)]
    return singular if n == 1 else plural


class Translator:
    """The marking functions of one catalog. Unpack the three everyone needs as
    ``_, N_, ngettext``; :meth:`pgettext` tells apart one word used with two meanings
    in the same catalog (``pgettext("valor objetivo", "Objetivo")``)."""

    def __init__(self, catalog: str):
        self.catalog = catalog

    def __iter__(self):
        return iter((self.gettext, self.mark, self.ngettext))

    def gettext(self, message: str) -> str:
        return translate(message, self.catalog)

    def mark(self, message: str) -> Message:
        return Message(message, self.catalog)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return translate_plural(singular, plural, n, self.catalog)

    def pgettext(self, context: str, message: str) -> str:
        if get_language() == SOURCE_LANGUAGE:
            return message
        found = read_catalog(get_language(), self.catalog).contextual.get((context, message))
        return found or translate(message, self.catalog)


@lru_cache(maxsize=None)
def translator(catalog: str) -> Translator:
    """The marking functions bound to ``catalog`` (see the module docstring)."""
    return Translator(catalog)


# --- numbers, money and dates in the learner's format ---------------------------------------

# Number formats follow the language: 1.234,5 in Spanish, 1,234.5 in English.
_BABEL_LOCALE = {"es": "es_ES", "en": "en_GB"}


def babel_locale() -> str:
    """The CLDR locale of the current language (``es_ES``, ``en_GB``): how numbers are written."""
    return _BABEL_LOCALE[get_language()]


def fmt_number(value: float, digits: int = 0) -> str:
    """``1234.5`` -> ``"1234,5"`` / ``"1,234.5"`` (Babel's CLDR rules for the language)."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=babel_locale())


def fmt_percent(ratio: float, digits: int = 1) -> str:
    """A ratio as a percentage: ``0.0241`` -> ``"2,4 %"`` / ``"2.4%"``."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return format_percent(ratio, format=pattern, locale=babel_locale())


def percent_sign() -> str:
    """The sign after a number that is already a percentage: «2,5 %» (Spanish spacing) or
    «2.5%» (English)."""
    return " %" if get_language() == "es" else "%"


def fmt_money(amount: float, currency: str = "EUR", digits: int = 2) -> str:
    """``1234.5, "EUR"`` -> ``"1234,50 €"`` / ``"€1,234.50"``."""
    return format_currency(
        amount, currency, locale=babel_locale(), currency_digits=False,
        format=None if digits == 2 else "#,##0 ¤" if get_language() == "es" else "¤#,##0",
    )


def fmt_date(day, pattern: str = "d MMM y") -> str:
    """A date as the learner reads it: «16 dic 2025» / «16 Dec 2025» (CLDR pattern)."""
    return format_date(day, pattern, locale=babel_locale())
