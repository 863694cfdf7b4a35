"""The English texts of the bundled data: every comment has an English twin written from the same
draws, so every figure of every table is the same in both editions, and the English is English."""

from __future__ import annotations

import pandas as pd
import pytest

from rumbo import listening as L
from rumbo import metrics
from rumbo.core.i18n import set_language
from rumbo.data import comments_en, generator, list_businesses, load_dataset
from rumbo.data.datasets import TABLES
from tests.language_support import spanish_in


def both_editions(business: str, table: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    set_language("es")
    spanish = load_dataset(business, table)
    set_language("en")
    try:
        english = load_dataset(business, table)
    finally:
        set_language("es")
    return spanish, english


def test_every_english_table_runs_parallel_to_its_spanish_twin():
    """Same length and order, so the same draw picks the same situation in both languages."""
    assert comments_en.PREFIXES[:4] == generator.PREFIXES[:4] == ("",) * 4
    pairs = [(comments_en.PREFIXES, generator.PREFIXES), (comments_en.DAYS_SAID, generator.DAYS_SAID),
             (comments_en.RELATIVES, generator.RELATIVES),
             (comments_en.ORDER_DAYS, generator.ORDER_DAYS)]
    pairs += [(comments_en.SUFFIXES[k], generator.SUFFIXES[k]) for k in generator.SUFFIXES]
    pairs += [(comments_en.TEXTS[k], generator.TEXTS[k]) for k in generator.TEXTS]
    for biz in generator.BUSINESSES:
        local = generator.BUSINESS_TEXTS[biz.business_id]
        pairs += [(comments_en.BUSINESS_TEXTS[biz.business_id][k], local[k]) for k in local]
        english = comments_en.VOCAB[biz.business_id]
        pairs += [(english[k], biz.vocab[k]) for k in english if isinstance(english[k], tuple)]
        assert set(english) == set(biz.vocab) - {"place"}, biz.business_id
    for english, spanish in pairs:
        assert len(english) == len(spanish), (english, spanish)
    assert set(comments_en.TEXTS) == set(generator.TEXTS)


@pytest.mark.parametrize("business", list_businesses())
@pytest.mark.parametrize("table", TABLES)
def test_every_table_is_the_same_in_both_editions_but_the_words(business, table):
    spanish, english = both_editions(business, table)
    assert list(spanish.columns) == list(english.columns)
    assert "text_en" not in english.columns
    words = [c for c in ("text",) if c in spanish]
    pd.testing.assert_frame_equal(spanish.drop(columns=words), english.drop(columns=words))
    if words:
        assert (spanish["text"] != english["text"]).mean() > 0.9


@pytest.mark.parametrize("business", list_businesses())
def test_every_listening_figure_is_the_same_in_both_editions(business):
    figures = {}
    for language in ("es", "en"):
        set_language(language)
        own = L.own_mentions(business)
        figures[language] = (L.response_stats(own, 60), L.net_sentiment(own),
                             L.share_of_voice(load_dataset(business, "mentions")).to_dict(),
                             L.crisis_days(L.negative_daily(business)).index.tolist(),
                             metrics.engagement_rate(load_dataset(business, "posts")))
    set_language("es")
    assert figures["en"] == figures["es"]


@pytest.mark.parametrize("business", list_businesses())
def test_english_comments_are_english_and_complete(business):
    set_language("en")
    try:
        mentions = load_dataset(business, "mentions")
    finally:
        set_language("es")
    texts = mentions["text"]
    assert texts.str.len().between(5, 220).all()
    assert not texts.str.contains(r"[{}]", regex=True).any(), "a slot left unfilled"
    assert texts.nunique() > 0.3 * len(texts), "texts should vary"
    leaks = [(t, spanish_in(t)) for t in texts.unique() if spanish_in(t)]
    assert not leaks, leaks[:10]


#: The category the triage should give each kind of generated comment (chatter has none).
TRIAGE_OF_KIND = {"complaint": "customer_right", "troll": "troll", "praise": "praise",
                  "question": "question"}


def triage_hits(mentions: pd.DataFrame, language: str) -> float:
    """Share of the distinct comments whose category by the rules of ``language`` is their kind's."""
    comments = mentions[mentions["kind"].isin(list(TRIAGE_OF_KIND))].drop_duplicates("text")
    return sum(L.suggest_category(text, language)[0] == TRIAGE_OF_KIND[kind]
               for text, kind in zip(comments["text"], comments["kind"])) / len(comments)


@pytest.mark.parametrize("business", list_businesses())
def test_english_triage_reads_the_english_twins_at_least_as_well_as_the_spanish_rules(business):
    """The same comments, written in two languages, each read by its own rules: the English
    rules find the kind of comment at least as often as the Spanish rules do."""
    spanish, english = both_editions(business, "mentions")
    assert triage_hits(english, "en") >= triage_hits(spanish, "es")
