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

Anything it cannot read raises :class:`rumbo.core.errors.DataError` in the
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

from rumbo.core.errors import DataError
from rumbo.data.datasets import POST_COLUMNS
from rumbo.core.i18n import translator

_, N_, ngettext = translator("importers")

#: The canonical columns that hold counts.
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


def _label(column: str) -> str:
    """The screen name of a canonical column, translated."""
    return _(COLUMN_LABELS[column])


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
    "clicks": ("clicks", "total clicks", "link clicks", "clics", "clics en el enlace"),
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
    "status": "status", "text": "status", "texto": "status", "estado": "status", "story": "story",
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


_NA_TOKENS = ["", "-", "--", "n/a", "N/A", "NA", "na", "nan", "NaN", "null", "NULL", "None",
              "none", "sin datos", "s/d", "S/D"]


def _read_table(text: str, sep: str, **options) -> pd.DataFrame:
    """The table as read by pandas' C parser; blank and "-" cells become NaN."""
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, keep_default_na=False, na_values=_NA_TOKENS,
                            skipinitialspace=True, skip_blank_lines=True, **options)
    except pd.errors.EmptyDataError:
        raise DataError(_("El archivo está vacío. Vuelve a exportarlo desde la red social.")) from None
    except (pd.errors.ParserError, ValueError):
        raise DataError(_("Algunas filas del archivo tienen más columnas que la cabecera. "
                          "Revisa que no haya separadores sueltos y expórtalo de nuevo.")) from None
    frame.columns = [str(c).replace("\ufeff", "").strip() for c in frame.columns]
    return frame


def _source_text(source) -> tuple[str, str, str]:
    """Text, encoding and separator of a learner's file (path, bytes or open file)."""
    raw, _name = _read_bytes(source)
    if len(raw) > MAX_BYTES:
        raise DataError(_("El archivo es demasiado grande ({mb} MB). Exporta un periodo más "
                          "corto.").format(mb=len(raw) // (1024 * 1024)))
    text, encoding = _decode(raw)
    return text, encoding, _separator(text)


def read_text_table(source) -> tuple[pd.DataFrame, str, str]:
    """Any small table a learner keeps (path, bytes or file) as strings, with the encoding and
    separator found the same way as for post exports. Blank cells are NaN; nothing is
    converted, so the caller decides which columns are numbers or dates."""
    text, encoding, sep = _source_text(source)
    return _read_table(text, sep, dtype=str), encoding, sep


# --- format detection -------------------------------------------------------------------


def _find(keys: dict, aliases: tuple[str, ...]):
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
    """Cells that hold no value (NaN, empty, "-", "n/a"...)."""
    text = series.astype("object")
    return series.isna() | text.map(lambda v: isinstance(v, str) and
                                    v.strip().lower() in _MISSING_TOKENS).astype(bool)


def _decimal_comma(sample: pd.DataFrame, columns: list[str], sep: str, fmt: str) -> bool:
    """True when numbers are written the Spanish way (1.234,5), judged on a sample of rows."""
    if sep == ",":
        return False  # a comma inside a comma-separated number must be a thousands mark
    values = pd.concat([sample[c].dropna().astype(str) for c in columns], ignore_index=True) \
        if columns else pd.Series([], dtype=str)
    values = values.str.strip()
    spanish = int(values.str.fullmatch(
        r"-?\d{1,3}(\.\d{3})+(,\d+)?|-?\d+,\d{1,2}|-?\d+,\d{4,}").sum())
    english = int(values.str.fullmatch(
        r"-?\d{1,3}(,\d{3})+(\.\d+)?|-?\d+\.\d{1,2}|-?\d+\.\d{4,}").sum())
    if spanish != english:
        return spanish > english
    return fmt == "spreadsheet"


def _to_number(series: pd.Series, decimal_comma: bool) -> pd.Series:
    """Slow path for a column pandas could not read as numbers: clean each distinct value."""
    if pd.api.types.is_numeric_dtype(series):
        return series.astype("float64")
    codes, uniques = pd.factorize(series.astype("object"))

    def clean(value) -> float:
        text = re.sub(r"[\s\u00a0\u202f%]", "", str(value))
        text = text.replace(".", "").replace(",", ".") if decimal_comma else text.replace(",", "")
        try:
            return float(text)
        except ValueError:
            return np.nan

    cleaned = np.array([clean(v) for v in uniques] + [np.nan], dtype="float64")
    return pd.Series(cleaned[codes], index=series.index)  # code -1 (NaN) picks the final NaN


def _map_distinct(series: pd.Series, function) -> pd.Series:
    """``series.map(function)`` computed once per distinct value (exports repeat a few labels)."""
    codes, uniques = pd.factorize(series.astype("object"))
    mapped = np.array([function(v) for v in uniques] + [np.nan], dtype="object")
    return pd.Series(mapped[codes], index=series.index, dtype="object")


_DATE_FORMATS = {
    # tried in order; the first that reads every value of a sample wins
    "month_first": ("%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y", "%m/%d/%y %H:%M",
                    "%m/%d/%y"),
    "day_first": ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "%d/%m/%y %H:%M", "%d/%m/%y",
                  "%d-%m-%Y", "%d-%m-%Y %H:%M", "%d.%m.%Y"),
}


#: Fixed-width formats rewritten to ISO with numpy (fast) before parsing: the byte positions
#: of year, month, day and the rest ("" or " HH:MM").
_FAST_DATES = {
    "%m/%d/%Y %H:%M": (16, (6, 10), (0, 2), (3, 5), (10, 16)),
    "%d/%m/%Y %H:%M": (16, (6, 10), (3, 5), (0, 2), (10, 16)),
    "%m/%d/%Y": (10, (6, 10), (0, 2), (3, 5), None),
    "%d/%m/%Y": (10, (6, 10), (3, 5), (0, 2), None),
}


def _fast_dates(text: pd.Series, fmt: str) -> pd.Series | None:
    """Parse zero-padded dates of a fixed-width format by moving bytes into ISO order (a big
    export parses in milliseconds instead of seconds); None when the shortcut does not apply."""
    if fmt not in _FAST_DATES:
        return None
    width, year, month, day, rest = _FAST_DATES[fmt]
    values = text.to_numpy(dtype=object)
    try:
        raw = values.astype(f"S{width}")
    except (UnicodeEncodeError, ValueError):
        return None
    if (np.char.str_len(raw) != width).any() or (values.astype(str) != raw.astype(str)).any():
        return None
    chars = raw.view("S1").reshape(-1, width)
    dash = np.full((len(chars), 1), b"-", dtype="S1")
    parts = [chars[:, year[0]:year[1]], dash, chars[:, month[0]:month[1]], dash,
             chars[:, day[0]:day[1]]]
    if rest:
        parts.append(chars[:, rest[0]:rest[1]])
    iso = np.ascontiguousarray(np.concatenate(parts, axis=1)).view(f"S{width}").ravel()
    iso_format = "%Y-%m-%d %H:%M" if rest else "%Y-%m-%d"
    return pd.Series(pd.to_datetime(iso.astype(str), format=iso_format, errors="coerce"),
                     index=text.index)


def _to_dates(series: pd.Series, month_first: bool) -> pd.Series:
    text = series.astype("object")
    filled = text.notna() & (text != "")
    if not filled.any():
        return pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    order = ("month_first", "day_first") if month_first else ("day_first", "month_first")
    candidates = ["ISO8601"] + [f for key in order for f in _DATE_FORMATS[key]]
    best, best_count = None, -1
    sample = text[filled].head(500).str.strip()
    for fmt in candidates:
        count = int(pd.to_datetime(sample, format=fmt, errors="coerce").notna().sum())
        if count > best_count:
            best, best_count = fmt, count
        if count == len(sample):
            break
    result = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    present = text[filled]
    fast = _fast_dates(present, best)
    if fast is None:
        fast = pd.Series(pd.to_datetime(present.str.strip(), format=best, errors="coerce"),
                         index=present.index)
    if getattr(fast.dt, "tz", None) is not None:
        fast = fast.dt.tz_localize(None)
    result[filled] = fast.astype("datetime64[ns]")
    return result


# --- the importer -----------------------------------------------------------------------


def import_posts_report(source) -> tuple[pd.DataFrame, ImportReport]:
    """Read ``source`` (path, bytes, memoryview or file) into the canonical posts table.

    Returns the table and an :class:`ImportReport` (format, encoding, notes for
    the learner: which columns the export does not give and stay empty).
    """
    text, encoding, sep = _source_text(source)
    head = _read_table(text, sep, dtype=str, nrows=300)
    if head.empty:
        raise DataError(_("El archivo tiene cabecera pero ninguna publicación. Exporta un "
                          "periodo con publicaciones."))
    fmt = detect_format(head.columns)
    keys: dict[str, int] = {}
    for position, column in enumerate(head.columns):
        keys.setdefault(_key(column), position)
    found = {canon: _find(keys, aliases) for canon, aliases in ALIASES.items()}
    extra = {name: _find(keys, aliases) for name, aliases in _EXTRA_ALIASES.items()}
    if fmt == "insights_legacy":
        found["published_at"] = None  # that export has month, weekday and hour, not a date
    name = {position: head.columns[position] for position in keys.values()}

    missing = []
    if fmt != "insights_legacy" and found["published_at"] is None:
        missing.append(_label("published_at"))
    if all(found[c] is None for c in ("reach", "impressions", "followers")):
        missing.append(_label("reach"))
    if all(found[c] is None for c in INTERACTION_COLUMNS):
        missing.append(_("alguna interacción (me gusta, comentarios o compartidos)"))
    if missing:
        raise DataError(_("Al archivo le faltan estas columnas: {missing}. Columnas que he "
                          "encontrado: {found}.").format(
                              missing=", ".join(missing),
                              found=", ".join(map(str, list(head.columns)[:15]))))

    numeric = {c: found[c] for c in NUMERIC_COLUMNS if found[c] is not None}
    if fmt == "insights_legacy":
        numeric.update({k: extra[k] for k in ("month", "weekday", "hour") if extra[k] is not None})
    decimal_comma = _decimal_comma(head, [name[p] for p in numeric.values()], sep, fmt)
    texts = {c: found[c] for c in ("published_at", "network", "post_type") if found[c] is not None}
    if fmt == "spreadsheet" and extra["time"] is not None:
        texts["time"] = extra["time"]
    wanted = sorted(set(numeric.values()) | set(texts.values()))
    table = _read_table(text, sep, usecols=wanted, dtype={p: str for p in texts.values()},
                        thousands="." if decimal_comma else ",",
                        decimal="," if decimal_comma else ".")
    table.columns = wanted  # refer to columns by position from here on

    out = pd.DataFrame(index=pd.RangeIndex(len(table)))
    unreadable: list[str] = []
    notes: list[str] = []
    for column, position in numeric.items():
        values = table[position]
        if not pd.api.types.is_numeric_dtype(values):
            filled = ~_blank(values)
            values = _to_number(values, decimal_comma)
            bad = int((filled & values.isna()).sum())
            if bad > 0.5 * int(filled.sum()):
                unreadable.append(name[position])
        if (values < 0).any():
            unreadable.append(name[position])
        out[column] = values.astype("float64")
    for column in NUMERIC_COLUMNS:
        if column not in out:
            out[column] = np.nan

    if fmt == "insights_legacy":
        out["published_at"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    else:
        date_text = table[texts["published_at"]]
        if "time" in texts:
            date_text = (date_text.fillna("").str.strip() + " "
                         + table[texts["time"]].fillna("").str.strip()).str.strip()
        dates = _to_dates(date_text, month_first=fmt in ("meta_facebook", "meta_instagram"))
        filled = table[texts["published_at"]].notna()
        if int((filled & dates.isna()).sum()) > 0.5 * max(1, int(filled.sum())):
            unreadable.append(name[texts["published_at"]])
        out["published_at"] = dates
    if unreadable:
        raise DataError(_("No puedo leer estas columnas: {columns}. Comprueba que tienen "
                          "números (o fechas) sin texto añadido y sin valores negativos.").format(
                              columns=", ".join(unreadable)))

    default_network = {"meta_facebook": "facebook", "meta_instagram": "instagram",
                       "insights_legacy": "facebook"}.get(fmt)
    if "network" in texts and fmt != "insights_legacy":
        out["network"] = _map_distinct(table[texts["network"]], _network)
    else:
        out["network"] = pd.Series(default_network if default_network else np.nan,
                                   index=out.index, dtype="object")
    if "post_type" in texts:
        out["post_type"] = _map_distinct(table[texts["post_type"]], _post_type)
    else:
        out["post_type"] = pd.Series(np.nan, index=out.index, dtype="object")

    columns = list(POST_COLUMNS)
    if fmt == "insights_legacy":
        for column in ("month", "weekday", "hour"):
            if column not in out:
                out[column] = np.nan
        columns += ["month", "weekday", "hour"]
        notes.append(_("Esta exportación no trae la fecha de cada publicación, solo el mes, el día "
                       "de la semana y la hora."))
    empty = [c for c in NUMERIC_COLUMNS if out[c].isna().all()]
    if empty:
        notes.append(_("El archivo no trae estas columnas; quedan vacías (no cero): {columns}.")
                     .format(columns=", ".join(_label(c) for c in empty)))
    report = ImportReport(fmt, encoding, sep, len(out), notes)
    out = out[columns]
    out.attrs["rumbo_format"] = fmt
    return out, report


def _network(value) -> str | float:
    if not isinstance(value, str) or value.strip().lower() in _MISSING_TOKENS:
        return np.nan
    text = value.strip().lower()
    return NETWORKS.get(text, text)


def _post_type(value) -> str | float:
    if not isinstance(value, str) or value.strip().lower() in _MISSING_TOKENS:
        return np.nan
    text = _key(value)
    return POST_TYPES.get(text, text)


def import_posts(source) -> pd.DataFrame:
    """The canonical posts table of ``source`` (see :func:`import_posts_report`): a path, bytes or
    a file object holding a Meta Business Suite (Facebook or Instagram) export, the older
    Facebook Insights export, a Spanish spreadsheet or the course's own schema. Also known
    as :func:`rumbo.data.read_posts`."""
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
                                "status": "Text", "reel": "Reels", "carousel": "Photos"})
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
