"""The self-checks of «Python mínimo» (course/00b_python_minimo.ipynb): the few things an
owner types in the exercises, each checked with the same messages the exercises give.

Nothing here is graded: the notebook is the fifteen minutes before exercise 00.
"""

from __future__ import annotations

from types import SimpleNamespace

from rumbo.core.i18n import translator
from rumbo.exercises.checks import Question, number_question
from rumbo.exercises.kernel import explain
from rumbo.exercises.tables import instagram_year
from rumbo.exercises.typed import WHOLE, Incorrect, Precision, read_choice

_, N_, ngettext = translator("checks")

OPTIONS = {"a": "a", "b": "b", "c": "c"}


def error_message(line: str) -> str:
    """What the exercise kernel says when ``line`` is run: the example of an error, without one."""
    try:
        exec(compile(line, "<celda>", "exec"), {})
    except Exception as exc:  # noqa: BLE001 (showing the message is the point)
        return f"⚠ {explain(exc, line)}"
    return _("Esta línea no da ningún error.")


def _option_b(choice: str) -> None:
    if choice != "b":
        raise Incorrect(_("Has elegido «{choice}»; aquí se pedía la «b».").format(choice=choice))


def questions(business: str = "panaderia") -> SimpleNamespace:
    start, end, facts = instagram_year(business)
    decimal = number_question(
        "P1", lambda: 2.5, Precision(1), variable="decimal",
        slips=((lambda: 25, _("Falta el punto: dos y medio se escribe 2.5")),),
        hint=_("Dos y medio, con punto: 2.5"), solution="decimal = 2.5",
        wrong=_("Dos y medio se escribe 2.5"),
    )
    option = Question(
        "P2", _option_b, _("Las opciones se escriben entre comillas: \"b\"."), 'opcion = "b"',
        variable="opcion", reader=lambda answer: read_choice(answer, OPTIONS),
    )
    read = number_question(
        "P3", lambda: end, WHOLE, variable="seguidores",
        slips=((lambda: start, _("Ese es el número del 1 de enero; aquí se pide el del 31 de diciembre.")),),
        hint=_("Mira la fila «fin» de la tabla."), solution="seguidores = fin",
        wrong=_("Es el valor de la fila «fin»."),
    )
    growth = number_question(
        "P4", lambda: (end - start) / start, Precision(2), variable="crecimiento", ratio=True,
        slips=((lambda: end - start, _("Eso son los seguidores ganados: divídelos entre los del principio.")),),
        hint=_("(fin − inicio) ÷ inicio, con los números de la tabla o con sus nombres."),
        solution="crecimiento = (fin - inicio) / inicio",
        wrong=_("Es (fin − inicio) ÷ inicio."),
    )
    return SimpleNamespace(q1=decimal, q2=option, q3=read, q4=growth, facts=facts, start=start, end=end)
