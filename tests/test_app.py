"""App mode (Voilà): the course's planners as a code-free web app.

Headless tests build each page in Python; the browser tests serve app/ with
Voilà on 127.0.0.1 (a free port, the command of ``rumbo app``), open every page
in Debian's Chromium through Playwright, and check: no console errors, no
request leaves the machine, the main widget works as a person uses it (type, pick,
slide, click, upload, download), axe-core finds no
serious or critical violation, the index lists every module, and the capstone's
document downloads. On failure a screenshot and the console log are kept under
test-artifacts/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rumbo.apps import app
from rumbo.course import MODULES
from rumbo.core.errors import InvalidInputError, RumboError
from tests.browser_support import (INTERACTIONS, chromium, keep_screenshot, layout_problems,
                                   open_in_app, operate, serious_violations, voila_server,
                                   watched_page)
from tests.conftest import require_chromium

ROOT = Path(__file__).resolve().parents[1]
STEMS = [stem for stem, *_ in MODULES]
#: Known axe violations waiting for a fix (none now). The test fails when one disappears,
#: so an entry cannot outlive its fix.
KNOWN_A11Y: dict[str, set[str]] = {}


def _descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _descendants(child)


# -- headless ----------------------------------------------------------------------------------

def test_index_lists_every_module():
    page = app.index_html()
    for stem, title, *_ in MODULES:
        assert f'href="{stem}.ipynb"' in page
        assert title in page


@pytest.mark.parametrize("stem", STEMS)
def test_module_page_has_its_main_widget(stem, plan_path):
    page = app.module_page(stem, "panaderia", str(plan_path))
    mains = [w for w in _descendants(page) if "rumbo-main" in w._dom_classes]
    assert len(mains) == 1
    assert "index.ipynb" in page.children[0].value  # the way back to the index


def test_unknown_module_and_business_are_messages(monkeypatch):
    with pytest.raises(InvalidInputError, match="No existe el módulo"):
        app.module_page("99_nada")
    monkeypatch.setenv("RUMBO_BUSINESS", "frutería")
    with pytest.raises(InvalidInputError, match="panaderia"):
        app.business_from_env()


def test_open_address_needs_a_token_kept_off_the_command_line():
    with pytest.raises(InvalidInputError, match=app.TOKEN_ENV):
        app.voila_command("app", 8866, ip="0.0.0.0")
    cmd = app.voila_command("app", 8866, ip="0.0.0.0", token="x" * 32)
    assert "x" * 32 not in " ".join(cmd) and "--Voila.auto_token=True" in cmd
    assert app.voila_env(token="x" * 32, base={})["JUPYTER_TOKEN"] == "x" * 32
    assert not any("allow_remote_access" in part for part in cmd)  # --ip given: other Host names too
    assert any("'allow_remote_access': False" in part for part in app.voila_command("app", 8866))
    with pytest.raises(RumboError, match="65535"):
        app.voila_command("app", 0)


def test_voila_command_denies_broken_extensions_and_uses_offline_template():
    cmd = " ".join(app.voila_command("app", 8866))
    assert "@jupyter/nbgrader" in cmd and "@jupyter-notebook/lab-extension" in cmd
    assert "--template=rumbo" in cmd and "--Voila.ip=127.0.0.1" in cmd
    template = (app.TEMPLATES / "voila" / "templates" / "rumbo" / "index.html.j2").read_text()
    assert "cdn.jsdelivr" not in template and "http://" not in template.replace("https://", "")


def test_committed_app_notebooks_are_fresh(tmp_path):
    written = app.write_app(tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in (ROOT / "app").glob("*.ipynb"))
    for path in written:
        assert path.read_text() == (ROOT / "app" / path.name).read_text(), f"run `rumbo app build`: {path.name}"
        cells = json.loads(path.read_text())["cells"]
        assert len(cells) == 1 and len(cells[0]["source"]) <= 2


def test_cli_build_and_help(tmp_path, capsys):
    from rumbo.apps import app_cli

    import argparse

    parser = argparse.ArgumentParser()
    app_cli.add_commands(parser)
    assert app_cli.run(parser.parse_args(["build", "--out", str(tmp_path)])) == 0
    assert (tmp_path / "index.ipynb").exists()
    assert app.app_token("127.0.0.1", {}) is None
    assert len(app.app_token("0.0.0.0", {})) >= 32 and app.app_token("0.0.0.0", {}) != app.app_token("0.0.0.0", {})
    assert app.app_token("127.0.0.1", {app.TOKEN_ENV: "mi-clave"}) == "mi-clave"
    with pytest.raises(SystemExit):
        parser.parse_args(["--token", "visible-en-ps"])


# -- browser -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """Voilà serving app/ on 127.0.0.1 (a free port, the command of `rumbo app`); yields
    (base URL, plan path)."""
    require_chromium()
    with voila_server(tmp_path_factory.mktemp("app")) as served:
        yield served


@pytest.fixture(scope="module")
def browser(voila):
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser, request):
    yield from watched_page(browser, request, "app")


#: A phone held upright (the width of most current phones, in CSS pixels).
PHONE = 390


@pytest.fixture
def phone(browser, request):
    yield from watched_page(browser, request, "app-phone", width=PHONE, height=844)


def fits(page, name: str) -> None:
    """Every control of the page readable and clickable, no sideways page scroll; the page's
    screenshot is kept under test-artifacts/screens/ either way."""
    found = layout_problems(page)
    keep_screenshot(page, name)
    assert found["controls"] > 0 or name.startswith("app_index"), "no control measured"
    assert found["problems"] == [], "\n".join(found["problems"])
    assert found["pageScroll"] <= 0, f"the page scrolls sideways by {found['pageScroll']} px"


def errors(page) -> list[str]:
    return [line for line in page.console if line.startswith("error")]


@pytest.mark.browser
def test_app_index_lists_all_modules(page, voila):
    base, _plan = voila
    open_in_app(page, base, "index", ".rumbo-app-index")
    links = page.locator(".rumbo-app-index a")
    assert links.count() == len(MODULES)
    for (stem, title, *_), text in zip(MODULES, links.all_inner_texts()):
        assert title in text
    assert serious_violations(page) == []
    fits(page, "app_index_1280")
    links.nth(1).click()
    page.wait_for_selector(".rumbo-main", timeout=120_000)
    assert page.url.endswith("01_objetivos.ipynb")
    assert errors(page) == [] and page.offsite == []


@pytest.mark.browser
@pytest.mark.parametrize("stem", STEMS)
def test_app_module_page(page, voila, stem):
    """Each module page: loads cleanly and offline, shows no code, its main widget works as a
    person uses it (tests/browser_support.INTERACTIONS), and axe finds nothing serious."""
    base, _plan = voila
    open_in_app(page, base, stem)
    assert page.locator(".jp-InputArea, .jp-CodeMirrorEditor, .jp-InputPrompt:visible").count() == 0
    page.wait_for_timeout(300)  # let late outputs (charts) settle before reading the text
    for step in INTERACTIONS[stem]:
        operate(page, step)
    assert errors(page) == [], errors(page)
    assert page.offsite == [], page.offsite
    assert serious_violations(page, KNOWN_A11Y.get(stem, set())) == []
    fits(page, f"app_{stem}_1280")


@pytest.mark.browser
@pytest.mark.parametrize("stem", ["index", *STEMS])
def test_app_page_fits_a_phone(phone, voila, stem):
    """At 390 px every label, field and button is readable and clickable (at least 60 px wide,
    not covered, words not cut), tables and the week grid scroll inside their box, and the
    page never scrolls sideways."""
    base, _plan = voila
    open_in_app(phone, base, stem, ".rumbo-app-index" if stem == "index" else ".rumbo-main input")
    phone.wait_for_timeout(300)  # late outputs (charts) take their place
    fits(phone, f"app_{stem}_{PHONE}")
    assert errors(phone) == [], errors(phone)


def _type(page, label: str, text: str) -> None:
    """Type into a field key by key, as a person does, and leave it (Enter). ``label``: how
    the field's label starts (the currency in it is the profile's)."""
    field = page.locator(".rumbo-main").get_by_label(re.compile("^" + re.escape(label)))
    field.click()
    field.press("Control+A")
    field.press_sequentially(text, delay=20)
    field.press("Enter")


@pytest.mark.browser
def test_app_number_fields_read_spanish(page, voila):
    """Typed as a person types, "2,5" hours are 2.5 (not 25), "1.500" € of ads are 1500 and
    "15 €" of tools are 15: on screen next to each field and in the saved plan."""
    base, plan = voila
    open_in_app(page, base, "03_coste_del_tiempo")
    main = page.locator(".rumbo-main")
    typed = {"Crear contenido (ideas, planificación) (h/semana)": ("2,5", "= 2,5 h/semana"),
             "Anuncios al mes": ("1.500", "= 1.500 "), "Herramientas al mes": ("15 €", "= 15 ")}
    for label, (text, echo) in typed.items():
        _type(page, label, text)
        page.wait_for_function("([e]) => document.querySelector('.rumbo-main').innerText.includes(e)",
                               arg=[echo], timeout=30_000)
    main.get_by_role("button", name="Guardar en mi plan").click()
    page.wait_for_function("document.querySelector('.rumbo-main').innerText.includes('Guardado en')",
                           timeout=30_000)
    budget = json.loads(plan.read_text(encoding="utf-8"))["time_budget"]
    assert budget["hours_per_week"]["content_creation"] == 2.5
    assert budget["ads_per_month"] == 1500 and budget["tools_per_month"] == 15
    _type(page, "Anuncios al mes", "mil")  # not a number: said plainly, nothing changes
    page.wait_for_selector(".rumbo-main [role=alert]", timeout=30_000)
    assert "«mil» no es un número" in main.inner_text()
    assert errors(page) == []


@pytest.mark.browser
def test_app_capstone_downloads_the_plan_document(page, voila):
    base, plan = voila
    open_in_app(page, base, "07_tu_plan")
    page.get_by_role("button", name="Guardar en mi plan y crear el documento").click()
    link = page.locator("a.rumbo-download").first
    link.wait_for(timeout=60_000)
    with page.expect_download(timeout=30_000) as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".html")
    assert "<html" in Path(download.path()).read_text(encoding="utf-8").lower()
    assert plan.exists()  # the same plan file the notebooks use ($RUMBO_PLAN)
    assert (plan.parent / download.suggested_filename).exists()
    assert errors(page) == []
