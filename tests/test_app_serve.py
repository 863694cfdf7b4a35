"""`rumbo app` as a server, attacked: a page elsewhere reaching it by DNS rebinding (any Host
header), its token read from `ps`, and a stop signal that leaves Voilà and its kernels running.

Each test starts the real command (`python -m rumbo.apps.cli app`) on a free port of 127.0.0.1 and
talks to it over HTTP; a process list is read from /proc.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from rumbo.apps.app import TOKEN_ENV
from tests.browser_support import ROOT, free_port

pytestmark = pytest.mark.notebooks  # real Voilà, real kernels


def request(port: int, path: str, host: str | None = None, headers: dict | None = None) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Host": host or f"127.0.0.1:{port}", **(headers or {})})
        response = conn.getresponse()
        body = b"" if response.status == 101 else response.read()
        return response.status, body.decode(errors="replace")
    finally:
        conn.close()


def get(port: int, path: str, host: str | None = None) -> int:
    return request(port, path, host)[0]


#: A browser's opening of the websocket that carries a kernel's messages (and so widget state).
WEBSOCKET = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
             "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}


def descendants(pid: int) -> list[int]:
    from rumbo.apps.app import _descendants

    return _descendants(pid)


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@contextmanager
def rumbo_app(tmp_path: Path, extra_env: dict | None = None):
    """`rumbo app` serving app/ on 127.0.0.1; yields (process, port)."""
    port = free_port()
    env = {**os.environ, "HOME": str(tmp_path / "home"), "RUMBO_DATASETS": str(ROOT / "datasets"),
           **(extra_env or {})}
    log = (tmp_path / "rumbo-app.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "rumbo.apps.cli", "app", "--dir", str(ROOT / "app"),
                             "--port", str(port), "--no-browser"], env=env, cwd=tmp_path, stdout=log,
                            stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                get(port, "/", host=f"127.0.0.1:{port}")
                break
            except OSError:
                assert proc.poll() is None, (tmp_path / "rumbo-app.log").read_text()
                assert time.monotonic() < deadline, "rumbo app did not answer"
                time.sleep(0.3)
        proc.log_path = tmp_path / "rumbo-app.log"  # what `rumbo app` printed (stdout and stderr)
        yield proc, port
    finally:
        for pid in [proc.pid, *descendants(proc.pid)]:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        proc.wait()
        log.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One `rumbo app` for the Host test and then the SIGTERM test, which stops it."""
    with rumbo_app(tmp_path_factory.mktemp("app")) as running:
        yield running


def test_root_opens_the_course_index_and_the_terminal_stays_quiet(served):
    """Her address (http://127.0.0.1:8866/) opens the course index, never Voilà's English file
    list; and after pages with kernels, the terminal of `rumbo app` has no warning or traceback.
    (First in this file: the attacks of the next test are logged, as they should be.)"""
    from rumbo.course import MODULES

    proc, port = served
    for path in ("/", "/voila/tree", "/voila/tree/"):
        status, body = request(port, path)
        assert status == 200, path
        assert 'http-equiv="refresh" content="0; url=/voila/render/index.ipynb"' in body, path
        assert "Select items" not in body and "Voilà Home" not in body
    for stem in ("index", *(m.stem for m in MODULES[:2])):
        assert get(port, f"/voila/render/{stem}.ipynb") == 200
    printed = proc.log_path.read_text(encoding="utf-8")
    assert [w for w in ("Warning", "WARNING", "Traceback", "Error") if w in printed] == [], printed
    assert "Rumbo en modo app" in printed  # the log is the real one


def test_only_loopback_host_names_are_answered(served):
    """A page on another site whose name resolves to 127.0.0.1 (DNS rebinding) sends its own Host:
    neither the app's pages nor the kernel's websocket (the widgets' state) answer it."""
    import re

    _proc, port = served
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
        assert get(port, "/voila/render/index.ipynb", host) == 200, host
    _status, page = request(port, "/voila/render/00_bienvenida.ipynb")
    kernel = re.search(r'kernelId": "([0-9a-f-]{36})"', page).group(1)
    channels = f"/api/kernels/{kernel}/channels"
    assert request(port, channels, headers=WEBSOCKET)[0] == 101  # the page's own way in works
    for host in (f"rumbo-rebinding.example:{port}", "evil.example", f"192.0.2.7:{port}"):
        assert get(port, "/voila/render/index.ipynb", host) == 403, host
        assert request(port, channels, host, WEBSOCKET)[0] == 403, host


def test_the_token_never_shows_in_the_process_list(tmp_path):
    secret = "ficha-de-la-app-" + os.urandom(8).hex()
    with rumbo_app(tmp_path, {TOKEN_ENV: secret}) as (proc, port):
        processes = [proc.pid, *descendants(proc.pid)]
        assert len(processes) >= 2  # rumbo app and Voilà
        assert not [pid for pid in processes if secret in cmdline(pid)]
        everyone = [cmdline(int(p.name)) for p in Path("/proc").glob("[0-9]*")]
        assert not [line for line in everyone if secret in line]
        assert get(port, "/voila/render/index.ipynb") in (302, 403)  # no token, no app
        assert get(port, f"/voila/render/index.ipynb?token={secret}") == 200


def stops_with_its_kernels(proc: subprocess.Popen, port: int, sig: int) -> None:
    assert get(port, "/voila/render/00_bienvenida.ipynb") == 200  # a page: Voilà starts a kernel
    started = descendants(proc.pid)
    kernels = [pid for pid in started if "ipykernel" in cmdline(pid)]
    assert kernels, [cmdline(pid) for pid in started]
    proc.send_signal(sig)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 20
    while [pid for pid in started if alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [cmdline(pid) for pid in started if alive(pid)]
    with pytest.raises(OSError):
        get(port, "/")


def test_sigterm_stops_voila_and_its_kernels(served):
    stops_with_its_kernels(*served, signal.SIGTERM)


def test_ctrl_c_stops_voila_and_its_kernels(tmp_path):
    with rumbo_app(tmp_path) as (proc, port):
        stops_with_its_kernels(proc, port, signal.SIGINT)
