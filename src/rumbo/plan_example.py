"""A complete example plan for a bundled business (trainers' demos, tests, module 7).

Every section is built the way a learner would build it in modules 0-6, with
the same pure functions, from the business's bundled data:

=================  ===========================================================================
section            how it is made
=================  ===========================================================================
profile            :func:`rumbo.data.profile.example_profile` (businesses.csv, first followers)
objectives         three SMART objectives checked by :func:`rumbo.objectives.check_smart`:
                   followers on the first network at the *typical* growth of benchmarks.csv
                   (2 % a month); engagement rate by reach (ratio of sums over the year's
                   posts) up by :data:`ENGAGEMENT_UPLIFT`; an offline result: the return rate
                   down by :data:`RETURNS_CUT` for the online shop, social last-click orders
                   up by :data:`SALES_UPLIFT` otherwise. Deadline: :data:`HORIZON_MONTHS`
                   after the plan starts; actions from :data:`ACTIONS`, weekly hours split
                   by :data:`ACTION_SHARES` of the profile's hours
milestones         :func:`rumbo.objectives.milestone_ladder`, three steps each
kpis               :func:`rumbo.metrics.kpi_record` on the year's posts
time_budget        :func:`rumbo.timecost.monthly_cost` with :func:`rumbo.timecost.default_split`
                   of the profile's hours; ads = the year's boosted-post spend / 12; tools 0
routine            :func:`rumbo.upkeep.suggested_routine` for the profile's hours and networks
habit              :func:`rumbo.upkeep.habit_summary` of :data:`HABIT_WEEKS`
listening          :data:`TARGETS` and the current response figures of the bundled mentions
response_protocol  :func:`rumbo.listening.validate_protocol`: the people of the time log answer
content            :func:`rumbo.content.fitting_month` in light formats for the plan's first month
=================  ===========================================================================

The plan starts the day after the bundled year ends, so the example is the same
whatever the date on the computer.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from rumbo.core.i18n import get_language, set_language, translator
from rumbo.data.plan import SCHEMA_VERSION
from rumbo import content, listening as L, measurement, metrics, objectives as obj, timecost, upkeep
from rumbo.core.errors import InvalidInputError
from rumbo.data import business_info, load_dataset
from rumbo.data.profile import example_profile
from rumbo.objectives import milestone_ladder

_, N_, ngettext = translator("plan_example")

HORIZON_MONTHS = 6
ENGAGEMENT_UPLIFT = 1.2    # +20 % in six months: about 3 % a month ("realista" to "ambicioso")
SALES_UPLIFT = 1.15
RETURNS_CUT = 0.8          # the return rate down to 80 % of today's
ACTION_SHARES = (0.45, 0.3, 0.25)
TARGETS = {"response_rate": 90, "median_minutes": 60, "share_within_60": 50, "crisis_z": 3}
#: Two weeks of a habit being built: most days done, a weekend missed.
HABIT_WEEKS = [[True, True, True, True, True, False, False],
               [True, True, False, True, True, True, False]]

#: A line of action per KPI (what to do every week), translated where shown.
ACTIONS = {
    "followers": N_("Publicar en días fijos fotos del día a día y responder a cada comentario"),
    "engaged_users": N_("Preguntar en cada publicación y contestar en el mismo día"),
    "engagement_rate": N_("Más vídeos cortos y carruseles (lo que más interacción da) y preguntas "
                          "a la comunidad"),
    "reach": N_("Colaborar con dos comercios vecinos y compartir sus novedades"),
    "web_visits": N_("Enlace a la web o a WhatsApp en cada publicación de producto"),
    "sales": N_("Una oferta semanal solo para quien nos sigue, con código para la tienda"),
    "return_rate": N_("Vídeos de uso y respuestas a dudas antes de la compra"),
    "response_time": N_("Dos ratos fijos al día para responder mensajes"),
    "event_signups": N_("Cuenta atrás del evento con inscripción en un clic"),
}


def plan_start(business: str) -> date:
    """The day after the last day of the bundled data."""
    return (load_dataset(business, "followers")["date"].max() + timedelta(days=1)).date()


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, 1) - timedelta(days=1)  # the last day of the month before


def _objectives(business: str, profile: dict, start: date) -> list[dict]:
    deadline = _add_months(start, HORIZON_MONTHS)  # the last day of the sixth month
    followers = load_dataset(business, "followers")
    network = profile["networks"][0]
    last = followers[followers["network"] == network].sort_values("date")["followers"].iloc[-1]
    typical = obj.benchmark(obj.TYPICAL_KEY).value  # a ratio (0.02)
    posts = load_dataset(business, "posts")
    rate = metrics.overall_value(posts, "engagements", "reach", "ratio_of_sums") * 100
    wanted = [
        obj.Objective("", "awareness", "followers", network, int(last),
                      int(round(last * (1 + typical) ** HORIZON_MONTHS)), deadline.isoformat()),
        obj.Objective("", "loyalty", "engagement_rate", "all", round(rate, 2),
                      round(rate * ENGAGEMENT_UPLIFT, 2), deadline.isoformat()),
    ]
    sales = load_dataset(business, "sales")
    if business_info(business).get("has_ecommerce"):
        returns = sales["returned_orders"].sum() / sales["orders"].sum() * 100
        wanted.append(obj.Objective("", "fewer_returns", "return_rate", "all", round(returns, 1),
                                    round(returns * RETURNS_CUT, 1), deadline.isoformat()))
    else:
        monthly = sales.set_index("date")["social_last_click_orders"].resample("MS").sum().mean()
        wanted.append(obj.Objective("", "sell_more", "sales", "all", int(round(monthly)),
                                    int(round(monthly * SALES_UPLIFT)), deadline.isoformat()))
    budget = float(profile["hours_per_week"])
    records = []
    for objective, share in zip(wanted, ACTION_SHARES):
        record = obj.objective_record(obj.check_smart(objective, start))
        record["action"] = _(ACTIONS[objective.kpi])
        record["hours_per_week"] = round(budget * share * 4) / 4  # quarter hours
        records.append(record)
    return records


def _milestones(records: list[dict], start: date) -> list[dict]:
    ladders = []
    for index, record in enumerate(records):
        try:
            steps = milestone_ladder(record["start"], record["target"], start, record["deadline"], 3)
        except InvalidInputError:
            steps = []
        ladders.append({"objective": index, "text": record["text"], "steps": steps})
    return ladders


def _kpis(business: str) -> list[dict]:
    posts = load_dataset(business, "posts")
    chosen = [("engagements", "reach", "ratio_of_sums", ENGAGEMENT_UPLIFT),
              ("clicks", "impressions", "ratio_of_sums", ENGAGEMENT_UPLIFT),
              ("comments", "posts", "ratio_of_sums", ENGAGEMENT_UPLIFT)]
    records = []
    for count, denominator, aggregate, uplift in chosen:
        current = metrics.overall_value(posts, count, denominator, aggregate)
        records.append(metrics.kpi_record(count, denominator, aggregate, current,
                                          round(current * uplift, 6)))
    return records


def _time_budget(business: str, profile: dict) -> dict:
    ads = float(load_dataset(business, "posts")["spend"].sum()) / 12
    breakdown = timecost.monthly_cost(timecost.default_split(profile["hours_per_week"]),
                                      profile["hourly_cost"], tools=0, ads=round(ads, 2),
                                      currency=profile["currency"])
    return timecost.time_budget_section(breakdown)


def _routine(business: str, profile: dict) -> dict:
    routine = upkeep.suggested_routine(profile["hours_per_week"], profile["networks"],
                                       business_info(business)["timezone"])
    fit = upkeep.fit_check(routine, profile["hours_per_week"])
    return {**routine, "budget_minutes": fit.budget_minutes, "fits": fit.fits,
            "publishing_days": fit.publishing_days}


def _listening(business: str) -> tuple[dict, dict]:
    current = L.response_stats(L.own_mentions(business))
    targets = L.validate_targets(TARGETS)
    listening = {**targets, "current": {"response_rate": current["response_rate"],
                                        "median_minutes": current["median_minutes"],
                                        "share_within_60": current["share_within"]}}
    people = list(load_dataset(business, "time_log")["person"].value_counts().index)
    first = people[0]
    second = people[1] if len(people) > 1 else _("la otra persona del negocio")
    raw = {c: {"who": first if c != "customer_right" else second, "minutes": L.CATEGORY_MINUTES[c]}
           for c in L.CATEGORIES}
    raw["escalate_to"] = second
    return listening, L.validate_protocol(raw)


def _measurement(business: str, profile: dict) -> dict:
    """Links for a seasonal post on each network (one of them boosted), a code per network and
    the sheet at the till; the web address uses the reserved «.example» domain."""
    info = business_info(business)
    website = f"https://{measurement.slug(info['name'], 'web')}.example/"
    networks = profile["networks"]
    posts = [(n, _("novedad de temporada"), False) for n in networks]
    posts.append((networks[0], _("promoción de temporada"), True))
    links = measurement.utm_links(website, _("temporada"), posts)
    sources = ["discount_codes", "tally"] + (["ga4_utm"] if int(info["has_ecommerce"]) else [])
    return measurement.plan_section(website, _("temporada"), links,
                                    measurement.discount_codes(info["name"].split()[-1], networks),
                                    None, True, sources)


def _content(business: str, profile: dict, plan: dict, start: date) -> dict:
    """The month the plan starts, in light formats, reusing videos, on as many of the
    routine's publishing days and of the profile's networks as fit its minutes for content."""
    minutes = content.format_minutes(load_dataset(business, "posts"),
                                     load_dataset(business, "time_log"))["minutes"].to_dict()
    capacity, _source = content.weekly_capacity(plan, profile)
    shares = {p["pillar"]: p["share"] for p in content.suggest_pillars(profile, plan["objectives"])}
    hooks = content.seasonal_hooks(profile["sector"], start.year, start.month)
    networks = list(profile["networks"])
    for count in range(len(networks), 0, -1):  # fewer networks until one post a week fits
        posts, _days = content.fitting_month(start.year, start.month, shares, networks[:count], minutes,
                                             capacity, days=content.publish_days(plan["routine"]),
                                             hooks=hooks, batching=True, mix="light")
        fit = content.fit_month(posts, capacity, start.year, start.month)
        if fit.fits:
            break
    return content.content_section(shares, posts, fit, f"{start.year:04d}-{start.month:02d}",
                                   batching=True, saved_minutes=content.batching_savings(posts, minutes))


@lru_cache(maxsize=8)
def _example(business: str, language: str) -> dict:
    previous = get_language()
    set_language(language)
    try:
        profile = example_profile(business)
        start = plan_start(business)
        records = _objectives(business, profile, start)
        listening, protocol = _listening(business)
        plan = {
            "schema_version": SCHEMA_VERSION, "language": language, "profile": profile,
            "objectives": records, "milestones": _milestones(records, start),
            "kpis": _kpis(business), "time_budget": _time_budget(business, profile),
            "routine": _routine(business, profile),
            "habit": upkeep.habit_summary(HABIT_WEEKS),
            "listening": listening, "response_protocol": protocol,
            "measurement": _measurement(business, profile),
        }
        plan["content"] = _content(business, profile, plan, start)
        return plan
    finally:
        set_language(previous)


def example_plan(business: str = "panaderia", language: str | None = None) -> dict:
    """A complete, consistent plan for a bundled business (a fresh copy each call).

    Raises :class:`~rumbo.core.errors.DataError` for an unknown business.
    """
    import copy


    business_info(business)  # a clear message for an unknown business
    return copy.deepcopy(_example(business, language or get_language()))
