"""Catalogs that give JupyterLab the learner's language where its language pack does not.

JupyterLab finds them through the ``jupyterlab.locale`` entry points of pyproject.toml,
which name this package: its server then sends
``locale/<locale>/LC_MESSAGES/<entry point name>.json`` to the browser with the language
pack. The rumbo-lab lab extension (``jupyter/labextension``) puts them to use:

* ``rumbo_jupyterlab``: JupyterLab strings the Spanish language pack lacks (or gets
  wrong); merged into JupyterLab's own ``jupyterlab`` domain before any plugin reads it.
* ``rumbo_nbgrader``: the English nbgrader's lab extension writes into the page.

The ``.po`` files are the source (reviewable, with comments); the ``.json`` next to each
is what the server reads, in the Jed format JupyterLab's translator loads. After editing a
``.po``, run ``python -m rumbo.apps.lab_translations`` (``make lab-catalogs``); a test fails
while a ``.json`` is out of date. Importing this package stays cheap: the server imports
it on every translation request.
"""

from __future__ import annotations

import json
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"


def catalogs() -> list[Path]:
    """Every ``.po`` source of this package, sorted."""
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def to_jed(po_file: Path) -> dict:
    """A ``.po`` file as JupyterLab's translator loads it: a header under ``""``, then each
    message (``context\\x04msgid`` when it has a context) -> list of translations."""
    from babel.messages.pofile import read_po

    locale = po_file.parents[1].name
    with po_file.open("rb") as f:
        catalog = read_po(f, locale=locale)
    data: dict = {"": {"domain": po_file.stem, "language": locale.replace("_", "-"),
                       "plural_forms": catalog.plural_forms, "version": catalog.version or ""}}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            continue
        key = f"{message.context}\x04{ids[0]}" if message.context else ids[0]
        data[key] = list(strings)
    return data


def jed_text(po_file: Path) -> str:
    """The ``.json`` text for ``po_file``: stable, readable, one message a line."""
    data = to_jed(po_file)
    lines = [f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}"
             for key, value in data.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def stale() -> list[Path]:
    """``.json`` catalogs missing or different from what their ``.po`` compiles to."""
    out = []
    for po in catalogs():
        target = po.with_suffix(".json")
        if not target.exists() or target.read_text(encoding="utf-8") != jed_text(po):
            out.append(target)
    return out


def write_all() -> list[Path]:
    """Rewrite every ``.json`` from its ``.po``; returns the files written."""
    written = []
    for po in catalogs():
        target = po.with_suffix(".json")
        target.write_text(jed_text(po), encoding="utf-8")
        written.append(target)
    return written
