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

import html
import json
import re
from pathlib import Path

import nbformat
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


def edition_blocks(page: str) -> dict[str, str]:
    """The index's lists by edition: the session's (<main>) and the other one (<aside lang=..>)."""
    main = re.search(r"<main class='rumbo-app-index'>.*?</main>", page, re.S).group()
    asides = dict(re.findall(r"<aside class='rumbo-app-edition' lang='(\w+)'>(.*?)</aside>", page, re.S))
    return {"main": main, **asides}


@pytest.mark.parametrize("language,other", [("es", "en"), ("en", "es")])
def test_index_offers_both_editions_each_in_its_own_language(language, other):
    from rumbo.core.i18n import set_language, translator
    from tests.language_support import spanish_in

    folder = {"es": "", "en": "en/"}
    set_language(language)
    page = app.index_html()
    blocks = edition_blocks(page)
    assert set(blocks) == {"main", other}
    for block, lang in ((blocks["main"], language), (blocks[other], other)):
        hrefs = re.findall(r'href="([^"]+)"', block)
        assert hrefs == [f"{folder[lang]}{m.stem}.ipynb" for m in MODULES]
        set_language(lang)
        titles = [translator("course").gettext(m.title) for m in MODULES]
        set_language(language)
        assert all(title in block for title in titles)
        assert bool(spanish_in(block)) == (lang == "es"), lang
    set_language("es")


def test_an_english_page_leads_back_to_the_one_index(plan_path):
    from rumbo.core.i18n import set_language

    page = app.module_page(STEMS[1], "panaderia", str(plan_path), language="en")
    set_language("es")
    assert "href='../index.ipynb'" in page.children[0].value
    spanish = app.module_page(STEMS[1], "panaderia", str(plan_path))
    assert "href='index.ipynb'" in spanish.children[0].value


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
    loopback = f"--Voila.config_file_paths={app.TEMPLATES / 'voila' / 'loopback'}"
    assert loopback not in cmd  # --ip given: other Host names too
    assert loopback in app.voila_command("app", 8866)
    settings = json.loads((app.TEMPLATES / "voila" / "loopback" / "voila.json").read_text())
    assert settings["Voila"]["tornado_settings"]["allow_remote_access"] is False
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
    names = sorted(p.relative_to(tmp_path).as_posix() for p in written)
    assert names == sorted(p.relative_to(ROOT / "app").as_posix() for p in (ROOT / "app").rglob("*.ipynb"))
    for path in written:
        name = path.relative_to(tmp_path).as_posix()
        assert path.read_text() == (ROOT / "app" / name).read_text(), f"run `rumbo app build`: {name}"
        cells = json.loads(path.read_text())["cells"]
        code = [c for c in cells if c["cell_type"] == "code"]
        assert len(code) == (1 if path.stem == "index" else 2)  # header and panels: one call each
        assert all(len(c["source"]) <= 2 for c in code)

    english = json.loads((tmp_path / "en" / "01_objetivos.ipynb").read_text())
    calls = "".join("".join(c["source"]) for c in english["cells"] if c["cell_type"] == "code")
    assert "module_page('01_objetivos', header=False, language='en')" in calls
    assert "module_header('01_objetivos', language='en')" in calls
    assert english["metadata"]["title"] == "Rumbo · Objectives"
    takeaway = english["cells"][-1]["source"]
    assert "".join(takeaway).startswith('<details class="rumbo-lesson rumbo-takeaway" open><summary>Key takeaways')
    assert not (tmp_path / "en" / "index.ipynb").exists()  # one index offers both editions

@pytest.mark.parametrize("stem", STEMS)
def test_app_page_carries_the_lesson_of_its_course_notebook(stem):
    """Every Markdown cell of the course notebook is on the app page, word for word, folded
    under its section's heading; the sections about running cells are not; the tools come
    after the lesson and the «Para llevar» closes the page."""
    course = nbformat.read(ROOT / "course" / f"{stem}.ipynb", as_version=4)
    page = nbformat.read(ROOT / "app" / f"{stem}.ipynb", as_version=4)
    shown = "\n".join(c.source for c in page.cells if c.cell_type == "markdown")
    heading, missing, extra = None, [], []
    for cell in course.cells:
        if cell.cell_type != "markdown":
            continue
        first, _sep, rest = cell.source.partition("\n")
        if re.match(r"#{1,2} ", first):
            heading, body = first.lstrip("#").strip(), rest.strip()
        else:
            body = cell.source.strip()
        if heading in app.NOTEBOOK_ONLY:
            extra += [body[:60]] if body and body in shown else []
            continue
        if f"<summary>{html.escape(heading)}</summary>" not in shown:
            missing.append(heading)
        if body and body not in shown:
            missing.append(body[:60])
    assert missing == [] and extra == []
    kinds = [c.cell_type if c.cell_type == "markdown" else c.source.split("(")[0].split()[-1]
             for c in page.cells]
    assert kinds[0] == "module_header" and kinds[-2:] == ["module_page", "markdown"]
    assert page.cells[-1].source.startswith('<details class="rumbo-lesson rumbo-takeaway" open>'
                                            '<summary>Para llevar</summary>')
    lesson = [c.source for c in page.cells[1:-2]]
    assert lesson and all(s.startswith('<details class="rumbo-lesson"><summary>') for s in lesson)


def test_lesson_sections_follow_the_headings(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Título\n\nIntro."),
                nbformat.v4.new_markdown_cell("## Antes de empezar\n\nEjecuta."),
                nbformat.v4.new_code_cell("x = 1"),
                nbformat.v4.new_markdown_cell("## Idea\n\nUno."),
                nbformat.v4.new_markdown_cell("### Tu turno\n\nDos."),
                nbformat.v4.new_code_cell("y = 2"),
                nbformat.v4.new_markdown_cell("Tres <b>y</b> «cuatro»."),
                nbformat.v4.new_markdown_cell("## Para llevar\n\n1. Todo.")]
    path = tmp_path / "m.ipynb"
    nbformat.write(nb, path)
    sections = app.lesson_sections(path)
    assert [s.heading for s in sections] == ["Título", "Idea", "Para llevar"]
    assert sections[1].markdown() == "Uno.\n\n### Tu turno\n\nDos.\n\nTres <b>y</b> «cuatro»."
    cell = app.details_cell(app.Section("A & B", ("## A & B\n\nTexto.",)), "rumbo-lesson")
    assert cell.source == '<details class="rumbo-lesson"><summary>A &amp; B</summary>\n\nTexto.\n\n</details>'


def test_without_its_course_notebook_a_page_is_still_the_tools(tmp_path):
    page = app.notebook("01_objetivos", course=tmp_path)
    assert [c.cell_type for c in page.cells] == ["code", "code"]


def test_module_header_and_page_without_header(plan_path):
    header = app.module_header("01_objetivos")
    assert "index.ipynb" in header.children[0].value and "Objetivos" in header.children[0].value
    tools = app.module_page("01_objetivos", "panaderia", str(plan_path), header=False)
    assert all("index.ipynb" not in getattr(w, "value", "") for w in tools.children)


#: Technical words on the app's pages -> the start of the plain sentence that explains them.
JARGON = {"(z)": "más alto, menos alarmas", "UTM": "UTM: unas etiquetas al final del enlace",
          "ROI": "ROI: por cada 100 que gastas", "backtest": "Prueba con el pasado: el modelo aprende",
          "Error medio del modelo": "Error medio: cuántas personas", "mediano": "Mediano: la mitad"}


def _shown_text(widget) -> tuple[str, str]:
    """(the page's control labels, panel titles and table headings; all its text)."""
    labels, shown = [], []
    for w in _descendants(widget):
        value, description = str(getattr(w, "value", "") or ""), str(getattr(w, "description", "") or "")
        labels += [description, *re.findall(r"<(?:h3|caption|th)\b[^>]*>(.*?)</", value)]
        shown += [value, description]
    return "\n".join(labels), "\n".join(shown)


def test_every_technical_word_on_an_app_page_is_explained_beside_it(plan_path):
    """A technical word in a control's label, a panel's title or a table's heading comes with
    one plain sentence that says what it means."""
    seen = set()
    for stem in STEMS:
        labels, shown = _shown_text(app.module_page(stem, "panaderia", str(plan_path)))
        for word, sentence in JARGON.items():
            if word in labels:
                seen.add(word)
                assert sentence.lower() in shown.lower(), f"{stem}: «{word}» without «{sentence}»"
    assert seen == set(JARGON)  # every entry is still on some page (else it is stale)


def test_the_app_profile_form_says_the_example_is_an_example(plan_path):
    def notes(page):
        return [w.value for w in _descendants(page) if "rumbo-example-note" in w._dom_classes]

    stem = next(m.stem for m in MODULES if "profile" in m.saves)
    first = notes(app.module_page(stem, "panaderia", str(plan_path)))
    assert len(first) == 1 and "negocio de ejemplo" in first[0] and "Cámbialo por el tuyo" in first[0]
    from rumbo.data import plan as plan_file
    from rumbo.data.profile import example_profile

    plan_file.update_section("profile", dict(example_profile("cosmetica"), name="Mi tienda"), str(plan_path))
    assert notes(app.module_page(stem, "panaderia", str(plan_path))) == []


def test_the_app_profile_page_takes_google_business_and_whatsapp_and_module_1_copes(plan_path):
    """Ticked on the app's profile page and saved, the two business channels reach module 1's
    page, which says in plain words why they are not in the follower-growth check."""
    from rumbo.widgets.profile import ProfilePanel

    stem = next(m.stem for m in MODULES if "profile" in m.saves)
    form = next(w for w in _descendants(app.module_page(stem, "panaderia", str(plan_path)))
                if isinstance(w, ProfilePanel))
    for network in ("facebook", "instagram", "tiktok", "x", "linkedin", "youtube"):
        form.controls[f"uses_{network}"].value = False
    form.controls["uses_google_business"].value = True
    form.controls["uses_whatsapp"].value = True
    form.controls["save"].click()
    assert form.saved["networks"] == ["google_business", "whatsapp"]
    objectives_stem = next(m.stem for m in MODULES if "objectives" in m.saves)
    _labels, shown = _shown_text(app.module_page(objectives_stem, "panaderia", str(plan_path)))
    assert "no tienen seguidores" in shown and "usa Instagram de ejemplo" in shown


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
def test_app_root_opens_the_spanish_course_index(page, voila):
    """The app's own address lands on the course index (not Voilà's file list), in Spanish,
    with nothing loaded from outside 127.0.0.1."""
    base, _plan = voila
    page.goto(f"{base}/", timeout=120_000)
    page.wait_for_selector(".rumbo-app-index", timeout=120_000)
    assert page.url == f"{base}/voila/render/index.ipynb"
    text = page.inner_text("body")
    assert "Módulos del curso" in page.content() and "Select items" not in text
    assert page.offsite == [] and errors(page) == []


@pytest.mark.browser
def test_app_page_shows_the_lesson_folded_and_the_takeaway_open(page, voila):
    """The lesson's sections are folded under their headings above the tools (a tap opens
    one); the «Para llevar» is open under them."""
    base, _plan = voila
    stem = STEMS[1]
    open_in_app(page, base, stem)
    sections = app.lesson_sections(ROOT / "course" / f"{stem}.ipynb")
    summaries = page.locator("details.rumbo-lesson > summary")
    assert summaries.all_inner_texts() == [s.heading for s in sections]
    first = page.locator("details.rumbo-lesson").first
    assert first.get_attribute("open") is None and not first.locator("p").first.is_visible()
    summaries.first.click()
    assert first.locator("p").first.is_visible()
    takeaway = page.locator("details.rumbo-takeaway")
    assert takeaway.get_attribute("open") is not None and takeaway.locator("li").first.is_visible()
    tools = page.locator(".rumbo-main").first.bounding_box()["y"]
    assert page.locator("details.rumbo-lesson").nth(len(sections) - 2).bounding_box()["y"] < tools
    assert takeaway.bounding_box()["y"] > tools
    assert errors(page) == []


@pytest.mark.browser
@pytest.mark.parametrize("stem", STEMS)
def test_app_module_page(page, voila, stem):
    """Each module page: loads cleanly and offline, shows no code, its main widget works as a
    person uses it (tests/browser_support.INTERACTIONS), and axe finds nothing serious."""
    base, _plan = voila
    open_in_app(page, base, stem)
    assert page.locator(".jp-CodeCell .jp-InputArea, .jp-CodeMirrorEditor, .jp-InputPrompt:visible").count() == 0
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


def _in_english(catalog: str, message: str) -> str:
    """What the English edition shows for ``message`` (from the package's catalog)."""
    from rumbo.core.i18n import in_language, translator

    with in_language("en"):
        return translator(catalog).gettext(message)


@pytest.mark.browser
def test_app_module_1_in_english(page, voila, tmp_path):
    """From the one index, the English edition's module 1: numbers typed the English way
    (thousands comma, decimal point) are read as such, «Add to my list» answers in English,
    and the page says nothing in Spanish outside proper names; no console error, nothing
    fetched from outside. Screenshots at 1280 and 390 px are kept in the test's folder."""
    from rumbo.core.i18n import fmt_number, in_language
    from rumbo.views.language_check import spanish_excerpts
    from tests.language_support import proper_names

    base, _plan = voila
    open_in_app(page, base, "index", ".rumbo-app-index")
    page.locator("aside.rumbo-app-edition[lang=en] a[href='en/01_objetivos.ipynb']").click()
    page.wait_for_selector(".rumbo-main input", timeout=120_000)
    assert page.url.endswith("/en/01_objetivos.ipynb")
    with in_language("en"):
        typed = {_in_english("objectives", "En cuántos meses"): ("7.5", fmt_number(7.5, 1)),
                 _in_english("objectives", "Meta"): ("1,250.5", fmt_number(1250.5, 1))}
    assert [echo for _text, echo in typed.values()] == ["7.5", "1,250.5"]
    for label, (text, echo) in typed.items():
        field = page.get_by_label(label, exact=True).first
        field.click()
        field.press("Control+A")
        field.press_sequentially(text, delay=20)
        field.press("Enter")
        page.wait_for_function("([e]) => [...document.querySelectorAll('.rumbo-echo')]"
                               ".some(n => n.innerText.trim().startsWith('= ' + e))", arg=[echo], timeout=30_000)
    planner = page.locator(".rumbo-panel", has=page.get_by_label(_in_english("objectives", "Meta"),
                                                                  exact=True)).last
    planner.get_by_role("button", name=_in_english("objectives", "Añadir a mi lista")).click()
    refused = _in_english("objectives", "Solo añado objetivos SMART. Falta esto:")
    planner.get_by_text(refused).wait_for(timeout=30_000)
    assert spanish_excerpts(planner.inner_text(), proper_names()) == []
    assert spanish_excerpts(page.inner_text("#rendered_cells"), proper_names()) == []
    shots = {width: tmp_path / f"app_en_01_objetivos_{width}.png" for width in (1280, 390)}
    for width, path in shots.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(300)  # the layout settles at the new width
        tall = page.evaluate("document.querySelector('#rendered_cells').scrollHeight")
        page.set_viewport_size({"width": width, "height": max(900, tall)})
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
    assert layout_problems(page)["pageScroll"] <= 0  # at 390 px: no sideways scroll
    assert errors(page) == [], errors(page)
    assert page.offsite == [], page.offsite
