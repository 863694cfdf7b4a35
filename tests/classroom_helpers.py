"""Small class folders for the classroom unit tests: no nbgrader run, no kernel.

``tiny_class(tmp_path)`` builds a class folder by hand with one two-question
assignment (``00_prueba``) in nbgrader's format, its release, and the roster of
``fixtures/classroom/alumnos_ok.csv``. :class:`Listener` and ``fake_trainer_server``
stand for the trainer's JupyterLab: a real server on 127.0.0.1 and its token file.
"""

from __future__ import annotations

import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from rumbo.classroom.folder import ClassFolder, write_class
from rumbo.classroom.roster import read_roster, write_roster

FIXTURES = Path(__file__).parent / "fixtures" / "classroom"
ASSIGNMENT = "00_prueba"


def meta(grade_id: str, *, grade=False, solution=False, locked=False, points=0) -> dict:
    info = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if grade:
        info["points"] = points
    return {"nbgrader": info}


def source_notebook(assignment: str = ASSIGNMENT) -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell("# Ejercicio de prueba", metadata=meta("intro", locked=True)),
        new_code_cell("x = 2", metadata=meta("setup", locked=True)),
        new_markdown_cell("## Pregunta 1 · Doble", metadata=meta("q1_prompt", locked=True)),
        new_code_cell("doble = None\n### BEGIN SOLUTION\ndoble = 2 * x\n### END SOLUTION",
                      metadata=meta("q1_answer", solution=True)),
        new_code_cell("assert doble == 4, 'P1: ❌ Todavía no. Revisa el doble.'\n### BEGIN HIDDEN TESTS\n"
                      "assert doble * 1 == 4\n### END HIDDEN TESTS",
                      metadata=meta("q1_test", grade=True, locked=True, points=1)),
        new_markdown_cell("## Pregunta 2 · Triple", metadata=meta("q2_prompt", locked=True)),
        new_code_cell("triple = None\n### BEGIN SOLUTION\ntriple = 3 * x\n### END SOLUTION",
                      metadata=meta("q2_answer", solution=True)),
        new_code_cell("assert triple == 6, 'P2: ❌ Todavía no.'\n### BEGIN HIDDEN TESTS\nassert triple > 5\n"
                      "### END HIDDEN TESTS", metadata=meta("q2_test", grade=True, locked=True, points=2)),
        new_markdown_cell("## Pregunta 3 · Para ti", metadata=meta("q3_prompt", locked=True)),
        new_markdown_cell("### BEGIN SOLUTION\nRespuesta.\n### END SOLUTION",
                          metadata=meta("q3_answer", grade=True, solution=True, points=1)),
    ]
    for cell in cells:
        cell.id = cell.metadata["nbgrader"]["grade_id"].replace("_", "-")
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def release_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """What nbgrader's release looks like: answers cleared, hidden tests gone."""
    import copy

    from rumbo.classroom.diagnose import strip_hidden

    out = copy.deepcopy(nb)
    for cell in out.cells:
        info = cell.metadata["nbgrader"]
        if info.get("solution"):
            cell.source = cell.source.split("### BEGIN SOLUTION")[0] + "# Escribe aquí tu respuesta"
        cell.source = strip_hidden(cell.source)
    return out


def answered(nb: nbformat.NotebookNode, **answers: str) -> nbformat.NotebookNode:
    import copy

    out = copy.deepcopy(nb)
    for cell in out.cells:
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        if grade_id in answers:
            cell.source = answers[grade_id]
    return out


def tiny_class(tmp_path: Path, roster: str = "alumnos_ok.csv") -> ClassFolder:
    course = tmp_path / "curso"
    source = source_notebook()
    (course / "solutions" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(source, course / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    cls = ClassFolder(tmp_path / "clase", course)
    write_class(cls)
    shutil.copytree(course / "solutions", cls.path / "source")
    (cls.path / "release" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(release_notebook(source), cls.path / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    write_roster(read_roster(FIXTURES / roster), cls.path / "alumnos.csv")
    return cls


def notebook_bytes(nb, learner: str | None = None) -> bytes:
    data = json.loads(nbformat.writes(nb))
    if learner:
        data["metadata"]["rumbo"] = {"alumno": learner, "ejercicio": ASSIGNMENT}
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


# --- an attacker's target: the trainer's Jupyter server ------------------------------------


class Listener:
    """A real TCP server on 127.0.0.1 (the trainer's JupyterLab, say) that records what reaches it."""

    def __init__(self):
        import socket
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.received.append(conn.recv(4096) or b"(conectado)")
                except OSError:
                    self.received.append(b"(conectado)")

    def close(self):
        self.sock.close()


@contextmanager
def fake_trainer_server():
    """A listener plus the runtime file a JupyterLab server leaves in the trainer's home, with
    its token (in the real runtime folder: where an attacker would look)."""
    from jupyter_core.paths import jupyter_runtime_dir

    listener = Listener()
    runtime = Path(jupyter_runtime_dir())
    runtime.mkdir(parents=True, exist_ok=True)
    token_file = runtime / f"jpserver-rumbo-prueba-{os.getpid()}.json"
    token_file.write_text(json.dumps({"port": listener.port, "token": "ficha-secreta-del-formador",
                                      "url": f"http://127.0.0.1:{listener.port}/"}))
    try:
        yield listener, token_file
    finally:
        listener.close()
        token_file.unlink(missing_ok=True)


def content_security_policy(html: str) -> str:
    """The policy a page declares in its <meta http-equiv>, as a browser reads it."""
    from html.parser import HTMLParser

    found = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            values = dict(attrs)
            if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
                found.append(values.get("content"))

    Finder().feed(html)
    return found[0] if len(found) == 1 else f"{len(found)} policies"
