"""The one translation layer: every on-screen string has an English translation, in the
catalog of the module that shows it, and one word can mean two things in two places."""

from __future__ import annotations

import ast
import functools
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import rumbo
from rumbo.core.i18n import (LANGUAGE_VARIABLE, LOCALE_DIR, fmt_money, fmt_number, fmt_percent,
                             read_catalog, set_language, translator)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from i18n import SRC, catalog_of, extract, modules_by_catalog  # noqa: E402

FIELD = re.compile(r"(?<!\{)\{([a-zA-Z_][a-zA-Z0-9_]*)[^{}]*\}(?!\})")
MARKERS = {"_": 1, "N_": 1, "ngettext": 2, "pgettext": 2}


@functools.cache
def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


@functools.cache
def strings(path: Path) -> tuple:
    """(message, context, where) of every string Babel extracts from one module."""
    return tuple(extract([path]))


CATALOGS = modules_by_catalog()


def po(name: str) -> dict:
    """(msgid, context) -> translation of one English catalog (fuzzy ones left out)."""
    with (LOCALE_DIR / "en" / "LC_MESSAGES" / f"{name}.po").open("rb") as f:
        return {(m.id if isinstance(m.id, str) else m.id[0], m.context):
                (m.string if isinstance(m.string, str) else m.string[0])
                for m in read_po(f) if m.id and not m.fuzzy}


def test_the_package_is_the_tool_s_source():
    assert SRC == Path(rumbo.__file__).parent


def test_every_module_with_strings_names_its_catalog():
    unnamed = []
    for path in sorted(SRC.rglob("*.py")):
        calls = [n for n in ast.walk(tree(path))
                 if isinstance(n, ast.Call) and getattr(n.func, "id", None) in MARKERS]
        if calls and path.name != "i18n.py" and not catalog_of(path):
            unnamed.append(path.relative_to(SRC).as_posix())
    assert not unnamed, f"modules that mark strings without naming their catalog: {unnamed}"


@pytest.mark.parametrize("catalog", sorted(CATALOGS))
def test_every_string_is_translated_in_its_own_catalog(catalog):
    english = po(catalog)
    missing = [f"{where[0]}:{where[1]}: {msg!r}"
               for path in CATALOGS[catalog] for msg, ctx, where in strings(path)
               for one in ((msg,) if isinstance(msg, str) else msg[:1])
               if not english.get((one, ctx))]
    assert not missing, f"missing in {catalog}.po:\n" + "\n".join(missing)


@pytest.mark.parametrize("catalog", sorted(CATALOGS))
def test_translations_keep_the_placeholders(catalog):
    wrong = [msg for (msg, _ctx), text in po(catalog).items()
             if text and set(FIELD.findall(msg)) != set(FIELD.findall(text))]
    assert not wrong, f"placeholders differ in {catalog}.po: {wrong}"


def test_every_marked_string_is_a_plain_literal_babel_can_extract():
    """An f-string (or a marked call inside one) escapes extraction and stays Spanish."""
    escaped = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "i18n.py":
            continue
        extracted = {m if isinstance(m, str) else m[0] for m, _c, _w in strings(path)}
        for node in ast.walk(tree(path)):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) in MARKERS):
                continue
            args = node.args[:MARKERS[node.func.id]]
            literal = [a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if any(isinstance(a, ast.JoinedStr) for a in args) or (
                    len(literal) == len(args) and literal[-1] not in extracted
                    and literal[0] not in extracted):
                escaped.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert not escaped, f"marked strings Babel cannot extract: {escaped}"


def test_a_word_means_what_its_own_module_says():
    """«Objetivo» is an objective in the plan document and a target in the metric explorer;
    «Nota» is a note in module 1 and a score in the trainer's panel."""
    set_language("en")
    assert translator("plan_document").gettext("Objetivo") == "Objective"
    assert translator("metrics").gettext("Objetivo") == "Target"
    assert translator("objectives").gettext("Nota") == "Note"
    assert translator("classroom").gettext("Nota") == "Score"


def test_the_plan_document_and_module_1_read_right_in_english():
    from rumbo import objectives
    from rumbo.plan_example import example_plan
    from rumbo.views.plan_document import render_markdown

    set_language("en")
    text = render_markdown(example_plan("panaderia", "en"), "en")
    assert "| Objective |" in text and "| Target |" not in text.split("## 3")[0]
    assert "Note" in objectives.growth_table().columns and "Score" not in objectives.growth_table().columns


def test_a_marked_table_label_keeps_its_catalog_wherever_it_is_shown():
    from rumbo import plan_review

    label = plan_review.SECTION_INFO["profile"][1]
    assert label.catalog == "plan_review"
    set_language("en")
    assert translator("plan_document").gettext(label) == po("plan_review")[(str(label), None)]


def test_one_word_two_meanings_in_one_catalog_use_a_context():
    set_language("en")
    plan_document = translator("plan_document")
    assert plan_document.pgettext("valor objetivo", "Objetivo") != plan_document.gettext("Objetivo")


def test_language_switch_changes_messages():
    _ = translator("plan_review").gettext
    sample = "Guardar en mi plan"
    set_language("en")
    assert _(sample) != sample
    set_language("es")
    assert _(sample) == sample


def test_a_block_in_another_language_is_its_thread_s_alone():
    """A trainer's command grades an English class in one thread while another speaks to the
    trainer in Spanish: the block changes only the thread inside it, and set_language inside
    the block lasts until the block ends."""
    import threading

    from rumbo.core.i18n import get_language, in_language

    _ = translator("plan_review").gettext
    sample = "Guardar en mi plan"
    set_language("es")
    inside, outside, seen = threading.Event(), threading.Event(), {}

    def learner_side():
        with in_language("en"):
            inside.set()
            outside.wait(10)
            seen["learner"] = _(sample)
            set_language("es")
            seen["switched"] = get_language()

    thread = threading.Thread(target=learner_side)
    thread.start()
    inside.wait(10)
    seen["trainer"] = _(sample)  # while the other thread is in its English block
    outside.set()
    thread.join(10)
    assert seen["trainer"] == sample and seen["learner"] != sample and seen["switched"] == "es"
    assert get_language() == "es"
    set_language("en")
    with in_language("es"):
        assert _(sample) == sample
        set_language("en")
        assert _(sample) != sample
        set_language("es")
    assert get_language() == "en"  # what it was before the block
    set_language("es")


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        set_language("fr")


@pytest.mark.parametrize("value,expected", [("en", "en"), ("es", "es"), ("fr", "es"), ("", "es")])
def test_one_variable_chooses_the_language_of_every_entry_point(value, expected):
    code = "from rumbo.core.i18n import get_language; print(get_language())"
    env = {"PATH": "/usr/bin:/bin", LANGUAGE_VARIABLE: value}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True).stdout
    assert out.strip() == expected
    assert LANGUAGE_VARIABLE == "RUMBO_LANG"
    sources = "".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))
    assert "RUMBO_LANGUAGE" not in sources


def test_the_command_line_help_is_translated():
    out = subprocess.run([sys.executable, "-m", "rumbo.apps.cli", "--help"], capture_output=True,
                         text=True, env={"PATH": "/usr/bin:/bin", LANGUAGE_VARIABLE: "en"}).stdout
    assert "the learner's plan" in out and "el plan del alumno" not in out


def test_catalogs_are_read_once():
    assert read_catalog("en", "metrics") is read_catalog("en", "metrics")


@pytest.mark.parametrize("lang,number,percent,money", [
    ("es", "1.234,5", "2,4\u00a0%", "1.234,50\u00a0€"),
    ("en", "1,234.5", "2.4%", "€1,234.50"),
])
def test_number_formats_follow_the_language(lang, number, percent, money):
    set_language(lang)
    assert fmt_number(1234.5, 1) == number
    assert fmt_percent(0.0241).replace("\u202f", "\u00a0") in (percent, percent.replace("\u00a0", ""))
    assert fmt_money(1234.5, "EUR") == money
