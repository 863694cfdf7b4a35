"""The helpers an exercise gives the learner: one-line calls with blanks to fill.

These names are Spanish on purpose: they are the learner's vocabulary, typed into
answer cells (``mediana_de(publicaciones, "tasa_alcance")``), and each says what it
does. A helper does the sums a spreadsheet would do; choosing what goes in the blanks
(which column, which numbers, in which order) is what the question grades. Anything
typed wrong gets a :class:`~rumbo.core.errors.InvalidInputError` whose message says
what to write, which the exercise kernel shows as one line.
"""

from __future__ import annotations

import pandas as pd

from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import translator
from rumbo.exercises.typed import Incorrect, normalise, read_date, read_number
from rumbo.metrics import compound_monthly_growth

__all__ = ["crecimiento_mensual", "proyectar", "mediana_de", "media_de", "suma_de", "valor_de",
           "dias_entre", "mi_rutina", "fila", "plan", "MINUTOS_POR_TAREA"]

_, N_, ngettext = translator("helpers")


def _number(value, what: str) -> float:
    try:
        return read_number(value, percent_means_ratio=True).value
    except Incorrect as exc:
        raise InvalidInputError(f"{what}: {exc}") from None


def crecimiento_mensual(inicio, fin, meses) -> float:
    """The steady monthly growth that turns ``inicio`` into ``fin`` in ``meses`` months
    (a proportion: 0.02 is 2 % a month). It compounds: it is not the total divided by months."""
    return compound_monthly_growth(_number(inicio, _("inicio")), _number(fin, _("fin")),
                                   _number(meses, _("meses")))


def proyectar(inicio, tasa, meses) -> float:
    """What ``inicio`` becomes growing ``tasa`` (a proportion) every month for ``meses`` months."""
    start, rate, months = _number(inicio, _("inicio")), _number(tasa, _("tasa")), _number(meses, _("meses"))
    if months < 0:
        raise InvalidInputError(_("meses: tiene que ser 0 o más."))
    return start * (1 + rate) ** months


# --- reading a table the exercise shows ------------------------------------------------------------


def _table(tabla) -> pd.DataFrame:
    if not isinstance(tabla, pd.DataFrame):
        raise InvalidInputError(_("El primer dato tiene que ser una de las tablas del ejercicio, escrita "
                                  "sin comillas."))
    return tabla


def _column_name(tabla: pd.DataFrame, columna) -> str:
    if not isinstance(columna, str):
        raise InvalidInputError(_("Escribe el nombre de la columna entre comillas, por ejemplo \"alcance\"."))
    found = {normalise(c): c for c in tabla.columns}.get(normalise(columna))
    if found is None:
        raise InvalidInputError(_("La tabla no tiene la columna «{name}». Sus columnas son: {columns}.").format(
            name=columna, columns=", ".join(f'"{c}"' for c in tabla.columns)))
    return found


def _column(tabla, columna) -> pd.Series:
    tabla = _table(tabla)
    name = _column_name(tabla, columna)
    values = pd.to_numeric(tabla[name], errors="coerce").dropna()
    if values.empty:
        raise InvalidInputError(_("La columna «{name}» no tiene números.").format(name=name))
    return values


def mediana_de(tabla, columna) -> float:
    """The median of a column: the middle value once sorted (half the rows are above)."""
    return float(_column(tabla, columna).median())


def media_de(tabla, columna) -> float:
    """The mean of a column: its sum divided by the number of rows."""
    return float(_column(tabla, columna).mean())


def suma_de(tabla, columna) -> float:
    """The sum of a column."""
    return float(_column(tabla, columna).sum())


def valor_de(tabla, fila, columna):
    """The value in row ``fila`` (its label, as the table shows it) and column ``columna``."""
    tabla = _table(tabla)
    name = _column_name(tabla, columna)
    row = {normalise(str(r)): r for r in tabla.index}.get(normalise(str(fila)))
    if row is None:
        raise InvalidInputError(_("La tabla no tiene la fila «{name}». Sus filas son: {rows}.").format(
            name=fila, rows=", ".join(f'"{r}"' for r in tabla.index)))
    value = tabla.at[row, name]
    return value.item() if hasattr(value, "item") else value


def dias_entre(desde, hasta) -> int:
    """Calendar days from one date to a later one (from the 3rd to the 10th: 7 days)."""
    try:
        start, end = read_date(desde), read_date(hasta)
    except Incorrect as exc:
        raise InvalidInputError(str(exc)) from None
    return (end - start).days


# --- a weekly routine (exercise 04) -------------------------------------------------------------------

#: Minutes each time a task is done, as the exercise shows them.
MINUTOS_POR_TAREA = {"publicar": 10, "responder": 15, "escuchar": 10, "medir": 20, "crear": 30}
_WEEK = ("lun", "mar", "mie", "jue", "vie", "sab", "dom")


class Rutina(list):
    """A weekly routine as slots ``(day, task, network, minutes)``, shown as a small table."""

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(self, columns=[_("día"), _("tarea"), _("red"), _("minutos")]).fillna("")

    def total(self) -> str:
        return _("Total: {m} minutos a la semana.").format(m=sum(slot[3] for slot in self))

    def __repr__(self) -> str:  # how a notebook shows it as text
        return f"{self.table().to_string(index=False)}\n{self.total()}"

    def _repr_html_(self) -> str:
        return f"{self.table().to_html(index=False)}<p>{self.total()}</p>"


def mi_rutina(redes, publicar=0, responder=0, escuchar=0, medir=0, crear=0) -> Rutina:
    """A week with each task done that many times: ``publicar`` is spread over ``redes``
    (one post a day per network at most), the others over the days of the week."""
    if isinstance(redes, str):
        redes = [redes]
    if not isinstance(redes, (list, tuple)) or not redes:
        raise InvalidInputError(_("El primer dato son tus redes: escribe redes, tal como aparece arriba."))
    counts = {}
    for task, times in (("publicar", publicar), ("responder", responder), ("escuchar", escuchar),
                        ("medir", medir), ("crear", crear)):
        value = _number(times, task)
        if value < 0 or not float(value).is_integer():
            raise InvalidInputError(_("{task}: escribe cuántas veces a la semana, un número entero (0, 1, 2...).").format(
                task=task))
        counts[task] = int(value)
    if counts["publicar"] > 7 * len(redes):
        raise InvalidInputError(_("Como mucho se publica una vez al día en cada red: {n} veces a la "
                                  "semana con tus redes.").format(n=7 * len(redes)))
    slots = Rutina()
    for i in range(counts.pop("publicar")):
        network = redes[i % len(redes)]
        slots.append((_WEEK[i // len(redes)], "publicar", network, MINUTOS_POR_TAREA["publicar"]))
    for task, times in counts.items():
        for i in range(times):
            slots.append((_WEEK[i % 7], task, None, MINUTOS_POR_TAREA[task]))
    return slots


# --- the plan table (exercise 06) ---------------------------------------------------------------------


def fila(objetivo, kpi, accion, horas, fecha) -> dict:
    """One row of the plan: the objective in words, its KPI (one of the Spanish choices
    shown), the weekly action, hours per week and the deadline ("30/06/2026")."""
    return {"objetivo": objetivo, "kpi": kpi, "accion": accion, "horas": horas, "fecha": fecha}


def plan(*filas) -> pd.DataFrame:
    """The plan table: one :func:`fila` per objective."""
    rows = [f for f in filas if f is not None]
    if not rows or not all(isinstance(f, dict) for f in rows):
        raise InvalidInputError(_("Dentro de plan(...) va una fila(...) por objetivo, separadas por comas."))
    return pd.DataFrame(rows, columns=["objetivo", "kpi", "accion", "horas", "fecha"])
