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
from typing import Callable

import ipywidgets as widgets

from rumbo.core.errors import InvalidInputError, RumboError
from rumbo.core.i18n import translator
from rumbo.views.html import message_html, messages_html
# LABEL_STYLE and number are re-exported: every widget module builds its fields from here.
from rumbo.widgets.fields import (LABEL_STYLE, NumberField, SliderField,  # noqa: F401
                                  field_errors, fits, hint_note, number, style_tag)

_, N_, ngettext = translator("common")

log = logging.getLogger(__name__)


@functools.cache
def _declared(cls: type) -> frozenset[str]:
    return frozenset(name for klass in cls.__mro__ for name in vars(klass).get("__annotations__", {}))


class Panel(widgets.VBox):
    """A VBox with named controls, a message area and a result area.

    What a panel keeps between callbacks (the last valid result, what it saved...) is
    declared on its class as annotated attributes with a default, so a reader finds
    a panel's whole state in one place; setting any other attribute raises. Initial
    values can be given by keyword when the panel is made. (Names that start with an
    underscore are ipywidgets' own machinery.) ``keeps_result``: the result stays on
    screen while a number field cannot be read (data that does not depend on that
    number); by default it is cleared.
    """

    controls: dict[str, widgets.Widget]
    message: widgets.HTML
    result: widgets.HTML
    keeps_result: bool = False
    _saver: Callable[[], object] | None

    def __init__(self, title: str, controls: dict[str, widgets.Widget], *,
                 extra: list[widgets.Widget] | None = None, **state):
        self.controls = controls
        self.message = widgets.HTML(value="")
        self.result = widgets.HTML(value="")
        self._saver = None
        heading = widgets.HTML(value=f"{style_tag()}<h3>{html.escape(title)}</h3>")
        super().__init__(children=[heading, *controls.values(), self.message, self.result,
                                   *(extra or [])])
        self.add_class("rumbo-panel")
        for control in _descendants(controls.values()):
            _fit(control)
        for name, value in state.items():
            setattr(self, name, value)

    def __setattr__(self, name: str, value) -> None:
        if not (name.startswith("_") or name in _declared(type(self)) or hasattr(type(self), name)):
            raise AttributeError(f"{type(self).__name__} declares no attribute {name!r}: "
                                 "declare it on the class")
        super().__setattr__(name, value)

    def show(self, kind: str, text: str) -> None:
        self.message.value = message_html(kind, text)

    def save(self):
        """Do what the panel's save button does. Another panel that saves this one's work
        calls this; it never clicks the button."""
        if self._saver is None:
            raise TypeError(f"{type(self).__name__} saves nothing")
        return self._saver()


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


def _under_title(panel: Panel, note: widgets.Widget) -> Panel:
    panel.children = (panel.children[0], note, *panel.children[1:])
    return panel


def example_note(panel: Panel, text: str) -> Panel:
    """Say under the panel's title that its figures are an example business's, not hers."""
    note = widgets.HTML(value=message_html("info", text))
    note.add_class("rumbo-example-note")
    return _under_title(panel, note)


def explained(panel: Panel, text: str) -> Panel:
    """Say under the panel's title, in one plain sentence, what the technical word in it means."""
    return _under_title(panel, hint_note(text))


def guarded(panel: Panel):
    """Decorator for callbacks: a learner's error becomes a message in ``panel``, not a traceback.

    A number field that could not be read (its ``value`` is ``None``) says so in the
    panel's message, in place of whatever the callback made of the missing number; a
    button does nothing then, so nothing is saved from a guess.
    """

    def wrap(callback):
        @functools.wraps(callback)
        def run(*args, **kwargs):
            unreadable = field_errors(panel.controls)
            if unreadable and args and isinstance(args[0], widgets.Button):
                panel.message.value = messages_html("error", unreadable) + message_html(
                    "info", _("No he guardado nada todavía."))
                return None
            try:
                return callback(*args, **kwargs)
            except RumboError as exc:
                panel.show("error", str(exc))
            except Exception:  # unexpected: keep the notebook usable, log for the trainer
                log.exception("widget callback failed")
                panel.show("error", _("Algo no ha ido bien con estos valores. Revisa los "
                                      "números y vuelve a intentarlo."))
            finally:
                if unreadable:
                    panel.message.value = messages_html("error", unreadable)
                    if not panel.keeps_result:  # no answer next to a number it could not read
                        panel.result.value = ""
            return None

        return run

    return wrap


def slider(description: str, value: float, low: float, high: float, step: float,
           tooltip: str = "", hint: str = "") -> SliderField:
    """A labelled slider for a value that only makes sense inside ``[low, high]`` (so a
    clamp is no surprise); its value shows with one decimal, in the learner's format, and
    ``hint`` says in plain words what it means."""
    return SliderField(description, value, low, high, step, tooltip=tooltip, hint=hint)


def text(description: str, value: str = "", placeholder: str = "") -> widgets.Text:
    return widgets.Text(value=value, description=description, placeholder=placeholder,
                        style=LABEL_STYLE)


def dropdown(description: str, options, value=None) -> widgets.Dropdown:
    return widgets.Dropdown(options=options, value=value, description=description,
                            style=LABEL_STYLE)


def button(description: str) -> widgets.Button:
    # No Font Awesome icons by default: app mode serves no icon font offline.
    return widgets.Button(description=description, tooltip=description, button_style="primary")


def uploaded_file(change, upload: widgets.FileUpload) -> tuple[str, bytes] | None:
    """The (name, bytes) of the file just uploaded, ``None`` when the upload was cleared."""
    files = change["new"] if isinstance(change, dict) else upload.value
    if not files:
        return None
    item = files[0]
    if not (isinstance(item, dict) and "content" in item):
        raise InvalidInputError(_("No he recibido el archivo. Vuelve a subirlo."))
    return str(item.get("name") or ""), bytes(item["content"])


def page(header_html: str, notice: str = "", panels: list | None = None) -> widgets.VBox:
    """A whole page of the app: a header (HTML made by the caller; none when empty), a warning
    if there is one, and the panels."""
    parts = [widgets.HTML(value=header_html)] if header_html else []
    if notice:
        parts.append(widgets.HTML(value=message_html("warning", notice)))
    box = widgets.VBox(children=[*parts, *(panels or [])])
    box.add_class("rumbo-app-page")
    return box


def connect(panel: Panel, refresh, save=None) -> Panel:
    """Refresh on every control change, save on the "save" button, and draw once now."""
    for name, control in panel.controls.items():
        if name != "save" and not isinstance(control, widgets.Button):
            control.observe(refresh, names="value")
    if save is not None:
        saves_with(panel, save)
    refresh()
    return panel


def saves_with(panel: Panel, save: Callable[[], object], button: str = "save") -> None:
    """``save`` is what ``panel.save()`` and its ``button`` do. A number field that cannot be
    read stops it: nothing is saved from a guess, and the panel says which field."""

    def checked():
        unreadable = field_errors(panel.controls)
        if unreadable:
            panel.message.value = messages_html("error", unreadable) + message_html(
                "info", _("No he guardado nada todavía."))
            return None
        return save()

    panel._saver = checked
    panel.controls[button].on_click(lambda _button: checked())
