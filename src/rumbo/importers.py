"""Import a learner's own post export into the canonical posts table.

One entry point, :func:`import_posts` (``rumbo.data.read_posts`` delegates to
it), reads a path, bytes, a memoryview (what ``ipywidgets.FileUpload`` gives)
or an open file, and works out by itself:

- the **encoding**: UTF-8, UTF-8 with BOM, UTF-16 (with or without BOM) or
  Latin-1 / Windows-1252 (what Spanish Excel often writes);
- the **separator**: ``,`` ``;`` or tab;
- the **number format**: thousands separators (``"12,400"`` in English
  exports, ``"12.400"`` in Spanish ones) and decimal commas (``"3,5"``);
- the **format** of the export, from its headers (capitalisation, accents
  and extra columns do not matter):

  ============================  ===============================================
  ``meta_facebook``             Meta Business Suite, Facebook posts CSV
  ``meta_instagram``            Meta Business Suite, Instagram posts CSV
  ``insights_legacy``           the older Facebook Insights post export
                                (``Lifetime Post Total Reach``...; ``;``)
  ``spreadsheet``               a table kept by hand in Spanish (Fecha, Alcance,
                                Me gusta, Comentarios, Compartidos...)
  ``canonical``                 a table already in the course schema
  ============================  ===============================================

It returns the columns of :data:`rumbo.data.POST_COLUMNS` (plus ``month``,
``weekday`` and ``hour`` when the export gives those instead of a date).
Numbers are floats; **a value the export does not give stays missing (NaN),
never zero**: Instagram has no clicks, Facebook no saves, Meta exports no
follower count. In 2025 Meta replaced Instagram *impressions* by *views*;
a ``Views`` column is read as impressions (times shown).

Anything it cannot read raises :class:`rumbo.errors.DataError` in the
learner's language, naming the missing or unreadable columns.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from rumbo.errors import DataError
from rumbo.i18n import N_, _

#: The canonical columns (same as ``rumbo.data.POST_COLUMNS``; repeated to keep imports one-way).
POST_COLUMNS = (
    "published_at", "network", "post_type", "reach", "impressions",
    "likes", "comments", "shares", "saves", "clicks", "followers",
)
NUMERIC_COLUMNS = ("reach", "impressions", "likes", "comments", "shares", "saves", "clicks",
                   "followers")
INTERACTION_COLUMNS = ("likes", "comments", "shares", "saves")

#: Bigger than this is not a posts export a small business has (and would freeze the notebook).
MAX_BYTES = 200 * 1024 * 1024

FORMAT_LABELS = {
    "meta_facebook": N_("Meta Business Suite: publicaciones de Facebook"),
    "meta_instagram": N_("Meta Business Suite: publicaciones de Instagram"),
    "insights_legacy": N_("Facebook Insights (exportación antigua)"),
    "spreadsheet": N_("Hoja de cálculo propia"),
    "canonical": N_("Tabla con el formato del curso"),
}

#: Screen names of the canonical columns, to name what is missing.
COLUMN_LABELS = {
    "published_at": N_("fecha de publicación"),
    "network": N_("red social"),
    "post_type": N_("tipo de publicación"),
    "reach": N_("alcance"),
    "impressions": N_("impresiones o visualizaciones"),
    "likes": N_("me gusta o reacciones"),
    "comments": N_("comentarios"),
    "shares": N_("compartidos"),
    "saves": N_("guardados"),
    "clicks": N_("clics"),
    "followers": N_("seguidores"),
}


def _key(header: str) -> str:
    """A header as a comparable key: no accents, lower case, single spaces, no BOM/quotes."""
    text = unicodedata.normalize("NFKD", str(header).replace("\ufeff", ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[\s_]+", " ", text.strip().strip('"').lower())
    return text


#: Header aliases per canonical column, best first (compared through ``_key``).
ALIASES: dict[str, tuple[str, ...]] = {
    "published_at": ("published at", "publish time", "fecha de publicacion", "fecha y hora",
                     "fecha", "dia", "created time", "posted", "date"),
    "network": ("network", "red social", "red", "plataforma", "platform"),
    "post_type": ("post type", "type", "tipo de publicacion", "tipo", "formato", "format"),
    "reach": ("reach", "lifetime post total reach", "alcance", "personas alcanzadas",
              "cuentas alcanzadas"),
    "impressions": ("impressions", "views", "lifetime post total impressions", "impresiones",
                    "visualizaciones", "reproducciones", "vistas"),
    "likes": ("likes", "reactions", "like", "me gusta", "reacciones", "likes/reacciones"),
    "comments": ("comments", "comment", "comentarios"),
    "shares": ("shares", "share", "compartidos", "compartido", "veces compartido",
               "veces compartida", "compartir"),
    "saves": ("saves", "guardados", "guardado", "veces guardado"),
    "clicks": ("clicks", "total clicks", "link clicks", "clics", "clics en el enlace", "clicks "),
    "followers": ("followers", "page total likes", "seguidores", "fans", "seguidores totales"),
}
_EXTRA_ALIASES = {
    "time": ("hora", "hora de publicacion", "time"),
    "month": ("post month", "mes"),
    "weekday": ("post weekday",),
    "hour": ("post hour",),
}

#: Post types as the course names them (the bundled data uses the same words).
POST_TYPES = {
    "ig image": "photo", "image": "photo", "photo": "photo", "photos": "photo", "foto": "photo",
    "fotos": "photo", "imagen": "photo", "ig carousel": "carousel", "carousel": "carousel",
    "carrusel": "carousel", "album": "carousel", "ig reel": "reel", "reel": "reel", "reels": "reel",
    "video": "video", "videos": "video", "link": "link", "links": "link", "enlace": "link",
    "status": "text", "text": "text", "texto": "text", "estado": "text", "story": "story",
    "stories": "story", "historia": "story", "historias": "story",
}
NETWORKS = {
    "facebook": "facebook", "fb": "facebook", "instagram": "instagram", "ig": "instagram",
    "tiktok": "tiktok", "x": "x", "twitter": "x", "linkedin": "linkedin", "youtube": "youtube",
}
_MISSING_TOKENS = ("", "-", "--", "n/a", "na", "nan", "none", "null", "sin datos", "s/d")


@dataclass
class ImportReport:
    """What :func:`import_posts_report` found, for the learner to read."""

    format: str
    encoding: str
    separator: str
    rows: int
    notes: list[str] = field(default_factory=list)

    @property
    def format_label(self) -> str:
        return _(FORMAT_LABELS[self.format])


# --- bytes -> text ----------------------------------------------------------------------


def _read_bytes(source) -> tuple[bytes, str]:
    """The raw bytes of ``source`` and a name to show the learner."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), ""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise DataError(_("No encuentro el archivo {path}.").format(path=path)) from None
        except OSError as exc:
            raise DataError(_("No puedo abrir el archivo {path} ({reason}).").format(
                path=path, reason=exc.strerror or exc)) from None
        if path.is_dir():
            raise DataError(_("{path} es una carpeta, no un archivo.").format(path=path))
        if size > MAX_BYTES:
            raise DataError(_("El archivo es demasiado grande ({mb} MB). Exporta un periodo más "
                              "corto.").format(mb=size // (1024 * 1024)))
        return path.read_bytes(), path.name
    if hasattr(source, "read"):
        data = source.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        return bytes(data), str(getattr(source, "name", ""))
    raise DataError(_("No sé leer esto como archivo ({kind}). Pasa la ruta de un CSV.").format(
        kind=type(source).__name__))


def _decode(raw: bytes) -> tuple[str, str]:
    """Text and encoding name. Raises :class:`DataError` for binary files."""
    if not raw.strip():
        raise DataError(_("El archivo está vacío. Vuelve a exportarlo desde la red social."))
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise DataError(_("Parece un libro de Excel (.xlsx / .xls), no un CSV. Ábrelo en tu hoja "
                          "de cálculo y usa «Guardar como» → CSV."))
    if raw.startswith(b"%PDF"):
        raise DataError(_("Es un PDF, no una tabla. Descarga la exportación en formato CSV."))
    if raw.startswith(b"\xef\xbb\xbf"):
        return _decode_as(raw[3:], "utf-8", "UTF-8 BOM")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_as(raw, "utf-16", "UTF-16")
    head = raw[:4096]
    if b"\x00" in head:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        half = len(head) // 2
        if odd > 0.3 * half and even < 0.05 * half:
            return _decode_as(raw, "utf-16-le", "UTF-16")
        if even > 0.3 * half and odd < 0.05 * half:
            return _decode_as(raw, "utf-16-be", "UTF-16")
        raise _binary()
    try:
        text, name = raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        try:
            text, name = raw.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            text, name = raw.decode("latin-1"), "Latin-1"
    _reject_control_characters(text)
    return text, name


def _binary() -> DataError:
    return DataError(_("Este archivo no es texto: parece una imagen, un programa o un archivo "
                       "comprimido. Sube el CSV que exporta la red social o tu hoja de cálculo."))


def _decode_as(raw: bytes, encoding: str, name: str) -> tuple[str, str]:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        raise _binary() from None
    text = text.lstrip("\ufeff")
    _reject_control_characters(text)
    return text, name


def _reject_control_characters(text: str) -> None:
    sample = text[:4096]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t")
    if controls > max(2, len(sample) // 100):
        raise _binary()


# --- text -> table of strings -----------------------------------------------------------


def _separator(text: str) -> str:
    """The delimiter that splits the header line into most fields (quotes respected)."""
    lines = [line for line in text[:20000].splitlines() if line.strip()][:20]
    if not lines:
        raise DataError(_("El archivo está vacío. Vuelve a exportarlo desde la red social."))
    best, best_score = ",", (0, 0)
    for sep in (";", ",", "\t"):
        counts = [len(row) for row in csv.reader(lines, delimiter=sep)]
        header = counts[0]
        consistent = sum(1 for c in counts[1:] if c == header)
        score = (header if header > 1 else 0, consistent)
        if score > best_score:
            best, best_score = sep, score
    if best_score[0] == 0:
        raise DataError(_("No encuentro columnas en el archivo: solo hay una por fila. "
                          "Exporta la tabla como CSV separado por comas o por punto y coma."))
    return best


def _read_table(text: str, sep: str) -> pd.DataFrame:
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                            skipinitialspace=True, skip_blank_lines=True)
    except pd.errors.EmptyDataError:
        raise DataError(_("El archivo está vacío. Vuelve a exportarlo desde la red social.")) from None
    except pd.errors.ParserError:
        raise DataError(_("Algunas filas del archivo tienen más columnas que la cabecera. "
                          "Revisa que no haya separadores sueltos y expórtalo de nuevo.")) from None
    frame.columns = [str(c).replace("\ufeff", "").strip() for c in frame.columns]
    return frame


# --- format detection -------------------------------------------------------------------


def _find(keys: dict[str, str], aliases: tuple[str, ...]) -> str | None:
    for alias in aliases:
        if alias in keys:
            return keys[alias]
    return None


def detect_format(columns) -> str:
    """The export format guessed from its column headers (see the module docstring)."""
    keys = {_key(c) for c in columns}
    if "lifetime post total reach" in keys or "lifetime engaged users" in keys:
        return "insights_legacy"
    if set(POST_COLUMNS) <= keys or {"published at", "network", "post type"} <= keys:
        return "canonical"
    if "publish time" in keys or "permalink" in keys or "post id" in keys:
        if keys & {"account username", "account id", "account name", "saves", "follows"}:
            return "meta_instagram"
        return "meta_facebook"
    spanish = {"fecha", "alcance", "me gusta", "comentarios", "compartidos", "impresiones"}
    if keys & spanish:
        return "spreadsheet"
    raise DataError(
        _("No reconozco este archivo: necesito al menos una columna de fecha (Fecha o Publish "
          "time), el alcance (Alcance o Reach) y alguna interacción (Me gusta, Comentarios, "
          "Compartidos). Columnas que he encontrado: {found}.").format(
              found=", ".join(map(str, list(columns)[:15])) or "-"))


# --- strings -> values ------------------------------------------------------------------


def _blank(series: pd.Series) -> pd.Series:
    return series.str.strip().str.lower().isin(_MISSING_TOKENS)


def _decimal_comma(frame: pd.DataFrame, columns: list[str], sep: str, fmt: str) -> bool:
    """True when numbers are written the Spanish way (1.234,5)."""
    if sep == ",":
        return False  # a comma inside a comma-separated number must be a thousands mark
    sample = pd.concat([frame[c].head(2000) for c in columns], ignore_index=True) if columns else \
        pd.Series([], dtype=str)
    sample = sample.str.strip()
    spanish = sample.str.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?|-?\d+,\d{1,2}|-?\d+,\d{4,}").sum()
    english = sample.str.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?|-?\d+\.\d{1,2}|-?\d+\.\d{4,}").sum()
    if spanish != english:
        return spanish > english
    return fmt == "spreadsheet"


def _to_number(series: pd.Series, decimal_comma: bool) -> pd.Series:
    text = series.str.strip().str.replace(r"[\s\u00a0\u202f%]", "", regex=True)
    if decimal_comma:
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        text = text.str.replace(",", "", regex=False)
    return pd.to_numeric(text, errors="coerce")


_DATE_FORMATS = {
    # tried in order; the first that reads (almost) every value wins
    "month_first": ("%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y", "%m/%d/%y %H:%M",
                    "%m/%d/%y"),
    "day_first": ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "%d/%m/%y %H:%M", "%d/%m/%y",
                  "%d-%m-%Y", "%d-%m-%Y %H:%M", "%d.%m.%Y"),
}


def _to_dates(series: pd.Series, month_first: bool) -> pd.Series:
    text = series.str.strip()
    filled = ~_blank(text)
    if not filled.any():
        return pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    order = ("month_first", "day_first") if month_first else ("day_first", "month_first")
    candidates = [("ISO8601", None)] + [(f, None) for key in order for f in _DATE_FORMATS[key]]
    best, best_count = None, -1
    sample = text[filled].head(500)
    for fmt, _unused in candidates:
        parsed = pd.to_datetime(sample, format=fmt, errors="coerce")
        count = int(parsed.notna().sum())
        if count > best_count:
            best, best_count = fmt, count
        if count == len(sample):
            break
    result = pd.to_datetime(text.where(filled), format=best, errors="coerce")
    if getattr(result.dt, "tz", None) is not None:
        result = result.dt.tz_localize(None)
    return result.astype("datetime64[ns]")


# --- the importer -----------------------------------------------------------------------


def import_posts_report(source) -> tuple[pd.DataFrame, ImportReport]:
    """Read ``source`` (path, bytes, memoryview or file) into the canonical posts table.

    Returns the table and an :class:`ImportReport` (format, encoding, notes for
    the learner: which columns the export does not give and stay empty).
    """
    raw, _name = _read_bytes(source)
    if len(raw) > MAX_BYTES:
        raise DataError(_("El archivo es demasiado grande ({mb} MB). Exporta un periodo más "
                          "corto.").format(mb=len(raw) // (1024 * 1024)))
    text, encoding = _decode(raw)
    sep = _separator(text)
    table = _read_table(text, sep)
    if table.empty:
        raise DataError(_("El archivo tiene cabecera pero ninguna publicación. Exporta un "
                          "periodo con publicaciones."))
    fmt = detect_format(table.columns)
    keys: dict[str, str] = {}
    for column in table.columns:
        keys.setdefault(_key(column), column)
    found = {canon: _find(keys, aliases) for canon, aliases in ALIASES.items()}
    extra = {name: _find(keys, aliases) for name, aliases in _EXTRA_ALIASES.items()}
    if fmt == "insights_legacy":
        found["published_at"] = None  # that export has month, weekday and hour, not a date

    missing = []
    if fmt != "insights_legacy" and not found["published_at"]:
        missing.append(_(COLUMN_LABELS["published_at"]))
    if not (found["reach"] or found["impressions"] or found["followers"]):
        missing.append(_(COLUMN_LABELS["reach"]))
    if not any(found[c] for c in INTERACTION_COLUMNS):
        missing.append(_("alguna interacción (me gusta, comentarios o compartidos)"))
    if missing:
        raise DataError(_("Al archivo le faltan estas columnas: {missing}. Columnas que he "
                          "encontrado: {found}.").format(
                              missing=", ".join(missing),
                              found=", ".join(map(str, list(table.columns)[:15]))))

    numeric_sources = [found[c] for c in NUMERIC_COLUMNS if found[c]]
    decimal_comma = _decimal_comma(table, numeric_sources, sep, fmt)
    out = pd.DataFrame(index=pd.RangeIndex(len(table)))
    unreadable: list[str] = []
    notes: list[str] = []
    for column in NUMERIC_COLUMNS:
        source_column = found[column]
        if not source_column:
            out[column] = np.nan
            continue
        values = _to_number(table[source_column], decimal_comma)
        filled = ~_blank(table[source_column])
        bad = int((filled & values.isna()).sum())
        if bad and bad > 0.5 * int(filled.sum()):
            unreadable.append(source_column)
        elif (values < 0).any():
            unreadable.append(source_column)
        out[column] = values.astype("float64")

    if fmt == "insights_legacy":
        out["published_at"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    else:
        date_text = table[found["published_at"]]
        if extra["time"] and fmt == "spreadsheet":
            date_text = (date_text.str.strip() + " " + table[extra["time"]].str.strip()).str.strip()
        dates = _to_dates(date_text, month_first=fmt in ("meta_facebook", "meta_instagram"))
        filled = ~_blank(table[found["published_at"]])
        if int((filled & dates.isna()).sum()) > 0.5 * max(1, int(filled.sum())):
            unreadable.append(found["published_at"])
        out["published_at"] = dates
    if unreadable:
        raise DataError(_("No puedo leer estas columnas: {columns}. Comprueba que tienen "
                          "números (o fechas) sin texto añadido y sin valores negativos.").format(
                              columns=", ".join(unreadable)))

    default_network = {"meta_facebook": "facebook", "meta_instagram": "instagram",
                       "insights_legacy": "facebook"}.get(fmt)
    if found["network"] and fmt != "insights_legacy":
        net = table[found["network"]].str.strip().str.lower()
        out["network"] = net.map(lambda v: NETWORKS.get(v, v or np.nan)).where(~_blank(net))
    else:
        out["network"] = default_network if default_network else np.nan
    if found["post_type"]:
        kind = table[found["post_type"]].map(_key)
        out["post_type"] = kind.map(lambda v: POST_TYPES.get(v, v)).where(~_blank(kind))
    else:
        out["post_type"] = np.nan
    for column in ("network", "post_type"):
        out[column] = out[column].astype("object")

    columns = list(POST_COLUMNS)
    if fmt == "insights_legacy":
        for name in ("month", "weekday", "hour"):
            out[name] = _to_number(table[extra[name]], False) if extra[name] else np.nan
        columns += ["month", "weekday", "hour"]
        notes.append(_("Esta exportación no trae la fecha de cada publicación, solo el mes, el día "
                       "de la semana y la hora."))
    empty = [c for c in NUMERIC_COLUMNS if out[c].isna().all()]
    if empty:
        notes.append(_("El archivo no trae estas columnas; quedan vacías (no cero): {columns}.")
                     .format(columns=", ".join(_(COLUMN_LABELS[c]) for c in empty)))
    report = ImportReport(fmt, encoding, sep, len(out), notes)
    out = out[columns]
    out.attrs["rumbo_format"] = fmt
    return out, report


def import_posts(source) -> pd.DataFrame:
    """The canonical posts table of ``source`` (see :func:`import_posts_report`)."""
    return import_posts_report(source)[0]


# --- writing exports (for examples, tests and benchmarks) -------------------------------


def to_meta_export(posts: pd.DataFrame, network: str = "facebook") -> bytes:
    """``posts`` written as a Meta Business Suite export (UTF-8 with BOM, "12,400" numbers).

    Used by the course to show the importer at work without a learner's file,
    and by the benchmarks to build a big export.
    """
    posts = posts.reset_index(drop=True)
    n = len(posts)

    def count(column: str) -> pd.Series:
        values = pd.to_numeric(posts[column], errors="coerce") if column in posts else \
            pd.Series(np.nan, index=posts.index)
        return values.map(lambda v: "" if pd.isna(v) else f"{v:,.0f}")

    published = pd.to_datetime(posts["published_at"]).dt.strftime("%m/%d/%Y %H:%M")
    kind = posts["post_type"].map({"photo": "IG image", "carousel": "IG carousel",
                                   "reel": "IG reel"}) if network == "instagram" else \
        posts["post_type"].map({"photo": "Photos", "video": "Videos", "link": "Links",
                                "text": "Text", "reel": "Reels", "carousel": "Photos"})
    kind = kind.fillna(posts["post_type"].astype(str))
    base = {"Post ID": [str(10**15 + i) for i in range(n)]}
    if network == "instagram":
        table = pd.DataFrame({
            **base, "Account ID": "17841400000000000", "Account username": "mi_negocio",
            "Account name": "Mi negocio", "Description": "", "Duration (sec)": "0",
            "Publish time": published, "Permalink": "", "Post type": kind, "Date": "Lifetime",
            "Views": count("impressions"), "Reach": count("reach"), "Likes": count("likes"),
            "Shares": count("shares"), "Follows": "", "Comments": count("comments"),
            "Saves": count("saves"),
        })
    else:
        table = pd.DataFrame({
            **base, "Page ID": "100000000000000", "Page name": "Mi negocio", "Title": "",
            "Description": "", "Duration (sec)": "0", "Publish time": published, "Permalink": "",
            "Post type": kind, "Date": "Lifetime", "Views": count("impressions"),
            "Reach": count("reach"), "Reactions, Comments and Shares": "",
            "Reactions": count("likes"), "Comments": count("comments"), "Shares": count("shares"),
            "Total clicks": count("clicks"),
        })
    return table.to_csv(index=False).encode("utf-8-sig")
