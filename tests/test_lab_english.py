"""`make lab-en` in Debian's headless Chromium: JupyterLab's own menus are English (the language
follows the edition), and the server hands RUMBO_LANG=en to the kernels it starts."""

from __future__ import annotations

import pytest

from tests.browser_support import TOKEN, watched_page

pytestmark = pytest.mark.browser
#: JupyterLab's main menus in English, and nbgrader's own menu.
ENGLISH_MENUS = {"File", "Edit", "View", "Run", "Kernel", "Tabs", "Settings", "Help", "Nbgrader"}
SPANISH_MENUS = {"Archivo", "Editar", "Ver", "Ejecutar", "Pestañas", "Configuración", "Ayuda",
                 "Ejercicios"}


@pytest.fixture(scope="module")
def lab_en(tmp_path_factory):
    from tests.browser_support import lab_server
    from tests.conftest import require_chromium

    require_chromium()
    with lab_server(tmp_path_factory.mktemp("lab-en"), language="en") as base:
        yield base


@pytest.fixture(scope="module")
def browser(lab_en):
    from tests.browser_support import chromium

    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser, request):
    yield from watched_page(browser, request, "lab_en", width=1280, height=1000)


def test_menus_are_in_english(page, lab_en):
    page.goto(f"{lab_en}/lab?reset&token={TOKEN}", timeout=120_000)
    page.wait_for_selector(".lm-MenuBar-itemLabel", timeout=60_000)
    labels = set(page.locator(".lm-MenuBar-itemLabel").all_inner_texts())
    assert labels <= ENGLISH_MENUS, f"menus not in English: {labels - ENGLISH_MENUS}"
    assert {"File", "Run", "Tabs"} <= labels and not labels & SPANISH_MENUS


def test_kernels_get_the_english_edition_s_language(page, lab_en):
    """A kernel started by this server reads RUMBO_LANG=en, as the English notebooks' package does."""
    page.goto(f"{lab_en}/lab?reset&token={TOKEN}", timeout=120_000)
    page.wait_for_function("window.jupyterapp && window.jupyterapp.serviceManager", timeout=60_000)
    language = page.evaluate("""async () => {
      const manager = window.jupyterapp.serviceManager.kernels;
      const kernel = await manager.startNew({name: 'python3'});
      const future = kernel.requestExecute({code: 'import os; print(os.environ.get("RUMBO_LANG"))'});
      let out = '';
      future.onIOPub = msg => { if (msg.header.msg_type === 'stream') out += msg.content.text; };
      await future.done;
      await kernel.shutdown();
      return out.trim();
    }""")
    assert language == "en"
