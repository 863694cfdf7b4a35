"""Fields a learner types into, and the layout that keeps every control usable on any screen.

Number fields are text fields read by the package's one parser
(:func:`rumbo.core.numbers.optional_number`: an empty field is ``None``), so "2,5", "1.500", "15 €" and "25 %" mean
what a Spanish speaker means. ipywidgets' FloatText/IntText are ``<input type=number>``:
the browser drops a decimal comma ("2,5" becomes 25) before Python sees it. Next to
each field, an echo says what was understood ("= 2,5 h"), or, plainly, what could
not be read; a field that cannot be read holds ``value = None`` and its panel shows
the message instead of running its callback, so nothing is computed or saved from
a guess.

:data:`LAYOUT_CSS` makes labels wrap, gives fields the width they need and lets
tables scroll inside their box; every :class:`~rumbo.widgets.common.Panel` carries it.
"""

from __future__ import annotations

import html
import math

import ipywidgets as widgets
import traitlets

from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import babel_locale, fmt_number, translator
from rumbo.core.numbers import optional_number

_, N_, ngettext = translator("common")

LABEL_STYLE = {"description_width": "initial"}

# Units a number field's echo names ("= 2,5 h/semana"); translated where a field is built.
HOURS_A_WEEK = N_("h/semana")
HOURS = N_("h")
MINUTES = N_("min")
DAYS = N_("días")
MONTHS = N_("meses")
FOLLOWERS = N_("seguidores")
A_DAY = N_("al día")
#: Class of every labelled control: its label wraps and its input keeps a usable width.
CONTROL_CLASS = "rumbo-control"

#: One style sheet for the course's widgets, in JupyterLab and in the app. ipywidgets draws a
#: labelled control as a 300 px row whose label never wraps: a long label squashed the field
#: to a few pixels, or a hint next to it covered it. Here the row wraps instead.
LAYOUT_CSS = """
.rumbo-panel { max-width: 100%; box-sizing: border-box; }
.rumbo-panel .rumbo-control { display: flex; flex-wrap: wrap; align-items: center; width: auto;
  max-width: 100%; height: auto; column-gap: 6px; }
.rumbo-panel .rumbo-control .widget-label, .rumbo-panel .rumbo-control > label {
  white-space: normal; overflow: visible; text-overflow: clip; height: auto; text-align: left;
  line-height: 1.3; max-width: 100%; min-width: 0; flex: 0 1 auto; }
.rumbo-panel .rumbo-number > .rumbo-control > .widget-label,
.rumbo-panel .widget-dropdown.rumbo-control > .widget-label,
.rumbo-panel .rumbo-slider .widget-label { width: 17em !important; }
.rumbo-panel .rumbo-control input[type=text], .rumbo-panel .rumbo-control select,
.rumbo-panel .rumbo-control textarea { min-width: 60px; max-width: 100%; box-sizing: border-box; }
.rumbo-panel .rumbo-number { display: flex; flex-wrap: wrap; align-items: center; column-gap: 8px;
  max-width: 100%; }
.rumbo-panel .rumbo-number input[type=text] { flex: 0 0 7.5em; width: 7.5em; }
.rumbo-panel .rumbo-number > .widget-text.rumbo-control { display: contents; }
.rumbo-panel .rumbo-compact input[type=text] { flex: 1 1 auto; width: 100%; min-width: 0; }
.rumbo-panel .rumbo-compact .widget-label { position: absolute; width: 1px; height: 1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.rumbo-panel .rumbo-echo { color: #4d4d4d; font-size: 95%; max-width: 100%; }
.rumbo-panel .rumbo-hint { color: #4d4d4d; font-size: 90%; font-style: italic; max-width: 100%; }
.rumbo-panel .rumbo-slider { flex-wrap: wrap; }
.rumbo-panel .rumbo-slider > .rumbo-hint { flex: 1 1 100%; }
.rumbo-panel .rumbo-echo-error { color: #b2182b; }
.rumbo-panel .rumbo-control select { flex: 0 1 auto; width: auto;
  height: var(--jp-widgets-inline-height, 28px); }
.rumbo-panel .widget-checkbox .widget-label-basic { flex: 1 1 auto; }
.rumbo-panel svg, .rumbo-panel img { max-width: 100%; height: auto; }
.rumbo-panel .rumbo-control.widget-dropdown { width: auto; }
/* min-width: a one-word button still makes a target a finger can hit */
.rumbo-panel .rumbo-button { width: auto; min-width: 64px; max-width: 100%; height: auto;
  align-self: flex-start;
  min-height: var(--jp-widgets-inline-height, 28px); white-space: normal; overflow: visible;
  text-overflow: clip; line-height: 1.3; padding-top: 4px; padding-bottom: 4px; }
.rumbo-panel .rumbo-row { display: flex; flex-wrap: wrap; align-items: center; column-gap: 12px;
  max-width: 100%; }
.rumbo-panel .rumbo-scroll, .rumbo-panel .widget-html-content { max-width: 100%; overflow-x: auto; }
.rumbo-panel .widget-html-content { white-space: normal; }
.rumbo-panel .rumbo-control.widget-slider { flex-wrap: wrap; }
.rumbo-panel .rumbo-control .slider-container { min-width: 120px; flex: 1 1 12em; max-width: 24em; }
"""


def style_tag() -> str:
    return f"<style>{LAYOUT_CSS}</style>"


def fits(control: widgets.Widget) -> widgets.Widget:
    """Let ``control``'s label wrap and its input keep a usable width (see :data:`LAYOUT_CSS`)."""
    control.add_class(CONTROL_CLASS)
    if control.layout.width is None:
        control.layout.width = "auto"
    control.layout.max_width = "100%"
    return control


def currency_symbol(currency: str) -> str:
    """"€" for EUR, "US$" for USD...: the unit a learner reads next to an amount."""
    from babel.numbers import get_currency_symbol

    return get_currency_symbol(currency, locale=babel_locale())


def _shown(value: float, integer: bool) -> str:
    """A number as the learner reads it: Spanish separators, no needless decimals ("" for
    NaN or infinity, which no one types)."""
    if not math.isfinite(value):
        return ""
    if integer or float(value).is_integer():
        return fmt_number(value, 0)
    digits = next(d for d in (1, 2, 3, 4) if math.isclose(round(value, d), value, abs_tol=1e-9)
                  or d == 4)
    return fmt_number(value, digits)


def hint_note(hint: str) -> widgets.HTML:
    """A short plain-words note beside a control (a typical range, a source, what it means)."""
    note = widgets.HTML(value=html.escape(hint))
    note.add_class("rumbo-hint")
    return note


class NumberField(widgets.HBox):
    """A labelled text field that holds a number (``value``) read the Spanish way.

    ``value`` is the number understood (``None`` when the field is empty or cannot be
    read; ``error`` then says why). Setting ``value`` from code shows it in Spanish
    format; typing into ``text`` (the input a person uses) sets ``value``. ``echo``
    says what was understood, with ``unit``.
    """

    value = traitlets.Any(None, allow_none=True)

    def __init__(self, description: str, value=None, *, integer: bool = False, unit: str = "",
                 placeholder: str = "", tooltip: str = "", hint: str = "", compact: bool = False):
        self.integer, self.unit, self.compact = integer, _(unit) if unit else "", compact
        self.error = ""
        self.label = description
        self.text = widgets.Text(description=description, placeholder=placeholder,
                                 tooltip=tooltip or description, continuous_update=False,
                                 style={"description_width": "0px"} if compact else LABEL_STYLE)
        self.echo = widgets.HTML(value="")
        self.echo.add_class("rumbo-echo")
        self._typing = False
        parts = [self.text] if compact else [self.text, self.echo]
        if hint:  # a short note after the echo (a typical range, a source), wrapping with the row
            parts.append(hint_note(hint))
        super().__init__(children=parts)
        self.add_class("rumbo-number")
        if compact:
            self.add_class("rumbo-compact")
            self.text.layout.width = "100%"
        else:
            fits(self.text)
        self.text.observe(self._read, names="value")
        self.observe(self._write, names="value")
        self.value = value

    @property
    def description(self) -> str:
        return self.label

    def _write(self, change) -> None:
        """``value`` set from code: show it (unless it came from what the learner typed)."""
        if self._typing:
            return
        new = change["new"]
        self.error = ""
        if new is None:
            self.text.value = ""
        elif isinstance(new, str):  # code (or a test) typing on the learner's behalf
            self.text.value = new
            return
        else:
            self.text.value = _shown(new, self.integer)
        self._show()

    def _read(self, change) -> None:
        """The learner typed: parse, keep the number (or the reason it is not one), echo it."""
        try:
            number = optional_number(change["new"], self.label)
            if number is not None and self.integer:
                if not float(number).is_integer():
                    raise InvalidInputError(_("{what}: pon un número entero, sin decimales (has "
                                              "puesto {value}).").format(
                                                  what=self.label, value=_shown(number, False)))
                number = int(number)
            self.error = ""
        except InvalidInputError as exc:
            number, self.error = None, str(exc)
        self._typing = True
        try:
            if self.value == number and number is not None:
                self._show()  # same number, new spelling ("1500" -> "1.500"): no recompute
            else:
                self.value = number
        finally:
            self._typing = False
        self._show()

    def _show(self) -> None:
        if self.error:
            self.echo.value = (f'<span role="alert" class="rumbo-echo-error">✖ '
                               f'{html.escape(self.error)}</span>')
            self.text.add_class("rumbo-invalid")
            if self.compact:
                self.text.tooltip = self.error
            return
        self.text.remove_class("rumbo-invalid")
        shown = "" if self.value is None else _shown(self.value, self.integer)
        if self.compact:
            self.text.tooltip = self.label
        unit = f" {self.unit}" if self.unit and shown else ""
        self.echo.value = (f'<span aria-live="polite">= {html.escape(shown + unit)}</span>'
                           if shown else "")


def number(description: str, value: float | None = 0, *, integer: bool = False, unit: str = "",
           step: float | None = None, tooltip: str = "", placeholder: str = "", hint: str = "",
           compact: bool = False) -> NumberField:
    """A labelled number field (see :class:`NumberField`). Deliberately unbounded: an
    out-of-range value gets a message, not a silent clamp, so the learner sees what was
    wrong. ``step`` is accepted for older callers and ignored: a text field has no arrows."""
    del step
    return NumberField(description, value, integer=integer, unit=unit, tooltip=tooltip,
                       placeholder=placeholder, hint=hint, compact=compact)


class SliderField(widgets.HBox):
    """A labelled slider whose value is shown in the learner's number format next to it.

    ipywidgets' own readout is a text box that reads "2,5" as 2 and shows "2.5": it is
    turned off, and moving the slider (mouse or arrow keys) is the only way to set it.
    """

    value = traitlets.Float()

    def __init__(self, description: str, value: float, low: float, high: float, step: float,
                 *, digits: int = 1, tooltip: str = "", hint: str = ""):
        self.digits = digits
        self.slider = widgets.FloatSlider(value=value, min=low, max=high, step=step,
                                          description=description, readout=False,
                                          style=LABEL_STYLE, tooltip=tooltip or description,
                                          layout=widgets.Layout(width="auto", max_width="100%"))
        fits(self.slider)
        self.echo = widgets.HTML(value="")
        self.echo.add_class("rumbo-echo")
        parts = [self.slider, self.echo]
        if hint:  # what the control means, in plain words, on its own line under it
            parts.append(hint_note(hint))
        super().__init__(children=parts)
        self.add_class("rumbo-slider")
        self.value = self.slider.value
        self.slider.observe(lambda change: setattr(self, "value", change["new"]), names="value")
        self.observe(self._moved, names="value")
        self._show()

    @traitlets.validate("value")
    def _inside(self, proposal) -> float:
        """A value beyond the ends lands on the nearest end, as the slider itself does."""
        return min(max(float(proposal["value"]), self.slider.min), self.slider.max)

    def _moved(self, change) -> None:
        self.slider.value = change["new"]
        self._show()

    @property
    def description(self) -> str:
        return self.slider.description

    def _show(self) -> None:
        self.echo.value = f'<span aria-live="polite">{html.escape(fmt_number(self.value, self.digits))}</span>'


def number_fields(controls: dict) -> list[NumberField]:
    return [c for c in controls.values() if isinstance(c, NumberField)]


def field_errors(controls: dict) -> list[str]:
    """What the learner typed that could not be read as a number, one message per field."""
    return [f.error for f in number_fields(controls) if f.error]
