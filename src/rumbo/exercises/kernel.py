"""The exercise notebook's kernel, made to speak to an owner.

:func:`install` does two things in the running IPython kernel:

* **One Spanish line per error.** An error in any cell (a decimal comma, a percent
  sign, a name misspelled, a failed check) is shown as one sentence that says what
  to write instead, never as a traceback. It is still an error for Jupyter and
  nbgrader: "run all" stops there and a graded cell gets no points. Cells that start
  with ``# Reto`` (the optional challenges, for learners who program) keep Python's
  traceback under the sentence.
* **Which answers ran.** After every cell it notes whether a cell that sets one of
  the exercise's answer variables ran or failed, so a check never judges a value
  left over from before a failed edit (:func:`failed_answer`).

:func:`explain` is the pure part (an exception -> the sentence) and is unit-tested;
no IPython import happens until :func:`install` is called.
"""

from __future__ import annotations

import difflib
import keyword
import re
import traceback

from rumbo.core.errors import RumboError
from rumbo.core.i18n import translator
from rumbo.exercises.typed import normalise

_, N_, ngettext = translator("checks")

#: Answer variable -> None (its cell last ran fine) or why it failed (one sentence).
_answers: dict[str, str | None] = {}
_watched: set[str] = set()
_ASSIGNS = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?:,\s*[A-Za-z_]\w*\s*)*=(?!=)", re.MULTILINE)
CHALLENGE_MARK = "# Reto"


def watch(variables) -> None:
    """Follow the cells that set these answer variables (an exercise's answers)."""
    _watched.update(v for v in variables if v)


def record(raw_cell: str, error: BaseException | None, namespace: dict | None = None) -> None:
    """Note the outcome of a cell: for each watched variable it assigns, ran or failed."""
    assigned = {name for name in _ASSIGNS.findall(raw_cell or "") if name in _watched}
    for name in assigned:
        _answers[name] = None if error is None else explain(error, raw_cell, namespace or {})


def failed_answer(variable: str) -> str | None:
    """Why the cell that sets ``variable`` failed the last time it ran (None if it did not)."""
    return _answers.get(variable) if variable else None


def forget() -> None:
    """Forget every answer's outcome (a fresh exercise, or a test)."""
    _answers.clear()
    _watched.clear()


# --- an error -> one sentence ---------------------------------------------------------------------

_DECIMAL_COMMA = re.compile(r"(?<![\w.])(-?\d+),(\d+)(?![\w.])")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
_PERCENT = re.compile(r"\d\s*%")
_ODD_CHARACTERS = {"×": "*", "·": "*", "÷": "/", "−": "-", "–": "-", "“": '"', "”": '"', "‘": "'",
                   "’": "'", "«": '"', "»": '"'}


def explain(error: BaseException, raw_cell: str = "", namespace: dict | None = None) -> str:
    """One sentence, in the learner's language, that says what went wrong and what to do."""
    namespace = namespace or {}
    if isinstance(error, AssertionError) and type(error).__name__ != "AssertionError":
        return str(error)  # a check's own result line
    if isinstance(error, RumboError):
        return str(error)
    if isinstance(error, SyntaxError):
        return _syntax(error, raw_cell)
    if isinstance(error, NameError):
        return _name(error, namespace)
    if isinstance(error, ZeroDivisionError):
        return _("Has dividido entre cero: revisa el número que va debajo de la división.")
    if isinstance(error, TypeError):
        return _type(error)
    return _("Esta celda ha dado un error y no ha terminado. Revisa lo que has escrito; si no ves el "
             "fallo, pide ayuda a tu formador.")


def _syntax(error: SyntaxError, raw_cell: str) -> str:
    line = (error.text or "").strip()
    if not line and error.lineno and raw_cell:
        lines = raw_cell.splitlines()
        line = lines[error.lineno - 1].strip() if 0 < error.lineno <= len(lines) else ""
    code = line.split("#", 1)[0]
    comma = _DECIMAL_COMMA.search(code)
    if comma:
        return _("En Python los decimales llevan punto: escribe {number} (no {typed}).").format(
            number=f"{comma.group(1)}.{comma.group(2)}", typed=comma.group(0))
    if _THOUSANDS.search(code):
        big = _THOUSANDS.search(code).group(0)
        return _("En Python los miles no llevan punto: escribe {number} (no {typed}).").format(
            number=big.replace(".", ""), typed=big)
    if _PERCENT.search(code):
        return _("El signo % no se escribe en Python: da la proporción (25 % es 0.25) o, si lo "
                 "prefieres, escríbelo como texto entre comillas: \"25%\".")
    odd = next((c for c in code if c in _ODD_CHARACTERS), None)
    if odd:
        return _("Python no entiende el signo «{sign}»: escribe {plain} en su lugar.").format(
            sign=odd, plain=_ODD_CHARACTERS[odd])
    message = str(error.msg or "")
    if "unterminated string" in message or "EOL while scanning" in message or "unterminated triple" in message:
        return _("Te falta cerrar las comillas: un texto va entre dos comillas iguales, \"así\".")
    if "never closed" in message or "unmatched" in message or "does not match" in message:
        return _("Revisa los paréntesis: cada «(» necesita su «)».")
    if isinstance(error, IndentationError):
        return _("Sobran espacios al principio de una línea: en estas celdas cada línea empieza pegada "
                 "a la izquierda.")
    if "invalid character" in message:
        sign = re.search(r"'(.)'", message)
        return _("Python no entiende el signo «{sign}»: escribe solo números, signos de cuenta (+ - * /) "
                 "y textos entre comillas.").format(sign=sign.group(1) if sign else "?")
    return _("Python no entiende la línea «{line}». Revisa que los decimales lleven punto, los textos "
             "vayan entre comillas y no haya palabras sueltas.").format(line=line or "?")


def _name(error: NameError, namespace: dict) -> str:
    missing = getattr(error, "name", None) or (re.findall(r"'(.+?)'", str(error)) or ["?"])[0]
    if missing in _watched:
        why = _answers.get(missing)
        if why:
            return _("La celda de «{name}» dio un error y tu respuesta no se ha ejecutado: {why} "
                     "Corrígela y ejecútala otra vez.").format(name=missing, why=why)
    close = _close_name(missing, [n for n in namespace if not n.startswith("_") and n not in keyword.kwlist])
    if missing in _watched and close:
        return _("No encuentro «{name}». ¿La escribiste como «{typed}»? En la celda de tu respuesta "
                 "escribe exactamente: {name} = ...").format(name=missing, typed=close[0])
    if missing in _watched:
        return _("Aún no existe «{name}»: ejecuta antes la celda de tu respuesta, la que empieza por "
                 "«{name} =».").format(name=missing)
    if close:
        return _("No conozco «{name}». ¿Querías decir «{close}»? Los nombres se escriben tal como "
                 "aparecen arriba.").format(name=missing, close=close[0])
    return _("No conozco «{name}». Si es un texto o una de las opciones, escríbelo entre comillas: "
             "\"{name}\".").format(name=missing)


def _close_name(name: str, known: list[str]) -> list[str]:
    """The name she probably meant: the same without accents or capitals, else a near spelling."""
    same = [k for k in known if normalise(k) == normalise(name) and k != name]
    return same[:1] or difflib.get_close_matches(name, known, n=1, cutoff=0.75)


def _type(error: TypeError) -> str:
    message = str(error)
    if "'str'" in message or "can only concatenate str" in message:
        return _("Estás haciendo una cuenta con un texto: los números van sin comillas.")
    if "not callable" in message:
        return _("Falta un signo antes de un paréntesis: para multiplicar escribe *, por ejemplo "
                 "2 * (3 + 4).")
    call = re.match(r"(\w+)\(\)", message)
    if call and ("argument" in message):
        return _("A {function}() le faltan o le sobran datos: mira el ejemplo de la pregunta y "
                 "rellena cada hueco.").format(function=call.group(1))
    if "'tuple'" in message:
        return _("Parece que has escrito un decimal con coma: en Python los decimales llevan punto.")
    return _("Esta cuenta mezcla cosas que no se pueden combinar: revisa que los números no lleven "
             "comillas y que cada dato esté en su sitio.")


# --- the kernel side -------------------------------------------------------------------------------


def install(variables=(), shell=None) -> bool:
    """In a running IPython kernel: one Spanish line per error, and follow ``variables``'
    cells. Returns False (doing nothing) outside IPython. Safe to call again."""
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    if shell is None:
        return False
    watch(variables)
    current = {"cell": ""}

    def before(info) -> None:
        current["cell"] = getattr(info, "raw_cell", "") or ""

    def after(result) -> None:
        if result is None:
            return
        error = result.error_before_exec or result.error_in_exec
        record(getattr(result.info, "raw_cell", current["cell"]), error, shell.user_ns)

    def handler(self, etype, value, tb, tb_offset=None):
        cell = current["cell"]
        try:
            line = explain(value, cell, self.user_ns)
            # A failed check already starts with its question and mark (P1: ✖ ...).
            stb = [line if isinstance(value, AssertionError) else f"⚠ {line}"]
            if cell.lstrip().startswith(CHALLENGE_MARK):
                stb += self.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
        except Exception:  # never let the explanation hide the error itself
            stb = traceback.format_exception_only(etype, value)
        self._showtraceback(etype, value, stb)
        return stb

    for event, callback in (("pre_run_cell", before), ("post_run_cell", after)):
        for old in [c for c in shell.events.callbacks[event] if getattr(c, "__rumbo__", False)]:
            shell.events.unregister(event, old)
        callback.__rumbo__ = True
        shell.events.register(event, callback)
    shell.set_custom_exc((Exception,), handler)
    return True
