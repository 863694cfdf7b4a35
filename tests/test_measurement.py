"""Measuring what sells: UTM links, discount codes, WhatsApp links, the «¿cómo nos conociste?»
tally and which funnel figures are measured or estimated."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from rumbo import measurement as m
from rumbo.core.errors import DataError, InvalidInputError
from rumbo.core.i18n import set_language

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
TALLY = EXPORTS / "como_nos_conociste_excel.csv"
TECHNICAL = ("tuple", "str", "float", "NameError", "Traceback", "None")


@pytest.fixture(autouse=True)
def spanish():
    set_language("es")
    yield
    set_language("es")


def spanish_message(exc: Exception) -> str:
    text = str(exc)
    assert not any(word in text for word in TECHNICAL), text
    return text


# --- UTM links ------------------------------------------------------------------------


def test_utm_link_parses_into_the_four_parameters_ga4_reads():
    link = m.utm_link("https://panaderiagoikoa.es/encargos", "instagram",
                      "Roscón de Reyes 2026", "Reel del horno, 5 de enero")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "panaderiagoikoa.es", "/encargos")
    assert parse_qs(parts.query) == {"utm_source": ["instagram"], "utm_medium": ["social"],
                                     "utm_campaign": ["roscon-de-reyes-2026"],
                                     "utm_content": ["reel-del-horno-5-de-enero"]}


def test_boosted_post_is_paid_social_and_existing_parameters_are_kept():
    link = m.utm_link("https://tienda.example/p?id=7&utm_source=old", "Facebook", "rebajas",
                      "carrusel crema", paid=True)
    query = parse_qs(urlsplit(link).query)
    assert query["id"] == ["7"]
    assert query["utm_source"] == ["facebook"]  # the old tag is replaced, not duplicated
    assert query["utm_medium"] == ["paid_social"]


def test_utm_values_with_symbols_are_url_encoded_and_round_trip():
    link = m.utm_link("https://x.example/?q=a b&r=ñ", "tiktok", "Navidad & Reyes", "vídeo #1")
    assert " " not in link and "ñ" not in link
    assert parse_qs(urlsplit(link).query)["q"] == ["a b"]
    assert parse_qs(urlsplit(link).query)["r"] == ["ñ"]
    assert parse_qs(urlsplit(link).query)["utm_campaign"] == ["navidad-reyes"]


def test_one_link_per_post_and_names_must_differ():
    table = m.utm_links("https://a.example", "primavera",
                        [("instagram", "Reel 1", False), ("facebook", "Reel 1", True)])
    assert list(table["network"]) == ["instagram", "facebook"]
    assert [parse_qs(urlsplit(u).query)["utm_source"][0] for u in table["link"]] == \
        ["instagram", "facebook"]
    with pytest.raises(InvalidInputError) as err:
        m.utm_links("https://a.example", "primavera",
                    [("instagram", "Reel 1", False), ("instagram", "reel-1", False)])
    assert "nombre" in spanish_message(err.value)


@pytest.mark.parametrize("url", ["panaderia.es", "ftp://a.example", "", "https://", "javascript:alert(1)"])
def test_bad_page_addresses_get_a_spanish_message(url):
    with pytest.raises(InvalidInputError) as err:
        m.utm_link(url, "instagram", "c", "p")
    assert "https://" in spanish_message(err.value)


def test_unknown_network_and_empty_names_get_spanish_messages():
    with pytest.raises(InvalidInputError) as err:
        m.utm_link("https://a.example", "myspace", "c", "p")
    assert "instagram" in spanish_message(err.value)
    with pytest.raises(InvalidInputError) as err:
        m.utm_link("https://a.example", "instagram", "¡¡!!", "p")
    assert "campaña" in spanish_message(err.value)


# --- discount codes and WhatsApp -------------------------------------------------------


def test_one_discount_code_per_network():
    codes = m.discount_codes("Goikoa", ["instagram", "facebook"], 10)
    assert codes == {"instagram": "GOIKOA10IG", "facebook": "GOIKOA10FB"}
    assert len(set(codes.values())) == len(codes)
    with pytest.raises(InvalidInputError) as err:
        m.discount_codes("Goikoa", ["instagram"], 0)
    assert "%" in spanish_message(err.value)


def test_whatsapp_link_names_the_post_and_encodes_the_message():
    message = m.whatsapp_message("Pan de masa madre del sábado", "instagram")
    link = m.whatsapp_link("+34 612 34 56 78", message)
    parts = urlsplit(link)
    assert (parts.netloc, parts.path) == ("wa.me", "/34612345678")
    text = unquote(parts.query.removeprefix("text="))
    assert text == message and "Pan de masa madre del sábado" in text and "Instagram" in text
    assert " " not in link and "+" not in parts.query


@pytest.mark.parametrize("number", ["612", "+34 abc", "", "12345678901234567"])
def test_bad_phone_numbers_get_a_spanish_message(number):
    with pytest.raises(InvalidInputError) as err:
        m.whatsapp_link(number, "Hola")
    assert "prefijo" in spanish_message(err.value)


def test_international_prefix_00_is_accepted_and_empty_message_refused():
    assert m.whatsapp_link("0057 300 123 4567", "Hola").startswith("https://wa.me/573001234567?")
    with pytest.raises(InvalidInputError) as err:
        m.whatsapp_link("+573001234567", "   ")
    assert "mensaje" in spanish_message(err.value)


# --- the «¿cómo nos conociste?» tally --------------------------------------------------


def test_tally_reads_a_spanish_excel_sheet():
    tally = m.read_tally(TALLY)  # Latin-1, «;», decimal commas, dd/mm/yyyy, CRLF
    assert len(tally) == 7  # the blank last row is dropped
    assert str(tally["date"].min().date()) == "2026-03-02"
    assert list(tally["channel"]) == ["instagram", "word_of_mouth", "walk_in", "facebook",
                                      "tiktok", "google", "other"]
    assert tally["customers"].sum() == 10  # an empty count means one customer
    assert tally.loc[tally["channel"] == "facebook", "amount"].item() == pytest.approx(1050.75)
    summary = m.tally_summary(tally)
    assert summary.loc["instagram", "customers"] == 3
    assert summary["share"].sum() == pytest.approx(1.0)


def test_tally_reads_the_same_sheet_in_utf8_with_bom(tmp_path):
    path = tmp_path / "hoja.csv"
    path.write_bytes(b"\xef\xbb\xbf" + TALLY.read_bytes().decode("latin-1").encode("utf-8"))
    assert m.read_tally(path).equals(m.read_tally(TALLY))


def test_tally_problems_get_spanish_messages(tmp_path):
    no_channel = tmp_path / "sin_canal.csv"
    no_channel.write_text("Fecha;Clientes\n01/03/2026;2\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        m.read_tally(no_channel)
    assert "¿Cómo nos conociste?" in spanish_message(err.value)
    bad_date = tmp_path / "fechas.csv"
    bad_date.write_text("Fecha;Canal\n31/02/2026;Instagram\nayer;Facebook\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        m.read_tally(bad_date)
    assert "día/mes/año" in spanish_message(err.value)
    with pytest.raises(DataError) as err:
        m.read_tally(EXPORTS / "libro.xlsx")
    assert "CSV" in spanish_message(err.value)


# --- measured or estimated --------------------------------------------------------------


def test_without_sources_only_reach_clicks_and_cost_are_measured():
    figures = {f.key: f for f in m.funnel_provenance([])}
    assert {k for k, f in figures.items() if f.measured} == {"reach", "clicks", "cost"}
    assert figures["cac"].how.startswith("Estimado")


def test_each_source_measures_what_it_can():
    figures = {f.key: f for f in m.funnel_provenance(["tally"])}
    assert figures["new_customers"].measured and figures["cac"].measured
    assert not figures["visits"].measured
    figures = {f.key: f for f in m.funnel_provenance(["ga4_utm", "discount_codes"])}
    assert figures["visits"].measured and figures["purchases"].measured
    assert "GA4" in figures["visits"].how
    with pytest.raises(InvalidInputError) as err:
        m.funnel_provenance(["encuesta"])
    assert "tally" in spanish_message(err.value)


def test_messages_switch_to_english():
    set_language("en")
    figures = {f.key: f for f in m.funnel_provenance([])}
    assert figures["cac"].how.startswith("Estimate")
    assert "I saw your post" in m.whatsapp_message("Bread", "facebook")


# --- the example sheet, the blank sheet and the plan section ------------------------------


def test_the_example_week_is_read_like_an_owners_sheet():
    tally = m.example_tally()
    summary = m.tally_summary(tally)
    assert tally["customers"].sum() == summary["customers"].sum() > 0
    assert set(summary.index) <= set(m.CHANNEL_LABELS) and "other" not in summary.index


def test_the_blank_sheet_opens_in_spanish_excel_and_reads_back():
    raw = m.blank_tally_csv(rows=3)
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") == 4
    header = raw.decode("utf-8-sig").splitlines()[0].split(";")
    assert header == ["Fecha", "¿Cómo nos conociste?", "Clientes", "Importe"]
    filled = raw.decode("utf-8-sig").replace(";;;", "10/03/2026;Me lo dijo una amiga;1;8,40", 1)
    assert list(m.read_tally(filled.encode("utf-8"))["channel"]) == ["word_of_mouth"]
    set_language("en")
    english = m.blank_tally_csv(rows=1).decode("utf-8-sig").splitlines()[0]
    assert english.startswith("Date;") and m.read_tally(
        (english + "\r\n10/03/2026;Instagram;1;\r\n").encode("utf-8"))["channel"].tolist() == ["instagram"]


def test_the_plan_section_keeps_links_codes_and_what_is_measured():
    links = m.utm_links("https://goikoa.example/", "reyes", [("instagram", "Roscón", True)])
    section = m.plan_section(" https://goikoa.example/ ", "reyes", links,
                             m.discount_codes("Goikoa", ["instagram"]), None, True,
                             ["tally", "ga4_utm", "tally"])
    assert section["website"] == "https://goikoa.example/"
    assert section["links"] == [{"network": "instagram", "post": "Roscón", "paid": True,
                                 "link": links["link"].iloc[0]}]
    assert section["codes"] == {"instagram": "GOIKOA10IG"} and section["whatsapp"] == {}
    assert section["sources"] == ["ga4_utm", "tally"]  # in the course's order, once each
    assert section["measured"] == ["reach", "clicks", "visits", "purchases", "new_customers",
                                   "cost", "cac"]
    assert m.plan_section("", "", None, {}, None, False, [])["measured"] == ["reach", "clicks", "cost"]
