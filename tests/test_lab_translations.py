"""The course's JupyterLab catalogs (src/rumbo/apps/lab_translations) and the rumbo-lab extension
(jupyter/labextension) that uses them, checked without a browser: every catalog compiled,
complete and alive (each message is one JupyterLab, nbgrader or Voilà can show), served by
JupyterLab's own server, and the extension's committed build made from its current source
and installed in the environment. tests/test_lab_spanish.py checks the result in Chromium.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from rumbo.apps import lab_translations
from tests.lab_support import (LAB_STATIC, LABEXTENSIONS, VOILA_STATIC, js_literals, msgids_by_domain,
                               nbgrader_server_strings, nbgrader_ui_strings, normalize, schema_menu_keys)

ROOT = Path(__file__).resolve().parents[1]
EXTENSION_SRC = ROOT / "jupyter" / "labextension" / "src"
BUILD = ROOT / "jupyter" / "labextensions" / "rumbo-lab"
PLACEHOLDER = re.compile(r"%\d")
#: What nbgrader's lab extension writes that is not for translation: a command to type, and a
#: string of Jupyter Notebook's own shell (not JupyterLab's) bundled with it.
NBGRADER_NOT_TEXT = {"nbgrader update %1", "Show %1"}


def catalog(name: str) -> dict:
    path = lab_translations.LOCALE_DIR / "es_ES" / "LC_MESSAGES" / f"{name}.json"
    return {key: value for key, value in json.loads(path.read_text(encoding="utf-8")).items() if key}


def completed_domains() -> dict[str, str]:
    """catalog -> the domain it completes, as the extension's source declares it."""
    text = (EXTENSION_SRC / "catalog.ts").read_text(encoding="utf-8")
    block = text[text.index("COMPLETES"):text.index("};", text.index("COMPLETES"))]
    return dict(re.findall(r"(\w+): '(\w+)'", block))


def dom_catalogs() -> set[str]:
    """Catalogs the extension uses to translate text written past any translator."""
    return set(re.findall(r"catalog: '(\w+)'", (EXTENSION_SRC / "untranslated.ts").read_text(encoding="utf-8")))


def test_json_catalogs_are_compiled_from_their_po():
    assert lab_translations.catalogs(), "no catalogs found"
    assert lab_translations.stale() == [], "run `make lab-catalogs` (python -m rumbo.apps.lab_translations)"


@pytest.mark.parametrize("po", lab_translations.catalogs(), ids=lambda p: p.stem)
def test_every_message_is_translated_with_its_placeholders(po):
    with po.open("rb") as f:
        messages = [m for m in read_po(f) if m.id]
    assert messages
    for message in messages:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert not message.fuzzy and all(strings), f"untranslated: {ids[0]!r}"
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) <= set(PLACEHOLDER.findall(" ".join(ids))), ids[0]
        assert set(PLACEHOLDER.findall(ids[0])) == set(PLACEHOLDER.findall(strings[0])), ids[0]


def test_the_extension_and_the_catalogs_agree():
    names = {po.stem for po in lab_translations.catalogs()}
    completes = completed_domains()
    assert completes and set(completes) | (dom_catalogs() - {"jupyterlab"}) == names
    assert all(domain == name.removeprefix("rumbo_") for name, domain in completes.items())


@pytest.mark.parametrize("name", sorted(completed_domains()))
def test_completing_catalogs_translate_what_jupyterlab_shows(name):
    """No dead entry: each message is one the domain's bundles translate (menus declared in
    settings schemas included), or (for the few corners JupyterLab builds without its
    translator) a text its bundles write as is."""
    domain = completed_domains()[name]
    ids = msgids_by_domain().get(domain, frozenset()) | (schema_menu_keys() if domain == "jupyterlab" else set())
    literals = js_literals(LAB_STATIC) | js_literals(LABEXTENSIONS)
    dead = [key for key in catalog(name) if key not in ids and key not in literals]
    assert not dead, f"{name}: not messages of {domain}: {dead}"


def _occurs(msgid: str, strings: frozenset[str]) -> bool:
    shape = re.compile("^" + ".+?".join(re.escape(p) for p in PLACEHOLDER.split(normalize(msgid))) + "$")
    return any(shape.match(s) for s in strings)


def test_nbgrader_catalog_covers_every_string_of_its_lab_extension():
    known = {normalize(key) for key in catalog("rumbo_nbgrader")}
    missing = sorted(nbgrader_ui_strings() - known - NBGRADER_NOT_TEXT)
    assert not missing, f"nbgrader strings without a translation: {missing}"


def test_nbgrader_catalog_has_no_dead_entry():
    shown = nbgrader_ui_strings() | nbgrader_server_strings()
    dead = [key for key in catalog("rumbo_nbgrader") if not _occurs(key, shown)]
    assert not dead, f"nbgrader no longer shows: {dead}"


def test_voila_catalog_has_no_dead_entry():
    literals = js_literals(VOILA_STATIC)
    assert [key for key in catalog("rumbo_voila") if key not in literals] == []


def test_jupyterlab_server_sends_the_catalogs_with_the_language_pack():
    from jupyterlab_server.translation_utils import get_language_pack

    data, message = get_language_pack("es_ES")
    assert message == ""
    assert {po.stem for po in lab_translations.catalogs()} <= set(data)
    assert data["rumbo_jupyterlab"]["Modified"] == ["Modificado"]
    assert data["jupyterlab"]["Restart"] == ["Reiniciar"]  # the pack itself is served as it is


def test_committed_build_is_made_from_the_current_source():
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "labextension.py"), "check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    built = json.loads((BUILD / "package.json").read_text(encoding="utf-8"))
    assert "@jupyterlab/translation-extension:translator-connector" in built["jupyterlab"]["disabledExtensions"]
    assert (BUILD / built["jupyterlab"]["_build"]["load"]).exists()


def test_environment_has_the_committed_build():
    """`make setup` copies the build into the environment, where every JupyterLab finds it."""
    installed = LABEXTENSIONS / "rumbo-lab"
    assert installed.is_dir(), "run `make setup`"
    for path in BUILD.rglob("*"):
        if path.is_file():
            copy = installed / path.relative_to(BUILD)
            assert copy.exists() and copy.read_bytes() == path.read_bytes(), f"stale copy of {path.name}: make setup"
