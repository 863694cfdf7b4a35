"""The class roster: a CSV a trainer exports from a spreadsheet, checked line by line.

Columns (headings in any case, with or without accents; common synonyms
accepted): ``id``, ``nombre``, ``apellidos``, ``email``, ``negocio`` and,
optionally, ``ejemplo`` (the bundled example business whose data the learner
practises with: panaderia, cosmetica or ferreteria).

What a spreadsheet does to a CSV is handled: Excel's ``;`` separator, its
byte-order mark, Windows-1252 text, blank lines, spaces around values. What a
human can get wrong is reported, every problem with its line number, all at
once: empty or duplicate ids, ids nbgrader cannot use as a folder name (with a
suggestion), a missing column, a broken e-mail (one that starts like a
spreadsheet formula, ``=1+1@ejemplo.es``, is broken too), a name with ``<`` or
``>`` (nbgrader's formgrader shows names unescaped) or control characters.
Accents and spaces in names are fine and kept as typed. The validated roster is
written spreadsheet-safe (:mod:`spreadsheet`) and read back as typed.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from rumbo.classroom.spreadsheet import SafeWriter, read_cell
from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import translator

_, N_, ngettext = translator("classroom")

COLUMNS = ("id", "nombre", "apellidos", "email", "negocio")
OPTIONAL = ("ejemplo",)
SYNONYMS = {
    "id": ("id", "identificador", "usuario", "login", "codigo", "student_id", "alumno_id"),
    "nombre": ("nombre", "name", "first_name", "nombre_de_pila"),
    "apellidos": ("apellidos", "apellido", "last_name", "surname", "apellido_s"),
    "email": ("email", "e_mail", "correo", "correo_electronico", "mail", "direccion_de_correo"),
    "negocio": ("negocio", "empresa", "business", "comercio", "pyme"),
    "ejemplo": ("ejemplo", "negocio_de_ejemplo", "datos", "example"),
}
#: nbgrader uses the id as a folder name and inside paths: plain ASCII, no spaces.
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
#: name@domain.tld: the name starts with a letter or digit (never a formula sign) and uses the
#: characters mail providers allow; the domain is labels of letters, digits and hyphens.
EMAIL_RE = re.compile(r"^[^\W_](?:[\w.+-]*[^\W_])?@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}$")
RESERVED_IDS = {".", "..", "con", "nul", "prn", "aux"}


@dataclass(frozen=True)
class Learner:
    id: str
    nombre: str
    apellidos: str = ""
    email: str = ""
    negocio: str = ""
    ejemplo: str = ""
    line: int = 0

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.nombre, self.apellidos) if part).strip()

    def as_row(self) -> dict:
        row = asdict(self)
        row.pop("line")
        return row


@dataclass
class Roster:
    learners: list[Learner]
    warnings: list[str]

    def __iter__(self):
        return iter(self.learners)

    def __len__(self) -> int:
        return len(self.learners)

    def by_id(self) -> dict[str, Learner]:
        return {learner.id: learner for learner in self.learners}

    def get(self, learner_id: str) -> Learner | None:
        return self.by_id().get(learner_id)


def fold(text: str) -> str:
    """Lower case, no accents, only letters and digits separated by single spaces.

    ``"  José  PÉREZ-Núñez "`` -> ``"jose perez nunez"``. Used to compare names,
    headings and file names the way a person would.
    """
    lowered = str(text).casefold().replace("ø", "o").replace("æ", "ae").replace("ł", "l").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", lowered)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def suggest_id(text: str) -> str:
    """An id nbgrader accepts, made from what was typed: ``"María López"`` -> ``"maria-lopez"``."""
    slug = "-".join(fold(text).split())[:64].strip("-")
    return slug or "alumno"


def _decode(raw: bytes) -> tuple[str, list[str]]:
    notes = []
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), notes
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), notes
    try:
        return raw.decode("utf-8"), notes
    except UnicodeDecodeError:
        notes.append(_("El archivo no estaba en UTF-8; lo he leído como Windows-1252 (Excel). "
                       "Revisa que los acentos se vean bien."))
        return raw.decode("cp1252", errors="replace"), notes


def _delimiter(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _heading(name: str) -> str | None:
    key = "_".join(fold(name).split())
    for column, names in SYNONYMS.items():
        if key in names:
            return column
    return None


def parse_roster(raw: bytes | str, source: str = "alumnos.csv") -> Roster:
    """Validate a roster; return it, or raise :class:`InvalidInputError` listing every problem."""
    text, warnings = _decode(raw) if isinstance(raw, bytes) else (raw.lstrip("\ufeff"), [])
    if not text.strip():
        raise InvalidInputError(_("La lista de alumnos {source} está vacía.").format(source=source))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = [(number, row) for number, row in enumerate(reader, start=1)]
    rows = [(n, [read_cell(cell.strip()) for cell in row]) for n, row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise InvalidInputError(_("La lista de alumnos {source} está vacía.").format(source=source))
    header_line, header = rows[0]
    columns: dict[str, int] = {}
    problems: list[str] = []
    for index, name in enumerate(header):
        column = _heading(name)
        if column is None:
            if name:
                warnings.append(_("La columna «{name}» no la uso; la ignoro.").format(name=name))
            continue
        if column in columns:
            problems.append(_("Línea {line}: la columna «{name}» está repetida.").format(
                line=header_line, name=name))
        columns.setdefault(column, index)
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        problems.append(_("Línea {line}: faltan las columnas {names}. La primera fila debe tener: "
                          "{expected}.").format(line=header_line, names=", ".join(missing),
                                                expected=", ".join(COLUMNS)))
        raise InvalidInputError(_("Hay problemas en {source}:").format(source=source) + "\n" + "\n".join(problems))

    learners: list[Learner] = []
    seen: dict[str, int] = {}
    seen_folded: dict[str, tuple[int, str]] = {}
    emails: dict[str, int] = {}
    for line, row in rows[1:]:
        if len(row) > len(header) and any(row[len(header):]):
            problems.append(_("Línea {line}: tiene más valores que columnas (¿una coma o un punto y coma "
                              "dentro de un nombre? Pon ese valor entre comillas).").format(line=line))
            continue
        value = {c: (row[i] if i < len(row) else "") for c, i in columns.items()}
        learner_id = value["id"]
        if not learner_id:
            problems.append(_("Línea {line}: falta el id del alumno.").format(line=line))
        elif learner_id.casefold() in RESERVED_IDS or not ID_RE.match(learner_id):
            problems.append(_("Línea {line}: el id «{id}» no vale para nbgrader: usa solo letras sin "
                              "acentos, números, guion, punto o guion bajo, sin espacios (por ejemplo "
                              "«{suggestion}»).").format(line=line, id=learner_id,
                                                         suggestion=suggest_id(learner_id)))
        elif learner_id in seen:
            problems.append(_("Línea {line}: el id «{id}» ya está en la línea {first}.").format(
                line=line, id=learner_id, first=seen[learner_id]))
        elif learner_id.casefold() in seen_folded:
            first, other = seen_folded[learner_id.casefold()]
            problems.append(_("Línea {line}: el id «{id}» solo se distingue de «{other}» (línea {first}) "
                              "por las mayúsculas; en Windows y macOS serían la misma carpeta.").format(
                                  line=line, id=learner_id, other=other, first=first))
        if not value["nombre"]:
            problems.append(_("Línea {line}: falta el nombre.").format(line=line))
        for column in ("nombre", "apellidos", "negocio"):
            if _unsafe_text(value[column]):
                problems.append(_("Línea {line}: «{value}» lleva los signos < o > o caracteres de control, que "
                                  "no pueden ir en un nombre.").format(line=line, value=printable(value[column])))
        email = value["email"]
        if email:
            if not EMAIL_RE.match(email):
                problems.append(_("Línea {line}: el correo «{email}» no parece válido: debe ser como "
                                  "nombre@dominio.es y empezar por una letra o un número.").format(
                                      line=line, email=printable(email)))
            elif email.casefold() in emails:
                problems.append(_("Línea {line}: el correo «{email}» ya está en la línea {first}.").format(
                    line=line, email=email, first=emails[email.casefold()]))
            else:
                emails[email.casefold()] = line
        if learner_id:
            seen.setdefault(learner_id, line)
            seen_folded.setdefault(learner_id.casefold(), (line, learner_id))
        learners.append(Learner(
            id=learner_id, nombre=unicodedata.normalize("NFC", value["nombre"]),
            apellidos=unicodedata.normalize("NFC", value["apellidos"]), email=email,
            negocio=unicodedata.normalize("NFC", value["negocio"]),
            ejemplo=value.get("ejemplo", ""), line=line))
    if not learners and not problems:
        problems.append(_("La lista no tiene ningún alumno (solo la fila de títulos)."))
    if problems:
        raise InvalidInputError(_("Hay problemas en {source}:").format(source=source) + "\n" + "\n".join(problems))
    return Roster(learners, warnings)


def _unsafe_text(text: str) -> bool:
    return any(ch in "<>" or unicodedata.category(ch) in ("Cc", "Cf") for ch in text)


def printable(text: str) -> str:
    """Control and format characters (escape sequences, right-to-left overrides) shown as escapes,
    so a name never carries them to the trainer's terminal: ``"a\x1b[2J"`` -> ``"a\\x1b[2J"``."""
    return "".join(ch if unicodedata.category(ch) not in ("Cc", "Cf") else ascii(ch)[1:-1] for ch in text)


def read_roster(path: str | Path) -> Roster:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError:
        raise InvalidInputError(_("No encuentro la lista de alumnos {path}.").format(path=path)) from None
    return parse_roster(raw, path.name)


def write_roster(roster: Roster, path: Path) -> None:
    """The validated roster as plain UTF-8 CSV with the standard headings, spreadsheet-safe."""
    fields = [*COLUMNS, *OPTIONAL]
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = SafeWriter(f)
        writer.writerow(fields)
        for learner in roster:
            row = learner.as_row()
            writer.writerow([row[name] for name in fields])


def example_business(learner: Learner, known: list[str], default: str = "panaderia") -> tuple[str, str]:
    """The bundled business a learner practises with, and a note when it had to be chosen.

    ``ejemplo`` wins; else ``negocio`` is compared (accents and case aside) with
    the bundled ids, names and sectors (a "Panadería" practises with the bakery).
    """
    from rumbo.data import businesses  # pandas: only when an example business is matched

    table = businesses()
    for value in (learner.ejemplo, learner.negocio):
        folded = fold(value)
        if not folded:
            continue
        for _index, row in table.iterrows():
            keys = {fold(row["business_id"]), fold(row["name"])}
            sector = fold(row["sector"]).split()
            if folded in keys or (sector and sector[0] in folded.split()) or fold(row["business_id"]) in folded.split():
                return row["business_id"], ""
    choice = default if default in known else known[0]
    return choice, _("{name}: su negocio «{business}» no se parece a ningún ejemplo; practicará con "
                     "«{choice}» (puedes elegirlo en la columna «ejemplo»).").format(
                         name=learner.full_name or learner.id, business=learner.negocio or "—",
                         choice=choice)
