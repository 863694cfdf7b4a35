"""The hub's own pages in the learner's language: JupyterHub's templates, overridden.

``templates/`` holds Rumbo's versions of JupyterHub's pages (sign-in, home,
server starting, server stopped, errors, sign-out). They extend JupyterHub's
originals (``templates/<name>.html``) and replace the blocks with words; the
words themselves come from :func:`strings`, through the one translation layer,
and reach the templates as ``t`` (``c.JupyterHub.template_vars``).
"""

from __future__ import annotations

from pathlib import Path

from rumbo.apps.hub.accounts import MIN_PASSWORD
from rumbo.apps.hub.workbooks import APP_URL
from rumbo.core.i18n import get_language, translator

_, N_, ngettext = translator("hub")

TEMPLATES = Path(__file__).parent / "templates"
#: JupyterHub's own English messages that reach a page, and what the page says instead.
HUB_MESSAGES = {
    "Invalid username or password": "login_failed",
    "Server requested": "progress_requested",
    "Spawning server...": "progress_spawning",
}


def strings() -> dict[str, str]:
    t = {
        "lang": get_language(),
        "title": _("Rumbo · taller"),
        "home": _("Inicio"),
        "no_js": _("Activa JavaScript en tu navegador para continuar."),
        "dark_mode": _("Modo oscuro"),
        "menu": _("Menú"),
        "close": _("Cerrar"),
        "admin": _("Administrar"),
        "sign_in_title": _("Entra en el taller"),
        "sign_in_help": _("Tu usuario es el id que te dio tu formador. La primera vez, escribe el código de tu "
                          "papel y elige una contraseña; después, entra con esa contraseña."),
        "username": _("Usuario"),
        "password": _("Contraseña (o el código, la primera vez)"),
        "new_password": _("Contraseña nueva (solo la primera vez, al menos {n} caracteres)").format(n=MIN_PASSWORD),
        "show_password": _("Mostrar la contraseña"),
        "sign_in": _("Entrar"),
        "sign_out": _("Salir"),
        "insecure": _("Aviso: esta conexión no va cifrada (HTTP). Úsala solo dentro de la sala o a través de un "
                      "túnel."),
        "login_failed": _("Usuario o contraseña incorrectos. Revisa el id y la contraseña (o el código de tu papel, "
                          "si es tu primera vez)."),
        "open_course": _("Abrir el curso"),
        "open_app": _("Abrir la app sin código"),
        "app_url": APP_URL,
        "stop_server": _("Cerrar mi espacio de trabajo"),
        "home_help": _("Tu espacio de trabajo guarda tus cuadernos, tu plan y tus ejercicios aunque lo cierres."),
        "starting": _("Estamos preparando tu espacio de trabajo."),
        "starting_wait": _("Te llevamos allí en cuanto esté listo (suele tardar menos de un minuto)."),
        "progress_requested": _("Petición recibida"),
        "progress_spawning": _("Arrancando tu espacio de trabajo…"),
        "progress_ready": _("Listo"),
        "details": _("Detalles"),
        "not_running": _("Tu espacio de trabajo está cerrado"),
        "failed": _("No hemos podido abrir tu espacio de trabajo"),
        "retry_help": _("Vuelve a intentarlo; si falla otra vez, avisa a tu formador."),
        "start": _("Abrir mi espacio de trabajo"),
        "stopping": _("Cerrando tu espacio de trabajo…"),
        "stopping_help": _("Podrás volver a abrirlo en cuanto termine."),
        "refresh": _("Actualizar"),
        "signed_out": _("Has salido del taller. Hasta pronto."),
        "sign_in_again": _("Volver a entrar"),
        "error": _("Algo ha fallado"),
        "not_found": _("Esta página no existe."),
    }
    t["hub_messages"] = {english: t[key] for english, key in HUB_MESSAGES.items()}
    return t
