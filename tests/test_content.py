"""rumbo.content: pillars, formats with their minutes and returns, the month's calendar, its fit,
fresh or stale profiles and the exports. Expected values are computed from the bundled data."""

from __future__ import annotations

import calendar as month_days
from collections import Counter
from datetime import date, datetime, timezone

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from icalendar import Calendar

from rumbo import content, metrics, objectives
from rumbo.core.errors import DataError, InvalidInputError
from rumbo.core.i18n import set_language
from rumbo.data import load_dataset
from rumbo.data.importers import to_meta_export
from rumbo.data.facts import fact
from rumbo.data.profile import example_profile

BUSINESSES = ("panaderia", "cosmetica", "ferreteria")
FORBIDDEN = ("Traceback", "tuple", "str", "float", "int(", "NameError", "KeyError")


@pytest.fixture(autouse=True)
def spanish():
    set_language("es")
    yield
    set_language("es")


def assert_learner_message(text: str) -> None:
    for word in FORBIDDEN:
        assert word not in text, text


# --- pillars --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(content.SECTOR_PILLARS))
@pytest.mark.parametrize("goal", [None, *objectives.GOALS])
def test_pillars_are_three_or_four_and_sum_to_100_whatever_the_goal(kind, goal):
    sector = {"bakery": "panadería", "cosmetics": "cosmética", "hardware": "ferretería",
              "other": "peluquería"}[kind]
    records = [{"goal": goal}] if goal else []
    pillars = content.suggest_pillars({"sector": sector}, records)
    shares = {p["pillar"]: p["share"] for p in pillars}
    assert 3 <= len(shares) <= 4 and sum(shares.values()) == 100
    assert all(s > 0 for s in shares.values())
    base = content.SECTOR_PILLARS[kind]
    if goal is None:
        assert shares == base
    else:
        target = content.GOAL_PILLAR[goal][0]
        assert shares[target] == base.get(target, min(base.values()) if len(base) == 4 else 0) \
            + content.GOAL_TILT
        assert objectives.GOALS[goal][0] in next(p["why"] for p in pillars if p["pillar"] == target)
    assert content.validate_pillars(shares) == shares


@pytest.mark.parametrize("business, kind", [("panaderia", "bakery"), ("cosmetica", "cosmetics"),
                                            ("ferreteria", "hardware")])
def test_each_bundled_business_gets_its_sector_s_mix(business, kind):
    assert content.sector_kind(example_profile(business)["sector"]) == kind


def test_the_first_objective_with_a_known_goal_decides():
    records = [{"goal": "nothing"}, "not a record", {"goal": "fewer_returns"}, {"goal": "sell_more"}]
    assert content.main_goal(records) == "fewer_returns"
    assert content.main_goal(None) is None


@pytest.mark.parametrize("shares, words", [
    ({"product": 50, "behind": 40, "offers": 0}, ["de 3 a 4 pilares", "tienes 2"]),
    ({"product": 50, "behind": 30, "offers": 10}, ["suman 90"]),
    ({"product": "mucho", "behind": 30, "offers": 10}, ["Producto"]),
    ({"product": "33,5", "behind": 33, "offers": 33}, ["número entero"]),
    ({"product": 40, "behind": 30, "offers": 30, "memes": 5}, ["memes"]),
    (["product"], ["lista de temas"]),
])
def test_bad_pillars_get_a_message_in_spanish(shares, words):
    with pytest.raises(InvalidInputError) as error:
        content.validate_pillars(shares)
    for word in words:
        assert word in str(error.value)
    assert_learner_message(str(error.value))


def test_typed_shares_go_through_the_number_parser():
    assert content.validate_pillars({"product": "40 %", "behind": "30", "advice": 30.0}) == \
        {"product": 40, "behind": 30, "advice": 30}


# --- formats ----------------------------------------------------------------------------------


def minutes_by_hand(business: str) -> dict[str, list[float]]:
    """The same measure, computed another way: walk the days one by one."""
    posts = load_dataset(business, "posts")
    log = load_dataset(business, "time_log")
    spent = {}
    for row in log.itertuples():
        if row.task in ("content_creation", "photo_video", "writing", "publishing"):
            day = pd.Timestamp(row.date).date()
            spent[day] = spent.get(day, 0) + row.minutes
    by_day = {}
    for row in posts.itertuples():
        by_day.setdefault(pd.Timestamp(row.published_at).date(), []).append(
            (row.network, row.post_type))
    found = {}
    for day, items in by_day.items():
        fmt = content.DATA_FORMATS.get(items[0])
        if len(items) == 1 and fmt and day in spent:
            found.setdefault(fmt, []).append(spent[day])
    return found


@pytest.mark.parametrize("business", BUSINESSES)
def test_format_minutes_are_the_median_of_single_post_days(business):
    table = content.format_minutes(load_dataset(business, "posts"), load_dataset(business, "time_log"))
    assert list(table.index) == list(content.FORMATS)
    for fmt, values in minutes_by_hand(business).items():
        assert table.loc[fmt, "minutes"] == pytest.approx(pd.Series(values).median())
        assert table.loc[fmt, "days"] == len(values) and table.loc[fmt, "measured"]
    for fmt, key in content.ASSUMED_MINUTES.items():
        assert table.loc[fmt, "minutes"] == fact(key).value and not table.loc[fmt, "measured"]
        assert fact(key).cite() == "supuesto del curso"


def test_video_costs_more_than_a_photo_in_every_sample_business():
    for business in BUSINESSES:
        table = content.formats_table(business)
        if "photo" in table.index and table.loc["photo", "measured"]:
            assert table.loc["short_video", "minutes"] > table.loc["photo", "minutes"]


@pytest.mark.parametrize("business", BUSINESSES)
def test_format_returns_are_ratios_of_sums_by_reach(business):
    posts = load_dataset(business, "posts")
    table = content.format_returns(posts)
    formats = content.post_formats(posts)
    for fmt, row in table.iterrows():
        subset = posts[formats == fmt]
        assert row["rate_by_reach"] == pytest.approx(metrics.engagement_rate(subset, "reach"))
        assert row["posts"] == len(subset)
        assert row["clicks_per_post"] == pytest.approx(subset["clicks"].sum() / len(subset))


def test_formats_table_counts_engagements_per_hour_of_work():
    table = content.formats_table("cosmetica")
    row = table.loc["short_video"]
    assert row["engagements_per_hour"] == pytest.approx(
        row["engagements"] / row["posts"] / (row["minutes"] / 60))


def test_a_log_without_single_post_days_gets_a_message():
    posts = load_dataset("panaderia", "posts").head(0)
    with pytest.raises(DataError, match="una sola publicación"):
        content.format_minutes(posts, load_dataset("panaderia", "time_log"))


# --- the month -----------------------------------------------------------------------------


MINUTES = content.format_minutes(load_dataset("cosmetica", "posts"),
                                 load_dataset("cosmetica", "time_log"))["minutes"].to_dict()
SHARES = {"advice": 35, "product": 25, "customers": 25, "behind": 15}
ROUTINE = {"grid": {"mon": {"create": 60, "publish": 15}, "wed": {"publish": 15},
                    "fri": {"publish": 15, "reply": 10}, "sat": {"reply": 10}}}


def test_a_month_posts_on_the_routine_s_days_with_pillars_in_their_shares():
    days = content.publish_days(ROUTINE)
    assert days == ("mon", "wed", "fri")
    posts = content.plan_month(2026, 3, SHARES, ["instagram", "tiktok"], MINUTES, days=days)
    expected_days = [d for d in range(1, 32) if date(2026, 3, d).weekday() in (0, 2, 4)]
    assert [date.fromisoformat(p["date"]).day for p in posts] == expected_days
    counts = Counter(p["pillar"] for p in posts)
    for pillar, share in SHARES.items():
        assert abs(counts[pillar] - share / 100 * len(posts)) < 1
    assert [p["network"] for p in posts[:4]] == ["instagram", "tiktok", "instagram", "tiktok"]
    for post in posts:
        extra = fact(content.ACCESSIBILITY[post["format"]]).value
        assert post["minutes"] == round(MINUTES[post["format"]] + extra)
        assert post["format"] in content.CHANNEL_FORMATS[post["network"]]


@settings(max_examples=40, deadline=None)
@given(month=st.integers(1, 12), year=st.integers(2025, 2030),
       days=st.sets(st.sampled_from(("mon", "tue", "wed", "thu", "fri", "sat", "sun")), min_size=1))
def test_a_month_has_one_post_per_publishing_day(month, year, days):
    posts = content.plan_month(year, month, SHARES, ["facebook", "google_business"], MINUTES,
                               days=tuple(days))
    n_days = month_days.monthrange(year, month)[1]
    wanted = sum(1 for d in range(1, n_days + 1)
                 if ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[date(year, month, d).weekday()]
                 in days)
    assert len(posts) == wanted
    assert all(p["date"].startswith(f"{year:04d}-{month:02d}") for p in posts)


def test_no_routine_means_monday_wednesday_friday():
    assert content.publish_days(None) == content.DEFAULT_PUBLISH_DAYS
    assert content.publish_days({"grid": {"mon": {"reply": 10}}}) == content.DEFAULT_PUBLISH_DAYS


def test_a_hook_takes_the_last_post_before_its_date():
    hooks = content.seasonal_hooks("cosmética natural", 2026, 2, [("10/02/2026", "Feria del barrio")])
    assert [h["date"] for h in hooks] == [date(2026, 2, 10), date(2026, 2, 14)]
    posts = content.plan_month(2026, 2, SHARES, ["instagram"], MINUTES, hooks=hooks)
    hooked = [p for p in posts if p["hook"]]
    assert [(p["date"], p["idea"]) for p in hooked] == [
        ("2026-02-09", "Feria del barrio"), ("2026-02-13", hooks[1]["text"])]


def test_dates_that_move_fall_on_their_real_day_each_year():
    # Black Friday (the day after the fourth Thursday of November) and Colombia's Día del Amor
    # y la Amistad (the third Saturday of September), against the published dates.
    def day(sector, year, month, start):
        return [h["date"] for h in content.seasonal_hooks(sector, year, month) if h["text"].startswith(start)]
    assert day("cosmética natural", 2025, 11, "Black Friday") == [date(2025, 11, 28)]
    assert day("cosmética natural", 2026, 11, "Black Friday") == [date(2026, 11, 27)]
    assert day("ferretería", 2025, 9, "Amor y amistad") == [date(2025, 9, 20)]
    assert day("ferretería", 2026, 9, "Amor y amistad") == [date(2026, 9, 19)]


@given(st.integers(2000, 2100))
def test_moving_dates_keep_their_weekday_and_week(year):
    friday = content.seasonal_hooks("cosmética natural", year, 11)
    friday = [h["date"] for h in friday if h["text"].startswith("Black Friday")][0]
    assert friday.weekday() == 4 and 23 <= friday.day <= 29   # after the 4th Thursday (22-28)
    saturday = content.seasonal_hooks("ferretería", year, 9)
    saturday = [h["date"] for h in saturday if h["text"].startswith("Amor y amistad")][0]
    assert saturday.weekday() == 5 and 15 <= saturday.day <= 21   # the third Saturday


def test_own_hooks_are_checked():
    with pytest.raises(InvalidInputError, match="no tiene descripción"):
        content.seasonal_hooks("panadería", 2026, 5, [("2026-05-10", "  ")])
    with pytest.raises(InvalidInputError, match="no es una fecha"):
        content.seasonal_hooks("panadería", 2026, 5, [("mañana", "feria")])


def test_batching_turns_each_video_into_a_story_and_a_google_post():
    channels = ["instagram", "google_business"]
    plain = content.plan_month(2026, 4, SHARES, channels, MINUTES)
    batched = content.plan_month(2026, 4, SHARES, channels, MINUTES, batching=True)
    videos = [p for p in plain if p["format"] == "short_video"]
    extra = [p for p in batched if p["repurposed"]]
    assert len(extra) == 2 * len(videos) > 0
    assert Counter(p["format"] for p in extra) == {"story": len(videos), "gbp_post": len(videos)}
    repurpose = fact("minutes_repurpose").value
    alt = fact("minutes_alt_text").value
    saved = len(videos) * (MINUTES["story"] - repurpose) + len(videos) * (MINUTES["gbp_post"] + alt
                                                                          - repurpose)
    assert content.batching_savings(batched, MINUTES) == round(saved)
    assert content.batching_savings(plain, MINUTES) == 0


@pytest.mark.parametrize("year, month, channels, days", [
    ("2026", 13, ["instagram"], ("mon",)),
    (2026, 3, [], ("mon",)),
    (2026, 3, ["myspace"], ("mon",)),
    (2026, 3, ["instagram"], ()),
])
def test_a_bad_month_gets_a_message(year, month, channels, days):
    with pytest.raises(InvalidInputError) as error:
        content.plan_month(year, month, SHARES, channels, MINUTES, days=days)
    assert_learner_message(str(error.value))


# --- does it fit? --------------------------------------------------------------------------


def test_capacity_comes_from_the_routine_then_module_3_then_the_profile():
    assert content.weekly_capacity({"routine": ROUTINE}) == (60 + 15 * 3, "routine")
    hours = {"content_creation": 1, "photo_video": 0.5, "writing": 0.5, "publishing": 0.25,
             "replying": 2}
    assert content.weekly_capacity({"time_budget": {"hours_per_week": hours}}) == (135, "time_budget")
    profile = example_profile("panaderia")
    share = sum(v for k, v in __import__("rumbo").timecost.DEFAULT_SHARES.items()
                if k in content.POST_TASKS)
    assert content.weekly_capacity({}, profile) == (round(profile["hours_per_week"] * 60 * share),
                                                    "profile")
    assert content.weekly_capacity({"routine": "broken", "time_budget": 3}, {}) == (0, "profile")


def test_a_month_that_does_not_fit_is_refused_by_the_minutes_it_overflows():
    posts = content.plan_month(2026, 3, SHARES, ["instagram", "tiktok"], MINUTES)
    by_week = Counter()
    for p in posts:
        d = date.fromisoformat(p["date"])
        by_week[d.toordinal() - d.weekday()] += p["minutes"]
    total = sum(p["minutes"] for p in posts)
    roomy = content.fit_month(posts, max(by_week.values()), 2026, 3)
    assert roomy.total_minutes == total and roomy.fits
    assert roomy.capacity_month == round(max(by_week.values()) * 31 / 7)
    tight = content.fit_month(posts, 60, 2026, 3)
    over = max(total - round(60 * 31 / 7), max(by_week.values()) - 60)
    assert tight.over_minutes == over and not tight.fits
    with pytest.raises(InvalidInputError) as error:
        content.require_fit(tight)
    from rumbo.core.i18n import fmt_number
    assert f"Sobran {fmt_number(over)} minutos" in str(error.value)
    assert_learner_message(str(error.value))
    assert content.require_fit(roomy) is roomy


# --- fresh or stale --------------------------------------------------------------------------


@pytest.mark.parametrize("business", BUSINESSES)
def test_days_since_the_last_post_per_network(business):
    posts = load_dataset(business, "posts")
    today = content.sample_today(business)
    table = content.stale_profile(posts, today, networks=["whatsapp"])
    last = pd.to_datetime(posts["published_at"]).groupby(posts["network"]).max()
    for network, when in last.items():
        days = (pd.Timestamp(today) - when.normalize()).days
        assert table.loc[network, "days"] == days
        assert table.loc[network, "status"] == ("fresh" if days <= 7 else "cooling" if days <= 30
                                                else "stale")
    assert table.loc["whatsapp", "status"] == "never"


def test_the_bakery_s_silent_month_shows_as_stale():
    posts = load_dataset("panaderia", "posts")
    when = pd.to_datetime(posts["published_at"]).sort_values()
    gap = when.diff().idxmax()
    before = when[when < when[gap]].max().date()
    table = content.stale_profile(posts, when[gap].date() - pd.Timedelta(days=1))
    assert table["days"].min() >= 30 or (table["last_post"] <= before).all()
    assert (table["status"] == "stale").any()


def test_the_stale_check_reads_a_learner_s_export(tmp_path):
    posts = load_dataset("panaderia", "posts")
    export = tmp_path / "facebook.csv"
    export.write_bytes(to_meta_export(posts, "facebook"))
    table = content.stale_profile(export, "2025-12-31")
    facebook = pd.to_datetime(posts.loc[posts["network"] == "facebook", "published_at"]).max()
    assert table.loc["facebook", "days"] == (pd.Timestamp("2025-12-31") - facebook.normalize()).days


def test_the_stale_check_says_so_when_nothing_is_dated_before_today():
    posts = load_dataset("panaderia", "posts")
    with pytest.raises(DataError, match="antes de hoy"):
        content.stale_profile(posts, "2000-01-01")


# --- exports ---------------------------------------------------------------------------------


STAMP = datetime(2026, 2, 1, 12, 0, tzinfo=timezone.utc)


def test_the_calendar_exports_one_event_per_post():
    posts = content.plan_month(2026, 3, SHARES, ["instagram", "google_business"], MINUTES, batching=True)
    raw = content.calendar_to_ics(posts, STAMP, timezone="Europe/Madrid", start_time="08:30")
    assert raw == content.calendar_to_ics(posts, STAMP, timezone="Europe/Madrid", start_time="08:30")
    events = [c for c in Calendar.from_ical(raw).walk("VEVENT")]
    assert len(events) == len(posts) == len({str(e["uid"]) for e in events})
    for event, post in zip(events, posts):
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert start.date().isoformat() == post["date"] and (start.hour, start.minute) == (8, 30)
        assert (end - start).total_seconds() == max(post["minutes"], 5) * 60
        assert post["idea"] in str(event["summary"])
    with pytest.raises(InvalidInputError):
        content.calendar_to_ics([], STAMP)


def test_the_csv_opens_in_a_spanish_spreadsheet_and_runs_no_formula():
    posts = content.plan_month(2026, 3, SHARES, ["instagram"], MINUTES)
    posts[0]["idea"] = "=HYPERLINK(\"http://x\")"
    raw = content.calendar_csv(posts)
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "Fecha;Red;Pilar;Formato;Idea;Minutos"
    assert len(lines) == len(posts) + 1
    assert "'=HYPERLINK" in lines[1]
    back = pd.read_csv(pd.io.common.BytesIO(raw), sep=";", encoding="utf-8-sig")
    assert list(back["Minutos"]) == [p["minutes"] for p in posts]


def test_the_plan_section_keeps_pillars_month_and_fit():
    posts = content.plan_month(2026, 3, SHARES, ["instagram"], MINUTES)
    fit = content.fit_month(posts, 300, 2026, 3)
    section = content.content_section(SHARES, posts, fit, "2026-03", batching=False)
    assert [p["share"] for p in section["pillars"]] == list(SHARES.values())
    assert section["total_minutes"] == sum(p["minutes"] for p in posts)
    assert section["fits"] == fit.fits and section["month"] == "2026-03"


def test_fitting_month_drops_publishing_days_until_the_month_fits():
    days = ("mon", "wed", "fri")
    full = content.plan_month(2026, 3, SHARES, ["instagram"], MINUTES, days=days, mix="light")
    by_week = max(content.fit_month(full, 0, 2026, 3).by_week.values())
    posts, used = content.fitting_month(2026, 3, SHARES, ["instagram"], MINUTES, by_week - 1,
                                        days=days, mix="light")
    assert used == ("mon", "wed")
    assert content.fit_month(posts, by_week - 1, 2026, 3).fits
    one, used = content.fitting_month(2026, 3, SHARES, ["instagram"], MINUTES, 1, days=days)
    assert used == ("mon",) and not content.fit_month(one, 1, 2026, 3).fits
    with pytest.raises(InvalidInputError, match="variados o ligeros"):
        content.plan_month(2026, 3, SHARES, ["instagram"], MINUTES, mix="cheap")


def test_the_example_plans_hold_a_month_that_fits():
    from rumbo.plan_example import example_plan

    for business in BUSINESSES:
        plan = example_plan(business)
        section = plan["content"]
        capacity, _source = content.weekly_capacity(plan, plan["profile"])
        year, month = (int(x) for x in section["month"].split("-"))
        assert section["fits"] and content.fit_month(section["posts"], capacity, year, month).fits
        assert sum(p["share"] for p in section["pillars"]) == 100


def test_the_legal_section_keeps_the_checklist_order_and_names_each_source():
    keys = [key for key, _point, _source in content.LEGAL_CHECKLIST]
    section = content.legal_section(list(reversed(keys[:3])))
    assert [p["key"] for p in section] == keys[:3]
    assert all(p["source"] and p["point"] for p in section)
    assert content.legal_section([]) == []
    with pytest.raises(InvalidInputError, match="No conozco estos puntos"):
        content.legal_section(["consent", "magia"])
