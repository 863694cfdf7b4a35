"""``rumbo hub ...``: a JupyterHub for a class (wired into ``rumbo`` by rumbo.apps.cli.FAMILIES).

Only argparse is imported at start-up; each command imports what it needs.
"""

from __future__ import annotations

import argparse
import os
import socket
import stat

from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import translator

_, N_, ngettext = translator("hub")

HELP = _("un JupyterHub para la clase: cada alumno entra desde su navegador")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def add_commands(parser: argparse.ArgumentParser) -> None:
    parser.description = _("Un JupyterHub para la clase: una cuenta por alumno de la lista, el formador como "
                           "administrador, los ejercicios por el intercambio de nbgrader. Hace falta ser root.")
    sub = parser.add_subparsers(dest="hub_command", required=True, metavar=_("ORDEN"))

    p = sub.add_parser("start", help=_("arranca el hub de la clase (Ctrl+C lo cierra)"),
                       description=_("Arranca JupyterHub para la clase: crea un usuario del sistema por alumno con "
                                     "su carpeta (el curso personalizado y su plan) y espera a que entren. "
                                     "Ctrl+C lo cierra todo; al volver a arrancar, cuentas, carpetas y entregas "
                                     "siguen ahí."))
    p.add_argument("dir", metavar=_("CARPETA"), help=_("carpeta de la clase (rumbo classroom init)"))
    p.add_argument("--ip", default="127.0.0.1", help=_("dirección (por defecto, 127.0.0.1: solo este equipo)"))
    p.add_argument("--port", type=int, default=8000, help=_("puerto (por defecto, 8000)"))
    p.add_argument("--certificado", default=None, metavar="CERT.pem", help=_("certificado TLS (HTTPS)"))
    p.add_argument("--clave", default=None, metavar="CLAVE.pem", help=_("clave privada del certificado TLS"))
    p.add_argument("--sin-tls", dest="no_tls", action="store_true",
                   help=_("permite escuchar fuera de 127.0.0.1 sin TLS (solo detrás de un proxy que ya cifra)"))
    p.add_argument("--formador", default=None, metavar=_("USUARIO"),
                   help=_("usuario del formador en el hub (por defecto, formador)"))
    p.add_argument("--prefijo", default=None, help=_("prefijo de los usuarios del sistema (por defecto, alumno-)"))
    p.add_argument("--memoria", type=int, default=None, metavar="MB",
                   help=_("memoria máxima por alumno (por defecto, 1024 MB)"))
    p.add_argument("--inactivo", type=float, default=None, metavar=_("MINUTOS"),
                   help=_("cierra el espacio de un alumno tras estos minutos sin uso (por defecto, 60)"))

    p = sub.add_parser("codes", help=_("códigos de un solo uso para entrar por primera vez"),
                       description=_("Imprime un código por cuenta que aún no tiene contraseña (los anteriores "
                                     "dejan de valer). Con --solo, da un código nuevo a esas cuentas y borra su "
                                     "contraseña (para quien la olvidó)."))
    p.add_argument("dir", metavar=_("CARPETA"), help=_("carpeta de la clase"))
    p.add_argument("--solo", default=None, metavar="ID,ID", help=_("solo estas cuentas (y borra su contraseña)"))

    p = sub.add_parser("clean", help=_("borra los usuarios del sistema de la clase y sus carpetas"),
                       description=_("Al acabar el taller: borra los usuarios del sistema que creó el hub para esta "
                                     "clase, con sus carpetas. Las entregas recogidas y las notas se quedan en la "
                                     "carpeta de la clase."))
    p.add_argument("dir", metavar=_("CARPETA"), help=_("carpeta de la clase"))
    p.add_argument("--si", dest="yes", action="store_true", help=_("confirma el borrado"))


def _say(text: str = "") -> None:
    print(text, flush=True)


def check_address(ip: str, cert: str | None, key: str | None, no_tls: bool) -> None:
    """Loopback is fine; any other address needs TLS (certificate and key) or an explicit --sin-tls."""
    if bool(cert) != bool(key):
        raise InvalidInputError(_("Para usar TLS hacen falta las dos cosas: --certificado y --clave."))
    if ip not in LOOPBACK and not cert and not no_tls:
        raise InvalidInputError(_(
            "Para abrir el hub a otros equipos ({ip}) hace falta cifrar la conexión: añade --certificado y --clave "
            "(HTTPS), o --sin-tls si delante hay un proxy que ya cifra. Las contraseñas de tus alumnos no deben "
            "viajar sin cifrar.").format(ip=ip))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _need_root() -> None:
    if os.geteuid() != 0:
        raise InvalidInputError(_("El hub crea un usuario del sistema por alumno: ejecútalo como root (con sudo)."))


def _print_codes(codes: dict[str, str], hub) -> None:
    if not codes:
        return
    names = hub.learners()
    _say(_("Códigos para entrar por primera vez (cada uno sirve una sola vez):"))
    for name, code in codes.items():
        learner = names.get(name)
        who = learner.full_name if learner else _("formador")
        _say(f"  {name:<24} {code}   {who}")


def run(args: argparse.Namespace) -> int:
    # Loaded when a command runs, so that `rumbo --help` starts fast.
    from rumbo.apps.hub import accounts, state, users
    from rumbo.classroom.folder import open_class

    command = args.hub_command
    cls = open_class(args.dir)
    if command == "codes":
        hub = state.open_hub(cls)
        hub.save()
        only = [name.lower() for name in args.solo.split(",") if name.strip()] if args.solo else None
        names = accounts.check_names(only, hub.hub_names()) if only else hub.hub_names()
        codes = accounts.Accounts(hub.accounts_db).issue_codes(names, reset=bool(only))
        if not codes:
            _say(_("Todas las cuentas tienen ya contraseña. Para dar un código nuevo a alguien: --solo ID."))
        _print_codes(codes, hub)
        return 0
    if command == "clean":
        _need_root()
        hub = state.open_hub(cls)
        if not args.yes:
            _say(_("Se borrarían {n} usuarios y sus carpetas: {names}. Repite la orden con --si para "
                   "confirmarlo.").format(n=len(users.class_users(hub)), names=", ".join(users.class_users(hub)) or "—"))
            return 1
        removed = users.remove_users(hub)
        _say(_("Borrados {n} usuarios del sistema con sus carpetas.").format(n=len(removed)))
        return 0
    check_address(args.ip, args.certificado, args.clave, args.no_tls)
    if not 0 < args.port < 65536:
        raise InvalidInputError(_("El puerto debe ser un número entre 1 y 65535; has puesto {port}.").format(
            port=args.port))
    _need_root()
    hub = state.open_hub(cls, prefix=args.prefijo, trainer=args.formador, memory_mb=args.memoria,
                   idle_minutes=args.inactivo)
    return start(hub, ip=args.ip, port=args.port, ssl_cert=args.certificado, ssl_key=args.clave)


def start(hub, *, ip: str, port: int, ssl_cert: str | None = None, ssl_key: str | None = None) -> int:
    # Loaded when the hub starts, so that `rumbo --help` starts fast.
    from rumbo.apps.hub import accounts, config, exchange, limits, runtime, users, workbooks

    config.proxy_command()
    hub.save()
    mode = stat.S_IMODE(hub.cls.path.stat().st_mode)
    if mode & 0o077:
        os.chmod(hub.cls.path, mode & 0o700)
        _say(_("La carpeta de la clase queda solo para ti (permisos 700): tiene las soluciones y las notas."))
    python = runtime.learner_python()
    exchange.prepare(hub)
    config.write_jupyter_settings(hub)
    _print_codes(accounts.Accounts(hub.accounts_db).issue_codes(
        [n for n in hub.hub_names() if accounts.Accounts(hub.accounts_db).state(n) == (None, None)]), hub)
    businesses = {workbooks.learner_business(hub, learner) for learner in hub.learners().values()}
    _say(_("Preparando los cuadernos de los negocios de ejemplo: {names}…").format(names=", ".join(sorted(businesses))))
    for failure in workbooks.prepare_businesses(hub, businesses):
        _say(_("  ✗ con errores: {line}").format(line=failure))
    for hub_name in hub.learners():
        users.ensure_user(hub, hub.unix_name(hub_name))
    capped, why = limits.available()
    if capped:
        _say(_("Cada alumno tiene un máximo de {mb} MB de memoria y un reparto igual de la CPU.").format(
            mb=hub.settings.memory_mb))
    else:
        _say(_("Aviso: este sistema no permite limitar la memoria por alumno ({why}).").format(why=why))
    config_file = config.write_config_file(hub, ip=ip, port=port, hub_port=free_port(), api_port=free_port(),
                               learner_python=python, ssl_cert=ssl_cert, ssl_key=ssl_key)
    scheme = "https" if ssl_cert else "http"
    host = f"[{ip}]" if ":" in ip else ip
    _say(_("Hub de la clase en {url} · usuarios: los ids de la lista; formador: «{trainer}». Ctrl+C para "
           "cerrarlo.").format(url=f"{scheme}://{host}:{port}/", trainer=hub.settings.trainer))
    from jupyterhub.app import JupyterHub

    os.chdir(hub.path)
    JupyterHub.launch_instance(["-f", str(config_file)])
    _say(_("Hub cerrado. Las cuentas, las carpetas y las entregas se conservan."))
    return 0
