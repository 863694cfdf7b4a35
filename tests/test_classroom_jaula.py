"""The cage of a learner's kernel, tested directly: a real kernel through jupyter_client."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from rumbo.classroom import jaula

pytestmark = pytest.mark.grading


def _spec(home: Path) -> None:
    spec = home / "kernels" / "rumbo-jaula"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "rumbo.classroom.jaula", "-f", "{connection_file}"],
        "display_name": "jaula", "language": "python"}))


class Kernel:
    def __init__(self, tmp_path: Path, isolate: bool = True, memory_mb: int = 768, userns: bool = False,
                 zygote: str | None = None):
        from jupyter_client.manager import KernelManager

        self.job = tmp_path / "area" / "jobs" / "uno" / "caja"
        self.cwd = self.job / "autograded"
        self.cwd.mkdir(parents=True)
        self.secret = tmp_path / "clase"
        self.secret.mkdir()
        (self.secret / "gradebook.db").write_text("notas")
        _spec(tmp_path / "share")
        env = dict(os.environ, JUPYTER_PATH=str(tmp_path / "share"), JUPYTER_RUNTIME_DIR=str(self.job),
                   **{jaula.ENV_JOB: str(self.job), jaula.ENV_HIDE: f"{self.secret}{os.pathsep}{tmp_path / 'area'}",
                      jaula.ENV_MEMORY: str(memory_mb), jaula.ENV_ISOLATE: "1" if isolate else "0",
                      jaula.ENV_OUTPUT: "100000", jaula.ENV_USERNS: "1" if userns else "0"})
        if zygote:
            env[jaula.ENV_ZYGOTE] = zygote
        self.km = KernelManager(kernel_name="rumbo-jaula")
        self.km.kernel_spec_manager.kernel_dirs.insert(0, str(tmp_path / "share" / "kernels"))
        self.km.start_kernel(cwd=str(self.cwd), env=env)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)

    def run(self, code: str) -> tuple[str, str]:
        """(text shown, error name) of one cell."""
        msg_id = self.kc.execute(code)
        text, error = [], ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            msg = self.kc.get_iopub_msg(timeout=60)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                text.append(content["text"])
            elif kind == "execute_result":
                text.append(content["data"]["text/plain"])
            elif kind == "error":
                error = f"{content['ename']}: {content['evalue']}"
            elif kind == "status" and content["execution_state"] == "idle":
                break
        return "".join(text), error

    def close(self) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


@pytest.fixture(scope="module")
def zygote(tmp_path_factory):
    """A warm kernel factory, as each grading worker starts one."""
    import subprocess

    path = tmp_path_factory.mktemp("zygote") / "z.sock"
    env = dict(os.environ, MALLOC_ARENA_MAX="2", OPENBLAS_NUM_THREADS="1",
               MPLBACKEND="module://matplotlib_inline.backend_inline")
    proc = subprocess.Popen([sys.executable, "-m", "rumbo.classroom.jaula", "--zygote", str(path)], env=env)
    deadline = time.monotonic() + 120
    while not path.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert path.exists(), "the zygote did not start"
    yield str(path)
    proc.kill()
    proc.wait()


@pytest.fixture(scope="module", params=["exec", "zygote"])
def kernel(request, tmp_path_factory):
    """The same cage whether the kernel is started fresh or forked warm from the zygote."""
    zygote_path = request.getfixturevalue("zygote") if request.param == "zygote" else None
    k = Kernel(tmp_path_factory.mktemp("jaula"), zygote=zygote_path)
    yield k
    k.close()


def test_a_zygote_kernel_starts_with_the_course_already_imported(zygote, tmp_path):
    k = Kernel(tmp_path, zygote=zygote)
    try:
        assert k.run("import sys; 'rumbo.course' in sys.modules and 'pandas' in sys.modules")[0] == "True"
        assert k.run("import os; os.getpid()")[0] == "1"
        assert k.run("x = bytearray(2 * 1024 ** 3)")[1].startswith("MemoryError")
        _text, error = k.run("import sys; sys.exit()")
        assert "SystemExit" in error and k.run("2 + 2")[0] == "4"
    finally:
        k.close()


def test_an_interrupt_reaches_a_zygote_kernel(zygote, tmp_path):
    k = Kernel(tmp_path, zygote=zygote)
    try:
        msg_id = k.kc.execute("import time\nwhile True:\n    time.sleep(0.1)")
        time.sleep(1.5)
        k.km.interrupt_kernel()
        deadline = time.monotonic() + 30
        error = ""
        while time.monotonic() < deadline:  # until the interrupted cell is over (idle)
            msg = k.kc.get_iopub_msg(timeout=30)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "error":
                error = msg["content"]["ename"]
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        assert error == "KeyboardInterrupt"
        assert k.run("1 + 1")[0] == "2"
    finally:
        k.close()


def test_a_dead_zygote_kernel_is_seen_as_dead(zygote, tmp_path):
    k = Kernel(tmp_path, zygote=zygote)
    try:
        k.kc.execute("import os\nos._exit(1)")
        deadline = time.monotonic() + 30
        while k.km.is_alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not k.km.is_alive()
    finally:
        k.close()


def test_the_cage_is_complete_on_this_machine(kernel):
    report = json.loads((kernel.job / "jaula.json").read_text())
    assert report["aislamiento"] == "completo", report


def test_the_kernel_sees_only_its_own_processes(kernel):
    assert kernel.run("import os; os.getpid()")[0] == "1"


def test_the_class_folder_and_other_work_are_hidden(kernel):
    text, error = kernel.run(f"open({str(kernel.secret / 'gradebook.db')!r}).read()")
    assert error.startswith("FileNotFoundError")
    assert kernel.run(f"sorted(os.listdir({str(kernel.job.parents[1])!r}))")[0] == "['uno']"


def test_only_the_working_copy_is_writable(kernel):
    assert kernel.run("open('mio.txt', 'w').write('hola')")[0] == "4"
    assert (kernel.cwd / "mio.txt").read_text() == "hola"
    for target in ("/tmp/rumbo-jaula-prueba.txt", str(Path(jaula.__file__)), os.path.expanduser("~/x.txt")):
        _text, error = kernel.run(f"open({target!r}, 'a').write('trampa')")
        assert "Read-only file system" in error or "No such file" in error, (target, error)
    assert not Path("/tmp/rumbo-jaula-prueba.txt").exists()


def test_the_kernel_cannot_undo_the_cage(kernel):
    text, error = kernel.run("import subprocess\nsubprocess.run(['mount', '-o', 'remount,rw', '/'], "
                             "capture_output=True).returncode")
    assert text != "0"
    assert "CapEff:\t0000000000000000" in kernel.run("print(open('/proc/self/status').read())")[0]


def test_memory_is_capped_and_the_kernel_survives(kernel):
    _text, error = kernel.run("x = bytearray(2 * 1024 ** 3)")
    assert error.startswith("MemoryError")
    assert kernel.run("1 + 1")[0] == "2"


def test_output_is_capped(kernel):
    text, _error = kernel.run("for _ in range(100):\n    print('y' * 10_000)")
    assert len(text) < 110_000 and "Salida recortada" in text


def test_the_environment_points_into_the_working_copy(kernel):
    home = kernel.run("import os; os.environ['HOME'], os.environ['RUMBO_PLAN']")[0]
    assert str(kernel.job) in home


@pytest.mark.parametrize("warm", [False, True])
def test_without_isolation_the_limits_still_apply(tmp_path, warm, request):
    zygote_path = request.getfixturevalue("zygote") if warm else None
    k = Kernel(tmp_path, isolate=False, memory_mb=768, zygote=zygote_path)
    try:
        assert json.loads((k.job / "jaula.json").read_text())["aislamiento"] == "basico"
        assert k.run("x = bytearray(2 * 1024 ** 3)")[1].startswith("MemoryError")
    finally:
        k.close()


def test_the_user_namespace_path_of_non_root_trainers(tmp_path):
    """What a trainer without root gets where the system allows user namespaces."""
    k = Kernel(tmp_path, userns=True)
    try:
        report = json.loads((k.job / "jaula.json").read_text())
        if report["aislamiento"] != "completo":
            pytest.skip(f"user namespaces not available here: {report['motivo']}")
        assert k.run("open('ok.txt', 'w').write('x')")[0] == "1"
        assert "Read-only file system" in k.run("open('/tmp/rumbo-userns.txt', 'w')")[1]
        assert k.run(f"open({str(k.secret / 'gradebook.db')!r})")[1].startswith("FileNotFoundError")
    finally:
        k.close()
