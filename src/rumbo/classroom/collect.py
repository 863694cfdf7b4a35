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
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from rumbo.classroom.folder import ASIDE, ClassFolder
from rumbo.classroom.roster import Learner, fold
from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import translator

_, N_, ngettext = translator("classroom")

JUNK = re.compile(r"(^|/)(__MACOSX|\.ipynb_checkpoints|\.DS_Store|Thumbs\.db|\._[^/]*)(/|$)")
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"
MAX_ZIP_DEPTH = 3
MAX_FILE_BYTES = 200 * 1024 * 1024


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
            lines.append(f"[{d.action}] {d.origin}" + (f" → {d.learner} ({d.method})" if d.learner else "")
                         + (f": {d.reason}" if d.reason else ""))
        return lines


# --- reading the source ------------------------------------------------------------------------


def _zip_time(info: zipfile.ZipInfo) -> datetime:
    try:
        return datetime(*info.date_time).astimezone(timezone.utc)
    except (ValueError, OSError):
        return datetime(1980, 1, 1, tzinfo=timezone.utc)


def _from_zip(data: bytes, prefix: str, depth: int) -> list[Found]:
    found: list[Found] = []
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return [Found(prefix, prefix, datetime(1980, 1, 1, tzinfo=timezone.utc), b"",
                      _("el zip está dañado y no se puede abrir"))]
    with archive:
        for info in archive.infolist():
            if info.is_dir() or JUNK.search(info.filename):
                continue
            name = _zip_name(info)
            if info.file_size > MAX_FILE_BYTES:
                found.append(Found(f"{prefix}!{name}", name, _zip_time(info), b"",
                                   _("pesa más de 200 MB: no puede ser un cuaderno de ejercicio")))
                continue
            content = archive.read(info)
            if name.lower().endswith(".zip") and depth < MAX_ZIP_DEPTH:
                for inner in _from_zip(content, f"{prefix}!{name}", depth + 1):
                    inner.name = f"{PurePosixPath(name).with_suffix('')}/{inner.name}"
                    found.append(inner)
            else:
                found.append(Found(f"{prefix}!{name}", name, _zip_time(info), content))
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


def read_source(source: str | os.PathLike) -> list[Found]:
    """Every file in a folder or a zip (zips inside it opened too), junk left out."""
    path = Path(source).expanduser()
    if not path.exists():
        raise InvalidInputError(_("No encuentro {path}: indica una carpeta o un archivo .zip con las "
                                  "entregas.").format(path=path))
    if path.is_file():
        if not zipfile.is_zipfile(path):
            return [Found(str(path), path.name, _mtime(path), path.read_bytes())]
        return _from_zip(path.read_bytes(), str(path), 0)
    found = []
    for file in sorted(path.rglob("*")):
        rel = file.relative_to(path).as_posix()
        if not file.is_file() or JUNK.search(rel):
            continue
        if file.suffix.lower() == ".zip" and zipfile.is_zipfile(file):
            for inner in _from_zip(file.read_bytes(), str(file), 1):
                inner.name = f"{PurePosixPath(rel).with_suffix('')}/{inner.name}"
                found.append(inner)
        else:
            found.append(Found(str(file), rel, _mtime(file), file.read_bytes()))
    return found


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)


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
            return owner, _("id en el cuaderno"), ""
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
        if not found.name.lower().endswith(".ipynb"):
            decision.action = "ignorada"
            decision.reason = _("no es un cuaderno (.ipynb)")
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

    for (learner, notebook), items in sorted(chosen.items()):
        items.sort(key=lambda item: (item[0].when, item[0].name))
        folder = cls.submitted(learner, assignment)
        current = folder / f"{notebook}.ipynb"
        current_when = _read_timestamp(folder)
        aside = cls.path / ASIDE / learner / assignment
        kept = {_digest(p.read_bytes()) for p in aside.iterdir()} if aside.is_dir() else set()
        for position, (found, method) in enumerate(items):
            newest = position == len(items) - 1
            decision = Decision(found.origin, learner, method, when=found.when.strftime("%Y-%m-%d %H:%M"))
            label = PurePosixPath(found.name).name
            if current.exists() and _digest(current.read_bytes()) == _digest(found.data):
                decision.action = "igual"
                decision.reason = _("ya estaba recogida tal cual")
            elif _digest(found.data) in kept:
                decision.action = "igual"
                decision.reason = _("ya estaba guardada en apartados")
            elif not newest:
                place = _set_aside(cls, learner, assignment, found.data, found.when, label)
                decision.action = "apartada"
                decision.reason = _("hay una versión posterior; esta se guarda en {place}").format(
                    place=place.relative_to(cls.path))
            elif current.exists() and current_when is not None and current_when > found.when:
                place = _set_aside(cls, learner, assignment, found.data, found.when, label)
                decision.action = "apartada"
                decision.reason = _("la entrega ya recogida es posterior; esta se guarda en {place}").format(
                    place=place.relative_to(cls.path))
            else:
                if current.exists():
                    old_when = current_when or datetime(1980, 1, 1, tzinfo=timezone.utc)
                    place = _set_aside(cls, learner, assignment, current.read_bytes(), old_when,
                                       f"{notebook}.ipynb")
                    decision.action = "sustituye"
                    decision.reason = _("la entrega anterior se guarda en {place}").format(
                        place=place.relative_to(cls.path))
                else:
                    decision.action = "nueva"
                _install(folder, notebook, found.data, found.when)
                current_when = found.when
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
