"""The English edition of the notebooks (tools/notebook_i18n.py): catalogs extracted from the
Spanish notebooks, English notebooks built from them.

On a throwaway copy of a small course: a changed Spanish paragraph makes its entry fuzzy and
``check`` fail; a missing entry fails too; ids are the cells'; build is deterministic and
keeps the outputs of a notebook whose text did not change. On the repository itself: every
released English notebook is complete and current.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("notebook_i18n", ROOT / "tools" / "notebook_i18n.py")
i18n = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(i18n)

STEM = "09_prueba"
KINDS = {"course": ("prueba",), "solutions": ("prueba",)}  # by slug


def _course() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Prueba\n\nPrimer párrafo del cuaderno.\n\n- uno\n- dos"),
        nbformat.v4.new_code_cell('business = "panaderia"   # panaderia | cosmetica\nlanguage = "es"',
                                  metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell('total = 3  # ← el total, con punto\nf"Listo: {total} filas cargadas."'),
        nbformat.v4.new_markdown_cell("## Para llevar\n\nSegundo párrafo."),
    ]
    for cell, cell_id in zip(nb.cells, ("titulo", "parametros", "carga", "final")):
        cell.id = cell_id
    return nb


def _solution() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("Primer párrafo del cuaderno.\n### BEGIN SOLUTION\nUna respuesta."
                                              "\n### END SOLUTION"),
                nbformat.v4.new_code_cell("x = None  # ← la respuesta\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION")]
    nb.cells[0].id, nb.cells[1].id = "respuesta", "codigo"
    return nb


ENGLISH = {"# Prueba": "# Trial", "Primer párrafo del cuaderno.": "First paragraph of the notebook.",
           "- uno\n- dos": "- one\n- two", "panaderia | cosmetica": "bakery | cosmetics",
           "el total, con punto": "the total, with a point",
           "Listo: {total} filas cargadas.": "Ready: {total} rows loaded.",
           "## Para llevar": "## Key takeaways", "Segundo párrafo.": "Second paragraph.",
           "Una respuesta.": "An answer.", "la respuesta": "the answer"}


@pytest.fixture
def course(tmp_path, monkeypatch) -> Path:
    """A folder shaped like the repository, with one course notebook and its solution."""
    (tmp_path / "course").mkdir()
    (tmp_path / "solutions" / STEM).mkdir(parents=True)
    nbformat.write(_course(), tmp_path / "course" / f"{STEM}.ipynb")
    nbformat.write(_solution(), tmp_path / "solutions" / STEM / f"{STEM}.ipynb")
    monkeypatch.setattr(i18n, "stems", lambda: [STEM])
    return tmp_path


def translate(root: Path, skip: tuple[str, ...] = ()) -> None:
    """Fill the catalogs of the trial course with :data:`ENGLISH` (what a translator does)."""
    for _kind, _nb, po, _en in i18n.sources(STEM, root):
        catalog = i18n.read_catalog(po)
        for message in catalog:
            if message.id and message.id not in skip:
                message.string = ENGLISH[message.id]
                message.flags.discard("fuzzy")
        i18n.write_catalog(catalog, po)


def entries(po: Path) -> dict:
    return {(m.context, m.id): m for m in i18n.read_catalog(po) if m.id}


def test_markdown_is_split_into_paragraphs_and_code_into_comments_and_spaced_strings():
    nb = _course()
    assert i18n.messages(nb) == [
        ("titulo", "# Prueba", "markdown"), ("titulo", "Primer párrafo del cuaderno.", "markdown"),
        ("titulo", "- uno\n- dos", "markdown"), ("parametros", "panaderia | cosmetica", "code"),
        ("carga", "el total, con punto", "code"), ("carga", "Listo: {total} filas cargadas.", "code"),
        ("final", "## Para llevar", "markdown"), ("final", "Segundo párrafo.", "markdown")]
    # nbgrader's markers and the code between them are never messages
    assert [text for _id, text, _t in i18n.messages(_solution())] == [
        "Primer párrafo del cuaderno.", "Una respuesta.", "la respuesta"]


def test_extract_writes_one_catalog_per_notebook_with_the_cell_ids_as_context(course):
    written = i18n.extract(STEM, course)
    assert [p.name for p in written] == [f"{STEM}.po", f"{STEM}.solutions.po"]
    found = entries(written[0])
    assert set(found) == {(cell_id, text) for cell_id, text, _t in i18n.messages(_course())}
    assert all(not m.string for m in found.values())


def test_check_fails_on_a_missing_entry_and_names_it(course):
    i18n.extract(STEM, course)
    translate(course, skip=("Segundo párrafo.",))
    i18n.extract(STEM, course)
    found = i18n.problems(STEM, course, KINDS)
    assert len(found) == 1 and "[final] untranslated" in found[0] and "Segundo párrafo." in found[0]
    with pytest.raises(i18n.Untranslated):
        i18n.build(STEM, course, KINDS)


def test_a_changed_spanish_paragraph_makes_its_entry_fuzzy_and_check_fail(course):
    i18n.extract(STEM, course)
    translate(course)
    i18n.extract(STEM, course)
    i18n.build(STEM, course, KINDS)
    assert i18n.problems(STEM, course, KINDS) == []
    path = course / "course" / f"{STEM}.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[3].source = "## Para llevar\n\nSegundo párrafo, ahora más largo."
    nbformat.write(nb, path)
    i18n.extract(STEM, course)
    po = course / i18n.LOCALE.relative_to(ROOT) / f"{STEM}.po"
    changed = entries(po)[("final", "Segundo párrafo, ahora más largo.")]
    assert changed.fuzzy and changed.string == "Second paragraph."
    assert '#, fuzzy\n#| msgid "Segundo párrafo."\nmsgctxt "final"' in po.read_text(encoding="utf-8")
    assert ("final", "Segundo párrafo.") not in entries(po)  # the old Spanish is gone
    assert not entries(po)[("final", "## Para llevar")].fuzzy  # its neighbour is untouched
    found = i18n.problems(STEM, course, KINDS)
    assert len(found) == 1 and "fuzzy" in found[0]


def test_a_solution_reuses_the_course_translation_of_the_same_paragraph(course):
    i18n.extract(STEM, course)
    translate(course, skip=("Una respuesta.", "la respuesta"))
    i18n.extract(STEM, course)
    solution = entries(course / i18n.LOCALE.relative_to(ROOT) / f"{STEM}.solutions.po")
    assert solution[("respuesta", "Primer párrafo del cuaderno.")].string == "First paragraph of the notebook."
    assert not solution[("respuesta", "Una respuesta.")].string


def test_build_translates_keeps_code_and_markers_and_sets_english(course):
    i18n.extract(STEM, course)
    translate(course)
    written = i18n.build(STEM, course, KINDS)
    assert [p.relative_to(course).as_posix() for p in written] == [
        f"course/en/{STEM}.ipynb", f"solutions/en_{STEM}/en_{STEM}.ipynb"]
    english = nbformat.read(written[0], as_version=4)
    assert [c.id for c in english.cells] == [c.id for c in _course().cells]
    assert english.cells[0].source == "# Trial\n\nFirst paragraph of the notebook.\n\n- one\n- two"
    assert english.cells[1].source == 'business = "panaderia"   # bakery | cosmetics\nlanguage = "en"'
    assert english.cells[2].source == 'total = 3  # ← the total, with a point\nf"Ready: {total} rows loaded."'
    solution = nbformat.read(written[1], as_version=4)
    assert solution.cells[0].source == ("First paragraph of the notebook.\n### BEGIN SOLUTION\nAn answer."
                                        "\n### END SOLUTION")
    assert solution.cells[1].source == "x = None  # ← the answer\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION"


def test_build_is_byte_stable_and_keeps_the_outputs_of_an_unchanged_notebook(course):
    i18n.extract(STEM, course)
    translate(course)
    catalogs = {p: p.read_bytes() for p in (course / "locale").rglob("*.po")}
    i18n.extract(STEM, course)  # a second extract changes no byte
    assert catalogs == {p: p.read_bytes() for p in (course / "locale").rglob("*.po")}
    first = i18n.build(STEM, course, KINDS)
    data = {p: p.read_bytes() for p in first}
    for path in first:  # as if `make outputs` had run it
        nb = nbformat.read(path, as_version=4)
        nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="ran\n")]
        nbformat.write(nb, path)
    assert i18n.build(STEM, course, KINDS) == []  # nothing to write: the outputs stay
    assert all("ran" in p.read_text(encoding="utf-8") for p in first)
    assert i18n.problems(STEM, course, KINDS) == []
    for path in first:
        path.unlink()
    assert i18n.build(STEM, course, KINDS) == first
    assert data == {p: p.read_bytes() for p in first}


def test_check_fails_on_a_stale_english_notebook_and_on_lost_code(course):
    i18n.extract(STEM, course)
    translate(course)
    i18n.build(STEM, course, KINDS)
    english = course / "course" / "en" / f"{STEM}.ipynb"
    nb = nbformat.read(english, as_version=4)
    nb.cells[0].source = "# Edited by hand"
    nbformat.write(nb, english)
    assert any("stale" in p for p in i18n.problems(STEM, course, KINDS))
    po = course / i18n.LOCALE.relative_to(ROOT) / f"{STEM}.po"
    catalog = i18n.read_catalog(po)
    catalog.get("Listo: {total} filas cargadas.", context="carga").string = "Ready: rows loaded."
    i18n.write_catalog(catalog, po)
    assert any("lacks ['{total}']" in p for p in i18n.problems(STEM, course, KINDS))


def test_every_released_english_notebook_is_complete_and_current():
    """The repository's own edition: what `tools/notebook_i18n.py check` says."""
    found = [p for stem in i18n.all_stems() for p in i18n.problems(stem)]
    assert found == []
    built = [en for stem in i18n.all_stems() for _kind, _nb, _po, en in i18n.released(stem)]
    assert len(built) == sum(len(slugs) for slugs in i18n.RELEASED.values())
    for path in built:
        nb = json.loads(path.read_text(encoding="utf-8"))
        parameters = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
        assert 'language = "en"' in "".join(parameters["source"])


def test_released_slugs_are_the_registry_s():
    slugs = {i18n.slug(stem) for stem in i18n.stems()}
    assert {s for kind in i18n.RELEASED.values() for s in kind} <= slugs
    assert i18n.orphans() == [] and i18n.orphans(catalogs=True) == []


def test_a_renumbered_notebook_keeps_its_translations_and_the_old_files_go(course, monkeypatch):
    i18n.extract(STEM, course)
    translate(course)
    i18n.build(STEM, course, KINDS)
    new = "03_prueba"
    (course / "course" / f"{STEM}.ipynb").rename(course / "course" / f"{new}.ipynb")
    (course / "solutions" / STEM).rename(course / "solutions" / new)
    (course / "solutions" / new / f"{STEM}.ipynb").rename(course / "solutions" / new / f"{new}.ipynb")
    monkeypatch.setattr(i18n, "stems", lambda: [new])
    monkeypatch.setattr(i18n, "RELEASED", KINDS)
    i18n.extract(new, course)
    assert [p.name for p in i18n.orphans(course, catalogs=True)] == [f"{STEM}.po", f"{STEM}.solutions.po"]
    assert i18n.problems(new, course, KINDS) == [f"course/en/{new}.ipynb missing: run `tools/notebook_i18n.py build`"]
    i18n.build(new, course, KINDS)
    assert i18n.problems(new, course, KINDS) == []
    assert [p.relative_to(course).as_posix() for p in i18n.orphans(course)] == [
        f"course/en/{STEM}.ipynb", f"solutions/en_{STEM}"]


def test_a_graded_answer_s_strings_are_messages_and_a_challenge_s_are_not():
    source = 'kpi = None  # ← el KPI\n### BEGIN SOLUTION\nkpi = valor_de(t, "ventas", "minutos")\n### END SOLUTION'
    answer = nbformat.v4.new_code_cell(source, metadata={"nbgrader": {"solution": True, "grade_id": "q1_answer"}})
    challenge = nbformat.v4.new_code_cell(source, metadata={"nbgrader": {"solution": True, "grade_id": "reto_answer"}})
    nb = nbformat.v4.new_notebook(cells=[answer, challenge])
    answer.id, challenge.id = "q1-answer", "reto-answer"
    assert [(cell_id, text) for cell_id, text, _t in i18n.messages(nb)] == [
        ("q1-answer", "el KPI"), ("q1-answer", "ventas"), ("q1-answer", "minutos"), ("reto-answer", "el KPI")]


def test_a_renumbered_exercise_keeps_its_own_catalog_though_every_exercise_shares_cell_ids(tmp_path):
    for name, spanish, english in (("04_a", "Elige un formato.", "Pick a format."),
                                   ("05_b", "Suma las horas.", "Add up the hours.")):
        catalog = i18n.new_catalog(name)
        catalog.add(spanish, string=english, context="q1-prompt")
        i18n.write_catalog(catalog, tmp_path / f"{name}.solutions.po")

    def exercise(text):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])
        nb.cells[0].id = "q1-prompt"
        return nb

    def carried(nb, name):
        return [(m.id, m.string) for m in i18n.previous_catalog(nb, tmp_path / f"{name}.solutions.po") if m.id]

    assert carried(exercise("Suma las horas de nuevo."), "06_b") == [("Suma las horas.", "Add up the hours.")]
    assert carried(exercise("Elige un formato."), "07_c") == [("Elige un formato.", "Pick a format.")]
    assert carried(exercise("Una pregunta nueva."), "08_d") == []
