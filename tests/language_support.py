"""What the English edition may show in Spanish, and how to read a widget's text: shared by the
tests that look for Spanish left in English pages (rumbo.views.language_check does the looking)."""

from __future__ import annotations

from functools import cache

from rumbo.views.language_check import spanish_excerpts
from rumbo.data import businesses
from rumbo.data import generator


#: People named in the sources of datasets/benchmarks.csv.
CITED_AUTHORS = ("Vilma Núñez",)


@cache
def proper_names() -> tuple[str, ...]:
    """Names that stay as they are in every edition: the businesses, their towns and regions,
    the people who run them, the neighbourhoods their customers name, and the authors the facts
    table cites."""
    table = businesses()
    names = set(table["name"]) | set(table["city"]) | set(table["region"]) | set(CITED_AUTHORS)
    for biz in generator.BUSINESSES:
        names |= set(biz.people.values()) | set(biz.vocab["place"])
    return tuple(sorted(names, key=len, reverse=True))


def spanish_in(text: str) -> list[str]:
    """Excerpts of ``text`` with Spanish outside the proper names (empty: all English)."""
    return spanish_excerpts(text, proper_names())


def widget_texts(widget) -> list[str]:
    """Every piece of text ``widget`` and its children show: values of HTML and labels,
    descriptions, placeholders, tooltips, option labels, tab titles and what an Output holds."""
    import ipywidgets as widgets

    found: list[str] = []
    for name in ("description", "placeholder", "tooltip", "title"):
        value = getattr(widget, name, None)
        if isinstance(value, str) and value:
            found.append(value)
    if isinstance(widget, (widgets.HTML, widgets.HTMLMath, widgets.Label)):
        found.append(widget.value)
    if isinstance(widget, (widgets.Textarea, widgets.Text)) and widget.value:
        found.append(widget.value)
    labels = getattr(widget, "_options_labels", None)
    if labels:
        found.extend(str(label) for label in labels)
    titles = getattr(widget, "titles", None)
    if titles:
        found.extend(str(t) for t in titles if t)
    if isinstance(widget, widgets.Output):
        for output in widget.outputs:
            data = output.get("data", {})
            found.append(str(data.get("text/html") or data.get("text/plain") or output.get("text", "")))
    for child in getattr(widget, "children", ()):
        found.extend(widget_texts(child))
    return found


def buttons(widget) -> list:
    import ipywidgets as widgets

    found = [widget] if isinstance(widget, widgets.Button) else []
    for child in getattr(widget, "children", ()):
        found.extend(buttons(child))
    return found
