"""The workshop hub end to end: a real JupyterHub, three roster learners over HTTP, on 127.0.0.1.

One hub serves the whole module (starting it and a server costs seconds); the
tests run in order, as a class would: sign-ins, servers, module 0, exercise
00 out through the exchange, answered, handed in, collected with ``--hub``,
graded, feedback back; isolation between learners; a hub restart mid-class;
the idle culler. Needs root (a Unix user per learner): elsewhere it says why
and skips.
"""

from __future__ import annotations

import json
import os
import pwd
import stat
import subprocess
import time
from pathlib import Path

import pytest

from tests.hub_support import HubProcess, KernelDied, Learner, skip_reason

pytestmark = [pytest.mark.hub, pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")]

LEARNERS = [("ana-garcia", "Ana", "Panadería La Espiga"), ("beto", "Beto", "Panadería Sol"),
            ("carla", "Carla", "Horno Carla (panadería)")]
ASSIGNMENT = "00_bienvenida"
PASSWORDS = {"ana-garcia": "clave-de-ana", "beto": "clave-de-beto", "carla": "clave-de-carla",
             "formador": "clave-del-formador"}


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    process = HubProcess(tmp_path_factory.mktemp("hub"), LEARNERS)
    try:
        process.start()
        yield process
    finally:
        process.cleanup()


@pytest.fixture(scope="module")
def people(hub):
    return {name: Learner(hub, name) for name in [*PASSWORDS]}


def signed_in(hub, people, name) -> Learner:
    """``name`` signed in (with their code and a new password the first time) and their server up."""
    person = people[name]
    if not person.token:
        answer = person.login(hub.codes[name], PASSWORDS[name])
        if answer.status_code != 302:
            answer = person.login(PASSWORDS[name])
        assert answer.status_code == 302, answer.text[-500:]
        person.start_server()
    return person


def login_error(response) -> str:
    import re

    found = re.search(r'class="login_error"[^>]*>(.*?)</p>', response.content.decode(), re.S)
    return found.group(1).strip() if found else ""


def run_as(user: str, *cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", user, "--", *cmd], capture_output=True, text=True)


# --- signing in ------------------------------------------------------------------------------------------


def test_login_page_is_in_spanish(hub):
    page = Learner(hub, "x").session.get(f"{hub.base}/hub/login")
    assert page.status_code == 200
    text = page.content.decode()  # the page declares UTF-8 in a <meta> tag, as browsers read it
    assert '<html lang="es">' in text
    for words in ("Entra en el taller", "Usuario", "Contraseña nueva", "Entrar"):
        assert words in text
    assert "Sign in" not in text and "Username:" not in text


def test_codes_are_printed_for_every_account(hub):
    assert set(hub.codes) == {*PASSWORDS}


def test_an_id_not_in_the_roster_is_refused(hub):
    answer = Learner(hub, "intruso").login("cualquier-cosa", "otra-clave-larga")
    assert answer.status_code == 403
    assert "Usuario o contraseña incorrectos" in login_error(answer)


def test_first_sign_in_needs_the_code_and_a_new_password(hub, people):
    carla = people["carla"]
    assert "Es tu primera vez" in login_error(carla.login(hub.codes["carla"]))
    assert "demasiado corta" in login_error(carla.login(hub.codes["carla"], "corta"))
    assert carla.login(hub.codes["carla"], PASSWORDS["carla"]).status_code == 302
    # The code worked once: now it is a wrong password, and the chosen password opens the account.
    assert Learner(hub, "carla").login(hub.codes["carla"], "otra-clave-mas").status_code == 403
    assert Learner(hub, "carla").login(PASSWORDS["carla"]).status_code == 302


def test_a_wrong_password_is_refused(hub, people):
    signed_in(hub, people, "beto")
    answer = Learner(hub, "beto").login("no-es-mi-clave")
    assert answer.status_code == 403
    assert "Usuario o contraseña incorrectos" in login_error(answer)


def test_another_learners_code_does_not_open_an_account(hub, people):
    answer = Learner(hub, "ana-garcia").login(hub.codes["beto"], "robada-123")
    assert answer.status_code == 403


# --- the learner's server ------------------------------------------------------------------------------


def test_server_runs_as_the_learners_own_user_with_a_private_home(hub, people):
    ana = signed_in(hub, people, "ana-garcia")
    user = pwd.getpwnam(hub.unix_name("ana-garcia"))
    assert user.pw_name.startswith(hub.prefix)
    owners = subprocess.run(["pgrep", "-u", user.pw_name, "-f", "jupyterhub.singleuser"], capture_output=True,
                            text=True).stdout.split()
    assert owners, "no single-user server runs as the learner's Unix user"
    assert stat.S_IMODE(os.stat(user.pw_dir).st_mode) == 0o700
    assert ana.get("/api/status").status_code == 200


def test_module_0_opens_in_spanish_with_the_learners_workbook(hub, people):
    ana = signed_in(hub, people, "ana-garcia")
    page = ana.get("/lab/tree/rumbo/curso/00_bienvenida.ipynb")
    assert page.status_code == 200
    settings = ana.get("/lab/api/settings/@jupyterlab/translation-extension:plugin").json()
    assert settings["schema"]["properties"]["locale"]["default"] == "es_ES"  # overrides.json
    assert ana.get("/lab/api/translations/es_ES").json()["data"], "the Spanish language pack is not served"
    nb = ana.get("/api/contents/rumbo/curso/00_bienvenida.ipynb").json()["content"]
    assert "Cuaderno de Ana Prueba" in nb["cells"][0]["source"]
    assert nb["metadata"]["rumbo"]["alumno"] == "ana-garcia"
    modules = {c["name"] for c in ana.get("/api/contents/rumbo/curso").json()["content"]}
    course = {p.name for p in (Path(__file__).resolve().parents[1] / "course").glob("[0-9][0-9]_*.ipynb")}
    assert modules == course


def test_the_hub_sends_the_learner_to_module_0(hub, people):
    ana = signed_in(hub, people, "ana-garcia")
    landing = ana.session.get(f"{hub.base}/hub/spawn", timeout=120)
    assert landing.url.endswith("/lab/tree/rumbo/curso/00_bienvenida.ipynb")


def test_the_app_is_one_click_away_on_the_same_server(hub, people):
    ana = signed_in(hub, people, "ana-garcia")
    nb = ana.get("/api/contents/rumbo/curso/00_bienvenida.ipynb").json()["content"]
    assert "/hub/user-redirect/voila/render/rumbo/app/index.ipynb" in nb["cells"][0]["source"]
    page = ana.get("/voila/render/rumbo/app/index.ipynb")
    assert page.status_code == 200
    body = page.content.decode()
    # Voilà ran the app's index in a kernel of Ana's server: its output is the index widget, no error.
    assert "application/vnd.jupyter.widget-view+json" in body, body[-3000:]
    assert "application/vnd.jupyter.stderr" not in body and "Traceback" not in body
    assert "from rumbo.apps.app import" not in page.content.decode()  # no code shown


def test_each_learner_has_a_memory_cap(hub, people):
    from rumbo.apps.hub import limits

    if not limits.available()[0]:
        pytest.skip(f"no control groups here: {limits.available()[1]}")
    signed_in(hub, people, "ana-garcia")
    group = limits.group_for(hub.unix_name("ana-garcia"), 1024)
    assert group.memory_limit() == 1024 * 1024 * 1024
    server = subprocess.run(["pgrep", "-u", hub.unix_name("ana-garcia"), "-f", "jupyterhub.singleuser"],
                            capture_output=True, text=True).stdout.split()
    assert {int(pid) for pid in server} <= group.pids()


def test_a_notebook_past_the_memory_cap_is_stopped_and_the_server_lives(hub, people):
    from rumbo.apps.hub import limits

    if not limits.available()[0]:
        pytest.skip(f"no control groups here: {limits.available()[1]}")
    beto = signed_in(hub, people, "beto")
    kernel = beto.kernel()
    try:
        with pytest.raises(KernelDied):
            kernel.run("blocks = [bytearray(100 * 1024 * 1024) for _ in range(14)]")  # 1.4 GB > 1 GB
    finally:
        try:
            kernel.close()
        except Exception:
            pass
    assert beto.get("/api/status").status_code == 200


# --- exercise 00 through the exchange ---------------------------------------------------------------------


def answered(hub, fetched: dict) -> dict:
    """The fetched notebook with every answer cell taken from the class's solution."""
    source = json.loads((hub.class_dir / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    solutions = {c["metadata"]["nbgrader"]["grade_id"]: c["source"] for c in source["cells"]
                 if c["metadata"].get("nbgrader", {}).get("solution")}
    for cell in fetched["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in solutions:
            cell["source"] = solutions[grade_id]
    return fetched


def test_exercise_round_trip_through_the_exchange(hub, people):
    ana, beto = signed_in(hub, people, "ana-garcia"), signed_in(hub, people, "beto")
    released = hub.rumbo("classroom", "release", str(hub.class_dir), "00", "--hub")
    assert "enviado al hub" in released.stdout

    listed = ana.get("/assignments", params={"course_id": "rumbo"}).json()
    assert listed["success"] and [a["assignment_id"] for a in listed["value"]] == [ASSIGNMENT]
    for person in (ana, beto):
        assert person.assignment("fetch", ASSIGNMENT)["success"]
    path = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    fetched = ana.get(f"/api/contents/{path}").json()["content"]
    assert ana.put_notebook(path, answered(hub, fetched)).status_code == 200
    for person in (ana, beto):
        assert person.assignment("submit", ASSIGNMENT)["success"]

    # Beto drops a hand-in that claims to be Ana's: the exchange's owner gives him away.
    fake = hub.system_root / next(os.scandir(hub.system_root)).name / "intercambio" / "rumbo" / "inbound"
    forged = fake / f"ana-garcia+{ASSIGNMENT}+2099-01-01 00:00:00.000000 UTC+falsa"
    assert run_as(hub.unix_name("beto"), "mkdir", str(forged)).returncode == 0

    collected = hub.rumbo("classroom", "collect", str(hub.class_dir), "00", "--hub")
    assert "[nueva]" in collected.stdout and "ana-garcia" in collected.stdout
    assert "[sin_asignar]" in collected.stdout and "falsa" in collected.stdout
    assert (hub.class_dir / "submitted" / "ana-garcia" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()
    assert (hub.class_dir / "submitted" / "beto" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()

    hub.rumbo("classroom", "grade", str(hub.class_dir), "00")
    from rumbo.classroom.folder import open_class
    from rumbo.classroom.grade import load_results

    outcomes = load_results(open_class(hub.class_dir), ASSIGNMENT)["outcomes"]
    assert outcomes["ana-garcia"]["score"] > outcomes["beto"]["score"]

    published = hub.rumbo("classroom", "feedback", str(hub.class_dir), "00")
    assert "publicados en el hub para 2 alumnos" in published.stdout
    assert ana.assignment("fetch_feedback", ASSIGNMENT)["success"]
    folders = ana.get(f"/api/contents/{ASSIGNMENT}/feedback").json()["content"]
    assert len(folders) == 1
    pages = {c["name"] for c in ana.get(f"/api/contents/{folders[0]['path']}").json()["content"]}
    assert pages == {f"{ASSIGNMENT}.html", "resumen.html"}
    summary = ana.get(f"/api/contents/{folders[0]['path']}/resumen.html").json()["content"]
    assert "Nota automática" in summary


# --- isolation ------------------------------------------------------------------------------------------


def test_learner_b_cannot_use_learner_as_server(hub, people):
    ana, beto = signed_in(hub, people, "ana-garcia"), signed_in(hub, people, "beto")
    for path in ("/api/contents/rumbo/curso", "/api/contents/rumbo/mi_plan.json", "/api/status"):
        assert beto.get(path, server=ana.server).status_code == 403
    assert beto.get("/api/contents/../" + hub.unix_name("ana-garcia")).status_code in (403, 404)


def test_learner_b_cannot_read_learner_as_files_or_hand_in(hub, people):
    beto = hub.unix_name("beto")
    ana_home = pwd.getpwnam(hub.unix_name("ana-garcia")).pw_dir
    inbound = next(hub.system_root.iterdir()) / "intercambio" / "rumbo" / "inbound"
    assert run_as(beto, "ls", ana_home).returncode != 0
    assert run_as(beto, "cat", f"{ana_home}/rumbo/curso/00_bienvenida.ipynb").returncode != 0
    assert run_as(beto, "ls", str(inbound)).returncode != 0, "learners can list the hand-ins"
    ana_uid = pwd.getpwnam(hub.unix_name("ana-garcia")).pw_uid
    hand_in = next(p for p in inbound.iterdir() if p.stat().st_uid == ana_uid)
    assert stat.S_IMODE(hand_in.stat().st_mode) == 0o700
    assert run_as(beto, "cat", str(hand_in / f"{ASSIGNMENT}.ipynb")).returncode != 0
    assert run_as(beto, "rm", "-rf", str(hand_in)).returncode != 0
    assert hand_in.exists()
    feedback = next(hub.system_root.iterdir()) / "intercambio" / "rumbo" / "feedback"
    assert run_as(beto, "ls", str(feedback)).returncode != 0
    for page in feedback.iterdir():
        assert stat.S_IMODE(page.stat().st_mode) == 0o600


def test_trainer_gets_formgrader_for_the_class(hub, people):
    trainer = signed_in(hub, people, "formador")
    assignments = trainer.get("/formgrader/api/assignments")
    assert assignments.status_code == 200
    assert ASSIGNMENT in {a["name"] for a in assignments.json()}
    assert trainer.get("/formgrader").status_code == 200


# --- restart and culling -----------------------------------------------------------------------------------


def test_a_restart_keeps_accounts_homes_and_hand_ins(hub, people):
    ana = signed_in(hub, people, "ana-garcia")
    path = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    before = ana.get(f"/api/contents/{path}").json()["content"]
    seconds = hub.stop()
    assert hub.proc.returncode == 0
    assert seconds < 45
    for learner_id, _name, _business in LEARNERS:  # Ctrl-C stopped every server and kernel
        assert subprocess.run(["pgrep", "-u", hub.unix_name(learner_id)]).returncode == 1, learner_id
    hub.idle_minutes = 0.25
    hub.start()
    again = Learner(hub, "ana-garcia")
    assert again.login(PASSWORDS["ana-garcia"]).status_code == 302  # the account, no new code needed
    again.start_server()
    assert again.get(f"/api/contents/{path}").json()["content"]["cells"] == before["cells"]
    assert (hub.class_dir / "submitted" / "ana-garcia" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()
    people["ana-garcia"] = again


def test_an_idle_server_is_culled(hub, people):
    ana = people["ana-garcia"]
    deadline = time.time() + 90
    while time.time() < deadline:
        servers = ana.hub_api("GET", f"/users/{ana.name}").json().get("servers", {})
        if not servers:
            break
        time.sleep(2)
    assert not servers, "the idle culler did not stop a server idle for more than 15 s"
