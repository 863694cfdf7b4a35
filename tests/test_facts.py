"""rumbo.data.facts (the one facts table) and rumbo.core.units (one home for each convention)."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pandas as pd
import pytest

import rumbo
from rumbo.core.errors import DataError
from rumbo.core.i18n import set_language
from rumbo.core.units import WEEKS_PER_MONTH, fmt_hours, money, network_label
from rumbo.data import datasets_dir, facts, load_benchmarks
from rumbo.data.facts import Fact, fact

SRC = Path(rumbo.__file__).parent


@pytest.fixture
def own_table(tmp_path, monkeypatch):
    """A copy of the bundled datasets whose facts table has one more column, ``kind``."""
    root = tmp_path / "datasets"
    shutil.copytree(datasets_dir(), root)
    table = pd.read_csv(root / "benchmarks.csv")
    table["kind"] = ["dato publicado"] * (len(table) - 1) + ["supuesto del curso"]
    table.to_csv(root / "benchmarks.csv", index=False)
    monkeypatch.setenv("RUMBO_DATASETS", str(root))
    return table


def test_the_table_is_read_once_per_folder(monkeypatch):
    facts._table.cache_clear()
    facts._bundled.cache_clear()
    reads = []
    real = pd.read_csv
    monkeypatch.setattr(pd, "read_csv", lambda *a, **k: reads.append(a) or real(*a, **k))
    for _ in range(3):
        load_benchmarks()
        fact("follower_growth_typical")
        facts.facts("posting_frequency")
    assert len(reads) == 1


def test_every_column_is_carried_through(own_table):
    assert "kind" in load_benchmarks().columns
    last = own_table.iloc[-1]
    row = fact(last["key"], last["network"])
    assert row.extra["kind"] == "supuesto del curso"
    assert fact(own_table.iloc[0]["key"]).extra["kind"] == "dato publicado"


def test_a_fact_cites_its_source_and_says_when_it_has_no_year():
    with_year = Fact("k", "m", "all", 2.0, None, None, "percent", "Fuente", 2020, "")
    without = Fact("k", "m", "all", 2.0, None, None, "percent", "Fuente", None, "")
    assert with_year.cite() == "Fuente, 2020"
    assert without.cite() == "Fuente, sin año"
    set_language("en")
    assert without.cite() == "Fuente, no year"


def test_percentages_become_ratios_only_where_the_unit_says_so():
    table = load_benchmarks()
    for row in table.to_dict("records"):
        f = fact(row["key"], row["network"])
        if pd.notna(row["value"]):
            expected = row["value"] / 100 if str(row["unit"]).startswith("percent") else row["value"]
            assert f.ratio() == pytest.approx(expected)


def test_the_row_of_a_network_is_chosen_when_there_is_one():
    table = load_benchmarks()
    rows = table[table["key"] == "posting_frequency"]
    for network in rows["network"]:
        assert fact("posting_frequency", network).network == network
    assert fact("posting_frequency", "tiktok").network == rows.iloc[0]["network"]  # the first one


def test_an_unknown_key_is_a_data_error_naming_it():
    with pytest.raises(DataError, match="no_such_fact"):
        fact("no_such_fact")


def test_another_table_can_be_given(tmp_path):
    table = pd.DataFrame([dict(key="x", metric="m", network="all", value=5, low=None, high=None,
                               unit="percent", source="S", year=None, note="n")])
    assert fact("x", table=table).ratio() == pytest.approx(0.05)


# --- one home for every convention ------------------------------------------------------------

ONE_HOME = {
    "WEEKS_PER_MONTH": "core/units.py", "DAYS_PER_MONTH": "core/units.py",
    "HOURS_PER_WEEK": "core/units.py", "NETWORK_LABELS": "core/units.py",
    "CHANNELS": "core/units.py",
    "CURRENCIES": "core/units.py", "fmt_hours": "core/units.py", "money": "core/units.py",
    "total_cost": "metrics.py", "monthly_growth_rate": "metrics.py",
    "load_benchmarks": "data/facts.py", "cite": "data/facts.py",
}


def test_every_convention_and_formula_is_defined_in_one_place():
    """The data generator keeps its own simulation constants: it writes the data, it does
    not read them."""
    homes: dict[str, list[str]] = {}
    for path in SRC.rglob("*.py"):
        if path.name == "generator.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = [*tree.body, *(n for c in tree.body if isinstance(c, ast.ClassDef) for n in c.body)]
        for node in top:
            names = []
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names = [node.name]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            for name in names:
                if name in ONE_HOME:
                    homes.setdefault(name, []).append(path.relative_to(SRC).as_posix())
    assert homes == {name: [home] for name, home in ONE_HOME.items()}


def test_units_in_the_learner_s_words():
    assert WEEKS_PER_MONTH == pytest.approx(52 / 12)
    assert [fmt_hours(h) for h in (3, 2.5, 0.75, 2.333)] == ["3", "2,5", "0,75", "2,33"]
    assert network_label("x") == "X (Twitter)" and network_label("myspace") == "myspace"
    assert money(1500, "COP").replace("\u00a0", " ") == "1.500 COP"
    set_language("en")
    assert fmt_hours(1234.5) == "1,234.5"


def test_a_figure_without_a_source_says_whose_it_is():
    assumption = fact("follower_growth_typical")
    assert assumption.source == ""
    assert assumption.cite() == "supuesto del curso"
    unsourced = Fact("k", "m", "all", 2.0, None, None, "percent", "", None, "")
    assert unsourced.cite() == "sin fuente publicada"
    assert "nan" not in " ".join(f.cite() for key in load_benchmarks()["key"].unique() for f in facts.facts(key))


def test_old_data_is_cited_as_historical_and_assumptions_say_they_are_one():
    table = load_benchmarks()
    for row in table.to_dict("records"):
        f = fact(row["key"], row["network"])
        assert f.historical == (row["historical"] == 1)
        assert ("dato histórico" in f.cite()) == f.historical, f.key
        assert ("dato histórico" in f.year_label()) == f.historical, f.key
        if row["kind"] == "assumption":
            assert "supuesto" in f.cite() and "sin año" not in f.cite()
        assert f.kind_label(), f"{f.key}: every kind has words for the learner"
    case = fact("subsidised_plan_hours")
    assert case.cite().startswith("supuesto del ejemplo: ") and case.source in case.cite()
    assert fact("meta_cpm_spain").year_label() == "2025"
    assert fact("follower_growth_typical").year_label() == "—"
    set_language("en")
    assert fact("ceb_decision_complete").cite().endswith("2012, historical data")
    assert fact("ceb_decision_complete").year_label() == "2012 · historical data"


def test_every_table_of_facts_labels_old_data_as_historical():
    """Wherever the course shows a fact, one older than five years says «dato histórico»."""
    from rumbo import listening, metrics, plan_review, upkeep
    from rumbo.views import timecost as timecost_views, upkeep as upkeep_views

    historical = [key for key in load_benchmarks().query("historical == 1")["key"].unique()]
    shown = {
        "metrics": metrics.benchmark_table(historical).to_string(),
        "listening": listening.benchmark_table(historical).to_string(),
        "upkeep": str(upkeep_views.facts_table(historical)),
        "plan_review": plan_review.facts_table(["smb_social_use", "hubspot_overposting_clicks_drop"])
        .to_string(),
        "timecost": str(timecost_views.owner_hours_note()),
        "stop": upkeep.stop_parameters()["reach_rate_source"],
    }
    rows = sum(len(facts.facts(key)) for key in historical)
    assert shown["metrics"].count("dato histórico") == rows
    assert shown["listening"].count("dato histórico") == rows
    assert str(upkeep_views.facts_table(historical)).count("dato histórico") == rows
    for where, text in shown.items():
        assert "dato histórico" in text, where


def test_every_fact_has_its_source_and_note_in_english_too():
    table = load_benchmarks()
    for row in table.to_dict("records"):
        assert isinstance(row["note_en"], str) and row["note_en"].strip(), row["key"]
        assert pd.isna(row["source"]) == pd.isna(row["source_en"]), row["key"]


def test_an_english_session_reads_the_english_source_and_note():
    table = load_benchmarks()
    row = table[table["key"] == "fb_organic_reach_share"].iloc[0]
    spanish = fact("fb_organic_reach_share")
    assert (spanish.note, spanish.source) == (row["note"], row["source"])
    set_language("en")
    english = fact("fb_organic_reach_share")
    assert (english.note, english.source) == (row["note_en"], row["source_en"])
    assert (english.value, english.year, english.unit) == (spanish.value, spanish.year, spanish.unit)
    assert "note_en" not in english.extra and "source_en" not in english.extra
