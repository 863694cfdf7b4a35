"""The cage a learner's kernel runs in while it is graded (the ``rumbo-jaula`` kernel).

The grading worker starts every kernel through this module instead of plain
``ipykernel``::

    python -m rumbo.classroom.jaula -f CONNECTION_FILE ...

and tells it, through the environment, where the submission's working copy is
(``RUMBO_JAULA_JOB``) and what to hide (``RUMBO_JAULA_HIDE``). Two layers:

1. **Always** (any POSIX system): resource limits set with
   :func:`resource.setrlimit` before ipykernel starts: address space (memory
   cap), CPU seconds, size of any file written, no core dumps; a clean
   environment (``HOME``, ``TMPDIR``, the plan file and matplotlib's cache
   inside the working copy); and a cap on the bytes of output the kernel sends,
   so a learner's 100 MB ``print`` never reaches the grader.
2. **Where Linux allows it** (root, or unprivileged user namespaces): the kernel
   runs in its own mount and PID namespaces. Every file system is read-only
   except the submission's own working copy and ``/dev``; the class folder and
   the grading area (the gradebook, other submissions, the source notebooks)
   are covered by an empty read-only ``tmpfs``; every capability is dropped
   before ``exec`` (so the mounts cannot be undone) and the kernel only sees
   its own processes. If the namespaces cannot be created, layer 1 still
   applies and the grader's snapshot check (``grade.py``) catches any change.

What was achieved is written to ``jaula.json`` in the working copy, so the
report can say how isolated each submission was.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import signal
import sys
from pathlib import Path

ENV_JOB = "RUMBO_JAULA_JOB"
ENV_HIDE = "RUMBO_JAULA_HIDE"
ENV_MEMORY = "RUMBO_JAULA_MEMORY_MB"
ENV_CPU = "RUMBO_JAULA_CPU_S"
ENV_OUTPUT = "RUMBO_JAULA_OUTPUT_BYTES"
ENV_ISOLATE = "RUMBO_JAULA_ISOLATE"  # "0" turns layer 2 off (tests, unusual systems)
ENV_ZYGOTE = "RUMBO_JAULA_ZYGOTE"    # unix socket of a zygote with everything imported (optional)
ENV_USERNS = "RUMBO_JAULA_USERNS"    # "1": a user namespace even as root (tests the path non-root users take)
STAGE2 = "--nucleo"
REPORT = "jaula.json"

MAX_FILE_BYTES = 256 * 1024 * 1024  # no learner needs to write a bigger file
DEFAULT_OUTPUT_BYTES = 2 * 1024 * 1024

# Linux constants (stable kernel ABI).
CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID = 0x00020000, 0x10000000, 0x20000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 1, 24, 38
PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 47, 4
AT_FDCWD, AT_RECURSIVE = -100, 0x8000
MOUNT_ATTR_RDONLY = 0x1
SYS_MOUNT_SETATTR = {"x86_64": 442, "aarch64": 442}


class _MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


def _libc():
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
    libc.syscall.restype = ctypes.c_long
    return libc


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _mount(libc, source, target, fstype, flags, data=None) -> None:
    enc = lambda s: None if s is None else os.fsencode(s)  # noqa: E731
    _check(libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)), f"mount {target}")


def _set_readonly(libc, path: str, readonly: bool, recursive: bool) -> None:
    """mount_setattr(2): one call makes a whole mount tree read-only (Linux >= 5.12)."""
    import platform

    number = SYS_MOUNT_SETATTR.get(platform.machine())
    if number is None:
        raise OSError(38, "mount_setattr not known on this machine")
    attr = _MountAttr(MOUNT_ATTR_RDONLY if readonly else 0, 0 if readonly else MOUNT_ATTR_RDONLY, 0, 0)
    flags = AT_RECURSIVE if recursive else 0
    _check(libc.syscall(number, AT_FDCWD, os.fsencode(path), flags, ctypes.byref(attr),
                        ctypes.sizeof(attr)), f"mount_setattr {path}")


def _mount_points() -> list[str]:
    points = []
    with open("/proc/self/mountinfo", encoding="utf-8") as f:
        for line in f:
            points.append(line.split()[4].replace("\\040", " "))
    return points


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="ascii") as f:
        f.write(text)


def _enter_namespaces(libc) -> None:
    """unshare(2) into new mount and PID namespaces (and a user namespace when not root)."""
    uid, gid = os.geteuid(), os.getegid()
    flags = CLONE_NEWNS | CLONE_NEWPID
    if uid != 0 or os.environ.get(ENV_USERNS) == "1":
        flags |= CLONE_NEWUSER
    _check(libc.unshare(flags), "unshare")
    if flags & CLONE_NEWUSER:
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"0 {uid} 1")
        _write("/proc/self/gid_map", f"0 {gid} 1")


def _lock_down(libc, job: Path, hide: list[Path]) -> None:
    """Inside the new namespaces: read-only world, hidden grader folders, writable working copy."""
    _mount(libc, None, "/", None, MS_REC | MS_PRIVATE)  # nothing we do here reaches the host
    try:
        _mount(libc, "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    except OSError:
        pass  # some containers forbid a new /proc; the old one shows more, still read-only
    keep = os.open(job, os.O_PATH | os.O_DIRECTORY)
    for folder in hide:
        if not folder.is_dir():
            continue
        if job.is_relative_to(folder):
            # The working copy lives inside: cover the folder, then put the copy back.
            _mount(libc, "tmpfs", str(folder), "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=755")
            inside = folder / job.relative_to(folder)
            inside.mkdir(parents=True, exist_ok=True)
            _mount(libc, f"/proc/self/fd/{keep}", str(inside), None, MS_BIND | MS_REC)
        else:
            _mount(libc, "tmpfs", str(folder), "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                   "size=4k,mode=755")
    os.close(keep)
    try:
        _set_readonly(libc, "/", True, recursive=True)
    except OSError:  # older kernels: remount each mount point read-only, one by one
        for point in _mount_points():
            try:
                _mount(libc, None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY)
            except OSError:
                pass
    # What stays writable: the working copy and the devices (/dev/null, /dev/shm).
    if not _is_mount_point(str(job)):
        _mount(libc, str(job), str(job), None, MS_BIND | MS_REC)
    _make_writable(libc, str(job))
    if "/dev" in _mount_points():
        _make_writable(libc, "/dev")


def _make_writable(libc, path: str) -> None:
    try:
        _set_readonly(libc, path, False, recursive=True)
    except OSError:
        _mount(libc, None, path, None, MS_REMOUNT | MS_BIND)


def _is_mount_point(path: str) -> bool:
    return path in _mount_points()


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _drop_privileges(libc, now: bool = False) -> None:
    """No capability survives exec, and none can be regained: the mounts stay as they are.

    With ``now`` (a kernel that will not exec), the current process loses them at once too.
    """
    try:
        last = int(Path("/proc/sys/kernel/cap_last_cap").read_text())
    except (OSError, ValueError):
        last = 40
    for cap in range(last + 1):
        libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    if now:
        header, data = _CapHeader(0x20080522, 0), (_CapData * 2)()
        _check(libc.capset(ctypes.byref(header), ctypes.byref(data)), "capset")


def _report(job: Path, level: str, reason: str = "") -> None:
    try:
        (job / REPORT).write_text(json.dumps({"aislamiento": level, "motivo": reason}), encoding="utf-8")
    except OSError:
        pass


def _stage2_argv(argv: list[str]) -> list[str]:
    return [sys.executable, "-m", "rumbo.classroom.jaula", STAGE2, *argv]


def _supervise(child: int, watch: int | None = None) -> None:
    """The parent outside the namespaces: forward signals, exit as the kernel did.

    With ``watch`` (a process id), also stop the kernel when that process ends:
    a kernel forked by the zygote is not a child of the launcher jupyter watches.
    """
    signal.signal(signal.SIGINT, (lambda *a: _signal(child, signal.SIGINT)) if watch else signal.SIG_IGN)
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(sig, lambda *a: _signal(child, signal.SIGKILL))
    watcher = _pidfd(watch) if watch else None
    while True:
        try:
            if watcher is None:
                _, status = os.waitpid(child, 0)
                break
            import select

            if select.select([watcher], [], [], 0.25)[0]:
                _signal(child, signal.SIGKILL)
            done, status = os.waitpid(child, os.WNOHANG)
            if done:
                break
        except InterruptedError:
            continue
        except ChildProcessError:
            os._exit(1)
    code = os.waitstatus_to_exitcode(status)
    os._exit(code if code >= 0 else 128 - code)


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _pidfd(pid: int) -> int | None:
    try:
        return os.pidfd_open(pid)
    except (OSError, AttributeError):
        return None


def _run_caged(argv: list[str], job: Path, hide: list[Path], cwd: str, in_process: bool,
               watch: int | None = None) -> None:
    """Namespaces, fork, lock down, then the kernel: exec'd (stage 2) or, in a zygote's child, in place."""
    def kernel(level: str, reason: str = "") -> None:
        _report(job, level, reason)
        if in_process:
            stage2(argv, watch=watch if level == "basico" else None)
            os._exit(0)
        os.execv(sys.executable, _stage2_argv(argv))

    if os.environ.get(ENV_ISOLATE, "1") == "0" or not sys.platform.startswith("linux"):
        kernel("basico", "desactivado")
    try:
        libc = _libc()
        _enter_namespaces(libc)
    except (OSError, AttributeError) as exc:
        kernel("basico", str(exc))
    parent = os.getpid()
    child = os.fork()
    if child:
        _supervise(child, watch)
    try:  # child: PID 1 of the new namespace
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() not in (0, parent):
            os._exit(1)
        _lock_down(libc, job, hide)
        _drop_privileges(libc, now=in_process)
        os.chdir(cwd)
    except OSError as exc:  # rare: a kernel without mount_setattr and remount rights
        kernel("basico", str(exc))
    kernel("completo")


def main(argv: list[str]) -> None:
    """Stage 1 (what jupyter starts): the cage, then the kernel; a warm one from the zygote if there is one."""
    job = Path(os.environ.get(ENV_JOB) or os.getcwd()).resolve()
    hide = [Path(p).resolve() for p in os.environ.get(ENV_HIDE, "").split(os.pathsep) if p]
    cwd = os.getcwd()
    cage_environment(job)  # before exec: glibc reads MALLOC_ARENA_MAX when a process starts
    try:  # if the grading worker dies, its kernel goes with it
        _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    zygote = os.environ.get(ENV_ZYGOTE)
    if zygote:
        child = _ask_zygote(zygote, argv, cwd)
        if child:
            _wait_for(child)
    _run_caged(argv, job, hide, cwd, in_process=False)


# --- The zygote: kernels forked from a process that has already imported everything -------------

#: Imported once by the zygote, so a kernel starts with them loaded (most of a kernel's start-up).
PRELOAD = ("ipykernel.kernelapp", "ipykernel.iostream", "ipykernel.displayhook", "ipykernel.zmqshell",
           "numpy", "pandas", "matplotlib", "matplotlib.pyplot", "matplotlib_inline.backend_inline",
           "rumbo.course", "rumbo.exercises.checks", "rumbo.data", "rumbo.metrics",
           "rumbo.data.profile", "rumbo.data.plan")


def _ask_zygote(path: str, argv: list[str], cwd: str) -> int | None:
    import socket

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(30)
            conn.connect(path)
            request = {"argv": argv, "env": dict(os.environ), "cwd": cwd, "pid": os.getpid()}
            conn.sendall(json.dumps(request).encode("utf-8") + b"\n")
            answer = conn.makefile("r", encoding="utf-8").readline()
        return int(answer) if answer.strip().isdigit() else None
    except (OSError, ValueError):
        return None  # no zygote: start a kernel the ordinary way


def _wait_for(child: int) -> None:
    """Stage 1 of a zygote kernel: stay alive while it lives, pass jupyter's signals on."""
    watcher = _pidfd(child)
    signal.signal(signal.SIGINT, lambda *a: _signal(child, signal.SIGINT))
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(sig, lambda *a: (_signal(child, signal.SIGKILL), os._exit(1)))
    import select

    while True:
        try:
            if watcher is not None:
                if select.select([watcher], [], [], 1.0)[0]:
                    os._exit(0)
            else:
                os.kill(child, 0)
                select.select([], [], [], 0.5)
        except InterruptedError:
            continue
        except ProcessLookupError:
            os._exit(0)


def _preload(names) -> list[str]:
    import importlib
    import pkgutil

    loaded = []
    for name in names:
        try:
            importlib.import_module(name)
            loaded.append(name)
        except Exception:  # a module a colleague is still writing must not stop grading
            continue
    try:
        import rumbo.exercises as exercises  # preloaded by the zygote, so each forked kernel starts warm

        for info in pkgutil.iter_modules(exercises.__path__):
            try:
                importlib.import_module(f"rumbo.exercises.{info.name}")
                loaded.append(info.name)
            except Exception:
                continue
    except ImportError:
        pass
    return loaded


def zygote(path: str) -> None:
    """``python -m rumbo.classroom.jaula --zygote SOCKET``: import, then fork a kernel per request."""
    import socket
    import threading

    try:
        _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # dies with its worker
    except (OSError, AttributeError):
        pass
    _preload(PRELOAD)
    if threading.active_count() != 1:  # forking a threaded process is unsafe: serve nothing
        return
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    tmp = f"{path}.tmp"
    server.bind(tmp)
    os.chmod(tmp, 0o600)
    server.listen(8)
    os.replace(tmp, path)  # the socket appears only when the zygote is ready
    while True:
        conn, _addr = server.accept()
        try:
            request = json.loads(conn.makefile("r", encoding="utf-8").readline())
        except (OSError, ValueError):
            conn.close()
            continue
        pid = os.fork()
        if pid == 0:
            server.close()
            conn.close()
            _zygote_child(request)
        try:
            conn.sendall(f"{pid}\n".encode())
        except OSError:
            pass
        conn.close()


def _zygote_child(request: dict) -> None:
    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.environ.clear()
        os.environ.update(request["env"])
        job = Path(os.environ.get(ENV_JOB) or request["cwd"]).resolve()
        hide = [Path(p).resolve() for p in os.environ.get(ENV_HIDE, "").split(os.pathsep) if p]
        os.chdir(request["cwd"])
        _run_caged(request["argv"], job, hide, request["cwd"], in_process=True, watch=int(request["pid"]))
    finally:
        os._exit(1)


# --- Stage 2: limits, environment, output cap, then ipykernel ---------------------------


def _limit(kind: int, value: int) -> None:
    import resource

    soft, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    try:
        resource.setrlimit(kind, (value, value if hard == resource.RLIM_INFINITY else hard))
    except (ValueError, OSError):
        pass


def set_limits(memory_mb: int | None, cpu_seconds: int | None) -> None:
    import resource

    if memory_mb:
        _limit(resource.RLIMIT_AS, memory_mb * 1024 * 1024)
    if cpu_seconds:
        _limit(resource.RLIMIT_CPU, cpu_seconds)
    _limit(resource.RLIMIT_FSIZE, MAX_FILE_BYTES)
    _limit(resource.RLIMIT_CORE, 0)


def cage_environment(job: Path) -> None:
    """HOME, temporary files, the plan and matplotlib's cache all inside the working copy."""
    home = job / "home"
    for key in list(os.environ):
        if key.startswith(("AWS_", "GITHUB_", "GH_", "SSH_", "GPG_")) or "TOKEN" in key or "SECRET" in key:
            del os.environ[key]
    os.environ.update({
        "HOME": str(home), "TMPDIR": str(job / "tmp"), "RUMBO_PLAN": str(home / "rumbo" / "mi_plan.json"),
        "MPLCONFIGDIR": str(home / ".matplotlib"), "IPYTHONDIR": str(home / ".ipython"),
        "MALLOC_ARENA_MAX": "2", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1", "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    })


def cap_output(limit: int) -> None:
    """Stop sending output after ``limit`` bytes per kernel; say so once."""
    from ipykernel import iostream

    state = {"sent": 0, "told": False}
    notice = "\n[rumbo] Salida recortada: el cuaderno escribió más de {mb} MB.\n".format(
        mb=max(1, limit // (1024 * 1024)))
    original = iostream.OutStream.write

    def write(self, string):
        if not isinstance(string, str):
            return original(self, string)
        room = limit - state["sent"]
        if room <= 0:
            if not state["told"]:
                state["told"] = True
                original(self, notice)
            return len(string)
        state["sent"] += len(string)
        if len(string) > room:
            original(self, string[:room])
            state["told"] = True
            original(self, notice)
            return len(string)
        return original(self, string)

    iostream.OutStream.write = write

    from ipykernel import displayhook, zmqshell

    def shrink(data: dict) -> dict:
        out = {}
        for mime, value in data.items():
            if isinstance(value, str) and len(value) > limit:
                value = value[:limit] + notice
            out[mime] = value
        return out

    hook_write = displayhook.ZMQShellDisplayHook.write_format_data

    def write_format_data(self, format_dict, md_dict=None):
        return hook_write(self, shrink(format_dict), md_dict)

    displayhook.ZMQShellDisplayHook.write_format_data = write_format_data
    publish = zmqshell.ZMQDisplayPublisher.publish

    def publish_small(self, data, *args, **kwargs):
        return publish(self, shrink(data), *args, **kwargs)

    zmqshell.ZMQDisplayPublisher.publish = publish_small


def _watchdog(pid: int) -> None:
    """A kernel with no supervisor of its own ends when the process jupyter watches ends."""
    import threading
    import time

    def watch():
        while True:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass
            time.sleep(1)

    threading.Thread(target=watch, daemon=True, name="rumbo-watchdog").start()


def stage2(argv: list[str], watch: int | None = None) -> None:
    job = Path(os.environ.get(ENV_JOB) or os.getcwd())
    if watch:
        _watchdog(watch)
    for folder in ("home", "tmp"):
        (job / folder).mkdir(exist_ok=True)

    def number(name):
        try:
            return int(os.environ.get(name, ""))
        except ValueError:
            return None

    set_limits(number(ENV_MEMORY), number(ENV_CPU))
    cap_output(number(ENV_OUTPUT) or DEFAULT_OUTPUT_BYTES)
    from ipykernel import kernelapp

    sys.argv = [sys.argv[0], *argv]
    kernelapp.launch_new_instance()


def probe() -> bool:
    """Can kernels be fully caged here? Tries the namespaces and a mount in a throwaway process."""
    import subprocess

    if not sys.platform.startswith("linux"):
        return False
    try:
        done = subprocess.run([sys.executable, "-m", "rumbo.classroom.jaula", "--probe"], capture_output=True,
                              timeout=30, env=dict(os.environ, **{ENV_USERNS: os.environ.get(ENV_USERNS, "0")}))
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _probe_here() -> int:
    import tempfile

    try:
        libc = _libc()
        _enter_namespaces(libc)
        _mount(libc, None, "/", None, MS_REC | MS_PRIVATE)
        folder = tempfile.mkdtemp(prefix="rumbo-probe-")
        try:
            _mount(libc, "tmpfs", folder, "tmpfs", 0, "size=4k")
            _set_readonly(libc, folder, True, recursive=False)
            libc.umount2(os.fsencode(folder), 2)  # MNT_DETACH
        finally:
            os.rmdir(folder)
    except (OSError, AttributeError):
        return 1
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--probe":
        sys.exit(_probe_here())
    if args and args[0] == STAGE2:
        stage2(args[1:])
    elif args and args[0] == "--zygote":
        zygote(args[1])
    else:
        main(args)
