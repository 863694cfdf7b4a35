"""argparse's own words in the learner's language.

The standard library's argparse writes «usage:», «options», «show this help
message and exit» and its error messages in English, through the module-level
``argparse._`` and ``argparse.ngettext`` (gettext's default domain, which would
need compiled ``.mo`` files and would change every other user of it). While
:func:`argparse_words` is active, those two names read the ``argparse`` catalog
of this package (``locale/es/LC_MESSAGES/argparse.po``: English msgids, Spanish
translations) in the current language, and are put back afterwards.
"""

from __future__ import annotations

import argparse
from contextlib import contextmanager
from typing import Iterator

from rumbo.core.i18n import SOURCE_LANGUAGE, get_language, read_catalog

CATALOG = "argparse"


def gettext(message: str) -> str:
    """``message`` (argparse's English) in Spanish when the language is Spanish."""
    if get_language() != SOURCE_LANGUAGE:
        return message
    return read_catalog(SOURCE_LANGUAGE, CATALOG).singular.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    if get_language() == SOURCE_LANGUAGE:
        catalog = read_catalog(SOURCE_LANGUAGE, CATALOG)
        forms = catalog.plural.get(singular)
        if forms:
            return forms[min(catalog.plural_index(n), len(forms) - 1)]
    return singular if n == 1 else plural


@contextmanager
def argparse_words() -> Iterator[None]:
    """Build and run parsers inside this block: their help and errors speak the learner's language."""
    previous = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = gettext, ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = previous
