"""Exercise 04 (what to publish): the format that returns most for the hours, whether the
example month fits the week, the hours an AI drafting tool saves once checking is counted,
and what never goes into one, on the bundled data of one business.

The learner reads the figures from the tables shown (the formats table of module 4, the
example month's minutes, the time log's writing minutes) and answers with an option, a
subtraction or a short sum; the misconceptions graded are the best return on the hours taken
for the best rate by reach, a month of four weeks, the AI's draft counted without the
time to check it, and a customer's data pasted into a tool.
"""

from __future__ import annotations

import calendar
from functools import lru_cache
from types import SimpleNamespace

import pandas as pd

from rumbo import content as ct
from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import translator
from rumbo.data import load_dataset
from rumbo.data.facts import fact
from rumbo.data.profile import example_profile
from rumbo.exercises.checks import Question, close_to, number_question
from rumbo.exercises.tables import sheet
from rumbo.exercises.typed import WHOLE, Incorrect, Precision, read_choice, read_letters

_, N_, ngettext = translator("ex04")

#: The example month: the first month after the sample data (January 2026), on the default
#: publishing days with the sector's dates, as module 4's calendar plans it for the example profile.
MONTH = (2026, 1)
#: Figures shown with this many decimals; the expected values are computed from what is shown.
SHOWN_DECIMALS = 1

#: What an owner might paste into an AI tool: (text, holds someone's personal data). Personal
#: data of customers or staff never goes in (GDPR: the tool is a third party).
PASTE_OPTIONS = (
    (N_("la descripción de un producto y su precio"), False),
    (N_("el nombre y el teléfono de una clienta, copiados de un pedido de WhatsApp"), True),
    (N_("el horario de la tienda en Navidad"), False),
    (N_("una queja por correo con el nombre y la dirección de quien la escribe"), True),
    (N_("la lista de clientes con su correo, para que «escriba un mensaje a cada uno»"), True),
    (N_("tres ideas de publicación del calendario del mes"), False),
)
LETTERS = "abcdef"


def _measured_formats(table) -> list[str]:
    """Formats the sample data measured (minutes and returns from the business's own posts)."""
    return [f for f in table.index if bool(table.loc[f, "measured"]) and table.loc[f, "posts"] > 0]


@lru_cache(maxsize=8)
def expected(business: str) -> dict:
    """Every expected value of the exercise, computed from the bundled data of ``business``."""
    table = ct.formats_table(business)
    measured = table.loc[_measured_formats(table)]
    profile = example_profile(business)
    posts_data, log = load_dataset(business, "posts"), load_dataset(business, "time_log")
    pillars = {row["pillar"]: row["share"] for row in ct.suggest_pillars(profile)}
    minutes = ct.format_minutes(posts_data, log)["minutes"].to_dict()
    hooks = ct.seasonal_hooks(profile["sector"], *MONTH)
    month = ct.plan_month(*MONTH, pillars, profile["networks"], minutes, hooks=hooks)
    capacity, _source = ct.weekly_capacity({}, profile)
    fit = ct.fit_month(month, capacity, *MONTH)
    days = calendar.monthrange(*MONTH)[1]
    writing = round(float(log.loc[log["task"] == "writing", "minutes"].sum()) / len(posts_data), SHOWN_DECIMALS)
    draft, check = (float(fact(key).value) for key in ("minutes_caption_ai_draft", "minutes_caption_ai_check"))
    n_posts = len(month)
    return {
        "formats": table,
        "best_per_hour": str(measured["engagements_per_hour"].idxmax()),
        "best_by_reach": str(measured["rate_by_reach"].idxmax()),
        "month_posts": month, "fit": fit, "days": days, "capacity": capacity,
        "margin": capacity * days / 7 - fit.total_minutes,
        "writing": writing, "draft": draft, "check": check, "n_posts": n_posts,
        "ai_saved_hours": n_posts * (writing - draft - check) / 60,
        "never_paste": {LETTERS[i] for i, (_t, personal) in enumerate(PASTE_OPTIONS) if personal},
    }


def formats_frame(business: str):
    """The formats the example business posted: minutes per piece, interactions per reach
    (%) and interactions per hour of work, labelled as the learner types them."""
    table = expected(business)["formats"]
    rows = table.loc[_measured_formats(table)]
    frame = rows[["minutes", "posts"]].astype({"posts": int})
    frame["interacciones_por_alcance_pct"] = (100 * rows["rate_by_reach"]).round(2)
    frame["interacciones_por_hora"] = rows["engagements_per_hour"].round(1)
    frame.columns = [_("minutos por pieza"), _("publicaciones"), _("interacciones por alcance (%)"),
                     _("interacciones por hora de trabajo")]
    frame.index = [_(ct.FORMAT_LABELS[f]).lower() for f in frame.index]
    frame.index.name = _("formato")
    return frame


def format_options(business: str) -> dict[str, str]:
    """What she may type for a format (its label, in any case) -> the format key."""
    table = expected(business)["formats"]
    return {_(ct.FORMAT_LABELS[f]).lower(): f for f in _measured_formats(table)}


def _format_checker(business: str):
    e = expected(business)

    def checker(chosen: str) -> None:
        if chosen == e["best_by_reach"]:
            return
        if chosen == e["best_per_hour"]:
            raise Incorrect(_("Ese es el que más interacciones da por hora de trabajo; aquí se pregunta "
                              "por cada persona alcanzada: mira la columna de interacciones por alcance."))
        raise Incorrect(_("Busca la fila con más interacciones por alcance."))

    return checker


def _paste_checker(business: str):
    never = expected(business)["never_paste"]

    def checker(chosen: set[str]) -> None:
        if chosen == never:
            return
        safe = sorted(chosen - never)
        if safe:
            raise Incorrect(_("«{letters}» no lleva datos de nadie: eso sí puedes pegarlo. Marca solo lo "
                              "que lleva datos personales de clientes.").format(letters=", ".join(safe)))
        raise Incorrect(_("Te falta alguna: todo lo que lleva el nombre, el teléfono, el correo o la "
                          "dirección de una persona se queda fuera de la herramienta."))

    return checker


def paste_frame():
    """The options of the question on what never goes into an AI tool, by letter."""
    return pd.DataFrame({_("lo que pegarías"): [_(text) for text, _personal in PASTE_OPTIONS]},
                        index=pd.Index(list(LETTERS[:len(PASTE_OPTIONS)]), name=_("opción")))


def questions(business: str = "panaderia") -> SimpleNamespace:
    e = expected(business)
    fit = e["fit"]
    month = sheet([
        ("minutos_mes", _("minutos que pide el calendario de enero de 2026"), fit.total_minutes),
        ("minutos_semana", _("minutos a la semana para contenido (del perfil)"), e["capacity"]),
        ("dias_mes", _("días que tiene enero"), e["days"]),
        ("publicaciones_mes", _("publicaciones del calendario de enero"), e["n_posts"]),
    ])
    writing = sheet([
        ("minutos_texto", _("minutos de escribir el texto de una publicación, a mano (registro de tiempo)"),
         e["writing"]),
        ("minutos_borrador_ia", _("minutos de pedir el borrador a la IA y elegir uno (supuesto del curso)"),
         e["draft"]),
        ("minutos_revisar", _("minutos de revisar el borrador: precios, fechas, nombres, tono (supuesto del "
                              "curso)"), e["check"]),
    ])
    options = format_options(business)
    q1 = Question(
        "P1", _format_checker(business),
        _("Mira la columna de interacciones por alcance (%) de la tabla de formatos."),
        f'formato = "{_(ct.FORMAT_LABELS[e["best_by_reach"]]).lower()}"',
        hidden=[_format_checker(business)], variable="formato",
        reader=lambda answer: read_choice(answer, options),
    )
    q2 = number_question(
        "P2", lambda: e["margin"], WHOLE, variable="margen",
        slips=((lambda: e["capacity"] * 4 - fit.total_minutes,
                _("Un mes no son 4 semanas justas: son los días del mes ÷ 7.")),
               (lambda: e["capacity"] - fit.total_minutes,
                _("Has restado una sola semana; el mes tiene dias_mes ÷ 7 semanas.")),
               (lambda: fit.total_minutes - e["capacity"] * e["days"] / 7,
                _("Al revés: lo que cabe en el mes menos lo que pide el calendario."))),
        hint=_("Lo que cabe = minutos_semana × dias_mes ÷ 7. Margen = lo que cabe − minutos_mes."),
        solution="margen = minutos_semana * dias_mes / 7 - minutos_mes",
        wrong=_("Pasa los minutos de la semana al mes (× días ÷ 7) y réstale lo que pide el calendario."),
    )
    q3 = number_question(
        "P3", lambda: e["ai_saved_hours"], Precision(2), variable="horas_ahorradas",
        slips=((lambda: e["n_posts"] * (e["writing"] - e["draft"]) / 60,
                _("Te has olvidado del tiempo de revisar lo que escribe la IA: réstalo también.")),
               (lambda: e["n_posts"] * (e["writing"] - e["draft"] - e["check"]),
                _("Eso son minutos: para pasarlos a horas, divide entre 60.")),
               (lambda: (e["writing"] - e["draft"] - e["check"]) / 60,
                _("Eso es lo que ahorras en una publicación; multiplícalo por las del mes."))),
        hint=_("Por publicación: minutos_texto − (minutos_borrador_ia + minutos_revisar). Por las "
               "publicaciones del mes, y ÷ 60."),
        solution="horas_ahorradas = publicaciones_mes * (minutos_texto - minutos_borrador_ia - minutos_revisar) / 60",
        wrong=_("Resta al texto a mano el borrador y la revisión, multiplica por las publicaciones y "
                "divide entre 60."),
    )
    q4 = Question(
        "P4", _paste_checker(business),
        _("Mira cada opción: ¿lleva el nombre, el teléfono, el correo o la dirección de alguien?"),
        f'nunca = "{", ".join(sorted(e["never_paste"]))}"',
        hidden=[_paste_checker(business)], variable="nunca",
        reader=lambda answer: read_letters(answer, LETTERS[:len(PASTE_OPTIONS)]),
    )
    reto = Question(
        "Reto", close_to(lambda: float(_writing_per_post(business)), rel=1e-6),
        _("Suma «minutes» de las filas del registro cuya «task» es «writing» y divide entre el número "
          "de filas de las publicaciones."),
        'registro = load_dataset(business, "time_log")\n'
        'publicaciones = load_dataset(business, "posts")\n'
        'mis_minutos_texto = registro.loc[registro["task"] == "writing", "minutes"].sum() / len(publicaciones)',
        variable="mis_minutos_texto",
    )
    return SimpleNamespace(q1=q1, q2=q2, q3=q3, q4=q4, reto=reto, formats=formats_frame(business),
                           month=month, writing=writing, paste=paste_frame(),
                           calendar=calendar_frame(business), shown={
                               "minutos_mes": fit.total_minutes, "minutos_semana": e["capacity"],
                               "dias_mes": e["days"], "publicaciones_mes": e["n_posts"],
                               "minutos_texto": e["writing"], "minutos_borrador_ia": e["draft"],
                               "minutos_revisar": e["check"]})


def _writing_per_post(business: str) -> float:
    log, posts = load_dataset(business, "time_log"), load_dataset(business, "posts")
    if not len(posts):
        raise InvalidInputError(_("No hay publicaciones en los datos."))
    return float(log.loc[log["task"] == "writing", "minutes"].sum()) / len(posts)


def calendar_frame(business: str):
    """The example month as the learner reads it: date, network, pillar, format, idea, minutes."""
    rows = ct.calendar_rows(expected(business)["month_posts"])
    return pd.DataFrame(rows, columns=[_(ct.CSV_HEADINGS[c]) for c in ct.CSV_COLUMNS])
