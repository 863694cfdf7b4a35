"""Keep the English catalogs in step with the Spanish strings of the package.

    python tools/i18n.py update profile src/rumbo/profile.py src/rumbo/widgets/profile.py

extracts every ``_()``/``N_()``/``ngettext`` string of the given files into
``src/rumbo/locale/en/LC_MESSAGES/<domain>.po``, keeping translations already
there and adding new strings with an empty translation to fill in.
``tests/test_i18n.py`` fails while any string lacks one.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parents[1] / "src" / "rumbo" / "locale" / "en" / "LC_MESSAGES"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def update(domain: str, files: list[str]) -> Path:
    path = LOCALE / f"{domain}.po"
    old = {}
    if path.exists():
        with path.open("rb") as f:
            old = {m.id: m.string for m in read_po(f) if m.id}
    catalog = Catalog(locale="en", domain=domain, project="rumbo", charset="utf-8")
    for name in files:
        for lineno, message, _comments, _ctx in extract_from_file("python", name, keywords=KEYWORDS):
            catalog.add(message, string=old.get(message, "" if isinstance(message, str) else ("", "")),
                        locations=[(Path(name).as_posix(), lineno)])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, sort_output=False, no_location=True)
    empty = [m.id for m in catalog if m.id and not m.string]
    print(f"{path.name}: {len(catalog)} strings, {len(empty)} without translation")
    return path


if __name__ == "__main__":
    if len(sys.argv) < 4 or sys.argv[1] != "update":
        sys.exit(__doc__)
    update(sys.argv[2], sys.argv[3:])
