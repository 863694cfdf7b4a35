"""Spanish left in English text: a stop-word detector for the English edition's tests.

A piece of text is Spanish when it holds at least two Spanish signs: a Spanish function
word that English does not use («de», «que», «para»...) or a word written with a Spanish
letter (á, é, í, ó, ú, ñ, ¿, ¡). The proper names every edition keeps
(tests/language_support.py) are taken out first, so «Panadería Goikoa · Getxo» is not
Spanish text, and so are code spans and formulas of Markdown. It asks for two signs where
rumbo.views.language_check asks for one, because a notebook's outputs quote its Markdown's
code (a row label, a column name) in tables.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Spanish function words that are not English words too («no», «me», «a», «son», «sin» are).
STOP_WORDS = frozenset("""
    de del la las los el y que en por para con una unos unas es está están se su sus al lo
    como más pero este esta estos estas ese esa eso cuando muy también hasta desde donde
    porque hay tiene tienen puedes cada entre sobre todo todos nada otro otra ya les nos
    mi tu tus ni o u sí qué cómo cuánto cuántos dato datos sus aquí así
""".split())
_SPANISH_LETTER = re.compile(r"[áéíóúñÁÉÍÓÚÑ¿¡]")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CODE = re.compile(r"```.*?```|`[^`\n]*`|\$\$.*?\$\$|\$[^$\n]*\$|https?://\S+", re.DOTALL)
_TAGS = re.compile(r"<style.*?</style>|<script.*?</script>|<[^>]+>", re.DOTALL | re.IGNORECASE)


def proper_names() -> tuple[str, ...]:
    """The names every edition keeps (businesses, places, people, cited authors)."""
    from tests.language_support import proper_names as names

    return names()


def signs(text: str) -> list[str]:
    """The Spanish words of ``text`` (proper names and code left out)."""
    text = _CODE.sub(" ", text)
    for name in proper_names():
        text = text.replace(name, " ")
    return [w for w in _WORD.findall(text) if w.lower() in STOP_WORDS or _SPANISH_LETTER.search(w)]


def spanish_chunks(text: str, markup: bool = False) -> list[str]:
    """Every line (or table cell) of ``text`` that reads as Spanish; ``markup``: HTML first."""
    if markup:
        text = html.unescape(_TAGS.sub("\n", text))
    return [chunk.strip() for line in text.splitlines() for chunk in re.split(r"\s{2,}|\|", line)
            if len(signs(chunk)) >= 2]
