"""Module 6, «Medir lo que vende»: UTM links per post, a code per network, WhatsApp links
that name the post, the «¿cómo nos conociste?» sheet, and the plan's ``measurement`` section.

Each ``build_*`` returns a :class:`~rumbo.widgets.common.Panel`; the callbacks read the
controls and call :mod:`rumbo.measurement` (pure) and :mod:`rumbo.views.measurement`.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from rumbo import measurement as M
from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import translator
from rumbo.core.units import EXAMPLE_NETWORK, network_label
from rumbo.data import plan as plan_file
from rumbo.views import measurement as V
from rumbo.views.html import message_html
from rumbo.widgets.common import (LABEL_STYLE, Panel, button, connect, dropdown, explained, guarded,
                                  number, saves_with, text, uploaded_file)

_, N_, ngettext = translator("measurement")

EXAMPLE_WEBSITE = "https://www.tu-negocio.es/"


def _networks(profile: dict) -> list[str]:
    return [n for n in profile.get("networks") or [] if n in M.UTM_SOURCES] or [EXAMPLE_NETWORK]


def _network_options(profile: dict) -> list[tuple[str, str]]:
    return [(network_label(n), n) for n in _networks(profile)]


# --- UTM links ------------------------------------------------------------------------------


class UtmPanel(Panel):
    posts: list                      # (network, post, paid) added so far
    links: pd.DataFrame | None = None


def build_utm_builder(profile: dict, website: str = EXAMPLE_WEBSITE,
                      campaign: str = "") -> UtmPanel:
    """The web page and campaign, then one post at a time («Añadir»): the table shows the link
    to copy into each post, tagged with its network, medium, campaign and post."""
    controls: dict[str, widgets.Widget] = {
        "website": text(_("Tu web (la página a la que llevas)"), website),
        "campaign": text(_("Campaña"), campaign or _("primavera")),
        "network": dropdown(_("Red"), _network_options(profile), _networks(profile)[0]),
        "post": text(_("Nombre de la publicación"), "", _("por ejemplo: roscón de reyes")),
        "paid": widgets.Checkbox(value=False, description=_("La promociono (pago)"), indent=False,
                                 style=LABEL_STYLE),
        "add": button(_("Añadir")),
        "undo": widgets.Button(description=_("Quitar la última"), tooltip=_("Quitar la última")),
    }
    panel = explained(UtmPanel(_("Tus enlaces con UTM"), controls, posts=[]), _(
        "UTM: unas etiquetas al final del enlace que dicen a las estadísticas de tu web de qué red y "
        "de qué publicación llega cada visita."))

    @guarded(panel)
    def refresh(_change=None) -> None:
        if not panel.posts:
            panel.links = None
            panel.result.value = ""
            panel.show("info", _("Escribe el nombre de una publicación y pulsa «Añadir»: verás "
                                 "el enlace que tienes que poner en ella."))
            return
        panel.links = M.utm_links(controls["website"].value, controls["campaign"].value,
                                  panel.posts)
        panel.result.value = V.links_html(panel.links)
        panel.show("ok", ngettext("{n} enlace listo para copiar.", "{n} enlaces listos para "
                                  "copiar.", len(panel.posts)).format(n=len(panel.posts)))

    @guarded(panel)
    def add(_button=None) -> None:
        post = (controls["network"].value, controls["post"].value.strip(), controls["paid"].value)
        M.utm_links(controls["website"].value, controls["campaign"].value, [*panel.posts, post])
        panel.posts = [*panel.posts, post]
        controls["post"].value = ""
        refresh()

    @guarded(panel)
    def undo(_button=None) -> None:
        panel.posts = panel.posts[:-1]
        refresh()

    for name in ("website", "campaign"):
        controls[name].observe(refresh, names="value")
    controls["add"].on_click(add)
    controls["undo"].on_click(undo)
    refresh()
    return panel


# --- discount codes and WhatsApp -----------------------------------------------------------


class CodesPanel(Panel):
    codes: dict | None = None
    whatsapp: dict | None = None


def _prefix(profile: dict) -> str:
    words = [w for w in str(profile.get("name") or "").split() if len(w) > 3]
    return words[-1] if words else _("tienda")


def build_codes_whatsapp(profile: dict) -> CodesPanel:
    """One discount code per network of the profile, and a wa.me link whose message names
    the post it was put in."""
    controls: dict[str, widgets.Widget] = {
        "prefix": text(_("Comienzo del código"), _prefix(profile)),
        "percent": number(_("Descuento (%)"), 10, integer=True, unit="%"),
        "phone": text(_("Tu móvil de WhatsApp, con prefijo"), "", "+34 612 345 678"),
        "post": text(_("Publicación donde pondrás el enlace"), _("Roscón de Reyes")),
        "network": dropdown(_("Red de esa publicación"), _network_options(profile),
                            _networks(profile)[0]),
    }
    panel = CodesPanel(_("Códigos y WhatsApp"), controls)

    @guarded(panel)
    def refresh(_change=None) -> None:
        panel.codes = panel.whatsapp = None
        codes = M.discount_codes(controls["prefix"].value, _networks(profile),
                                 controls["percent"].value)
        panel.codes = codes
        notes = []
        if controls["phone"].value.strip():
            message = M.whatsapp_message(controls["post"].value, controls["network"].value)
            link = M.whatsapp_link(controls["phone"].value, message)
            panel.whatsapp = {"number": M.whatsapp_number(controls["phone"].value),
                              "message": message, "link": link}
        else:
            notes.append(_("Escribe tu móvil con el prefijo del país para crear el enlace de "
                           "WhatsApp."))
        panel.result.value = V.codes_html(codes, panel.whatsapp)
        panel.message.value = (message_html("info", notes[0]) if notes else
                               message_html("ok", _("Códigos y enlace listos.")))

    return connect(panel, refresh)


# --- «¿Cómo nos conociste?» ----------------------------------------------------------------


class TallyPanel(Panel):
    tally: pd.DataFrame | None = None
    from_file: str = ""


def build_tally(currency: str = "EUR") -> TallyPanel:
    """The owner's sheet (Excel CSV with «;») or the example week: customers by channel, and
    an empty sheet to print."""
    controls: dict[str, widgets.Widget] = {
        "upload": widgets.FileUpload(accept=".csv,.txt", multiple=False,
                                     description=_("Sube tu hoja (CSV)"),
                                     tooltip=_("Sube tu hoja «¿cómo nos conociste?» (CSV)")),
        "example": widgets.Button(description=_("Usar la hoja de ejemplo"),
                                  tooltip=_("Usar la hoja de ejemplo")),
    }
    panel = TallyPanel(_("¿Cómo nos conociste?"), controls)

    def show(tally: pd.DataFrame, name: str) -> None:
        panel.tally, panel.from_file = tally, name
        panel.result.value = V.tally_html(tally, currency)
        panel.show("ok", ngettext("He leído {n} fila de {name}.", "He leído {n} filas de {name}.",
                                  len(tally)).format(n=len(tally), name=name))

    @guarded(panel)
    def upload(change) -> None:
        received = uploaded_file(change, controls["upload"])
        if received is not None:
            name, content = received
            show(M.read_tally(content), name or _("tu hoja"))

    @guarded(panel)
    def example(_button=None) -> None:
        show(M.example_tally(), _("la hoja de ejemplo"))

    controls["upload"].observe(upload, names="value")
    controls["example"].on_click(example)
    example()
    return panel


# --- measured or estimated, and the plan -----------------------------------------------------


class MeasurementPlanPanel(Panel):
    saved: dict | None = None


def build_measurement_plan(utm: UtmPanel, codes: CodesPanel, tally: TallyPanel,
                           plan_path=None) -> MeasurementPlanPanel:
    """Which of the four habits the owner will keep; the table says which funnel figures they
    measure. «Guardar en mi plan» saves the links, codes, WhatsApp link and sources."""
    controls: dict[str, widgets.Widget] = {
        source: widgets.Checkbox(value=False, description=_(M.SOURCE_LABELS[source]),
                                 indent=False, style=LABEL_STYLE)
        for source in M.SOURCES}
    controls["save"] = button(_("Guardar en mi plan"))
    panel = MeasurementPlanPanel(_("¿Medido o estimado?"), controls)

    def chosen() -> list[str]:
        return [s for s in M.SOURCES if controls[s].value]

    @guarded(panel)
    def refresh(_change=None) -> None:
        panel.result.value = V.provenance_html(chosen())
        if chosen():
            panel.show("ok", _("Listo. Pulsa «Guardar en mi plan»."))
        else:
            panel.show("info", _("Marca lo que vas a hacer: sin ninguna de estas costumbres, "
                                 "las compras y el coste por cliente de cada red son una "
                                 "estimación."))

    @guarded(panel)
    def save(_button=None) -> None:
        sources = chosen()
        if not sources:
            raise InvalidInputError(_("Marca al menos una forma de medir antes de guardar. No "
                                      "he guardado nada todavía."))
        section = M.plan_section(utm.controls["website"].value, utm.controls["campaign"].value,
                                 utm.links, codes.codes or {}, codes.whatsapp,
                                 "tally" in sources, sources)
        panel.saved = section
        plan_file.update_section("measurement", section, plan_path)
        panel.show("ok", _("Guardado en {path}.").format(path=plan_file.display_path(plan_path)))

    for source in M.SOURCES:
        controls[source].observe(refresh, names="value")
    saves_with(panel, save)
    refresh()
    return panel
