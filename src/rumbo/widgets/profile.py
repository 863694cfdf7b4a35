"""Module 0: the business-profile form. Validates as you type; saves to the plan on click."""

from __future__ import annotations

import html

import ipywidgets as widgets

from rumbo.data import plan as plan_file
from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import fmt_money, fmt_number, translator
from rumbo.core.units import CHANNELS, CURRENCIES, WEEKS_PER_MONTH, has_followers, network_label
from rumbo.data.profile import SECTORS, profile_warnings, validate_profile
from rumbo.views.html import html_table, messages_html
from rumbo.widgets.common import (LABEL_STYLE, button, connect, dropdown, example_note, guarded, number,
                                  Panel, text)
from rumbo.widgets.fields import FOLLOWERS, HOURS_A_WEEK, currency_symbol

_, N_, ngettext = translator("profile")


class ProfilePanel(Panel):
    saved: dict | None = None       # the last profile written, for tests and later cells


def build_profile_form(initial: dict, plan_path=None, *, example: bool = False) -> Panel:
    """The profile form, prefilled with ``initial`` (a profile dict). Returns the widget.
    ``example``: ``initial`` is the example business's, and the form says so and invites her
    to put her own business in its place (until she saves it)."""
    followers = initial.get("followers", {})
    controls: dict[str, widgets.Widget] = {
        "name": text(_("Nombre del negocio"), initial.get("name", ""), _("p. ej., Panadería Goikoa")),
        "sector": widgets.Combobox(value=initial.get("sector", ""), options=[_(s) for s in SECTORS],
                                   description=_("Sector"), placeholder=_("p. ej., alimentación"),
                                   ensure_option=False, style=LABEL_STYLE),
        "city": text(_("Ciudad"), initial.get("city", "")),
        "country": text(_("País"), initial.get("country", "")),
    }
    for network in CHANNELS:
        controls[f"uses_{network}"] = widgets.Checkbox(
            value=network in initial.get("networks", []),
            description=_("Uso {network}").format(network=network_label(network)), indent=False)
        if has_followers(network):
            controls[f"followers_{network}"] = number(
                _("Seguidores en {network}").format(network=network_label(network)),
                followers.get(network, 0), integer=True, unit=FOLLOWERS)
    controls["hours_per_week"] = number(_("Horas por semana para redes"),
                                        initial.get("hours_per_week", 2), unit=HOURS_A_WEEK)
    controls["hourly_cost"] = number(_("Coste de una hora de trabajo"),
                                     initial.get("hourly_cost", 15),
                                     unit=currency_symbol(initial.get("currency", "EUR")))
    controls["currency"] = dropdown(_("Moneda"), list(CURRENCIES), initial.get("currency", "EUR"))
    controls["save"] = button(_("Guardar en mi plan"))
    panel = ProfilePanel(_("Tu negocio"), controls)
    panel.add_class("rumbo-main")
    # Right after the last channel's box: why those two ask for no followers.
    no_followers = widgets.HTML("<p>" + html.escape(_(
        "{google} y {whatsapp} no tienen seguidores, así que no te los pregunto: allí lo que "
        "cuenta son las llamadas, las visitas, las reseñas y los mensajes de clientes.").format(
            google=network_label("google_business"), whatsapp=network_label("whatsapp"))) + "</p>")
    after = panel.children.index(controls[f"uses_{CHANNELS[-1]}"]) + 1
    panel.children = (*panel.children[:after], no_followers, *panel.children[after:])
    if example:
        example_note(panel, _(
            "Lo que ves es un negocio de ejemplo, «{name}», para que sepas cómo se rellena. "
            "Cámbialo por el tuyo: su nombre, tus redes y tus números, y pulsa «Guardar en mi plan»."
        ).format(name=initial.get("name", "")))

    def read() -> dict:
        networks = [n for n in CHANNELS if controls[f"uses_{n}"].value]
        return {
            "name": controls["name"].value,
            "sector": controls["sector"].value,
            "city": controls["city"].value,
            "country": controls["country"].value,
            "networks": networks,
            "followers": {n: controls[f"followers_{n}"].value for n in networks if has_followers(n)},
            "hours_per_week": controls["hours_per_week"].value,
            "hourly_cost": controls["hourly_cost"].value,
            "currency": controls["currency"].value,
        }

    def summary(profile: dict) -> str:
        week = profile["hours_per_week"]
        cost = week * profile["hourly_cost"] * WEEKS_PER_MONTH
        rows = [
            (_("Redes"), ", ".join(network_label(n) for n in profile["networks"])),
            (_("Seguidores en total"), fmt_number(sum(profile["followers"].values()))),
            (_("Horas al mes"), fmt_number(week * WEEKS_PER_MONTH, 1)),
            (_("Valor de ese tiempo al mes"), fmt_money(cost, profile["currency"])),
        ]
        return html_table(rows, _("Resumen de tu perfil"))

    @guarded(panel)
    def refresh(_change=None) -> None:
        try:
            profile = validate_profile(read())
        except InvalidInputError as exc:
            panel.result.value = ""
            panel.message.value = messages_html("error", [str(exc)])
            return
        notes = profile_warnings(profile)
        panel.message.value = (messages_html("warning", notes) if notes else
                               messages_html("ok", [_("Perfil completo. Pulsa «Guardar en mi plan».")]))
        panel.result.value = summary(profile)

    @guarded(panel)
    def save(_button=None) -> None:
        try:
            profile = validate_profile(read())
        except InvalidInputError as exc:
            panel.message.value = messages_html("error", [str(exc), _("No he guardado nada todavía.")])
            return
        panel.saved = profile
        plan_file.update_section("profile", profile, plan_path)  # a corrupt old file -> message
        panel.children = [c for c in panel.children if "rumbo-example-note" not in c._dom_classes]
        panel.show("ok", _("Guardado en {path}.").format(path=plan_file.display_path(plan_path)))

    return connect(panel, refresh, save)
