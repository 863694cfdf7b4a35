"""«Medir lo que vende» widgets, headless: the links the owner copies, the codes, the WhatsApp
link, the tally sheet and the plan's ``measurement`` section."""

from __future__ import annotations

import base64
import datetime
import html
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from rumbo import measurement as M
from rumbo.core.i18n import set_language
from rumbo.data import plan as plan_file
from rumbo.data.profile import example_profile
from rumbo.views import plan_document
from rumbo.widgets import measurement as W

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
TECHNICAL = ("tuple", "str", "float", "NameError", "Traceback", "None")


def error_of(panel) -> str:
    assert 'role="alert"' in panel.message.value, panel.message.value
    assert not any(word in panel.message.value for word in TECHNICAL), panel.message.value
    return html.unescape(panel.message.value)


def no_error(panel) -> None:
    assert 'role="alert"' not in panel.message.value, panel.message.value


def upload_value(name: str, raw: bytes) -> tuple:
    return ({"name": name, "type": "text/csv", "size": len(raw), "content": memoryview(raw),
             "last_modified": datetime.datetime(2026, 3, 8)},)


def shown_links(panel) -> list[str]:
    """The links as the owner reads them in the table (unescaped), in order."""
    return [html.unescape(cell) for cell in re.findall(r"<td[^>]*>(https?://[^<]+)</td>",
                                                       panel.result.value)]


@pytest.fixture
def profile():
    return example_profile("panaderia")


@pytest.fixture
def built(profile):
    utm = W.build_utm_builder(profile, "https://goikoa.example/tienda?lang=es", "Reyes 2026")
    return utm, W.build_codes_whatsapp(profile), W.build_tally("EUR")


def add(panel, network: str, post: str, paid: bool = False) -> None:
    panel.controls["network"].value = network
    panel.controls["post"].value = post
    panel.controls["paid"].value = paid
    panel.controls["add"].click()


def test_each_post_gets_a_link_that_parses_into_its_utm_parameters(built):
    utm = built[0]
    assert utm.links is None and "Añadir" in utm.message.value
    add(utm, "instagram", "Roscón de Reyes")
    add(utm, "facebook", "Roscón de Reyes", paid=True)
    no_error(utm)
    links = shown_links(utm)
    assert links == list(utm.links["link"]) and len(links) == 2
    expected = [("instagram", "social"), ("facebook", "paid_social")]
    for link, (source, medium) in zip(links, expected):
        parts = urlsplit(link)
        assert (parts.scheme, parts.netloc, parts.path) == ("https", "goikoa.example", "/tienda")
        query = parse_qs(parts.query)
        assert query == {"lang": ["es"], "utm_source": [source], "utm_medium": [medium],
                         "utm_campaign": ["reyes-2026"], "utm_content": ["roscon-de-reyes"]}
    assert "Adquisición de tráfico" in utm.result.value
    assert utm.controls["post"].value == ""  # ready for the next post


def test_changing_the_web_or_campaign_rewrites_every_link(built):
    utm = built[0]
    add(utm, "instagram", "Pan de masa madre")
    utm.controls["campaign"].value = "otoño"
    assert parse_qs(urlsplit(shown_links(utm)[0]).query)["utm_campaign"] == ["otono"]
    utm.controls["website"].value = "goikoa punto es"
    assert "https://" in error_of(utm)
    assert utm.posts == [("instagram", "Pan de masa madre", False)]  # nothing is lost
    utm.controls["website"].value = "https://goikoa.example/"
    no_error(utm)
    assert shown_links(utm)[0].startswith("https://goikoa.example/?utm_source=instagram")


def test_bad_posts_get_a_message_and_are_not_added(built):
    utm = built[0]
    add(utm, "instagram", "   ")
    assert "publicación" in error_of(utm) and utm.posts == []
    add(utm, "instagram", "Roscón")
    add(utm, "instagram", "roscón")  # same slug on the same network: GA4 could not tell them apart
    assert "nombres distintos" in error_of(utm) and len(utm.posts) == 1
    utm.controls["undo"].click()
    assert utm.posts == [] and utm.links is None


def test_one_code_per_network_and_a_whatsapp_link_that_names_the_post(built, profile):
    codes = built[1]
    assert codes.codes == {"facebook": "GOIKOA10FB", "instagram": "GOIKOA10IG"}
    assert codes.whatsapp is None and "prefijo" in codes.message.value
    codes.controls["percent"].value = 15
    codes.controls["phone"].value = "+34 612 345 678"
    codes.controls["post"].value = "Torrijas de Semana Santa"
    codes.controls["network"].value = "instagram"
    no_error(codes)
    assert set(codes.codes.values()) == {"GOIKOA15FB", "GOIKOA15IG"}
    link = codes.whatsapp["link"]
    parts = urlsplit(link)
    assert (parts.netloc, parts.path) == ("wa.me", "/34612345678")
    text = unquote(parse_qs(parts.query)["text"][0])
    assert "Torrijas de Semana Santa" in text and "Instagram" in text
    assert html.escape(link, quote=True) in codes.result.value
    codes.controls["percent"].value = 95
    assert "90 %" in error_of(codes)
    codes.controls["percent"].value = 10
    codes.controls["phone"].value = "612"
    assert "prefijo de país" in error_of(codes)


def test_the_tally_reads_the_example_and_a_spanish_excel_sheet(built):
    tally = built[2]
    no_error(tally)
    assert len(tally.tally) == len(M.example_tally())
    summary = M.tally_summary(M.example_tally())
    assert f"<td style='padding:2px 8px;vertical-align:top'>{int(summary['customers'].iloc[0])}</td>" \
        in tally.result.value
    raw = (EXPORTS / "como_nos_conociste_excel.csv").read_bytes()
    tally.controls["upload"].value = upload_value("caja.csv", raw)
    no_error(tally)
    assert tally.from_file == "caja.csv" and tally.tally["customers"].sum() == 10
    assert "Clientes por canal, del 02/03/2026 al 05/03/2026" in html.unescape(tally.result.value)
    blank = re.search(r'href="data:text/csv;base64,([^"]+)"', tally.result.value).group(1)
    sheet = base64.b64decode(blank).decode("utf-8-sig")
    assert sheet.splitlines()[0] == "Fecha;¿Cómo nos conociste?;Clientes;Importe"
    lines = sheet.splitlines()
    lines.insert(1, "09/03/2026;Por Instagram;2;12,50")  # the owner fills in the blank sheet
    filled = M.read_tally("\r\n".join(lines).encode("utf-8"))
    assert list(filled["channel"]) == ["instagram"] and filled["customers"].sum() == 2


def test_a_bad_sheet_is_a_message_and_the_last_good_one_stays(built):
    tally = built[2]
    before = tally.result.value
    tally.controls["upload"].value = upload_value("mal.csv", b"a;b\n1;2\n")
    assert "Fecha" in error_of(tally)
    assert tally.result.value == before and tally.from_file == "la hoja de ejemplo"


def test_measured_or_estimated_and_the_plan_section(built, plan_path):
    utm, codes, tally = built
    add(utm, "instagram", "Roscón de Reyes", paid=True)
    codes.controls["phone"].value = "+34 612 345 678"
    panel = W.build_measurement_plan(utm, codes, tally, plan_path)
    assert panel.result.value.count("estimado") >= 4
    panel.save()
    assert "al menos una" in error_of(panel) and not plan_path.exists()
    panel.controls["discount_codes"].value = True
    panel.controls["tally"].value = True
    no_error(panel)
    panel.controls["save"].click()
    saved = json.loads(plan_path.read_text(encoding="utf-8"))["measurement"]
    assert saved == panel.saved
    assert saved["links"] == [{"network": "instagram", "post": "Roscón de Reyes", "paid": True,
                               "link": utm.links["link"].iloc[0]}]
    assert saved["codes"] == codes.codes and saved["whatsapp"]["number"] == "34612345678"
    assert saved["tally"] is True and saved["sources"] == ["discount_codes", "tally"]
    assert saved["measured"] == M.measured_figures(["discount_codes", "tally"])
    assert "visits" not in saved["measured"] and "cac" in saved["measured"]
    plan, problems = plan_file.load_plan_checked(plan_path)
    assert not problems
    markdown = plan_document.render_markdown(plan)
    assert "Cómo mediré lo que vende" in markdown and utm.links["link"].iloc[0] in markdown
    assert "GOIKOA10IG" in markdown and "wa.me/34612345678" in markdown


def test_english(profile):
    set_language("en")
    utm = W.build_utm_builder(profile)
    assert "Add" in utm.message.value
    codes = W.build_codes_whatsapp(profile)
    codes.controls["phone"].value = "+34 612 345 678"
    assert "Message your customer will see" in codes.result.value
    tally = W.build_tally()
    assert "Customers by channel" in tally.result.value
