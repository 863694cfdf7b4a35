"""What to publish, shown: pillars, the formats table, the month's calendar and its fit,
the stale-profile check and the course's assumptions, as tables with the learner's headings.
"""

from __future__ import annotations

import pandas as pd

from rumbo import content, objectives, timecost, upkeep
from rumbo.core.i18n import fmt_number, fmt_percent, translator
from rumbo.core.units import network_label
from rumbo.data import business_info, load_dataset
from rumbo.data.facts import fact
from rumbo.views.html import HtmlBlock, grid_table, html_table
from rumbo.views.notes import Note

_, N_, ngettext = translator("content")


def pillars_html(pillars: list[dict]) -> HtmlBlock:
    """Pillars with their share of posts and why each is there."""
    rows = [[str(p.get("label") or content.pillar_label(p["pillar"])),
             fmt_percent(p["share"] / 100, 0), content.pillar_help(p.get("pillar")), str(p.get("why", ""))]
            for p in pillars]
    return HtmlBlock(grid_table([_("Pilar"), _("Publicaciones"), _("Qué cuenta"), _("Por qué")],
                                rows, _("Tus pilares de contenido"), row_headers=True))


def formats_frame(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`rumbo.content.formats_table` with the learner's headings and formats."""
    def how(row) -> str:
        if row["measured"]:
            return ngettext("mediana de {n} día con una sola publicación",
                            "mediana de {n} días con una sola publicación",
                            int(row["days"])).format(n=int(row["days"]))
        return _("supuesto del curso")

    def number(value, digits=1) -> str:
        return "—" if pd.isna(value) else fmt_number(value, digits)

    rows = []
    for key, row in table.iterrows():
        rate = row.get("rate_by_reach")
        rows.append({
            _("Formato"): content.format_label(key),
            _("Minutos por pieza"): fmt_number(row["minutes"], 0),
            _("Cómo se sabe"): how(row),
            _("Publicaciones"): number(row.get("posts"), 0),
            _("Interacciones / alcance (suma entre suma)"): "—" if pd.isna(rate) else fmt_percent(rate, 2),
            _("Interacciones por publicación"): number(row.get("engagements_per_post")),
            _("Clics por publicación"): number(row.get("clicks_per_post")),
            _("Interacciones por hora de trabajo"): number(row.get("engagements_per_hour")),
        })
    return pd.DataFrame(rows).set_index(_("Formato"))


def calendar_html(posts: list[dict], caption: str = "") -> HtmlBlock:
    """The month as a table: date, network, pillar, format, idea, minutes (repurposed pieces
    marked)."""
    rows = content.calendar_rows(posts)
    for row, post in zip(rows, posts):
        if post.get("repurposed"):
            row[3] = _("{format} (del vídeo)").format(format=row[3])
    header = [_(content.CSV_HEADINGS[c]) for c in content.CSV_COLUMNS]
    return HtmlBlock(grid_table(header, rows, caption or _("Tu mes de publicaciones")))


def fit_html(fit: content.MonthFit, source: str, saved_minutes: int = 0) -> HtmlBlock:
    """How the month compares with the week's minutes for content, and where they come from."""
    sources = {"routine": _("tu rutina del módulo 5 (crear contenido + publicar)"),
               "time_budget": _("tus horas del módulo 3 (crear, fotos y vídeo, redactar, publicar)"),
               "profile": _("las horas de tu perfil, con el reparto que propone el módulo 3")}
    week, minutes = fit.worst_week or ("", 0)
    rows = [
        (_("Minutos del mes"), fmt_number(fit.total_minutes)),
        (_("Minutos disponibles en el mes"), fmt_number(fit.capacity_month)),
        (_("Minutos por semana para contenido"), fmt_number(fit.capacity_per_week)),
        (_("De dónde salen"), sources.get(source, source)),
        (_("Semana más cargada"), _("{m} min (semana del {day})").format(
            m=fmt_number(minutes), day=week[8:10] + "/" + week[5:7]) if week else "—"),
    ]
    if saved_minutes:
        rows.append((_("Ahorro por reaprovechar vídeos"), _("{m} min ({h} h)").format(
            m=fmt_number(saved_minutes), h=fmt_number(saved_minutes / 60, 1))))
    return HtmlBlock(html_table(rows, _("¿Cabe en tu semana?")))


def stale_frame(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`rumbo.content.stale_profile` with the learner's headings."""
    rows = [{
        _("Red"): network_label(network),
        _("Última publicación"): "—" if pd.isna(row["last_post"]) else row["last_post"].strftime("%d/%m/%Y"),
        _("Días sin publicar"): "—" if pd.isna(row["days"]) else fmt_number(row["days"]),
        _("Estado"): _(content.STATUS_LABELS[str(row.status)]),
    } for network, row in table.iterrows()]
    return pd.DataFrame(rows).set_index(_("Red"))


ASSUMPTION_KEYS = ("minutes_story", "minutes_gbp_post", "minutes_whatsapp_status",
                   "minutes_repurpose", "minutes_alt_text", "minutes_subtitles")


def assumptions_frame() -> pd.DataFrame:
    """The minutes the course assumes, each with what it stands for and its citation."""
    rows = []
    for key in ASSUMPTION_KEYS:
        row = fact(key)
        rows.append({_("Qué"): row.note, _("Minutos"): fmt_number(row.value), _("Fuente"): row.cite()})
    return pd.DataFrame(rows)


def hooks_frame(sector, year: int, months=range(1, 13)) -> pd.DataFrame:
    """The dates of the sector's calendar in ``year`` worth a post a few days before."""
    rows = [{_("Fecha"): hook["date"].strftime("%d/%m/%Y"), _("Qué contar"): hook["text"]}
            for month in months for hook in content.seasonal_hooks(sector, year, month)]
    return pd.DataFrame(rows)


def content_time_note(business: str) -> Note:
    """How much of the logged hours went to making content, in one sentence."""
    log = load_dataset(business, "time_log")
    hours = timecost.hours_by_task(log)
    return Note(_("En el registro de tiempo de {name}, hacer contenido (crear, fotos y vídeo, "
                  "redactar) se llevó {share} de las horas: {hours} h de {total} h en el año.").format(
                      name=business_info(business)["name"], share=fmt_percent(timecost.log_content_share(log), 0),
                      hours=fmt_number(hours.reindex(timecost.CONTENT_TASKS).sum(), 0),
                      total=fmt_number(hours.sum(), 0)))


def goals_compared(profile: dict, goals=("sell_more", "fewer_returns")) -> pd.DataFrame:
    """The pillars' shares the same business gets with each goal, side by side (in %)."""
    columns = {}
    for goal in goals:
        pillars = content.suggest_pillars(profile, [{"goal": goal}])
        columns[_(objectives.GOALS[goal][0])] = {p["label"]: p["share"] for p in pillars}
    return pd.DataFrame(columns).fillna(0).astype(int).rename_axis(_("Pilar"))


def sample_stale_report(business: str, networks=(), *, in_silence: bool = False) -> pd.DataFrame:
    """The stale check on a bundled business, counted from the last day of its year or, with
    ``in_silence``, from the last day of its longest silence (the day before it posted again)."""
    posts = load_dataset(business, "posts")
    today = content.sample_today(business)
    if in_silence:
        today = (upkeep.longest_gap(posts).end - pd.Timedelta(days=1)).date()
    return stale_frame(content.stale_profile(posts, today, networks)).rename_axis(
        _("Red, a {date}").format(date=today.strftime("%d/%m/%Y")))


def fact_note(key: str) -> Note:
    """One row of the facts table as a sentence with its source."""
    row = fact(key)
    return Note(_("{note} (Fuente: {source}.)").format(note=row.note, source=row.cite()))
