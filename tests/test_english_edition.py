"""An English session shows English from the package: every panel of every module, before and
after each of its buttons is pressed, the views, the course map and the plan document."""

from __future__ import annotations

import re

import pytest

from rumbo.core.i18n import set_language
from rumbo.course import registry, start
from rumbo.data import list_businesses
from tests.language_support import buttons, spanish_in, widget_texts


def build_module(module, session) -> dict:
    built: dict = {}
    for panel in module.panels:
        built[panel.name] = panel.build(session, built)
    return built


@pytest.fixture
def english():
    set_language("en")
    yield
    set_language("es")


@pytest.mark.parametrize("business", list_businesses())
@pytest.mark.parametrize("module", registry.MODULES, ids=lambda m: m.stem)
def test_every_panel_is_english_before_and_after_each_button(module, business, tmp_path):
    session = start(business, str(tmp_path / "plan.json"), "en")
    try:
        leaks = []
        for name, panel in build_module(module, session).items():
            leaks += [f"{name}: {x}" for text in widget_texts(panel) for x in spanish_in(text)]
            for button in buttons(panel):
                button.click()
                leaks += [f"{name} after «{button.description}»: {x}"
                          for text in widget_texts(panel) for x in spanish_in(text)]
        assert not leaks, "Spanish in the English edition:\n" + "\n".join(sorted(set(leaks)))
    finally:
        set_language("es")


def test_the_course_map_is_english(english):
    table = registry.modules_table()
    assert not spanish_in(table.to_html())


def test_the_walk_sees_the_text_a_spanish_session_would_flag(tmp_path):
    """The same walk in Spanish finds Spanish in every panel: the English test reads real text."""
    session = start("panaderia", str(tmp_path / "plan.json"), "es")
    for name, panel in build_module(registry.MODULES[1], session).items():
        assert any(spanish_in(text) for text in widget_texts(panel)), name


def shown_text(shown) -> str:
    """The words of what a view returns: a table, a figure, an HTML block or a tuple of them."""
    import matplotlib.figure
    import matplotlib.text
    import pandas as pd

    if isinstance(shown, tuple):
        return " ".join(shown_text(part) for part in shown)
    if isinstance(shown, (pd.DataFrame, pd.Series)):
        return shown.to_frame().to_html() if isinstance(shown, pd.Series) else shown.to_html()
    if isinstance(shown, matplotlib.figure.Figure):
        import matplotlib.pyplot as plt

        texts = " ".join(t.get_text() for t in shown.findobj(matplotlib.text.Text))
        plt.close(shown)
        return texts
    return str(shown)


def views(business: str, session) -> dict:
    """The views the course notebooks show directly (the panels show the rest)."""
    from rumbo.data import load_dataset
    from rumbo.views import charts, listening, metrics, timecost, upkeep
    from rumbo.views import content as content_views

    log = load_dataset(business, "time_log")
    return {
        "followers_chart": lambda: charts.followers_chart(business),
        "content_time_note": lambda: content_views.content_time_note(business),
        "assumptions_frame": content_views.assumptions_frame,
        "hooks_frame": lambda: content_views.hooks_frame(session.profile.get("sector"), 2026),
        "goals_compared": lambda: content_views.goals_compared(session.profile),
        "sample_stale_report": lambda: content_views.sample_stale_report(business),
        "fact_note": lambda: content_views.fact_note(content_views.ASSUMPTION_KEYS[0]),
        "owner_hours_note": timecost.owner_hours_note,
        "worst_week_summary": lambda: timecost.worst_week_summary(log),
        "month_after_summary": timecost.month_after_summary,
        "content_share_note": lambda: timecost.content_share_note(log),
        "weekly_hours_chart": lambda: timecost.weekly_hours_chart(log, 3),
        "consistency_report": lambda: upkeep.consistency_report(business, 3),
        "consistency_chart": lambda: upkeep.consistency_chart(business, 3),
        "stop_report": lambda: upkeep.stop_report(1200, 3),
        "facts_table": lambda: upkeep.facts_table(["posting_frequency", "follower_growth_typical"]),
        "rules_table": listening.rules_table,
        "actions_table": listening.actions_table,
        "engaged_comparison": metrics.engaged_comparison_html,
    }


@pytest.mark.parametrize("business", list_businesses())
def test_every_view_a_notebook_shows_is_english(business, tmp_path):
    session = start(business, str(tmp_path / "plan.json"), "en")
    try:
        leaks = [f"{name}: {x}" for name, view in views(business, session).items()
                 for x in spanish_in(shown_text(view()))]
    finally:
        set_language("es")
    assert not leaks, "Spanish in the English edition:\n" + "\n".join(leaks)


@pytest.mark.parametrize("business", list_businesses())
def test_the_plan_document_is_english_with_english_numbers_money_and_dates(business):
    from rumbo.plan_example import example_plan
    from rumbo.views import plan_document

    plan = example_plan(business, "en")
    html = plan_document.render_html(plan, "en", charts=False)
    markdown = plan_document.render_markdown(plan, "en")
    assert not spanish_in(html), spanish_in(html)
    assert not spanish_in(markdown), spanish_in(markdown)
    # English conventions from the Babel formatters: 1,234 and 2.5% and €1,480 / COP 1,480,000.
    text = markdown
    assert re.search(r"\b\d{1,3}(?:,\d{3})+\b", text), "thousands with commas"
    assert not re.search(r"\b\d{1,3}(?:\.\d{3})+\b(?!\.)", text), "Spanish thousands (1.234)"
    assert not re.search(r"\d %", text), "a space before % is Spanish"
    assert not re.search(r"\d+,\d+ ?%", text), "a decimal comma"
    spanish = plan_document.render_markdown(example_plan(business, "es"), "es")
    assert re.search(r"\d+,\d %", spanish), "the Spanish document keeps «2,5 %»"
