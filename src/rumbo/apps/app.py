"""App mode: the course's planners as a code-free web app (Voilà).

``app/index.ipynb`` lists the modules of the registry (:mod:`rumbo.course.registry`);
``app/NN_slug.ipynb`` shows one module's panels, built by the registry's
``build_*`` calls, the same as the course notebook's, and saved to the same plan file
(``$RUMBO_PLAN``, else ``~/rumbo/mi_plan.json``). :func:`write_app` writes every
app notebook: a header cell, the lesson, a cell with the panels, and the «Para
llevar». The lesson and the «Para llevar» are the course notebook's own Markdown
(``course/<stem>.ipynb``), copied section by section when the app is built
(:func:`lesson_sections`), each in a ``<details>`` that opens on a tap, so the
tools stay near the top. The widgets themselves are built here, so they are
tested without a browser.

:func:`voila_command` is the one place that knows how Voilà must be started:
nbgrader's JupyterLab extension denied (it fails outside JupyterLab), the
``rumbo`` template, which serves Font Awesome from Voilà's own bundle instead
of a CDN, so the app works offline, only loopback Host names on loopback (no
DNS rebinding) and the token, when there is one, kept off the command line.
:func:`serve` runs it and stops it, kernels included, on SIGTERM or Ctrl+C.
"""

from __future__ import annotations

import html
import os
import sys
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import nbformat

from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import get_language, language_from_env, set_language, translator
from rumbo.course import registry, start
from rumbo.widgets.common import page

_, N_, ngettext = translator("app")

#: Where the ``rumbo`` Voilà template lives (``<here>/voila/templates/rumbo``); added to JUPYTER_PATH.
TEMPLATES = Path(str(resources.files("rumbo") / "templates"))  # package data
TEMPLATE = "rumbo"
#: JupyterLab extensions that must not load in the app page (see docs/ARCHITECTURE.md, app mode).
DENIED_EXTENSIONS = ("@jupyter/nbgrader", "@voila-dashboards/jupyterlab-preview",
                     "@jupyter-notebook/lab-extension", "rumbo-lab")
BUSINESSES = ("panaderia", "cosmetica", "ferreteria")
LOOPBACK = ("127.0.0.1", "localhost", "::1")

_STYLE = ("<style>.rumbo-app-nav{margin:0 0 1em 0}.rumbo-app-nav a{color:#0b5394}"
          ".rumbo-app-index li,.rumbo-app-edition li{margin:.4em 0}"
          ".rumbo-app-index a,.rumbo-app-edition a{font-weight:600;color:#0b5394}"
          ".rumbo-app-index span,.rumbo-app-edition span{color:#333}</style>")


def module_info(stem: str) -> registry.Module:
    """The registry's module of ``stem``; an unknown stem is a clear message."""
    found = registry.module(stem)
    if found is None:
        raise InvalidInputError(_("No existe el módulo «{stem}». Elige uno de la lista: {stems}.")
                                .format(stem=stem, stems=", ".join(registry.stems())))
    return found


#: Where each edition's pages live, relative to the app folder (app/index.ipynb is the one
#: index: it lists the session's edition and links the other).
EDITION_FOLDERS = {"es": "", "en": "en/"}
#: What the index calls each edition, in that edition's own language (a reader of the other
#: language must recognise it).
EDITION_NAMES = {"es": "Edición en español", "en": "English edition"}


def _module_links(language: str, folder: str) -> str:
    """The list of the modules of ``language``'s edition, linked from the app folder."""
    before = get_language()
    set_language(language)
    try:
        minutes = _("{n} min")
        return "".join(
            f'<li><a href="{folder}{html.escape(m.stem)}.ipynb">{html.escape(m.number)} · '
            f'{html.escape(_(m.title))}</a> <span>({html.escape(minutes.format(n=m.minutes))}) '
            f'{html.escape(_(m.learn))}</span></li>'
            for m in registry.MODULES)
    finally:
        set_language(before)


def index_html() -> str:
    """The app's front page: every module of the session's edition, its minutes and what it
    teaches, as links; then the other edition's modules, in its own language."""
    language = get_language()
    heading = _("Rumbo: tu plan de redes sociales")
    intro = _("El curso sin código: en cada módulo, su lección y sus herramientas. Lo que guardes "
              "aquí va al mismo plan que los cuadernos.")
    label = _("Módulos del curso")
    others = "".join(
        f"<aside class='rumbo-app-edition' lang='{other}'><h2>{html.escape(EDITION_NAMES[other])}</h2>"
        f"<ol>{_module_links(other, EDITION_FOLDERS[other])}</ol></aside>"
        for other in EDITION_FOLDERS if other != language)
    return (f"{_STYLE}<main class='rumbo-app-index'><h1>{html.escape(heading)}</h1>"
            f"<p>{html.escape(intro)}</p><nav aria-label='{html.escape(label)}'>"
            f"<ol>{_module_links(language, EDITION_FOLDERS[language])}</ol></nav></main>{others}")


def _header(module: registry.Module, edition: str) -> str:
    """The page's title and the way back to the one index (one folder up from app/en/)."""
    back, label = _("← Volver al índice"), _("Navegación")
    index = "../index.ipynb" if EDITION_FOLDERS[edition] else "index.ipynb"
    return (f"{_STYLE}<nav class='rumbo-app-nav' aria-label='{html.escape(label)}'>"
            f"<a href='{index}'>{html.escape(back)}</a></nav>"
            f"<h1>{html.escape(module.number)} · {html.escape(_(module.title))}</h1>"
            f"<p>{html.escape(_(module.learn))}</p>")


def business_from_env(default: str = "panaderia") -> str:
    business = os.environ.get("RUMBO_BUSINESS", default) or default
    if business not in BUSINESSES:
        raise InvalidInputError(_("Negocio de ejemplo desconocido: «{name}». Usa uno de estos: "
                                  "{names}.").format(name=business, names=", ".join(BUSINESSES)))
    return business


def module_page(stem: str, business: str | None = None, plan_path=None, language: str | None = None,
                header: bool = True):
    """The app page of one module: header (unless the notebook shows it in a cell of its own),
    notice (if any) and its panels, built from the registry in the order of its notebook, as
    one widget.

    A page of an edition's folder names its language (``app/en/<stem>.ipynb`` calls
    ``module_page(stem, language="en")``); a page of app/ follows ``RUMBO_LANG``."""
    module = module_info(stem)
    session = start(business or business_from_env(), plan_path, language or language_from_env())
    built: dict = {}
    for panel in module.panels:
        built[panel.name] = panel.build(session, built)
    return page(_header(module, _edition(language)) if header else "", session.notice,
                list(built.values()))


def _edition(language: str | None) -> str:
    return language if language in EDITION_FOLDERS else "es"


def module_header(stem: str, language: str | None = None):
    """The top of a module's app page (the way back, title and what it teaches), above its lesson."""
    set_language(language or language_from_env())
    return page(_header(module_info(stem), _edition(language)))


def index_page(language: str | None = None):
    """The app's index as a widget (the index notebook shows it)."""
    set_language(language or language_from_env())
    return page(index_html())


# -- the lesson, from the course notebook -----------------------------------------------------

#: Where the course notebooks are (``course/<stem>.ipynb``) in the repository.
COURSE = Path(__file__).resolve().parents[3] / "course"
#: Course sections about running a notebook's cells: the app has no cells to run.
NOTEBOOK_ONLY = ("Antes de empezar", "Cómo se usa un cuaderno", "Before you start", "How to use a notebook")
#: The heading of the section that closes every module.
TAKEAWAY = "Para llevar"


class Section(NamedTuple):
    """One section of a course notebook: its heading and its Markdown cells, as written there."""

    heading: str
    cells: tuple[str, ...]

    def markdown(self) -> str:
        """The section's text without its heading line (the heading is the ``<details>``'s summary)."""
        first, *rest = self.cells
        return "\n\n".join([first.partition("\n")[2].strip(), *rest]).strip()


def lesson_sections(course_notebook: str | os.PathLike) -> list[Section]:
    """The Markdown of a course notebook, one :class:`Section` per ``#`` or ``##`` heading
    (``###`` stays inside its section; code cells are left out), without the sections about
    running cells (:data:`NOTEBOOK_ONLY`)."""
    sections: list[Section] = []
    for cell in nbformat.read(course_notebook, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        heading = re_heading(cell.source)
        if heading is not None or not sections:
            sections.append(Section(heading or "", (cell.source,)))
        else:
            sections[-1] = sections[-1]._replace(cells=(*sections[-1].cells, cell.source))
    return [s for s in sections if s.heading not in NOTEBOOK_ONLY]


def re_heading(source: str) -> str | None:
    """The text of a ``#`` or ``##`` heading on the cell's first line, else None."""
    first = source.partition("\n")[0]
    for mark in ("# ", "## "):
        if first.startswith(mark):
            return first[len(mark):].strip()
    return None


def details_cell(section: Section, css_class: str, open_: bool = False):
    """A Markdown cell showing ``section`` folded under its heading (``<details>``: no script,
    works with the keyboard and on a phone)."""
    summary = html.escape(section.heading)
    attribute = " open" if open_ else ""
    source = (f'<details class="{css_class}"{attribute}><summary>{summary}</summary>\n\n'
              f"{section.markdown()}\n\n</details>")
    return nbformat.v4.new_markdown_cell(source)


# -- the app notebooks ------------------------------------------------------------------------

def _code_cell(call: str, cell_id: str):
    cell = nbformat.v4.new_code_cell(call)
    cell.id = cell_id
    return cell


#: :data:`TAKEAWAY` as the English course notebooks write it.
ENGLISH_TAKEAWAY = "Key takeaways"


def notebook(stem: str, course: str | os.PathLike = COURSE, language: str = "es"):
    """One app notebook; Voilà hides the code. The index is one call; a module's page is its
    header, its lesson (from ``course/<stem>.ipynb``, when there), its panels and its «Para llevar».
    The English edition's pages name their language and take their lesson from ``course/en``."""
    slug = stem.replace("_", "-")
    argument = "" if language == "es" else f", language={language!r}"
    takeaway_heading = TAKEAWAY if language == "es" else ENGLISH_TAKEAWAY
    if stem == "index":
        title, cells = "Rumbo", [_code_cell("from rumbo.apps.app import index_page\nindex_page()", f"app-{slug}")]
    else:
        title = _(module_info(stem).title)
        source = Path(course) / f"{stem}.ipynb"
        sections = lesson_sections(source) if source.exists() else []
        lesson = [s for s in sections if s.heading != takeaway_heading]
        takeaway = [s for s in sections if s.heading == takeaway_heading]
        cells = [_code_cell(f"from rumbo.apps.app import module_header\nmodule_header({stem!r}{argument})",
                            f"app-{slug}-header"),
                 *(details_cell(s, "rumbo-lesson") for s in lesson),
                 _code_cell(f"from rumbo.apps.app import module_page\n"
                            f"module_page({stem!r}, header=False{argument})", f"app-{slug}"),
                 *(details_cell(s, "rumbo-lesson rumbo-takeaway", open_=True) for s in takeaway)]
        for number, cell in enumerate(cells):
            if cell.cell_type == "markdown":
                cell.id = f"app-{slug}-lesson-{number}"
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}, "title": f"Rumbo · {title}"}
    nb.cells = cells
    return nb


def write_app(folder: str | os.PathLike, course: str | os.PathLike = COURSE) -> list[Path]:
    """Write the one index (app/index.ipynb) and, for each edition, one app notebook per module
    (app/*.ipynb in Spanish, app/en/*.ipynb in English, each with its lesson from its edition of
    ``course``); returns the paths written."""
    before = get_language()
    written = []
    try:
        for language, subfolder in EDITION_FOLDERS.items():
            edition = Path(folder) / subfolder
            edition.mkdir(parents=True, exist_ok=True)
            set_language(language)  # the notebooks' titles are the edition's own
            lessons = Path(course) / subfolder
            for stem in ["index", *registry.stems()] if language == "es" else registry.stems():
                path = edition / f"{stem}.ipynb"
                text = nbformat.writes(notebook(stem, lessons, language)) + "\n"
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    path.write_text(text, encoding="utf-8")
                written.append(path)
        return written
    finally:
        set_language(before)


# -- serving -----------------------------------------------------------------------------------

#: Where a token comes from, so it never shows on a command line (``ps`` lists those to every user).
TOKEN_ENV = "RUMBO_APP_TOKEN"


def is_loopback(ip: str) -> bool:
    import ipaddress

    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


def check_address(ip: str, token: str | None) -> None:
    """Loopback needs no token; any other address does (the plan holds the owner's numbers)."""
    if not is_loopback(ip) and not token:
        raise InvalidInputError(_(
            "Para abrir la app a otros equipos ({ip}) hace falta una contraseña: define la variable "
            "{env} con una clave larga (o deja que Rumbo cree una). Mejor aún, déjala en 127.0.0.1 y entra "
            "con un túnel SSH (ssh -L 8866:127.0.0.1:8866 tu-servidor).").format(ip=ip, env=TOKEN_ENV))


def app_token(ip: str, environ: dict | None = None) -> str | None:
    """The app's token: ``$RUMBO_APP_TOKEN`` if set, else a new random one off loopback, else none."""
    import secrets

    given = (os.environ if environ is None else environ).get(TOKEN_ENV, "").strip()
    if given:
        return given
    return None if is_loopback(ip) else secrets.token_urlsafe(24)


def voila_command(folder: str | os.PathLike, port: int, *, ip: str = "127.0.0.1", token: str | None = None,
                  open_browser: bool = False, python: str | None = None) -> list[str]:
    """The Voilà command line that serves ``folder`` as the app.

    On loopback, Voilà answers only requests whose Host is a loopback name or address (a web
    page elsewhere cannot reach it by DNS rebinding). A token is never on this command line:
    Voilà reads it from ``JUPYTER_TOKEN`` (:func:`voila_env`)."""
    check_address(ip, token)
    if not isinstance(port, int) or not 0 < port < 65536:
        raise InvalidInputError(_("El puerto debe ser un número entre 1 y 65535; has puesto {port}.")
                                .format(port=port))
    # A list is given one item per option (traitlets' own syntax: a "[...]" literal is deprecated
    # and warns at every start); a dict cannot be, so the loopback settings are a config file.
    cmd = [python or sys.executable, "-m", "voila", str(folder), f"--Voila.ip={ip}", f"--port={port}",
           "--Voila.port_retries=0", f"--template={TEMPLATE}", "--theme=light",
           *(f"--VoilaConfiguration.extension_denylist={e}" for e in DENIED_EXTENSIONS),
           "--VoilaConfiguration.file_allowlist=.*\\.(png|jpg|gif|svg|css)",
           f"--Voila.config_file_paths={TEMPLATES / 'voila'}",
           "--VoilaConfiguration.show_tracebacks=False", "--VoilaConfiguration.show_margins=True",
           # Kernels talk over Unix sockets in Voilà's private folder, not TCP ports any local
           # user could connect to (and the kernel's warning about plain TCP never shows).
           "--KernelManager.transport=ipc"]
    if is_loopback(ip):  # voila.json there: only loopback Host names are answered
        cmd.append(f"--Voila.config_file_paths={TEMPLATES / 'voila' / 'loopback'}")
    if token:
        cmd.append("--Voila.auto_token=True")  # the token itself comes from JUPYTER_TOKEN
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def serve(cmd: list[str], env: dict, grace: float = 10.0) -> int:
    """Run Voilà until it ends or this process is told to stop (SIGTERM, SIGINT, SIGHUP): then
    Voilà is asked to stop (it shuts its kernels down), and killed with them after ``grace`` s.
    If this process dies, Voilà gets SIGTERM (Linux)."""
    import signal
    import subprocess
    import time

    proc = subprocess.Popen(cmd, env=env, preexec_fn=_stop_with_parent)
    asked: dict[str, float] = {}

    def stop(signum, frame):
        asked.setdefault("at", time.monotonic())
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)

    signals = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
    previous = {sig: signal.signal(sig, stop) for sig in signals}
    try:
        while True:
            try:
                code = proc.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if "at" in asked and time.monotonic() - asked["at"] > grace:
                    for pid in [proc.pid, *_descendants(proc.pid)]:
                        _kill(pid)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0 if "at" in asked else code


def _stop_with_parent() -> None:
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _descendants(pid: int) -> list[int]:
    """Every process started by ``pid`` (Voilà's kernels), from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _kill(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


def set_xsrf_cookie(handler, notebook, cwd):
    """Voilà prelaunch hook: reading ``xsrf_token`` sets the ``_xsrf`` cookie, which the page
    sends back when it asks Voilà to shut its kernel down on leaving (else: 403, kernel left)."""
    handler.xsrf_token  # noqa: B018 (the property sets the cookie)
    return notebook


def voila_env(plan_path=None, business: str = "panaderia", base: dict | None = None,
              token: str | None = None) -> dict:
    """Environment for the Voilà process: our template on JUPYTER_PATH; plan and business for
    kernels; the token, if any, in ``JUPYTER_TOKEN``, never on a command line."""
    env = dict(os.environ if base is None else base)
    env.pop(TOKEN_ENV, None)
    env.pop("JUPYTER_TOKEN", None)
    if token:
        env["JUPYTER_TOKEN"] = token
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(TEMPLATES), env.get("JUPYTER_PATH", "")) if p)
    env["RUMBO_BUSINESS"] = business
    if plan_path:
        env["RUMBO_PLAN"] = str(Path(plan_path).expanduser().resolve())
    return env


def app_url(ip: str, port: int, token: str | None = None) -> str:
    host = f"[{ip}]" if ":" in ip else ip
    return f"http://{host}:{port}/voila/render/index.ipynb" + (f"?token={token}" if token else "")
