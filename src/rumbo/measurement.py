"""Measuring what sells: which network brought which customer.

ROI and CAC by network need to know where each sale came from. A small shop can
find out with four cheap habits, all built here:

- **UTM links** per network and post: ``utm_source`` (the network),
  ``utm_medium`` (``social``, or ``paid_social`` for a boosted post),
  ``utm_campaign`` and ``utm_content`` (the post). Google Analytics 4 reads them
  as the session's source, medium, campaign and manual ad content, and counts
  ``social`` as *Organic Social* and a medium starting with ``paid`` from a
  social source as *Paid Social*.
- **One discount code per network**, which the till or the shop records.
- **Click-to-WhatsApp links** (``https://wa.me/<number>?text=<message>``) whose
  pre-filled message names the post, so the chat says where the customer saw it.
- **«¿Cómo nos conociste?»**: a sheet kept at the till or on the booking form,
  read by :func:`read_tally` (Spanish Excel CSV: ``;``, decimal commas,
  dd/mm/yyyy, Latin-1 or UTF-8 with BOM; the same detection as the post importer).
  An ``.xlsx`` book gets a message asking to save it as CSV: no Excel engine
  (openpyxl) is installed with Rumbo.

:func:`funnel_provenance` then says, for the funnel and CAC, which figures are
measured from the sources the owner has and which are still estimates.
Everything here is pure: no widgets, no HTML.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import pandas as pd

from rumbo.core.errors import DataError, InvalidInputError
from rumbo.core.i18n import translator

_, N_, ngettext = translator("measurement")

#: utm_source written for each network (what GA4 shows as the session source).
UTM_SOURCES = {"facebook": "facebook", "instagram": "instagram", "tiktok": "tiktok",
               "x": "x", "linkedin": "linkedin", "youtube": "youtube", "whatsapp": "whatsapp"}
#: utm_medium: GA4's default channel groups read «social» as Organic Social and a medium
#: that starts with «paid» from a social source as Paid Social.
ORGANIC_MEDIUM, PAID_MEDIUM = "social", "paid_social"
#: Letters that end each network's discount code (readable when said aloud at the till).
CODE_SUFFIX = {"facebook": "FB", "instagram": "IG", "tiktok": "TT", "x": "X", "linkedin": "LI",
               "youtube": "YT", "whatsapp": "WA"}
#: Answers to «¿cómo nos conociste?» as people write them, by channel code.
CHANNEL_WORDS = {
    "instagram": ("instagram", "insta", "ig"),
    "facebook": ("facebook", "face", "fb"),
    "tiktok": ("tiktok", "tik tok"),
    "whatsapp": ("whatsapp", "wasap", "whats"),
    "google": ("google", "maps", "buscador", "internet"),
    "word_of_mouth": ("recomendacion", "recomendado", "amigo", "amiga", "familia", "boca a boca",
                      "conocido", "vecino", "vecina"),
    "walk_in": ("pasaba", "escaparate", "calle", "paso por", "de paso"),
}
CHANNEL_LABELS = {
    "instagram": N_("Instagram"), "facebook": N_("Facebook"), "tiktok": N_("TikTok"),
    "whatsapp": N_("WhatsApp"), "google": N_("Google o internet"),
    "word_of_mouth": N_("Recomendación"), "walk_in": N_("Pasaba por delante"),
    "other": N_("Otro"),
}
SOCIAL_CHANNELS = ("instagram", "facebook", "tiktok", "whatsapp")

#: Header aliases of the tally sheet (compared without accents, in lower case).
TALLY_COLUMNS = {
    "date": ("fecha", "dia", "date"),
    "channel": ("como nos conociste", "¿como nos conociste?", "como nos conocio", "canal", "origen",
                "respuesta", "red", "channel", "how did you hear about us"),
    "customers": ("clientes", "cantidad", "numero", "n", "personas", "customers"),
    "amount": ("importe", "ventas", "total", "euros", "amount"),
}
MAX_WHATSAPP_TEXT = 1000


def _plain(text: str) -> str:
    """Lower case, no accents, single spaces: how headers and answers are compared."""
    text = unicodedata.normalize("NFKD", str(text).replace("\ufeff", ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text.strip().lower())


def slug(text: str, what: str) -> str:
    """``"Roscón de Reyes 2026"`` -> ``"roscon-de-reyes-2026"``: safe in a link and in GA4."""
    value = re.sub(r"[^a-z0-9]+", "-", _plain(text)).strip("-")
    if not value:
        raise InvalidInputError(_("Escribe {what}: con letras o números, no puede quedar "
                                  "vacío.").format(what=what))
    return value


def _network(network: str) -> str:
    key = _plain(network)
    if key not in UTM_SOURCES:
        raise InvalidInputError(_("«{network}» no es una red que conozca. Elige una de: "
                                  "{choices}.").format(network=network,
                                                       choices=", ".join(UTM_SOURCES)))
    return key


def _page(url: str) -> tuple:
    parts = urlsplit(str(url).strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in parts.netloc:
        raise InvalidInputError(_("«{url}» no parece la dirección de tu web. Cópiala entera "
                                  "desde el navegador, empezando por https://").format(url=url))
    return parts


def utm_link(url: str, network: str, campaign: str, content: str, paid: bool = False) -> str:
    """The page ``url`` tagged for one post: the link the owner copies into that post.

    Parameters the page already has are kept; the four ``utm_*`` ones are replaced.
    """
    parts = _page(url)
    tags = {"utm_source": UTM_SOURCES[_network(network)],
            "utm_medium": PAID_MEDIUM if paid else ORGANIC_MEDIUM,
            "utm_campaign": slug(campaign, _("el nombre de la campaña")),
            "utm_content": slug(content, _("qué publicación es"))}
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in tags]
    return urlunsplit(parts._replace(query=urlencode(kept + list(tags.items()))))


def utm_links(url: str, campaign: str, posts) -> pd.DataFrame:
    """One tagged link per post; ``posts`` holds ``(network, post name, paid)`` tuples."""
    rows = [(_network(n), str(p), bool(paid), utm_link(url, n, campaign, p, paid))
            for n, p, paid in posts]
    if not rows:
        raise InvalidInputError(_("Añade al menos una publicación para crear sus enlaces."))
    frame = pd.DataFrame(rows, columns=["network", "post", "paid", "link"])
    if frame["link"].duplicated().any():
        raise InvalidInputError(_("Dos publicaciones tienen el mismo nombre en la misma red: "
                                  "ponles nombres distintos para poder separarlas en GA4."))
    return frame


def discount_codes(prefix: str, networks, percent: int = 10) -> dict[str, str]:
    """One code per network, e.g. ``{"instagram": "GOIKOA10IG"}``: the till knows the network."""
    base = slug(prefix, _("el comienzo del código")).replace("-", "").upper()[:12]
    if not 1 <= int(percent) <= 90:
        raise InvalidInputError(_("El descuento tiene que estar entre el 1 % y el 90 %."))
    codes = {}
    for network in networks:
        key = _network(network)
        codes[key] = f"{base}{int(percent)}{CODE_SUFFIX[key]}"
    if not codes:
        raise InvalidInputError(_("Elige al menos una red para crear sus códigos."))
    return codes


def whatsapp_number(number: str) -> str:
    """A phone number as wa.me wants it: country code and digits only (``34612345678``)."""
    digits = re.sub(r"[\s\-().]", "", str(number))
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("00"):
        digits = digits[2:]
    if not digits.isdigit() or not 8 <= len(digits) <= 15:
        raise InvalidInputError(_("«{number}» no parece un móvil con prefijo de país. Escríbelo "
                                  "así: +34 612 345 678 (España) o +57 300 123 4567 "
                                  "(Colombia).").format(number=number))
    return digits


def whatsapp_message(post: str, network: str) -> str:
    """The pre-filled message: it names the post, so each chat says where it came from."""
    return _("Hola, vi tu publicación «{post}» en {network} y quiero más información.").format(
        post=str(post).strip(), network=_(CHANNEL_LABELS.get(_network(network), network)))


def whatsapp_link(number: str, message: str) -> str:
    """``https://wa.me/<number>?text=<message>``, the message percent-encoded."""
    text = str(message).strip()
    if not text:
        raise InvalidInputError(_("Escribe el mensaje que verá tu cliente al abrir el chat."))
    if len(text) > MAX_WHATSAPP_TEXT:
        raise InvalidInputError(_("El mensaje es demasiado largo: déjalo en menos de {n} "
                                  "caracteres.").format(n=MAX_WHATSAPP_TEXT))
    return f"https://wa.me/{whatsapp_number(number)}?text={quote(text, safe='')}"


# --- «¿Cómo nos conociste?» --------------------------------------------------------------


def channel_of(answer) -> str:
    """The channel code of a free-text answer («Por Insta», «me lo dijo una amiga»...)."""
    text = f" {_plain(answer)} "
    for channel, words in CHANNEL_WORDS.items():
        if any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", text) for w in words):
            return channel
    return "other"


def _find(columns, aliases) -> str | None:
    keys = {_plain(c).strip("¿?:"): c for c in columns}
    for alias in aliases:
        if _plain(alias).strip("¿?:") in keys:
            return keys[_plain(alias).strip("¿?:")]
    return None


def _spanish_number(series: pd.Series) -> pd.Series:
    text = series.astype("string").str.replace(r"[\s\u00a0€]", "", regex=True)
    comma = text.str.contains(",", regex=False).fillna(False).any()
    if comma:  # Spanish Excel: 1.234,5
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    return pd.to_numeric(text, errors="coerce")


def read_tally(source) -> pd.DataFrame:
    """The owner's «¿cómo nos conociste?» sheet as ``date, answer, channel, customers, amount``.

    One row per answer (``customers`` defaults to 1) or per day and channel with a
    count. Dates are day first (dd/mm/yyyy); ``amount`` is optional.
    """
    from rumbo.data.importers import read_text_table  # same encoding and separator detection

    # An .xlsx book gets the importer's message (no Excel engine is installed): save as CSV.
    table, _encoding, _sep = read_text_table(source)
    if table.empty:
        raise DataError(_("La hoja no tiene ninguna fila. Apunta al menos una respuesta."))
    found = {name: _find(table.columns, aliases) for name, aliases in TALLY_COLUMNS.items()}
    missing = [label for name, label in (("date", _("Fecha")),
                                         ("channel", _("¿Cómo nos conociste?")))
               if found[name] is None]
    if missing:
        raise DataError(_("A la hoja le faltan estas columnas: {missing}. Columnas que he "
                          "encontrado: {found}.").format(missing=", ".join(missing),
                                                        found=", ".join(map(str, table.columns))))
    answers = table[found["channel"]].fillna("").astype(str).str.strip()
    dates = pd.to_datetime(table[found["date"]].str.strip(), format="%d/%m/%Y", errors="coerce")
    iso = pd.to_datetime(table[found["date"]].str.strip(), format="%Y-%m-%d", errors="coerce")
    dates = dates.fillna(iso)
    bad = table[found["date"]].notna() & dates.isna()
    if bad.any():
        raise DataError(_("No entiendo estas fechas: {dates}. Escríbelas como día/mes/año, "
                          "por ejemplo 05/03/2026.").format(
                              dates=", ".join(table.loc[bad, found["date"]].head(3))))
    customers = (_spanish_number(table[found["customers"]]) if found["customers"]
                 else pd.Series(1.0, index=table.index))
    if (customers < 0).any():
        raise DataError(_("Hay cantidades negativas en la hoja: revisa la columna de clientes."))
    amount = (_spanish_number(table[found["amount"]]) if found["amount"]
              else pd.Series(float("nan"), index=table.index))
    out = pd.DataFrame({"date": dates, "answer": answers, "channel": answers.map(channel_of),
                        "customers": customers.fillna(1.0), "amount": amount})
    return out[(answers != "") & dates.notna()].reset_index(drop=True)


def tally_summary(tally: pd.DataFrame) -> pd.DataFrame:
    """Customers (and money, if the sheet has it) by channel, with each channel's share."""
    by = tally.groupby("channel").agg(customers=("customers", "sum"),
                                      amount=("amount", lambda s: s.sum(min_count=1)))
    by["share"] = by["customers"] / by["customers"].sum()
    return by.sort_values("customers", ascending=False)


# --- What is measured, what is estimated -------------------------------------------------

#: The sources an owner can have: GA4 with UTM links, discount codes, the tally, WhatsApp links.
SOURCES = ("ga4_utm", "discount_codes", "tally", "whatsapp_links")
SOURCE_LABELS = {
    "ga4_utm": N_("enlaces con UTM en GA4 (Adquisición de tráfico)"),
    "discount_codes": N_("códigos de descuento por red (la caja)"),
    "tally": N_("hoja «¿cómo nos conociste?»"),
    "whatsapp_links": N_("enlaces de WhatsApp que nombran la publicación"),
    "network": N_("estadísticas de la red social"),
    "ads": N_("factura de anuncios"),
    "time_log": N_("tu registro de horas"),
}


@dataclass(frozen=True)
class Figure:
    """One figure of the funnel or CAC: measured (and from what) or estimated (and how)."""

    key: str
    label: str
    measured: bool
    sources: tuple
    how: str


FIGURES = (
    ("reach", N_("Alcance e impresiones por red"), ("network",), ()),
    ("clicks", N_("Clics por red"), ("network",), ()),
    ("visits", N_("Visitas o contactos que llegan desde cada red"), (),
     ("ga4_utm", "whatsapp_links")),
    ("purchases", N_("Compras que llegan desde cada red"), (),
     ("discount_codes", "ga4_utm", "whatsapp_links", "tally")),
    ("new_customers", N_("Clientes nuevos por red"), (), ("tally", "discount_codes")),
    ("cost", N_("Coste: anuncios + herramientas + horas × coste por hora"),
     ("ads", "time_log"), ()),
    ("cac", N_("Coste por cliente nuevo (CAC) por red"), (), ("tally", "discount_codes")),
)
ESTIMATES = {
    "visits": N_("Estimado: sin UTM ni enlaces de WhatsApp, las visitas de cada red son una "
                 "suposición (clics × una parte que llega)."),
    "purchases": N_("Estimado: sin códigos, UTM, WhatsApp ni hoja, las compras por red se "
                    "suponen (visitas × una tasa de conversión)."),
    "new_customers": N_("Estimado: sin hoja ni códigos, los clientes nuevos por red se reparten "
                        "en proporción a las compras."),
    "cac": N_("Estimado: divide un coste medido entre clientes nuevos estimados."),
}


def funnel_provenance(sources) -> list[Figure]:
    """For each figure of the funnel and CAC, whether ``sources`` measure it.

    ``sources`` is any subset of :data:`SOURCES`. Reach, clicks and cost are
    always measured (the networks, the ad invoices and the time log give them).
    """
    have = set(sources)
    unknown = have - set(SOURCES)
    if unknown:
        raise InvalidInputError(_("No conozco estas fuentes: {unknown}. Usa: {choices}.").format(
            unknown=", ".join(sorted(unknown)), choices=", ".join(SOURCES)))
    out = []
    for key, label, always, optional in FIGURES:
        used = tuple(always) + tuple(s for s in optional if s in have)
        measured = bool(used)
        how = (_("Medido con: {sources}.").format(
            sources=", ".join(_(SOURCE_LABELS[s]) for s in used)) if measured
            else _(ESTIMATES[key]))
        out.append(Figure(key, _(label), measured, used, how))
    return out


# --- The sheet at the till, and what goes into the plan ----------------------------------

#: Header of the «¿cómo nos conociste?» sheet, in the order the owner fills it.
TALLY_HEADER = (N_("Fecha"), N_("¿Cómo nos conociste?"), N_("Clientes"), N_("Importe"))
#: A filled-in week of the sheet for the examples: how a shop's answers look when written
#: down as they come (free text, counts, amounts with decimal commas).
EXAMPLE_TALLY = """Fecha;¿Cómo nos conociste?;Clientes;Importe
02/03/2026;Instagram;4;31,60
02/03/2026;Pasaba por delante;6;42,90
03/03/2026;Me lo dijo una vecina;3;20,10
03/03/2026;Por el Face;2;17,40
04/03/2026;Instagram, vi el roscón;5;63,00
04/03/2026;Google Maps;2;12,80
05/03/2026;Pasaba por delante;5;33,50
06/03/2026;WhatsApp;1;28,00
07/03/2026;Recomendación de un amigo;4;29,20
07/03/2026;Instagram;3;22,70
"""


def example_tally() -> pd.DataFrame:
    """The example week of the sheet, read exactly as an owner's own file would be."""
    return read_tally(EXAMPLE_TALLY.encode("utf-8"))


def blank_tally_csv(rows: int = 31) -> bytes:
    """An empty sheet to print or fill in Excel: Spanish Excel CSV («;», UTF-8 with BOM)."""
    header = ";".join(_(column) for column in TALLY_HEADER)
    return ("\ufeff" + header + "\r\n" + ";;;\r\n" * rows).encode("utf-8")


def measured_figures(sources) -> list[str]:
    """Keys of the funnel figures that ``sources`` measure (see :func:`funnel_provenance`)."""
    return [figure.key for figure in funnel_provenance(sources) if figure.measured]


def plan_section(website: str, campaign: str, links: pd.DataFrame | None, codes: dict,
                 whatsapp: dict | None, tally: bool, sources) -> dict:
    """The plan's ``measurement`` section: the links to copy, the codes, the WhatsApp link,
    whether the owner keeps the sheet, the sources and which figures they measure."""
    rows = [] if links is None else [
        {"network": str(r.network), "post": str(r.post), "paid": bool(r.paid), "link": str(r.link)}
        for r in links.itertuples()]
    chosen = [s for s in SOURCES if s in set(sources)]
    return {"website": str(website).strip(), "campaign": str(campaign).strip(), "links": rows,
            "codes": {str(k): str(v) for k, v in (codes or {}).items()},
            "whatsapp": dict(whatsapp or {}), "tally": bool(tally), "sources": chosen,
            "measured": measured_figures(chosen)}
