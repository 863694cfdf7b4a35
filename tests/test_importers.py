"""Importers: every export format of CONTENT.md, and every awkward file a learner can upload."""

from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from rumbo.data import POST_COLUMNS, read_posts
from rumbo.core.errors import DataError, RumboError
from rumbo.core.i18n import set_language
from rumbo.data.importers import (ALIASES, detect_format, import_posts, import_posts_report, to_meta_export)
from rumbo.metrics import engagement_rate

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


def read(name: str) -> pd.DataFrame:
    return read_posts(EXPORTS / name)


@pytest.mark.parametrize("name, fmt, encoding, sep", [
    ("meta_facebook.csv", "meta_facebook", "UTF-8 BOM", ","),
    ("meta_facebook_capitalisation.csv", "meta_facebook", "UTF-8", ","),
    ("meta_facebook_utf16.txt", "meta_facebook", "UTF-16", "\t"),
    ("meta_instagram.csv", "meta_instagram", "UTF-8", ","),
    ("insights_legacy.csv", "insights_legacy", "UTF-8", ";"),
    ("hoja_latin1.csv", "spreadsheet", "Windows-1252", ";"),
    ("hoja_utf8_bom.csv", "spreadsheet", "UTF-8 BOM", ";"),
    ("hoja_hora.csv", "spreadsheet", "Windows-1252", ";"),
    ("canonical.csv", "canonical", "UTF-8", ","),
])
def test_every_format_gives_the_canonical_columns(name, fmt, encoding, sep):
    frame, report = import_posts_report(EXPORTS / name)
    assert (report.format, report.encoding, report.separator) == (fmt, encoding, sep)
    assert list(frame.columns[:len(POST_COLUMNS)]) == list(POST_COLUMNS)
    assert report.rows == len(frame) > 0
    for column in ("reach", "impressions", "likes", "comments", "shares", "saves", "clicks",
                   "followers"):
        assert frame[column].dtype == "float64"
    assert (frame[["reach", "likes"]].fillna(0) >= 0).all().all()
    # engagement_rate works on any imported table
    assert engagement_rate(frame, "reach") > 0


def test_meta_facebook_reads_thousands_and_keeps_unknown_as_missing():
    frame = read("meta_facebook.csv")
    video = frame.iloc[2]
    assert video["impressions"] == 12400 and video["reach"] == 8900  # "12,400", Views -> impressions
    assert video["likes"] == 310 and video["clicks"] == 220  # Reactions, Total clicks
    assert video["post_type"] == "video" and video["network"] == "facebook"
    assert video["published_at"] == pd.Timestamp("2025-03-20 12:00")  # MM/DD/YYYY
    assert frame["saves"].isna().all() and frame["followers"].isna().all()  # not zero
    assert frame.iloc[3][["reach", "likes", "comments"]].isna().all()  # empty cells stay empty
    assert frame.iloc[1]["post_type"] == "status"


def test_capitalisation_and_column_count_do_not_matter():
    a, b = read("meta_facebook.csv").iloc[:3], read("meta_facebook_capitalisation.csv")
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b, check_like=True)
    c = read("meta_facebook_utf16.txt")
    pd.testing.assert_frame_equal(a.reset_index(drop=True), c)


def test_instagram_types_views_and_saves():
    frame = read("meta_instagram.csv")
    assert frame["post_type"].tolist() == ["photo", "carousel", "reel"]
    assert frame["network"].unique().tolist() == ["instagram"]
    assert frame.loc[2, "reach"] == 12400 and frame.loc[2, "likes"] == 1020
    assert frame.loc[2, "saves"] == 210
    assert frame["clicks"].isna().all()
    assert frame.loc[0, "published_at"] == pd.Timestamp("2025-05-02 18:30")


def test_legacy_insights_semicolons_and_empty_cells():
    frame, report = import_posts_report(EXPORTS / "insights_legacy.csv")
    assert frame["published_at"].isna().all()  # that export has no date
    assert frame[["month", "weekday", "hour"]].iloc[0].tolist() == [12, 4, 3]
    assert frame.loc[0, "reach"] == 2752 and frame.loc[0, "impressions"] == 5091
    assert frame.loc[0, "followers"] == 139441  # Page total likes
    assert frame.loc[0, ["likes", "comments", "shares"]].tolist() == [79, 4, 17]
    assert math.isnan(frame.loc[4, "shares"])  # an empty cell, not a zero
    assert frame["post_type"].tolist()[:2] == ["photo", "status"]
    assert any("mes" in note for note in report.notes)


def test_spanish_spreadsheet_decimal_commas_dates_and_accents():
    for name in ("hoja_latin1.csv", "hoja_utf8_bom.csv"):
        frame = read(name)
        assert frame.loc[0, "published_at"] == pd.Timestamp("2025-01-02")  # dd/mm/yyyy
        assert frame.loc[2, "reach"] == 12400  # "12.400"
        assert frame.loc[3, "reach"] == 3205.5  # "3.205,5"
        assert frame.loc[1, "followers"] == 1120  # "1.120,0"
        assert frame.loc[2, "post_type"] == "video"  # "Vídeo"
        assert frame["network"].tolist() == ["facebook", "instagram", "facebook", "instagram"]
        assert math.isnan(frame.loc[1, "shares"]) and math.isnan(frame.loc[3, "comments"])
    a, b = read("hoja_latin1.csv"), read("hoja_utf8_bom.csv")
    pd.testing.assert_frame_equal(a, b)


def test_separate_time_column_is_joined_to_the_date():
    frame = read("hoja_hora.csv")
    assert frame["published_at"].tolist() == [pd.Timestamp("2025-02-01 09:30"),
                                              pd.Timestamp("2025-02-15 18:05")]
    assert frame["impressions"].isna().all()


@pytest.mark.parametrize("name, words", [
    ("empty.csv", "vacío"),
    ("header_only.csv", "ninguna publicación"),
    ("image.png", "no es texto"),
    ("libro.xlsx", "Excel"),
    ("missing_columns.csv", "alcance"),
    ("unknown.csv", "producto, precio, stock"),
    ("bad_numbers.csv", "Alcance"),
    ("negative.csv", "negativos"),
    ("bad_dates.csv", "Fecha"),
    ("single_column.csv", "columnas"),
])
def test_unreadable_files_give_a_clear_message(name, words):
    with pytest.raises(DataError, match=words) as info:
        read(name)
    assert isinstance(info.value, RumboError)


def test_messages_follow_the_language():
    set_language("en")
    with pytest.raises(DataError, match="empty"):
        read("empty.csv")
    with pytest.raises(DataError, match="missing these columns"):
        read("missing_columns.csv")


def test_missing_file_folder_and_odd_sources(tmp_path):
    with pytest.raises(DataError, match="No encuentro"):
        read_posts(tmp_path / "no_such.csv")
    with pytest.raises(DataError, match="carpeta"):
        read_posts(tmp_path)
    with pytest.raises(DataError, match="No sé leer"):
        read_posts(12345)


def test_bytes_memoryview_and_file_objects_are_accepted():
    raw = (EXPORTS / "meta_instagram.csv").read_bytes()
    expected = read("meta_instagram.csv")
    for source in (raw, memoryview(raw), bytearray(raw), io.BytesIO(raw),
                   io.StringIO(raw.decode("utf-8"))):
        pd.testing.assert_frame_equal(import_posts(source), expected)


def test_utf16_without_bom_and_big_endian():
    text = (EXPORTS / "meta_instagram.csv").read_text(encoding="utf-8")
    for encoding in ("utf-16-le", "utf-16-be"):
        frame, report = import_posts_report(text.encode(encoding))
        assert report.encoding == "UTF-16" and frame.loc[2, "reach"] == 12400


def test_detect_format_names_what_it_found():
    assert detect_format(["Fecha", "Alcance"]) == "spreadsheet"
    assert detect_format(["POST ID", "Publish Time", "Reach"]) == "meta_facebook"
    with pytest.raises(DataError, match="a, b"):
        detect_format(["a", "b"])


def test_aliases_have_no_duplicates_across_columns():
    seen = [alias for aliases in ALIASES.values() for alias in aliases]
    assert len(seen) == len(set(seen))


def test_round_trip_through_a_meta_export():
    rng = np.random.default_rng(1)
    n = 50
    posts = pd.DataFrame({
        "published_at": pd.date_range("2025-01-01 09:00", periods=n, freq="17h"),
        "network": "facebook", "post_type": rng.choice(["photo", "video", "link"], n),
        "reach": rng.integers(10, 40000, n), "impressions": rng.integers(40000, 80000, n),
        "likes": rng.integers(0, 3000, n), "comments": rng.integers(0, 50, n),
        "shares": rng.integers(0, 50, n), "clicks": rng.integers(0, 1500, n),
    })
    back = import_posts(to_meta_export(posts))
    for column in ("reach", "impressions", "likes", "comments", "shares", "clicks"):
        assert back[column].tolist() == posts[column].astype(float).tolist()
    assert back["published_at"].tolist() == posts["published_at"].tolist()
    assert back["post_type"].tolist() == posts["post_type"].tolist()
    insta = import_posts(to_meta_export(posts.assign(post_type="reel", saves=3), "instagram"))
    assert insta["network"].eq("instagram").all() and insta["saves"].eq(3).all()


def test_dates_without_zero_padding_and_with_blanks():
    raw = ("Post ID,Page name,Publish time,Post type,Reach,Reactions,Comments,Shares\n"
           "1,P,3/4/2025 8:15,Photos,100,5,1,0\n"
           "2,P,,Photos,50,1,0,0\n"
           "3,P,12/31/2025 23:59,Videos,80,2,0,1\n").encode("utf-8")
    frame = import_posts(raw)
    assert frame.loc[0, "published_at"] == pd.Timestamp("2025-03-04 08:15")
    assert pd.isna(frame.loc[1, "published_at"])
    assert frame.loc[2, "published_at"] == pd.Timestamp("2025-12-31 23:59")
