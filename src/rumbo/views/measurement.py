"""How the «Medir lo que vende» pieces look: links to copy, codes, the tally and what is
measured, as escaped HTML for the widgets (the plan document prints the same section)."""

from __future__ import annotations

import html

import pandas as pd

from rumbo import measurement as M
from rumbo.core.i18n import fmt_money, fmt_number, fmt_percent, translator
from rumbo.core.units import network_label
from rumbo.views.html import download_link, grid_table

_, N_, ngettext = translator("measurement")

#: Where each habit shows up, for the owner who wonders where to look.
GA4_NOTE = N_("En GA4: Informes → Adquisición → Adquisición de tráfico; cambia la dimensión a "
              "«Fuente / medio de la sesión» o «Campaña de la sesión». utm_content aparece como "
              "«Contenido del anuncio manual de la sesión». «social» cuenta como Social orgánico; "
              "«paid_social», como Social de pago.")
CODES_NOTE = N_("Apunta en la caja el código que te dicen: la última letra dice de qué red "
                "viene. En WhatsApp, el mensaje ya dice de qué publicación viene.")


def _note(text: str) -> str:
    return f"<p class='rumbo-note' style='font-size:0.9em'>{html.escape(text)}</p>"


def links_html(links: pd.DataFrame) -> str:
    """One row per post with the link to copy into it, and where GA4 shows the visits."""
    rows = [[network_label(r.network), r.post, _("sí") if r.paid else _("no"), r.link]
            for r in links.itertuples()]
    return (grid_table([_("Red"), _("Publicación"), _("Promocionada"), _("Enlace para copiar")],
                       rows, _("Tus enlaces con UTM")) + _note(_(GA4_NOTE)))


def codes_html(codes: dict, whatsapp: dict | None) -> str:
    """The discount code of each network and, when there is a number, the WhatsApp link."""
    out = grid_table([_("Red"), _("Código de descuento")],
                     [[network_label(n), code] for n, code in codes.items()],
                     _("Un código por red"))
    if whatsapp:
        link = html.escape(whatsapp["link"], quote=True)
        title, said = _("Enlace de WhatsApp"), _("Mensaje que verá tu cliente")
        out += (f"<p><strong>{html.escape(title)}:</strong> "
                f"<a href='{link}' target='_blank' rel='noopener noreferrer'>{link}</a><br>"
                f"{html.escape(said)}: «{html.escape(whatsapp['message'])}»</p>")
    return out + _note(_(CODES_NOTE))


def tally_html(tally: pd.DataFrame, currency: str = "EUR") -> str:
    """Customers (and money) by channel from the sheet, and an empty sheet to print."""
    summary = M.tally_summary(tally)
    rows = [[_(M.CHANNEL_LABELS.get(channel, channel)), fmt_number(r["customers"]),
             fmt_percent(r["share"], 0),
             "—" if pd.isna(r["amount"]) else fmt_money(r["amount"], currency)]
            for channel, r in summary.iterrows()]
    days = tally["date"].dt.date
    caption = _("Clientes por canal, del {first} al {last}").format(
        first=days.min().strftime("%d/%m/%Y"), last=days.max().strftime("%d/%m/%Y"))
    social = summary.loc[summary.index.isin(M.SOCIAL_CHANNELS), "customers"].sum()
    share = _("Las redes sociales trajeron {n} de {total} clientes ({share}).").format(
        n=fmt_number(social), total=fmt_number(summary["customers"].sum()),
        share=fmt_percent(social / summary["customers"].sum(), 0))
    blank = download_link(M.blank_tally_csv(), _("como_nos_conociste.csv"), "text/csv",
                          _("Hoja en blanco para imprimir o rellenar en Excel"))
    return (grid_table([_("Canal"), _("Clientes"), _("Parte"), _("Importe")], rows, caption)
            + f"<p>{html.escape(share)}</p><p>{blank}</p>")


def provenance_rows(sources) -> list[list[str]]:
    """Each funnel figure: measured or estimated, and with what."""
    return [[f.label, _("medido") if f.measured else _("estimado"), f.how]
            for f in M.funnel_provenance(sources)]


def provenance_html(sources) -> str:
    return grid_table([_("Cifra"), _("¿Medido o estimado?"), _("Con qué")], provenance_rows(sources),
                      _("Lo que mides y lo que estimas"))


def cac_provenance_html(sources) -> str:
    """One line under a CAC: whether the owner's own CAC is measured by her ``sources``
    (module 6) or only estimated, and what would measure it."""
    cac = next(f for f in M.funnel_provenance(sources) if f.key == "cac")
    if cac.measured:
        return _note(_("Tu coste por cliente nuevo será medido: {how}").format(how=cac.how))
    return _note(_("En tu negocio, este coste por cliente nuevo sería una estimación: {how} Para "
                   "medirlo, apunta de dónde viene cada cliente (la hoja «¿cómo nos conociste?» o "
                   "un código por red, en el módulo 6).").format(how=cac.how))
