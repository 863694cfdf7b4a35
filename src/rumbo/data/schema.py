"""The plan's shape, written down: one typed description per section, and tolerant readers.

A plan is JSON the learner can open and edit by hand, so anything may be in it.
The :class:`Plan` ``TypedDict`` (and one per section) says what the course
writes; the readers below are what every module uses to read it back: they
never raise, and turn a value of the wrong type into "absent" (``None``, ``{}``
or ``[]``), so a module the learner skipped, or a hand-edited section, is a
*to do*, never a crash.

:func:`check_sections` is what :func:`rumbo.data.plan.load_plan` applies on
load: a known section whose type is wrong (``"profile": 5``) is left out of the
plan the course works with, and a message in the learner's language names it.
The file itself keeps it until the learner saves that section again.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any, TypedDict

from rumbo.core.i18n import translator
from rumbo.core.units import HOURS_PER_WEEK

_, N_, ngettext = translator("plan")


class Profile(TypedDict, total=False):
    name: str
    sector: str
    city: str
    country: str
    networks: list[str]
    followers: dict[str, float]
    hours_per_week: float
    hourly_cost: float
    currency: str


class Objective(TypedDict, total=False):
    text: str
    goal: str | None
    kpi: str | None
    network: str | None
    start: float | None
    target: float | None
    deadline: str | None            # ISO date
    smart: dict[str, dict[str, Any]]
    is_smart: bool
    verdict: str | None
    action: str                     # module 7: what will be done each week
    hours_per_week: float           # module 7: hours that action takes


class MilestoneStep(TypedDict):
    stage: int
    date: str
    value: float
    share: float


class Milestones(TypedDict, total=False):
    objective: int
    text: str
    steps: list[MilestoneStep]


class KPI(TypedDict, total=False):
    name: str
    formula: str
    denominator: str
    current: float | None
    target: float
    unit: str                       # "percent", "times" or "per_post"
    metric: dict[str, str]


class TimeBudget(TypedDict, total=False):
    hours_per_week: dict[str, float]
    weekly_hours: float
    hourly_cost: float
    tools_per_month: float
    ads_per_month: float
    monthly_cost: float
    yearly_cost: float
    content_share: float | None
    currency: str
    first_year_hours: float
    first_year_cost: float


class Routine(TypedDict, total=False):
    grid: dict[str, dict[str, int]]  # day -> task -> minutes
    networks: list[str]
    network_labels: list[str]
    timezone: str
    start_time: str                  # "09:00"
    weekly_minutes: int
    budget_minutes: int
    fits: bool
    publishing_days: int


class Habit(TypedDict, total=False):
    weeks: list[list[bool]]
    done_days: int
    total_days: int
    share: float
    longest_streak: int
    full_weeks: int


class Listening(TypedDict, total=False):
    response_rate: float
    share_within_60: float
    median_minutes: float
    crisis_z: float
    current: dict[str, float]


class ResponseRule(TypedDict, total=False):
    category: str
    who: str
    max_minutes: float
    action: str


class ResponseProtocol(TypedDict, total=False):
    rules: list[ResponseRule]
    escalate_to: str
    needs_approval: bool


class MeasurementLink(TypedDict, total=False):
    network: str
    post: str
    paid: bool
    link: str                       # the page with its utm_* parameters


class Measurement(TypedDict, total=False):
    website: str
    campaign: str
    links: list[MeasurementLink]
    codes: dict[str, str]            # network -> discount code
    whatsapp: dict[str, str]         # number (digits), message, link
    tally: bool                      # keeps the «¿cómo nos conociste?» sheet
    sources: list[str]               # rumbo.measurement.SOURCES the owner has
    measured: list[str]              # funnel figures those sources measure


class ContentPillar(TypedDict):
    pillar: str                      # rumbo.content.PILLARS
    share: int                       # % of the month's posts


class ContentPost(TypedDict, total=False):
    date: str                        # ISO date
    network: str                     # rumbo.core.units.CHANNELS
    pillar: str
    format: str                      # rumbo.content.FORMATS
    idea: str
    minutes: int
    hook: bool                       # tied to a date of the business's own calendar
    repurposed: bool                 # made from a video of the same day


class LegalPoint(TypedDict):
    key: str                         # rumbo.content.LEGAL_CHECKLIST
    point: str                       # what she checked, in her language when saved
    source: str                      # the law or rule it comes from


class Content(TypedDict, total=False):
    pillars: list[ContentPillar]
    month: str                       # "2026-03"
    posts: list[ContentPost]
    total_minutes: int
    capacity_per_week: int
    fits: bool
    batching: bool
    saved_minutes: int
    legal: list[LegalPoint]          # the legal and safety points she has checked


class Plan(TypedDict, total=False):
    schema_version: int
    language: str
    profile: Profile
    objectives: list[Objective]
    milestones: list[Milestones]
    kpis: list[KPI]
    time_budget: TimeBudget
    routine: Routine
    habit: Habit
    listening: Listening
    response_protocol: ResponseProtocol
    measurement: Measurement
    content: Content


#: Sections a plan may hold, in the order the course fills them, with their JSON type.
SECTION_TYPES: dict[str, type] = {
    "profile": dict, "objectives": list, "milestones": list, "kpis": list, "time_budget": dict,
    "content": dict, "routine": dict, "habit": dict, "listening": dict, "response_protocol": dict,
    "measurement": dict,
}
SECTIONS = tuple(SECTION_TYPES)
SECTION_NAMES = {
    "profile": N_("perfil del negocio"), "objectives": N_("objetivos"), "milestones": N_("hitos"),
    "kpis": N_("KPI"), "time_budget": N_("horas y coste"), "routine": N_("rutina semanal"),
    "habit": N_("registro del hábito"), "listening": N_("objetivos de respuesta"),
    "response_protocol": N_("protocolo de respuesta"), "measurement": N_("cómo mides lo que vende"),
    "content": N_("calendario de contenidos"),
}
_KINDS = {dict: N_("una ficha con campos"), list: N_("una lista")}


def check_sections(plan: dict) -> tuple[dict, list[str]]:
    """``plan`` without the known sections whose type is wrong, and one message for each."""
    clean, problems = dict(plan), []
    for section, kind in SECTION_TYPES.items():
        if section in plan and plan[section] is not None and not isinstance(plan[section], kind):
            del clean[section]
            problems.append(_(
                "La sección «{section}» ({name}) de tu plan no tiene el formato esperado ({kind}): "
                "sigo sin ella. Vuelve a guardarla en su módulo y quedará bien.").format(
                    section=section, name=_(SECTION_NAMES[section]), kind=_(_KINDS[kind])))
    return clean, problems


# --- tolerant readers: never raise, whatever a hand-edited plan holds ------------------------


def number(value) -> float | None:
    """A finite number from a plan value, else ``None`` (text, bool, NaN and None included)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def date_of(value) -> date | None:
    """An ISO (or dd/mm/yyyy) date from a plan value, else ``None``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value.strip()[:10], fmt).date()
        except ValueError:
            continue
    return None


def section(plan: dict | None, name: str) -> dict:
    """A dict section of the plan, or ``{}`` when it is missing or of another type."""
    value = (plan or {}).get(name) if isinstance(plan, dict) else None
    return value if isinstance(value, dict) else {}


def records(plan: dict | None, name: str) -> list[dict]:
    """The dict entries of a list section (objectives, milestones, kpis); others are skipped."""
    value = (plan or {}).get(name) if isinstance(plan, dict) else None
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def currency(plan: dict | None) -> str:
    """The plan's currency: module 3's if saved, else the profile's, else euros."""
    for name in ("time_budget", "profile"):
        value = section(plan, name).get("currency")
        if isinstance(value, str) and value.strip():
            return value.strip().upper()
    return "EUR"


def hourly_cost(plan: dict | None) -> float | None:
    """The hourly cost of module 3 if saved, else the profile's."""
    for name in ("time_budget", "profile"):
        value = number(section(plan, name).get("hourly_cost"))
        if value is not None and value >= 0:
            return value
    return None


def budget_hours(plan: dict | None) -> float | None:
    """Weekly hours available: module 3's inventory if saved, else the profile's hours."""
    value = number(section(plan, "time_budget").get("weekly_hours"))
    if value is None:
        value = number(section(plan, "profile").get("hours_per_week"))
    return value if value is not None and 0 <= value <= HOURS_PER_WEEK else None
