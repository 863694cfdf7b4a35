"""Self-check objects for the exercises (the learntools pattern).

Each question of an exercise is a :class:`Question` with ``check(answer)``,
``hint()`` and ``solution()``. ``check`` never raises: it returns a
:class:`Result` that shows itself as friendly Markdown in a notebook and as
plain text elsewhere. nbgrader's locked test cells call ``assert_ok(answer)``
(the same check, raising ``AssertionError`` with the same friendly message)
and then ``assert_hidden(answer)``, which runs extra cases the learner cannot
see: the feedback shows the call, never the expected values.

Expected values are computed from the bundled data by the exercise modules
(``rumbo.exercises.exNN``), never typed in by hand.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable

from rumbo.core.errors import RumboError
from rumbo.core.i18n import translator
from rumbo.core.numbers import parse_number

_, N_, ngettext = translator("checks")

CORRECT, INCORRECT, NOT_ATTEMPTED = "correct", "incorrect", "not_attempted"


class Incorrect(Exception):
    """Raised inside a checker with a message for the learner."""


@dataclass
class Result:
    status: str
    message: str
    question: str = ""

    @property
    def ok(self) -> bool:
        return self.status == CORRECT

    def _title(self) -> str:
        return {
            CORRECT: _("✔ Correcto"),
            INCORRECT: _("✖ Todavía no"),
            NOT_ATTEMPTED: _("✎ Sin responder"),
        }[self.status]

    def __str__(self) -> str:
        head = f"{self.question}: {self._title()}" if self.question else self._title()
        return f"{head}. {self.message}".strip()

    def __repr__(self) -> str:  # plain-text display in a notebook
        return str(self)

    def _repr_markdown_(self) -> str:
        colour = {CORRECT: "#1b7837", INCORRECT: "#b2182b", NOT_ATTEMPTED: "#4d4d4d"}[self.status]
        label = f"{self.question} · " if self.question else ""
        return f'<span style="color:{colour}">**{label}{self._title()}**</span> {self.message}'


@dataclass
class Text:
    """A hint or a solution: Markdown in a notebook, plain text elsewhere."""

    title: str
    body: str

    def __str__(self) -> str:
        return f"{self.title}: {self.body}"

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        return f"**{self.title}:** {self.body}"


@dataclass
class Question:
    """One autograded question.

    ``checker(answer)`` raises :class:`Incorrect` with a learner-facing message
    when the answer is wrong. ``hidden`` is a list of extra checkers run only by
    :meth:`assert_hidden` (nbgrader's hidden tests).
    """

    name: str
    checker: Callable[[Any], None]
    hint_text: str
    solution_text: str
    hidden: list[Callable[[Any], None]] = field(default_factory=list)

    def _run(self, answer, checkers) -> Result:
        if answer is None or answer is Ellipsis:
            return Result(NOT_ATTEMPTED, _("Escribe tu respuesta en la celda de arriba y "
                                           "vuelve a ejecutar esta."), self.name)
        for checker in checkers:
            try:
                checker(answer)
            except Incorrect as wrong:
                return Result(INCORRECT, str(wrong), self.name)
            except Exception as exc:  # a learner's function may raise anything
                return Result(INCORRECT, _("Al comprobar tu respuesta saltó un error: {error}. "
                                           "Revisa tu código.").format(
                                               error=f"{type(exc).__name__}: {exc}"), self.name)
        return Result(CORRECT, _("¡Bien hecho!"), self.name)

    def check(self, answer) -> Result:
        """Say whether ``answer`` is right, with a hint of what to look at if not."""
        return self._run(answer, [self.checker])

    def hint(self) -> Text:
        return Text(_("Pista"), self.hint_text)

    def solution(self) -> Text:
        return Text(_("Solución"), self.solution_text)

    def assert_ok(self, answer) -> None:
        """For nbgrader's test cells: the visible check, raising if it fails."""
        result = self.check(answer)
        if not result.ok:
            raise AssertionError(str(result))

    def assert_hidden(self, answer) -> None:
        """For nbgrader's hidden tests: extra cases whose values stay out of the feedback."""
        result = self._run(answer, [self.checker, *self.hidden])
        if not result.ok:
            raise AssertionError(str(result))


# --- Checkers: small factories shared by every exercise ------------------------------


def _as_number(answer) -> float:
    """A numeric answer (a number, or a number written as text: "1.500", "2,5 %" is 2.5)."""
    if isinstance(answer, float) and math.isnan(answer):
        raise Incorrect(_("Tu respuesta es NaN (un valor vacío): revisa que no divides entre "
                          "celdas vacías."))
    if not isinstance(answer, (str, numbers.Real, Decimal)) or isinstance(answer, bool):
        raise Incorrect(_("Esperaba un número: una sola cifra, no una tabla, una lista ni sí o no."))
    try:
        return parse_number(answer, _("tu respuesta"))
    except RumboError as exc:
        raise Incorrect(str(exc)) from None


def close_to(expected: Callable[[], float], rel: float = 1e-3, abs_tol: float = 1e-9,
             ratio: bool = False) -> Callable[[Any], None]:
    """Checker: a number within ``rel`` (relative) of ``expected()``.

    With ``ratio=True`` it recognises the commonest slip, a percentage given
    where a ratio was asked (5 instead of 0.05), and says so.
    """

    def checker(answer) -> None:
        value, target = _as_number(answer), float(expected())
        if math.isclose(value, target, rel_tol=rel, abs_tol=abs_tol):
            return
        if ratio and math.isclose(value, target * 100, rel_tol=rel, abs_tol=abs_tol):
            raise Incorrect(_("Parece que lo has dado en porcentaje: escribe la proporción "
                              "(0,05 en lugar de 5)."))
        raise Incorrect(_("El valor {value} no es el esperado. Repasa la fórmula y qué "
                          "divides entre qué.").format(value=f"{value:.6g}"))

    return checker


def same_function(reference: Callable, cases: list[tuple], rel: float = 1e-6) -> Callable:
    """Checker: a learner's function that agrees with ``reference`` on ``cases``."""

    def checker(answer) -> None:
        if not callable(answer):
            raise Incorrect(_("Esperaba una función (def ...), no {kind}.").format(
                kind=type(answer).__name__))
        for args in cases:
            want, got = reference(*args), answer(*args)
            shown = ", ".join(repr(a) for a in args)
            try:
                got = _as_number(got)
            except Incorrect:
                raise Incorrect(_("Con ({args}) tu función devuelve {got!r}, no un número.").format(
                    args=shown, got=got)) from None
            if not math.isclose(got, want, rel_tol=rel, abs_tol=1e-9):
                raise Incorrect(_("Con ({args}) tu función devuelve {got}; revisa la "
                                  "fórmula.").format(args=shown, got=f"{got:.6g}"))

    return checker


def same_mapping(expected: Callable[[], dict]) -> Callable[[Any], None]:
    """Checker: a dict with the expected keys and values; says how many are wrong, not which."""

    def checker(answer) -> None:
        want = expected()
        if not isinstance(answer, dict):
            raise Incorrect(_("Esperaba un diccionario {{...}}, no {kind}.").format(
                kind=type(answer).__name__))
        missing = [k for k in want if k not in answer]
        if missing:
            raise Incorrect(_("Faltan estas claves: {keys}.").format(keys=", ".join(map(str, missing))))
        wrong = sum(1 for k, v in want.items() if answer[k] != v)
        if wrong:
            raise Incorrect(_("Hay {n} respuestas que no coinciden. Vuelve a leer cada "
                              "caso.").format(n=wrong))

    return checker


def same_series(expected: Callable[[], "object"], rel: float = 1e-3) -> Callable[[Any], None]:
    """Checker: a pandas Series (or dict) with the same labels and values as ``expected()``."""
    import pandas as pd

    def checker(answer) -> None:
        want = expected()
        if isinstance(answer, dict):
            answer = pd.Series(answer)
        if not isinstance(answer, pd.Series):
            raise Incorrect(_("Esperaba una serie de pandas (por ejemplo, el resultado de "
                              "groupby), no {kind}.").format(kind=type(answer).__name__))
        if set(map(str, answer.index)) != set(map(str, want.index)):
            raise Incorrect(_("Las etiquetas no coinciden. Esperaba: {labels}.").format(
                labels=", ".join(map(str, want.index))))
        got = answer.rename(index=str).reindex(want.rename(index=str).index)
        for label, value in want.rename(index=str).items():
            if not math.isclose(_as_number(got[label]), float(value), rel_tol=rel, abs_tol=1e-9):
                raise Incorrect(_("El valor de «{label}» no es el esperado.").format(label=label))

    return checker


def not_this(value_of: Callable[[], float], message: str, rel: float = 1e-3) -> Callable[[Any], None]:
    """Checker: says ``message`` when the answer equals a known slip (``value_of()``),
    e.g. the yearly growth divided by 12 where the compound monthly rate was asked."""

    def checker(answer) -> None:
        value, slip = _as_number(answer), value_of()
        if math.isfinite(slip) and math.isclose(value, slip, rel_tol=rel):
            raise Incorrect(message)

    return checker


def all_of(*checkers: Callable[[Any], None]) -> Callable[[Any], None]:
    """Checker: every checker in order; the first that objects gives the message."""

    def checker(answer) -> None:
        for check in checkers:
            check(answer)

    return checker
