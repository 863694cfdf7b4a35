"""What is wrong with a hand-in, said before it runs and after: one clear reason per problem.

:func:`inspect_submission` reads a submitted file next to the assignment's
source notebook, without running anything: an empty file, text that is not
JSON, a notebook of another exercise, deleted, edited, moved or duplicated
cells. :func:`runtime_notes` reads the notebook nbgrader executed and names
what the learner's code did: an endless loop stopped by the timeout, a memory
bomb stopped by the cap, ``sys.exit()``, a kernel that died, a flood of
output, a write outside the working copy, an attempt at the gradebook, a
connection refused (there is no network in the cage), a file it had no
permission for, a cap of the whole notebook reached (memory, processes).

Both return Spanish sentences for the trainer's report and the learner's
summary; nothing here changes a grade.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from rumbo.core.i18n import LANGUAGES, in_language, translator

_, N_, ngettext = translator("classroom")

OK, EMPTY, UNREADABLE, NOT_NOTEBOOK, OTHER = "ok", "vacio", "ilegible", "no_cuaderno", "otro_ejercicio"
#: Error name our Execute preprocessor writes into a cell that killed the kernel.
KERNEL_DIED = "KernelMuerto"
#: ... and into a cell after which the kernel stopped answering (it ignored the interrupt).
KERNEL_STUCK = "KernelBloqueado"
#: How the line that ends a cut output starts, in the learner's language (:func:`output_cut_notice`).
OUTPUT_CUT = N_("[rumbo] Salida recortada")
_HEADING = re.compile(r"^\s*#{1,6}\s+(.+?)\s*$", re.M)


def output_cut_notice(megabytes: int | None = None) -> str:
    """The line that ends an output cut short: by the kernel's cap (it wrote more than
    ``megabytes``) or by nbgrader's last step."""
    if megabytes is None:
        return "\n" + _("[rumbo] Salida recortada.") + "\n"
    return "\n" + _("[rumbo] Salida recortada: el cuaderno escribió más de {mb} MB.").format(mb=megabytes) + "\n"


def _cut_marks() -> tuple[str, ...]:
    """:data:`OUTPUT_CUT` in every edition's language (a class may grade either)."""
    marks = []
    for language in LANGUAGES:
        with in_language(language):
            marks.append(_(OUTPUT_CUT))
    return tuple(marks)


@dataclass
class Diagnosis:
    status: str = OK
    notes: list[str] = field(default_factory=list)
    other_assignment: str = ""

    @property
    def runnable(self) -> bool:
        return self.status == OK


def _nbgrader(cell: dict) -> dict:
    meta = cell.get("metadata") or {}
    return meta.get("nbgrader") or {} if isinstance(meta, dict) else {}


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def strip_hidden(source: str, begin: str = "BEGIN HIDDEN TESTS", end: str = "END HIDDEN TESTS") -> str:
    """A cell's source without its hidden-test region and its mark scheme (what the release shows)."""
    kept, inside = [], False
    for line in source.split("\n"):
        if begin in line or "BEGIN MARK SCHEME" in line:
            inside = True
        elif end in line or "END MARK SCHEME" in line:
            inside = False
        elif not inside:
            kept.append(line)
    return "\n".join(kept)


def grade_ids(nb: dict) -> list[str]:
    return [_nbgrader(c).get("grade_id") for c in nb.get("cells", []) if _nbgrader(c).get("grade_id")]


def labels(nb: dict) -> dict[str, str]:
    """grade_id -> what a learner calls it: the heading of the question it belongs to."""
    names, heading = {}, ""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            found = _HEADING.findall(_source(cell))
            if found:
                heading = found[-1].strip().strip("*").strip()
        grade_id = _nbgrader(cell).get("grade_id")
        if grade_id:
            names[grade_id] = heading
    return names


def describe(grade_id: str, names: dict[str, str], index: int | None = None) -> str:
    heading = names.get(grade_id, "")
    if heading:
        return _("«{heading}» ({cell})").format(heading=heading, cell=grade_id)
    if grade_id:
        return _("la celda {cell}").format(cell=grade_id)
    return _("la celda n.º {n}").format(n=(index or 0) + 1)


def read_notebook_bytes(raw: bytes) -> tuple[dict | None, Diagnosis]:
    """Parse a hand-in; return (notebook dict, diagnosis) with a reason when it cannot be read."""
    if not raw.strip():
        return None, Diagnosis(EMPTY, [_("El archivo está vacío (0 bytes útiles): no hay nada que "
                                         "corregir. Pide al alumno que lo guarde y lo envíe de nuevo.")])
    try:
        text = raw.decode("utf-8-sig")
        nb = json.loads(text)
    except UnicodeDecodeError:
        return None, Diagnosis(UNREADABLE, [_("El archivo no es texto: no es un cuaderno .ipynb "
                                              "(¿quizá un PDF o una imagen renombrados?).")])
    except ValueError as exc:
        line = getattr(exc, "lineno", "?")
        return None, Diagnosis(UNREADABLE, [_("El archivo no es un cuaderno válido: su JSON está roto "
                                              "(línea {line}). Suele pasar al editarlo fuera de Jupyter o "
                                              "si la copia se cortó.").format(line=line)])
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return None, Diagnosis(NOT_NOTEBOOK, [_("El archivo es JSON pero no es un cuaderno de "
                                                "Jupyter (no tiene celdas).")])
    try:
        import nbformat

        nbformat.reads(text, as_version=4)
    except Exception as exc:  # nbformat raises many kinds
        return None, Diagnosis(UNREADABLE, [_("Jupyter no puede abrir este cuaderno: {error}.").format(
            error=str(exc).splitlines()[0][:200])])
    return nb, Diagnosis(OK)


def locked_matches(nb: dict, source: dict) -> tuple[int, int]:
    """(locked cells of ``source`` found unchanged in ``nb``, locked cells of ``source``)."""
    found = {}
    for cell in nb.get("cells", []):
        found.setdefault(_nbgrader(cell).get("grade_id"), _source(cell).strip())
    same = total = 0
    for cell in source.get("cells", []):
        meta = _nbgrader(cell)
        if not meta.get("grade_id") or meta.get("solution") or not (meta.get("locked") or meta.get("grade")):
            continue
        total += 1
        text = _source(cell)
        if found.get(meta["grade_id"]) in (text.strip(), strip_hidden(text).strip()):
            same += 1
    return same, total


def inspect_submission(raw: bytes, source: dict, assignment: str,
                       others: dict[str, dict] | None = None) -> Diagnosis:
    """Everything we can say about a hand-in before running it.

    ``source`` is the assignment's source notebook (with nbgrader metadata);
    ``others`` maps other assignment ids to their source notebooks, to name the
    exercise a wrong notebook belongs to.
    """
    nb, diagnosis = read_notebook_bytes(raw)
    if nb is None:
        return diagnosis
    names = labels(source)
    wanted = grade_ids(source)
    have = grade_ids(nb)
    declared = ((nb.get("metadata") or {}).get("rumbo") or {}).get("ejercicio", "")
    same, total = locked_matches(nb, source)
    # Exercises share cell names (intro, q1_test...): what tells them apart is the locked text.
    if declared and declared != assignment or (wanted and not set(wanted) & set(have)) or \
            (total and same / total < 0.5):
        guess = declared if declared and declared != assignment else ""
        if not guess:
            best = max(((locked_matches(nb, o)[0], a) for a, o in (others or {}).items() if a != assignment),
                       default=(0, ""))
            guess = best[1] if best[0] > same else ""
        if guess:
            note = _("Es el cuaderno de otro ejercicio ({other}), no el de {assignment}: nota 0. Pide al "
                     "alumno el archivo correcto.").format(other=guess, assignment=assignment)
        elif not have:
            note = _("No es un cuaderno de ejercicio (no tiene celdas de corrección): quizá sea el "
                     "cuaderno del curso o uno en blanco. Nota 0.")
        else:
            note = _("No es el cuaderno de {assignment} (sus celdas de corrección no coinciden): "
                     "nota 0.").format(assignment=assignment)
        return Diagnosis(OTHER, [note], guess)

    notes: list[str] = []
    source_cells = {_nbgrader(c).get("grade_id"): c for c in source.get("cells", []) if _nbgrader(c).get("grade_id")}
    positions: dict[str, list[int]] = {}
    for index, cell in enumerate(nb.get("cells", [])):
        grade_id = _nbgrader(cell).get("grade_id")
        if grade_id:
            positions.setdefault(grade_id, []).append(index)
    for grade_id, cell in source_cells.items():
        meta = _nbgrader(cell)
        where = describe(grade_id, names)
        if grade_id not in positions:
            if meta.get("grade") and not meta.get("solution"):
                notes.append(_("Había borrado la celda de corrección {where}: se ha restaurado la "
                               "original.").format(where=where))
            elif meta.get("solution"):
                notes.append(_("Había borrado su celda de respuesta {where}: esa pregunta cuenta como "
                               "sin responder.").format(where=where))
            continue
        if len(positions[grade_id]) > 1:
            notes.append(_("La celda {where} aparece {n} veces (copiada): cuenta la última copia y las "
                           "demás se ejecutan como código normal.").format(where=where,
                                                                          n=len(positions[grade_id])))
        if meta.get("locked") or (meta.get("grade") and not meta.get("solution")):
            submitted = nb["cells"][positions[grade_id][0]]
            if _source(submitted).strip() not in (_source(cell).strip(), strip_hidden(_source(cell)).strip()):
                body = _source(submitted).strip()
                if meta.get("grade") and re.fullmatch(r"(pass\s*)*", body):
                    notes.append(_("Había cambiado la prueba {where} por «pass»: se ha usado la prueba "
                                   "original.").format(where=where))
                elif meta.get("grade"):
                    notes.append(_("Había modificado la celda de corrección {where}: se ha usado la "
                                   "original.").format(where=where))
                else:
                    notes.append(_("Había modificado la celda bloqueada {where}: se ha usado la "
                                   "original.").format(where=where))
    # An answer that comes after its test: the test ran before the answer existed.
    answer_after_test = False
    order = [gid for gid in (_nbgrader(c).get("grade_id") for c in source.get("cells", [])) if gid]
    for position, grade_id in enumerate(order):
        meta = _nbgrader(source_cells[grade_id])
        if not (meta.get("grade") and not meta.get("solution")) or grade_id not in positions:
            continue
        answers = [gid for gid in order[:position] if _nbgrader(source_cells[gid]).get("solution")
                   and source_cells[gid].get("cell_type") == "code"]
        if not answers:
            continue
        answer = answers[-1]
        if answer in positions and positions[answer][0] > positions[grade_id][0]:
            answer_after_test = True
            notes.append(_("Su respuesta {answer} está después de su prueba: la prueba se ejecutó antes "
                           "que la respuesta y no la encontró.").format(answer=describe(answer, names)))
    moved = [gid for gid in order if gid in positions]
    seen_order = sorted(moved, key=lambda gid: positions[gid][0])
    if seen_order != moved and not answer_after_test:
        notes.append(_("Ha cambiado el orden de algunas celdas; se ejecutan en el orden en que las "
                       "dejó."))
    return Diagnosis(OK, notes)


# --- after running ---------------------------------------------------------------------------


def _error_outputs(cell: dict) -> list[dict]:
    return [o for o in cell.get("outputs", []) or [] if o.get("output_type") == "error"]


#: What a failed connection looks like from Python, urllib, requests and socket.
_NETWORK_ERRORS = {"ConnectionRefusedError", "ConnectionResetError", "ConnectionAbortedError", "ConnectionError",
                   "gaierror", "herror", "URLError", "NewConnectionError", "MaxRetryError", "ConnectTimeout",
                   "ConnectTimeoutError"}
_NETWORK_WORDS = ("Network is unreachable", "Connection refused", "Name or service not known",
                  "Temporary failure in name resolution", "No address associated", "[Errno 101]", "[Errno 111]")
_MISSING = re.compile(r"\[Errno 2\] No such file or directory: '(/[^']*)'")


def _outside(value: str, hidden_paths: tuple[str, ...], workdir: str) -> bool:
    """A file the code looked for outside its working copy, which exists for the grader:
    the cage hid it (the class folder, the trainer's home, another folder of the machine)."""
    if any(p and p in value for p in hidden_paths):
        return True
    missing = _MISSING.search(value)
    if not missing:
        return False
    path = Path(missing.group(1))
    if workdir and path.is_relative_to(workdir):
        return False
    return path.parent != Path("/") and path.parent.exists()


def runtime_notes(executed: dict, timeout: int, memory_mb: int, hidden_paths: tuple[str, ...] = (),
                  caps: dict | None = None, processes: int | None = None, workdir: str = "") -> list[str]:
    """What the learner's code did while it ran, read from the notebook nbgrader executed.

    ``caps`` (from the submission's control groups: processes the memory cap killed, forks
    the process cap refused) add a note when the notebook failed somewhere.
    """
    names = labels(executed)
    notes: list[str] = []
    failed = False

    def add(text: str) -> None:
        if text not in notes:
            notes.append(text)

    for index, cell in enumerate(executed.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        meta = _nbgrader(cell)
        where = describe(meta.get("grade_id", ""), names, index)
        for out in cell.get("outputs", []) or []:
            if out.get("output_type") == "stream" and any(mark in str(out.get("text", "")) for mark in _cut_marks()):
                add(_("{where} escribió una salida enorme: se recortó y el resto se corrigió.").format(
                    where=where[:1].upper() + where[1:]))
        for err in _error_outputs(cell):
            failed = True
            name, value = str(err.get("ename", "")), str(err.get("evalue", ""))
            place = where[:1].upper() + where[1:]
            if name in ("CellTimeoutError", "KeyboardInterrupt", "TimeoutError") or "timed out" in value:
                add(_("{where} no terminó en {seconds} s (¿un bucle sin fin?): se detuvo y se corrigió el "
                      "resto.").format(where=place, seconds=timeout))
            elif name == "MemoryError":
                add(_("{where} pidió más memoria de la permitida ({mb} MB): se detuvo y se corrigió el "
                      "resto.").format(where=place, mb=memory_mb))
            elif name == "SystemExit":
                add(_("{where} llamó a sys.exit() o exit(): esa celda dio error y se corrigió el "
                      "resto.").format(where=place))
            elif name == KERNEL_STUCK:
                add(_("{where} no terminó y dejó el kernel sin responder: se omitió esa celda y se "
                      "corrigió el resto.").format(where=place))
            elif name == KERNEL_DIED:
                add(_("{where} cerró el kernel (os._exit, un fallo grave o sin memoria): se omitió esa "
                      "celda y se corrigió el resto.").format(where=place))
            elif "gradebook" in value.lower():
                add(_("{where} intentó abrir el libro de notas (gradebook): no es accesible desde el "
                      "cuaderno. Bloqueado.").format(where=place))
            elif name in _NETWORK_ERRORS or any(words in value for words in _NETWORK_WORDS):
                add(_("{where} intentó conectarse a la red o a otro programa del ordenador: al corregir no "
                      "hay red. Bloqueado.").format(where=place))
            elif name == "BlockingIOError" or "Resource temporarily unavailable" in value:
                add(_("{where} intentó lanzar demasiados procesos a la vez: se le negaron.").format(where=place))
            elif "Read-only file system" in value or "Errno 30" in value or _outside(value, hidden_paths, workdir):
                add(_("{where} intentó escribir fuera de su carpeta de trabajo: bloqueado, no cambió "
                      "nada.").format(where=place))
            elif name == "PermissionError" or "Errno 13" in value or "Errno 1]" in value:
                add(_("{where} intentó usar archivos o acciones del sistema sin permiso (fuera de su carpeta "
                      "de trabajo): bloqueado.").format(where=place))
            elif name == "OSError" and "File too large" in value:
                add(_("{where} intentó escribir un archivo enorme: bloqueado.").format(where=place))
    caps = caps or {}
    if failed and caps.get("memory_kills"):
        add(ngettext("Su código superó la memoria de todo el cuaderno ({mb} MB, contando los procesos que "
                     "lanzó): se detuvo {n} proceso.",
                     "Su código superó la memoria de todo el cuaderno ({mb} MB, contando los procesos que "
                     "lanzó): se detuvieron {n} procesos.", caps["memory_kills"]).format(
                         mb=memory_mb, n=caps["memory_kills"]))
    if failed and caps.get("pids_refused"):
        add(_("Su código llegó al límite de {n} procesos a la vez del cuaderno: se le negaron los que "
              "sobraban.").format(n=processes or "—"))
    return notes


def friendly_error(err: dict) -> str:
    """The message of a failed check as the learner should read it."""
    name, value = str(err.get("ename", "")), str(err.get("evalue", "")).strip()
    missing = re.match(r"name '(.+)' is not defined", value)
    if name == "NameError" and missing:
        return _("No encuentro «{name}»: ¿ejecutaste la celda de tu respuesta, antes que esta?").format(
            name=missing.group(1))
    if name in ("CellTimeoutError", "KeyboardInterrupt"):
        return _("La comprobación no terminó a tiempo: revisa si tu código tiene un bucle sin fin.")
    if name == "MemoryError":
        return _("Tu código pidió demasiada memoria.")
    return value or name


def question_results(executed: dict) -> list[dict]:
    """Per graded cell: its label, whether it passed, and the learner-facing message when not."""
    names = labels(executed)
    results = []
    for cell in executed.get("cells", []):
        meta = _nbgrader(cell)
        if not meta.get("grade"):
            continue
        grade_id = meta.get("grade_id", "")
        errors = _error_outputs(cell) if cell.get("cell_type") == "code" else []
        message = ""
        if errors:
            message = friendly_error(errors[0])
        results.append({
            "grade_id": grade_id, "label": names.get(grade_id, "") or grade_id,
            "points": float(meta.get("points", 0) or 0),
            "manual": bool(meta.get("solution")) or cell.get("cell_type") == "markdown",
            "passed": not errors, "message": message,
        })
    return results


def read_notebook(path: Path) -> dict | None:
    """A notebook file as plain dicts, multi-line strings joined (as nbformat reads them)."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for cell in nb.get("cells", []) if isinstance(nb, dict) else []:
        cell["source"] = _source(cell)
        for out in cell.get("outputs", []) or []:
            if isinstance(out.get("text"), list):
                out["text"] = "".join(out["text"])
            for mime, value in (out.get("data") or {}).items():
                if isinstance(value, list) and mime.startswith("text/"):
                    out["data"][mime] = "".join(value)
    return nb
