"""``rumbo plan ...``: the learner's plan from a terminal."""

from __future__ import annotations

import argparse
import json

HELP = "el plan del alumno"


def add_commands(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="plan_command", required=True)
    sub.add_parser("path", help="dónde se guarda el plan")
    show = sub.add_parser("show", help="muestra el plan en JSON")
    show.add_argument("plan", nargs="?", default=None, help="archivo del plan (por defecto, el tuyo)")


def run(args: argparse.Namespace) -> int:
    from rumbo import plan

    if args.plan_command == "path":
        print(plan.resolve_path(None))
    elif args.plan_command == "show":
        print(json.dumps(plan.load_plan(args.plan), ensure_ascii=False, indent=2))
    return 0
