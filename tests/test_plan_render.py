"""Module 7: the plan document in HTML (print CSS), PDF and Markdown.

Every bundled business is rendered to HTML and PDF; each PDF page is turned into a PNG
with ``pdftoppm`` (Debian's poppler-utils, installed by ``make system-deps``) and must
not be blank. The HTML must hold every section and no untranslated string; the layout
must survive long names, accents, many objectives and empty sections.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from rumbo.views import plan_document as R
from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import LOCALE_DIR, get_language
from rumbo.plan_example import example_plan

BUSINESSES = ("panaderia", "cosmetica", "ferreteria")
PDFTOPPM = shutil.which("pdftoppm")
MY_DOMAINS = ("plan_review", "plan_document", "plan_example")


def require_pdftoppm() -> str:
    if PDFTOPPM is None:
        import os

        if os.environ.get("CI"):
            pytest.fail("pdftoppm is missing: `make system-deps` installs poppler-utils")
        pytest.skip("pdftoppm not installed (apt-get install poppler-utils)")
    return PDFTOPPM


def pages_as_png(pdf: bytes, folder: Path) -> list[Path]:
    source = folder / "plan.pdf"
    source.write_bytes(pdf)
    subprocess.run([require_pdftoppm(), "-png", "-r", "40", str(source), str(folder / "page")],
                   check=True, capture_output=True, timeout=120)
    return sorted(folder.glob("page*.png"))


def ink_share(png: Path) -> float:
    """Share of pixels that are not (nearly) white."""
    from PIL import Image

    image = Image.open(png).convert("L")
    histogram = image.histogram()
    dark = sum(histogram[:240])
    return dark / (image.width * image.height)


def stress_plan() -> dict:
    """Long names, accents, many objectives, and some sections left empty."""
    plan = example_plan("cosmetica", "es")
    long_name = ("Cooperativa Agroalimentaria de Pequeños Productores Ecológicos de la Ribera "
                 "Alta del Júcar y Comarcas Limítrofes «Ñandú & Cía.»")
    plan["profile"]["name"] = long_name
    plan["profile"]["city"] = "Alzira-Algemesí-Carcaixent-Benifaió"
    base = plan["objectives"][0]
    plan["objectives"] = []
    plan["milestones"] = []
    for i in range(12):
        objective = copy.deepcopy(base)
        objective["text"] = (f"Objetivo {i + 1}: conseguir que muchísimas más vecinas y vecinos de "
                             f"Alzira conozcan nuestras cestas de temporada ecológicas — año {2026 + i % 2}")
        objective["action"] = "Publicar reseñas auténticas de clientes, sin filtros ni exageraciones " * 2
        objective["hours_per_week"] = 1.5
        plan["objectives"].append(objective)
        plan["milestones"].append({"objective": i, "text": objective["text"],
                                   "steps": [{"stage": 1, "date": "2026-03-01", "value": 6700},
                                             {"stage": 2, "date": "2026-06-30", "value": 7359}]})
    del plan["kpis"], plan["listening"], plan["habit"]
    plan["response_protocol"]["rules"][0]["who"] = "Mª Ángeles Ibáñez-Güell (atención al cliente)"
    return plan


@pytest.fixture(scope="module", params=BUSINESSES)
def rendered(request, tmp_path_factory):
    plan = example_plan(request.param, "es")
    html = R.render_html(plan)
    pdf = R.render_pdf(plan)
    return request.param, plan, html, pdf, tmp_path_factory.mktemp(request.param)


def test_html_has_every_section_and_chart(rendered):
    business, plan, html, _pdf, _tmp = rendered
    for section in R.DOCUMENT_SECTIONS:
        assert f'id="{section}"' in html
    assert html.count('src="data:image/png;base64,') == 3
    assert plan["profile"]["name"] in html
    assert 'lang="es"' in html and "@page" in html
    assert "Por hacer" not in html  # a complete plan has nothing left to do
    for objective in plan["objectives"]:
        assert objective["action"] in html


def test_pdf_pages_are_not_blank(rendered):
    business, _plan, _html, pdf, tmp = rendered
    assert pdf.startswith(b"%PDF")
    pages = pages_as_png(pdf, tmp)
    # Nine sections, the links to copy among them: four A4 pages at most.
    assert 1 <= len(pages) <= 4, f"{business}: {len(pages)} pages (one to four expected)"
    for page in pages:
        assert ink_share(page) > 0.01, f"{page.name} of {business} looks blank"


def _spanish_ids(domains=MY_DOMAINS) -> list[str]:
    ids = []
    for domain in domains:
        with (LOCALE_DIR / "en" / "LC_MESSAGES" / f"{domain}.po").open("rb") as f:
            for message in read_po(f):
                for mid in (message.id if isinstance(message.id, tuple) else (message.id,)):
                    ids.append(mid)
    return ids


def test_no_untranslated_strings_or_keys_in_spanish(rendered):
    _b, _plan, html, _pdf, _tmp = rendered
    text = re.sub(r"<[^>]+>|data:image/png;base64,[A-Za-z0-9+/=]+", " ", html)
    assert not re.search(r"\{[a-z_]+\}", text), "a placeholder was left unfilled"
    for key in ("time_budget", "response_protocol", "customer_right", "content_creation",
                "engagement_rate", "None", "nan", "undefined"):
        assert not re.search(rf"\b{key}\b", text), f"raw key {key!r} in the document"


@pytest.mark.parametrize("business", BUSINESSES)
def test_english_document_has_no_spanish_strings(business):
    before = get_language()
    html = R.render_html(example_plan(business, "en"), charts=False)
    assert get_language() == before  # the language is restored
    assert 'lang="en"' in html and "Social media plan" in html
    text = re.sub(r"<[^>]+>", " ", html)
    leaked = [m for m in _spanish_ids() if len(m) > 14 and "{" not in m and m in text]
    assert not leaked, f"untranslated in the English document: {leaked}"


def test_language_argument_overrides_the_plan():
    plan = example_plan("panaderia", "es")
    assert "Social media plan" in R.render_html(plan, "en", charts=False)
    assert "Plan de redes sociales" in R.render_html(plan, charts=False)


@pytest.mark.parametrize("plan", [{}, {"language": "es"}, {"profile": None, "objectives": "x"},
                                  {"language": "fr"}])
def test_empty_or_odd_plans_render_as_to_do(plan):
    html = R.render_html(plan)
    for section in R.DOCUMENT_SECTIONS:
        assert f'id="{section}"' in html
    assert html.count("Por hacer (módulo") >= 7
    assert "data:image/png" not in html  # no charts without data
    assert "Mi negocio" in html
    assert "Por hacer (módulo 0)" in R.render_markdown(plan)


def test_empty_plan_pdf_is_short_and_not_blank(tmp_path):
    # ten sections to do and the seven-mistakes audit: the audit spills onto a second page
    pages = pages_as_png(R.render_pdf({}), tmp_path)
    assert 1 <= len(pages) <= 2 and all(ink_share(page) > 0.005 for page in pages)


def test_long_names_accents_and_many_objectives(tmp_path):
    plan = stress_plan()
    html = R.render_html(plan)
    assert "«Ñandú &amp; Cía.»" in html and "Ibáñez-Güell" in html
    assert html.count("Objetivo 12:") >= 2  # the table and the milestone ladder
    assert "No cabe" in html  # 12 x 1.5 h of actions, 15 h available
    pages = pages_as_png(R.render_pdf(plan), tmp_path)
    assert len(pages) >= 2
    assert all(ink_share(p) > 0.005 for p in pages)
    md = R.render_markdown(plan)
    assert "Ñandú" in md and md.count("| Objetivo 1") >= 1


def test_markdown_has_every_section_and_escapes_pipes():
    plan = example_plan("ferreteria", "es")
    plan["objectives"][0]["action"] = "Fotos | vídeos"
    md = R.render_markdown(plan)
    for n in range(1, 9):
        assert f"## {n}. " in md
    assert "Fotos \\| vídeos" in md
    assert md.startswith("# Plan de redes sociales: Ferretería El Tornillo")
    assert "COP" in md


def test_rendering_is_deterministic():
    """Twice from a cold chart cache: the second render draws its charts again."""
    plan = example_plan("panaderia", "es")
    renders = []
    for _ in range(2):
        R._chart_uris.cache_clear()
        renders.append((R.render_html(copy.deepcopy(plan)), R.render_markdown(copy.deepcopy(plan))))
        assert R._chart_uris.cache_info().misses == 1
    assert "data:image/png;base64," in renders[0][0]
    assert renders[0] == renders[1]


def test_render_writes_each_format(tmp_path):
    plan = example_plan("panaderia", "es")
    for to in R.FORMATS:
        path = R.render(plan, to, tmp_path / "salida")
        assert path.name == f"mi_plan.{to}" and path.stat().st_size > 1000
    assert sorted(p.name for p in (tmp_path / "salida").iterdir()) == ["mi_plan.html", "mi_plan.md",
                                                                       "mi_plan.pdf"]
    with pytest.raises(InvalidInputError, match="html, pdf o md"):
        R.render(plan, "docx", tmp_path)


def test_render_into_an_unwritable_place_is_a_plan_error(tmp_path):
    from rumbo.core.errors import PlanError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PlanError, match="No he podido guardar el documento"):
        R.render({}, "md", blocker / "sub")


def test_calendar_of_the_routine(tmp_path):
    from datetime import date, datetime, timezone

    plan = example_plan("panaderia", "es")
    stamp = datetime(2026, 1, 1, 9, tzinfo=timezone.utc)
    path = R.write_calendar(plan, tmp_path, start=date(2026, 1, 5), dtstamp=stamp)
    first = path.read_bytes()
    assert b"BEGIN:VCALENDAR" in first and b"RRULE:FREQ=WEEKLY" in first
    again = R.write_calendar(plan, tmp_path, start=date(2026, 1, 5), dtstamp=stamp).read_bytes()
    assert first == again
    assert R.write_calendar({}, tmp_path, start=date(2026, 1, 5), dtstamp=stamp) is None


def test_value_formats():
    assert R.fmt_kpi_value("engagement_rate", 2.456) == "2,5 %"
    assert R.fmt_kpi_value("followers", 1463.0) == "1.463"
    assert R.fmt_kpi_value("sales", 18.9) == "18,9"
    assert R.fmt_kpi_value("followers", None) == "—"
    assert R.fmt_date("2026-06-30") == "30/06/2026" and R.fmt_date("pronto") == "—"


def test_every_monthly_total_is_the_same_figure():
    """Her PDF once said «337 € Coste al mes» in the headline and «Total al mes 272 €» in
    section 2: module 3's inventory against her actions' hours. One function now gives the
    headline, section 2 and the budget section, and says which hours it counts."""
    plan = copy.deepcopy(example_plan("panaderia", "es"))
    plan["time_budget"]["weekly_hours"] = 5.0  # her inventory: more hours than her actions
    cost = R.review.plan_cost(plan)
    assert cost.hours_from == "actions"
    assert cost.weekly_hours == pytest.approx(sum(o["hours_per_week"] for o in plan["objectives"]))
    total = R._money(cost.monthly_total, "EUR")
    doc = R.document(plan, charts=False)
    assert dict(doc["tiles"])["Coste al mes"] == total
    assert dict((label, amount) for label, _h, amount in doc["objectives"]["totals"])["Total al mes"] == total
    assert dict(doc["budget"]["money"])["Total al mes"] == total
    assert "Tu inventario de tiempo suma 5 h" in doc["budget"]["note"]
    for o in plan["objectives"]:  # no hours in the actions yet: module 3's hours, everywhere
        o.pop("hours_per_week", None)
    cost = R.review.plan_cost(plan)
    assert (cost.hours_from, cost.weekly_hours) == ("time_budget", 5.0)
    doc = R.document(plan, charts=False)
    total = R._money(cost.monthly_total, "EUR")
    assert dict(doc["tiles"])["Coste al mes"] == dict(doc["budget"]["money"])["Total al mes"] == total


def test_the_measurement_block_prints_links_codes_and_what_is_estimated():
    from rumbo import measurement

    plan = example_plan("ferreteria")
    markdown = R.render_markdown(plan)
    block = markdown[markdown.index("## 8."):markdown.index("## 9.")]
    for link in plan["measurement"]["links"]:
        assert link["link"] in block
    assert "TORNILLO10TT" in block and "(promocionada)" in block
    estimated = [f.label for f in measurement.funnel_provenance(plan["measurement"]["sources"])
                 if not f.measured]
    assert estimated and f"**Estimado:** {'; '.join(estimated)}" in block
    odd = {"measurement": {"links": ["x", {"network": 5}], "codes": "no", "sources": ["magia"]}}
    odd_block = R.render_markdown(odd)
    assert "## 8." in odd_block and "**Estimado:**" in odd_block  # a hand-edited section never crashes
    assert 'id="measurement"' in R.render_html(odd)


@pytest.mark.parametrize("business", BUSINESSES)
def test_the_content_block_prints_the_saved_month_in_every_format(business, tmp_path):
    from rumbo import content

    plan = example_plan(business)
    section = plan["content"]
    markdown = R.render_markdown(plan)
    block = markdown[markdown.index("## 4."):markdown.index("## 5.")]
    html = R.render_html(plan, charts=False)
    html_block = html[html.index('<section id="content"'):html.index('<section id="routine"')]
    for row in content.calendar_rows(section["posts"]):
        line = "| " + " | ".join(row) + " |"
        assert line in block
        assert all(cell.replace("'", "&#39;") in html_block for cell in row)
    assert html_block.count("<tr>") == len(section["posts"]) + len(section["pillars"]) + 2  # two heads
    for pillar in section["pillars"]:
        assert f"| {content.pillar_label(pillar['pillar'])} | {pillar['share']}" in block
    total = sum(p["minutes"] for p in section["posts"])
    assert f"{len(section['posts'])} publicaciones en {section['month'][5:]}/{section['month'][:4]}: {total} minutos" in block
    assert f"Cabe en los {section['capacity_per_week']} minutos" in block
    pdf_text = subprocess.run(["pdftotext", "-layout", str(R.render(plan, "pdf", tmp_path)), "-"],
                              capture_output=True, text=True, check=True).stdout
    assert "4. Qué publicar" in pdf_text and section["posts"][0]["idea"] in pdf_text


def test_a_month_that_does_not_fit_or_a_hand_edited_one_still_prints():
    plan = example_plan("panaderia")
    plan["content"] = {**plan["content"], "fits": False, "batching": True, "saved_minutes": 40}
    block = R.render_markdown(plan)
    assert "No cabe en los" in block and "se ahorran 40 minutos" in block
    plan["content"] = {"posts": [{"date": "ayer", "minutes": 5}, "x", {"date": "2026-02-03", "minutes": "10"},
                                 {"date": "2026-02-04", "minutes": 10, "idea": "<b>|hola</b>", "network": 3}],
                       "pillars": "no"}
    markdown, html = R.render_markdown(plan), R.render_html(plan, charts=False)
    block = markdown[markdown.index("## 4."):markdown.index("## 5.")]
    assert "1 publicación en" in block and "| 04/02/2026 | 3 |" in block and "\\|hola" in block
    assert "&lt;b&gt;|hola&lt;/b&gt;" in html and "<b>|hola" not in html
    assert "Por hacer (módulo 4)" in R.render_markdown({})


def test_the_checked_legal_points_are_printed_with_their_sources(tmp_path):
    from rumbo import content

    plan = example_plan("panaderia")
    plan["content"]["legal"] = content.legal_section(["consent", "reviews"])
    markdown, html = R.render_markdown(plan), R.render_html(plan, charts=False)
    block = markdown[markdown.index("## 4."):markdown.index("## 5.")]
    assert f"2 de {len(content.LEGAL_CHECKLIST)} puntos revisados" in block
    for point in plan["content"]["legal"]:
        assert f"{point['point']} (Fuente: {point['source']})" in block
        assert point["source"].replace("«", "&laquo;") in html or point["source"] in html
    pdf_text = subprocess.run(["pdftotext", str(R.render(plan, "pdf", tmp_path)), "-"],
                              capture_output=True, text=True, check=True).stdout
    assert "Ley Orgánica 1/1982" in pdf_text.replace("\n", " ")
