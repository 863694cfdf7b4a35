"""Self-check objects for the exercises (the learntools pattern).

Each question of an exercise is a :class:`Question` with ``check(answer)``,
``hint()`` and ``solution()``. ``check`` never raises: it returns a
:class:`Result` that shows itself as friendly Markdown in a notebook and as
plain text elsewhere. nbgrader's locked test cells call ``assert_ok(answer)``
(the same check) and then ``assert_hidden(answer)`` (extra cases the learner
cannot see: the feedback shows the call, never the expected values). Both raise
:class:`CheckFailed`, which nbgrader records as a failed test and IPython shows
as one Spanish line, without a traceback.

What the owner typed is first read by :mod:`rumbo.exercises.typed` (a decimal
comma, "25%", "1.500", a letter...), so every message speaks of what she wrote,
never of Python's types. A question that knows its answer's variable also knows,
inside a kernel, whether the cell that sets it last ran or failed
(:mod:`rumbo.exercises.kernel`), so an answer that did not run is never judged by
the value left from before.

Expected values are computed from the bundled data by the exercise modules
(``rumbo.exercises.exNN``), never typed in by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

from rumbo.core.errors import RumboError
from rumbo.core.i18n import translator
from rumbo.exercises import kernel
from rumbo.exercises.typed import Incorrect, Number, Precision, plain, read_number

_, N_, ngettext = translator("checks")

__all__ = ["CORRECT", "INCORRECT", "NOT_ATTEMPTED", "NOT_RUN", "CheckFailed", "Incorrect", "Question",
           "Result", "Text", "all_of", "close_to", "number", "number_question", "same_function",
           "same_mapping", "same_series"]

CORRECT, INCORRECT, NOT_ATTEMPTED, NOT_RUN = "correct", "incorrect", "not_attempted", "not_run"


class CheckFailed(AssertionError):
    """A graded check that did not pass. nbgrader sees an error (no points); IPython shows
    ``_render_traceback_``, the one line of the result, instead of a traceback."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


# nbgrader's feedback prints the exception's name before its message: say it in Spanish.
CheckFailed.__name__ = CheckFailed.__qualname__ = "Comprobación"


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
            NOT_RUN: _("⚠ Sin ejecutar"),
        }[self.status]

    def __str__(self) -> str:
        head = f"{self.question}: {self._title()}" if self.question else self._title()
        return f"{head}. {self.message}".strip()

    def __repr__(self) -> str:  # plain-text display in a notebook
        return str(self)

    def _repr_markdown_(self) -> str:
        colour = {CORRECT: "#1b7837", INCORRECT: "#b2182b", NOT_ATTEMPTED: "#4d4d4d",
                  NOT_RUN: "#8c510a"}[self.status]
        label = f"{self.question} · " if self.question else ""
        return f'<span style="color:{colour}">**{label}{self._title()}**</span> {self.message}'


@dataclass
class Text:
    """A hint or a solution: Markdown in a notebook, plain text elsewhere. A solution is
    code to paste into the answer cell, so it is shown as a code block."""

    title: str
    body: str
    code: bool = False

    def __str__(self) -> str:
        return f"{self.title}:\n{self.body}" if self.code else f"{self.title}: {self.body}"

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        if self.code:
            return f"**{self.title}:**\n\n```python\n{self.body}\n```"
        return f"**{self.title}:** {self.body}"


@dataclass
class Question:
    """One autograded question.

    ``reader(answer)`` turns what was typed into the value to grade (see
    :mod:`rumbo.exercises.typed`); ``checker(value)`` raises :class:`Incorrect` with a
    learner-facing message when it is wrong. ``hidden`` is a list of extra checkers run
    only by :meth:`assert_hidden` (nbgrader's hidden tests). ``variable`` is the name
    the answer cell sets; ``precision`` how a person may round the answer (its
    :meth:`~Precision.note` is stated in the prompt). ``solution_text`` is what
    :meth:`solution` shows: lines that run when pasted into the answer cell.
    """

    name: str
    checker: Callable[[Any], None]
    hint_text: str
    solution_text: str
    hidden: list[Callable[[Any], None]] = field(default_factory=list)
    variable: str = ""
    reader: Callable[[Any], Any] | None = None
    precision: Precision | None = None
    #: For a number: the right value, the misconceptions it recognises ((value_of, message),
    #: ...) and whether a proportion is asked. Kept so tests and tools can read them.
    expected: Callable[[], float] | None = None
    slips: tuple = ()
    ratio: bool = False

    @property
    def call(self) -> str:
        """How the notebook names this question: P1 -> q1."""
        return "q" + self.name[1:] if self.name[:1] == "P" else self.name

    def _run(self, answer, checkers) -> Result:
        failure = kernel.failed_answer(self.variable)
        if failure is not None:
            return Result(NOT_RUN, _("La celda de «{variable}» dio un error y tu respuesta no se ha "
                                     "ejecutado: {why} Corrígela, ejecútala y vuelve aquí.").format(
                                         variable=self.variable, why=failure), self.name)
        if answer is None or answer is Ellipsis:
            return Result(NOT_ATTEMPTED, _("Aún no has respondido: cambia el None de la celda de tu "
                                           "respuesta y ejecútala."), self.name)
        note = ""
        try:
            read = self.reader(answer) if self.reader else answer
            if isinstance(read, Number):
                read, note = read.value, read.note
            for checker in checkers:
                checker(read)
        except Incorrect as wrong:
            return Result(INCORRECT, _join(str(wrong), note), self.name)
        except RumboError as wrong:
            return Result(INCORRECT, str(wrong), self.name)
        except Exception:  # an answer built with code may break in any way: never a traceback
            return Result(INCORRECT, _("No he podido comprobar tu respuesta: revisa que es lo que pide "
                                       "la pregunta (pista: {call}.hint()).").format(call=self.call),
                          self.name)
        return Result(CORRECT, _join(_("¡Bien hecho!"), note), self.name)

    def check(self, answer) -> Result:
        """Say whether ``answer`` is right, with a hint of what to look at if not."""
        return self._run(answer, [self.checker])

    def hint(self) -> Text:
        return Text(_("Pista"), self.hint_text)

    def solution(self) -> Text:
        return Text(_("Solución (cópiala en la celda de tu respuesta)"), self.solution_text, code=True)

    def assert_ok(self, answer) -> None:
        """For nbgrader's test cells: the visible check, raising if it fails."""
        result = self.check(answer)
        if not result.ok:
            raise CheckFailed(str(result))

    def assert_hidden(self, answer) -> None:
        """For nbgrader's hidden tests: extra cases whose values stay out of the feedback."""
        result = self._run(answer, [self.checker, *self.hidden])
        if not result.ok:
            raise CheckFailed(str(result))


def _join(message: str, note: str) -> str:
    return f"{message} {note}".strip()


# --- Checkers: small factories shared by every exercise ------------------------------


#: A value this close to a misconception (as a share of it) is that misconception worked with
#: rounded numbers: 0.14 / 12 is "the year's growth divided by 12" when the growth is 0.1412.
SLIP_SHARE = 0.02


def number(expected: Callable[[], float], precision: Precision, *, ratio: bool = False,
           percent: bool = False, slips: tuple = (), hint: str = "") -> Callable[[float], None]:
    """Checker: a number that rounds like ``expected()`` at ``precision``.

    Before saying "not yet" it looks for the mistakes owners make and names them:
    each of ``slips`` (``(value_of, message)``: a known misconception, e.g. the year's
    growth divided by 12), a percentage where a proportion is asked (``ratio``: 25 for
    0.25) or the reverse (``percent``), the Spanish thousands dot (1.5 for 1500), and
    rounding too much (17 for 17.14 at cents)."""

    def checker(value: float) -> None:
        target = float(expected())
        if precision.accepts(value, target):
            return
        almost = Incorrect(_("Casi: te has quedado corto de decimales o has cortado en vez de "
                             "redondear. {note}").format(note=precision.note()))
        known = [(float(value_of()), message) for value_of, message in slips]
        known = [(slip, message) for slip, message in known
                 if math.isfinite(slip) and not precision.accepts(slip, target)]
        for slip, message in known:  # typed exactly as the wrong method gives it
            if math.isclose(value, slip, rel_tol=1e-9, abs_tol=1e-12):
                raise Incorrect(message)
        typed = _decimals(value)
        if typed < precision.decimals and Precision(typed).accepts(value, target):
            raise almost  # the right number, rounded more than the question allows
        for slip, message in known:  # the wrong method, with numbers rounded along the way
            near = max(precision.tolerance, SLIP_SHARE * abs(slip))
            if abs(value - slip) <= near and abs(value - slip) < abs(value - target):
                raise Incorrect(message)
        if ratio and precision.accepts(value / 100, target):
            raise Incorrect(_("Has escrito {value}, que parece un porcentaje; aquí se pide la proporción: "
                              "escribe {ratio}").format(value=plain(value), ratio=plain(value / 100)))
        if percent and precision.accepts(value * 100, target):
            raise Incorrect(_("Has escrito {value}, que parece una proporción; aquí se pide el porcentaje: "
                              "escribe {pct}").format(value=plain(value), pct=plain(value * 100)))
        if abs(target) >= 1000 and abs(value * 1000 - target) <= max(1.0, precision.tolerance * 1000):
            raise Incorrect(_("En Python el punto es el decimal, así que {value} es poco más que {whole}. "
                              "Los miles no llevan punto: escribe {big}").format(
                                  value=plain(value), whole=plain(math.floor(value)), big=plain(value * 1000)))
        if abs(value - target) <= 2 * precision.tolerance:
            raise almost
        raise Incorrect(_join(_("{value} no es el resultado esperado.").format(value=plain(value)), hint))

    return checker


def _decimals(value: float) -> int:
    """Decimals of a number as typed: 0.58 -> 2, 17 -> 0, a computed 0.5837... -> many."""
    text = plain(value)
    return len(text.partition(".")[2]) if "e" not in text else 10


def number_question(name: str, expected: Callable[[], float], precision: Precision, *, variable: str,
                    hint: str, solution: str, ratio: bool = False, percent: bool = False,
                    slips: tuple = (), wrong: str = "") -> Question:
    """A question answered with one number: the reader understands what owners type, the
    checker knows the rounding and the misconceptions. ``wrong`` is said after a plain
    wrong value (what to look at again)."""
    check = number(expected, precision, ratio=ratio, percent=percent, slips=slips, hint=wrong)
    return Question(name, check, hint, solution, hidden=[check], variable=variable,
                    reader=lambda answer: read_number(answer, percent_means_ratio=not percent),
                    precision=precision, expected=expected, slips=tuple(slips), ratio=ratio)


def close_to(expected: Callable[[], float], rel: float = 1e-3, abs_tol: float = 1e-9,
             ratio: bool = False) -> Callable[[Any], None]:
    """Checker for the optional challenges: a computed number within ``rel`` of ``expected()``."""

    def checker(answer) -> None:
        value, target = read_number(answer).value, float(expected())
        if math.isclose(value, target, rel_tol=rel, abs_tol=abs_tol):
            return
        if ratio and math.isclose(value, target * 100, rel_tol=rel, abs_tol=abs_tol):
            raise Incorrect(_("Has escrito {value}, que parece un porcentaje; aquí se pide la proporción: "
                              "escribe {ratio}").format(value=plain(value), ratio=plain(value / 100)))
        raise Incorrect(_("{value} no es el resultado esperado.").format(value=plain(value)))

    return checker


def same_function(reference: Callable, cases: list[tuple], rel: float = 1e-6) -> Callable:
    """Checker: a learner's function that agrees with ``reference`` on ``cases``."""

    def checker(answer) -> None:
        if not callable(answer):
            raise Incorrect(_("Aquí va una función, escrita con def."))
        for args in cases:
            want = reference(*args)
            shown = ", ".join(repr(a) for a in args)
            try:
                got = answer(*args)
            except Exception:
                raise Incorrect(_("Con ({args}) tu función da un error; pruébala en una celda.").format(
                    args=shown)) from None
            try:
                got = read_number(got).value
            except Incorrect:
                raise Incorrect(_("Con ({args}) tu función no devuelve un número.").format(args=shown)) from None
            if not math.isclose(got, want, rel_tol=rel, abs_tol=1e-9):
                raise Incorrect(_("Con ({args}) tu función devuelve {got}; revisa la fórmula.").format(
                    args=shown, got=plain(got)))

    return checker


def same_mapping(expected: Callable[[], dict]) -> Callable[[Any], None]:
    """Checker: a dict with the expected keys and values; says how many are wrong, not which."""

    def checker(answer) -> None:
        want = expected()
        if not isinstance(answer, dict):
            raise Incorrect(_("Aquí va un diccionario, entre llaves: {{\"a\": True, ...}}."))
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
            raise Incorrect(_("Aquí va una serie de pandas, por ejemplo el resultado de groupby."))
        if set(map(str, answer.index)) != set(map(str, want.index)):
            raise Incorrect(_("Las etiquetas no coinciden. Esperaba: {labels}.").format(
                labels=", ".join(map(str, want.index))))
        got = answer.rename(index=str).reindex(want.rename(index=str).index)
        for label, value in want.rename(index=str).items():
            if not math.isclose(read_number(got[label]).value, float(value), rel_tol=rel, abs_tol=1e-9):
                raise Incorrect(_("El valor de «{label}» no es el esperado.").format(label=label))

    return checker


def all_of(*checkers: Callable[[Any], None]) -> Callable[[Any], None]:
    """Checker: every checker in order; the first that objects gives the message."""

    def checker(answer) -> None:
        for check in checkers:
            check(answer)

    return checker
