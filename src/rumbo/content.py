"""What to publish: content pillars, formats and what they cost, a month's editorial calendar.

What lives here (pure functions; views in :mod:`rumbo.views.content`, the widget in
:mod:`rumbo.widgets.content`):

- **pillars**: three or four themes and the share of posts each gets, from the
  business's sector and the goal of its first objective (module 1):
  :func:`suggest_pillars`, :func:`validate_pillars`;
- **formats**: minutes each format costs, measured on module 3's time log
  (:func:`format_minutes`), and what each returned in the posts data with the
  denominator named (:func:`format_returns`), side by side in :func:`formats_table`;
- **the calendar**: a month of posts (date, network, pillar, format, idea,
  minutes) on the publishing days of module 5's routine (:func:`plan_month`),
  checked against the minutes the week has for content (:func:`weekly_capacity`,
  :func:`fit_month`, :func:`require_fit`); one video turned into a story and a
  Google post (:func:`batching_savings`); the business's own dates
  (:func:`seasonal_hooks`);
- **fresh or stale**: days since the last post per network (:func:`stale_profile`);
- exports: iCalendar (:func:`calendar_to_ics`), CSV (:func:`calendar_csv`) and the
  plan's ``content`` section (:func:`content_section`).

Minutes of formats the sample data do not hold (stories, Google posts, WhatsApp
statuses), of turning a video into another piece, and of alt text and subtitles are
the course's assumptions, kept in the facts table and cited as such.
"""

from __future__ import annotations

import calendar as month_days
import csv
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone as dt_timezone

import pandas as pd

from rumbo import metrics, objectives, timecost, upkeep
from rumbo.core.errors import DataError, InvalidInputError
from rumbo.core.i18n import fmt_number, translator
from rumbo.core.numbers import parse_number
from rumbo.core.units import CHANNELS, network_label
from rumbo.data import load_dataset, read_posts, require_columns, schema
from rumbo.data.facts import fact

_, N_, ngettext = translator("content")

# --- Pillars --------------------------------------------------------------------------------

PILLARS = ("product", "behind", "community", "offers", "advice", "customers")
PILLAR_LABELS = {
    "product": N_("Producto"), "behind": N_("Detrás del mostrador"),
    "community": N_("Barrio y comunidad"), "offers": N_("Novedades y ofertas"),
    "advice": N_("Consejos de uso"), "customers": N_("Clientes y opiniones"),
}
PILLAR_HELP = {
    "product": N_("lo que vendes, bien mostrado"),
    "behind": N_("cómo se hace y quién lo hace"),
    "community": N_("lo que pasa alrededor: fiestas, vecinos, otros comercios"),
    "offers": N_("lo nuevo, lo de temporada, lo que dura poco"),
    "advice": N_("enseñar a elegir, usar o cuidar lo que vendes"),
    "customers": N_("lo que cuentan quienes compran, con su permiso"),
}

#: A first mix per kind of business (shares in %, each mix sums to 100).
SECTOR_PILLARS = {
    "bakery": {"product": 35, "behind": 25, "community": 25, "offers": 15},
    "cosmetics": {"advice": 35, "product": 25, "customers": 25, "behind": 15},
    "hardware": {"advice": 40, "product": 25, "community": 20, "offers": 15},
    "other": {"product": 30, "advice": 25, "behind": 25, "offers": 20},
}
SECTOR_KEYWORDS = (("bakery", ("panader", "pasteler", "obrador", "cafeter", "bollería",
                               "baker", "patisser", "cake", "coffee shop", "café")),
                   ("cosmetics", ("cosmét", "cosmet", "belleza", "perfum", "beauty", "skincare",
                                  "skin care")),
                   ("hardware", ("ferreter", "bricolaje", "herramient", "hardware", "diy",
                                 "tools")))
#: The pillar each business goal of module 1 needs most, and why.
GOAL_PILLAR = {
    "sell_more": ("offers", N_("para vender hace falta decir qué hay y hasta cuándo")),
    "fewer_returns": ("advice", N_("quien sabe elegir y usar el producto devuelve menos")),
    "fill_event": ("community", N_("un evento se llena con la gente de alrededor")),
    "loyalty": ("customers", N_("un cliente fiel quiere verse y sentirse escuchado")),
    "awareness": ("behind", N_("lo que te distingue se ve mejor desde dentro")),
}
#: Points of share the objective's pillar gains (taken from the largest other pillar).
GOAL_TILT = 10
MIN_PILLARS, MAX_PILLARS = 3, 4


def pillar_label(key: str) -> str:
    return _(PILLAR_LABELS[key]) if key in PILLAR_LABELS else str(key)


def pillar_help(key: str) -> str:
    return _(PILLAR_HELP[key]) if key in PILLAR_HELP else ""


def sector_kind(sector) -> str:
    """``"panadería y pastelería"`` -> ``"bakery"``; a sector the course has no mix for -> ``"other"``."""
    text = str(sector or "").lower()
    for kind, words in SECTOR_KEYWORDS:
        if any(word in text for word in words):
            return kind
    return "other"


def main_goal(objective_records) -> str | None:
    """The business goal (module 1's :data:`rumbo.objectives.GOALS` key) of the first objective
    that has a known one, else ``None``."""
    for record in objective_records or []:
        goal = record.get("goal") if isinstance(record, dict) else None
        if goal in objectives.GOALS:
            return goal
    return None


def suggest_pillars(profile: dict, objective_records=None) -> list[dict]:
    """Three or four pillars with their shares (whole %, summing to 100).

    The sector's mix (:data:`SECTOR_PILLARS`) first; then the goal of the first
    objective moves :data:`GOAL_TILT` points to the pillar that goal needs
    (:data:`GOAL_PILLAR`), taken from the largest other pillar. When that pillar is
    not in a full mix it replaces the smallest one. Each record says why.
    """
    kind = sector_kind((profile or {}).get("sector"))
    shares = dict(SECTOR_PILLARS[kind])
    goal = main_goal(objective_records)
    reasons = {p: _("reparto de partida para tu sector") for p in shares}
    if goal is not None:
        pillar, why = GOAL_PILLAR[goal]
        if pillar not in shares:
            if len(shares) >= MAX_PILLARS:
                smallest = min(shares, key=lambda p: (shares[p], -PILLARS.index(p)))
                shares[pillar] = shares.pop(smallest)
                reasons.pop(smallest)
            else:
                shares[pillar] = 0
        donor = max((p for p in shares if p != pillar), key=lambda p: (shares[p], -PILLARS.index(p)))
        shares[donor] -= GOAL_TILT
        shares[pillar] += GOAL_TILT
        reasons[pillar] = _("tu objetivo es «{goal}»: {why}").format(
            goal=_(objectives.GOALS[goal][0]), why=_(why))
    return [{"pillar": p, "label": pillar_label(p), "share": int(shares[p]), "why": reasons[p]}
            for p in PILLARS if p in shares]


def validate_pillars(shares) -> dict[str, int]:
    """Typed shares ``{pillar: "35"}`` -> ``{pillar: 35}``: 3 or 4 pillars with more than 0 %,
    whole numbers summing to 100. Every problem is reported at once."""
    if not isinstance(shares, dict):
        raise InvalidInputError(_("Los pilares tienen que ser una lista de temas con su porcentaje."))
    problems, clean = [], {}
    unknown = [str(p) for p in shares if p not in PILLARS]
    if unknown:
        problems.append(_("No conozco estos pilares: {names}.").format(names=", ".join(unknown)))
    for pillar in PILLARS:
        if pillar not in shares or shares[pillar] in (None, ""):
            continue
        label = _(PILLAR_LABELS[pillar])
        try:
            value = parse_number(shares[pillar], label)
        except InvalidInputError as exc:
            problems.append(str(exc))
            continue
        if value < 0 or value > 100 or value != int(value):
            problems.append(_("{pillar}: el porcentaje tiene que ser un número entero de 0 a "
                              "100.").format(pillar=label))
        elif value > 0:
            clean[pillar] = int(value)
    if not problems:
        if not MIN_PILLARS <= len(clean) <= MAX_PILLARS:
            problems.append(_("Elige de {low} a {high} pilares con más de 0 %: tienes {n}.").format(
                low=MIN_PILLARS, high=MAX_PILLARS, n=len(clean)))
        total = sum(clean.values())
        if total != 100:
            problems.append(_("Los porcentajes suman {total} %: tienen que sumar 100.").format(
                total=fmt_number(total)))
    if problems:
        raise InvalidInputError(" ".join(problems))
    return clean


# --- Formats: what each costs and what it returned -------------------------------------------

FORMATS = ("short_video", "carousel", "photo", "story", "gbp_post", "whatsapp_status")
FORMAT_LABELS = {
    "short_video": N_("Vídeo corto"), "carousel": N_("Carrusel"), "photo": N_("Foto"),
    "story": N_("Historia"), "gbp_post": N_("Publicación en Google"),
    "whatsapp_status": N_("Estado o catálogo de WhatsApp"),
}
#: Where each format can go.
FORMAT_CHANNELS = {
    "short_video": ("instagram", "tiktok", "facebook", "youtube"),
    "carousel": ("instagram", "facebook", "linkedin"),
    "photo": ("instagram", "facebook", "x", "linkedin"),
    "story": ("instagram", "facebook", "whatsapp"),
    "gbp_post": ("google_business",),
    "whatsapp_status": ("whatsapp",),
}
#: The sample data's (network, post_type) as a format; links and text-only posts are none.
DATA_FORMATS = {
    ("instagram", "reel"): "short_video", ("tiktok", "video"): "short_video",
    ("facebook", "video"): "short_video", ("instagram", "carousel"): "carousel",
    ("instagram", "photo"): "photo", ("facebook", "photo"): "photo",
}
#: Facts-table keys of the course's assumed minutes for formats the time log cannot measure.
ASSUMED_MINUTES = {"story": "minutes_story", "gbp_post": "minutes_gbp_post",
                   "whatsapp_status": "minutes_whatsapp_status"}
#: Tasks of module 3's log that make a post (creating, filming, writing, publishing).
POST_TASKS = (*timecost.CONTENT_TASKS, "publishing")
#: The formats each channel rotates through in the calendar, per mix: «varied» alternates
#: video, carousel and photo; «light» keeps to the cheapest format each channel has.
CHANNEL_FORMATS = {
    "instagram": ("short_video", "carousel", "photo"), "facebook": ("photo", "short_video"),
    "tiktok": ("short_video",), "youtube": ("short_video",), "linkedin": ("carousel", "photo"),
    "x": ("photo",), "google_business": ("gbp_post",), "whatsapp": ("whatsapp_status",),
}
LIGHT_FORMATS = {**CHANNEL_FORMATS, "instagram": ("photo",), "facebook": ("photo",),
                 "linkedin": ("photo",)}
MIXES = {"varied": CHANNEL_FORMATS, "light": LIGHT_FORMATS}
MIX_LABELS = {"varied": N_("Variados: vídeo, carrusel y foto"), "light": N_("Ligeros: sobre todo fotos")}


def format_label(key: str) -> str:
    return _(FORMAT_LABELS[key]) if key in FORMAT_LABELS else str(key)


def assumed_minutes(key: str) -> float:
    """Minutes the course assumes for ``key`` (a facts-table row of kind «assumption»)."""
    return float(fact(key).value)


def post_formats(posts: pd.DataFrame) -> pd.Series:
    """The format of each post (:data:`DATA_FORMATS`), missing for links and text-only posts."""
    pairs = zip(posts["network"].astype(str), posts["post_type"].astype(str))
    return pd.Series([DATA_FORMATS.get(pair) for pair in pairs], index=posts.index, dtype="object")


def format_minutes(posts: pd.DataFrame, time_log: pd.DataFrame) -> pd.DataFrame:
    """Minutes a post of each format takes, measured on the time log, or assumed.

    How: the log says how long each day's post-making took (content creation,
    photo and video, writing and publishing) but not for which post, so only
    days with exactly one post are used: that day's minutes belong to that post.
    Per format, the **median** over those days (robust to a day that also held
    other work). Formats the data do not hold come from the facts table, marked
    ``measured = False``. Columns: ``minutes``, ``days`` (days measured),
    ``measured``; one row per :data:`FORMATS`.
    """
    require_columns(posts, ("published_at", "network", "post_type"), _("la tabla de publicaciones"))
    require_columns(time_log, ("date", "task", "minutes"), _("el registro de tiempo"))
    days = pd.to_datetime(posts["published_at"], errors="coerce").dt.normalize()
    per_day = days.value_counts()
    single = posts.assign(day=days, format=post_formats(posts))
    single = single[single["day"].map(per_day).eq(1) & single["format"].notna()]
    log = time_log[time_log["task"].isin(POST_TASKS)]
    logged = log.groupby(pd.to_datetime(log["date"]).dt.normalize())["minutes"].sum()
    single = single.assign(minutes=single["day"].map(logged)).dropna(subset=["minutes"])
    measured = single.groupby("format")["minutes"].agg(["median", "size"])
    rows = {}
    for key in FORMATS:
        if key in measured.index:
            rows[key] = (float(measured.loc[key, "median"]), int(measured.loc[key, "size"]), True)
        elif key in ASSUMED_MINUTES:
            rows[key] = (assumed_minutes(ASSUMED_MINUTES[key]), 0, False)
        elif not single.empty:  # a format this business never posted: the median of any post
            rows[key] = (float(single["minutes"].median()), 0, False)
        else:
            raise DataError(_("El registro de tiempo no tiene ningún día con una sola publicación: "
                              "no puedo medir cuánto cuesta cada formato."))
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["minutes", "days", "measured"])
    table.index.name = "format"
    return table


def format_returns(posts: pd.DataFrame) -> pd.DataFrame:
    """What each format returned in ``posts``, denominators named.

    Per format: ``posts``, ``engagements`` (likes + comments + shares + saves),
    ``reach`` (sums), ``rate_by_reach`` = engagements / reach (sum first, then
    divide: module 2's ratio of sums), ``engagements_per_post`` and
    ``clicks_per_post``. Formats without posts are left out.
    """
    require_columns(posts, ("network", "post_type", "reach", "clicks"), _("la tabla de publicaciones"))
    frame = pd.DataFrame({
        "format": post_formats(posts),
        "engagements": metrics.engagements(posts),
        "reach": pd.to_numeric(posts["reach"], errors="coerce"),
        "clicks": pd.to_numeric(posts["clicks"], errors="coerce"),
    }).dropna(subset=["format", "engagements", "reach"])
    frame = frame[frame["reach"] > 0]
    if frame.empty:
        raise DataError(_("Ninguna publicación trae alcance e interacciones: no puedo comparar "
                          "formatos."))
    grouped = frame.groupby("format").agg(posts=("reach", "size"), engagements=("engagements", "sum"),
                                          reach=("reach", "sum"), clicks=("clicks", "sum"))
    grouped["rate_by_reach"] = grouped["engagements"] / grouped["reach"]
    grouped["engagements_per_post"] = grouped["engagements"] / grouped["posts"]
    grouped["clicks_per_post"] = grouped["clicks"] / grouped["posts"]
    return grouped.reindex([f for f in FORMATS if f in grouped.index])


def formats_table(business: str) -> pd.DataFrame:
    """:func:`format_minutes` and :func:`format_returns` of a bundled business, side by side,
    plus ``engagements_per_hour`` (engagements per post / hours per post)."""
    posts = load_dataset(business, "posts")
    table = format_minutes(posts, load_dataset(business, "time_log")).join(format_returns(posts))
    table["engagements_per_hour"] = table["engagements_per_post"] / (table["minutes"] / 60)
    return table


# --- Seasonal and offline hooks ----------------------------------------------------------------

def _nth_weekday(n: int, weekday: int, plus: int = 0):
    """A date that moves every year: the ``n``-th ``weekday`` (0 Monday) of the month, plus
    ``plus`` days. Returns ``(year, month) -> day of the month``."""
    def day(year: int, month: int) -> int:
        return 1 + (weekday - date(year, month, 1).weekday()) % 7 + 7 * (n - 1) + plus
    return day


#: Dates of the business's own year worth a post a few days before: (month, day, text), the
#: day a number or, for a date that moves, a function of (year, month). The learner adds
#: their own (a fair, a new oven, a local festival). Spain for the bakery and the cosmetics
#: shop, Colombia for the hardware shop (the sample businesses' countries).
SECTOR_HOOKS = {
    "bakery": ((1, 6, N_("Roscón de Reyes: encargos y cómo se hace")),
               (2, 14, N_("San Valentín: la pieza del día para regalar")),
               (3, 19, N_("Día del Padre: lo que más se lleva")),
               (11, 1, N_("Todos los Santos: huesos de santo y buñuelos")),
               (12, 24, N_("Nochebuena: horarios y encargos de Navidad"))),
    "cosmetics": ((2, 14, N_("San Valentín: ideas de regalo sin plástico")),
                  (6, 21, N_("Empieza el verano: cuidar la piel al sol")),
                  (9, 15, N_("Vuelta a la rutina: la piel después del verano")),
                  # Black Friday: the day after the fourth Thursday of November.
                  (11, _nth_weekday(4, 3, plus=1), N_("Black Friday: qué descuento sí y por qué")),
                  (12, 15, N_("Regalos de Navidad: lotes y envíos a tiempo"))),
    "hardware": ((1, 15, N_("Arreglos de inicio de año: lo que más se rompe")),
                 (4, 1, N_("Temporada de lluvias: goteras y canaletas")),
                 # Colombia's Día del Amor y la Amistad: the third Saturday of September.
                 (9, _nth_weekday(3, 5), N_("Amor y amistad: regalos prácticos")),
                 (12, 7, N_("Día de las velitas: luces y extensiones seguras"))),
    "other": ((2, 14, N_("San Valentín: una idea de regalo de la casa")),
              (9, 1, N_("Vuelta al cole o al trabajo: lo que más se pide")),
              (12, 15, N_("Navidad: horarios y encargos"))),
}
#: How many days before its date a hook is posted (at most).
HOOK_LEAD_DAYS = 7


def seasonal_hooks(sector, year: int, month: int, own=None) -> list[dict]:
    """The hooks of ``year``/``month``: the sector's dates plus ``own`` (``[(date, text)]``
    typed by the learner, dates as ``date`` or ``30/06/2026``), sorted by date."""
    hooks = [{"date": date(year, m, d if isinstance(d, int) else d(year, m)), "text": _(text),
              "own": False}
             for m, d, text in SECTOR_HOOKS[sector_kind(sector)] if m == month]
    for when, text in own or []:
        day = objectives.parse_date(when, _("La fecha de tu evento"))
        if not str(text or "").strip():
            raise InvalidInputError(_("Tu evento del {date} no tiene descripción.").format(
                date=day.strftime("%d/%m/%Y")))
        if (day.year, day.month) == (year, month):
            hooks.append({"date": day, "text": str(text).strip(), "own": True})
    return sorted(hooks, key=lambda h: h["date"])


# --- The month's calendar ----------------------------------------------------------------------

#: A few ideas per pillar; the calendar cycles through them (starting points to rewrite).
IDEAS = {
    "product": (N_("El producto estrella, de cerca y con su precio"),
                N_("Lo que acaba de llegar o de salir del horno"),
                N_("Tres maneras de usar o combinar un producto")),
    "behind": (N_("Cómo se prepara, paso a paso"),
               N_("Quién está detrás: presenta a alguien del equipo"),
               N_("Un error que cometimos y qué aprendimos")),
    "community": (N_("Lo que pasa en el barrio esta semana"),
                  N_("Un comercio vecino que recomiendas"),
                  N_("Una foto de la calle o del mercado, con permiso")),
    "offers": (N_("La novedad de la semana y hasta cuándo dura"),
               N_("Un lote o una oferta con fecha de fin"),
               N_("Lo de temporada: qué hay este mes")),
    "advice": (N_("Cómo elegir bien: una duda frecuente"),
               N_("Cómo usarlo o cuidarlo: un consejo en un minuto"),
               N_("Lo que nos preguntan en el mostrador, contestado")),
    "customers": (N_("Una opinión de cliente, con su permiso"),
                  N_("Respondemos en público una pregunta de un cliente"),
                  N_("Lo que más se llevó la gente este mes")),
}
#: Publishing days when the plan has no routine (module 5): Monday, Wednesday, Friday.
DEFAULT_PUBLISH_DAYS = ("mon", "wed", "fri")
#: Pieces one short video becomes when batching, and where each goes if the channel is used.
REPURPOSE = (("story", ("instagram", "facebook", "whatsapp")), ("gbp_post", ("google_business",)))
#: Accessibility work per format (facts-table keys): alt text for images, subtitles for video.
ACCESSIBILITY = {"photo": "minutes_alt_text", "carousel": "minutes_alt_text",
                 "gbp_post": "minutes_alt_text", "short_video": "minutes_subtitles"}


def validate_channels(channels) -> list[str]:
    chosen = [c for c in (channels or []) if c]
    unknown = [str(c) for c in chosen if c not in CHANNELS]
    if unknown:
        raise InvalidInputError(_("No conozco estas redes: {names}.").format(names=", ".join(unknown)))
    if not chosen:
        raise InvalidInputError(_("Marca al menos una red en la que vayas a publicar."))
    return [c for c in CHANNELS if c in chosen]


def publish_days(routine) -> tuple[str, ...]:
    """The days module 5's routine publishes on, else :data:`DEFAULT_PUBLISH_DAYS`."""
    grid = routine.get("grid") if isinstance(routine, dict) else None
    if isinstance(grid, dict):
        days = tuple(d for d in upkeep.DAYS if isinstance(grid.get(d), dict)
                     and (schema.number(grid[d].get("publish")) or 0) > 0)
        if days:
            return days
    return DEFAULT_PUBLISH_DAYS


def _weighted_rotation(shares: dict[str, int], n: int) -> list[str]:
    """``n`` picks whose counts follow ``shares`` as closely as possible, spread out
    (smooth weighted round robin, as load balancers share requests)."""
    current = {p: 0 for p in shares}
    total = sum(shares.values())
    picks = []
    for _i in range(n):
        for p in current:
            current[p] += shares[p]
        best = max(current, key=lambda p: (current[p], -list(shares).index(p)))
        current[best] -= total
        picks.append(best)
    return picks


def _post_minutes(fmt: str, minutes: dict[str, float], accessible: bool) -> int:
    extra = assumed_minutes(ACCESSIBILITY[fmt]) if accessible and fmt in ACCESSIBILITY else 0
    return int(round(minutes[fmt] + extra))


def plan_month(year: int, month: int, pillars: dict[str, int], channels, minutes: dict[str, float], *,
               days=DEFAULT_PUBLISH_DAYS, hooks=(), batching: bool = False,
               accessible: bool = True, mix: str = "varied") -> list[dict]:
    """A month of posts: one on each publishing day of ``days``, channels in turn.

    Pillars follow their shares (:func:`_weighted_rotation`); each channel cycles
    through the formats of ``mix`` (:data:`MIXES`); a hook (:func:`seasonal_hooks`)
    takes the idea of the last post before its date, up to :data:`HOOK_LEAD_DAYS`
    before. ``minutes`` per format (:func:`format_minutes`), plus alt text or
    subtitles when ``accessible``. With ``batching``, each short video also gives
    the pieces of :data:`REPURPOSE` on the channels in use, at the minutes of
    adapting it (``repurposed = True``). Each post is a JSON-ready dict.
    """
    shares = validate_pillars(pillars)
    chosen = validate_channels(channels)
    try:
        first = date(int(year), int(month), 1)
    except (TypeError, ValueError):
        raise InvalidInputError(_("El mes tiene que ser uno de 1 a 12, con su año.")) from None
    wanted = [d for d in days if d in upkeep.DAYS]
    if not wanted:
        raise InvalidInputError(_("No hay ningún día de publicar en la rutina."))
    if mix not in MIXES:
        raise InvalidInputError(_("Elige formatos variados o ligeros."))
    n_days = month_days.monthrange(first.year, first.month)[1]
    dates = [first + timedelta(days=i) for i in range(n_days)
             if upkeep.DAYS[(first + timedelta(days=i)).weekday()] in wanted]
    picks = _weighted_rotation(shares, len(dates))
    turns = {c: 0 for c in chosen}
    idea_turns = {p: 0 for p in shares}
    hook_for = {}
    for hook in hooks:
        before = [d for d in dates if d <= hook["date"] and (hook["date"] - d).days <= HOOK_LEAD_DAYS]
        if before and before[-1] not in hook_for:
            hook_for[before[-1]] = hook
    repurpose_minutes = assumed_minutes("minutes_repurpose")
    posts = []
    for index, (day, pillar) in enumerate(zip(dates, picks)):
        channel = chosen[index % len(chosen)]
        options = MIXES[mix][channel]
        fmt = options[turns[channel] % len(options)]
        turns[channel] += 1
        hook = hook_for.get(day)
        if hook is not None:
            idea = hook["text"]
        else:
            bank = IDEAS[pillar]
            idea = _(bank[idea_turns[pillar] % len(bank)])
            idea_turns[pillar] += 1
        posts.append({"date": day.isoformat(), "network": channel, "pillar": pillar, "format": fmt,
                      "idea": idea, "minutes": _post_minutes(fmt, minutes, accessible),
                      "hook": hook is not None, "repurposed": False})
        if batching and fmt == "short_video":
            for piece, where in REPURPOSE:
                target = next((c for c in where if c in chosen), None)
                if target is None:
                    continue
                posts.append({"date": day.isoformat(), "network": target, "pillar": pillar,
                              "format": piece, "idea": _("Del vídeo: {idea}").format(idea=idea),
                              "minutes": int(round(repurpose_minutes)), "hook": hook is not None,
                              "repurposed": True})
    return posts


def fitting_month(year: int, month: int, pillars: dict[str, int], channels, minutes: dict[str, float],
                  capacity_per_week: int, *, days=DEFAULT_PUBLISH_DAYS, **options) -> tuple[list[dict], tuple]:
    """The month on as many of ``days`` as fit ``capacity_per_week`` (dropping the last days
    first), and the days used; when not even one day fits, the one-day month (the caller
    sees it does not fit). ``options`` go to :func:`plan_month`."""
    wanted = tuple(d for d in days if d in upkeep.DAYS)
    for count in range(len(wanted), 0, -1):
        posts = plan_month(year, month, pillars, channels, minutes, days=wanted[:count], **options)
        if fit_month(posts, capacity_per_week, year, month).fits:
            return posts, wanted[:count]
    return plan_month(year, month, pillars, channels, minutes, days=wanted[:1], **options), wanted[:1]


def batching_savings(posts: list[dict], minutes: dict[str, float], accessible: bool = True) -> int:
    """Minutes saved by the repurposed pieces: each made from scratch minus adapting the video."""
    return int(sum(_post_minutes(p["format"], minutes, accessible) - p["minutes"]
                   for p in posts if p.get("repurposed")))


def weekly_capacity(plan, profile: dict | None = None) -> tuple[int, str]:
    """Minutes a week for making and publishing posts, and where the figure comes from.

    Module 5's routine (its «Crear contenido» and «Publicar» minutes) when the plan
    has one; else module 3's hours for content creation, photo and video, writing
    and publishing; else the profile's weekly hours times the share module 3
    suggests for those tasks (:data:`rumbo.timecost.DEFAULT_SHARES`).
    """
    routine = schema.section(plan, "routine")
    grid = routine.get("grid") if isinstance(routine.get("grid"), dict) else {}
    minutes = sum((schema.number(row.get(task)) or 0) for row in grid.values() if isinstance(row, dict)
                  for task in ("create", "publish"))
    if minutes > 0:
        return int(round(minutes)), "routine"
    hours = schema.section(plan, "time_budget").get("hours_per_week")
    if isinstance(hours, dict):
        content = sum((schema.number(hours.get(task)) or 0) for task in POST_TASKS)
        if content > 0:
            return int(round(content * 60)), "time_budget"
    weekly = schema.number((profile or {}).get("hours_per_week")) or 0
    share = sum(timecost.DEFAULT_SHARES.get(task, 0) for task in POST_TASKS)
    return int(round(weekly * 60 * share)), "profile"


@dataclass
class MonthFit:
    """How a month's calendar compares with the minutes each week has for content."""

    total_minutes: int
    capacity_per_week: int
    capacity_month: int
    by_week: dict[str, int] = field(default_factory=dict)   # ISO Monday -> minutes

    @property
    def worst_week(self) -> tuple[str, int] | None:
        if not self.by_week:
            return None
        return max(self.by_week.items(), key=lambda item: (item[1], item[0]))

    @property
    def over_minutes(self) -> int:
        """By how many minutes the month does not fit: the larger of the month's excess and
        the fullest week's."""
        worst = self.worst_week[1] if self.by_week else 0
        return max(0, self.total_minutes - self.capacity_month, worst - self.capacity_per_week)

    @property
    def fits(self) -> bool:
        return self.over_minutes == 0


def fit_month(posts: list[dict], capacity_per_week: int, year: int, month: int) -> MonthFit:
    """Compare the calendar with ``capacity_per_week`` minutes: the month gets the weeks'
    capacity pro rata to its days (a 30-day month: 30/7 weeks), and no week may hold more
    than one week's capacity (weeks start on Monday)."""
    if capacity_per_week < 0:
        raise InvalidInputError(_("Los minutos semanales para contenido no pueden ser negativos."))
    n_days = month_days.monthrange(int(year), int(month))[1]
    by_week: dict[str, int] = {}
    for post in posts:
        day = date.fromisoformat(post["date"])
        monday = (day - timedelta(days=day.weekday())).isoformat()
        by_week[monday] = by_week.get(monday, 0) + int(post["minutes"])
    return MonthFit(int(sum(p["minutes"] for p in posts)), int(capacity_per_week),
                    int(round(capacity_per_week * n_days / 7)), dict(sorted(by_week.items())))


def require_fit(fit: MonthFit) -> MonthFit:
    """``fit`` when the month fits; else an :class:`InvalidInputError` saying by how much."""
    if fit.fits:
        return fit
    week, minutes = fit.worst_week or ("", 0)
    raise InvalidInputError(_(
        "Este mes no cabe: pide {total} minutos y tienes {month} (semana más cargada: {worst} de "
        "{capacity}). Sobran {over} minutos: quita publicaciones, elige formatos más ligeros o "
        "reaprovecha los vídeos.").format(
            total=fmt_number(fit.total_minutes), month=fmt_number(fit.capacity_month),
            worst=fmt_number(minutes), capacity=fmt_number(fit.capacity_per_week),
            over=fmt_number(fit.over_minutes)))


# --- Fresh or stale ------------------------------------------------------------------------

#: Days since the last post after which a profile counts as cooling down, then as stale:
#: the course's own thresholds (a week without posts breaks module 5's weekly habit;
#: a month is the Bizkaia shops' silence).
COOLING_DAYS, STALE_DAYS = 7, 30
STATUS_LABELS = {"fresh": N_("al día"), "cooling": N_("se enfría"), "stale": N_("abandonado"),
                 "never": N_("sin publicaciones")}


def stale_profile(posts, today, networks=None) -> pd.DataFrame:
    """Days since the last post on each network of ``posts`` (and of ``networks``).

    ``posts`` is a posts table or an export the learner uploads (read with
    :func:`rumbo.data.read_posts`: any format module 2 accepts); ``today`` the
    date to count from (for the sample data, the last day of its year). Columns:
    ``last_post``, ``days``, ``status`` (:data:`STATUS_LABELS` keys); a network of
    ``networks`` with no post is ``never``.
    """
    if not isinstance(posts, pd.DataFrame):
        posts = read_posts(posts)
    require_columns(posts, ("published_at", "network"), _("la tabla de publicaciones"))
    when = pd.to_datetime(posts["published_at"], errors="coerce")
    today = pd.Timestamp(objectives.parse_date(today, _("La fecha de hoy")))
    known = posts.assign(when=when).dropna(subset=["when"])
    known = known[known["when"].dt.normalize() <= today]
    last = known.groupby("network")["when"].max()
    order = [n for n in CHANNELS if n in set(last.index) | set(networks or [])]
    order += sorted(str(n) for n in last.index if n not in order)
    rows = []
    for network in order:
        if network in last.index:
            days = int((today - last[network].normalize()).days)
            status = "fresh" if days <= COOLING_DAYS else "cooling" if days <= STALE_DAYS else "stale"
            rows.append((network, last[network].date(), days, status))
        else:
            rows.append((network, None, None, "never"))
    if not rows:
        raise DataError(_("No hay publicaciones con fecha antes de hoy: no puedo ver cuándo "
                          "publicaste por última vez."))
    return pd.DataFrame(rows, columns=["network", "last_post", "days", "status"]).set_index("network")


def sample_today(business: str) -> date:
    """The day the sample data end: "today" for the stale check of a bundled business."""
    return upkeep.period(business)[1].date()


# --- Exports ---------------------------------------------------------------------------------

CSV_COLUMNS = ("date", "network", "pillar", "format", "idea", "minutes")
CSV_HEADINGS = {"date": N_("Fecha"), "network": N_("Red"), "pillar": N_("Pilar"),
                "format": N_("Formato"), "idea": N_("Idea"), "minutes": N_("Minutos")}


def _cell(text: str) -> str:
    """A spreadsheet never runs what a learner typed: a cell that starts like a formula
    gets an apostrophe (OWASP's advice against CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def calendar_rows(posts: list[dict]) -> list[list[str]]:
    """The calendar as text cells, labels in the learner's language (dates as dd/mm/yyyy)."""
    return [[date.fromisoformat(p["date"]).strftime("%d/%m/%Y"), network_label(p["network"]),
             pillar_label(p["pillar"]), format_label(p["format"]), str(p["idea"]),
             str(int(p["minutes"]))] for p in posts]


def calendar_csv(posts: list[dict]) -> bytes:
    """The calendar as CSV for a spreadsheet: ``;`` separators, UTF-8 with BOM (what Spanish
    Excel opens as it is), no live formulas."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_(CSV_HEADINGS[c]) for c in CSV_COLUMNS])
    writer.writerows([[_cell(cell) for cell in row] for row in calendar_rows(posts)])
    return out.getvalue().encode("utf-8-sig")


def calendar_to_ics(posts: list[dict], dtstamp: datetime, *, timezone: str = upkeep.DEFAULT_TIMEZONE,
                    start_time="09:00", name: str = "") -> bytes:
    """The calendar as an iCalendar file: one event per post at ``start_time`` lasting its
    minutes, with the idea, pillar and format in the description. UIDs depend on ``name``,
    the date and the post's place that day, so importing an updated month replaces the old
    events; ``dtstamp`` is an argument so the same month gives the same bytes."""
    from zoneinfo import ZoneInfo

    from icalendar import Event

    if not posts:
        raise InvalidInputError(_("El calendario está vacío: no hay nada que exportar."))
    tz = ZoneInfo(upkeep.check_timezone(timezone))
    begin = upkeep.parse_start_time(start_time)
    if dtstamp.tzinfo is None:
        dtstamp = dtstamp.replace(tzinfo=dt_timezone.utc)
    title = name or _("Mi calendario de contenidos")
    cal = upkeep.new_calendar("Que publicar", title, str(tz))
    seen: dict[str, int] = {}
    for post in posts:
        day = date.fromisoformat(post["date"])
        place = seen[post["date"]] = seen.get(post["date"], 0) + 1
        start = datetime.combine(day, begin, tzinfo=tz)
        digest = hashlib.sha1(f"{title}|{post['date']}|{place}".encode("utf-8")).hexdigest()[:16]
        event = Event()
        event.add("uid", f"rumbo-content-{post['date']}-{digest}@rumbo.invalid")
        event.add("dtstamp", dtstamp.astimezone(dt_timezone.utc))
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=max(int(post["minutes"]), 5)))
        event.add("summary", _("{format} en {network}: {idea}").format(
            format=format_label(post["format"]), network=network_label(post["network"]),
            idea=post["idea"]))
        event.add("description", _("Pilar: {pillar}. Tiempo previsto: {minutes} min.").format(
            pillar=pillar_label(post["pillar"]), minutes=int(post["minutes"])))
        event.add("categories", ["Rumbo"])
        cal.add_component(event)
    cal.add_missing_timezones(first_date=date(int(posts[0]["date"][:4]), 1, 1))
    return cal.to_ical()


# --- Legal and safety basics (Spain / EU) ---------------------------------------------------

#: (key, what to check before publishing, where the rule comes from).
LEGAL_CHECKLIST = (
    ("consent", N_("Tengo el permiso, mejor por escrito, de los clientes y del equipo que salen en "
                   "las fotos (el de sus padres si son menores de 14 años)"),
     N_("Reglamento (UE) 2016/679 (RGPD), artículos 6 y 7; Ley Orgánica 3/2018 de Protección de "
        "Datos, artículos 6 y 7 (menores de 14 años); Ley Orgánica 1/1982 de protección del derecho "
        "al honor, a la intimidad y a la propia imagen, artículos 2 y 7")),
    ("giveaways", N_("Mis sorteos tienen bases legales y siguen las normas de promociones de Facebook "
                     "e Instagram"),
     N_("Políticas de páginas, grupos y eventos de Meta (promociones); pautas de promoción de "
        "Instagram")),
    ("rights", N_("Uso solo fotos propias o con licencia y música de la biblioteca comercial de cada red"),
     N_("Real Decreto Legislativo 1/1996 (Ley de Propiedad Intelectual); pautas de música de Meta; "
        "biblioteca de música comercial de TikTok")),
    ("paid", N_("Las colaboraciones pagadas o con producto regalado dicen claramente que son publicidad"),
     N_("Ley 3/1991 de Competencia Desleal, artículo 26 (publicidad encubierta), en la redacción del "
        "Real Decreto-ley 24/2021; Código de conducta de publicidad a través de influencers "
        "(Autocontrol, aea e IAB Spain, versión de 2025). El Real Decreto 444/2024 solo añade "
        "obligaciones a los influencers con 300.000 euros o más de ingresos al año y un millón de "
        "seguidores o más en una red (o dos millones sumando varias)")),
    ("reviews", N_("No escribo, encargo ni compro reseñas, ni enseño solo las buenas como si fueran todas"),
     N_("Ley 3/1991 de Competencia Desleal, artículo 27 (reseñas falsas), en la redacción del Real "
        "Decreto-ley 24/2021, que incorpora la Directiva (UE) 2019/2161 («Ómnibus»)")),
    ("account", N_("La cuenta es del negocio: verificación en dos pasos y dos administradores de confianza"),
     N_("Buena práctica de seguridad del curso (ninguna ley la exige)")),
)


def legal_section(checked) -> list[dict]:
    """The checked points of :data:`LEGAL_CHECKLIST` (keys), in its order, each with its source."""
    known = {key for key, _point, _source in LEGAL_CHECKLIST}
    unknown = [str(k) for k in checked or () if k not in known]
    if unknown:
        raise InvalidInputError(_("No conozco estos puntos de la lista legal: {keys}.").format(
            keys=", ".join(unknown)))
    chosen = set(checked or ())
    return [{"key": key, "point": _(point), "source": _(source)}
            for key, point, source in LEGAL_CHECKLIST if key in chosen]


def content_section(pillars: dict[str, int], posts: list[dict], fit: MonthFit, month: str, *,
                    batching: bool, saved_minutes: int = 0, legal=()) -> dict:
    """The plan's ``content`` section (:class:`rumbo.data.schema.Content`)."""
    return {
        "pillars": [{"pillar": p, "share": int(s)} for p, s in pillars.items()],
        "month": month,
        "posts": [dict(p) for p in posts],
        "total_minutes": fit.total_minutes,
        "capacity_per_week": fit.capacity_per_week,
        "fits": fit.fits,
        "batching": bool(batching),
        "saved_minutes": int(saved_minutes),
        "legal": legal_section(legal),
    }
