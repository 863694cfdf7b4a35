"""What the JupyterLab language tests share: the strings JupyterLab and nbgrader can show, read
from the files they ship, and which of the strings seen on a page are English.

* :func:`msgids_by_domain`: every message the installed bundles pass to their translation
  functions (``trans.__("...")``, ``trans._p("context", "...")``...), as gettext keys, by the
  translation domain the bundle loads.
* :func:`nbgrader_ui_strings`: the English that nbgrader's lab extension writes into the page
  (labels, titles, tooltips, dialog texts, its HTML templates); :func:`nbgrader_server_strings`:
  the messages of its server side that the lab extension shows as they come.
* :func:`english_in`: the strings of a page that are JupyterLab's English, untranslated.
"""

from __future__ import annotations

import html
import json
import re
import sys
from functools import lru_cache
from pathlib import Path

SHARE = Path(sys.prefix) / "share" / "jupyter"
LAB_STATIC = SHARE / "lab" / "static"
LABEXTENSIONS = SHARE / "labextensions"
NBGRADER_STATIC = LABEXTENSIONS / "@jupyter" / "nbgrader" / "static"
VOILA_STATIC = LABEXTENSIONS / "@voila-dashboards" / "jupyterlab-preview" / "static"
PACK = "jupyterlab_language_pack_es_ES"
_JS_STRING = r'"((?:[^"\\]|\\.)*)"'
_TRANSLATED = re.compile(r"\.(__|_n|_p|_np)\(\s*" + _JS_STRING + r"(?:\s*,\s*" + _JS_STRING + ")?")
_UI_KEYS = r"(?:innerText|textContent|title|label|caption|tooltip|body)"


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _js(text: str) -> str:
    return json.loads(f'"{text}"')


def _numbered(text: str, placeholder: str) -> str:
    """Placeholders (``${...}`` in JS templates, ``{}`` in Python) as %1, %2..."""
    count = 0

    def number(_match):
        nonlocal count
        count += 1
        return f"%{count}"
    return re.sub(placeholder, number, text)


def _bundles() -> list[Path]:
    return sorted(LAB_STATIC.glob("*.js")) + sorted(LABEXTENSIONS.rglob("*.js"))


@lru_cache(maxsize=None)
def msgids_by_domain() -> dict[str, frozenset[str]]:
    """gettext keys of every installed bundle, by the translation domains the bundle loads."""
    keys: dict[str, set[str]] = {}
    for path in _bundles():
        code = path.read_text(encoding="utf-8", errors="replace")
        domains = set(re.findall(r'\.load\("([a-z_]+)"\)', code)) or {"jupyterlab"}
        found = set()
        for fn, first, second in _TRANSLATED.findall(code):
            try:
                found.add(_js(first) + "\x04" + _js(second) if fn in ("_p", "_np") and second else _js(first))
            except ValueError:
                continue
        for domain in domains:
            keys.setdefault(domain, set()).update(found)
    return {domain: frozenset(ids) for domain, ids in keys.items()}


@lru_cache(maxsize=None)
def schema_menu_keys() -> frozenset[str]:
    """Labels of the menus that settings schemas declare (``jupyter.lab.menus``), as the gettext
    keys JupyterLab translates them with ("menu" context)."""
    labels = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("label"), str):
                labels.add("menu\x04" + node["label"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    for path in [*(SHARE / "lab" / "schemas").rglob("*.json"), *LABEXTENSIONS.glob("**/schemas/**/*.json")]:
        walk(json.loads(path.read_text(encoding="utf-8")).get("jupyter.lab.menus", {}))
    return frozenset(labels)


@lru_cache(maxsize=None)
def js_literals(folder: Path) -> frozenset[str]:
    """Every double-quoted string literal of the bundles under ``folder`` (text written as is)."""
    found = set()
    for path in folder.rglob("*.js"):
        for literal in re.findall(_JS_STRING, path.read_text(encoding="utf-8", errors="replace")):
            try:
                found.add(_js(literal))
            except ValueError:
                continue
    return frozenset(found)


@lru_cache(maxsize=None)
def nbgrader_ui_strings() -> frozenset[str]:
    """English strings nbgrader's lab extension puts on screen, whitespace-normalised,
    placeholders as %1, %2..."""
    found = set()
    for path in NBGRADER_STATIC.glob("*.js"):
        code = path.read_text(encoding="utf-8")
        found |= {_js(s) for s in re.findall(_UI_KEYS + r"\s*[=:]\s*" + _JS_STRING, code)}
        found |= {_numbered(s, r"\$\{[^}]*\}") for s in re.findall(_UI_KEYS + r"\s*[=:]\s*`([^`]*)`", code)}
        found |= {_js(s) for s in re.findall(r"setButtonLabel\(" + _JS_STRING, code)}
        found |= {_js(s) for s in re.findall(r'\["(?:manual|task|solution|tests|readonly)",' + _JS_STRING + r"\]", code)}
        for template in re.findall(r"innerHTML\s*=\s*'((?:[^'\\]|\\.)*)'", code):
            markup = template.replace("\\n", "\n")
            found |= set(re.findall(r'title="([^"]+)"', markup))
            found |= {html.unescape(t) for t in re.split(r"<[^>]+>", markup)}
    return frozenset(s for s in (normalize(s) for s in found) if re.search("[A-Za-z]{2}", s))


@lru_cache(maxsize=None)
def nbgrader_server_strings() -> frozenset[str]:
    """String constants of nbgrader's validator and server extensions (messages its lab
    extension shows as they come), whitespace-normalised, ``{}`` as %1, %2..."""
    import ast

    import nbgrader

    package = Path(nbgrader.__file__).parent
    found = set()
    for path in [package / "validator.py", *sorted((package / "server_extensions").glob("*/handlers.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(normalize(_numbered(node.value, r"\{[^{}]*\}")))
    return frozenset(found)


def language_pack(domain: str) -> dict:
    """The Spanish language pack's messages of ``domain`` (header left out)."""
    import importlib

    folder = Path(importlib.import_module(PACK).__file__).parent / "locale" / "es_ES" / "LC_MESSAGES"
    data = json.loads((folder / f"{domain}.json").read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if key}


def _shape(msgid: str) -> re.Pattern:
    """A regex matching every text ``msgid`` can become once its %1, %2... are filled in."""
    return re.compile("^" + "(.+?)".join(re.escape(p) for p in re.split(r"%\d", msgid)) + "$", re.S)


def english_in(strings: set[str], translations: dict, names: set[str] = frozenset()) -> dict[str, str]:
    """Which ``strings`` (text seen on a page) are JupyterLab English: the string, or a part of it
    filled into a translated message ("Modo: Command"), is a JupyterLab message that
    ``translations`` (language pack plus the course's catalogs) lacks, or shows untranslated
    although they have it. ``names``: texts a catalog keeps as they are in Spanish (product
    names such as "Notebook" in another domain). Returns ``{string: the message it comes from}``."""
    ids = {key.split("\x04")[-1] for key in msgids_by_domain().get("jupyterlab", ())}
    known = {key.split("\x04")[-1]: value for key, value in translations.items()}
    # Messages that are mere placeholders or one letter (keyboard shortcuts) say nothing.
    untranslated = [(m, _shape(m)) for m in ids - set(known) if re.search("[A-Za-z]{2}", re.sub(r"%\d", "", m))]
    filled = [_shape(v[0]) for v in known.values() if re.search(r"%\d", v[0]) and re.sub(r"%\d|\W", "", v[0])]
    shown_english = {m for m, v in known.items() if v and v[0] != m}

    def source(text: str, depth: int = 0) -> str | None:
        if text in names:
            return None
        if text in shown_english:
            return text
        for msgid, shape in untranslated:
            if shape.match(text):
                return msgid
        if depth < 2:
            for shape in filled:
                match = shape.match(text)
                for part in match.groups() if match else ():
                    found = source(part.strip(), depth + 1)
                    if found:
                        return found
        return None

    out = {}
    for text in strings:
        found = source(text)
        if found:
            out[text] = found
    return out
