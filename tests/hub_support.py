"""A real hub for tests and benchmarks: ``rumbo hub start`` on 127.0.0.1, learners over HTTP.

:class:`HubProcess` creates a class (roster given), starts the hub as a child
process with a throwaway prefix for the Unix users and a throwaway system
folder, waits until it answers, stops it with SIGINT (Ctrl-C) and removes the
users it made. :class:`Learner` signs in through the login form as a browser
would, starts its server, and talks to it with an API token: contents, the
nbgrader assignment list, and kernels over the websocket (:meth:`Learner.run`).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
RUMBO = [sys.executable, "-m", "rumbo.apps.cli"]
PROXY = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"


def skip_reason() -> str | None:
    """Why a real hub cannot run here (None when it can)."""
    if os.geteuid() != 0:
        return "the hub creates a Unix user per learner: run the tests as root (CI does)"
    if not shutil.which("useradd") or not shutil.which("runuser"):
        return "useradd/runuser are missing: Unix users cannot be created here"
    if not PROXY.exists():
        return "configurable-http-proxy is missing: `make hub` installs it (npm)"
    probe = ["runuser", "-u", "nobody", "--", "test", "-r", str(ROOT / "src" / "rumbo" / "__init__.py")]
    readable = subprocess.run(probe, capture_output=True)
    if readable.returncode != 0:
        return f"other Unix users cannot read the project at {ROOT}: learners' servers could not run the course"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_roster(path: Path, learners: list[tuple[str, str, str]]) -> Path:
    """``[(id, name, business), ...]`` as a roster CSV."""
    lines = ["id,nombre,apellidos,email,negocio"]
    lines += [f"{lid},{name},Prueba,{lid}@ejemplo.es,{business}" for lid, name, business in learners]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def course_with(folder: Path, assignments: tuple[str, ...]) -> Path:
    """The course with only some exercises (``classroom init`` prepares each one: seconds apiece)."""
    folder.mkdir(parents=True)
    for part in ("course", "app", "datasets"):
        (folder / part).symlink_to(ROOT / part)
    shutil.copy(ROOT / "nbgrader_config.py", folder / "nbgrader_config.py")
    for assignment in assignments:
        shutil.copytree(ROOT / "solutions" / assignment, folder / "solutions" / assignment)
    return folder


class HubProcess:
    """A class folder and ``rumbo hub start`` serving it on 127.0.0.1."""

    def __init__(self, workdir: Path, learners: list[tuple[str, str, str]], idle_minutes: float = 60,
                 memory_mb: int = 1024, assignments: tuple[str, ...] = ("00_bienvenida",)):
        self.workdir = Path(workdir)
        self.class_dir = self.workdir / "clase"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.prefix = f"t{secrets.token_hex(2)}-"
        self.system_root = Path(tempfile.mkdtemp(prefix="rumbo-hub-test-"))
        os.chmod(self.system_root, 0o755)
        self.idle_minutes = idle_minutes
        self.memory_mb = memory_mb
        self.proc: subprocess.Popen | None = None
        self.codes: dict[str, str] = {}
        self.log = self.workdir / "hub.log"
        roster = write_roster(self.workdir / "alumnos.csv", learners)
        subprocess.run([*RUMBO, "classroom", "init", str(self.class_dir), "--roster", str(roster),
                        "--curso", str(course_with(self.workdir / "curso", assignments))],
                       check=True, capture_output=True)

    @property
    def env(self) -> dict:
        return {**os.environ, "RUMBO_HUB_ROOT": str(self.system_root)}

    def rumbo(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([*RUMBO, *args], capture_output=True, text=True, env=self.env, check=check)

    def start(self, timeout: float = 120) -> None:
        with self.log.open("a") as log:
            self.proc = subprocess.Popen(
                [*RUMBO, "hub", "start", str(self.class_dir), "--port", str(self.port), "--prefijo", self.prefix,
                 "--inactivo", str(self.idle_minutes), "--memoria", str(self.memory_mb)],
                stdout=log, stderr=subprocess.STDOUT, env=self.env, cwd=self.workdir)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the hub stopped: {self.log.read_text()[-3000:]}")
            try:
                if requests.get(f"{self.base}/hub/api/", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        else:
            raise RuntimeError(f"the hub did not answer: {self.log.read_text()[-3000:]}")
        for name, code in re.findall(r"^  (\S+)\s+([a-z2-9]{4}-[a-z2-9]{4})\s", self.log.read_text(), re.M):
            self.codes.setdefault(name, code)

    def stop(self, timeout: float = 60) -> float:
        """Ctrl-C, as a trainer would; returns the seconds it took to stop everything."""
        if self.proc is None or self.proc.poll() is not None:
            return 0.0
        began = time.time()
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(timeout=timeout)
        return time.time() - began

    def unix_name(self, learner_id: str) -> str:
        from rumbo.apps.hub.state import unix_name

        return unix_name(self.prefix, learner_id.lower())

    def cleanup(self) -> None:
        self.stop()
        from rumbo.apps.hub.limits import remove_group
        from rumbo.apps.hub.state import open_hub
        from rumbo.apps.hub.users import remove_users
        from rumbo.classroom.folder import open_class

        os.environ[  # the hub's settings name the system folder; open_hub reads them
            "RUMBO_HUB_ROOT"] = str(self.system_root)
        try:
            hub = open_hub(open_class(self.class_dir))
            for name in remove_users(hub):
                remove_group(name)
        finally:
            os.environ.pop("RUMBO_HUB_ROOT", None)
            shutil.rmtree(self.system_root, ignore_errors=True)


class Learner:
    """One person at a browser: signs in, starts a server, uses it through its API."""

    def __init__(self, hub: HubProcess, name: str):
        self.hub = hub
        self.name = name.lower()
        self.session = requests.Session()
        self.token = ""

    @property
    def server(self) -> str:
        return f"{self.hub.base}/user/{self.name}"

    def xsrf(self) -> str:
        return next((c.value for c in self.session.cookies if c.name == "_xsrf"), "")

    def login(self, password: str, new_password: str = "") -> requests.Response:
        """The sign-in form as a browser posts it (``_xsrf`` from the cookie the page sets)."""
        self.session.get(f"{self.hub.base}/hub/login", timeout=30)
        return self.session.post(f"{self.hub.base}/hub/login", allow_redirects=False, timeout=60, data={
            "username": self.name, "password": password, "new_password": new_password,
            "_xsrf": self.xsrf()})

    def hub_api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"X-XSRFToken": self.xsrf()}
        return self.session.request(method, f"{self.hub.base}/hub/api{path}", headers=headers, timeout=60, **kwargs)

    def start_server(self, timeout: float = 180) -> float:
        """Ask the hub for the server, wait until it answers; returns the seconds it took."""
        began = time.time()
        if not self.token:
            made = self.hub_api("POST", f"/users/{self.name}/tokens", json={"note": "tests", "expires_in": 3600})
            made.raise_for_status()
            self.token = made.json()["token"]
        started = self.hub_api("POST", f"/users/{self.name}/server")
        if started.status_code not in (201, 202, 400):  # 400: already running
            raise RuntimeError(f"{self.name}: {started.status_code} {started.text}")
        while time.time() - began < timeout:
            if self.get("/api/status").status_code == 200:
                return time.time() - began
            time.sleep(0.25)
        raise RuntimeError(f"{self.name}: server not ready after {timeout} s")

    def headers(self) -> dict:
        return {"Authorization": f"token {self.token}"}

    def get(self, path: str, server: str | None = None, **kwargs) -> requests.Response:
        return requests.get(f"{server or self.server}{path}", headers=self.headers(), timeout=120, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return requests.post(f"{self.server}{path}", headers=self.headers(), timeout=300, **kwargs)

    def put_notebook(self, path: str, nb: dict) -> requests.Response:
        return requests.put(f"{self.server}/api/contents/{path}", headers=self.headers(), timeout=60,
                            json={"type": "notebook", "format": "json", "content": nb})

    def assignment(self, action: str, assignment: str) -> dict:
        """nbgrader's assignment list buttons: fetch, submit, fetch_feedback."""
        done = self.post(f"/assignments/{action}", data={"course_id": "rumbo", "assignment_id": assignment})
        done.raise_for_status()
        return done.json()

    # --- kernels ----------------------------------------------------------------------------------
    def kernel(self) -> "Kernel":
        made = self.post("/api/kernels", json={"name": "python3"})
        made.raise_for_status()
        return Kernel(self, made.json()["id"])


class KernelDied(RuntimeError):
    """The kernel went away mid-cell (killed at its memory cap, for instance)."""


class Kernel:
    """A kernel of a learner's server, driven over its websocket like JupyterLab does."""

    def __init__(self, learner: Learner, kernel_id: str):
        import websocket

        self.learner = learner
        self.id = kernel_id
        url = learner.server.replace("http", "ws", 1) + f"/api/kernels/{kernel_id}/channels"
        self.ws = websocket.create_connection(url, header=[f"Authorization: token {learner.token}"], timeout=300)
        self.ws.settimeout(10)  # then wake every 10 s to look at the clock (see _until_idle)
        self.session = uuid.uuid4().hex
        self.comms: dict[str, dict] = {}

    def _send(self, msg_type: str, content: dict, channel: str = "shell") -> str:
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({"header": {"msg_id": msg_id, "msg_type": msg_type, "session": self.session,
                                            "username": self.learner.name, "version": "5.3"},
                                 "parent_header": {}, "metadata": {}, "content": content, "channel": channel,
                                 "buffers": []}))
        return msg_id

    def _until_idle(self, msg_id: str, timeout: float = 600) -> list[dict]:
        import websocket

        seen = []
        deadline = time.time() + timeout
        while True:
            try:
                msg = json.loads(self.ws.recv())
            except websocket.WebSocketTimeoutException:  # quiet for 10 s: look at the clock, wait on
                if time.time() > deadline:
                    raise RuntimeError(f"no answer from the kernel in {timeout} s") from None
                continue
            if msg.get("msg_type") == "status" and msg["content"]["execution_state"] in ("restarting", "dead"):
                raise KernelDied(msg["content"]["execution_state"])
            if msg.get("msg_type") == "comm_open":
                self.comms[msg["content"]["comm_id"]] = msg["content"]["data"].get("state", {})
            elif msg.get("msg_type") == "comm_msg" and msg["content"]["data"].get("method") == "update":
                # a widget set after it was created (a number field writes its text then)
                self.comms.setdefault(msg["content"]["comm_id"], {}).update(msg["content"]["data"].get("state", {}))
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            seen.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return seen

    def run(self, code: str) -> list[dict]:
        """Execute ``code``; the messages it caused. Raises on an error in the cell."""
        messages = self._until_idle(self._send("execute_request", {"code": code, "silent": False,
                                                                   "store_history": False}))
        errors = [m["content"] for m in messages if m["msg_type"] == "error"]
        if errors:
            raise RuntimeError(f"{errors[0]['ename']}: {errors[0]['evalue']}")
        return messages

    def set_value(self, comm_id: str, value) -> list[dict]:
        """Change a widget's value as the browser does (a comm message); returns what it caused."""
        return self._until_idle(self._send("comm_msg", {"comm_id": comm_id, "data": {
            "method": "update", "state": {"value": value}, "buffer_paths": []}}))

    def close(self) -> None:
        self.ws.close()
        requests.delete(f"{self.learner.server}/api/kernels/{self.id}", headers=self.learner.headers(), timeout=60)


def run_notebook_cells(kernel: Kernel, nb: dict) -> None:
    """Every code cell of ``nb``, in order, in ``kernel``."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            kernel.run("".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"])
