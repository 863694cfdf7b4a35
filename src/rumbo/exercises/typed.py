"""What an owner types as an answer, read the way she meant it.

Owners type `0,25` (Python reads the tuple ``(0, 25)``), `"25%"`, `"1.500"`, a letter
without quotes, a date as 30/06/2026. These readers turn each into the value the
question wants, or raise :class:`Incorrect` with one sentence in her words that
says what to write instead. Messages never name Python types.

Numbers written as text are read by the course's one number parser
(:func:`rumbo.objectives.parse_number`: Spanish thousands and decimal comma).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import translator
from rumbo.core.numbers import parse_number
from rumbo.core.units import NO_CENTS
from rumbo.data.schema import date_of

_, N_, ngettext = translator("checks")


class Incorrect(Exception):
    """Raised inside a checker or a reader with a message for the learner."""


# --- how close a number must be ------------------------------------------------------------------


@dataclass(frozen=True)
class Precision:
    """How a person rounds this answer: to ``decimals`` places. Anything within half a
    unit of the last place is right, so 17.14 and 17.143 are right for 17.142857 at two
    decimals, and 17 is not."""

    decimals: int

    @property
    def tolerance(self) -> float:
        return 0.5 * 10 ** -self.decimals

    def accepts(self, value: float, target: float) -> bool:
        return abs(value - target) <= self.tolerance * (1 + 1e-9) + 1e-12

    def note(self) -> str:
        """The sentence a prompt states, e.g. «Vale redondeado a dos decimales.»"""
        if self.decimals in NOTES:
            return _(NOTES[self.decimals])
        return _("Vale redondeado a {n} decimales.").format(n=self.decimals)


NOTES = {
    0: N_("Vale redondeado a la unidad."),
    1: N_("Vale redondeado a un decimal."),
    2: N_("Vale redondeado a dos decimales."),
    3: N_("Vale redondeado a tres decimales."),
    4: N_("Vale redondeado a cuatro decimales."),
}
WHOLE = Precision(0)


def money_precision(currency: str) -> Precision:
    """Money is rounded the way it is shown and paid: to cents, or to whole units for the
    currencies without cents (rumbo.core.units.NO_CENTS, the Colombian peso...)."""
    return Precision(0 if currency in NO_CENTS else 2)


# --- numbers -------------------------------------------------------------------------------------


def _decimal_comma(parts: tuple) -> str | None:
    """``(0, 25)`` is what Python makes of `0,25`: give back the number she meant, "0.25"."""
    if len(parts) == 2 and all(isinstance(p, int) and not isinstance(p, bool) for p in parts) and parts[1] >= 0:
        return f"{parts[0]}.{parts[1]}"
    return None


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) or \
        type(value).__module__ == "numpy" and hasattr(value, "dtype") and value.dtype.kind in "iuf"


@dataclass
class Number:
    """A number read from an answer, with a note when it came from text (so the learner
    learns how Python writes it) and whether it was written as a percentage."""

    value: float
    note: str = ""
    percent_sign: bool = False


def read_number(answer, percent_means_ratio: bool = True) -> Number:
    """The number in ``answer``, or :class:`Incorrect` with what to write.

    Text is read the Spanish way ("1.500" is 1500, "2,5" is 2.5); "25%" is read as 0.25
    when the question asks for a proportion (``percent_means_ratio``)."""
    if isinstance(answer, bool):
        raise Incorrect(_("Aquí va un número, no {value}.").format(
            value=_("Verdadero") if answer else _("Falso")))
    if isinstance(answer, tuple):
        meant = _decimal_comma(answer)
        if meant:
            raise Incorrect(_("En Python los decimales llevan punto: escribe {number}").format(number=meant))
        raise Incorrect(_("Has escrito varios números separados por comas. Escribe uno solo, con punto "
                          "decimal y sin separar los miles: por ejemplo 1234.5"))
    if isinstance(answer, str):
        return _read_text(answer, percent_means_ratio)
    if not _is_number(answer):
        raise Incorrect(_("Aquí va un solo número (por ejemplo 0.25), no una tabla, una lista ni un "
                          "texto."))
    value = float(answer)
    if math.isnan(value):
        raise Incorrect(_("Tu respuesta es un valor vacío (NaN): revisa que no divides entre celdas "
                          "vacías."))
    if math.isinf(value):
        raise Incorrect(_("Tu respuesta es infinita: ¿has dividido entre cero?"))
    return Number(value)


def _read_text(text: str, percent_means_ratio: bool) -> Number:
    """A number written as text, read by the course's one parser (units and % allowed)."""
    try:
        number = parse_number(text, _("tu respuesta"))
    except InvalidInputError:
        raise Incorrect(_("No puedo leer «{text}» como un número. Escríbelo sin comillas, con cifras y "
                          "punto decimal: por ejemplo 1500 o 0.25").format(text=text.strip())) from None
    percent = "%" in text
    value = number / 100 if percent and percent_means_ratio else number
    return Number(value, _("He leído «{text}» como {value}: en Python, sin comillas, se escribe {value}.").format(
        text=text.strip(), value=plain(value)), percent)


def plain(value: float) -> str:
    """A number as Python writes it, short: 0.25, 1500, 17.14."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.10g}"


# --- choices and words -----------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Lower case, no accents, no quotes or stray punctuation, single spaces: how answers compare."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[\"'«»“”‘’.¿?¡!]", " ", text)
    return re.sub(r"[\s_\-]+", " ", text).strip()


def read_choice(answer, options: dict[str, str]) -> str:
    """One option, typed as its word or letter (``options``: what she may type -> key).

    ``"Ventas"``, ``"ventas "`` and ``"VENTAS"`` are the same; anything else gets the list."""
    shown = ", ".join(f'"{o}"' for o in dict.fromkeys(options))
    if isinstance(answer, str):
        key = options.get(normalise(answer)) or {normalise(k): v for k, v in options.items()}.get(normalise(answer))
        if key is not None:
            return key
        raise Incorrect(_("«{text}» no es una de las opciones. Escribe una de estas, entre comillas: "
                          "{options}").format(text=answer, options=shown))
    raise Incorrect(_("Escribe tu elección entre comillas; las opciones son: {options}").format(options=shown))


def read_letters(answer, letters: str) -> set[str]:
    """A set of letters among ``letters``, typed as "b, e, h", "beh" or "B E H" (or, by
    someone who programs, a list or a dict of True/False)."""
    if isinstance(answer, dict):
        if not all(isinstance(v, bool) for v in answer.values()):
            raise Incorrect(_("En el diccionario, cada valor tiene que ser True o False."))
        return {str(k).lower() for k, v in answer.items() if v}
    if isinstance(answer, (list, tuple, set)):
        answer = " ".join(str(a) for a in answer)
    if not isinstance(answer, str):
        raise Incorrect(_("Escribe las letras entre comillas, separadas por comas: por ejemplo "
                          "\"a, c\""))
    chosen = set(re.sub(r"[^a-z]", "", normalise(answer).replace(" y ", " ")))
    unknown = sorted(chosen - set(letters))
    if unknown:
        raise Incorrect(_("No hay ninguna opción «{letters}»: las opciones van de la «{first}» a la "
                          "«{last}».").format(letters=", ".join(unknown), first=letters[0], last=letters[-1]))
    return chosen


# --- dates ----------------------------------------------------------------------------------------


def read_date(text) -> date:
    """A date typed as 30/06/2026 or 2026-06-30 (or a date or timestamp)."""
    if hasattr(text, "to_pydatetime"):  # a pandas Timestamp
        text = text.to_pydatetime()
    found = date_of(text if not isinstance(text, str) else text.strip())
    if found is None:
        raise Incorrect(_("No entiendo la fecha «{text}»: escríbela entre comillas como «30/06/2026».").format(
            text=text))
    return found


def read_dates(answer) -> list[date]:
    """One or more dates: "12/12/2025, 20/12/2025", a list of them, or a table's dates."""
    if answer is None:
        return []
    if isinstance(answer, str):
        parts = [p for p in re.split(r"[,;]|\s+y\s+|\s+", answer.strip()) if p]
    elif hasattr(answer, "index") and hasattr(answer, "dtype") and getattr(answer.dtype, "kind", "") == "b":
        parts = list(answer[answer].index)  # a True/False series by day
    elif hasattr(answer, "tolist"):
        parts = answer.tolist()
    elif isinstance(answer, (list, tuple, set)):
        parts = list(answer)
    else:
        parts = [answer]
    return sorted({read_date(p) for p in parts})
