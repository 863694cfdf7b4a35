"""The business profile (module 0): who the plan is for and what they can spend.

``validate_profile`` turns what a learner typed into a clean dict or raises
:class:`InvalidInputError` listing *every* problem at once, in the learner's
language, so they can fix all of them in one go.
"""

from __future__ import annotations


from rumbo.data.datasets import business_info
from rumbo.core.errors import InvalidInputError
from rumbo.core.numbers import optional_number
from rumbo.core.units import CHANNELS, CURRENCIES, HOURS_PER_WEEK, has_followers, network_label
from rumbo.core.i18n import translator
from rumbo.data.datasets import load_dataset

_, N_, ngettext = translator("profile")

#: Sanity bound: above this a typo is far likelier than a real value.
MAX_FOLLOWERS = 1_000_000_000
SECTORS = (N_("alimentación"), N_("comercio"), N_("comercio en línea"), N_("hostelería"),
           N_("servicios"), N_("artesanía"), N_("otro"))


def _finite_number(value) -> float | None:
    """What the learner typed as a number, or ``None`` when it is empty or not a number (the
    profile lists every problem at once, so each field says its own)."""
    try:
        return optional_number(value, "")
    except InvalidInputError:
        return None


def validate_profile(raw: dict) -> dict:
    """Check a typed profile; return it cleaned, or raise with every problem found."""
    problems: list[str] = []
    name = str(raw.get("name") or "").strip()
    if not name:
        problems.append(_("Escribe el nombre de tu negocio."))
    elif len(name) > 120:
        problems.append(_("El nombre es demasiado largo (máximo 120 caracteres)."))

    networks = [n for n in raw.get("networks") or [] if n]
    unknown = [str(n) for n in networks if n not in CHANNELS]
    if unknown:
        problems.append(_("No conozco estas redes: {names}.").format(names=", ".join(unknown)))
    if not networks:
        problems.append(_("Marca al menos una red social, aunque todavía no tengas perfil."))

    followers: dict[str, int] = {}
    for network, value in (raw.get("followers") or {}).items():
        if network not in networks or not has_followers(network):
            continue  # Google's and WhatsApp's business tools have no followers to count
        count = _finite_number(value)
        label = network_label(network)
        if count is None or count < 0:
            problems.append(_("Los seguidores en {network} no pueden ser negativos.").format(
                network=label))
        elif count > MAX_FOLLOWERS:
            problems.append(_("¿{count} seguidores en {network}? Parece un error de tecleo.").format(
                count=f"{count:,.0f}", network=label))
        else:
            followers[network] = int(round(count))

    hours = _finite_number(raw.get("hours_per_week"))
    if hours is None or hours < 0:
        problems.append(_("Las horas por semana tienen que ser un número de 0 en adelante."))
    elif hours > HOURS_PER_WEEK:
        problems.append(_("Una semana tiene 168 horas: {hours} horas semanales no es posible.").format(
            hours=f"{hours:g}"))

    cost = _finite_number(raw.get("hourly_cost"))
    if cost is None or cost < 0:
        problems.append(_("El coste por hora no puede ser negativo (pon 0 si no quieres contarlo, "
                          "aunque tu tiempo también vale dinero)."))

    currency = str(raw.get("currency") or "").upper()
    if currency not in CURRENCIES:
        problems.append(_("Elige la moneda de la lista (por ejemplo, EUR)."))

    if problems:
        raise InvalidInputError(" ".join(problems))
    return {
        "name": name,
        "sector": str(raw.get("sector") or "").strip(),
        "city": str(raw.get("city") or "").strip(),
        "country": str(raw.get("country") or "").strip(),
        "networks": networks,
        "followers": followers,
        "hours_per_week": hours,
        "hourly_cost": cost,
        "currency": currency,
    }


def profile_warnings(profile: dict) -> list[str]:
    """Valid but worth a second look: said kindly, saved anyway."""
    notes = []
    if profile["hourly_cost"] == 0:
        notes.append(_("Has puesto 0 como coste por hora. Tu tiempo no es gratis: en el módulo 3 "
                       "veremos cuánto cuesta de verdad."))
    if profile["hours_per_week"] == 0:
        notes.append(_("Con 0 horas a la semana no hay redes que mantener: el módulo 5 te ayudará "
                       "a encontrar un hueco realista."))
    elif profile["hours_per_week"] > 40:
        notes.append(_("Más de 40 horas a la semana es un trabajo a tiempo completo. ¿Seguro?"))
    return notes


class ExampleProfile(dict):
    """A bundled business's profile: a plain dict (saved as one), that says it is an example.

    Widgets tell the learner so, label its figures as the example's and never take them
    for hers (:func:`is_example`). ``business`` is the bundled business's key.
    """

    def __init__(self, values: dict, business: str):
        super().__init__(values)
        self.business = business


def is_example(profile) -> bool:
    """True for a bundled business's profile (:func:`example_profile`), False for hers."""
    return isinstance(profile, ExampleProfile)


def example_profile(business: str) -> ExampleProfile:
    """The profile of a bundled business, used to prefill the form and in examples."""
    info = business_info(business)

    followers = load_dataset(business, "followers")
    first = followers.sort_values("date").groupby("network")["followers"].first()
    return ExampleProfile(validate_profile({
        "name": info["name"],
        "sector": info["sector"],
        "city": info["city"],
        "country": info["country"],
        "networks": list(info["networks"]),
        "followers": {n: int(first.get(n, 0)) for n in info["networks"]},
        "hours_per_week": float(info["hours_per_week"]),
        "hourly_cost": float(info["hourly_cost"]),
        "currency": info["currency"],
    }), business)
