"""The bundled synthetic datasets: reproducible, documented, calibrated, with their stories.

Every check computes its figure from the committed CSVs in ``datasets/``, the
same files learners load, so a change in the generator that breaks a story or
drifts away from the benchmarks fails here.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from rumbo import metrics
from rumbo.core.units import CHANNELS
from rumbo.data import generator as datagen

ROOT = Path(__file__).resolve().parents[1] / "datasets"
BUSINESSES = ("panaderia", "cosmetica", "ferreteria")
TABLES = ("posts", "followers", "sales", "time_log", "mentions")

COLUMNS = {
    "businesses": ["business_id", "name", "sector", "city", "region", "country", "currency",
                   "timezone", "networks", "hours_per_week", "hourly_cost", "has_ecommerce",
                   "sector_en", "country_en"],
    "benchmarks": ["key", "metric", "network", "value", "low", "high", "unit", "kind", "source",
                   "url", "year", "historical", "current_key", "note", "source_en", "note_en"],
    "posts": ["post_id", "published_at", "network", "post_type", "paid", "spend", "followers",
              "reach", "impressions", "likes", "comments", "shares", "saves", "clicks"],
    "followers": ["date", "network", "followers"],
    "sales": ["date", "orders", "revenue", "new_customers", "returned_orders", "returns_value",
              "social_visits", "social_last_click_orders", "social_assisted_orders"],
    "time_log": ["date", "person", "task", "minutes"],
    "mentions": ["mention_id", "created_at", "network", "brand", "author", "text", "text_en", "sentiment",
                 "kind", "replied_at"],
}


def csv_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.csv"))


@pytest.fixture(scope="module", params=["README.md", "README.en.md"])
def card(request) -> str:
    """The data card, in Spanish and in English: each must document everything."""
    return (ROOT / request.param).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def data() -> dict:
    out = {}
    for b in BUSINESSES:
        out[b] = {
            "posts": pd.read_csv(ROOT / b / "posts.csv", parse_dates=["published_at"]),
            "followers": pd.read_csv(ROOT / b / "followers.csv", parse_dates=["date"]),
            "sales": pd.read_csv(ROOT / b / "sales.csv", parse_dates=["date"]),
            "time_log": pd.read_csv(ROOT / b / "time_log.csv", parse_dates=["date"]),
            "mentions": pd.read_csv(ROOT / b / "mentions.csv",
                                    parse_dates=["created_at", "replied_at"],
                                    keep_default_na=False, na_values={"replied_at": [""]}),
        }
    return out


@pytest.fixture(scope="module")
def benchmarks() -> pd.DataFrame:
    return pd.read_csv(ROOT / "benchmarks.csv")


def engagements(posts: pd.DataFrame) -> pd.Series:
    """likes + comments + shares (+ saves where the network reports them)."""
    return posts[["likes", "comments", "shares"]].sum(axis=1) + posts["saves"].fillna(0)


def daily_negative(mentions: pd.DataFrame, business: str) -> pd.Series:
    own = mentions[(mentions["brand"] == business) & (mentions["sentiment"] == "negative")]
    counts = own.groupby(own["created_at"].dt.normalize()).size()
    return counts.reindex(pd.date_range("2025-01-01", "2025-12-31"), fill_value=0)


# ---------------------------------------------------------------------------
# Reproducibility, format, documentation
# ---------------------------------------------------------------------------


#: Kept by hand (each row a checked fact), not written by the generator.
FACTS_TABLE = "benchmarks.csv"


def test_regeneration_is_byte_identical_and_fast(tmp_path):
    started = time.process_time()  # CPU time: robust to a busy machine
    datagen.generate(tmp_path)
    elapsed = time.process_time() - started
    generated = [name for name in csv_files(ROOT) if name != FACTS_TABLE]
    assert csv_files(tmp_path) == generated
    for name in generated:
        assert (tmp_path / name).read_bytes() == (ROOT / name).read_bytes(), name
    assert elapsed < 10, f"generator took {elapsed:.1f} s of CPU"


def test_files_are_plain_utf8_with_unix_newlines():
    for name in csv_files(ROOT):
        raw = (ROOT / name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), name
        assert b"\r" not in raw, name
        raw.decode("utf-8")


def test_expected_files_and_columns():
    expected = ["benchmarks.csv", "businesses.csv"] + [
        f"{b}/{t}.csv" for b in BUSINESSES for t in TABLES]
    assert csv_files(ROOT) == sorted(expected)
    for name in expected:
        table = Path(name).stem
        assert list(pd.read_csv(ROOT / name, nrows=0).columns) == COLUMNS[table], name


def test_every_column_is_documented_in_the_card(card):
    for name in csv_files(ROOT):
        for column in pd.read_csv(ROOT / name, nrows=0).columns:
            assert f"`{column}`" in card, f"{name}: column {column} not in datasets/README.md"


def test_row_counts_in_the_card_match_the_files(card):
    for name in csv_files(ROOT):
        match = re.search(rf"\|\s*`{re.escape(name)}`\s*\|\s*([\d.,]+)\s*\|", card)
        assert match, f"{name} has no row-count line in the card"
        documented = int(re.sub(r"[.,]", "", match.group(1)))
        assert documented == len(pd.read_csv(ROOT / name)), name


def test_every_benchmark_key_is_documented(card, benchmarks):
    for key in benchmarks["key"].unique():
        assert f"`{key}`" in card, key


def test_seeds_are_documented(card):
    for business, seed in datagen.SEEDS.items():
        assert str(seed) in card, business


# ---------------------------------------------------------------------------
# Schema and coded values
# ---------------------------------------------------------------------------


def test_businesses_table():
    table = pd.read_csv(ROOT / "businesses.csv")
    assert sorted(table["business_id"]) == sorted(BUSINESSES)
    row = table.set_index("business_id")
    assert row.loc["panaderia", "networks"] == "facebook;instagram"
    assert row.loc["panaderia", "hours_per_week"] == 3
    assert row.loc["panaderia", "hourly_cost"] == 18
    assert row.loc["ferreteria", "currency"] == "COP"
    assert row.loc["ferreteria", "timezone"] == "America/Bogota"
    assert row.loc["cosmetica", "has_ecommerce"] == 1
    assert set(row["has_ecommerce"]) <= {0, 1}


def test_posts_schema(data):
    types = {"facebook": {"photo", "video", "link", "status"},
             "instagram": {"photo", "carousel", "reel"}, "tiktok": {"video"}}
    for b in BUSINESSES:
        posts = data[b]["posts"]
        assert posts["post_id"].is_unique
        assert posts["published_at"].is_monotonic_increasing
        assert posts["published_at"].between("2025-01-01", "2026-01-01").all()
        for network, group in posts.groupby("network"):
            assert set(group["post_type"]) <= types[network], (b, network)
        fb = posts["network"] == "facebook"
        assert posts.loc[fb, "saves"].isna().all(), b
        assert posts.loc[~fb, "saves"].notna().all(), b
        assert (posts["impressions"] >= posts["reach"]).all(), b
        assert (posts["reach"] >= 1).all()
        assert ((posts["paid"] == 0) == (posts["spend"] == 0)).all(), b
        assert set(posts["paid"]) <= {0, 1}
        assert (engagements(posts) <= posts["reach"]).all()


def test_posts_followers_match_the_followers_table(data):
    for b in BUSINESSES:
        posts, followers = data[b]["posts"], data[b]["followers"]
        merged = posts.assign(date=posts["published_at"].dt.normalize()).merge(
            followers, on=["date", "network"], suffixes=("", "_table"), how="left")
        assert (merged["followers"] == merged["followers_table"]).all(), b


def test_followers_cover_the_year_per_network(data):
    networks = pd.read_csv(ROOT / "businesses.csv").set_index("business_id")["networks"]
    for b in BUSINESSES:
        followers = data[b]["followers"]
        assert set(followers["network"]) == set(networks[b].split(";"))
        assert not followers.duplicated(["date", "network"]).any()
        for network, group in followers.groupby("network"):
            assert group["date"].max() == pd.Timestamp("2025-12-31")
            assert group["date"].diff().dropna().dt.days.eq(1).all()
    tiktok = data["ferreteria"]["followers"].query("network == 'tiktok'")
    assert tiktok["date"].min() == pd.Timestamp("2025-07-01")
    posts = data["ferreteria"]["posts"].query("network == 'tiktok'")
    assert posts["published_at"].min() >= pd.Timestamp("2025-07-01")


def test_daily_tables_cover_the_year(data):
    for b in BUSINESSES:
        sales = data[b]["sales"]
        assert len(sales) == 365 and sales["date"].is_unique
        assert (sales["returned_orders"] <= sales["orders"]).all()
        assert (sales["social_last_click_orders"] + sales["social_assisted_orders"]
                <= sales["orders"]).all()
        assert (sales["new_customers"] <= sales["orders"]).all()


def test_time_log_schema(data):
    for b in BUSINESSES:
        log = data[b]["time_log"]
        assert set(log["task"]) <= set(datagen.TASKS)
        assert (log["minutes"] > 0).all()
        assert not log.duplicated(["date", "person", "task"]).any()


def test_mentions_schema(data):
    for b in BUSINESSES:
        m = data[b]["mentions"]
        assert m["mention_id"].is_unique
        assert set(m["sentiment"]) == {"positive", "neutral", "negative"}
        assert set(m["kind"]) == set(datagen.KINDS)
        assert m["brand"].str.fullmatch(rf"{b}|competidor_[a-z]").all()
        replied = m["replied_at"].notna()
        assert (m.loc[replied, "brand"] == b).all(), "only own-brand mentions get replies"
        assert (m.loc[replied, "replied_at"] >= m.loc[replied, "created_at"]).all()
        assert m["text"].str.len().between(5, 200).all()
        assert m["text"].nunique() > 0.3 * len(m), "texts should vary"
        plural_you = r"\b(?:vosotros|vuestr[oa]s?|ustedes)\b"
        assert not m["text"].str.contains(plural_you, case=False).any()


def test_benchmarks_table(benchmarks):
    keys = {"er_followers_median_rivaliq_2022", "er_average_socialinsider_2025",
            "er_method_spread_example", "fb_organic_reach_share", "fb_organic_reach_share_2014",
            "fb_paid_reach_multiplier", "follower_growth_typical", "follower_growth_campaign",
            "posting_frequency", "hubspot_overposting_clicks_drop",
            "response_within_60min_expected", "response_time_expected_hours",
            "response_time_brands_hours", "freelance_cm_monthly", "freelance_hourly",
            "agency_monthly", "subsidised_plan_cost", "subsidised_plan_hours",
            "ceb_decision_complete", "smb_social_use", "smb_hours_per_week",
            "owner_hours_per_week", "meta_cpm_spain", "meta_cpc_spain", "meta_cpm_colombia",
            "meta_cpc_colombia"}
    assert keys <= set(benchmarks["key"])
    assert set(benchmarks["network"]) <= {*CHANNELS, "all"}
    assert not benchmarks.duplicated(["key", "network"]).any()
    assert (benchmarks["value"].notna() | benchmarks["low"].notna()).all()
    # a range, or a floor alone («1 or more a week»)
    assert (benchmarks["low"].isna() | benchmarks["high"].isna()
            | (benchmarks["low"] <= benchmarks["high"])).all()
    rival = benchmarks.query("key == 'er_followers_median_rivaliq_2022'").set_index("network")
    assert rival.loc["instagram", "value"] == pytest.approx(0.47)
    assert rival.loc["instagram", "unit"] == "percent"
    typical = benchmarks.query("key == 'follower_growth_typical'").iloc[0]
    assert (typical["low"], typical["high"]) == (1, 3)
    campaign = benchmarks.query("key == 'follower_growth_campaign'").iloc[0]
    assert (campaign["low"], campaign["high"]) == (5, 10)
    cost = benchmarks.set_index("key")
    assert cost.loc["subsidised_plan_cost", "value"] / cost.loc["subsidised_plan_hours", "value"] \
        == pytest.approx(cost.loc["subsidised_plan_hourly", "value"], abs=0.01)


#: What each ``kind`` means is in the data card; an assumption needs no source or year.
KINDS = {"measured", "published_average", "published_median", "recommendation", "platform_rule",
         "assumption"}
#: A figure whose data is older than this many years is historical context.
HISTORICAL_AFTER_YEARS = 5
FACTS_REVIEWED_YEAR = 2026  # the year datasets/benchmarks.csv was last checked against its publishers


def test_every_fact_has_a_kind_and_a_source_and_year_unless_it_is_an_assumption(benchmarks):
    assert set(benchmarks["kind"]) <= KINDS
    sourced = benchmarks[benchmarks["kind"] != "assumption"]
    missing = sourced[sourced["source"].isna() | sourced["year"].isna()]
    assert missing.empty, f"facts without source or year: {list(missing['key'])}"
    assert sourced["url"].str.startswith("http").all(), "a published fact links to where it is"
    assumptions = benchmarks[benchmarks["kind"] == "assumption"]
    assert assumptions["note"].str.contains("supuesto|ejemplo|caso", case=False).all(), \
        "an assumption says so and why"
    assert benchmarks["note"].notna().all() and (benchmarks["note"].str.len() > 20).all()


def test_old_facts_are_marked_historical(benchmarks):
    """Data older than five years (counted from the table's last review) is labelled historical.
    The review year is fixed, so the build never turns red by itself on 1 January; raise it
    when the table is reviewed again."""
    cutoff = FACTS_REVIEWED_YEAR - HISTORICAL_AFTER_YEARS
    assert set(benchmarks["historical"]) <= {0, 1}
    old = benchmarks[benchmarks["year"] < cutoff]
    unmarked = old[old["historical"] != 1]
    assert unmarked.empty, f"older than {cutoff} and not marked historical: {list(unmarked['key'])}"
    assert benchmarks.loc[benchmarks["historical"] == 1, "year"].notna().all()


def test_current_key_points_to_a_newer_fact(benchmarks):
    by_key = benchmarks.groupby("key")["year"].max()
    for row in benchmarks.dropna(subset=["current_key"]).itertuples():
        assert row.current_key in by_key.index, row.key
        assert by_key[row.current_key] > row.year, (row.key, row.current_key)


# ---------------------------------------------------------------------------
# Calibration against the benchmarks
# ---------------------------------------------------------------------------


def test_median_engagement_rate_by_followers_near_benchmarks(data, benchmarks):
    """Per business and network, within 0.5x the lowest and 3x the highest published figure
    by followers (Rival IQ medians, Socialinsider averages).

    Small accounts sit above the all-industry figures (the card says so).
    """
    er = benchmarks[benchmarks["metric"] == "engagement_rate_by_followers"]
    for b in BUSINESSES:
        posts = data[b]["posts"]
        for network, group in posts.groupby("network"):
            median = metrics.engagement_rate(group, "followers", "median") * 100
            refs = er.loc[er["network"] == network, "value"]
            assert len(refs), network
            assert 0.5 * refs.min() <= median <= 3 * refs.max(), (b, network, median)


def test_facebook_organic_reach_share(data, benchmarks):
    target = benchmarks.set_index("key").loc["fb_organic_reach_share", "value"]
    pooled = []
    for b in BUSINESSES:
        fb = data[b]["posts"].query("network == 'facebook' and paid == 0")
        share = fb["reach"] / fb["followers"] * 100
        assert 2 <= share.median() <= 10, (b, share.median())
        pooled.append(share)
    assert abs(pd.concat(pooled).median() - target) < 1.5


#: Market of each business's ads: the published CPM/CPC rows and the exchange assumption.
AD_MARKET = {"panaderia": ("spain", "usd_to_eur_example"),
             "cosmetica": ("spain", "usd_to_eur_example"),
             "ferreteria": ("colombia", "usd_to_cop_example")}


def published_range(benchmarks: pd.DataFrame, key: str, rate_key: str) -> tuple[float, float]:
    """A published monthly range (US$) in the business's currency."""
    table = benchmarks.set_index("key")
    rate = table.loc[rate_key, "value"]
    return table.loc[key, "low"] * rate, table.loc[key, "high"] * rate


@pytest.mark.parametrize("business", BUSINESSES)
def test_ad_costs_inside_published_ranges_for_local_meta_ads(data, benchmarks, business):
    """CPC and CPM of the boosted posts (spend summed, then divided) fall between the cheapest
    and the dearest month published for Meta ads in the business's country."""
    market, rate_key = AD_MARKET[business]
    paid = data[business]["posts"].query("paid == 1")
    assert len(paid) >= 5
    cpc = metrics.cpc(paid["spend"], paid["clicks"])
    cpm = metrics.cpm(paid["spend"], paid["impressions"])
    low, high = published_range(benchmarks, f"meta_cpc_{market}", rate_key)
    assert low <= cpc <= high, (business, cpc, low, high)
    low, high = published_range(benchmarks, f"meta_cpm_{market}", rate_key)
    assert low <= cpm <= high, (business, cpm, low, high)


def test_a_boost_reaches_far_more_than_a_small_page_alone(data):
    """On pages of a few thousand fans, a 5-100 euro boost buys thousands of impressions, many
    times the organic reach; the 1.45x of a 2014 page of 100,000+ fans does not apply."""
    fb = pd.concat([data[b]["posts"].query("network == 'facebook'") for b in BUSINESSES])
    share = fb["reach"] / fb["followers"]
    assert share[fb["paid"] == 1].median() > 3 * share[fb["paid"] == 0].median()


def test_instagram_and_tiktok_reach(data):
    for b in BUSINESSES:
        posts = data[b]["posts"]
        ig = posts.query("network == 'instagram' and paid == 0")
        assert 15 <= (ig["reach"] / ig["followers"]).median() * 100 <= 30, b
        tt = posts.query("network == 'tiktok'")
        if len(tt):
            assert (tt["reach"] > tt["followers"]).mean() >= 0.5, b


def test_monthly_follower_growth_mostly_0_to_5_percent(data):
    growth = []
    for b in BUSINESSES:
        f = data[b]["followers"]
        month_end = f.groupby(["network", f["date"].dt.month])["followers"].last()
        growth.append(month_end.groupby(level=0).pct_change().dropna() * 100)
    growth = pd.concat(growth)
    assert growth.between(-1, 5).mean() >= 0.8
    assert growth.median() == pytest.approx(1.5, abs=1.0)


def test_instagram_posting_frequency(data):
    for b in ("cosmetica", "ferreteria"):
        ig = data[b]["posts"].query("network == 'instagram'")
        weekly = ig.groupby(ig["published_at"].dt.to_period("W")).size().reindex(
            pd.period_range("2025-01-06", "2025-12-28", freq="W"), fill_value=0)
        assert 3 <= weekly.mean() <= 7, b


def test_mean_of_ratios_exceeds_ratio_of_sums(data):
    """Per-post ratios are negatively correlated with reach, so averaging them overstates."""
    for b in BUSINESSES:
        posts = data[b]["posts"]
        posts = posts.assign(eng=engagements(posts))
        for network, group in posts.groupby("network"):
            mean_of_ratios = (group["eng"] / group["reach"]).mean()
            ratio_of_sums = group["eng"].sum() / group["reach"].sum()
            assert mean_of_ratios >= 1.1 * ratio_of_sums, (b, network)
            rho = (group["eng"] / group["reach"]).corr(np.log(group["reach"]), method="spearman")
            assert rho < 0, (b, network)
    fb = pd.concat([data[b]["posts"].query("network == 'facebook'") for b in BUSINESSES])
    eng = engagements(fb)
    assert (eng / fb["reach"]).mean() >= 1.3 * eng.sum() / fb["reach"].sum()


def test_post_type_matters(data):
    ig = pd.concat([data[b]["posts"].query("network == 'instagram'") for b in BUSINESSES])
    share = ig["reach"] / ig["followers"]
    by_type = share.groupby(ig["post_type"]).median()
    assert by_type["reel"] > 1.2 * by_type["photo"]
    saves = (ig["saves"] / ig["reach"]).groupby(ig["post_type"]).mean()
    assert saves["carousel"] > 2 * saves["photo"]
    fb = pd.concat([data[b]["posts"].query("network == 'facebook'") for b in BUSINESSES])
    ctr = (fb["clicks"] / fb["impressions"]).groupby(fb["post_type"]).mean()
    assert ctr["link"] == ctr.max()


def test_evening_posts_reach_more(data):
    posts = pd.concat([data[b]["posts"] for b in ("cosmetica", "ferreteria")])
    share = posts["reach"] / posts["followers"]
    relative = share / share.groupby(posts["network"]).transform("median")
    evening = posts["published_at"].dt.hour.between(18, 21)
    assert relative[evening].median() > 1.1 * relative[~evening].median()


def test_response_times(data):
    for b in BUSINESSES:
        own = data[b]["mentions"].query("brand == @b")
        minutes = (own["replied_at"] - own["created_at"]).dt.total_seconds() / 60
        answered = minutes.dropna()
        assert 60 <= answered.median() <= 6 * 60, (b, answered.median())
        assert 0.1 <= (answered <= 60).mean() <= 0.5, b
        assert 0.3 <= own["replied_at"].notna().mean() <= 0.9, b


def test_share_of_voice(data):
    for b in BUSINESSES:
        m = data[b]["mentions"]
        assert 0.2 <= (m["brand"] == b).mean() <= 0.4, b


def test_social_assists_far_more_than_it_closes(data):
    for b in BUSINESSES:
        sales = data[b]["sales"]
        assert sales["social_visits"].sum() > 0, b
        assisted = sales["social_assisted_orders"].sum()
        assert assisted >= 2.5 * sales["social_last_click_orders"].sum(), b


def test_time_goes_mostly_to_content(data):
    for b in BUSINESSES:
        log = data[b]["time_log"]
        by_task = log.groupby("task")["minutes"].sum()
        content = by_task[["content_creation", "photo_video", "writing"]].sum()
        assert content / by_task.sum() >= 0.45, b
        assert content > by_task.drop(["content_creation", "photo_video", "writing"]).max()


# ---------------------------------------------------------------------------
# The built-in stories
# ---------------------------------------------------------------------------


def test_bakery_goes_silent_right_after_the_plan(data):
    posts = data["panaderia"]["posts"]
    days = posts["published_at"].dt.normalize().drop_duplicates().sort_values()
    days = days.reset_index(drop=True)
    gaps = days.diff().dt.days
    longest = gaps.idxmax()
    last_before, first_after = days[longest - 1], days[longest]
    assert gaps.max() >= 35, "at least five weeks without a post"
    assert pd.Timestamp(datagen.PLAN_END) - pd.Timedelta(days=6) <= last_before \
        <= pd.Timestamp(datagen.PLAN_END)
    assert gaps.drop(longest).max() < 28, "no other gap of four weeks"
    plan = posts[posts["published_at"].between(datagen.PLAN_START, datagen.PLAN_END + " 23:59")]
    weekly = plan.groupby(plan["published_at"].dt.to_period("W")).size()
    assert weekly.between(4, 6).all(), weekly.to_dict()
    assert (posts["published_at"] < datagen.PLAN_START).sum() <= 8, "almost nothing before"
    christmas = posts[posts["published_at"] >= "2025-11-01"]
    restart = posts[posts["published_at"].between(first_after, "2025-10-31")]
    restart_days = (pd.Timestamp("2025-10-31") - first_after).days
    assert len(christmas) / 61 > 1.5 * len(restart) / restart_days, "busier at Christmas"

    silence = (pd.Timestamp(datagen.SILENCE_START), pd.Timestamp(datagen.SILENCE_END))
    assert last_before < silence[0] and first_after > silence[1]
    log = data["panaderia"]["time_log"]
    assert not log["date"].between(*silence).any(), "nothing logged in the silent weeks"
    replies = data["panaderia"]["mentions"]["replied_at"]
    assert not replies.between(silence[0], silence[1] + pd.Timedelta(days=1)).any()
    learning = log[log["task"] == "learning"]
    assert len(learning) and learning["date"].between(datagen.PLAN_START, datagen.PLAN_END).all()

    f = data["panaderia"]["followers"].set_index(["network", "date"])["followers"]
    for network in ("facebook", "instagram"):
        change = f[(network, first_after)] / f[(network, last_before)] - 1
        assert -0.03 <= change <= 0.005, (network, change)
        march = f[(network, pd.Timestamp("2025-03-31"))] / f[(network, pd.Timestamp("2025-02-28"))]
        plan_growth = march - 1
        assert plan_growth >= 0.04, "the plan month is a campaign bump"

    sales = data["panaderia"]["sales"].set_index("date")
    in_plan = sales.loc[datagen.PLAN_START:datagen.PLAN_END, "social_visits"].mean()
    in_silence = sales.loc[last_before + pd.Timedelta(days=7):first_after, "social_visits"].mean()
    assert in_silence < in_plan


def test_cosmetics_double_orders_and_cut_returns(data):
    sales = data["cosmetica"]["sales"]
    quarter = sales.groupby(sales["date"].dt.quarter)[["orders", "returned_orders"]].sum()
    assert 1.7 <= quarter.loc[4, "orders"] / quarter.loc[1, "orders"] <= 2.4
    rate = quarter["returned_orders"] / quarter["orders"]
    assert 0.10 <= rate[1] <= 0.15
    assert 0.6 <= 1 - rate[4] / rate[1] <= 0.8, "returns fall by about 70 %"

    own = data["cosmetica"]["mentions"].query("brand == 'cosmetica'")
    before = own["created_at"] < "2025-05-01"
    delay = (own["replied_at"] - own["created_at"]).dt.total_seconds()
    answered = own["replied_at"].notna()
    assert answered[~before].mean() > answered[before].mean() + 0.3
    assert delay[~before].median() < delay[before].median() / 3
    monthly = own.groupby(own["created_at"].dt.month).size()
    assert monthly.loc[10:12].mean() > 1.3 * monthly.loc[1:3].mean(), "steady growth in mentions"


@pytest.mark.parametrize("business", BUSINESSES)
def test_exactly_one_crisis_day(data, business):
    """z > 3 of daily negative own-brand mentions, with either usual 28-day baseline."""
    counts = daily_negative(data[business]["mentions"], business)
    previous = counts.shift(1).rolling(28)
    z_previous = (counts - previous.mean()) / previous.std()
    including = counts.rolling(28)
    z_including = (counts - including.mean()) / including.std()
    crisis = pd.Timestamp(datagen.CRISIS_DAYS[business])
    assert list(z_previous[z_previous > 3].index) == [crisis]
    assert list(z_including[z_including > 3].index) == [crisis]
    assert np.isfinite(z_previous[crisis])
    crisis_rows = data[business]["mentions"].query("brand == @business")
    crisis_rows = crisis_rows[crisis_rows["created_at"].dt.normalize() == crisis]
    assert (crisis_rows["kind"] == "complaint").sum() >= 10


@pytest.mark.parametrize("business", BUSINESSES)
def test_one_week_went_off_the_rails(data, business):
    log = data[business]["time_log"]
    weekly = log.groupby(log["date"].dt.to_period("W"))["minutes"].sum() / 60
    top = weekly.sort_values(ascending=False)
    assert top.index[0].start_time == pd.Timestamp(datagen.OFF_RAILS_WEEKS[business])
    assert top.iloc[0] >= 2.5 * weekly.median()
    assert top.iloc[0] >= 1.3 * top.iloc[1]


def test_time_budget_is_roughly_kept(data):
    hours = pd.read_csv(ROOT / "businesses.csv").set_index("business_id")["hours_per_week"]
    for b in BUSINESSES:
        log = data[b]["time_log"]
        weekly = log.groupby(log["date"].dt.to_period("W"))["minutes"].sum() / 60
        assert 0.5 * hours[b] <= weekly.median() <= 1.3 * hours[b], (b, weekly.median())
