"""Is this English? The one detector of Spanish left behind in English text.

The English edition must not show Spanish outside proper names («Panadería
Goikoa», «Medellín»). A Spanish sentence almost always carries one of a few
short function words (el, la, de, que, para, con...), Spanish punctuation
(¿ ¡) or an accented word (está, vídeo, España), so looking for those as whole
words finds a forgotten sentence, label or button without a language model.
Words that are also English (a, no, me, son, sin, hay...) are left out so
English never trips it.

Two ways to ask, for two kinds of text:

- :func:`spanish_words` (and :func:`spanish_excerpts` for a failure message):
  any sign at all is Spanish. For what the package, its widgets, the app and
  the trainer's commands write, where no Spanish belongs.
- :func:`spanish_chunks`: the lines (or table cells) with at least two signs.
  For a notebook's Markdown and stored outputs, which quote code written in
  Spanish (a variable, a column, a row label) one word at a time; Markdown code
  spans and formulas are left out too.

Used by the tests of both editions::

    from rumbo.views.language_check import spanish_words

    assert not spanish_words(html_text, proper_names=("Panadería Goikoa",))
"""

from __future__ import annotations

import html
import re

#: Whole words that mark a Spanish sentence and are not English words.
SPANISH_STOP_WORDS = frozenset("""
    el la los las del de que se su sus al lo ni tu tus mis para con una unos unas
    está están esta este estos estas ese esa eso por pero como más muy también cuando donde
    dónde cuándo qué cómo cuál cuánto cuántos así aquí porque según desde hasta entre sobre
    tiene tienen tienes puedes puede hace hacer nuestro nuestra vez días día semana mes
    negocio redes publicaciones publicación cliente clientes usted ustedes vosotros tiempo
    ahora cada otro otra todos todas nada años año dato datos objetivo objetivos guardar
    guardado escribe elige módulo modulo
""".split())
#: Spanish words that are English words or abbreviations too («hay fever», «see ya»,
#: «mi» for miles, the «y» axis, «u» and «o» as letters, «es» and «en» naming the editions):
#: never counted as a sign.
ALSO_ENGLISH = frozenset("a no me son sin hay y o u mi ya nos les todo es en".split())

_TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)
_URL = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+")
#: Markdown code (fenced or inline) and formulas: code is named in Spanish in both editions.
_MARKDOWN_CODE = re.compile(r"```.*?```|`[^`\n]*`|\$\$.*?\$\$|\$[^$\n]*\$", re.S)
#: Spanish punctuation, a stop-word standing alone (not inside a longer word), or a word with
#: a Spanish accent or ñ (English words almost never carry one; names are taken out first).
_SPANISH = re.compile(r"[¿¡]|(?<![\w'’])(?:" + "|".join(sorted(SPANISH_STOP_WORDS, key=len, reverse=True))
                      + r"|\w*[áéíóúñÁÉÍÓÚÑ]\w*)(?![\w'’])", re.I)
#: Where a notebook's text breaks into pieces read one by one: lines, table cells, wide gaps.
_CHUNK = re.compile(r"\s{2,}|\|")


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


def spanish_chunks(text: str, proper_names=(), markup: bool = False, signs: int = 2) -> list[str]:
    """Every line or table cell of ``text`` (Markdown or plain output; ``markup``: HTML) that
    reads as Spanish: ``signs`` hits of :func:`spanish_words` or more, outside Markdown code,
    formulas, links and ``proper_names``."""
    if markup:
        text = html.unescape(_TAG.sub("\n", str(text)))
    text = _MARKDOWN_CODE.sub(" ", str(text))
    return [chunk.strip() for line in text.splitlines() for chunk in _CHUNK.split(line)
            if len(spanish_words(chunk, proper_names)) >= signs]
