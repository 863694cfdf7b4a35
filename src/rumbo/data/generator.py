"""Deterministic generator of the course's synthetic datasets.

Run ``python -m rumbo.data.generator --out datasets`` to (re)write every generated CSV
the course ships: ``businesses.csv`` and, per business,
``posts.csv``, ``followers.csv``, ``sales.csv``, ``time_log.csv`` and
``mentions.csv``. ``datasets/README.md`` (the data card) documents every column.
``benchmarks.csv``, the facts table with source and year per row, is kept by
hand (each row is a checked fact, not a draw) and only read here.

Determinism
    Each business has one fixed seed, ``SEED_BASE + index`` (20250101 for the
    bakery, 20250102 for the cosmetics store, 20250103 for the hardware shop).
    Each table draws from its own stream, ``default_rng([seed, stream])`` with
    ``stream`` the position of the table in :data:`STREAMS`, so changing how one
    table is drawn never shifts the numbers of another. Rows are sorted, floats
    are rounded before writing and files are written as UTF-8 without BOM with
    ``\\n`` line endings, so two runs give byte-identical files (for the pinned
    numpy and pandas versions).

Modelling in one paragraph
    A posting *schedule* is drawn first (when, where, which format, paid or
    not). Daily *followers* grow with the posts of the last seven days, so silent
    weeks are flat or slightly negative. *Post metrics* are drawn from the
    followers of that day with lognormal reach (skewed, as real reach is) and an
    engagement rate that falls as reach grows, so the mean of per-post ratios is
    larger than the ratio of sums. *Mentions* grow with posting activity, except
    negative ones, which stay at a steady baseline apart from one crisis day.
    *Sales* respond to recent reach through the social funnel, and the *time
    log* is built from the actual posts, replies, measuring and learning.
"""

from __future__ import annotations

import argparse
import math
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from rumbo.data import comments_en
from rumbo.data.datasets import PLAN_END, PLAN_START

# ---------------------------------------------------------------------------
# Calendar, seeds and coded values
# ---------------------------------------------------------------------------

SEED_BASE = 20250101
PERIOD_START = pd.Timestamp("2025-01-01")
PERIOD_END = pd.Timestamp("2025-12-31")
DAYS = pd.date_range(PERIOD_START, PERIOD_END, freq="D")
N_DAYS = len(DAYS)

#: One random stream per table; the position is part of the stream's seed.
STREAMS = ("schedule", "followers", "posts", "mentions", "sales", "time_log")

NETWORKS = ("facebook", "instagram", "tiktok")
POST_TYPES = {
    "facebook": ("photo", "video", "link", "status"),
    "instagram": ("photo", "carousel", "reel"),
    "tiktok": ("video",),
}
TASKS = ("content_creation", "photo_video", "writing", "publishing",
         "replying", "measuring", "learning")
KINDS = ("praise", "question", "complaint", "troll", "other")

#: Monthly share of followers who leave, whatever the business does (percent).
CHURN_MONTHLY = 0.5
DAYS_PER_MONTH = 30.4

#: z-score above which a day counts as a crisis, and the safety margin the
#: generator keeps on every other day so no second day gets near it.
CRISIS_Z = 3.0
CALM_Z = 2.8
BASELINE_DAYS = 28


#: What a boosted post pays per 1,000 ad impressions (CPM) and how often an ad
#: impression is clicked (CTR), so the sample data's CPC and CPM sit inside the
#: published medians for Meta ads in each market (``meta_cpm_*`` and
#: ``meta_cpc_*`` in benchmarks.csv, converted with the ``usd_to_*_example``
#: assumptions): Spain 5.67 US$ x 0.90 = about 5.10 EUR; Colombia 2.62 US$ x
#: 4,100 = about 10,700 COP. A CTR of 1.5 % gives CPCs of about 0.34 EUR and
#: 710 COP, between the cheapest and the dearest month of each market.
SPAIN_CPM_EUR = 5.10
COLOMBIA_CPM_COP = 10700.0
AD_CTR = 0.015
#: Impressions per person reached by a small boost (a few days, one audience).
AD_FREQUENCY = 1.4

#: The bakery's subsidised plan (35 h, 600 EUR: audit, profiles, training): PLAN_START and
#: PLAN_END, imported from rumbo.data.datasets, which the course reads too.
#: The bakery's silent weeks after the plan: no posts, no replies, nothing logged.
SILENCE_START, SILENCE_END = "2025-04-05", "2025-05-18"
RESTART = "2025-05-19"


def rng_for(index: int, stream: str) -> np.random.Generator:
    """The random stream of one table of one business (see module docstring)."""
    return np.random.default_rng([SEED_BASE + index, STREAMS.index(stream)])


def day_index(date: str | pd.Timestamp) -> int:
    """Position of ``date`` in the period (0 = 1 January 2025)."""
    return int((pd.Timestamp(date) - PERIOD_START).days)


# ---------------------------------------------------------------------------
# Business specifications
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Network:
    """How one business uses one network.

    ``reach_share`` is the median organic reach / followers of the network's
    reference format (Facebook photo, Instagram carousel, TikTok video);
    ``er_reach`` the median engagements / reach of that format. Growth is in
    percent per month: ``growth_base`` with no posts, plus ``growth_per_post``
    for each post published in the last seven days.
    """

    name: str
    start_followers: int
    reach_share: float
    er_reach: float
    growth_base: float
    growth_per_post: float
    type_mix: dict
    opened: str = "2025-01-01"
    paid_share: float = 0.0
    mention_weight: float = 1.0


@dataclass(frozen=True)
class Phase:
    """A stretch of the year with one posting habit.

    ``kind`` is ``"habit"`` (weekly count close to ``rates``, with about half
    the spread of a Poisson count: a business with a routine is regular),
    ``"poisson"`` (weekly count drawn freely around ``rates``: no routine),
    ``"fixed"`` (every week within one post of ``rates``, for a supervised plan)
    or ``"sparse"`` (one post every ``gap`` days on a random network, for
    "almost never posts").
    ``skip`` is the chance that a whole week goes by without any post (never
    two weeks in a row), which is what an irregular restart looks like.
    """

    start: str
    end: str
    kind: str
    rates: dict = field(default_factory=dict)
    skip: float = 0.0
    gap: tuple = (8, 19)


@dataclass(frozen=True)
class Business:
    """Everything that makes one fictional business different from the others."""

    business_id: str
    name: str
    sector: str
    city: str
    region: str
    country: str
    currency: str
    timezone: str
    hours_per_week: float
    hourly_cost: float
    has_ecommerce: int
    networks: tuple
    phases: tuple
    boosts: tuple            # (start, end, network or "all", extra % per month)
    type_mix_changes: tuple  # (from date, network, new mix)
    hour_weights: tuple      # 24 weights for the hour a post goes out
    dow_weights: tuple       # 7 weights (Mon..Sun) for the day a post goes out
    spend_range: tuple       # (low, high, step) of a boosted post, in currency
    ad_cpm: float            # median cost per 1,000 ad impressions in its market, in currency
    forced_posts: tuple      # (datetime, network, post_type), e.g. a crisis statement
    crisis_day: str
    crisis_negatives: int
    off_rails_week: str      # Monday of the week that went off the rails
    crisis_load: float       # scale of the extra crisis work (1 = about 9 hours)
    people: dict             # role -> first name
    mentions: dict           # daily rates and response habits
    sales: dict              # orders, ticket size, returns, funnel
    vocab: dict              # products and places used in mention texts


BAKERY = Business(
    business_id="panaderia", name="Panadería Goikoa", sector="panadería y pastelería",
    city="Getxo", region="Bizkaia", country="España", currency="EUR",
    timezone="Europe/Madrid", hours_per_week=3, hourly_cost=18.0, has_ecommerce=0,
    networks=(
        Network("facebook", 1200, reach_share=0.058, er_reach=0.030, growth_base=-0.3,
                growth_per_post=0.55, paid_share=0.10, mention_weight=0.55,
                type_mix={"photo": 0.70, "video": 0.10, "link": 0.05, "status": 0.15}),
        Network("instagram", 800, reach_share=0.24, er_reach=0.028, growth_base=-0.3,
                growth_per_post=0.85, paid_share=0.03, mention_weight=0.45,
                type_mix={"photo": 0.60, "carousel": 0.20, "reel": 0.20}),
    ),
    phases=(
        Phase("2025-01-01", "2025-03-02", "sparse", gap=(8, 17)),
        Phase(PLAN_START, PLAN_END, "fixed", {"facebook": 2.5, "instagram": 2.5}),
        Phase(RESTART, "2025-10-31", "poisson", {"facebook": 1.3, "instagram": 1.4}, skip=0.3),
        Phase("2025-11-01", "2025-12-31", "habit", {"facebook": 3.0, "instagram": 3.5}),
    ),
    boosts=((PLAN_START, PLAN_END, "facebook", 3.5),
            (PLAN_START, PLAN_END, "instagram", 5.0)),
    type_mix_changes=(),
    hour_weights=(0, 0, 0, 0, 0, 0, 1, 6, 8, 4, 2, 1, 1, 1, 1, 1, 2, 4, 5, 4, 3, 1, 0, 0),
    dow_weights=(1.0, 1.0, 1.0, 1.0, 1.3, 1.4, 0.8),
    spend_range=(5, 20, 5), ad_cpm=SPAIN_CPM_EUR,
    forced_posts=(("2025-12-16 13:10", "facebook", "status"),
                  ("2025-12-16 13:15", "instagram", "photo")),
    crisis_day="2025-12-16", crisis_negatives=16, off_rails_week="2025-12-15", crisis_load=0.6,
    people={"owner": "Maite"},
    mentions={
        "rates": {"praise": 1.0, "question": 0.6, "other": 0.4},
        "negative": 0.55, "troll_share": 0.25, "typical_week": 3.0,
        "competitors": {"competidor_a": 2.4, "competidor_b": 1.8},
        "reply_prob": {"praise": 0.55, "question": 0.92, "complaint": 0.85, "troll": 0.15,
                       "other": 0.25},
        "reply_median_min": 150,
    },
    sales={
        "dow_orders": (215, 200, 205, 215, 255, 320, 260), "ticket_eur": 7.2,
        "ticket_sigma": 0.55, "closed": ("2025-01-01", "2025-12-25"), "return_rate": 0.002,
        "visits_base": 0.4, "visits_per_reach": 0.004, "last_click_conv": 0.45,
        "assist_share": 0.014, "new_base": 3.0, "new_per_visit": 0.5,
    },
    vocab={
        "place": ("Getxo", "Algorta", "Las Arenas", "Neguri", "Romo"),
        "products": ("el pan de masa madre", "la hogaza de centeno", "el croissant de mantequilla",
                     "la tarta de queso", "el bizcocho de yogur", "la bolsa de magdalenas",
                     "la baguette", "el pastel vasco", "el bollo de leche",
                     "la empanada de bonito", "el pan de espelta", "la carolina"),
        "when": ("hoy", "mañana", "este sábado", "para el domingo", "a primera hora"),
        "crisis_product": "las pastas de Navidad",
    },
)

COSMETICS = Business(
    business_id="cosmetica", name="Ilargi Cosmética Natural",
    sector="cosmética natural (tienda online)", city="Valencia", region="Comunitat Valenciana",
    country="España", currency="EUR", timezone="Europe/Madrid", hours_per_week=15,
    hourly_cost=20.0, has_ecommerce=1,
    networks=(
        Network("instagram", 4800, reach_share=0.20, er_reach=0.026, growth_base=-0.3,
                growth_per_post=0.55, paid_share=0.14, mention_weight=0.55,
                type_mix={"photo": 0.30, "carousel": 0.35, "reel": 0.35}),
        Network("facebook", 2600, reach_share=0.052, er_reach=0.022, growth_base=-0.4,
                growth_per_post=0.40, paid_share=0.15, mention_weight=0.20,
                type_mix={"photo": 0.45, "video": 0.15, "link": 0.30, "status": 0.10}),
        Network("tiktok", 2100, reach_share=1.25, er_reach=0.040, growth_base=0.0,
                growth_per_post=1.1, mention_weight=0.25, type_mix={"video": 1.0}),
    ),
    phases=(
        Phase("2025-01-01", "2025-04-30", "habit",
              {"instagram": 4.0, "facebook": 3.0, "tiktok": 2.5}),
        Phase("2025-05-01", "2025-11-16", "habit",
              {"instagram": 5.0, "facebook": 3.5, "tiktok": 3.0}),
        Phase("2025-11-17", "2025-12-07", "habit",
              {"instagram": 6.0, "facebook": 4.5, "tiktok": 4.0}),
        Phase("2025-12-08", "2025-12-31", "habit",
              {"instagram": 5.0, "facebook": 3.5, "tiktok": 3.0}),
    ),
    boosts=(("2025-11-17", "2025-12-07", "all", 2.0),),
    type_mix_changes=(("2025-05-01", "instagram",
                       {"photo": 0.20, "carousel": 0.48, "reel": 0.32}),),
    hour_weights=(0, 0, 0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 3, 4, 4, 2, 2, 2, 3, 5, 6, 5, 3, 1),
    dow_weights=(1.1, 1.1, 1.0, 1.1, 1.0, 0.8, 0.9),
    spend_range=(10, 60, 5), ad_cpm=SPAIN_CPM_EUR,
    forced_posts=(("2025-12-02 18:30", "instagram", "photo"),
                  ("2025-12-02 18:35", "facebook", "status")),
    crisis_day="2025-12-02", crisis_negatives=38, off_rails_week="2025-12-01", crisis_load=1.2,
    people={"owner": "Lucía", "assistant": "Andrés"},
    mentions={
        "rates": {"praise": 2.6, "question": 2.0, "other": 0.9},
        "negative": 1.5, "troll_share": 0.25, "typical_week": 10.0,
        "trend": 0.6, "question_boost_from": "2025-05-01", "question_boost": 1.4,
        "competitors": {"competidor_a": 9.0, "competidor_b": 6.0, "competidor_c": 4.0},
        "reply_prob": {"praise": 0.6, "question": 0.95, "complaint": 0.92, "troll": 0.2,
                       "other": 0.3},
        "reply_median_min": 110,
        "before": ("2025-05-01", 0.35, 900),  # until, reply probability, median minutes
    },
    sales={
        "orders_start": 17.0, "orders_growth": 0.88, "ticket_eur": 31.0, "ticket_sigma": 0.45,
        "return_from": 12.0, "return_to": 3.6, "return_mid": "2025-06-20", "return_width": 15.0,
        "visits_base": 120.0, "visits_per_reach": 0.02, "last_click_conv": 0.005,
        "assist_share": 0.34, "new_share": (0.45, 0.36),
    },
    vocab={
        "place": ("Madrid", "Bilbao", "Sevilla", "Zaragoza", "Canarias", "Mallorca", "Valencia"),
        "products": ("la crema hidratante de aloe", "el sérum de vitamina C",
                     "el champú sólido", "el desodorante natural", "el bálsamo labial",
                     "el aceite facial de rosa mosqueta", "el jabón de avena",
                     "el contorno de ojos", "la mascarilla de arcilla",
                     "el protector solar mineral"),
        "when": ("en stock", "en tamaño viaje", "en formato grande", "sin perfume"),
        "crisis_product": "mi pedido",
    },
)

HARDWARE = Business(
    business_id="ferreteria", name="Ferretería El Tornillo", sector="ferretería",
    city="Medellín", region="Antioquia", country="Colombia", currency="COP",
    timezone="America/Bogota", hours_per_week=12, hourly_cost=15000.0, has_ecommerce=0,
    networks=(
        Network("facebook", 3400, reach_share=0.055, er_reach=0.024, growth_base=-0.3,
                growth_per_post=0.30, paid_share=0.12, mention_weight=0.55,
                type_mix={"photo": 0.60, "video": 0.20, "link": 0.05, "status": 0.15}),
        Network("instagram", 1100, reach_share=0.22, er_reach=0.025, growth_base=-0.3,
                growth_per_post=0.70, paid_share=0.08, mention_weight=0.30,
                type_mix={"photo": 0.45, "carousel": 0.25, "reel": 0.30}),
        Network("tiktok", 180, reach_share=0.90, er_reach=0.030, growth_base=0.0,
                growth_per_post=2.2, opened="2025-07-01", mention_weight=0.15,
                type_mix={"video": 1.0}),
    ),
    phases=(
        Phase("2025-01-01", "2025-06-30", "habit", {"facebook": 6.0, "instagram": 3.5}),
        Phase("2025-07-01", "2025-11-30", "habit",
              {"facebook": 6.0, "instagram": 3.5, "tiktok": 3.0}),
        Phase("2025-12-01", "2025-12-31", "habit",
              {"facebook": 7.0, "instagram": 4.0, "tiktok": 3.5}),
    ),
    boosts=(("2025-07-01", "2025-08-31", "tiktok", 8.0),),
    type_mix_changes=(),
    hour_weights=(0, 0, 0, 0, 0, 0, 2, 4, 4, 2, 1, 2, 4, 3, 1, 1, 1, 2, 4, 5, 3, 1, 0, 0),
    dow_weights=(1.1, 1.0, 1.0, 1.0, 1.1, 1.2, 0.5),
    spend_range=(20000, 100000, 5000), ad_cpm=COLOMBIA_CPM_COP,
    forced_posts=(("2025-09-08 18:40", "facebook", "photo"),
                  ("2025-09-09 16:20", "facebook", "status")),
    crisis_day="2025-09-09", crisis_negatives=26, off_rails_week="2025-09-08", crisis_load=1.6,
    people={"owner": "Hernán", "assistant": "Valentina"},
    mentions={
        "rates": {"praise": 1.5, "question": 2.0, "other": 0.8},
        "negative": 1.0, "troll_share": 0.25, "typical_week": 10.0,
        "competitors": {"competidor_a": 6.0, "competidor_b": 4.0},
        "reply_prob": {"praise": 0.5, "question": 0.9, "complaint": 0.85, "troll": 0.1,
                       "other": 0.2},
        "reply_median_min": 150,
    },
    sales={
        "dow_orders": (150, 140, 140, 145, 170, 210, 0), "ticket_cop": 52000.0,
        "ticket_sigma": 0.8, "closed": ("2025-01-01", "2025-12-25"), "return_rate": 0.012,
        "visits_base": 4.0, "visits_per_reach": 0.0025, "last_click_conv": 0.30,
        "assist_share": 0.06, "new_share": (0.12, 0.14),
    },
    vocab={
        "place": ("Laureles", "Belén", "Envigado", "Itagüí", "Robledo", "El Poblado", "Bello"),
        "products": ("el taladro percutor", "la pintura para exteriores",
                     "la caja de tornillos de 2 pulgadas", "la manguera de 15 metros",
                     "el juego de llaves", "la escalera de aluminio", "la cinta métrica",
                     "la silicona para baño", "el juego de brocas para concreto", "el candado",
                     "la pulidora", "el cemento blanco", "la bolsa de chazos plásticos"),
        "when": ("hoy", "en este momento", "para recoger mañana", "en bodega"),
        "crisis_product": "el taladro percutor",
        "wrong_price": "$39.900", "right_price": "$399.900",
    },
)

#: The bundled businesses; the position in this tuple is the ``index`` of the seed.
BUSINESSES = (BAKERY, COSMETICS, HARDWARE)

#: Dates of the built-in stories, for notebooks, exercises and tests.
CRISIS_DAYS = {b.business_id: b.crisis_day for b in BUSINESSES}
OFF_RAILS_WEEKS = {b.business_id: b.off_rails_week for b in BUSINESSES}
SEEDS = {b.business_id: SEED_BASE + i for i, b in enumerate(BUSINESSES)}

# ---------------------------------------------------------------------------
# Effects shared by every business (log multipliers), so a regression finds them
# ---------------------------------------------------------------------------

#: Reach by format, relative to the network's reference format. Video formats
#: are pushed by the algorithms; links and plain text are held back.
REACH_TYPE = {
    ("facebook", "photo"): 0.0, ("facebook", "video"): 0.25, ("facebook", "link"): -0.40,
    ("facebook", "status"): -0.30, ("instagram", "photo"): -0.15,
    ("instagram", "carousel"): 0.0, ("instagram", "reel"): 0.45, ("tiktok", "video"): 0.0,
}
#: Engagement per reached account by format: carousels get saved, links get
#: clicked instead of liked, text posts get comments.
ER_TYPE = {
    ("facebook", "photo"): 0.10, ("facebook", "video"): -0.05, ("facebook", "link"): -0.45,
    ("facebook", "status"): 0.15, ("instagram", "photo"): 0.0,
    ("instagram", "carousel"): 0.20, ("instagram", "reel"): -0.15, ("tiktok", "video"): 0.0,
}
#: How engagements split into likes, comments, shares and saves.
MIX = {
    ("facebook", "photo"): (0.80, 0.12, 0.08, 0.0), ("facebook", "video"): (0.74, 0.10, 0.16, 0.0),
    ("facebook", "link"): (0.70, 0.12, 0.18, 0.0), ("facebook", "status"): (0.66, 0.28, 0.06, 0.0),
    ("instagram", "photo"): (0.84, 0.07, 0.03, 0.06),
    ("instagram", "carousel"): (0.66, 0.07, 0.05, 0.22),
    ("instagram", "reel"): (0.78, 0.05, 0.10, 0.07), ("tiktok", "video"): (0.85, 0.05, 0.05, 0.05),
}
#: Click-through rate (clicks / impressions) by format.
CTR = {
    ("facebook", "photo"): 0.004, ("facebook", "video"): 0.003, ("facebook", "link"): 0.018,
    ("facebook", "status"): 0.002, ("instagram", "photo"): 0.004,
    ("instagram", "carousel"): 0.005, ("instagram", "reel"): 0.003, ("tiktok", "video"): 0.003,
}
#: Impressions / reach (frequency) per network.
FREQUENCY = {"facebook": 1.25, "instagram": 1.35, "tiktok": 1.15}
#: Spread (sigma of log reach) per network: TikTok is the most hit-or-miss.
REACH_SIGMA = {"facebook": 0.80, "instagram": 0.70, "tiktok": 1.00}
#: Evening posts reach more people; posts in the small hours, fewer.
HOUR_EFFECT = np.array([-0.35] * 6 + [-0.2, 0.0, 0.0, -0.05, -0.05, -0.05, 0.05, 0.05,
                                       0.05, -0.05, -0.05, -0.05, 0.2, 0.2, 0.2, 0.2, -0.1, -0.1])
#: Day-of-week effect (Mon..Sun) per network: weekends are quieter on Facebook,
#: busier on Instagram and TikTok.
DOW_EFFECT = {
    "facebook": np.array([0.0, 0.0, 0.0, 0.0, 0.0, -0.12, -0.12]),
    "instagram": np.array([0.0, 0.0, 0.0, 0.0, 0.0, 0.05, 0.12]),
    "tiktok": np.array([0.0, 0.0, 0.0, 0.0, 0.12, 0.15, 0.15]),
}
#: Elasticity of engagement rate to reach surprise: a post that reaches twice
#: the usual audience gets about 2**-0.6 = 66% of the usual rate (the extra
#: people are less close to the brand). With lognormal reach of spread sigma,
#: the ratio of sums is about exp(-0.6 * sigma**2) of the mean of ratios
#: (0.68 on Facebook), the gap the course teaches (2.41 % vs 1.53 %).
ER_REACH_ELASTICITY = 0.6
#: People reached only by the ad know the shop less than its followers: they
#: engage at about a third of the organic rate per person reached.
PAID_ER = 0.35


# ---------------------------------------------------------------------------
# Posting schedule
# ---------------------------------------------------------------------------


def _opened(biz: Business) -> dict:
    return {n.name: pd.Timestamp(n.opened) for n in biz.networks}


def _weekly_count(kind: str, expected: float, rng: np.random.Generator) -> int:
    """Posts in one week: steady for a plan, regular for a habit, Poisson otherwise."""
    if kind == "fixed":
        return int(math.floor(expected) + (rng.random() < expected - math.floor(expected)))
    if kind == "habit" and expected > 0:
        trials = math.ceil(2 * expected)
        return int(rng.binomial(trials, expected / trials))
    return int(rng.poisson(expected))


def _pick_days(days: list, n: int, weights: tuple, rng: np.random.Generator) -> list:
    """Choose ``n`` posting days in a week, favouring the business's usual weekdays."""
    if n == 0 or not days:
        return []
    p = np.array([weights[d.day_of_week] for d in days], dtype=float)
    p /= p.sum()
    idx = rng.choice(len(days), size=n, replace=n > len(days), p=p)
    return [days[i] for i in sorted(idx)]


def _sparse_days(phase: Phase, rng: np.random.Generator) -> list:
    """One post every ``gap`` days: the "we post when we remember" habit."""
    start, end = pd.Timestamp(phase.start), pd.Timestamp(phase.end)
    day = start + pd.Timedelta(days=int(rng.integers(2, phase.gap[0] + 1)))
    out = []
    while day <= end:
        out.append(day)
        day += pd.Timedelta(days=int(rng.integers(phase.gap[0], phase.gap[1] + 1)))
    return out


def _type_mix(biz: Business, network: str, day: pd.Timestamp) -> dict:
    mix = next(n.type_mix for n in biz.networks if n.name == network)
    for start, net, new_mix in biz.type_mix_changes:
        if net == network and day >= pd.Timestamp(start):
            mix = new_mix
    return mix


def schedule_posts(biz: Business, rng: np.random.Generator) -> pd.DataFrame:
    """When, where and in which format each post goes out, and whether it was boosted.

    Weekly counts are drawn per phase (see :class:`Phase`) so the bakery's story
    (almost nothing, a steady plan, total silence, an irregular restart, a
    busier Christmas) is written in the phases, not in special cases.
    """
    opened = _opened(biz)
    slots = []  # (day, network)
    for phase in biz.phases:
        if phase.kind == "sparse":
            nets = [n.name for n in biz.networks]
            for day in _sparse_days(phase, rng):
                slots.append((day, nets[int(rng.integers(len(nets)))]))
            continue
        days = DAYS[(DAYS >= phase.start) & (DAYS <= phase.end)]
        weeks = pd.Series(days, index=days).groupby(days.to_period("W-SUN"))
        skipped = False
        for _, week in weeks:
            # An irregular habit skips weeks, but never two in a row.
            skipped = not skipped and phase.skip > 0 and rng.random() < phase.skip
            if skipped:
                continue
            for network, rate in phase.rates.items():
                open_days = [d for d in week if d >= opened[network]]
                # A plan is a weekly commitment, even in a short last week.
                full = phase.kind == "fixed" and len(open_days) >= 5
                expected = rate if full else rate * len(open_days) / 7
                n = _weekly_count(phase.kind, expected, rng)
                slots += [(d, network) for d in _pick_days(open_days, n, biz.dow_weights, rng)]

    hours = np.array(biz.hour_weights, dtype=float) / sum(biz.hour_weights)
    rows = []
    for day, network in slots:
        hour = int(rng.choice(24, p=hours))
        minute = int(rng.integers(0, 60))
        mix = _type_mix(biz, network, day)
        post_type = str(rng.choice(list(mix), p=np.array(list(mix.values())) / sum(mix.values())))
        rows.append((day + pd.Timedelta(hours=hour, minutes=minute), network, post_type))
    rows += [(pd.Timestamp(ts), net, kind) for ts, net, kind in biz.forced_posts]

    frame = pd.DataFrame(rows, columns=["published_at", "network", "post_type"])
    frame = frame.sort_values(["published_at", "network"], kind="mergesort").reset_index(drop=True)
    paid_share = {n.name: n.paid_share for n in biz.networks}
    low, high, step = biz.spend_range
    paid = rng.random(len(frame)) < frame["network"].map(paid_share).to_numpy()
    spend = rng.integers(low // step, high // step + 1, size=len(frame)) * step
    frame["paid"] = paid.astype(int)
    frame["spend"] = np.where(paid, spend, 0).astype(float)
    return frame


# ---------------------------------------------------------------------------
# Followers
# ---------------------------------------------------------------------------


def _posts_last_7_days(schedule: pd.DataFrame, network: str) -> np.ndarray:
    """Posts on ``network`` in the seven days ending each day."""
    days = schedule.loc[schedule["network"] == network, "published_at"].dt.normalize()
    counts = np.bincount([day_index(d) for d in days], minlength=N_DAYS)
    return np.convolve(counts, np.ones(7))[:N_DAYS]


def _boost(biz: Business, network: str) -> np.ndarray:
    """Extra monthly growth from campaigns (plan, Black Friday, a launch)."""
    extra = np.zeros(N_DAYS)
    for start, end, net, value in biz.boosts:
        if net in (network, "all"):
            extra[day_index(start):day_index(end) + 1] += value
    return extra


def followers_table(biz: Business, schedule: pd.DataFrame,
                    rng: np.random.Generator) -> pd.DataFrame:
    """Daily followers per network.

    Growth is driven by posting: ``growth_base + growth_per_post * posts in the
    last 7 days`` percent per month, plus campaign boosts; a fixed 0.5 % monthly
    churn always pulls the other way. Gains and losses are Poisson counts, so
    small accounts move in small integer steps. With 3-5 posts a week this
    gives the 1-3 % per month that is typical for small accounts; with none it
    gives a slow decline (the bakery's silent weeks).
    """
    frames = []
    churn = CHURN_MONTHLY / 100 / DAYS_PER_MONTH
    for net in biz.networks:
        monthly = net.growth_base + net.growth_per_post * _posts_last_7_days(schedule, net.name)
        daily = (monthly + _boost(biz, net.name)) / 100 / DAYS_PER_MONTH
        first = day_index(net.opened)
        values, count = [], net.start_followers
        for i in range(first, N_DAYS):
            if i > first:
                pull = daily[i] + churn
                gains = rng.poisson(count * max(pull, 0.0))
                losses = rng.poisson(count * (churn + max(-pull, 0.0)))
                count = max(count + int(gains) - int(losses), 0)
            values.append(count)
        frames.append(pd.DataFrame({"date": DAYS[first:], "network": net.name,
                                    "followers": values}))
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["date", "network"], kind="mergesort").reset_index(drop=True)


# ---------------------------------------------------------------------------
# Post metrics
# ---------------------------------------------------------------------------


def posts_table(biz: Business, schedule: pd.DataFrame, followers: pd.DataFrame,
                rng: np.random.Generator) -> pd.DataFrame:
    """Reach, impressions, engagements and clicks of every scheduled post.

    * Reach = followers x share x format/hour/weekday effects x lognormal noise.
      Lognormal because real reach is skewed: a few posts reach many times the
      usual audience. TikTok's share falls with account size (the "For you"
      feed shows small accounts' videos to many non-followers).
    * Engagement rate by reach falls with the reach surprise (elasticity
      :data:`ER_REACH_ELASTICITY`), so per-post ratios are negatively
      correlated with reach and the mean of ratios exceeds the ratio of sums.
    * A boosted post adds the people its ad reaches: spend / CPM x 1000 ad
      impressions at the market's CPM (:data:`SPAIN_CPM_EUR`,
      :data:`COLOMBIA_CPM_COP`), clicked at about :data:`AD_CTR`, engaging
      less than followers (:data:`PAID_ER`). So CPC and CPM fall inside the
      published ranges for local Meta ads.
    * Engagements are Poisson draws split by format (:data:`MIX`); Facebook
      reports no saves, so ``saves`` is left empty there.
    """
    frame = schedule.copy()
    fol = followers.set_index(["date", "network"])["followers"]
    keys = list(zip(frame["published_at"].dt.normalize(), frame["network"]))
    f = fol.loc[keys].to_numpy().astype(float)
    key = list(zip(frame["network"], frame["post_type"]))
    share = frame["network"].map({n.name: n.reach_share for n in biz.networks}).to_numpy()
    er0 = frame["network"].map({n.name: n.er_reach for n in biz.networks}).to_numpy()
    tiktok = (frame["network"] == "tiktok").to_numpy()
    share = np.where(tiktok, share * (np.maximum(f, 50) / 2000) ** -0.3, share)
    paid = frame["paid"].to_numpy() == 1

    mu = (np.log(np.maximum(f, 1) * share)
          + np.array([REACH_TYPE[k] for k in key])
          + HOUR_EFFECT[frame["published_at"].dt.hour.to_numpy()]
          + np.array([DOW_EFFECT[n][d] for n, d in zip(frame["network"],
                                                       frame["published_at"].dt.day_of_week)]))
    sigma = frame["network"].map(REACH_SIGMA).to_numpy()
    surprise = rng.normal(0, 1, len(frame)) * sigma
    organic_reach = np.maximum(np.round(np.exp(mu + surprise)), 1).astype(int)

    # A boost buys impressions at the market's CPM (varying from post to post);
    # the people it reaches come on top of the organic audience.
    cpm = biz.ad_cpm * np.exp(rng.normal(0, 0.3, len(frame)))
    ad_impressions = np.where(paid, np.round(frame["spend"].to_numpy() / cpm * 1000), 0).astype(int)
    ad_reach = np.round(ad_impressions / (AD_FREQUENCY * np.exp(rng.normal(0, 0.1, len(frame)))))
    ad_reach = np.minimum(ad_reach, ad_impressions).astype(int)
    reach = organic_reach + ad_reach

    rate = (er0 * np.exp(np.array([ER_TYPE[k] for k in key]))
            * np.exp(-ER_REACH_ELASTICITY * surprise)
            * np.exp(rng.normal(0, 0.3, len(frame))))
    expected = organic_reach * np.minimum(rate, 0.5) + ad_reach * np.minimum(rate, 0.5) * PAID_ER
    engagements = np.minimum(rng.poisson(expected), reach)
    parts = np.array([rng.multinomial(e, MIX[k]) for e, k in zip(engagements, key)])
    if len(parts) == 0:
        parts = np.zeros((0, 4), dtype=int)

    freq = frame["network"].map(FREQUENCY).to_numpy()
    extra = rng.poisson(organic_reach * (freq - 1) * np.exp(rng.normal(0, 0.2, len(frame))))
    organic_impressions = organic_reach + extra
    impressions = organic_impressions + ad_impressions
    ctr = np.array([CTR[k] for k in key]) * np.exp(rng.normal(0, 0.4, len(frame)))
    ad_ctr = AD_CTR * np.exp(rng.normal(0, 0.25, len(frame)))
    clicks = (rng.binomial(organic_impressions, np.minimum(ctr, 0.2))
              + rng.binomial(ad_impressions, np.minimum(ad_ctr, 0.2)))

    is_fb = (frame["network"] == "facebook").to_numpy()
    out = pd.DataFrame({
        "post_id": [f"{biz.business_id}-{i + 1:04d}" for i in range(len(frame))],
        "published_at": frame["published_at"].dt.strftime("%Y-%m-%d %H:%M"),
        "network": frame["network"], "post_type": frame["post_type"],
        "paid": frame["paid"], "spend": frame["spend"].round(2),
        "followers": f.astype(int), "reach": reach, "impressions": impressions,
        "likes": parts[:, 0], "comments": parts[:, 1], "shares": parts[:, 2],
        "saves": pd.array(np.where(is_fb, 0, parts[:, 3]), dtype="Int64"),
        "clicks": clicks,
    })
    out.loc[is_fb, "saves"] = pd.NA
    return out


# ---------------------------------------------------------------------------
# Mentions
# ---------------------------------------------------------------------------

FIRST_NAMES = ("ane", "maite", "jon", "iker", "leire", "mikel", "nerea", "unai", "amaia",
               "laura", "carlos", "marta", "pablo", "lucia", "sara", "javi", "elena", "david",
               "paula", "sergio", "andrea", "alba", "ruben", "irene", "mario", "cris",
               "valentina", "santiago", "camila", "mateo", "daniela", "sebas", "juliana",
               "andres", "natalia", "felipe", "mafe", "juanjo", "caro", "pipe", "luisa",
               "rosa", "tere", "manolo", "pilar", "asier", "itziar", "gorka", "june")
LAST_NAMES = ("garcia", "lopez", "etxebarria", "uribe", "martinez", "ruiz", "zubizarreta",
              "gomez", "arrieta", "sanchez", "restrepo", "osorio", "vidal", "perez", "moreno",
              "castano", "ibarra", "navarro", "torres", "alvarez")

PREFIXES = ("", "", "", "", "Hola, ", "Buenas, ", "Oye, ")
SUFFIXES = {
    "positive": ("", "", " 😍", " 👏", " ❤️", "!!", " 🙌", " 🥰"),
    "neutral": ("", "", " 🙂", " 🤔", ". Gracias", ". Gracias de antemano"),
    "negative": ("", "", " 😡", " 😤", ". Fatal.", " 👎", ". Qué decepción"),
    "chatter": ("", "", " 😂", " 👀", " jaja", " 🙌"),
}

#: Comment templates by kind. Products are always singular and no template
#: makes an adjective agree with them, so every combination reads naturally.
TEXTS = {
    "praise": (
        "{product_cap}, de lo mejor que he probado",
        "Ayer probé {product} por primera vez y ya no cambio de sitio",
        "Gracias por el trato de siempre, da gusto comprarte",
        "Justo lo que necesitaba: {product}",
        "Recomendadísimo. Atención cercana y calidad de verdad",
        "Solo quería felicitarte por {product}",
        "No falla nunca: {product}, de diez",
        "Se nota el cariño con el que trabajas",
        "Descubrí tu cuenta hace poco y ya no me pierdo nada",
        "En casa ya no quieren otra cosa. Gracias por todo",
    ),
    "question": (
        "¿Tienes {product} {when}?",
        "¿Cuánto cuesta {product}?",
        "Una pregunta: ¿se puede reservar {product}?",
        "¿Me escribes por privado el precio de {product}?",
        "¿Aceptas pago con tarjeta?",
        "¿Cuándo vuelve a estar disponible {product}?",
    ),
    "complaint": (
        "Llevo {n} días esperando respuesta y nada",
        "Muy mal la atención de hoy, la verdad",
        "El precio de {product} ha subido muchísimo",
        "Esperaba más de {product}, la verdad",
        "Te escribí por privado y sigo sin respuesta",
    ),
    "troll": (
        "Pura publicidad, nadie se cree estas fotos",
        "Más caro que en cualquier gran superficie y encima presumiendo",
        "Qué aburrido este perfil",
        "Seguro que ni lo haces tú jajaja",
        "Otra cuenta más vendiendo humo",
        "Nadie te preguntó",
        "Jajaja qué mal, deja las redes",
    ),
    "other": (
        "@{friend} mira esto",
        "Jajaja qué bueno el video",
        "Comparto por si a alguien le sirve",
        "@{friend} esto es lo que te decía",
        "Guardado para luego",
        "Justo hablábamos de esto ayer",
        "@{friend}",
    ),
}

BUSINESS_TEXTS = {
    "panaderia": {
        "praise": ("El mejor pan de {place}, sin discusión",
                   "Cada sábado paso a por {product}: nunca falla",
                   "Huele a horno de verdad desde la calle",
                   "Vaya pinta lo de la foto. Quiero probar {product}"),
        "question": ("¿Hay versión sin gluten de {product}?", "¿Haces encargos para cumpleaños?",
                     "¿Aún me da tiempo a llevarme {product}?", "¿Hasta qué hora abres {day}?"),
        "complaint": ("Ayer {product} no era como siempre, le faltaba algo",
                      "Hice un encargo y a la hora acordada todavía no estaba listo",
                      "Hoy tocó hacer cola {n} minutos"),
        "other": ("@{friend} ¿vamos {day}?", "@{friend} para el desayuno del domingo"),
        "crisis": ("La etiqueta de {crisis} dice «sin frutos secos» y llevan almendra. En casa hay alergia, esto es muy grave",
                   "¿Cómo puede ser que el lote de {crisis} no avise de la almendra? Quiero una explicación",
                   "Compré dos cajas de {crisis} el sábado. ¿Qué hago ahora con ellas?",
                   "Con las alergias no se juega. Retira ese lote ya",
                   "Acabo de leer lo del etiquetado de {crisis}. Menudo susto, {relative} casi se las come",
                   "Quiero que devuelvas el dinero de {crisis} y que avises a todo el mundo",
                   "Llevo toda la mañana llamando y nadie coge el teléfono. ¿Qué pasa con {crisis}?",
                   "Publica un aviso claro, que no todo el mundo lee los comentarios",
                   "Mi vecina es alérgica a la almendra, menos mal que lo vio a tiempo"),
    },
    "cosmetica": {
        "praise": ("Por fin algo que no me irrita la piel: {product} es mi imprescindible",
                   "El pedido llegó rapidísimo y muy bien envuelto",
                   "Gracias por explicarme qué crema elegir, acerté de lleno"),
        "question": ("¿{product_cap} sirve para piel sensible?", "¿Haces envíos a {place}?",
                     "¿Cuál me recomiendas para piel grasa, {product} o {product2}?",
                     "¿Cuánto tarda un pedido en llegar a {place}?"),
        "complaint": ("Pedí {product} y llegó con el bote roto",
                      "{product_cap} me dio reacción en la piel",
                      "Me llegó {product2} en lugar de {product}"),
        "other": ("@{friend} ¿lo pedimos a medias?", "@{friend} te lo regalo por tu cumple"),
        "crisis": ("Hice el pedido el {order_day} y sigue sin salir del almacén",
                   "Ni rastro de mi pedido del Black Friday. {n} días ya",
                   "El seguimiento no se mueve desde hace {n} días. ¿Dónde está mi pedido?",
                   "Era un regalo y no va a llegar a tiempo. Qué decepción",
                   "Escribí al correo de atención al cliente y nadie responde",
                   "Si no puedes enviar, no vendas. Quiero cancelar el pedido",
                   "¿Alguien más sigue esperando su pedido? Esto es un desastre",
                   "Me cobraste hace {n} días y todavía no sé nada del envío"),
    },
    "ferreteria": {
        "praise": ("Siempre encuentro lo que busco y me asesoran súper bien",
                   "Me explicaron cómo usar {product} paso a paso, ¡gracias!",
                   "Buenos precios y atención de barrio, así da gusto"),
        "question": ("¿{product_cap} sirve para pared de ladrillo?", "¿Tienes domicilio a {place}?",
                     "¿Qué me recomiendas para una humedad en el techo?",
                     "¿Tienes {product} en otra medida?", "¿Hasta qué hora abres {day}?"),
        "complaint": ("Compré {product} y vino con un defecto",
                      "Me vendieron {product} que no era y tuve que volver",
                      "El domicilio llegó {n} horas tarde"),
        "other": ("@{friend} ¿vamos {day}?", "@{friend} para lo del baño"),
        "crisis": ("Publicaste {crisis} a {wrong} y en la tienda me lo quieren cobrar a {right}. Eso es publicidad engañosa",
                   "Fui hasta la tienda por la oferta de {crisis} y ahora resulta que fue un error",
                   "Si lo publicas, lo respetas. Quiero {crisis} al precio del anuncio",
                   "Perdí la mañana entera por un precio que no era",
                   "¿Vas a respetar el precio de {crisis} o no?",
                   "Borraste la publicación y ya. Así no se trata a los clientes",
                   "Qué falta de seriedad con el precio de {crisis}",
                   "Exijo {crisis} al precio publicado, {wrong}"),
    },
}

DAYS_SAID = ("hoy", "mañana", "este sábado", "el domingo", "esta tarde", "el viernes")
RELATIVES = ("mi hija", "mi hijo", "mi sobrino", "mi pareja", "mi madre")
ORDER_DAYS = ("viernes", "jueves 27", "28 de noviembre", "fin de semana del Black Friday")
SENTIMENT = {"praise": "positive", "question": "neutral", "complaint": "negative",
             "troll": "negative", "other": "neutral"}
#: Mentions of a competitor: what people say about similar shops nearby.
COMPETITOR_KINDS = {"praise": 0.40, "question": 0.25, "complaint": 0.12, "troll": 0.05,
                    "other": 0.18}
#: Hours when people write (local time): lunch and evening peaks.
MENTION_HOURS = np.array([1, 0.5, 0.2, 0.1, 0.1, 0.2, 0.5, 1.5, 2.5, 3, 3, 3, 3.5, 4, 3.5, 3,
                          3, 3.5, 4, 5, 5.5, 5, 3.5, 2], dtype=float)


def _handles(rng: np.random.Generator, n: int) -> list:
    """``n`` distinct fake handles such as ``ane.garcia84`` or ``mikel_uribe``."""
    out, seen = [], set()
    while len(out) < n:
        first = FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]
        last = LAST_NAMES[int(rng.integers(len(LAST_NAMES)))]
        style = int(rng.integers(4))
        num = int(rng.integers(1, 99))
        handle = (f"{first}.{last}{num}", f"{first}_{last}", f"{first}{last[:3]}{num}",
                  f"{last}{first}")[style]
        if handle not in seen:
            seen.add(handle)
            out.append(handle)
    return out


def _capitalise(text: str) -> str:
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:]
    return text


def _decapitalise(text: str) -> str:
    """Lower-case the first letter after a greeting ("Hola, ¿tienes...")."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            if text[i + 1:i + 2].isupper():  # an acronym: leave it
                return text
            if ch == "I" and not text[i + 1:i + 2].isalpha():  # English "I", "I've": leave it
                return text
            return text[:i] + ch.lower() + text[i + 1:]
    return text


def _words(biz: Business, language: str) -> dict:
    """The tables a comment is written from, in ``language`` ("es" or "en")."""
    if language == "en":
        return {"texts": comments_en.TEXTS, "local": comments_en.BUSINESS_TEXTS[biz.business_id],
                "vocab": {**biz.vocab, **comments_en.VOCAB[biz.business_id]},
                "prefixes": comments_en.PREFIXES, "suffixes": comments_en.SUFFIXES,
                "days": comments_en.DAYS_SAID, "relatives": comments_en.RELATIVES,
                "order_days": comments_en.ORDER_DAYS}
    return {"texts": TEXTS, "local": BUSINESS_TEXTS[biz.business_id], "vocab": biz.vocab,
            "prefixes": PREFIXES, "suffixes": SUFFIXES, "days": DAYS_SAID,
            "relatives": RELATIVES, "order_days": ORDER_DAYS}


def render_text(biz: Business, kind: str, u: np.ndarray, crisis: bool = False,
                friends: tuple = ("amiga",), language: str = "es") -> str:
    """A short, realistic comment: a template with filled slots plus a greeting or emoji.

    ``u`` holds ten uniform draws in [0, 1) that pick the template, the slots,
    the greeting and the ending (drawn in bulk by the caller, which is faster
    than asking the generator for each choice). The English tables run parallel
    to the Spanish ones, so the same draws give the same comment in ``language``.
    """

    def pick(options, k):
        return options[int(u[k] * len(options))]

    words = _words(biz, language)
    local, vocab = words["local"], words["vocab"]
    pool = local["crisis"] if crisis else words["texts"][kind] + local.get(kind, ())
    products = vocab["products"]
    i = int(u[1] * len(products))
    j = (i + 1 + int(u[2] * (len(products) - 1))) % len(products)
    slots = {
        "product": products[i], "product2": products[j], "product_cap": _capitalise(products[i]),
        "place": pick(vocab["place"], 3), "when": pick(vocab["when"], 4),
        "day": pick(words["days"], 4), "n": 2 + int(u[5] * 10), "friend": pick(friends, 6),
        "crisis": vocab["crisis_product"], "relative": pick(words["relatives"], 7),
        "order_day": pick(words["order_days"], 7),
        "wrong": vocab.get("wrong_price", ""), "right": vocab.get("right_price", ""),
    }
    text = pick(pool, 0).format(**slots)
    if language == "es":
        text = text.replace(" de el ", " del ").replace(" a el ", " al ")
    sentiment = "negative" if crisis else SENTIMENT[kind]
    chatter = kind == "other"
    prefix = "" if chatter else pick(words["prefixes"], 8)
    suffix = pick(words["suffixes"]["chatter" if chatter else sentiment], 9)
    if text.endswith("?") and suffix.startswith("."):
        suffix = ""
    return (prefix + _decapitalise(text) if prefix else text) + suffix


def _z_ok(value: int, history: np.ndarray, include_current: bool) -> bool:
    """Whether ``value`` stays below :data:`CALM_Z` against ``history``."""
    window = np.append(history, value) if include_current else history
    if len(window) < 2:
        return True
    mean, std = window.mean(), window.std(ddof=1)
    if std == 0:
        return value <= mean
    return (value - mean) / std <= CALM_Z


def _crisis_z(counts: np.ndarray, i: int) -> tuple:
    """z of day ``i`` against the previous 28 days, and against the 28 ending on it."""
    prev, incl = counts[i - BASELINE_DAYS:i], counts[i - BASELINE_DAYS + 1:i + 1]
    return ((counts[i] - prev.mean()) / prev.std(ddof=1),
            (counts[i] - incl.mean()) / incl.std(ddof=1))


def negative_counts(biz: Business, rng: np.random.Generator) -> np.ndarray:
    """Daily negative own-brand mentions: a calm baseline and one crisis day.

    Complaints do not follow posting (people complain whether you post or not),
    so the baseline is a steady binomial count (a little calmer than Poisson,
    as a shop's trickle of complaints is). Any day that would reach
    z > 2.8 against the previous 28 days, or against the 28 days ending on it,
    is trimmed, so the crisis day is the only z > 3 day whichever of the two
    usual baselines a learner picks. The day after the crisis keeps a tail of
    follow-up complaints.
    """
    rate = biz.mentions["negative"]
    trials = math.ceil(2 * rate) + 1
    counts = rng.binomial(trials, rate / trials, N_DAYS)
    crisis = day_index(biz.crisis_day)
    counts[crisis] = biz.crisis_negatives
    counts[crisis + 1] += int(round(biz.crisis_negatives * 0.3))
    for i in range(7, N_DAYS):
        if i == crisis:
            continue
        start = max(0, i - BASELINE_DAYS)
        while counts[i] > 0 and not (_z_ok(counts[i], counts[start:i], False)
                                     and _z_ok(counts[i], counts[max(0, i - 27):i], True)):
            counts[i] -= 1
    z_prev, z_incl = _crisis_z(counts, crisis)
    if min(z_prev, z_incl) <= CRISIS_Z:
        raise RuntimeError(f"{biz.business_id}: crisis day is not a clear outlier")
    return counts


def _activity(biz: Business, schedule: pd.DataFrame) -> np.ndarray:
    """How lively the accounts are each day (0.35 when silent, up to ~2)."""
    total = sum(_posts_last_7_days(schedule, n.name) for n in biz.networks)
    return 0.35 + 0.65 * np.minimum(total / biz.mentions["typical_week"], 2.0)


def _mention_counts(biz: Business, schedule: pd.DataFrame, rng: np.random.Generator) -> list:
    """Daily counts per (brand, kind, crisis flag) for every brand talked about."""
    spec = biz.mentions
    t = np.arange(N_DAYS) / (N_DAYS - 1)
    trend = 1 + spec.get("trend", 0.0) * t
    activity = _activity(biz, schedule)
    plan = []
    for kind, rate in spec["rates"].items():
        lam = rate * activity * trend
        if kind == "question" and "question_boost_from" in spec:
            lam = lam * np.where(DAYS >= spec["question_boost_from"], spec["question_boost"], 1)
        plan.append((biz.business_id, kind, False, rng.poisson(lam)))
    negative = negative_counts(biz, rng)
    crisis = day_index(biz.crisis_day)
    trolls = rng.binomial(negative, spec["troll_share"])
    trolls[crisis] = 3
    trolls[crisis + 1] = 0
    complaints = negative - trolls
    crisis_complaints = np.zeros(N_DAYS, dtype=int)
    crisis_complaints[crisis:crisis + 2] = complaints[crisis:crisis + 2]
    complaints[crisis:crisis + 2] = 0
    plan += [(biz.business_id, "complaint", False, complaints),
             (biz.business_id, "complaint", True, crisis_complaints),
             (biz.business_id, "troll", False, trolls)]
    for brand, rate in spec["competitors"].items():
        for kind, share in COMPETITOR_KINDS.items():
            plan.append((brand, kind, False, rng.poisson(rate * share * trend, N_DAYS)))
    return plan


def _reply_delays(biz: Business, frame: pd.DataFrame, rng: np.random.Generator) -> pd.Series:
    """When the business answers each own-brand mention (NaT when it does not).

    Delays are lognormal (median a few hours, about a quarter within 60
    minutes). Replies that would land at night move to the next morning. Who
    replies depends on the story: the bakery answers nothing while it is
    silent and little before the plan; the cosmetics store answered few and
    late until it started taking questions seriously in May.
    """
    spec = biz.mentions
    created = pd.to_datetime(frame["created_at"])
    own = (frame["brand"] == biz.business_id).to_numpy()
    prob = frame["kind"].map(spec["reply_prob"]).to_numpy(dtype=float)
    median = np.full(len(frame), float(spec["reply_median_min"]))
    if "before" in spec:
        until, p, m = spec["before"]
        early = (created < until).to_numpy()
        prob = np.where(early, np.minimum(prob, p), prob)
        median = np.where(early, m, median)
    if biz.business_id == "panaderia":
        early = (created < PLAN_START).to_numpy()
        prob = np.where(early, np.minimum(prob, 0.35), prob)
        median = np.where(early, 600, median)
    crisis = (created.dt.normalize() == biz.crisis_day).to_numpy()
    median = np.where(crisis, median * 1.6, median)
    replied = own & (rng.random(len(frame)) < prob)
    minutes = np.exp(np.log(median) + rng.normal(0, 1.15, len(frame)))
    minutes = np.maximum(minutes, 2)
    reply = created + pd.to_timedelta(np.round(minutes), unit="min")
    hour = reply.dt.hour
    morning = reply.dt.normalize() + pd.Timedelta(hours=8) + pd.to_timedelta(
        rng.integers(0, 90, len(frame)), unit="min")
    reply = reply.where(hour.between(8, 22), morning.where(hour < 8,
                                                          morning + pd.Timedelta(days=1)))
    silent = np.zeros(len(frame), dtype=bool)
    if biz.business_id == "panaderia":
        silent = ((reply >= SILENCE_START)
                  & (reply < pd.Timestamp(SILENCE_END) + pd.Timedelta(days=1))).to_numpy()
    too_late = (reply > PERIOD_END + pd.Timedelta(days=1)).to_numpy()
    return reply.where(replied & ~silent & ~too_late)


def mentions_table(biz: Business, schedule: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Own-brand and competitor mentions with text, sentiment, kind and reply time.

    Own praise, questions and chatter follow posting activity (more posts,
    more conversation); negative mentions keep a steady baseline with one
    crisis day (see :func:`negative_counts`). Competitors' volumes are steady,
    so the business's share of voice moves with its own effort. Authors are
    drawn with Zipf-like weights: a few regulars write often, most people once.
    """
    authors = np.array(_handles(rng, 700), dtype=object)
    weights = 1 / np.arange(1, len(authors) + 1) ** 0.6
    friends = tuple(authors[:60])
    opened = _opened(biz)
    nets = np.array([n.name for n in biz.networks], dtype=object)
    open_mask = np.array([[day >= opened[n] for n in nets] for day in DAYS])
    net_p = open_mask * np.array([n.mention_weight for n in biz.networks])
    net_cum = np.cumsum(net_p / net_p.sum(axis=1, keepdims=True), axis=1)
    hour_p = MENTION_HOURS / MENTION_HOURS.sum()
    blocks = []
    for brand, kind, crisis, counts in _mention_counts(biz, schedule, rng):
        day = np.repeat(np.arange(N_DAYS), counts)
        n = len(day)
        if crisis:
            minute = rng.integers(9 * 60, 23 * 60, n)
        else:
            minute = rng.choice(24, size=n, p=hour_p) * 60 + rng.integers(0, 60, n)
        network = nets[(rng.random(n)[:, None] > net_cum[day]).sum(axis=1)]
        author = authors[rng.choice(len(authors), size=n, p=weights / weights.sum())]
        draws = rng.random((n, 10))
        text = [render_text(biz, kind, u, crisis, friends) for u in draws]
        text_en = [render_text(biz, kind, u, crisis, friends, "en") for u in draws]
        blocks.append(pd.DataFrame({
            "created_at": DAYS[day] + pd.to_timedelta(minute, unit="min"),
            "network": network, "brand": brand, "author": author, "text": text,
            "text_en": text_en,
            "sentiment": SENTIMENT[kind], "kind": kind,
        }))
    frame = pd.concat(blocks, ignore_index=True)
    for column in ("network", "author", "text", "text_en"):
        frame[column] = frame[column].astype(str)
    # "other" chatter is sometimes warm (a friend tagged under a nice photo).
    warm = (frame["kind"] == "other").to_numpy() & (rng.random(len(frame)) < 0.3)
    frame.loc[warm, "sentiment"] = "positive"
    frame = frame.sort_values(["created_at", "brand", "network", "author", "text"],
                              kind="mergesort").reset_index(drop=True)
    replied = _reply_delays(biz, frame, rng)
    frame.insert(0, "mention_id", [f"{biz.business_id}-m{i + 1:05d}" for i in range(len(frame))])
    frame["created_at"] = frame["created_at"].dt.strftime("%Y-%m-%d %H:%M")
    frame["replied_at"] = replied.dt.strftime("%Y-%m-%d %H:%M").fillna("")
    return frame


# ---------------------------------------------------------------------------
# Sales
# ---------------------------------------------------------------------------


def _daily_reach(posts: pd.DataFrame) -> np.ndarray:
    """Reach of the posts published in the three days ending each day."""
    idx = [day_index(d[:10]) for d in posts["published_at"]]
    daily = np.bincount(idx, weights=posts["reach"], minlength=N_DAYS)
    return np.convolve(daily, np.ones(3))[:N_DAYS]


def _expected_orders(biz: Business) -> np.ndarray:
    """Expected orders per day: weekday pattern, trend and seasons."""
    s = biz.sales
    month = DAYS.month.to_numpy()
    if "dow_orders" in s:
        base = np.array(s["dow_orders"], dtype=float)[DAYS.day_of_week]
    else:  # online store: steady growth that roughly doubles orders over the year
        t = np.arange(N_DAYS) / (N_DAYS - 1)
        base = s["orders_start"] * (1 + s["orders_growth"] * t)
        base *= np.array([1.1, 1.05, 1.0, 1.05, 0.95, 0.9, 1.0])[DAYS.day_of_week]
    season = np.ones(N_DAYS)
    season[month == 8] = 0.85
    season[month == 12] = 1.2
    if biz.business_id == "panaderia":
        season[day_index("2025-01-05"):day_index("2025-01-06") + 1] = 1.8  # roscón de Reyes
        season[day_index("2025-12-20"):day_index("2025-12-24") + 1] = 1.6
    if biz.business_id == "cosmetica":
        season[day_index("2025-11-24"):day_index("2025-11-30") + 1] = 1.5
        season[day_index("2025-11-28")] = 3.0  # Black Friday
        season[day_index("2025-12-01"):day_index("2025-12-20") + 1] = 1.3
    if biz.business_id == "ferreteria":
        season[month == 12] = 1.1
    for day in s.get("closed", ()):
        season[day_index(day)] = 0.0
    return base * season


def _return_rate(biz: Business) -> np.ndarray:
    """Share of each day's orders later returned (per order date).

    For the cosmetics store it falls along a logistic curve from 12 % to 3.6 %
    (a 70 % cut) centred in June, once they answer questions and publish
    "how to choose your product" content from May. For the shops it is flat.
    """
    s = biz.sales
    if "return_from" not in s:
        return np.full(N_DAYS, s["return_rate"])
    t = (np.arange(N_DAYS) - day_index(s["return_mid"])) / s["return_width"]
    return (s["return_to"] + (s["return_from"] - s["return_to"]) / (1 + np.exp(t))) / 100


def sales_table(biz: Business, posts: pd.DataFrame, followers: pd.DataFrame,
                rng: np.random.Generator) -> pd.DataFrame:
    """Daily orders, revenue, returns and the social funnel.

    Social visits grow with the audience and with the reach of the last three
    days. Last-click orders
    are a share of those visits; assisted orders (social was a touchpoint, not
    the last click) are a larger share of all other orders, growing with the
    audience, so "social sells nothing" is visibly wrong when assisted orders
    are counted. For shops without e-commerce, "visits" are WhatsApp messages
    and phone calls that mention the social networks.
    """
    s = biz.sales
    orders = rng.poisson(_expected_orders(biz))
    ticket = s.get("ticket_eur", s.get("ticket_cop"))
    mu = np.log(ticket) - s["ticket_sigma"] ** 2 / 2
    day_of_order = np.repeat(np.arange(N_DAYS), orders)
    values = rng.lognormal(mu, s["ticket_sigma"], len(day_of_order))
    if biz.currency == "COP":
        values = np.maximum(np.round(values, -2), 1000)
    if biz.business_id == "panaderia":
        dec = (day_of_order >= day_index("2025-12-15")) & (day_of_order <= day_index("2025-12-31"))
        values = np.where(dec, values * 1.3, values)
    revenue = np.bincount(day_of_order, weights=values, minlength=N_DAYS)

    rate = _return_rate(biz)
    if biz.business_id == "panaderia":  # refunds of the mislabelled batch
        c = day_index(biz.crisis_day)
        rate = rate.copy()
        rate[c:c + 3] = (0.05, 0.03, 0.01)
    returned = rng.binomial(orders, rate)
    returned_values = rng.lognormal(mu, s["ticket_sigma"], returned.sum())
    if biz.currency == "COP":
        returned_values = np.maximum(np.round(returned_values, -2), 1000)
    returns_value = np.bincount(np.repeat(np.arange(N_DAYS), returned),
                                weights=returned_values, minlength=N_DAYS)

    total_followers = followers.groupby("date")["followers"].sum().to_numpy()
    audience = total_followers / total_followers[0]
    visits = rng.poisson(s["visits_base"] * audience + s["visits_per_reach"] * _daily_reach(posts))
    last_click = np.minimum(rng.binomial(visits, s["last_click_conv"]), orders)
    assisted = rng.binomial(orders - last_click, np.minimum(s["assist_share"] * audience, 0.9))
    if "new_share" in s:
        lo, hi = s["new_share"]
        new = rng.binomial(orders, np.linspace(lo, hi, N_DAYS))
    else:
        new = np.minimum(rng.poisson(s["new_base"] + s["new_per_visit"] * visits), orders)
        new = np.where(orders == 0, 0, new)

    return pd.DataFrame({
        "date": DAYS.strftime("%Y-%m-%d"), "orders": orders, "revenue": np.round(revenue, 2),
        "new_customers": new, "returned_orders": returned,
        "returns_value": np.round(returns_value, 2), "social_visits": visits,
        "social_last_click_orders": last_click, "social_assisted_orders": assisted,
    })


# ---------------------------------------------------------------------------
# Time log
# ---------------------------------------------------------------------------

#: Minutes per post for (content_creation, photo_video, writing, publishing).
#: Video formats cost the most filming; carousels the most design.
POST_MINUTES = {
    ("facebook", "photo"): (15, 15, 10, 5), ("facebook", "video"): (25, 45, 10, 5),
    ("facebook", "link"): (10, 0, 12, 5), ("facebook", "status"): (5, 0, 10, 3),
    ("instagram", "photo"): (15, 20, 10, 5), ("instagram", "carousel"): (35, 25, 15, 5),
    ("instagram", "reel"): (30, 50, 10, 5), ("tiktok", "video"): (25, 45, 8, 5),
}
#: Minutes to answer one mention, by kind (a complaint needs care).
REPLY_MINUTES = {"praise": 1.5, "question": 4, "complaint": 9, "troll": 3, "other": 1.5}


def _noisy(minutes: float, rng: np.random.Generator, sigma: float = 0.35) -> int:
    return int(5 * round(minutes * math.exp(rng.normal(0, sigma)) / 5))


def _post_entries(biz: Business, posts: pd.DataFrame, rng: np.random.Generator) -> list:
    """Production time of every post, logged on its publication day.

    A Facebook post published the same day as an Instagram post reuses its
    photo and idea, so it costs 40 % of the creation and filming time.
    """
    owner, helper = biz.people["owner"], biz.people.get("assistant", biz.people["owner"])
    instagram_days = set(posts.loc[posts["network"] == "instagram", "published_at"].str[:10])
    entries = []
    for day, network, post_type in zip(posts["published_at"].str[:10], posts["network"],
                                        posts["post_type"]):
        reuse = 0.4 if network == "facebook" and day in instagram_days else 1.0
        maker = owner
        if biz.business_id == "ferreteria" and network != "facebook":
            maker = helper
        publisher = helper if biz.business_id == "cosmetica" else maker
        for task, base in zip(TASKS[:4], POST_MINUTES[(network, post_type)]):
            if task in ("content_creation", "photo_video"):
                base *= reuse
            if base:
                person = publisher if task == "publishing" else maker
                entries.append((day, person, task, max(_noisy(base, rng), 5)))
    return entries


def _reply_entries(biz: Business, mentions: pd.DataFrame, rng: np.random.Generator) -> list:
    """Time spent answering, logged on the day of each reply."""
    person = biz.people.get("assistant", biz.people["owner"])
    done = mentions[mentions["replied_at"] != ""]
    entries = []
    for day, kind in zip(done["replied_at"].str[:10], done["kind"]):
        minutes = REPLY_MINUTES[kind] * math.exp(rng.normal(0, 0.4))
        entries.append((day, person, "replying", minutes))
    return entries


def _routine_entries(biz: Business, posts: pd.DataFrame, rng: np.random.Generator) -> list:
    """Measuring and learning: weekly or monthly habits, plus the bakery's plan."""
    entries = []
    post_days = set(posts["published_at"].str[:10])
    posted = np.zeros(N_DAYS, dtype=bool)
    posted[[day_index(d) for d in post_days]] = True
    owner, helper = biz.people["owner"], biz.people.get("assistant", biz.people["owner"])
    for i, day in enumerate(DAYS):
        stamp = day.strftime("%Y-%m-%d")
        recent = posted[max(0, i - 13):i + 1].any()
        if biz.business_id == "panaderia":
            in_plan = PLAN_START <= stamp <= PLAN_END
            if in_plan and day.day_of_week == 1:
                entries.append((stamp, owner, "learning", _noisy(150, rng, 0.1)))
            if in_plan and day.day_of_week == 3:
                entries.append((stamp, owner, "learning", _noisy(45, rng, 0.2)))
            if in_plan and day.day_of_week == 4:
                entries.append((stamp, owner, "measuring", _noisy(30, rng)))
            if stamp > SILENCE_END and day.day <= 7 and day.day_of_week == 0 and recent:
                entries.append((stamp, owner, "measuring", _noisy(20, rng)))
        elif biz.business_id == "cosmetica":
            if day.day_of_week == 0:
                entries.append((stamp, helper, "measuring",
                                _noisy(60 if stamp >= "2025-05-01" else 40, rng)))
            if day.day_of_week == 2 and 8 <= day.day <= 14:
                entries.append((stamp, owner, "learning", _noisy(60, rng, 0.2)))
            if "2025-04-22" <= stamp <= "2025-04-30" and day.day_of_week in (1, 3):
                entries.append((stamp, owner, "learning", _noisy(90, rng, 0.1)))
        else:
            if day.day_of_week == 4 and day.isocalendar().week % 2 == 0:
                entries.append((stamp, owner, "measuring", _noisy(30, rng)))
            if "2025-06-16" <= stamp <= "2025-07-18" and day.day_of_week in (1, 4):
                entries.append((stamp, helper, "learning", _noisy(70, rng, 0.2)))
    return entries


def _crisis_entries(biz: Business, rng: np.random.Generator) -> list:
    """The week that went off the rails: statements, monitoring, calls to make."""
    owner = biz.people["owner"]
    helper = biz.people.get("assistant", owner)
    c = pd.Timestamp(biz.crisis_day)
    entries = []
    for offset, (write, watch, create) in enumerate([(90, 60, 45), (45, 60, 30), (30, 45, 0),
                                                     (0, 30, 0)]):
        stamp = (c + pd.Timedelta(days=offset)).strftime("%Y-%m-%d")
        for person, task, base in ((owner, "writing", write), (helper, "measuring", watch),
                                   (owner, "content_creation", create),
                                   (helper, "replying", 120 - 30 * offset)):
            if base:
                entries.append((stamp, person, task, _noisy(base * biz.crisis_load, rng, 0.15)))
    return entries


def time_log_table(biz: Business, posts: pd.DataFrame, mentions: pd.DataFrame,
                   rng: np.random.Generator) -> pd.DataFrame:
    """Minutes per day, person and task, built from what was actually done.

    Producing posts (content creation, photo/video, writing) is the largest
    share, as in the 2012 survey. The bakery logs learning only during the
    plan and nothing in its silent weeks; each business has one week that went
    off the rails, its crisis week (for the bakery it is also the week before
    Christmas).
    """
    entries = (_post_entries(biz, posts, rng) + _reply_entries(biz, mentions, rng)
               + _routine_entries(biz, posts, rng) + _crisis_entries(biz, rng))
    frame = pd.DataFrame(entries, columns=["date", "person", "task", "minutes"])
    frame = frame.groupby(["date", "person", "task"], as_index=False)["minutes"].sum()
    frame["minutes"] = np.maximum(5 * np.round(frame["minutes"] / 5), 5).astype(int)
    frame["task"] = pd.Categorical(frame["task"], categories=TASKS, ordered=True)
    frame = frame.sort_values(["date", "person", "task"], kind="mergesort")
    frame["task"] = frame["task"].astype(str)
    return frame.reset_index(drop=True)


# ---------------------------------------------------------------------------
# Shared tables
# ---------------------------------------------------------------------------


def businesses_table() -> pd.DataFrame:
    """One row per business: identity, currency, networks and time budget."""
    return pd.DataFrame([{
        "business_id": b.business_id, "name": b.name, "sector": b.sector, "city": b.city,
        "region": b.region, "country": b.country, "currency": b.currency,
        "timezone": b.timezone, "networks": ";".join(n.name for n in b.networks),
        "hours_per_week": b.hours_per_week, "hourly_cost": b.hourly_cost,
        "has_ecommerce": b.has_ecommerce, **comments_en.BUSINESS[b.business_id],
    } for b in BUSINESSES]).sort_values("business_id").reset_index(drop=True)


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def write_csv(frame: pd.DataFrame, path: Path, float_format: str | None = "%.2f") -> None:
    """UTF-8 without BOM, ``\\n`` endings, no index, fixed float format."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8",
                 float_format=float_format)


def generate_business(index: int, biz: Business) -> dict:
    """All five tables of one business, each from its own random stream."""
    schedule = schedule_posts(biz, rng_for(index, "schedule"))
    followers = followers_table(biz, schedule, rng_for(index, "followers"))
    posts = posts_table(biz, schedule, followers, rng_for(index, "posts"))
    mentions = mentions_table(biz, schedule, rng_for(index, "mentions"))
    sales = sales_table(biz, posts, followers, rng_for(index, "sales"))
    time_log = time_log_table(biz, posts, mentions, rng_for(index, "time_log"))
    followers = followers.assign(date=followers["date"].dt.strftime("%Y-%m-%d"))
    return {"posts": posts, "followers": followers, "sales": sales, "time_log": time_log,
            "mentions": mentions}


def generate(out: str | Path) -> dict:
    """Write every dataset under ``out``; return ``{relative path: row count}``."""
    out = Path(out)
    counts = {}
    write_csv(businesses_table(), out / "businesses.csv")
    counts["businesses.csv"] = len(BUSINESSES)
    for index, biz in enumerate(BUSINESSES):
        for table, frame in generate_business(index, biz).items():
            write_csv(frame, out / biz.business_id / f"{table}.csv")
            counts[f"{biz.business_id}/{table}.csv"] = len(frame)
    return counts


def main(argv: list | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the course's synthetic datasets.")
    parser.add_argument("--out", default="datasets", help="output folder (default: datasets)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = generate(args.out)
    for name, n in counts.items():
        print(f"{name:28s} {n:7d}")
    print(f"done in {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
