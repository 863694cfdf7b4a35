"""Pieces every widget shares: named panels, messages, and guarded callbacks.

A widget of the course is a :class:`Panel`: an ``ipywidgets.VBox`` whose
controls are reachable by name (``panel.controls["hours"]``) and which has one
``panel.message`` area. Tests set ``.value`` on controls, call ``.click()`` on
buttons and read ``panel.message.value`` / ``panel.result.value``: no browser.

Callbacks are wrapped by :func:`guarded`, so an error a learner can cause
becomes a short message in their language and never a traceback.
"""

from __future__ import annotations

import functools
import html
import logging

import ipywidgets as widgets

from rumbo.core.errors import RumboError
from rumbo.core.i18n import _
# LABEL_STYLE and number are re-exported: every widget module builds its fields from here.
from rumbo.widgets.fields import (LABEL_STYLE, NumberField, SliderField,  # noqa: F401
                                  field_errors, fits, number, style_tag)

log = logging.getLogger(__name__)

#: Colour-blind-safe palette (Okabe-Ito) shared by widgets and charts.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")

_STYLES = {
    "ok": ("#1b7837", "✔", "status"),
    "info": ("#2c5d8f", "ℹ", "status"),
    "warning": ("#8a5a00", "⚠", "status"),
    "error": ("#b2182b", "✖", "alert"),
}

def message_html(kind: str, text: str) -> str:
    """A one-line message as HTML; errors use role=alert so screen readers announce them."""
    colour, icon, role = _STYLES[kind]
    return (f'<div role="{role}" class="rumbo-msg rumbo-msg-{kind}" '
            f'style="color:{colour};padding:4px 0">{icon} {html.escape(text)}</div>')


def messages_html(kind: str, texts: list[str]) -> str:
    return "".join(message_html(kind, t) for t in texts)


class Panel(widgets.VBox):
    """A VBox with named controls, a message area and a result area."""

    def __init__(self, title: str, controls: dict[str, widgets.Widget], *,
                 extra: list[widgets.Widget] | None = None, **kwargs):
        self.controls = controls
        self.message = widgets.HTML(value="")
        self.result = widgets.HTML(value="")
        heading = widgets.HTML(value=f"{style_tag()}<h3>{html.escape(title)}</h3>")
        super().__init__(children=[heading, *controls.values(), self.message, self.result,
                                   *(extra or [])], **kwargs)
        self.add_class("rumbo-panel")
        for control in _descendants(controls.values()):
            _fit(control)

    def show(self, kind: str, text: str) -> None:
        self.message.value = message_html(kind, text)


def _descendants(items):
    for item in items:
        yield item
        if isinstance(item, widgets.Box) and not isinstance(item, (NumberField, SliderField)):
            yield from _descendants(item.children)


def _fit(control: widgets.Widget) -> None:
    """Buttons as wide as their words; labelled controls wrap (see ``fields.LAYOUT_CSS``)."""
    if isinstance(control, widgets.Button):
        control.add_class("rumbo-button")
        control.layout.width, control.layout.max_width = "auto", "100%"
    elif isinstance(control, widgets.HBox) and not isinstance(control, (NumberField, SliderField)):
        control.add_class("rumbo-row")  # wraps, unless it chose its own flow (a table's row)
        control.layout.flex_flow = control.layout.flex_flow or "row wrap"
        control.layout.max_width = "100%"
    elif isinstance(control, widgets.DOMWidget) and getattr(control, "description", "") \
            and not isinstance(control, (NumberField, widgets.Box)) \
            and "rumbo-control" not in control._dom_classes:
        if not isinstance(control, widgets.Checkbox):
            fits(control)
        else:
            control.add_class("rumbo-control")


def guarded(panel: Panel):
    """Decorator for callbacks: a learner's error becomes a message in ``panel``, not a traceback.

    A number field that could not be read stops the callback: its message is shown and
    nothing is computed or saved from a guess.
    """

    def wrap(callback):
        @functools.wraps(callback)
        def run(*args, **kwargs):
            unreadable = field_errors(panel.controls)
            if unreadable:
                panel.result.value = ""
                clicked = bool(args) and isinstance(args[0], widgets.Button)
                panel.message.value = "".join(message_html("error", text) for text in unreadable) + (
                    message_html("info", _("No he guardado nada todavía.")) if clicked else "")
                return None
            try:
                return callback(*args, **kwargs)
            except RumboError as exc:
                panel.show("error", str(exc))
            except Exception:  # unexpected: keep the notebook usable, log for the trainer
                log.exception("widget callback failed")
                panel.show("error", _("Algo no ha ido bien con estos valores. Revisa los "
                                      "números y vuelve a intentarlo."))
            return None

        return run

    return wrap


def slider(description: str, value: float, low: float, high: float, step: float,
           tooltip: str = "") -> SliderField:
    """A labelled slider for a value that only makes sense inside ``[low, high]`` (so a
    clamp is no surprise); its value shows with one decimal, in the learner's format."""
    return SliderField(description, value, low, high, step, tooltip=tooltip)


def text(description: str, value: str = "", placeholder: str = "") -> widgets.Text:
    return widgets.Text(value=value, description=description, placeholder=placeholder,
                        style=LABEL_STYLE)


def dropdown(description: str, options, value=None) -> widgets.Dropdown:
    return widgets.Dropdown(options=options, value=value, description=description,
                            style=LABEL_STYLE)


def button(description: str, icon: str = "") -> widgets.Button:
    # No Font Awesome icons by default: app mode serves no icon font offline.
    return widgets.Button(description=description, tooltip=description, button_style="primary")


def html_table(rows: list[tuple[str, str]], caption: str = "") -> str:
    """Label/value rows as an accessible HTML table (values already formatted)."""
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    body = "".join(f"<tr><th scope='row' style='text-align:left;padding-right:1em'>"
                   f"{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return f"<div class='rumbo-scroll'><table class='rumbo-table'>{cap}{body}</table></div>"


def grid_table(header: list[str], rows: list[list[str]], caption: str = "", *,
               row_headers: bool = False) -> str:
    """Rows under column headers as an accessible HTML table (cells already formatted).

    With ``row_headers`` the first cell of each row is a row header (``<th scope=row>``).
    """
    cap = (f"<caption style='text-align:left;font-weight:bold'>{html.escape(caption)}</caption>"
           if caption else "")
    head = "".join(f"<th scope='col' style='text-align:left;padding:2px 8px'>{html.escape(h)}</th>"
                   for h in header)

    def cells(row: list[str]) -> str:
        first = (f"<th scope='row' style='text-align:left;padding:2px 8px'>{html.escape(row[0])}</th>"
                 if row_headers else "")
        rest = row[1:] if row_headers else row
        return first + "".join(f"<td style='padding:2px 8px;vertical-align:top'>{html.escape(c)}</td>"
                               for c in rest)

    body = "".join(f"<tr>{cells(row)}</tr>" for row in rows)
    return (f"<div class='rumbo-scroll'><table class='rumbo-table'>{cap}<thead><tr>{head}</tr>"
            f"</thead><tbody>{body}</tbody></table></div>")


def connect(panel: Panel, refresh, save=None) -> Panel:
    """Refresh on every control change, save on the "save" button, and draw once now."""
    for name, control in panel.controls.items():
        if name != "save" and not isinstance(control, widgets.Button):
            control.observe(refresh, names="value")
    if save is not None:
        panel.controls["save"].on_click(save)
    refresh()
    return panel
