"""The English edition of the notebooks, built from the Spanish ones and gettext catalogs.

    python tools/notebook_i18n.py extract [STEM ...]   update the catalogs from the Spanish notebooks
    python tools/notebook_i18n.py build [STEM ...]     write the English notebooks of the released stems
    python tools/notebook_i18n.py check                fail on a missing, fuzzy or stale translation
    python tools/notebook_i18n.py coverage             translated/total entries and words per edition

The Spanish notebooks are the source. Each one has a catalog
``locale/en/LC_MESSAGES/notebooks/<stem>.po`` (course) or ``<stem>.solutions.po``
(solutions); every message's context (msgctxt) is the id of its cell. A Markdown cell
gives one message per paragraph (a run of lines between blank lines or nbgrader
markers), so a changed paragraph costs one entry to re-translate. A code cell gives its
comments and its string literals that contain a space (notices, labels, example texts);
a literal that is data (a row label the package looks up) is "translated" to itself.

``extract`` keeps every translation whose Spanish is unchanged; a changed paragraph
gets the old English marked fuzzy (with the old Spanish as ``#| msgid``) to be
revised. A solution's new entry reuses the course's English for the same paragraph.

``build`` writes, for every stem in :data:`RELEASED`, ``course/en/<stem>.ipynb`` and
``solutions/en_<stem>/en_<stem>.ipynb`` (nbgrader makes ``exercises/en_<stem>/`` from
it: ``make exercises``), with ``language = "en"`` in the parameters cell. A notebook
whose cells already match keeps its stored outputs; a changed one is written without
outputs, for ``make outputs`` to execute. ``check`` (run by tests/test_notebook_i18n.py)
fails while a released stem has an entry untranslated or fuzzy, or a committed English
notebook is not what ``build`` writes.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import io
import re
import shutil
import sys
import tokenize
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "locale" / "en" / "LC_MESSAGES" / "notebooks"

#: The notebooks whose English edition is complete and built (course notebooks, solutions), by
#: slug (the stem without its number, so renumbering a module keeps it released): ``check``
#: holds them to every entry; the others are being translated.
RELEASED = {"course": ("bienvenida", "python_minimo", "objetivos", "metricas", "coste_del_tiempo",
                       "mantenimiento_diario", "escucha_y_recomendacion", "tu_plan", "que_publicar"),
            "solutions": ("bienvenida", "objetivos", "metricas", "coste_del_tiempo", "que_publicar",
                          "mantenimiento_diario", "escucha_y_recomendacion", "tu_plan")}

#: Lines that structure a cell for nbgrader: never translated, always kept.
MARKER = re.compile(r"^\s*(#{3} (BEGIN|END) (SOLUTION|HIDDEN TESTS)|<!-- (BEGIN|END) MARK SCHEME -->)\s*$")
_STRING = re.compile(r"^(?P<prefix>[rRbBuUfF]*)(?P<quote>'''|\"\"\"|'|\")(?P<body>.*)(?P=quote)$", re.DOTALL)
_FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)  # byte-stable catalog headers
_PARAMETER_LANGUAGE = re.compile(r'^language = "es"', re.MULTILINE)


# -- where things are ---------------------------------------------------------------------------

def stems() -> list[str]:
    """Every course notebook's stem, from the registry (modules and primers)."""
    sys.path.insert(0, str(ROOT / "src"))
    from rumbo.course.registry import notebook_stems

    return notebook_stems()


def sources(stem: str, root: Path = ROOT) -> list[tuple[str, Path, Path, Path]]:
    """(kind, Spanish notebook, catalog, English notebook) for the course and the solution of ``stem``."""
    found = []
    course = root / "course" / f"{stem}.ipynb"
    if course.exists():
        found.append(("course", course, root / LOCALE.relative_to(ROOT) / f"{stem}.po",
                      root / "course" / "en" / f"{stem}.ipynb"))
    solution = root / "solutions" / stem / f"{stem}.ipynb"
    if solution.exists():
        found.append(("solutions", solution, root / LOCALE.relative_to(ROOT) / f"{stem}.solutions.po",
                      root / "solutions" / f"en_{stem}" / f"en_{stem}.ipynb"))
    return found


# -- messages of a cell -------------------------------------------------------------------------

def paragraphs(source: str) -> list[tuple[int, int, str]]:
    """(first line, end line, text) of every paragraph of a Markdown cell: runs of lines that
    are neither blank nor an nbgrader marker."""
    lines = source.split("\n")
    found, start = [], None
    for i, line in enumerate([*lines, ""]):
        separator = not line.strip() or MARKER.match(line)
        if separator and start is not None:
            found.append((start, i, "\n".join(lines[start:i])))
            start = None
        elif not separator and start is None:
            start = i
    return found


def _tokens(source: str) -> list[tokenize.TokenInfo]:
    try:
        return list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []


def graded_answer(cell) -> bool:
    """An answer cell nbgrader grades (not an optional challenge): what its solution types, the
    English edition types in English (a KPI's word, a table's row)."""
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("solution")) and "reto" not in meta.get("grade_id", "")


def _solution_lines(source: str) -> set[int]:
    """The (1-based) line numbers between ``### BEGIN SOLUTION`` and ``### END SOLUTION``."""
    inside, found = False, set()
    for number, line in enumerate(source.split("\n"), start=1):
        if MARKER.match(line):
            inside = "BEGIN SOLUTION" in line
        elif inside:
            found.add(number)
    return found


def code_pieces(source: str, answer: bool = False) -> list[tuple[tokenize.TokenInfo, str, str, str]]:
    """(token, text before, message, text after) of every comment and spaced string literal of
    a code cell: the learner-facing words of the cell; with ``answer``, also every string of
    its solution."""
    found = []
    solution = _solution_lines(source) if answer else set()
    for tok in _tokens(source):
        if tok.type == tokenize.COMMENT and not MARKER.match(tok.string):
            body = tok.string.lstrip("#").lstrip().removeprefix("← ")  # the arrow points, it is not said
            head = tok.string[:len(tok.string) - len(body)]
            if body.strip():
                found.append((tok, head, body.strip(), ""))
        elif tok.type == tokenize.STRING:
            match = _STRING.match(tok.string)
            spaced = " " in match["body"] if match else False
            if match and (spaced or tok.start[0] in solution) and re.search(r"[^\W\d_]", match["body"]):
                found.append((tok, match["prefix"] + match["quote"], match["body"], match["quote"]))
    return found


def messages(nb) -> list[tuple[str, str, str]]:
    """(cell id, Spanish text, cell type) of every message of a notebook, in order."""
    found = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found += [(cell.id, text, "markdown") for _a, _b, text in paragraphs(cell.source)]
        elif cell.cell_type == "code":
            found += [(cell.id, text, "code")
                      for _t, _h, text, _e in code_pieces(cell.source, graded_answer(cell))]
    return found


# -- catalogs -----------------------------------------------------------------------------------

def read_catalog(path: Path) -> Catalog:
    if not path.exists():
        return Catalog(locale="en")
    with path.open("rb") as f:
        return read_po(f, locale="en")


def write_catalog(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.BytesIO()
    write_po(out, catalog, width=0, no_location=True, omit_header=False, sort_output=False,
             include_previous=True)
    if not path.exists() or path.read_bytes() != out.getvalue():
        path.write_bytes(out.getvalue())


def new_catalog(name: str) -> Catalog:
    return Catalog(locale="en", domain=name, project="rumbo", charset="utf-8", copyright_holder="Rumbo",
                   header_comment=f"# English text of the notebook {name}: tools/notebook_i18n.py extract/build.",
                   creation_date=_FIXED_DATE, revision_date=_FIXED_DATE,
                   fuzzy=False, language_team="Rumbo", last_translator="Rumbo")


def _by_cell(catalog: Catalog) -> dict[str, list]:
    cells: dict[str, list] = {}
    for message in catalog:
        if message.id:
            cells.setdefault(message.context, []).append(message)
    return cells


def _replaced(text: str, before: list, now: set):
    """The old message of the same cell that ``text`` most likely replaces: one whose Spanish is
    gone from the cell and reads most like ``text`` (at least half alike), if it was translated."""
    gone = [m for m in before if m.id not in now and m.string]
    scored = [(difflib.SequenceMatcher(None, m.id, text).ratio(), m) for m in gone]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] >= 0.5 else None


def update_catalog(nb, old: Catalog, name: str, reuse: Catalog | None = None) -> Catalog:
    """The catalog of ``nb``: unchanged Spanish keeps its English; a changed message takes the
    English of the message it replaces in its cell, marked fuzzy; a new one takes the English
    ``reuse`` has for the same Spanish (the course's, for a solution)."""
    old_cells = _by_cell(old)
    known = {}
    for source in (reuse, old):
        for message in source or ():
            if message.id and message.string and not message.fuzzy:
                known[message.id] = message.string
    catalog = new_catalog(name)
    current: dict[str, set] = {}
    for cell_id, text, _type in messages(nb):
        current.setdefault(cell_id, set()).add(text)
    for cell_id, text, _type in messages(nb):
        same = old.get(text, context=cell_id)
        flags, previous, string = set(), None, ""
        if same is not None and same.string:
            string, flags = same.string, set(same.flags)
        elif text in known:
            string = known[text]
        else:
            earlier = _replaced(text, old_cells.get(cell_id, []), current.get(cell_id, set()))
            if earlier is not None:
                string, flags, previous = earlier.string, {"fuzzy"}, [earlier.id]
        if catalog.get(text, context=cell_id) is None:
            catalog.add(text, string=string, context=cell_id, flags=flags, previous_id=previous)
    return catalog


def previous_catalog(nb, po: Path) -> Catalog:
    """The catalog ``nb`` had: its own, or, for a renamed (renumbered) notebook, the catalog of
    the same kind with the same slug (``04_x.po`` for ``05_x.po``), else the one that shares
    most of its messages (same cell id and same Spanish). Cell ids alone do not tell: every
    exercise has its ``q1-prompt``."""
    if po.exists():
        return read_catalog(po)
    solutions = po.name.endswith(".solutions.po")
    stem = po.name.removesuffix(".solutions.po").removesuffix(".po")
    others = [other for other in sorted(po.parent.glob("*.po"))
              if other.name.endswith(".solutions.po") == solutions]
    for other in others:
        if slug(other.name.removesuffix(".solutions.po").removesuffix(".po")) == slug(stem):
            return read_catalog(other)
    wanted = {(cell_id, text) for cell_id, text, _type in messages(nb)}
    best, shared = Catalog(locale="en"), 0
    for other in others:
        catalog = read_catalog(other)
        common = len(wanted & {(m.context, m.id) for m in catalog if m.id})
        if common > shared and common * 2 > len(wanted):
            best, shared = catalog, common
    return best


def extract(stem: str, root: Path = ROOT) -> list[Path]:
    written, course_catalog = [], None
    for kind, spanish, po, _english in sources(stem, root):
        nb = nbformat.read(spanish, as_version=4)
        catalog = update_catalog(nb, previous_catalog(nb, po), f"{stem}.{kind}", reuse=course_catalog)
        write_catalog(catalog, po)
        course_catalog = catalog if kind == "course" else course_catalog
        written.append(po)
    return written


# -- the English notebook ----------------------------------------------------------------------

class Untranslated(LookupError):
    pass


def _english(catalog: Catalog, cell_id: str, text: str) -> str:
    message = catalog.get(text, context=cell_id)
    if message is None or not message.string or message.fuzzy:
        raise Untranslated(f"{cell_id}: {text[:60]!r}")
    return message.string


def translate_cell(cell, catalog: Catalog):
    """``cell`` with its Spanish replaced by the catalog's English (raises :class:`Untranslated`)."""
    cell = copy.deepcopy(cell)
    if cell.cell_type == "markdown":
        lines = cell.source.split("\n")
        for start, end, text in reversed(paragraphs(cell.source)):
            lines[start:end] = _english(catalog, cell.id, text).split("\n")
        cell.source = "\n".join(lines)
    elif cell.cell_type == "code":
        lines = cell.source.split("\n")
        for tok, head, text, tail in reversed(code_pieces(cell.source, graded_answer(cell))):
            (row, col), (end_row, end_col) = tok.start, tok.end
            before, after = lines[row - 1][:col], lines[end_row - 1][end_col:]
            new = (before + head + _english(catalog, cell.id, text) + tail + after).split("\n")
            lines[row - 1:end_row] = new
        cell.source = "\n".join(lines)
        if "parameters" in cell.metadata.get("tags", []):
            cell.source = _PARAMETER_LANGUAGE.sub('language = "en"', cell.source)
    return cell


def english_notebook(nb, catalog: Catalog):
    """The English notebook of ``nb``: translated cells, no outputs."""
    english = copy.deepcopy(nb)
    english.cells = [translate_cell(c, catalog) for c in nb.cells]
    for cell in english.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    english.metadata.pop("widgets", None)
    return english


def _cells_key(nb) -> list:
    return [(c.cell_type, c.id, c.source, dict(c.metadata)) for c in nb.cells]


def slug(stem: str) -> str:
    """``07_que_publicar`` -> ``que_publicar``."""
    return stem.split("_", 1)[1]


def released(stem: str, root: Path = ROOT, kinds: dict | None = None) -> list[tuple[str, Path, Path, Path]]:
    """The :func:`sources` of ``stem`` that are released in English."""
    kinds = RELEASED if kinds is None else kinds
    return [s for s in sources(stem, root) if slug(stem) in kinds.get(s[0], ())]


def all_stems(kinds: dict | None = None) -> list[str]:
    """The stems with something released in English."""
    kinds = RELEASED if kinds is None else kinds
    return [stem for stem in stems() if any(slug(stem) in slugs for slugs in kinds.values())]


def build(stem: str, root: Path = ROOT, kinds: dict | None = None) -> list[Path]:
    """Write the released English notebooks of ``stem``; one whose cells already match keeps its
    outputs."""
    written = []
    for _kind, spanish, po, english_path in released(stem, root, kinds):
        english = english_notebook(nbformat.read(spanish, as_version=4), read_catalog(po))
        if english_path.exists() and _cells_key(nbformat.read(english_path, as_version=4)) == _cells_key(english):
            continue
        english_path.parent.mkdir(parents=True, exist_ok=True)
        english_path.write_text(nbformat.writes(english) + "\n", encoding="utf-8")
        written.append(english_path)
    return written


def orphans(root: Path = ROOT, catalogs: bool = False) -> list[Path]:
    """English notebooks (and exercise folders) nothing released builds any more; with
    ``catalogs``, the catalogs of notebooks that are gone (renamed ones were carried over)."""
    if catalogs:
        wanted = {po for stem in stems() for _k, _nb, po, _en in sources(stem, root)}
        return [p for p in sorted((root / LOCALE.relative_to(ROOT)).glob("*.po")) if p not in wanted]
    built = {en for stem in all_stems() for _k, _nb, _po, en in released(stem, root)}
    found = [p for p in sorted((root / "course" / "en").glob("*.ipynb")) if p not in built]
    found += [p.parent for p in sorted(root.glob("solutions/en_*/*.ipynb")) if p not in built]
    names = {p.parent.name for p in built}
    found += [p for p in sorted(root.glob("exercises/en_*")) if p.is_dir() and p.name not in names]
    return found


# -- checks and figures -------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
#: Code a paragraph names (a function it calls, a variable): the English must name the same.
_CODE_SPAN = re.compile(r"`([\w.]+\()[^`\n]*\)`|`([a-z_][a-z0-9_]*)`")


def problems(stem: str, root: Path = ROOT, kinds: dict | None = None) -> list[str]:
    """What keeps ``stem``'s released English notebooks from being complete and current."""
    found = []
    for kind, spanish, po, english_path in released(stem, root, kinds):
        nb = nbformat.read(spanish, as_version=4)
        catalog = read_catalog(po)
        for cell_id, text, cell_type in messages(nb):
            message = catalog.get(text, context=cell_id)
            where = f"{po.relative_to(root)} [{cell_id}]"
            if message is None or not message.string:
                found.append(f"{where} untranslated: {text[:70]!r}")
            elif message.fuzzy:
                found.append(f"{where} fuzzy (the Spanish changed): {text[:70]!r}")
            else:
                names = (_PLACEHOLDER.findall(text) if cell_type == "code"
                         else ["".join(groups) for groups in _CODE_SPAN.findall(text)])
                lost = [s for s in names if s not in message.string]
                if lost:
                    found.append(f"{where} the English lacks {lost}")
        if not found:
            built = english_notebook(nb, catalog)
            if not english_path.exists():
                found.append(f"{english_path.relative_to(root)} missing: run `tools/notebook_i18n.py build`")
            elif _cells_key(nbformat.read(english_path, as_version=4)) != _cells_key(built):
                found.append(f"{english_path.relative_to(root)} is stale: run `tools/notebook_i18n.py build`"
                             " and `make outputs`")
    return found


def coverage(root: Path = ROOT) -> list[tuple[str, int, int, int, int]]:
    """(catalog, translated, total, Spanish words, English words) of every catalog."""
    rows = []
    for stem in stems():
        for _kind, spanish, po, _english in sources(stem, root):
            catalog = read_catalog(po)
            entries = [m for m in catalog if m.id]
            done = [m for m in entries if m.string and not m.fuzzy]
            rows.append((po.name, len(done), len(entries), sum(len(m.id.split()) for m in entries),
                         sum(len(m.string.split()) for m in done)))
    return rows


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"extract", "build", "check", "coverage"}:
        print(__doc__)
        return 2
    command, wanted = argv[0], argv[1:]
    if command == "extract":
        for stem in wanted or stems():
            for path in extract(stem):
                print(f"{path.relative_to(ROOT)}")
        if not wanted:
            for path in orphans(ROOT, catalogs=True):
                path.unlink()
                print(f"removed {path.relative_to(ROOT)} (its notebook is gone)")
    elif command == "build":
        for stem in wanted or all_stems():
            for path in build(stem):
                print(f"wrote {path.relative_to(ROOT)} (run `make outputs` to execute it)")
        if not wanted:
            for path in orphans(ROOT):
                shutil.rmtree(path) if path.is_dir() else path.unlink()
                print(f"removed {path.relative_to(ROOT)} (no longer released)")
    elif command == "check":
        found = [p for stem in all_stems() for p in problems(stem)]
        print("\n".join(found) or f"English edition complete: {RELEASED}")
        return 1 if found else 0
    else:
        print(f"{'catalog':45} {'translated':>10} {'words es':>9} {'words en':>9}")
        for name, done, total, es, en in coverage():
            print(f"{name:45} {done:>4}/{total:<5} {es:>9} {en:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
