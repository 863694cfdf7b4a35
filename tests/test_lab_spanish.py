"""JupyterLab as `make lab` starts it, in Debian's headless Chromium: everything a learner meets
on the course's path is Spanish, and nothing leaves 127.0.0.1.

The path, walked once per screen width (1280 px and a 390 px phone): open module 0 and run it,
look at the file browser, the status bar (command and edit mode), every main menu and
submenu and the cell's context menu; the restart-kernel dialog; open exercise 00, run it,
press nbgrader's "Validate" and read its result; open the assignment and course lists, the
trainer's create-assignment panel and nbgrader's menu. On the phone the walk starts at the
exercise and leaves the menu bar out. At every step the text on screen, the
tooltips and the screen reader's labels are collected, and a screenshot is kept in
test-artifacts/ (lab_es_<step>_<width>.png).

English is found from the data, not from a list typed here: a string is English when it is a
message of JupyterLab's bundles that neither the language pack nor the course's catalogs
translate (or one they translate, shown untranslated), or a string of nbgrader's lab
extension shown as nbgrader wrote it (tests/lab_support.py).
"""

from __future__ import annotations

import re

import pytest

from tests.browser_support import ARTIFACTS, TOKEN, wait_for_kernel, watched_page
from tests.lab_support import english_in, language_pack, nbgrader_ui_strings, normalize

pytestmark = pytest.mark.browser
EXERCISE = "exercises/00_bienvenida/00_bienvenida.ipynb"
#: Text on screen, tooltips and placeholders; the screen reader's labels apart (SPOKEN).
SEEN_JS = """() => {
  const skip = '.jp-InputArea-editor, .jp-OutputArea, .jp-MarkdownOutput, .jp-Dialog pre, script, style';
  const visible = e => e.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  const clean = t => t.replace(/\\s+/g, ' ').trim();
  const shown = new Set(), spoken = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const e = walker.currentNode.parentElement, t = clean(walker.currentNode.textContent);
    if (t && e && !e.closest(skip) && visible(e)) shown.add(t);
  }
  for (const e of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
    if (e.closest(skip) || !visible(e)) continue;
    for (const [name, into] of [['title', shown], ['placeholder', shown], ['aria-label', spoken]]) {
      const v = clean(e.getAttribute(name) || '');
      if (v) into.add(v);
    }
  }
  return [[...shown], [...spoken]];
}"""
MENU_ITEMS = ".lm-Menu .lm-Menu-itemLabel"
#: The View submenu of syntax highlighting lists programming languages by name (Python, SQL...).
LANGUAGE_NAMES = "menu\x04Text Editor Syntax Highlighting"
#: Screen-reader labels JupyterLab 4.6 sets without its translator (no catalog reaches them).
SPOKEN_IN_ENGLISH = {"Markdown Cell Content", "Cell toolbar", "main area content", "main area toolbar",
                     "Responsive popup toolbar"}


def course_catalog(name: str) -> dict:
    import json

    from rumbo.apps import lab_translations

    path = lab_translations.LOCALE_DIR / "es_ES" / "LC_MESSAGES" / f"{name}.json"
    return {k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items() if k}


def translations() -> dict:
    """JupyterLab's domain as the learner's page gets it: language pack + the course's catalog."""
    return {**language_pack("jupyterlab"), **course_catalog("rumbo_jupyterlab")}


def names() -> set[str]:
    """What the course's catalogs keep as it is in Spanish ("Notebook", Jupyter Notebook's name)."""
    return {key for name in ("rumbo_jupyterlab", "rumbo_notebook", "rumbo_jupyterlab_widgets")
            for key, value in course_catalog(name).items() if value[0] == key}


def nbgrader_english(strings) -> set[str]:
    """Strings shown as nbgrader's lab extension wrote them (names that stay the same in Spanish
    left aside: its catalog translates them to themselves)."""
    same = {normalize(k) for k, v in course_catalog("rumbo_nbgrader").items() if normalize(v[0]) == normalize(k)}
    english = nbgrader_ui_strings() - same
    return {s for s in strings if s in english or s.rstrip(":") in english}


class Path_:
    """What the walk saw: per step, the strings shown and spoken, and the page at the end."""

    def __init__(self, page, width):
        self.page, self.width, self.shown, self.spoken = page, width, {}, {}

    def look(self, step: str, menus: bool = False) -> None:
        shown, spoken = self.page.evaluate(SEEN_JS)
        if menus:  # labels and shortcuts of the open menus
            shown += [normalize(t) for t in self.page.locator(MENU_ITEMS).all_inner_texts() if t.strip()]
        self.shown[step], self.spoken[step] = set(shown), set(spoken)
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"lab_es_{step}_{self.width}.png"))

    def run(self, command: str, args: str = "{}") -> None:
        """Start a JupyterLab command without waiting for it (a dialog may be waiting for us)."""
        self.page.evaluate(f"() => {{ window.jupyterapp.commands.execute('{command}', {args}); }}")

    def all_shown(self) -> set[str]:
        return set().union(*self.shown.values())


def open_notebook(page, lab, path):
    """Open ``path``, run all its cells; on a phone, close the file browser as a learner would."""
    page.goto(f"{lab}/lab/tree/{path}?reset&token={TOKEN}", timeout=120_000)
    wait_for_kernel(page)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")  # resolves once all ran
    if page.viewport_size["width"] < 400:
        page.evaluate("window.jupyterapp.commands.execute('application:toggle-left-area')")


def walk_menus(walk: Path_) -> None:
    page = walk.page
    bar = page.locator(".lm-MenuBar-item")
    for i in range(bar.count()):
        bar.nth(i).click()
        page.wait_for_selector(".lm-Menu")
        walk.look(f"menu{i}", menus=True)
        submenus = page.locator(".lm-Menu .lm-Menu-item[data-type=submenu]")
        for j in range(submenus.count()):
            if submenus.nth(j).inner_text().strip() == translations()[LANGUAGE_NAMES][0]:
                continue
            submenus.nth(j).hover()
            page.wait_for_timeout(250)  # Lumino opens a submenu after a short hover delay
            walk.shown[f"menu{i}_{j}"] = {normalize(t) for t in page.locator(MENU_ITEMS).all_inner_texts()}
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")


@pytest.fixture(scope="module", params=[1280, 390], ids=lambda w: f"{w}px")
def walk(request, browser, lab):
    """The learner's path, walked once per width; yields what was seen."""
    width = request.param
    pages = watched_page(browser, request, f"lab_es_{width}", width=width, height=900 if width > 400 else 844)
    page = next(pages)
    walk = Path_(page, width)
    desktop = width > 400
    # On a phone the walk starts at the exercise (the course's module takes long to run twice).
    first, name = ("course/00_bienvenida.ipynb", "module0") if desktop else (EXERCISE, "exercise")
    open_notebook(page, lab, first)
    walk.look(name)
    page.locator(".jp-Cell").nth(1).click()
    page.keyboard.press("Enter")
    page.wait_for_selector(".jp-Notebook.jp-mod-editMode")
    walk.look("edit_mode")
    page.keyboard.press("Escape")
    walk.page.locator(".jp-Cell").nth(1).click(button="right")
    page.wait_for_selector(".lm-Menu")
    walk.look("cell_menu", menus=True)
    page.keyboard.press("Escape")
    if desktop:  # the phone layout has no room for the whole menu bar
        walk_menus(walk)
    walk.run("notebook:restart-kernel")
    page.wait_for_selector(".jp-Dialog")
    walk.look("restart_dialog")
    walk.dialog = page.locator(".jp-Dialog").inner_text()
    page.locator(".jp-Dialog .jp-mod-reject").click()

    if desktop:
        open_notebook(page, lab, EXERCISE)
        walk.look("exercise")
    validate = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .validate-button")
    if not validate.first.is_visible():  # on a phone the toolbar keeps it behind its "…" button
        page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar-responsive-opener").click()
        validate = page.locator(".jp-Toolbar-responsive-popup .validate-button")
        walk.look("toolbar_more")
    validate.first.click()
    page.wait_for_selector(".jp-Dialog.nbgrader-ErrorDialog, .jp-Dialog.nbgrader-SuccessDialog", timeout=180_000)
    walk.look("validate_dialog")
    walk.validation = page.locator(".jp-Dialog").inner_text()
    page.locator(".jp-Dialog .jp-mod-accept").click()
    walk.run("nbgrader:open-create-assignment")  # the trainer's panel, for the open notebook
    page.wait_for_function("[...document.querySelectorAll('.nbgrader-CreateAssignmentWidget .nbgrader-CellWidget')]"
                           ".some(e => e.checkVisibility())", timeout=30_000)
    walk.look("create_assignment")
    walk.run("nbgrader:open-assignment-list")
    page.wait_for_selector("#nbgrader-assignment-list .list_error:not([hidden]), "
                           "#nbgrader-assignment-list .list_placeholder:not([hidden])", timeout=60_000)
    walk.look("assignment_list")
    walk.run("nbgrader:open-course-list")
    page.wait_for_selector("#nbgrader-course-list", timeout=30_000)
    page.wait_for_function("!document.querySelector('#formgrader_list_loading') || "
                           "document.querySelector('#formgrader_list_loading').hidden", timeout=30_000)
    walk.look("course_list")
    yield walk
    next(pages, None)


def test_nothing_on_the_path_is_jupyterlab_english(walk):
    english = english_in(walk.all_shown(), translations(), names())
    assert not english, f"English on screen ({walk.width} px): {english}"


def test_screen_reader_labels_are_spanish_where_a_catalog_reaches(walk):
    spoken = set().union(*walk.spoken.values())
    english = set(english_in(spoken, translations(), names())) - SPOKEN_IN_ENGLISH
    assert not english, f"English labels for screen readers: {english}"


def test_nothing_on_the_path_is_nbgrader_english(walk):
    english = nbgrader_english(walk.all_shown())
    assert not english, f"nbgrader's English on screen ({walk.width} px): {english}"


def test_restart_dialog(walk):
    assert "¿Reiniciar el kernel?" in walk.dialog and "¿Quieres reiniciar el kernel de 00_bienvenida.ipynb?" \
        in walk.dialog, walk.dialog
    assert {"Cancelar", "Reiniciar"} <= set(walk.dialog.split("\n"))
    assert not re.search(r"Restart|Do you want|Do not ask|Cancel\b", walk.dialog), walk.dialog


def test_status_bar_mode_and_file_browser(walk):
    if walk.width > 400:
        assert "Modo: Comando" in walk.shown["module0"] and "Modo: Edición" in walk.shown["edit_mode"]
        assert "Modificado" in walk.shown["module0"]
    for step in walk.shown.values():
        assert not {"Modo: Command", "Modo: Edit", "Modified"} & step


def test_validate_button_and_its_result(walk):
    toolbar = walk.shown["exercise"] | walk.shown.get("toolbar_more", set())  # a phone's "…" popup
    assert {"Validar", "Validar el ejercicio"} <= toolbar
    result = walk.validation
    assert result.startswith("Resultado de la validación"), result[:200]
    # the untouched exercise fails its checks, and its written answer is still the stub
    assert "Esta celda no pasa su comprobación:" in result and "Todavía no has escrito tu respuesta." in result
    assert "Aceptar" in result.split("\n")
    assert not re.search(r"Validation Results|The following cell|You did not provide|\bOk\b", result)


def test_assignment_and_course_lists(walk):
    seen = walk.shown["assignment_list"]
    assert {"Ejercicios publicados", "Ejercicios descargados", "Ejercicios entregados",
            "Ejercicios publicados, descargados y entregados del curso:"} <= seen
    assert any(s.startswith("En este equipo no hay carpeta de intercambio") for s in seen)
    assert {"Ejercicios", "Cursos"} <= walk.shown["course_list"]  # the two tabs' titles


def test_nbgrader_menu_and_create_assignment_panel(walk):
    panel = walk.shown["create_assignment"]
    assert {"Crear ejercicio", "Puntos en total:", "Tipo:", "Puntos:"} <= panel
    if walk.width > 400:
        menus = set().union(*(v for k, v in walk.shown.items() if k.startswith("menu")))
        assert "Ejercicios" in walk.shown["module0"]  # the menu's title
        assert {"Lista de ejercicios", "Lista de cursos", "Formgrader", "Crear ejercicio"} <= menus


def test_no_request_leaves_the_machine(walk):
    assert walk.page.offsite == []
