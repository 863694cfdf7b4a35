"""A real JupyterLab in Debian's headless Chromium, driven by Playwright.

The server runs on 127.0.0.1 with a token, over a throwaway copy of course/ (so
autosave never touches the repository), with the configuration `make lab` uses
(jupyter/jupyter_lab_config.py): Spanish interface, no news pop-ups, module 0
opened first. For each module: open it, run all cells, operate its main
widget as a person would (tests/browser_support.py, INTERACTIONS): type, pick an
option, move a slider, click, upload a file, download what it makes; then axe-core
checks the course's widgets, and every control of them is measured at a 1280 px
screen with the file browser open (at least 60 px wide, not covered, words not cut;
a screenshot of the main widget is kept under test-artifacts/screens/). On failure
a screenshot and the browser console are kept under test-artifacts/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser_support import (IDLE, INTERACTIONS, TOKEN, keep_screenshot, layout_problems,
                                   open_in_lab, operate, serious_violations, wait_for_kernel,
                                   watched_page)

# The language pack lacks "Run" and "Tabs", and nbgrader names its menu in English: the course's
# catalogs (src/rumbo/apps/lab_translations) and the rumbo-lab extension give them their Spanish names.
SPANISH_MENUS = {"Archivo", "Editar", "Ver", "Ejecutar", "Kernel", "Pestañas", "Configuración", "Ayuda",
                 "Ejercicios"}
pytestmark = pytest.mark.browser
#: axe rules our widgets are known to break inside JupyterLab. ipywidgets leaves a slider's
#: handle without a name; app mode's template names it, JupyterLab offers no such hook.
KNOWN_A11Y_IN_LAB = {"06_escucha_y_recomendacion": {"aria-input-field-name"}}


@pytest.fixture
def page(browser, request):
    # A 1280 px laptop screen with JupyterLab as it opens: the file browser takes its share.
    yield from watched_page(browser, request, "lab", width=1280, height=1000)


def test_menus_are_in_spanish(page, lab):
    page.goto(f"{lab}/lab?reset&token={TOKEN}", timeout=120_000)
    page.wait_for_selector(".lm-MenuBar-itemLabel", timeout=60_000)
    labels = set(page.locator(".lm-MenuBar-itemLabel").all_inner_texts())
    assert labels <= SPANISH_MENUS, f"menus not in Spanish: {labels - SPANISH_MENUS}"
    assert {"Archivo", "Ejecutar", "Pestañas", "Ejercicios"} <= labels


def test_lab_opens_the_course_first_with_no_questions(page, lab):
    """`make lab`'s address lands on module 0, its kernel starts without a kernel-choice
    dialog, and no news or update notification shows."""
    page.goto(f"{lab}/?token={TOKEN}", timeout=120_000)
    page.wait_for_url("**/lab/tree/course/00_bienvenida.ipynb**", timeout=60_000)
    wait_for_kernel(page)
    assert page.evaluate("window.jupyterapp.shell.currentWidget.title.label") == "00_bienvenida.ipynb"
    assert page.locator(".jp-toast-message, .Toastify__toast").count() == 0


def test_formgrader_is_there_for_trainers(page, lab):
    """The nbgrader extension is enabled: its menu ("Ejercicios") opens the formgrader."""
    page.goto(f"{lab}/lab?reset&token={TOKEN}", timeout=120_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Ejercicios").click()
    entries = page.locator(".lm-Menu-itemLabel").all_inner_texts()
    assert any("Formgrader" in e for e in entries), entries
    response = page.goto(f"{lab}/formgrader?token={TOKEN}", timeout=60_000)  # its server extension
    assert response is not None and response.status == 200, response and response.status
    assert "formgrader" in page.title().lower() or "nbgrader" in page.title().lower(), page.title()


def test_profile_form_explains_impossible_hours(page, lab):
    open_in_lab(page, lab, "00_bienvenida")
    panel = page.locator(".rumbo-main").first
    hours = panel.get_by_label("Horas por semana para redes")
    hours.fill("200")
    hours.press("Enter")
    page.wait_for_function("document.querySelector('.rumbo-main [role=alert]') !== null", timeout=10_000)
    assert "168" in panel.locator("[role=alert]").first.inner_text()
    hours.fill("4")
    hours.press("Enter")
    page.wait_for_function(
        "!document.querySelector('.rumbo-main [role=alert]')", timeout=10_000)
    assert "Perfil completo" in panel.inner_text()


@pytest.mark.parametrize("module", sorted(INTERACTIONS))
def test_main_widget_works_as_a_person_uses_it(page, lab, module):
    """Every module: run all, then type, pick, slide, click, upload and download as
    tests/browser_support.INTERACTIONS says; each step shows what it must. Every control of
    the course's widgets has a name a screen reader can read (axe, inside .rumbo-panel)."""
    open_in_lab(page, lab, module)
    for step in INTERACTIONS[module]:
        operate(page, step)
    assert serious_violations(page, KNOWN_A11Y_IN_LAB.get(module, set()), within=".rumbo-panel") == []
    found = layout_problems(page, scroller=".jp-WindowedPanel-outer")
    keep_screenshot(page, f"lab_{module}", element=page.locator(".rumbo-main").first)
    assert found["problems"] == [], "\n".join(found["problems"])


def test_exercise_02_answers_a_decimal_comma_with_the_decimal_point_hint(page, lab):
    """An owner types `0,25` as her answer in exercise 02, runs it and its check, and reads in
    Spanish that decimals take a point: one line, no traceback, and the graded cell still fails."""
    page.goto(f"{lab}/lab/tree/exercises/02_metricas/02_metricas.ipynb?reset&token={TOKEN}", timeout=120_000)
    wait_for_kernel(page)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")  # stops at q1's test
    page.wait_for_selector(IDLE, timeout=180_000)
    answer = page.locator(".jp-CodeCell", has_text="mediana = None").first
    editor = answer.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.type("mediana = 0,25")
    page.keyboard.press("Shift+Enter")  # runs the answer, moves to its check
    page.keyboard.press("Shift+Enter")  # runs the check
    check = page.locator(".jp-CodeCell", has_text="q1.check(mediana)").first
    hint = "En Python los decimales llevan punto: escribe 0.25"
    check.locator(".jp-OutputArea-output", has_text=hint).wait_for(timeout=60_000)
    page.keyboard.press("Shift+Enter")  # the graded cell: a failed check, shown as one line
    graded = page.locator(".jp-CodeCell", has_text="q1.assert_ok(mediana)").first
    shown = graded.locator(".jp-OutputArea-output", has_text=hint)
    shown.wait_for(timeout=60_000)
    assert "Traceback" not in shown.inner_text() and "checks.py" not in shown.inner_text()


def test_validate_shows_the_spanish_line_of_a_failed_check(page, lab):
    """An owner writes a wrong answer in exercise 01, saves and presses «Validar»: the dialog
    shows the check's one Spanish line, never Python's traceback."""
    page.goto(f"{lab}/lab/tree/exercises/01_objetivos/01_objetivos.ipynb?reset&token={TOKEN}", timeout=120_000)
    wait_for_kernel(page)
    answer = page.locator(".jp-CodeCell", has_text="tasa_necesaria = None").first
    answer.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.type("tasa_necesaria = 0.5")
    page.keyboard.press("Escape")
    # JupyterLab marks the open notebook's tab dirty, then clean once the save is written:
    # «Validar» pressed before that finds the disk newer and asks to overwrite.
    current_tab = page.locator("#jp-main-dock-panel .lm-TabBar-tab.jp-mod-current")
    expect(current_tab).to_have_class(re.compile(r"\bjp-mod-dirty\b"), timeout=30_000)
    page.keyboard.press("Control+s")
    expect(current_tab).not_to_have_class(re.compile(r"\bjp-mod-dirty\b"), timeout=60_000)
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .validate-button").first.click()
    dialog = page.locator(".jp-Dialog.nbgrader-ErrorDialog, .jp-Dialog.nbgrader-SuccessDialog")
    dialog.wait_for(timeout=180_000)
    keep_screenshot(page, "lab_validate_dialog_1280")
    shown = dialog.inner_text()
    assert "P1: ✖ Todavía no. 0.5 no es el resultado esperado" in shown, shown
    assert not re.search(r"Traceback|AssertionError|CheckFailed|Comprobación:|checks\.py|File \"", shown), shown
