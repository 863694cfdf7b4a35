"""`rumbo ... --help` and argparse's errors speak Spanish: «uso:», «opciones», «muestra esta
ayuda y termina», not argparse's English, for every command and subcommand."""

from __future__ import annotations

import argparse
import re

import pytest

from rumbo.apps import cli
from rumbo.apps.cli_words import argparse_words
from rumbo.core.i18n import get_language, set_language

#: argparse's English, as it prints it (Python 3.11-3.13).
ENGLISH = ("usage:", "positional arguments", "options:", "optional arguments", "show this help message",
           "invalid choice", "required:", "unrecognized arguments", "expected one argument")


def _commands() -> list[list[str]]:
    """Every command path of `rumbo` (["app"], ["app", "build"], ["classroom", "grade"], ...)."""
    with argparse_words():
        parser = cli._parser(cli._families())

    def walk(parser: argparse.ArgumentParser, path: list[str]):
        yield path
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    yield from walk(child, [*path, name])

    return list(walk(parser, []))


COMMANDS = _commands()


def test_every_family_is_walked():
    names = {path[0] for path in COMMANDS if path}
    assert {"app", "classroom", "plan", "version", "data"} <= names
    assert len(COMMANDS) > 10


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "rumbo")
def test_help_has_no_english_argparse_words(path, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main([*path, "--help"])
    assert stop.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("uso: rumbo")
    assert "muestra esta ayuda y termina" in shown
    found = [word for word in ENGLISH if word in shown]
    assert found == [], f"rumbo {' '.join(path)} --help: {found}\n{shown}"


@pytest.mark.parametrize("argv, spanish", [
    (["app", "--port", "ocho"], "no es un valor válido: 'ocho'"),
    (["app", "--business", "bar"], "opción no válida: 'bar'"),
    (["no-existe"], "opción no válida: 'no-existe'"),
    ([], "faltan estos argumentos: command"),
    (["version", "--sobra"], "no entiendo estos argumentos: --sobra"),
])
def test_argparse_errors_are_spanish(argv, spanish, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(argv)
    assert stop.value.code == 2
    shown = capsys.readouterr().err
    assert spanish in shown and "uso: rumbo" in shown
    assert [word for word in ENGLISH if word in shown] == []


def test_english_learners_keep_argparse_english_and_argparse_is_restored(capsys):
    before = argparse._
    set_language("en")
    try:
        with pytest.raises(SystemExit):
            cli.main(["--help"])
    finally:
        set_language("es")
    assert "usage: rumbo" in capsys.readouterr().out
    assert argparse._ is before and get_language() == "es"
    parser = argparse.ArgumentParser(prog="otro")  # outside the block: the standard library's words
    assert re.search(r"^usage: otro", parser.format_help())
