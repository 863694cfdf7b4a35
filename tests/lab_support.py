"""What the JupyterLab language tests share: the strings JupyterLab and nbgrader's lab
extension can show, read from the files they ship, and the catalogs that translate them.

* :func:`jupyterlab_msgids`: every message JupyterLab's bundles pass to their translation
  functions (``trans.__("...")``, ``trans._p("context", "...")``...), as gettext keys.
* :func:`nbgrader_ui_strings`: the English that nbgrader's lab extension writes into the page
  (labels, titles, tooltips, dialog texts, its HTML templates), placeholders as ``%1``...
* :func:`english_in`: which of the strings seen on a page are JupyterLab or nbgrader English.
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
NBGRADER_STATIC = SHARE / "labextensions" / "@jupyter" / "nbgrader" / "static"
PLACEHOLDER = re.compile(r"%\d")
_JS_STRING = r'"((?:[^"\\]|\\.)*)"'
_TRANSLATED = re.compile(r"\.(__|_n|_p|_np)\(\s*" + _JS_STRING + r"(?:\s*,\s*" + _JS_STRING + ")?")


def _js(text: str) -> str:
    return json.loads(f'"{text}"')


@lru_cache(maxsize=None)
def jupyterlab_msgids() -> frozenset[str]:
    """gettext keys of JupyterLab's own bundles and of every installed lab extension."""
    keys = set()
    files = list(LAB_STATIC.glob("*.js")) + list((SHARE / "labextensions").rglob("*.js"))
    for path in files:
        for fn, first, second in _TRANSLATED.findall(path.read_text(encoding="utf-8", errors="replace")):
            try:
                keys.add(_js(first) + "\x04" + _js(second) if fn in ("_p", "_np") and second else _js(first))
            except ValueError:
                continue
    return frozenset(keys)


def _template(text: str) -> str:
    """A JS template literal's text with its ``${...}`` parts as %1, %2..."""
    count = 0

    def number(_match):
        nonlocal count
        count += 1
        return f"%{count}"
    return re.sub(r"\$\{[^}]*\}", number, text)


_UI_KEYS = r"(?:innerText|textContent|title|label|caption|tooltip|body)"


@lru_cache(maxsize=None)
def nbgrader_ui_strings() -> frozenset[str]:
    """English strings nbgrader's lab extension puts on screen, whitespace-normalised."""
    found = set()
    for path in NBGRADER_STATIC.glob("*.js"):
        code = path.read_text(encoding="utf-8")
        found |= {_js(s) for s in re.findall(_UI_KEYS + r"\s*[=:]\s*" + _JS_STRING, code)}
        found |= {_template(s) for s in re.findall(_UI_KEYS + r"\s*[=:]\s*`([^`]*)`", code)}
        found |= {_js(s) for s in re.findall(r"setButtonLabel\(" + _JS_STRING, code)}
        found |= {_js(s) for s in re.findall(r'\["(?:manual|task|solution|tests|readonly)",' + _JS_STRING + r"\]", code)}
        for template in re.findall(r"innerHTML\s*=\s*'((?:[^'\\]|\\.)*)'", code):
            markup = template.replace("\\n", "\n")
            found |= set(re.findall(r'title="([^"]+)"', markup))
            found |= {html.unescape(t) for t in re.split(r"<[^>]+>", markup)}
    return frozenset(s for s in (normalize(s) for s in found) if re.search("[A-Za-z]{2}", s))


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
