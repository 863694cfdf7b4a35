"""The ``rumbo`` command: learner, trainer and maintainer tasks from a terminal.

    rumbo version            print the version
    rumbo data [--out DIR]   regenerate the bundled datasets
    rumbo plan ...           the learner's plan (see ``rumbo plan --help``)
    rumbo classroom ...      a trainer's class (see ``rumbo classroom --help``)
    rumbo app                the course as a code-free web app (Voilà) on 127.0.0.1
    rumbo hub ...            a JupyterHub for a class (see ``rumbo hub --help``)

Each command family lives in its own module with ``add_commands(subparsers)``
and ``run(args)``; this file only wires them together. Heavy imports stay
inside ``run`` so ``rumbo --help`` is instant.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from rumbo import __version__
from rumbo.apps.cli_words import argparse_words
from rumbo.core.errors import RumboError
from rumbo.core.i18n import translator

_, N_, ngettext = translator("app")

#: Command families: subcommand name -> module with add_commands() and run().
FAMILIES = {"plan": "rumbo.apps.plan_cli", "classroom": "rumbo.apps.classroom_cli",
            "app": "rumbo.apps.app_cli", "hub": "rumbo.apps.hub.cli"}


def _families() -> dict:
    found = {}
    for name, module in FAMILIES.items():
        try:
            found[name] = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if not (module == exc.name or module.startswith(f"{exc.name}.")):  # a real missing dependency
                raise
    return found


def _parser(families: dict) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rumbo", description=_("Rumbo: curso de redes sociales para pymes."))
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("version", help=_("muestra la versión"))
    data = sub.add_parser("data", help=_("regenera los datos de ejemplo"))
    data.add_argument("--out", default="datasets", help=_("carpeta de salida (por defecto, datasets)"))
    for name, module in families.items():
        module.add_commands(sub.add_parser(name, help=_(module.HELP)))
    return parser


def main(argv: list[str] | None = None) -> int:
    families = _families()
    with argparse_words():  # «uso:», «opciones» and argparse's errors in the learner's language
        args = _parser(families).parse_args(argv)
    try:
        if args.command == "version":
            print(__version__)
        elif args.command == "data":
            from rumbo.data import generator  # numpy and pandas: this command only

            generator.main(["--out", args.out])
        else:
            return families[args.command].run(args) or 0
    except RumboError as exc:
        print(f"rumbo: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
