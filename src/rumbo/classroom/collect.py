"""``rumbo classroom collect``: hand-ins from a folder or a zip, matched to learners, nothing lost.

Trainers get notebooks back by e-mail, USB stick or an LMS zip, with names such
as ``ejercicio 2 FINAL (1).ipynb`` or ``Ana García_12345_assignsubmission_file_/``.
Each notebook found (also inside zips within the zip) is matched to one
learner by, in this order of trust:

1. the learner id that ``release`` wrote into the notebook's metadata,
2. the learner's id in the file or folder names,
3. the learner's e-mail in the names,
4. the learner's full name in the names (accents, case and order aside),
5. the first name and first surname, when only one learner fits.

A file that matches nobody, or more than one learner, or whose metadata and
name disagree, is reported and left where it was: never a silent guess. When
a learner has several files, the latest (by the time stored in the folder or
zip) is the submission; the others are kept in ``apartados/`` with a unique
name. A later ``collect`` does the same against what is already there: a
newer file replaces the submission (the old one set aside), an older one is
set aside, an identical one is skipped. Files are copied byte for byte.

Two clues are weak and never win silently: a date in the future (a zip can
say 2107) and a match by the id inside the notebook alone (anyone can write
any id there). Such a file is filed for a learner who has nothing yet, with
a note to review it, but never replaces a submission: it is set aside.

A source is read defensively, since anyone can send anything: only ``.ipynb``
and ``.zip`` members are read at all, the bytes actually decompressed are
counted against a budget (:data:`MAX_FILE_BYTES` per file,
:data:`MAX_TOTAL_BYTES` per collect), a damaged member is a report line, a
folder's symbolic links are not followed out of it, and names are printed
with their control characters escaped.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import zipfile
import zlib
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path, PurePosixPath

from rumbo.classroom.folder import ASIDE, ClassFolder
from rumbo.classroom.roster import Learner, fold, printable
from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import translator

_, N_, ngettext = translator("classroom")

JUNK = re.compile(r"(^|/)(__MACOSX|\.ipynb_checkpoints|\.DS_Store|Thumbs\.db|\._[^/]*)(/|$)")
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"
MAX_ZIP_DEPTH = 3
MAX_FILE_BYTES = 200 * 1024 * 1024    # one notebook (or a zip inside the zip), decompressed
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # everything one collect decompresses
MAX_MEMBERS = 5000                    # entries of one zip looked at
READ_SUFFIXES = (".ipynb", ".zip")
#: Dates this far ahead of the clock are not trusted (zip times carry no time zone).
FUTURE_MARGIN = timedelta(days=1)
EPOCH = datetime(1980, 1, 1, tzinfo=timezone.utc)


@dataclass
class Found:
    """A file found in the source: where, when, and its bytes."""

    origin: str          # path as the trainer sees it (inside zips: zip!member)
    name: str            # path relative to the source, for matching
    when: datetime
    data: bytes
    problem: str = ""    # set when the file could not be read (a damaged zip, too big)


@dataclass
class Decision:
    origin: str
    learner: str = ""
    method: str = ""
    action: str = ""     # nueva | sustituye | apartada | igual | sin_asignar | ignorada
    reason: str = ""
    when: str = ""


@dataclass
class CollectResult:
    assignment: str
    decisions: list[Decision] = field(default_factory=list)

    def by_action(self, action: str) -> list[Decision]:
        return [d for d in self.decisions if d.action == action]

    def summary(self) -> list[str]:
        lines = []
        for d in self.decisions:
            lines.append(printable(f"[{d.action}] {d.origin}" + (f" → {d.learner} ({d.method})" if d.learner else "")
                                   + (f": {d.reason}" if d.reason else "")))
        return lines


# --- reading the source ------------------------------------------------------------------------


class OverBudget(Exception):
    """More bytes than a file or the whole collect may decompress."""


@dataclass
class Budget:
    """Bytes one collect may still decompress (shared by nested zips)."""

    left: int = MAX_TOTAL_BYTES

    def spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise OverBudget


def _zip_time(info: zipfile.ZipInfo) -> datetime:
    try:
        return datetime(*info.date_time).astimezone(timezone.utc)
    except (ValueError, OSError):
        return EPOCH


def _skipped(origin: str, name: str, when: datetime, problem: str) -> Found:
    return Found(origin, name, when, b"", problem)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> bytes:
    """A member's bytes, counted as they are decompressed (whatever its header claims)."""
    out = bytearray()
    with archive.open(info) as stream:
        while chunk := stream.read(1024 * 1024):
            out += chunk
            budget.spend(len(chunk))
            if len(out) > MAX_FILE_BYTES:
                raise OverBudget
    return bytes(out)


def _from_zip(source, prefix: str, depth: int, budget: Budget) -> list[Found]:
    """Every .ipynb of a zip (``source``: its bytes or its path), zips inside opened too; every
    other member, damaged or too big, a line that says so."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return [_skipped(prefix, prefix, EPOCH, _("el zip está dañado y no se puede abrir"))]
    found: list[Found] = []
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir() and not JUNK.search(info.filename)]
        if len(members) > MAX_MEMBERS:
            found.append(_skipped(prefix, prefix, EPOCH, _("tiene más de {n} archivos: solo se miran los "
                                                          "{n} primeros").format(n=MAX_MEMBERS)))
        for info in members[:MAX_MEMBERS]:
            name = _zip_name(info)
            origin, when = f"{prefix}!{name}", _zip_time(info)
            if not name.lower().endswith(READ_SUFFIXES):
                found.append(_skipped(origin, name, when, _("no es un cuaderno (.ipynb) ni un zip: no se lee")))
                continue
            if info.file_size > MAX_FILE_BYTES:
                found.append(_skipped(origin, name, when, _("pesa más de 200 MB: no puede ser un cuaderno de "
                                                            "ejercicio")))
                continue
            try:
                content = _read_member(archive, info, budget)
            except OverBudget:
                found.append(_skipped(origin, name, when, _("descomprimido pesa demasiado (más de lo que dice el "
                                                            "zip o del límite de la recogida): no se lee")))
                continue
            except RuntimeError:  # zipfile's word for an encrypted member
                found.append(_skipped(origin, name, when, _("está protegido con contraseña: no se puede leer")))
                continue
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError) as exc:
                found.append(_skipped(origin, name, when, _("está dañado dentro del zip y no se puede leer "
                                                            "({error})").format(error=str(exc)[:80])))
                continue
            if name.lower().endswith(".zip"):
                if depth >= MAX_ZIP_DEPTH:
                    found.append(_skipped(origin, name, when, _("zip dentro de demasiados zips: no se abre")))
                    continue
                for inner in _from_zip(content, origin, depth + 1, budget):
                    inner.name = f"{PurePosixPath(name).with_suffix('')}/{inner.name}"
                    found.append(inner)
            else:
                found.append(Found(origin, name, when, content))
    return found


def _zip_name(info: zipfile.ZipInfo) -> str:
    """Zips from Windows tools store names in cp437 unless flagged UTF-8: recover the accents."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


def _read_file(path: Path, rel: str, budget: Budget, in_folder: bool = False) -> list[Found]:
    """One file of a folder (or the source itself): a notebook, a zip, or a line saying why not."""
    origin = str(path)
    try:
        info = path.stat()  # follows a link: callers only pass links that stay inside the source
    except OSError as exc:
        return [_skipped(origin, rel, EPOCH, _("no se puede leer ({error})").format(error=exc.strerror))]
    when = datetime.fromtimestamp(info.st_mtime, tz=timezone.utc)
    if not stat.S_ISREG(info.st_mode):
        return [_skipped(origin, rel, when, _("no es un archivo normal: no se lee"))]
    if not rel.lower().endswith(READ_SUFFIXES):
        return [_skipped(origin, rel, when, _("no es un cuaderno (.ipynb) ni un zip: no se lee"))]
    if info.st_size > MAX_FILE_BYTES and rel.lower().endswith(".ipynb"):
        return [_skipped(origin, rel, when, _("pesa más de 200 MB: no puede ser un cuaderno de ejercicio"))]
    if rel.lower().endswith(".zip"):
        found = []
        for inner in _from_zip(path, origin, 1, budget):
            inner.name = f"{PurePosixPath(rel).with_suffix('')}/{inner.name}" if in_folder else inner.name
            found.append(inner)
        return found
    try:
        budget.spend(info.st_size)
        data = path.read_bytes()
    except OverBudget:
        return [_skipped(origin, rel, when, _("se ha llegado al límite de lo que lee una recogida: recoge el "
                                              "resto aparte"))]
    except OSError as exc:
        return [_skipped(origin, rel, when, _("no se puede leer ({error})").format(error=exc.strerror))]
    return [Found(origin, rel, when, data)]


def read_source(source: str | os.PathLike, budget: Budget | None = None) -> list[Found]:
    """Every notebook in a folder or a zip (zips inside it opened too), junk left out, and a line
    for every file that was not read and why."""
    budget = budget or Budget()
    path = Path(source).expanduser()
    if not path.exists():
        raise InvalidInputError(_("No encuentro {path}: indica una carpeta o un archivo .zip con las "
                                  "entregas.").format(path=path))
    if not path.is_dir():
        if path.is_file() and zipfile.is_zipfile(path):
            return _from_zip(path, str(path), 0, budget)
        return _read_file(path, path.name, budget)
    root = path.resolve()
    found = []
    for dirpath, dirnames, filenames in os.walk(root):  # never descends into linked folders
        here = Path(dirpath)
        for name in sorted(dirnames):
            link = here / name
            if link.is_symlink() and not link.resolve().is_relative_to(root):
                rel = link.relative_to(root).as_posix()
                found.append(_skipped(str(link), rel, EPOCH, _("es un enlace a una carpeta de fuera del origen: "
                                                               "no se sigue")))
        dirnames[:] = sorted(d for d in dirnames if not JUNK.search(f"{d}/"))
        for name in sorted(filenames):
            file = here / name
            rel = file.relative_to(root).as_posix()
            if JUNK.search(rel):
                continue
            if file.is_symlink() and not file.resolve().is_relative_to(root):
                found.append(_skipped(str(file), rel, EPOCH, _("es un enlace a un archivo de fuera del origen: "
                                                               "no se sigue")))
                continue
            found.extend(_read_file(file, rel, budget, in_folder=True))
    return found


# --- matching ------------------------------------------------------------------------------------


def _contains(tokens: list[str], words: list[str]) -> bool:
    """``words`` appear one after the other in ``tokens``."""
    n = len(words)
    return n > 0 and any(tokens[i:i + n] == words for i in range(len(tokens) - n + 1))


def metadata_id(data: bytes) -> str:
    try:
        nb = json.loads(data.decode("utf-8-sig"))
        return str(((nb.get("metadata") or {}).get("rumbo") or {}).get("alumno") or "")
    except (ValueError, UnicodeDecodeError, AttributeError):
        return ""


#: How a file matched when only the id written inside the notebook names its owner.
ID_ONLY = N_("id en el cuaderno")


def match(found: Found, learners: list[Learner]) -> tuple[list[Learner], str, str]:
    """Who a file belongs to: (candidates, method, conflict). One candidate means a match."""
    name = found.name.rsplit(".", 1)[0] if found.name.lower().endswith(".ipynb") else found.name
    tokens = fold(name).split()
    lowered = found.name.casefold()
    levels = [
        (_("id en el nombre"), lambda lr: _contains(tokens, fold(lr.id).split())),
        (_("correo en el nombre"), lambda lr: bool(lr.email) and lr.email.casefold() in lowered),
        (_("nombre completo"), lambda lr: bool(fold(lr.apellidos)) and
            set(fold(lr.full_name).split()) <= set(tokens)),
        (_("nombre y primer apellido"), lambda lr: bool(fold(lr.apellidos)) and
            {*fold(lr.nombre).split(), fold(lr.apellidos).split()[0]} <= set(tokens)),
    ]
    # Every strong clue counts: two learners named by different clues is a conflict, not a match.
    strong, method = [], ""
    for label, test in levels[:3]:
        hits = [lr for lr in learners if test(lr)]
        if hits and not method:
            method = label
        strong.extend(lr for lr in hits if lr not in strong)
    if not strong:
        label, test = levels[3]
        strong = [lr for lr in learners if test(lr)]
        method = label if strong else ""
    by_path = (strong, method)
    declared = metadata_id(found.data)
    if declared:
        owner = [lr for lr in learners if lr.id == declared]
        if owner:
            if by_path[0] and owner[0] not in by_path[0]:
                other = ", ".join(lr.id for lr in by_path[0])
                return [], "", _("el cuaderno dice ser de «{id}» pero el nombre del archivo apunta a "
                                 "«{other}»").format(id=declared, other=other)
            if by_path[0]:
                return owner, _("id en el cuaderno y {method}").format(method=by_path[1]), ""
            return owner, _(ID_ONLY), ""
    return by_path[0], by_path[1], ""


# --- storing -----------------------------------------------------------------------------------------


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_timestamp(folder: Path) -> datetime | None:
    path = folder / "timestamp.txt"
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8").strip()
    for fmt in (TIMESTAMP_FORMAT, "%Y-%m-%d %H:%M:%S.%f UTC", "%Y-%m-%d %H:%M:%S %Z"):
        try:
            return datetime.strptime(text.replace(" UTC", ""), fmt.replace(" %Z", "")).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    return None


def _unique(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    stem, suffix = os.path.splitext(name)
    n = 2
    while target.exists():
        target = folder / f"{stem}-{n}{suffix}"
        n += 1
    return target


def _set_aside(cls: ClassFolder, learner: str, assignment: str, data: bytes, when: datetime, label: str) -> Path:
    safe = re.sub(r"[^\w.() -]+", "_", label)[-80:] or "entrega.ipynb"
    target = _unique(cls.path / ASIDE / learner / assignment, f"{when:%Y%m%d-%H%M%S}__{safe}")
    target.write_bytes(data)
    return target


def _install(folder: Path, notebook: str, data: bytes, when: datetime) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{notebook}.ipynb").write_bytes(data)
    (folder / "timestamp.txt").write_text(when.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f UTC"),
                                          encoding="utf-8")


def _which_notebook(found: Found, notebooks: list[str]) -> str | None:
    if len(notebooks) == 1:
        return notebooks[0]
    tokens = fold(found.name).split()
    hits = [nb for nb in notebooks if _contains(tokens, fold(nb).split())]
    return hits[0] if len(hits) == 1 else None


def _doubt(found: Found, method: str, learner: str, now: datetime) -> str:
    """Why a file's claim to be the latest of ``learner`` is weak ("" if it is not)."""
    reasons = []
    if found.when > now + FUTURE_MARGIN:
        reasons.append(_("su fecha ({when}) está en el futuro").format(when=f"{found.when:%Y-%m-%d}"))
    if method == _(ID_ONLY):
        reasons.append(_("solo el id guardado dentro del cuaderno dice que es de {id}").format(id=learner))
    return _(" y ").join(reasons)


def collect(cls: ClassFolder, source: str | os.PathLike, assignment: str) -> CollectResult:
    """Match every file of ``source`` to a learner and file it; see the module docstring."""
    assignment = cls.ensure_assignment(assignment)
    roster = cls.roster().learners
    notebooks = cls.notebooks(assignment)
    result = CollectResult(assignment)
    files = read_source(source)
    if not files:
        raise InvalidInputError(_("En {source} no hay ningún archivo.").format(source=source))
    chosen: dict[tuple[str, str], list[tuple[Found, str]]] = {}
    for found in files:
        decision = Decision(found.origin, when=found.when.strftime("%Y-%m-%d %H:%M"))
        if found.problem:
            decision.action = "ignorada"
            decision.reason = found.problem
            result.decisions.append(decision)
            continue
        candidates, method, conflict = match(found, roster)
        if len(candidates) != 1:
            decision.action = "sin_asignar"
            if conflict:
                decision.reason = conflict
            elif candidates:
                decision.reason = _("podría ser de varios alumnos ({ids}); cópialo a mano o renómbralo con "
                                    "el id").format(ids=", ".join(lr.id for lr in candidates))
            else:
                decision.reason = _("no encuentro a quién pertenece (ni id, ni correo, ni nombre en el "
                                    "nombre del archivo o la carpeta)")
            result.decisions.append(decision)
            continue
        notebook = _which_notebook(found, notebooks)
        if notebook is None:
            decision.action = "sin_asignar"
            decision.reason = _("no sé a qué cuaderno del ejercicio corresponde ({names})").format(
                names=", ".join(notebooks))
            result.decisions.append(decision)
            continue
        chosen.setdefault((candidates[0].id, notebook), []).append((found, method))

    now = datetime.now(timezone.utc)
    for (learner, notebook), items in sorted(chosen.items()):
        # Weak clues never win: a file dated in the future or matched by its inner id alone sorts
        # before every other file of the learner and never replaces a submission.
        doubts = {id(found): _doubt(found, method, learner, now) for found, method in items}
        items.sort(key=lambda item: (not doubts[id(item[0])], min(item[0].when, now), item[0].name))
        folder = cls.submitted(learner, assignment)
        current = folder / f"{notebook}.ipynb"
        current_when = _read_timestamp(folder)
        aside = cls.path / ASIDE / learner / assignment
        kept = {_digest(p.read_bytes()) for p in aside.iterdir()} if aside.is_dir() else set()
        for position, (found, method) in enumerate(items):
            newest = position == len(items) - 1
            doubt = doubts[id(found)]
            when = min(found.when, now)
            decision = Decision(found.origin, learner, method, when=found.when.strftime("%Y-%m-%d %H:%M"))
            label = PurePosixPath(found.name).name
            if current.exists() and _digest(current.read_bytes()) == _digest(found.data):
                decision.action = "igual"
                decision.reason = _("ya estaba recogida tal cual")
            elif _digest(found.data) in kept:
                decision.action = "igual"
                decision.reason = _("ya estaba guardada en apartados")
            elif doubt and (current.exists() or not newest):
                place = _set_aside(cls, learner, assignment, found.data, when, label)
                decision.action = "apartada"
                decision.reason = _("revísala: {doubt}, así que no se toma como su entrega; se guarda "
                                    "en {place}. Si es la buena, renómbrala con el id del alumno y vuelve a "
                                    "recoger.").format(doubt=doubt, place=place.relative_to(cls.path))
            elif not newest:
                place = _set_aside(cls, learner, assignment, found.data, when, label)
                decision.action = "apartada"
                decision.reason = _("hay una versión posterior; esta se guarda en {place}").format(
                    place=place.relative_to(cls.path))
            elif current.exists() and current_when is not None and current_when > found.when:
                place = _set_aside(cls, learner, assignment, found.data, when, label)
                decision.action = "apartada"
                decision.reason = _("la entrega ya recogida es posterior; esta se guarda en {place}").format(
                    place=place.relative_to(cls.path))
            else:
                if current.exists():
                    old_when = current_when or EPOCH
                    place = _set_aside(cls, learner, assignment, current.read_bytes(), old_when,
                                       f"{notebook}.ipynb")
                    decision.action = "sustituye"
                    decision.reason = _("la entrega anterior se guarda en {place}").format(
                        place=place.relative_to(cls.path))
                else:
                    decision.action = "nueva"
                    if doubt:
                        decision.reason = _("revísala: {doubt}").format(doubt=doubt)
                _install(folder, notebook, found.data, when)
                current_when = when
            result.decisions.append(decision)
    log = cls.path / "informes" / f"recogida_{assignment}.json"
    log.parent.mkdir(parents=True, exist_ok=True)
    history = []
    if log.exists():
        try:
            history = json.loads(log.read_text(encoding="utf-8"))
        except ValueError:
            history = []
    history.append([asdict(d) for d in result.decisions])
    log.write_text(json.dumps(history, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return result
