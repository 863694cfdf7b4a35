"""rumbo.listening: response stats, sentiment, share of voice, crisis days, triage, plan."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rumbo import listening as L
from rumbo import triage_rules
from rumbo.core.i18n import set_language
from rumbo.core.errors import DataError, InvalidInputError


def frame(minutes, sentiments=None, brands=None):
    """Mentions created on the hour, answered after ``minutes`` (None: never)."""
    created = pd.date_range("2025-03-01 09:00", periods=len(minutes), freq="h")
    replied = [c + pd.Timedelta(minutes=m) if m is not None else pd.NaT
               for c, m in zip(created, minutes)]
    data = {"created_at": created, "replied_at": pd.to_datetime(pd.Series(replied))}
    if sentiments is not None:
        data["sentiment"] = sentiments
    if brands is not None:
        data["brand"] = brands
    return pd.DataFrame(data)


# --- response stats -----------------------------------------------------------------

def test_response_stats_by_hand():
    stats = L.response_stats(frame([10, 30, 90, None, 240]))
    assert stats["received"] == 5 and stats["answered"] == 4
    assert stats["response_rate"] == pytest.approx(0.8)
    assert stats["median_minutes"] == pytest.approx(60)  # median of 10, 30, 90, 240
    assert stats["answered_within"] == 2
    assert stats["share_within"] == pytest.approx(2 / 5)  # of received, not of answered


def test_exactly_sixty_minutes_counts_as_within():
    assert L.response_stats(frame([60]))["share_within"] == 1


def test_nobody_answered():
    stats = L.response_stats(frame([None, None]))
    assert stats["response_rate"] == 0 and math.isnan(stats["median_minutes"])


@given(st.lists(st.one_of(st.none(), st.integers(0, 5000)), min_size=1, max_size=40),
       st.integers(1, 600))
@settings(max_examples=60, deadline=None)
def test_response_properties(minutes, window):
    stats = L.response_stats(frame(minutes), within_minutes=window)
    assert 0 <= stats["share_within"] <= stats["response_rate"] <= 1
    assert stats["answered_within"] <= stats["answered"] <= stats["received"]
    longer = L.response_stats(frame(minutes), within_minutes=window + 60)
    assert longer["share_within"] >= stats["share_within"]


@pytest.mark.parametrize("bad", [0, -5, None, "abc", float("nan"), float("inf"), 10**9, True])
def test_bad_window_is_a_message(bad):
    with pytest.raises(InvalidInputError):
        L.response_stats(frame([10]), within_minutes=bad)


def test_empty_and_impossible_tables():
    with pytest.raises(DataError):
        L.response_stats(frame([]))
    wrong = frame([10])
    wrong["replied_at"] = wrong["created_at"] - pd.Timedelta(minutes=5)
    with pytest.raises(DataError, match="anteriores"):
        L.response_stats(wrong)
    with pytest.raises(DataError, match="columnas"):
        L.response_stats(pd.DataFrame({"created_at": []}))


# --- sentiment and share of voice ---------------------------------------------------

def test_net_sentiment_and_shares():
    mentions = frame([1] * 5, sentiments=["positive", "positive", "negative", "neutral", None])
    shares = L.sentiment_shares(mentions)
    assert shares == {"positive": 0.5, "neutral": 0.25, "negative": 0.25}
    assert L.net_sentiment(mentions) == pytest.approx(0.25)


@given(st.lists(st.sampled_from(L.SENTIMENTS), min_size=1, max_size=50))
@settings(deadline=None)
def test_net_sentiment_is_between_minus_one_and_one(labels):
    value = L.net_sentiment(frame([1] * len(labels), sentiments=labels))
    assert -1 <= value <= 1


def test_sentiment_errors():
    with pytest.raises(DataError, match="sentimiento"):
        L.net_sentiment(frame([1], sentiments=[None]))
    with pytest.raises(DataError, match="feliz"):
        L.net_sentiment(frame([1], sentiments=["feliz"]))


@given(st.lists(st.sampled_from(["nosotros", "rival a", "rival b"]), min_size=1, max_size=60))
@settings(deadline=None)
def test_share_of_voice_sums_to_one(brands):
    shares = L.share_of_voice(frame([1] * len(brands), brands=brands))
    assert shares.sum() == pytest.approx(1)
    assert shares.is_monotonic_decreasing
    assert shares["nosotros" if "nosotros" in brands else brands[0]] > 0


# --- crisis radar -------------------------------------------------------------------

def negatives(counts, start="2025-01-01"):
    rows = [pd.Timestamp(start) + pd.Timedelta(days=d, hours=10)
            for d, c in enumerate(counts) for _ in range(c)]
    return pd.DataFrame({"created_at": rows, "sentiment": "negative"})


def test_daily_counts_fill_quiet_days_with_zero():
    daily = L.daily_counts(negatives([2, 0, 0, 3]))
    assert daily.tolist() == [2, 0, 0, 3]
    assert daily.index[0] == pd.Timestamp("2025-01-01")


def test_a_spike_is_a_crisis_day():
    rng = np.random.default_rng(5)
    counts = list(rng.poisson(2, 60)) + [25] + list(rng.poisson(2, 10))
    daily = L.daily_counts(negatives(counts))
    days = L.crisis_days(daily, threshold=3, window=28)
    assert pd.Timestamp("2025-01-01") + pd.Timedelta(days=60) in days.index
    assert len(days) <= 2


def test_the_day_is_not_part_of_its_own_baseline():
    daily = pd.Series([1.0, 2.0] * 14 + [10.0], index=pd.date_range("2025-01-01", periods=29))
    scores = L.crisis_scores(daily, window=28)
    last = scores.iloc[-1]
    assert last["baseline"] == pytest.approx(1.5)
    assert last["z"] == pytest.approx((10 - 1.5) / daily.iloc[:28].std())
    assert scores["z"].iloc[:28].isna().all()


def test_flat_baseline():
    daily = pd.Series([0.0] * 28 + [0.0, 1.0], index=pd.date_range("2025-01-01", periods=30))
    scores = L.crisis_scores(daily, window=28)
    assert scores["z"].iloc[28] == 0 and math.isinf(scores["z"].iloc[29])
    assert list(L.crisis_days(daily, 3, 28).index) == [daily.index[29]]


@given(st.lists(st.integers(0, 20), min_size=30, max_size=80), st.floats(0.5, 5))
@settings(max_examples=50, deadline=None)
def test_higher_threshold_never_lights_more_days(counts, z):
    daily = pd.Series(counts, index=pd.date_range("2025-01-01", periods=len(counts)), dtype=float)
    assert set(L.crisis_days(daily, z + 0.5, 14).index) <= set(L.crisis_days(daily, z, 14).index)


@pytest.mark.parametrize("bad", [0, -1, 11, None, "", "tres", float("nan"), float("inf")])
def test_bad_threshold(bad):
    with pytest.raises(InvalidInputError):
        L.check_threshold(bad)


def test_threshold_accepts_decimal_comma_text():
    assert L.check_threshold("2,5") == 2.5


@pytest.mark.parametrize("bad", [0, 3, 6, 91, 7.5, None, "x"])
def test_bad_window(bad):
    with pytest.raises(InvalidInputError):
        L.check_window(bad)


def test_no_days():
    with pytest.raises(DataError):
        L.crisis_scores(pd.Series([], dtype=float))
    with pytest.raises(DataError):
        L.daily_counts(pd.DataFrame({"created_at": [None], "sentiment": ["negative"]}))


# --- triage -------------------------------------------------------------------------

@pytest.mark.parametrize("language,text,expected", [(lang, t, e) for lang, examples
                                                    in triage_rules.EXAMPLES.items() for t, e in examples])
def test_rules_agree_with_the_examples(language, text, expected):
    category, signals, reason = L.suggest_category(text, language)
    assert category == expected, (text, signals)
    assert reason


def test_an_angry_customer_with_facts_is_not_a_troll():
    category, signals, _ = L.suggest_category("¡¡¡VERGÜENZA!!! El pedido 4411 llegó roto y nadie "
                                              "me contesta")
    assert category == "customer_right"
    assert {"facts", "problem", "shouting"} <= set(signals)


#: Complaints in the customers' own words, without an order number, in each language.
COMPLAINTS = {"es": [
    "No me devolvéis el cambio bien, ya es la segunda vez",
    "Me atendieron fatal esta mañana",
    "Otra vez lo mismo: el pan de ayer en la bolsa de hoy",
    "Me habéis cobrado de más en la barra",
    "Sigo esperando a que me llaméis",
    "¿Por qué no me disteis el ticket?",
    "Muy mal servicio, la verdad",
    "Qué decepción con la tarta de cumpleaños",
], "en": [
    "You didn't give me the right change, that's the second time",
    "The service this morning was awful",
    "Same again: yesterday's bread in today's bag",
    "You overcharged me at the counter",
    "Still waiting for you to call me back",
    "Why didn't you give me a receipt?",
    "Very bad service, to be honest",
    "What a disappointment the birthday cake was",
    "The card reader doesn’t work and nobody told us",
]}
#: What is not a complaint (faint praise, thanks "again", plain questions), in each language.
NOT_COMPLAINTS = {"es": [
    ("No está mal, volveré", "question"),       # faint praise, not a complaint
    ("Nada mal el pan de centeno", "question"),
    ("Gracias otra vez, ¡riquísimo!", "praise"),
    ("¿Tenéis pan sin gluten?", "question"),
    ("¿Me guardáis una barra para mañana?", "question"),
], "en": [
    ("Not bad, I'll be back", "question"),
    ("Not bad at all, the rye bread", "question"),
    ("Thanks again, delicious!", "praise"),
    ("Do you have gluten-free bread?", "question"),
    ("Could you keep a baguette for me for tomorrow?", "question"),
    ("Absolute rip-off, you clowns", "troll"),
    ("WORST SHOP IN TOWN, AVOID AVOID AVOID!!!", "troll"),
]}


@pytest.mark.parametrize("language,text", [(lang, t) for lang, texts in COMPLAINTS.items()
                                           for t in texts])
def test_a_complaint_without_an_order_number_is_a_customer_who_is_right(language, text):
    """Customers complain in their words, not with order numbers: something that went wrong
    (even as a question, even with no detail) is a complaint, never a mere question."""
    category, signals, reason = L.suggest_category(text, language)
    assert category == "customer_right", (text, signals)
    assert "problem" in signals and reason


@pytest.mark.parametrize("language,text,expected", [(lang, t, e) for lang, cases in NOT_COMPLAINTS.items()
                                                    for t, e in cases])
def test_what_is_not_a_complaint_stays_what_it_is(language, text, expected):
    assert L.suggest_category(text, language)[0] == expected


def test_accents_and_case_do_not_matter():
    assert L.suggest_category("CUANDO abris")[0] == L.suggest_category("¿Cuándo abrís?")[0] == "question"


def test_no_signal_falls_back_to_asking():
    category, signals, reason = L.suggest_category("mmm")
    assert category == "question" and signals == []


@pytest.mark.parametrize("bad", ["", "   ", None, 42, "x" * 3000])
def test_bad_comment(bad):
    with pytest.raises(InvalidInputError):
        L.suggest_category(bad)


# --- triage in English: the same rules, read with the English signals ----------------

def test_every_language_has_the_same_situations_with_the_same_answers():
    answers = {lang: [c for _t, c in examples] for lang, examples in triage_rules.EXAMPLES.items()}
    assert answers["en"] == answers["es"]
    assert set(triage_rules.SIGNAL_PATTERNS["en"]) == set(triage_rules.SIGNAL_PATTERNS["es"])
    assert set(L.SIGNAL_LABELS) == set(triage_rules.SIGNAL_NAMES)


def test_the_session_language_chooses_the_rules_and_the_examples():
    set_language("en")
    assert L.triage_examples() == triage_rules.EXAMPLES["en"]
    assert L.suggest_category("Do you have gluten-free bread?")[0] == "question"
    # Spanish signal words mean nothing to the English rules, and the other way round.
    assert L.suggest_category("Gracias, riquísimo")[1] == []
    set_language("es")
    assert L.suggest_category("Thanks, delicious")[1] == []


def test_an_angry_english_customer_with_facts_is_not_a_troll():
    category, signals, _ = L.suggest_category("!!!DISGRACEFUL!!! Order 4411 arrived broken and "
                                              "nobody answers me", "en")
    assert category == "customer_right"
    assert {"facts", "problem", "shouting"} <= set(signals)


def test_case_does_not_matter_in_english():
    assert (L.suggest_category("WHEN are you open", "en")[0]
            == L.suggest_category("When are you open?", "en")[0] == "question")


def test_no_english_signal_falls_back_to_asking():
    category, signals, _ = L.suggest_category("hmm", "en")
    assert category == "question" and signals == []


def test_english_triage_score_marks_the_english_examples():
    set_language("en")
    examples = L.triage_examples()
    right = {i: cat for i, (_t, cat) in enumerate(examples)}
    assert L.triage_score(right)["right"] == len(examples)
    with pytest.raises(InvalidInputError, match="2"):
        L.triage_score({i: c for i, c in right.items() if i >= 2})


def test_triage_score():
    right = {i: cat for i, (_t, cat) in enumerate(L.TRIAGE_EXAMPLES)}
    assert L.triage_score(right)["right"] == len(L.TRIAGE_EXAMPLES)
    wrong = {**right, 0: "troll"}
    score = L.triage_score(wrong)
    assert score["right"] == len(L.TRIAGE_EXAMPLES) - 1 and not score["per_comment"][0]
    with pytest.raises(InvalidInputError, match="2"):
        L.triage_score({i: c for i, c in right.items() if i >= 2})


def test_every_category_has_label_action_and_time():
    for category in L.CATEGORIES:
        assert L.CATEGORY_LABELS[category] and L.CATEGORY_ACTIONS[category]
        assert 0 < L.CATEGORY_MINUTES[category] <= L.MAX_WINDOW_MINUTES


# --- plan sections ------------------------------------------------------------------

GOOD_TARGETS = {"response_rate": 95, "median_minutes": 60, "share_within_60": 50, "crisis_z": 3}


def test_targets_are_stored_as_ratios():
    assert L.validate_targets(GOOD_TARGETS) == {
        "response_rate": 0.95, "share_within_60": 0.5, "median_minutes": 60, "crisis_z": 3}


@pytest.mark.parametrize("key,bad", [
    ("response_rate", 0), ("response_rate", 150), ("response_rate", -3), ("response_rate", None),
    ("share_within_60", "mucho"), ("median_minutes", 0), ("median_minutes", -10),
    ("median_minutes", float("nan")), ("median_minutes", 10**7), ("crisis_z", 0), ("crisis_z", 50),
])
def test_bad_targets(key, bad):
    with pytest.raises(InvalidInputError):
        L.validate_targets({**GOOD_TARGETS, key: bad})


def test_every_target_problem_is_listed_at_once():
    with pytest.raises(InvalidInputError) as info:
        L.validate_targets({})
    assert str(info.value).count("«") >= 3


def test_target_warnings():
    slow = L.validate_targets({**GOOD_TARGETS, "median_minutes": 600, "response_rate": 50})
    notes = L.target_warnings(slow, {"response_rate": 0.9, "median_minutes": 100})
    assert len(notes) == 3
    assert L.target_warnings(L.validate_targets(GOOD_TARGETS)) == []


def protocol(**changes):
    raw = {c: {"who": "Ane", "minutes": L.CATEGORY_MINUTES[c]} for c in L.CATEGORIES}
    raw["escalate_to"] = "Mikel"
    raw.update(changes)
    return raw


def test_protocol_is_plain_json_with_actions():
    import json

    clean = L.validate_protocol(protocol())
    assert [r["category"] for r in clean["rules"]] == list(L.CATEGORIES)
    assert clean["needs_approval"] is False and all(r["action"] for r in clean["rules"])
    json.dumps(clean)


@pytest.mark.parametrize("changes", [
    {"troll": {"who": "", "minutes": 60}}, {"question": {"who": "Ane", "minutes": 0}},
    {"praise": {"who": "Ane", "minutes": -1}}, {"escalate_to": "  "},
    {"customer_right": {"who": "x" * 100, "minutes": 30}}, {"question": None},
])
def test_bad_protocol(changes):
    with pytest.raises(InvalidInputError):
        L.validate_protocol(protocol(**changes))
