"""Is this English? A small detector of Spanish left behind in English text.

The English edition must not show Spanish outside proper names («Panadería
Goikoa», «Medellín»). A Spanish sentence almost always carries one of a few
short function words (el, la, de, que, para, con...), Spanish punctuation
(¿ ¡) or an accented word (está, vídeo, España), so looking for those as whole words finds a forgotten sentence, label
or button without a language model. Words that are also English (a, no, me,
son, sin, hay...) are left out so English never trips it.

Used by the tests of both editions (widgets, views, plan document, notebooks,
app pages)::

    from rumbo.views.language_check import spanish_words

    assert not spanish_words(html_text, proper_names=("Panadería Goikoa",))
"""

from __future__ import annotations

import html
import re

#: Whole words that mark a Spanish sentence and are not English words.
SPANISH_STOP_WORDS = frozenset("""
    el la los las del de que tu tus para con una unos unas está están esta este estos estas
    módulo modulo por pero como más muy también cuando donde dónde cuándo qué cómo cuál
    tiene tienes puedes puede hace hacer aquí porque según desde hasta entre sobre
    nuestro nuestra vez días día semana mes negocio redes publicaciones cliente clientes
    usted ustedes vosotros mis sus tiempo ahora cada otro otra todos todas
    años año datos objetivo objetivos publicación guardar guardado escribe elige
""".split())

_TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)
_URL = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+")
#: Spanish punctuation, a stop-word standing alone (not inside a longer word), or a word with
#: a Spanish accent or ñ (English words almost never carry one; names are taken out first).
_SPANISH = re.compile(r"[¿¡]|(?<![\w'’])(?:" + "|".join(sorted(SPANISH_STOP_WORDS, key=len, reverse=True))
                      + r"|\w*[áéíóúñÁÉÍÓÚÑ]\w*)(?![\w'’])", re.I)


def visible_text(markup: str, proper_names=()) -> str:
    """The words a reader sees in ``markup`` (tags, scripts, styles and links removed), with
    ``proper_names`` taken out and white space collapsed."""
    plain = _URL.sub(" ", html.unescape(_TAG.sub(" ", str(markup))))
    for name in sorted(proper_names, key=len, reverse=True):
        plain = plain.replace(name, " ")
    return " ".join(plain.split())


def spanish_words(text: str, proper_names=()) -> list[str]:
    """The Spanish words and marks in ``text`` (HTML allowed), in order, outside
    ``proper_names`` (the names of businesses, places and people, which stay as they are).
    An empty list means no Spanish was found."""
    return [m.group() for m in _SPANISH.finditer(visible_text(text, proper_names))]


def spanish_excerpts(text: str, proper_names=(), width: int = 40) -> list[str]:
    """A short excerpt around each hit of :func:`spanish_words`, for a failure message that
    says what is left to translate."""
    plain = visible_text(text, proper_names)
    return [plain[max(0, m.start() - width):m.end() + width] for m in _SPANISH.finditer(plain)]
