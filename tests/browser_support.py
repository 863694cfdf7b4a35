"""What the browser suites and the browser benchmark share.

* Servers: JupyterLab over a throwaway copy of course/ and Voilà serving app/, both
  on 127.0.0.1 with a free port, stopped on exit, their logs kept under test-artifacts/.
* Chromium: Debian's binary with flags for a headless, offline, root-run browser.
* How a person operates each module's main widget (:data:`INTERACTIONS`): type into a
  field, pick an option, move a slider, click a button, upload a file. Each step
  names the control by the label a person (or a screen reader) reads, and says what
  must appear afterwards; where that depends on the data, it is computed from the
  package (``rumbo``), never typed in by hand.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
TOKEN = "rumbo-test"
#: The business the course notebooks and the app open by default.
BUSINESS = "panaderia"

#: Debian's Chromium, headless, offline: no sandbox as root, no background network chatter.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, seconds: float = 90) -> None:
    """Poll ``url`` until it answers; a server that never does fails the test clearly."""
    end = time.time() + seconds
    while time.time() < end:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.3)
    raise TimeoutError(f"server did not answer: {url}")


@contextlib.contextmanager
def _serve(cmd: list[str], env: dict, cwd: Path, log_name: str, ready: str) -> Iterator[None]:
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / log_name).open("w") as log:
        server = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_http(ready)
            yield
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


@contextlib.contextmanager
def lab_server(work: Path, language: str = "es") -> Iterator[str]:
    """JupyterLab on 127.0.0.1 over a copy of course/, exercises/ and nbgrader_config.py in
    ``work`` (as `make lab` serves the repository), with the configuration `make lab` uses
    (jupyter/jupyter_lab_config.py: Spanish, no news, the course's first module opened
    first), or with ``language="en"`` the one of `make lab-en`; yields its base URL."""
    shutil.copytree(ROOT / "course", work / "course")
    shutil.copytree(ROOT / "exercises", work / "exercises")
    shutil.copy(ROOT / "nbgrader_config.py", work / "nbgrader_config.py")
    home = work / "home"
    env = {**os.environ, "HOME": str(home), "RUMBO_PLAN": str(home / "rumbo" / "mi_plan.json"),
           "RUMBO_DATASETS": str(ROOT / "datasets"), "JUPYTERLAB_WORKSPACES_DIR": str(work / "ws"),
           "JUPYTERLAB_SETTINGS_DIR": str(work / "user-settings"), "RUMBO_LANG": language}
    port = free_port()
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
           "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={work}",
           f"--config={ROOT / 'jupyter' / 'jupyter_lab_config.py'}", "--LabApp.expose_app_in_browser=True"]
    base = f"http://127.0.0.1:{port}"
    with _serve(cmd, env, work, "jupyterlab.log", f"{base}/api/status?token={TOKEN}"):
        yield base


@contextlib.contextmanager
def voila_server(work: Path, business: str = BUSINESS) -> Iterator[tuple[str, Path]]:
    """Voilà serving app/ exactly as `rumbo app` starts it; yields (base URL, plan path)."""
    from rumbo.apps import app

    plan = work / "home" / "rumbo" / "mi_plan.json"
    port = free_port()
    env = app.voila_env(plan, business)
    env.update(HOME=str(work / "home"), RUMBO_DATASETS=str(ROOT / "datasets"))
    base = f"http://127.0.0.1:{port}"
    with _serve(app.voila_command(ROOT / "app", port), env, work, "voila.log", f"{base}/"):
        yield base, plan


def launch_chromium(playwright, executable: str):
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Debian's Chromium through Playwright, closed on exit (skips, or fails in CI, without it)."""
    from playwright.sync_api import sync_playwright

    from tests.conftest import require_chromium

    executable = require_chromium()
    with sync_playwright() as p:
        browser = launch_chromium(p, executable)
        try:
            yield browser
        finally:
            browser.close()


def watched_page(browser, request, prefix: str, width: int = 1280, height: int = 900):
    """A fresh page (Spanish locale, downloads allowed) that records its console, page errors,
    HTTP errors (``page.console``) and requests leaving 127.0.0.1 (``page.offsite``); if the
    test fails, a screenshot and that log are kept under test-artifacts/. A fixture body:
    ``yield from watched_page(...)``."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="es-ES",
                                  accept_downloads=True)
    page = context.new_page()
    page.console, page.offsite = [], []
    page.on("console", lambda m: page.console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.console.append(f"error: {e}"))
    page.on("response", lambda r: page.console.append(f"http {r.status}: {r.url}") if r.status >= 400 else None)
    page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else page.offsite.append(r.url))
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{prefix}_{request.node.name}")
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        (ARTIFACTS / f"{name}.console.txt").write_text("\n".join(page.console), encoding="utf-8")
    context.close()


def serious_violations(page, known: set[str] = frozenset(), within: str | None = None) -> list[str]:
    """axe-core's violations of impact "serious" or "critical" on the page (or only inside the
    elements matching ``within``), one line each. ``known`` lists rules expected to fail; the
    call fails if one of them no longer does, so an entry cannot outlive its fix."""
    from axe_playwright_python.sync_playwright import Axe

    context = {"include": [[within]]} if within else None
    found = [v for v in Axe().run(page, context=context).response["violations"]
             if v["impact"] in ("serious", "critical")]
    assert known <= {v["id"] for v in found}, f"fixed now, remove from the known list: {known}"
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
            for v in found if v["id"] not in known]


# --- opening a module -------------------------------------------------------------------------

# JupyterLab may start a kernel and swap it for another while the page loads; cells queued
# on the first one are lost. Wait until the same kernel has been idle and connected for 3 s.
SETTLED_KERNEL = """async () => {
  const panel = window.jupyterapp.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  let last = null, steady = 0;
  for (let i = 0; i < 240 && steady < 6; i++) {
    const k = panel.sessionContext.session && panel.sessionContext.session.kernel;
    const now = k ? `${k.id}:${k.status}:${k.connectionStatus}` : null;
    steady = (k && k.status === "idle" && k.connectionStatus === "connected" && now === last) ? steady + 1 : 0;
    last = now;
    await new Promise(r => setTimeout(r, 500));
  }
  return steady >= 6 ? last : null;
}"""
IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
MAIN = ".rumbo-main"


def wait_for_kernel(page) -> None:
    """The open notebook's kernel is started and settled, and no dialog asked anything."""
    page.wait_for_selector(IDLE, state="attached", timeout=120_000)  # narrow screens hide it
    page.wait_for_function("window.jupyterapp && window.jupyterapp.shell.currentWidget", timeout=60_000)
    assert page.evaluate(SETTLED_KERNEL), "the notebook's kernel never settled"
    dialogs = page.locator(".jp-Dialog").all_inner_texts()
    assert not dialogs, f"a dialog asked the learner something: {dialogs}"


def open_in_lab(page, base: str, module: str) -> dict:
    """Open ``course/<module>.ipynb`` in JupyterLab, "run all" and wait until every cell ran.

    Returns seconds from "run all" to the main widget on screen (``usable_s``) and to
    the whole notebook done (``all_done_s``).
    """
    page.goto(f"{base}/lab/tree/course/{module}.ipynb?reset&token={TOKEN}", timeout=120_000)
    wait_for_kernel(page)
    start = time.perf_counter()
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_selector(f"{MAIN} input, {MAIN} button", timeout=180_000)
    usable = time.perf_counter() - start
    page.wait_for_selector(IDLE, timeout=180_000)
    return {"usable_s": usable, "all_done_s": time.perf_counter() - start}


def open_in_app(page, base: str, stem: str, ready: str = f"{MAIN} input, {MAIN} button") -> float:
    """Open an app page; seconds from navigation to its main widget on screen."""
    start = time.perf_counter()
    page.goto(f"{base}/voila/render/{stem}.ipynb", timeout=120_000)
    page.wait_for_selector(ready, timeout=120_000)
    return time.perf_counter() - start


# --- operating a main widget ------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One thing a person does to a module's main widget, and what they then see.

    ``action``: "type" (``value`` = the text; "" = a different number from the one
    shown), "select" (``value`` = option label; "" = the next option), "slide" (``value``
    = keys pressed on the focused slider, space-separated), "click", "upload"
    (``value`` = file under tests/fixtures) or "download" (click a link; the file must
    contain ``expect``). ``expect`` = text that must then be in the widget
    ("" = its text must change); a callable gets the business and returns it.
    """

    action: str
    label: str
    value: str = ""
    expect: str | Callable[[str], str] = ""

    @property
    def name(self) -> str:
        return f"{self.action}:{self.label}"

    def expected(self, business: str) -> str:
        return self.expect(business) if callable(self.expect) else self.expect


def _monthly_hours(hours: float) -> Callable[[str], str]:
    def expect(_business: str) -> str:
        from rumbo.core.i18n import fmt_number

        return fmt_number(hours * 52 / 12, 1)  # "Horas al mes" in the profile summary
    return expect


def _verdict(target: int) -> Callable[[str], str]:
    def expect(business: str) -> str:
        from rumbo.data.profile import example_profile
        from rumbo.widgets.objectives import build_reality_check

        panel = build_reality_check(example_profile(business), chart=False)
        panel.controls["target"].value = target
        return panel.check.verdict.reason
    return expect


def _lit_days(z: float, window: int = 28) -> Callable[[str], str]:
    def expect(business: str) -> str:
        from rumbo import listening
        from rumbo.core.i18n import fmt_number

        n = len(listening.crisis_days(listening.negative_daily(business), z, window))
        return f"umbral de {fmt_number(z, 1)} y {window} días de referencia, {n} "
    return expect


#: Every module's main widget, operated as a person would. Labels are the Spanish ones.
INTERACTIONS: dict[str, list[Step]] = {
    "00_bienvenida": [
        Step("type", "Horas por semana para redes", "6", _monthly_hours(6)),
        Step("select", "Moneda", "USD", "US$"),
        Step("click", "Guardar en mi plan", expect="Guardado en"),
    ],
    "01_objetivos": [
        Step("type", "Seguidores que quieres tener", "100000", _verdict(100_000)),
        Step("type", "En cuántos meses"),
        Step("select", "Red"),
    ],
    "02_metricas": [
        Step("select", "Agrupar por", "día de la semana", "miércoles"),
        Step("type", "Tu objetivo"),
        Step("click", "Añadir a mis KPI", expect="Tus KPI elegidos"),
        Step("upload", "Sube tu CSV", "exports/meta_instagram.csv", "He leído"),
    ],
    "03_coste_del_tiempo": [
        Step("type", "Coste de una hora"),
        Step("type", "Anuncios al mes", "50"),
        Step("click", "Guardar en mi plan", expect="Guardado en"),
    ],
    "05_mantenimiento_diario": [
        Step("type", "Publicar el lunes"),
        Step("click", "Crear el calendario (.ics)", expect="Descargar"),
        Step("download", "Descargar", expect="BEGIN:VCALENDAR"),
    ],
    "06_escucha_y_recomendacion": [
        Step("slide", "Umbral de alarma (z)", " ".join(["ArrowLeft"] * 10), _lit_days(2.0)),
        Step("type", "Días de referencia", "14"),
    ],
    "07_tu_plan": [
        Step("type", "Horas por semana, objetivo 1"),
        Step("click", "Guardar en mi plan", expect="no los guardo como tuyos"),  # example objectives
    ],
    "04_que_publicar": [
        Step("type", "Minutos por semana para contenido", "2000", "Cabe:"),
        Step("click", "Descargar el calendario (.ics)", expect="Calendario listo"),
        Step("download", "Descargar mi_calendario", expect="BEGIN:VCALENDAR"),
    ],
}

MAIN_TEXT = "document.querySelector('.rumbo-main').innerText"


def _control(panel, step: Step):
    if step.action in ("click", "upload"):
        return panel.get_by_role("button", name=step.label).first
    if step.action == "slide":  # by its widget's label: JupyterLab leaves the handle unnamed
        return panel.locator(".widget-slider", has=panel.page.locator(
            ".widget-label", has_text=step.label)).get_by_role("slider").first
    if step.action == "download":
        return panel.get_by_role("link", name=re.compile(re.escape(step.label))).first
    return panel.get_by_label(step.label).first


def operate(page, step: Step, business: str = BUSINESS) -> float:
    """Do ``step`` on the page's main widget and wait for what it must show.

    Returns milliseconds from the action to the visible update (Playwright's own
    round trips included: an upper bound of what a person sees).
    """
    panel = page.locator(MAIN).first
    control = _control(panel, step)
    control.wait_for(timeout=30_000)
    before = panel.inner_text()
    expect = step.expected(business)
    assert not expect or step.action == "download" or expect not in before, \
        f"{step.name}: {expect!r} is on screen already"
    start = time.perf_counter()
    if step.action == "download":
        with page.expect_download(timeout=30_000) as info:
            control.click()
        content = Path(info.value.path()).read_text(encoding="utf-8")
        assert expect in content, f"{step.name}: {expect!r} not in {info.value.suggested_filename}"
        return (time.perf_counter() - start) * 1000
    if step.action == "type":
        value = step.value or _different_number(control.input_value())
        control.fill(value)
        control.press("Enter")
    elif step.action == "select":
        options = control.locator("option").all_inner_texts()
        current = control.evaluate("s => s.options[s.selectedIndex].text")
        value = step.value or options[(options.index(current) + 1) % len(options)]
        control.select_option(label=value)
    elif step.action == "slide":
        control.focus()
        for key in step.value.split():
            control.press(key)
    elif step.action == "click":
        control.click()
    elif step.action == "upload":
        with page.expect_file_chooser(timeout=30_000) as chooser:  # the browser's file dialog
            control.click()
        chooser.value.set_files(str(ROOT / "tests" / "fixtures" / step.value))
    else:
        raise ValueError(f"unknown action {step.action!r}")
    if expect:
        page.wait_for_function(f"([e]) => {MAIN_TEXT}.includes(e)", arg=[expect],
                               timeout=30_000, polling="raf")
    else:
        page.wait_for_function(f"([b]) => {MAIN_TEXT} !== b", arg=[before],
                               timeout=30_000, polling="raf")
    elapsed = (time.perf_counter() - start) * 1000
    after = panel.inner_text()
    assert after != before or step.action == "download", f"{step.name}: the widget did not change"
    return elapsed


def _different_number(shown: str) -> str:
    current = float((shown or "0").replace(",", "."))
    return str(int(current * 2 + 7))


# --- layout: every control readable and clickable ---------------------------------------------

#: Narrowest a control may be and still be read and hit with a finger or a mouse.
MIN_CONTROL_PX = 60

# For each control of the course's widgets (fields, lists, buttons, sliders, check boxes:
# their whole clickable label), scrolled into view as a person would: it must be at least
# MIN_CONTROL_PX wide, inside the window, not covered by anything else (the element at its
# centre is itself or inside it), and no label or button may cut its words.
LAYOUT_PROBLEMS = r"""([root, minPx, scroller]) => {
  const problems = [];
  const name = el => ((el.labels && el.labels[0] && el.labels[0].innerText) || el.getAttribute('aria-label') ||
                      el.title || (el.tagName === 'SELECT' ? '' : el.innerText) || el.value || el.tagName)
                      .trim().split('\n')[0].slice(0, 60);
  const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const controls = [];
  document.querySelectorAll(root).forEach(panel => {
    panel.querySelectorAll("input:not([type=hidden]):not([type=checkbox]):not([type=file]), select, " +
                           "textarea, button, " +
                           ".widget-slider .slider-container, .widget-checkbox label, .widget-upload")
      .forEach(el => { if (visible(el)) controls.push(el); });
  });
  for (const el of controls) {
    el.scrollIntoView({block: 'center', inline: 'center'});
    const r = el.getBoundingClientRect();
    const what = `${el.tagName.toLowerCase()} «${name(el)}»`;
    if (r.width < minPx) problems.push(`${what}: ${Math.round(r.width)} px wide`);
    if (r.left < -1 || r.right > window.innerWidth + 1) problems.push(`${what}: outside the window`);
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (!hit || !(hit === el || el.contains(hit) || (el.tagName === 'INPUT' && hit.control === el)))
      problems.push(`${what}: covered by ${hit ? hit.tagName.toLowerCase() + '.' + hit.className : 'nothing'}`);
  }
  document.querySelectorAll(root).forEach(panel => {
    // A compact field's label is for screen readers only: the table's headings show it.
    panel.querySelectorAll('.widget-label:not(.rumbo-compact .widget-label), button').forEach(el => {
      if (visible(el) && el.innerText.trim() && el.scrollWidth > el.clientWidth + 2)
        problems.push(`«${el.innerText.trim().slice(0, 60)}» is cut (${el.clientWidth} of ${el.scrollWidth} px)`);
    });
  });
  document.querySelectorAll('*').forEach(el => { el.scrollLeft = 0; el.scrollTop = 0; });
  const page = document.querySelector(scroller) || document.documentElement;
  return {problems, controls: controls.length,
          pageScroll: Math.max(document.documentElement.scrollWidth - window.innerWidth,
                               page.scrollWidth - page.clientWidth)};
}"""


#: The element that scrolls an app page (Voilà's lab template scrolls this, not the document).
APP_SCROLLER = "#rendered_cells"


def layout_problems(page, root: str = ".rumbo-panel", scroller: str = APP_SCROLLER) -> dict:
    """Controls too narrow, outside the window, covered or cut, in the widgets matching ``root``
    (``problems``, one line each; ``controls``: how many were checked); ``pageScroll``: how many
    pixels the page (``scroller``) scrolls sideways, 0 when it fits."""
    return page.evaluate(LAYOUT_PROBLEMS, [root, MIN_CONTROL_PX, scroller])


def keep_screenshot(page, name: str, element=None, scroller: str = APP_SCROLLER) -> Path:
    """A screenshot kept under test-artifacts/screens/: one element, or the whole page (the
    window is made as tall as what ``scroller`` holds, then restored)."""
    folder = ARTIFACTS / "screens"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    if element is not None:
        element.screenshot(path=str(path))
        return path
    size = page.viewport_size
    tall = page.evaluate("s => (document.querySelector(s) || document.documentElement).scrollHeight",
                         scroller)
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], tall)})
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(size)
    return path
