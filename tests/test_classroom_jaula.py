"""The cage of a learner's kernel, tested directly: a real kernel through jupyter_client.

Each attack a learner's notebook could try is tried here, as root (what a trainer's VM and
CI give): a connection to a real listener on 127.0.0.1 with the token of the trainer's Jupyter
server, /etc/shadow, the class folder and the trainer's home, a file left in /dev/shm for the
next submission, three 700 MB children and a fork bomb against the caps of the whole notebook.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from rumbo.classroom import jaula
from tests.classroom_helpers import Listener, fake_trainer_server

pytestmark = pytest.mark.grading


@pytest.fixture
def trainer_server():
    with fake_trainer_server() as found:
        yield found


def _spec(home: Path, prefix=()) -> None:
    spec = home / "kernels" / "rumbo-jaula"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [*prefix, sys.executable, "-m", "rumbo.classroom.jaula", "-f", "{connection_file}"],
        "display_name": "jaula", "language": "python"}))


def _show() -> list[str]:
    from rumbo.data import datasets_dir

    return jaula.default_show() + [str(datasets_dir())]


SHOW = _show()


class Kernel:
    """A caged kernel as the grading worker starts one: ipc sockets, a job folder, the class hidden."""

    def __init__(self, tmp_path: Path, isolate: bool = True, memory_mb: int = 768, zygote: str | None = None,
                 cgroup_paths=(), argv_prefix=(), language: str | None = None):
        from jupyter_client.manager import KernelManager

        self.job = tmp_path / "area" / "jobs" / "uno" / "caja"
        self.cwd = self.job / "autograded"
        self.cwd.mkdir(parents=True)
        (self.job / "home").mkdir()
        self.secret = tmp_path / "clase"
        self.secret.mkdir()
        (self.secret / "gradebook.db").write_text("notas")
        ipc = tmp_path / "area" / "ipc"
        ipc.mkdir(mode=0o700)
        ids = jaula.ensure_cage_user()
        if ids and isolate:
            os.chown(ipc, *ids)
        _spec(tmp_path / "share", argv_prefix)
        env = dict(os.environ, JUPYTER_PATH=str(tmp_path / "share"), JUPYTER_RUNTIME_DIR=str(self.job),
                   **jaula.environment(self.job, show=SHOW, hide=[self.secret, tmp_path / "area"], ipc=ipc,
                                       cgroups=cgroup_paths, memory_mb=memory_mb, output_bytes=100000,
                                       isolate=isolate))
        if zygote:
            env[jaula.ENV_ZYGOTE] = zygote
        if language:  # the class's edition, as the grading worker sets it
            env["RUMBO_LANG"] = language
        self.km = KernelManager(kernel_name="rumbo-jaula", transport="ipc", ip=str(ipc / "k"))
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
        assert k.run("import os; os.getpid()")[0] == "2"
        assert k.run("x = bytearray(2 * 1024 ** 3)")[1].startswith("MemoryError")
        _text, error = k.run("import sys; sys.exit()")
        assert "SystemExit" in error and k.run("2 + 2")[0] == "4"
    finally:
        k.close()


def test_a_zygote_kernel_speaks_its_job_s_language(zygote, tmp_path):
    """The zygote imported the package before any job (in the trainer's language); a kernel forked
    for an English class's job speaks English, and so does the notice of its output cap."""
    from rumbo.classroom.diagnose import output_cut_notice
    from rumbo.core.i18n import in_language

    k = Kernel(tmp_path, zygote=zygote, language="en")
    try:
        assert k.run("from rumbo.core.i18n import get_language; get_language()")[0] == "'en'"
        text, _error = k.run("print('x' * 200_000)")
        with in_language("en"):
            assert output_cut_notice(1).strip() in text
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
    assert report["aislamiento"] == "completo" and report["usuario"] == jaula.CAGE_USER, report


def test_the_kernel_sees_only_its_own_processes_and_leaves_no_zombie(kernel):
    assert kernel.run("import os; os.getpid()")[0] == "2"  # PID 1 is the cage's init
    text, _error = kernel.run("import subprocess, time\n"
                              "subprocess.run(['sh', '-c', 'for i in 1 2 3 4 5; do sleep 0.2 & done'])\n"
                              "time.sleep(2)\nprint(sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))")
    assert text.strip() == "[1, 2]"  # the orphans were reaped: no zombie holds the process cap


def test_no_connection_leaves_the_cage(kernel, trainer_server):
    """The trainer's JupyterLab token is out of sight, and nothing reaches a server on 127.0.0.1."""
    listener, token_file = trainer_server
    text, error = kernel.run(
        "import glob, json, socket\n"
        f"print(glob.glob({str(token_file.parent)!r} + '/jpserver-*.json'))\n"
        f"socket.create_connection(('127.0.0.1', {listener.port}), timeout=5).sendall(b'GET /api/contents')")
    assert text.strip() == "[]"
    assert error.startswith("ConnectionRefusedError"), error
    _text, error = kernel.run(f"open({str(token_file)!r}).read()")
    assert error.startswith("FileNotFoundError")
    _text, error = kernel.run("socket.create_connection(('192.0.2.1', 80), timeout=5)")
    assert "Network is unreachable" in error, error
    assert kernel.run("import socket; socket.if_nameindex()")[0] == "[(1, 'lo')]"
    time.sleep(0.5)
    assert listener.received == []


def test_it_runs_as_an_unprivileged_user_without_capabilities(kernel):
    import pwd

    assert kernel.run("import os; os.getuid(), os.geteuid()")[0] == str((pwd.getpwnam(jaula.CAGE_USER).pw_uid,) * 2)
    _text, error = kernel.run("open('/etc/shadow').read()")
    assert error.startswith("PermissionError"), error
    assert "CapEff:\t0000000000000000" in kernel.run("print(open('/proc/self/status').read())")[0]
    text, _error = kernel.run("import subprocess\nsubprocess.run(['mount', '-o', 'remount,rw', '/'], "
                              "capture_output=True).returncode")
    assert text != "0"


def test_the_class_folder_the_trainers_home_and_other_work_are_hidden(kernel):
    text, error = kernel.run(f"open({str(kernel.secret / 'gradebook.db')!r}).read()")
    assert error.startswith("FileNotFoundError")
    assert kernel.run(f"sorted(os.listdir({str(kernel.job.parents[1])!r}))")[0] == "['uno']"
    assert kernel.run(f"sorted(os.listdir({str(kernel.job)!r}))")[0] == "['autograded', 'home']"
    # The trainer's home holds only the folders this Python lives in, nothing of the trainer's.
    home = Path.home()
    needed = sorted({Path(p).relative_to(home).parts[0] for p in SHOW if Path(p).is_relative_to(home)})
    listing = kernel.run(f"sorted(os.listdir({str(home)!r})) if os.path.isdir({str(home)!r}) else []")[0]
    assert listing == str(needed), listing
    assert kernel.run("print(sorted(os.listdir('/')))")[0].strip() == str(sorted(
        {Path(p).parts[1] for p in SHOW} | {"bin", "dev", "etc", "lib", "proc", "sbin", "tmp", "usr"}
        | {p for p in ("lib32", "lib64", "libx32") if os.path.exists(f"/{p}")}))


def test_writes_stay_in_private_copies(kernel):
    assert kernel.run("open('mio.txt', 'w').write('hola')")[0] == "4"
    assert kernel.run("open('mio.txt').read()")[0] == "'hola'"
    assert not (kernel.cwd / "mio.txt").exists()  # the grader's working copy is untouched
    assert kernel.run("open('/tmp/rumbo-jaula-prueba.txt', 'w').write('x')")[0] == "1"
    assert not Path("/tmp/rumbo-jaula-prueba.txt").exists()
    for target in (str(Path(jaula.__file__)), "/usr/rumbo-prueba", "/rumbo-prueba"):
        _text, error = kernel.run(f"open({target!r}, 'a').write('trampa')")
        assert "Read-only file system" in error or "Permission denied" in error, (target, error)


def test_dev_shm_is_private_and_gone_with_the_kernel(kernel, tmp_path):
    name = f"rumbo-jaula-{os.getpid()}"
    assert kernel.run(f"open('/dev/shm/{name}', 'w').write('para el siguiente')")[0] == "17"
    assert not Path(f"/dev/shm/{name}").exists()
    other = Kernel(tmp_path)
    try:
        assert other.run(f"import os; os.path.exists('/dev/shm/{name}')")[0] == "False"
    finally:
        other.close()


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
    assert kernel.run("import os; [k for k in os.environ if 'TOKEN' in k]")[0] == "[]"


def group_pids(group) -> list[str]:
    return Path(group.folders["pids"], "cgroup.procs").read_text().split()


@pytest.fixture
def group():
    from rumbo.classroom import cgroups

    if not {"memory", "pids"} <= set(cgroups.available()):
        pytest.fail("this machine (and CI) runs as root with writable memory and pids controllers")
    made = cgroups.JobGroup.create(f"prueba-{os.getpid()}-{time.monotonic_ns()}", 1024, pids=64)
    yield made
    made.close()


@pytest.fixture
def capped(tmp_path, group):
    """A kernel in its submission's control groups: 1024 MB and 64 tasks for everything it starts."""
    k = Kernel(tmp_path, memory_mb=1024, cgroup_paths=group.paths)
    yield k
    k.close()


def test_three_big_children_cannot_share_more_than_the_cap(capped, group):
    """Each child is under the per-process cap (1024 MB); the three together are not."""
    text, _error = capped.run(
        "import subprocess, sys\n"
        "hijos = [subprocess.Popen([sys.executable, '-c', 'import time; x = bytearray(700 * 1024 ** 2); "
        "time.sleep(3)']) for _ in range(3)]\n"
        "print([h.wait() for h in hijos])")
    codes = json.loads(text)
    assert -9 in codes, codes  # the memory cap of the whole notebook killed at least one
    assert capped.run("1 + 1")[0] == "2"
    assert group.events()["memory_kills"] >= 1


def test_a_fork_bomb_stops_at_the_process_cap(capped, group):
    _text, error = capped.run(
        "import os, time\n"
        "hijos = 0\n"
        "while hijos < 10_000:\n"
        "    if os.fork() == 0:\n"
        "        time.sleep(2)\n"
        "        os._exit(0)\n"
        "    hijos += 1")
    assert error.startswith("BlockingIOError"), error
    assert int(Path(group.folders["pids"], "pids.current").read_text()) <= 64
    assert len(group_pids(group)) <= 64  # and nothing of it escaped the group
    assert group.events()["pids_refused"] >= 1


@pytest.mark.parametrize("warm", [False, True])
def test_without_isolation_the_limits_still_apply(tmp_path, warm, request):
    zygote_path = request.getfixturevalue("zygote") if warm else None
    k = Kernel(tmp_path, isolate=False, memory_mb=768, zygote=zygote_path)
    try:
        assert json.loads((k.job / "jaula.json").read_text())["aislamiento"] == "basico"
        assert k.run("x = bytearray(2 * 1024 ** 3)")[1].startswith("MemoryError")
    finally:
        k.close()


def test_a_cage_that_cannot_be_built_starts_no_kernel(tmp_path):
    """A missing cage user (say) is a refusal with its reason, never an uncaged kernel."""
    import subprocess

    job = tmp_path / "caja"
    (job / "autograded").mkdir(parents=True)
    env = dict(os.environ, **jaula.environment(job, show=SHOW, user="rumbo-no-existe"))
    done = subprocess.run([sys.executable, "-m", "rumbo.classroom.jaula", "--ejecutar", "/usr/bin/id"],
                          cwd=job / "autograded", env=env, capture_output=True, text=True, timeout=60)
    report = json.loads((job / "jaula.json").read_text())
    assert done.returncode != 0 and "uid=" not in done.stdout
    assert report["aislamiento"] == "fallo" and "rumbo-no-existe" in report["motivo"]


FACTS = r"""
import json, os, socket, sys
facts = {"uid": os.getuid(), "pid": os.getpid()}
try:
    open("/etc/shadow").read(); facts["shadow"] = "leido"
except OSError as exc:
    facts["shadow"] = type(exc).__name__
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5).sendall(b"hola"); facts["red"] = "conectado"
except OSError as exc:
    facts["red"] = type(exc).__name__
facts["secreto"] = os.path.exists(sys.argv[2])
facts["raiz"] = sorted(os.listdir("/"))
open("/tmp/x", "w").write("x")
facts["capeff"] = [l for l in open("/proc/self/status") if l.startswith("CapEff")][0].split()[1]
print(json.dumps(facts))
"""


def test_the_user_namespace_path_of_trainers_without_root(tmp_path):
    """What a trainer who is not root gets: the same cage in a user namespace, as themselves.

    Run here as the unprivileged ``rumbo-jaula`` with Debian's Python (pyenv's is in root's home)."""
    import shutil
    import subprocess
    import tempfile

    setpriv, python = shutil.which("setpriv"), "/usr/bin/python3"
    ids = jaula.ensure_cage_user()
    if not (setpriv and os.path.exists(python) and ids):
        pytest.skip("needs setpriv and Debian's python3")
    base = Path(tempfile.mkdtemp(prefix="rumbo-sin-root-"))
    listener = Listener()
    try:
        base.chmod(0o755)
        job, secret = base / "caja", base / "clase" / "alumnos.csv"
        (job / "autograded").mkdir(parents=True)
        secret.parent.mkdir()
        secret.write_text("id,nombre\nana,Ana\n")
        for path in (base, job, job / "autograded", secret.parent, secret):
            os.chown(path, *ids)
        src = str(Path(jaula.__file__).parents[2])
        env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": src,
               **jaula.environment(job, show=[src], hide=[secret.parent])}
        done = subprocess.run([setpriv, f"--reuid={ids[0]}", f"--regid={ids[1]}", "--clear-groups",
                               python, "-m", "rumbo.classroom.jaula", "--ejecutar", python, "-c", FACTS,
                               str(listener.port), str(secret)],
                              cwd=job / "autograded", env=env, capture_output=True, text=True, timeout=60)
        report = json.loads((job / "jaula.json").read_text())
        if report["aislamiento"] == "fallo" and "unshare" in report["motivo"]:
            pytest.skip(f"user namespaces are not available here: {report['motivo']}")
        facts = json.loads(done.stdout)
        assert report["aislamiento"] == "completo"
        assert facts["uid"] == ids[0] and facts["pid"] == 2 and facts["capeff"] == "0000000000000000"
        assert facts["shadow"] == "PermissionError" and facts["red"] == "ConnectionRefusedError"
        assert facts["secreto"] is False and not {"root", "home", "srv"} & set(facts["raiz"])
        assert not Path("/tmp/x").exists() or Path("/tmp/x").stat().st_uid != ids[0]
        assert listener.received == []
    finally:
        listener.close()
        shutil.rmtree(base, ignore_errors=True)


def _without_user_namespaces(uid: int, gid: int):
    """A user namespace (made by root) in which creating another one is forbidden
    (user.max_user_namespaces = 0), entered as ``uid``: a trainer without root on a system
    that allows no user namespaces. Returns (holder process, preexec function)."""
    import ctypes
    import subprocess

    holder = subprocess.Popen(["unshare", "--user", f"--map-user={uid}", f"--map-group={gid}", "sleep", "120"])
    deadline = time.monotonic() + 10
    while os.readlink(f"/proc/{holder.pid}/ns/user") == os.readlink("/proc/self/ns/user"):
        assert time.monotonic() < deadline
        time.sleep(0.02)

    def enter():
        libc = ctypes.CDLL(None, use_errno=True)
        fd = os.open(f"/proc/{holder.pid}/ns/user", os.O_RDONLY)
        if libc.setns(fd, 0x10000000) != 0:
            os._exit(90)
        with open("/proc/sys/user/max_user_namespaces", "w") as f:
            f.write("0")
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)

    return holder, enter


def test_without_root_or_user_namespaces_the_probe_says_no(tmp_path):
    import shutil
    import subprocess

    if not (os.path.exists("/usr/bin/python3") and shutil.which("unshare")):
        pytest.skip("needs Debian's python3 (pyenv's is in root's home) and util-linux's unshare")
    ids = jaula.ensure_cage_user()
    src = str(Path(jaula.__file__).parents[2])
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": src}
    probe = ["/usr/bin/python3", "-m", "rumbo.classroom.jaula", "--probe"]
    assert subprocess.run(probe, env=env, preexec_fn=lambda: (os.setresgid(ids[1], ids[1], ids[1]),
                                                              os.setresuid(ids[0], ids[0], ids[0])),
                          cwd="/").returncode == 0  # the same user, where user namespaces are allowed
    holder, enter = _without_user_namespaces(*ids)
    try:
        done = subprocess.run(probe, env=env, preexec_fn=enter, cwd="/", capture_output=True)
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 1, done.stderr


def test_grade_refuses_to_run_uncaged_unless_asked():
    from rumbo.classroom.grade import cage_summary, check_cage
    from rumbo.core.errors import InvalidInputError

    with pytest.raises(InvalidInputError) as refused:
        check_cage(allow_uncaged=False, possible=False)
    message = str(refused.value)
    assert "no permite aislar los cuadernos" in message and "--sin-aislamiento" in message
    assert "Traceback" not in message
    caged, _user = check_cage(allow_uncaged=True, possible=False)
    assert caged is False
    lines = cage_summary(False, "", 60, 2048, {})
    assert "Sin aislamiento" in lines[0] and "2048 MB de memoria por proceso" in lines[1]
    assert check_cage(allow_uncaged=False)[0] is True  # this machine (and CI) can cage kernels
