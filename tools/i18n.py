"""Keep the English catalogs in step with the Spanish strings of the package.

    python tools/i18n.py update [CATALOG ...]

Each module of ``src/rumbo`` names its catalog (``_, N_, ngettext =
translator("objectives")``). For every catalog given (all of them by default)
this extracts the ``_()``/``N_()``/``ngettext()``/``pgettext()`` strings of the
modules that name it into ``src/rumbo/locale/en/LC_MESSAGES/<catalog>.po``,
keeping translations already there and adding new strings with an empty
translation to fill in. ``tests/test_i18n.py`` fails while any string lacks one.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

SRC = Path(__file__).resolve().parents[1] / "src" / "rumbo"
LOCALE = SRC / "locale" / "en" / "LC_MESSAGES"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def catalog_of(path: Path) -> str | None:
    """The catalog a module names with ``translator("...")`` at its top level, if any."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        value = getattr(node, "value", None)
        while isinstance(value, ast.Attribute):  # translator("x").pgettext
            value = value.value
        if (isinstance(value, ast.Call) and getattr(value.func, "id", "") == "translator"
                and value.args and isinstance(value.args[0], ast.Constant)):
            return value.args[0].value
    return None


def modules_by_catalog() -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for path in sorted(SRC.rglob("*.py")):
        name = catalog_of(path)
        if name:
            found.setdefault(name, []).append(path)
    return found


def extract(files: list[Path]):
    """(message, context, location) of every marked string of ``files``."""
    for path in files:
        for lineno, message, _comments, context in extract_from_file(
                "python", str(path), keywords=KEYWORDS):
            yield message, context, (path.relative_to(SRC.parents[1]).as_posix(), lineno)


def update(name: str, files: list[Path]) -> Path:
    path = LOCALE / f"{name}.po"
    old = {}
    if path.exists():
        with path.open("rb") as f:
            old = {(m.id, m.context): m.string for m in read_po(f) if m.id}
    catalog = Catalog(locale="en", domain=name, project="rumbo", charset="utf-8")
    for message, context, location in extract(files):
        empty = "" if isinstance(message, str) else ("", "")
        catalog.add(message, string=old.get((message, context), old.get((message, None), empty)),
                    locations=[location], context=context)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, sort_output=False, no_location=True)
    empty = [m.id for m in catalog if m.id and not (m.string if isinstance(m.string, str)
                                                     else all(m.string))]
    print(f"{path.name}: {len(catalog)} strings, {len(empty)} without translation")
    return path


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] != "update":
        sys.exit(__doc__)
    wanted = sys.argv[2:]
    for catalog_name, modules in modules_by_catalog().items():
        if not wanted or catalog_name in wanted:
            update(catalog_name, modules)
