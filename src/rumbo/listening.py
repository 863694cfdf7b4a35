"""Proactive listening (module 6): answer fast, read the mood, spot a crisis, triage comments.

Every formula here is the one the course teaches, with the denominator named:

- **response rate** = messages answered / messages received;
- **median response time** = median of (reply time − message time), answered messages only;
- **share answered within N minutes** = answered within N minutes / messages *received*
  (a message never answered was not answered in time either);
- **net sentiment** = % positive − % negative, over mentions with a sentiment;
- **share of voice** = mentions of a brand / mentions of the brand and its competitors;
- **crisis day**: a day whose negative mentions stand ``z`` "usual spreads" above the
  usual level, where usual = mean and spread = standard deviation of the previous
  ``window`` days (the day itself is not part of its own baseline).

Triage is a short list of readable rules, not a model: :func:`suggest_category`
says which signals it found in a comment and which rule decided.
"""

from __future__ import annotations

import math
import re
import unicodedata

import pandas as pd

from rumbo.data import require_columns
from rumbo.core.errors import DataError, InvalidInputError
from rumbo.core.numbers import optional_number, parse_number
from rumbo.data.facts import facts
from rumbo import triage_rules
from rumbo.core.i18n import translator
from rumbo.core.i18n import fmt_number, fmt_percent, get_language
from rumbo.data import business_info, load_dataset

_, N_, ngettext = translator("listening")

SENTIMENTS = ("positive", "neutral", "negative")

#: The four kinds of comment the triage teaches, in the order they are shown.
CATEGORIES = ("customer_right", "question", "troll", "praise")
CATEGORY_LABELS = {
    "customer_right": N_("cliente con razón"),
    "question": N_("pregunta"),
    "troll": N_("trol"),
    "praise": N_("elogio"),
}
#: What to do with each kind of comment, and the longest wait (minutes) before a first reply.
CATEGORY_ACTIONS = {
    "customer_right": N_("Reconoce el fallo sin excusas, da una solución concreta y una fecha; "
                         "pide por privado solo los datos personales y cuenta en público cómo "
                         "se resolvió."),
    "question": N_("Contesta con el dato exacto (horario, precio, existencias) y dónde "
                   "comprobarlo; si no lo sabes, di cuándo lo tendrás."),
    "troll": N_("No discutas. Como mucho, una respuesta breve y educada con datos; oculta el "
                "comentario solo si insulta o incumple las normas publicadas."),
    "praise": N_("Da las gracias con el nombre de la persona y algo concreto de su mensaje; "
                 "pide permiso si quieres compartirlo."),
}
CATEGORY_MINUTES = {"customer_right": 60, "question": 120, "troll": 1440, "praise": 1440}

#: Sanity bounds for what a learner types.
MAX_WINDOW_MINUTES = 7 * 24 * 60
MAX_Z = 10.0
MIN_BASELINE_DAYS, MAX_BASELINE_DAYS = 7, 90
MAX_COMMENT_CHARS = 2000


# --- small validators -----------------------------------------------------------------


def _check_minutes(minutes, what: str) -> float:
    minutes = parse_number(minutes, what)
    if minutes <= 0:
        raise InvalidInputError(_("«{what}» tiene que ser de más de 0 minutos.").format(what=what))
    if minutes > MAX_WINDOW_MINUTES:
        raise InvalidInputError(_("«{what}»: {minutes} minutos es más de una semana. Escribe un "
                                  "plazo de como mucho {max} minutos.").format(
                                      what=what, minutes=f"{minutes:g}", max=MAX_WINDOW_MINUTES))
    return minutes


def check_threshold(z, what: str | None = None) -> float:
    """A crisis threshold in "usual spreads" (z): more than 0 and at most 10."""
    what = what or _("umbral de crisis")
    z = parse_number(z, what)
    if z <= 0:
        raise InvalidInputError(_("El umbral tiene que ser mayor que 0: con 0 o menos, cualquier "
                                  "día normal sería una crisis. Prueba con 3."))
    if z > MAX_Z:
        raise InvalidInputError(_("Un umbral de {z} no saltaría nunca. Usa un valor entre 2 y 4 "
                                  "(3 es lo habitual).").format(z=f"{z:g}"))
    return z


def check_window(days, what: str | None = None) -> int:
    """Days of baseline: a whole number from 7 to 90."""
    what = what or _("días de referencia")
    days = parse_number(days, what)
    if days != int(days) or not MIN_BASELINE_DAYS <= days <= MAX_BASELINE_DAYS:
        raise InvalidInputError(_("Los días de referencia tienen que ser un número entero entre "
                                  "{low} y {high} (28 días son cuatro semanas).").format(
                                      low=MIN_BASELINE_DAYS, high=MAX_BASELINE_DAYS))
    return int(days)


# --- response rate and time ------------------------------------------------------------


def reply_minutes(mentions: pd.DataFrame) -> pd.Series:
    """Minutes from each message to its reply (NaN where it was never answered)."""
    require_columns(mentions, ("created_at", "replied_at"), _("la tabla de menciones"))
    created = pd.to_datetime(mentions["created_at"], errors="coerce")
    replied = pd.to_datetime(mentions["replied_at"], errors="coerce")
    minutes = (replied - created).dt.total_seconds() / 60
    if (minutes < 0).any():
        raise DataError(_("Hay {n} respuestas anteriores al mensaje que responden. Revisa las "
                          "fechas de esas filas.").format(n=int((minutes < 0).sum())))
    return minutes


def response_stats(mentions: pd.DataFrame, within_minutes: float = 60) -> dict:
    """Received, answered, response rate, median minutes, share answered within ``within_minutes``.

    ``mentions`` holds the messages that expected a reply (one row each) with
    ``created_at`` and ``replied_at`` (empty when never answered).
    """
    within = _check_minutes(within_minutes, _("plazo de respuesta"))
    minutes = reply_minutes(mentions)
    received = int(len(minutes))
    if received == 0:
        raise DataError(_("No hay mensajes que responder en estos datos: no puedo calcular la "
                          "tasa de respuesta."))
    answered = minutes.dropna()
    in_time = int((answered <= within).sum())
    return {
        "received": received,
        "answered": int(len(answered)),
        "response_rate": len(answered) / received,
        "median_minutes": float(answered.median()) if len(answered) else math.nan,
        "within_minutes": within,
        "answered_within": in_time,
        "share_within": in_time / received,
    }


# --- sentiment and share of voice ------------------------------------------------------


def sentiment_shares(mentions: pd.DataFrame) -> dict:
    """Share of positive, neutral and negative mentions (over mentions with a sentiment)."""
    require_columns(mentions, ("sentiment",), _("la tabla de menciones"))
    labelled = mentions["sentiment"].dropna().astype(str).str.lower()
    unknown = sorted(set(labelled) - set(SENTIMENTS))
    if unknown:
        raise DataError(_("No entiendo estos valores de sentimiento: {values}. Usa positive, "
                          "neutral o negative.").format(values=", ".join(unknown)))
    if labelled.empty:
        raise DataError(_("Ninguna mención tiene sentimiento: no puedo calcular el sentimiento "
                          "neto."))
    counts = labelled.value_counts()
    return {s: float(counts.get(s, 0) / len(labelled)) for s in SENTIMENTS}


def net_sentiment(mentions: pd.DataFrame) -> float:
    """% positive − % negative, as a ratio from −1 to 1."""
    shares = sentiment_shares(mentions)
    return shares["positive"] - shares["negative"]


def share_of_voice(mentions: pd.DataFrame, column: str = "brand") -> pd.Series:
    """Each brand's mentions / all brands' mentions, largest first (sums to 1)."""
    require_columns(mentions, (column,), _("la tabla de menciones"))
    counts = mentions[column].dropna().value_counts()
    if counts.sum() == 0:
        raise DataError(_("No hay menciones de ninguna marca: no puedo calcular la cuota de voz."))
    shares = counts / counts.sum()
    return shares.sort_values(ascending=False, kind="stable").rename("share_of_voice")


# --- crisis radar ----------------------------------------------------------------------


def daily_counts(mentions: pd.DataFrame, sentiment: str | None = "negative",
                 start=None, end=None) -> pd.Series:
    """Mentions per calendar day (days without mentions count 0), optionally of one sentiment.

    The day range runs from ``start`` (default: the first mention of any kind)
    to ``end`` (default: the last), so quiet days are zeros, not gaps.
    """
    require_columns(mentions, ("created_at",), _("la tabla de menciones"))
    created = pd.to_datetime(mentions["created_at"], errors="coerce").dropna()
    if created.empty:
        raise DataError(_("La tabla de menciones no tiene fechas: no puedo contar por días."))
    days = created.dt.normalize()
    first = pd.Timestamp(start) if start is not None else days.min()
    last = pd.Timestamp(end) if end is not None else days.max()
    if sentiment is not None:
        require_columns(mentions, ("sentiment",), _("la tabla de menciones"))
        keep = mentions.loc[created.index, "sentiment"].astype(str).str.lower() == sentiment
        days = days[keep]
    index = pd.date_range(first, last, freq="D", name="date")
    return days.value_counts().reindex(index, fill_value=0).astype(int).rename("mentions")


def crisis_scores(daily: pd.Series, window: int = 28) -> pd.DataFrame:
    """Per day: count, baseline (mean of the previous ``window`` days), spread (their
    standard deviation) and ``z = (count − baseline) / spread``.

    The first ``window`` days have no baseline yet (z is NaN). A perfectly flat
    baseline (spread 0) gives z = +inf on a day above it and 0 on a day equal to it.
    """
    window = check_window(window)
    if not isinstance(daily, pd.Series) or daily.empty:
        raise DataError(_("No hay días que analizar."))
    counts = pd.to_numeric(daily, errors="coerce").astype(float)
    history = counts.shift(1).rolling(window, min_periods=window)
    baseline, spread = history.mean(), history.std()
    z = (counts - baseline) / spread
    z = z.where(~((counts - baseline == 0) & (spread == 0)), 0.0)
    return pd.DataFrame({"count": counts, "baseline": baseline, "spread": spread, "z": z})


def crisis_days(daily: pd.Series, threshold: float = 3.0, window: int = 28) -> pd.DataFrame:
    """The days whose ``z`` is above ``threshold`` (rows of :func:`crisis_scores`)."""
    threshold = check_threshold(threshold)
    scores = crisis_scores(daily, window)
    return scores[scores["z"] > threshold]


# --- triage ----------------------------------------------------------------------------


def _plain(text: str) -> str:
    """Lower case without accents, so «Cuándo» and «cuando» match the same rule (and a
    typographic apostrophe is a plain one: «don’t» reads as «don't»)."""
    text = unicodedata.normalize("NFKD", text.lower().replace("\u2019", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


#: Signals the rules look for, as the learner reads them. What matches each one depends on
#: the language of the comments: :data:`rumbo.triage_rules.SIGNAL_PATTERNS`.
SIGNAL_LABELS = {
    "facts": N_("un hecho concreto (pedido, cobro, envío, fecha)"),
    "problem": N_("algo que salió mal"),
    "insult": N_("insultos o ataques"),
    "question": N_("una pregunta"),
    "praise": N_("agradecimiento o elogio"),
    "shouting": N_("gritos (mayúsculas o muchas exclamaciones)"),
}


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    caps = sum(c.isupper() for c in letters)
    return (len(letters) >= 12 and caps / len(letters) > 0.6) or text.count("!") >= 3


def signals_in(text: str, language: str | None = None) -> list[str]:
    """Names of the :data:`SIGNAL_LABELS` found in ``text``, read with the rules of
    ``language`` (default: the session's)."""
    plain = _plain(text)
    patterns = triage_rules.SIGNAL_PATTERNS[language or get_language()]
    found = [name for name, pattern in patterns.items() if re.search(pattern, plain)]
    if _shouting(text):
        found.append("shouting")
    return found


#: The rules, in order; the first that applies decides. Shown to the learner as a table.
TRIAGE_RULES = (
    ("customer_right", N_("Cuenta un hecho concreto que salió mal: es un cliente con razón, "
                          "aunque esté enfadado o grite.")),
    ("troll", N_("Ataca, insulta o grita sin ningún hecho que se pueda comprobar: trátalo "
                 "como trol.")),
    ("customer_right", N_("Se queja de algo que salió mal, aunque no dé detalles: es un cliente "
                          "con razón; pídele los datos en privado.")),
    ("question", N_("Pregunta algo: contesta con el dato.")),
    ("praise", N_("Agradece o elogia: da las gracias.")),
    ("question", N_("Sin señales claras: léelo otra vez y pregunta qué necesita.")),
)


def suggest_category(text, language: str | None = None) -> tuple[str, list[str], str]:
    """``(category, signals found, rule that decided)`` for a comment, by :data:`TRIAGE_RULES`,
    reading its signals with the rules of ``language`` (default: the session's)."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInputError(_("Escribe o pega un comentario para clasificarlo."))
    if len(text) > MAX_COMMENT_CHARS:
        raise InvalidInputError(_("El comentario es muy largo ({n} caracteres). Pega solo el "
                                  "mensaje, como mucho {max} caracteres.").format(
                                      n=len(text), max=MAX_COMMENT_CHARS))
    found = set(signals_in(text, language))
    if {"facts", "problem"} <= found:
        rule = 0
    elif "insult" in found or ("shouting" in found and not found & {"question", "praise"}):
        rule = 1
    elif "problem" in found:
        rule = 2
    elif "question" in found:
        rule = 3
    elif "praise" in found:
        rule = 4
    else:
        rule = 5
    category, reason = TRIAGE_RULES[rule]
    return category, [s for s in triage_rules.SIGNAL_NAMES if s in found], reason


def triage_examples(language: str | None = None) -> tuple[tuple[str, str], ...]:
    """The comments of the triage exercise in ``language`` (default: the session's), each with
    the category the rules give."""
    return triage_rules.EXAMPLES[language or get_language()]


#: The Spanish comments of the triage exercise (every language has the same situations).
TRIAGE_EXAMPLES = triage_rules.EXAMPLES["es"]


def triage_score(choices: dict) -> dict:
    """Compare a learner's ``{index: category}`` with :func:`triage_examples`.

    Missing choices raise :class:`InvalidInputError` naming how many are left.
    """
    examples = triage_examples()
    missing = [i for i in range(len(examples)) if choices.get(i) not in CATEGORIES]
    if missing:
        raise InvalidInputError(_("Te faltan {n} comentarios por clasificar (los números {which}). "
                                  "Elige una categoría para cada uno.").format(
                                      n=len(missing), which=", ".join(str(i + 1) for i in missing)))
    right = [choices[i] == expected for i, (_t, expected) in enumerate(examples)]
    return {"right": sum(right), "total": len(right), "per_comment": right}


# --- the plan: listening targets and the response protocol ------------------------------


def validate_targets(raw: dict) -> dict:
    """Listening targets typed by the learner -> plan dict (ratios, minutes, z).

    ``response_rate`` and ``share_within_60`` are typed as percentages (0-100).
    Every problem is listed at once.
    """
    problems: list[str] = []
    clean: dict = {}
    for key, what in (("response_rate", _("tasa de respuesta objetivo (%)")),
                      ("share_within_60", _("respondidos en menos de 60 minutos (%)"))):
        try:
            value = parse_number(raw.get(key), what)
        except InvalidInputError as exc:
            problems.append(str(exc))
            continue
        if not 0 < value <= 100:
            problems.append(_("«{what}» es un porcentaje: escribe un número de 1 a 100.").format(
                what=what))
        else:
            clean[key] = value / 100
    try:
        clean["median_minutes"] = _check_minutes(raw.get("median_minutes"),
                                                 _("tiempo mediano de respuesta (minutos)"))
    except InvalidInputError as exc:
        problems.append(str(exc))
    try:
        clean["crisis_z"] = check_threshold(raw.get("crisis_z"))
    except InvalidInputError as exc:
        problems.append(str(exc))
    if problems:
        raise InvalidInputError(" ".join(problems))
    return clean


#: Her figures of today, in the plan's ``listening.current`` (ratios and minutes).
CURRENT_KEYS = ("response_rate", "median_minutes", "share_within_60")


def validate_current(raw: dict) -> dict:
    """Her response figures of today, each optional: percentages typed 0-100 become ratios,
    minutes stay minutes. Only what she typed is returned; every problem is listed at once."""
    problems: list[str] = []
    clean: dict = {}
    for key, what in (("response_rate", _("tu tasa de respuesta ahora (%)")),
                      ("share_within_60", _("respondidos ahora en menos de 60 minutos (%)"))):
        try:
            value = optional_number(raw.get(key), what)
        except InvalidInputError as exc:
            problems.append(str(exc))
            continue
        if value is None:
            continue
        if not 0 <= value <= 100:
            problems.append(_("«{what}» es un porcentaje: escribe un número de 0 a 100.").format(
                what=what))
        else:
            clean[key] = value / 100
    if raw.get("median_minutes") not in (None, ""):
        try:
            clean["median_minutes"] = _check_minutes(raw.get("median_minutes"),
                                                     _("tu tiempo mediano de respuesta ahora (minutos)"))
        except InvalidInputError as exc:
            problems.append(str(exc))
    if problems:
        raise InvalidInputError(" ".join(problems))
    return clean


def her_current(listening: dict | None, example: dict) -> dict:
    """The ``current`` figures saved in her plan, unless they are ``example``'s: plans saved
    before the course asked for her own figures hold the example business's there."""
    saved = (listening or {}).get("current") if isinstance(listening, dict) else None
    if not isinstance(saved, dict):
        return {}
    mine = {k: float(v) for k, v in saved.items() if k in CURRENT_KEYS
            and isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)}
    same = all(abs(mine.get(k, math.nan) - example.get(k, math.inf)) < 1e-9 for k in CURRENT_KEYS)
    return {} if same else mine


def target_warnings(targets: dict, current: dict | None = None) -> list[str]:
    """Valid targets worth a second look (kindly said, saved anyway)."""
    notes = []
    if targets["median_minutes"] > 240:
        notes.append(_("Tu objetivo de tiempo mediano pasa de 4 horas, lo que la clientela "
                       "espera según Sprout Social (2016)."))
    current = current or {}
    if "response_rate" in current and targets["response_rate"] < current["response_rate"]:
        notes.append(_("Tu objetivo de tasa de respuesta es más bajo que la que ya tienes."))
    if "median_minutes" in current and targets["median_minutes"] > current["median_minutes"]:
        notes.append(_("Tu objetivo de tiempo es más lento que el que ya consigues."))
    return notes


def validate_protocol(raw: dict) -> dict:
    """The response protocol: for each category, who answers and within how many minutes.

    ``raw`` = ``{"customer_right": {"who": ..., "minutes": ...}, ..., "escalate_to": ...}``.
    The result adds the recommended action of each category, so the plan reads on its own.
    """
    problems: list[str] = []
    rules = []
    for category in CATEGORIES:
        entry = raw.get(category) or {}
        label = _(CATEGORY_LABELS[category])
        who = str(entry.get("who") or "").strip()
        if not who:
            problems.append(_("Escribe quién responde a «{kind}».").format(kind=label))
        elif len(who) > 80:
            problems.append(_("El nombre de quién responde a «{kind}» es demasiado largo.").format(
                kind=label))
        try:
            minutes = _check_minutes(entry.get("minutes"),
                                     _("plazo para «{kind}» (minutos)").format(kind=label))
        except InvalidInputError as exc:
            problems.append(str(exc))
            minutes = None
        rules.append({"category": category, "who": who, "max_minutes": minutes,
                      "action": _(CATEGORY_ACTIONS[category])})
    escalate = str(raw.get("escalate_to") or "").strip()
    if not escalate:
        problems.append(_("Escribe a quién avisas (no a quién pides permiso) cuando hay una "
                          "crisis."))
    if problems:
        raise InvalidInputError(" ".join(problems))
    return {"rules": rules, "escalate_to": escalate, "needs_approval": False}


# --- the bundled businesses --------------------------------------------------------------


def own_mentions(business: str) -> pd.DataFrame:
    """Mentions of the business itself (not of its competitors): the messages to answer."""
    mentions = load_dataset(business, "mentions")
    return mentions[mentions["brand"] == business].reset_index(drop=True)


def _period(business: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    created = load_dataset(business, "mentions")["created_at"]
    return created.min().normalize(), created.max().normalize()


def negative_daily(business: str) -> pd.Series:
    """Negative mentions of the business per day, every day of the period (quiet days = 0)."""
    start, end = _period(business)
    return daily_counts(own_mentions(business), "negative", start, end)


def mentions_daily(business: str) -> pd.Series:
    """All mentions of the business per day, every day of the period."""
    start, end = _period(business)
    return daily_counts(own_mentions(business), None, start, end)


def brand_label(brand: str, business: str) -> str:
    """``competidor_a`` -> «Competidor A»; the business itself -> its name."""
    if brand == business:
        return business_info(business)["name"]
    if brand.startswith("competidor_"):
        return _("Competidor {letter}").format(letter=brand.rsplit("_", 1)[1].upper())
    return brand


def response_table(stats: dict) -> pd.DataFrame:
    """Response stats as a table with the denominator of each figure in words."""
    median = stats["median_minutes"]
    rows = [
        (_("Mensajes recibidos"), fmt_number(stats["received"]), _("menciones de tu marca")),
        (_("Respondidos"), fmt_number(stats["answered"]), ""),
        (_("Tasa de respuesta"), fmt_percent(stats["response_rate"]),
         _("respondidos / recibidos")),
        (_("Tiempo mediano de respuesta"),
         _("{minutes} min ({hours} h)").format(minutes=fmt_number(median),
                                               hours=fmt_number(median / 60, 1))
         if not math.isnan(median) else "—", _("solo los respondidos")),
        (_("Respondidos en {n} minutos o menos").format(n=fmt_number(stats["within_minutes"])),
         fmt_percent(stats["share_within"]), _("de todos los recibidos")),
    ]
    return pd.DataFrame(rows, columns=[_("Indicador"), _("Valor"), _("Sobre qué")])


def voice_table(business: str) -> pd.DataFrame:
    """Per brand: mentions, share of voice and net sentiment (own brand first)."""
    mentions = load_dataset(business, "mentions")
    shares = share_of_voice(mentions)
    order = [business] + [b for b in shares.index if b != business]
    rows = []
    for brand in order:
        subset = mentions[mentions["brand"] == brand]
        rows.append((brand_label(brand, business), fmt_number(len(subset)),
                     fmt_percent(shares[brand]), fmt_percent(net_sentiment(subset))))
    return pd.DataFrame(rows, columns=[_("Marca"), _("Menciones"), _("Cuota de voz"),
                                       _("Sentimiento neto")])


def benchmark_table(keys) -> pd.DataFrame:
    """Rows of the benchmark file, each with its source and year (and «dato histórico» when
    the data are more than five years old), ready to show."""
    rows = []
    for key in keys:
        for row in facts(key):
            value = row.value if row.value is not None else row.low
            if row.value is None and row.high is not None:  # a range only: «0,17-1,53 %»
                shown = _("{low}-{high}").format(low=fmt_number(row.low, 2),
                                                  high=fmt_number(row.high, 2))
                shown += " %" if row.percent else ""
            elif row.unit == "percent":
                shown = fmt_percent(value / 100, 0)
            elif row.unit == "hours":
                shown = _("{n} h").format(n=fmt_number(value))
            elif row.unit == "multiplier":
                shown = _("{n} veces").format(n=fmt_number(value, 2))
            else:
                shown = fmt_number(value, 2)
            if row.unit == "percent" and row.low is not None and row.low != row.high:
                shown = _("{low}-{high}").format(low=fmt_number(row.low),
                                                  high=fmt_percent(row.high / 100, 0))
            rows.append((row.note, shown, row.source, row.year_label()))
    if not rows:
        raise DataError(_("No encuentro esas referencias en la tabla de referencias."))
    return pd.DataFrame(rows, columns=[_("Dato"), _("Valor"), _("Fuente"), _("Año")])


#: Benchmarks shown next to the learner's response figures.
RESPONSE_BENCHMARKS = ("response_within_60min_expected", "response_time_expected_hours",
                       "response_time_brands_hours")
