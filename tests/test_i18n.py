"""The one translation layer: every on-screen string has an English translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from rumbo.core import i18n
from rumbo.core.i18n import _, fmt_money, fmt_number, fmt_percent, set_language

SRC = Path(i18n.__file__).parents[1]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
FIELD = re.compile(r"(?<!\{)\{([a-zA-Z_][a-zA-Z0-9_]*)[^{}]*\}(?!\})")


def extracted() -> dict[str, str]:
    """msgid -> 'file:line' for every marked string in the package."""
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(SRC), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        for msg in message if isinstance(message, tuple) else (message,):
            if msg:
                found.setdefault(msg, f"{filename}:{lineno}")
    return found


def catalog() -> dict[str, str]:
    merged = {}
    for po in sorted((SRC / "locale" / "en" / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as f:
            for message in read_po(f):
                if message.id and not message.fuzzy:
                    ids = message.id if isinstance(message.id, tuple) else (message.id,)
                    strs = message.string if isinstance(message.string, tuple) else (message.string,)
                    for mid, mstr in zip(ids, strs):
                        merged[mid] = mstr
    return merged


def test_every_string_has_an_english_translation():
    english = catalog()
    missing = [f"{where}: {msg!r}" for msg, where in sorted(extracted().items(), key=lambda kv: kv[1])
               if not english.get(msg)]
    assert not missing, "missing English translations:\n" + "\n".join(missing)


def test_translations_keep_the_placeholders():
    english = catalog()
    wrong = [msg for msg in extracted() if english.get(msg) and
             set(FIELD.findall(msg)) != set(FIELD.findall(english[msg]))]
    assert not wrong, f"placeholders differ in: {wrong}"


def test_language_switch_changes_messages():
    sample = "Guardar en mi plan"
    set_language("en")
    assert _(sample) != sample
    set_language("es")
    assert _(sample) == sample


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        set_language("fr")


@pytest.mark.parametrize("lang,number,percent,money", [
    ("es", "1.234,5", "2,4\u00a0%", "1.234,50\u00a0€"),
    ("en", "1,234.5", "2.4%", "€1,234.50"),
])
def test_number_formats_follow_the_language(lang, number, percent, money):
    set_language(lang)
    assert fmt_number(1234.5, 1) == number
    assert fmt_percent(0.0241).replace("\u202f", "\u00a0") in (percent, percent.replace("\u00a0", ""))
    assert fmt_money(1234.5, "EUR") == money
