"""The cage a learner's kernel runs in while it is graded (the ``rumbo-jaula`` kernel).

The grading worker starts every kernel through this module instead of plain
``ipykernel``::

    python -m rumbo.classroom.jaula -f CONNECTION_FILE ...

and describes the cage through the environment (:func:`environment`). Two layers:

1. **Always** (any POSIX system): resource limits set with
   :func:`resource.setrlimit` before ipykernel starts: address space (memory
   cap of each process), CPU seconds, size of any file written, no core dumps,
   and a process count where no control group caps it; a clean environment
   (``HOME``, temporary files, the plan file and matplotlib's cache inside the
   working copy); and a cap on the bytes of output the kernel sends, so a
   learner's 100 MB ``print`` never reaches the grader.
2. **Where Linux allows it** (root, or unprivileged user namespaces), the
   *full cage*:

   - its own network namespace: nothing but its own loopback, so no connection
     reaches the grader's machine or the internet (the kernel talks to the
     grader over Unix sockets, ZeroMQ's ``ipc`` transport, in a folder shared
     with the cage);
   - its own PID, IPC and UTS namespaces: it sees only its own processes, under
     a small init that reaps whatever the learner's code leaves behind;
   - its own mount namespace with a new, read-only root that holds only the
     system (``/usr``, ``/etc``, ``/lib``...), the Python installation and the
     course package: no home folder (the trainer's, with Jupyter's runtime
     files and tokens, or anyone's), no class folder, no other submission.
     ``/tmp``, ``/dev/shm``, ``HOME`` and the notebook's folder are fresh,
     private ``tmpfs`` that vanish with the kernel;
   - started by root, it runs as the unprivileged system user ``rumbo-jaula``;
     started by anyone else, as that user, in a user namespace; either way with
     no capability left and ``no_new_privs``;
   - it joins its submission's control groups (:mod:`cgroups`) before dropping
     root, so memory and process caps hold for everything it starts.

   If the cage cannot be built, the kernel does not start: the grader reports
   why. Only ``RUMBO_JAULA_ISOLATE=0`` (``grade --sin-aislamiento``) runs
   kernels with layer 1 alone.

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
from dataclasses import dataclass, field
from pathlib import Path

from rumbo.classroom import cgroups

ENV_JOB = "RUMBO_JAULA_JOB"          # the submission's working copy (host path)
ENV_SHOW = "RUMBO_JAULA_SHOW"        # folders the kernel may read (besides the system's)
ENV_HIDE = "RUMBO_JAULA_HIDE"        # folders covered even if inside a shown one
ENV_IPC = "RUMBO_JAULA_IPC"          # folder of the kernel's ZeroMQ sockets
ENV_CGROUPS = "RUMBO_JAULA_CGROUPS"  # control groups the kernel joins
ENV_USER = "RUMBO_JAULA_USER"        # who the kernel runs as when started by root
ENV_MEMORY = "RUMBO_JAULA_MEMORY_MB"
ENV_CPU = "RUMBO_JAULA_CPU_S"
ENV_OUTPUT = "RUMBO_JAULA_OUTPUT_BYTES"
ENV_ISOLATE = "RUMBO_JAULA_ISOLATE"  # "0": layer 1 only (the trainer asked for it)
ENV_ZYGOTE = "RUMBO_JAULA_ZYGOTE"    # unix socket of a zygote with everything imported (optional)
STAGE2 = "--nucleo"
REPORT = "jaula.json"
CAGE_USER = "rumbo-jaula"

FULL, BASIC, FAILED = "completo", "basico", "fallo"
MAX_FILE_BYTES = 256 * 1024 * 1024  # no learner needs to write a bigger file
DEFAULT_OUTPUT_BYTES = 2 * 1024 * 1024
#: Tasks (processes and threads) one kernel may start when no control group caps them.
PROCESSES = cgroups.DEFAULT_PIDS
SCRATCH = "size=256m,nr_inodes=20000"   # each private tmpfs
SYSTEM_PATHS = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
DEVICES = ("null", "zero", "full", "random", "urandom", "tty")
ROOT_DIR = "raiz"                       # mount point of the new root, inside the working copy

# Linux constants (stable kernel ABI).
CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 1, 24, 38
PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 47, 4
AT_FDCWD, AT_RECURSIVE = -100, 0x8000
MOUNT_ATTR_RDONLY, MOUNT_ATTR_NOSUID, MOUNT_ATTR_NODEV = 0x1, 0x2, 0x4
SYSCALLS = {"x86_64": {"mount_setattr": 442, "pivot_root": 155},
            "aarch64": {"mount_setattr": 442, "pivot_root": 41}}
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1


class _MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


# --- what the worker tells the kernel --------------------------------------------------------


def environment(job: str | os.PathLike, *, show=(), hide=(), ipc: str | os.PathLike | None = None,
                cgroups=(), memory_mb: int | None = None, cpu_s: int | None = None,
                output_bytes: int | None = None, isolate: bool = True, user: str | None = None) -> dict[str, str]:
    """The environment variables that describe one kernel's cage (for the worker and the tests)."""
    env = {
        ENV_JOB: str(job), ENV_SHOW: os.pathsep.join(map(str, show)), ENV_HIDE: os.pathsep.join(map(str, hide)),
        ENV_IPC: str(ipc or ""), ENV_CGROUPS: os.pathsep.join(map(str, cgroups)),
        ENV_MEMORY: str(memory_mb or ""), ENV_CPU: str(cpu_s or ""), ENV_ISOLATE: "1" if isolate else "0",
    }
    if output_bytes:
        env[ENV_OUTPUT] = str(output_bytes)
    if user:
        env[ENV_USER] = user
    return env


def default_show() -> list[str]:
    """What a kernel needs to read: this Python (its installation, the virtual environment,
    site-packages) and the ``rumbo`` package. Everything else stays out of the cage."""
    import importlib.util
    import site
    import sysconfig

    found = [sys.base_prefix, sys.base_exec_prefix, sys.prefix, sys.exec_prefix,
             sysconfig.get_paths()["stdlib"], *site.getsitepackages()]
    if site.ENABLE_USER_SITE and os.path.isdir(site.getusersitepackages()):
        found.append(site.getusersitepackages())
    spec = importlib.util.find_spec("rumbo")
    if spec and spec.submodule_search_locations:
        found += [str(Path(p).parent) for p in spec.submodule_search_locations]
    return _outermost(found)


def _outermost(paths) -> list[str]:
    """Existing folders, resolved, without those inside another one of the list."""
    resolved = sorted({str(Path(p).resolve()) for p in paths if p and os.path.isdir(p)})
    kept: list[str] = []
    for path in resolved:
        if not any(Path(path).is_relative_to(k) for k in kept):
            kept.append(path)
    return kept


@dataclass
class Plan:
    """One kernel's cage, read from the environment."""

    job: Path
    cwd: Path
    show: list[str] = field(default_factory=list)
    hide: list[Path] = field(default_factory=list)
    ipc: Path | None = None
    cgroups: list[str] = field(default_factory=list)
    user: str = CAGE_USER
    memory_mb: int | None = None

    @classmethod
    def from_env(cls, cwd: str) -> Plan:
        def paths(name):
            return [p for p in os.environ.get(name, "").split(os.pathsep) if p]

        ipc = os.environ.get(ENV_IPC)
        return cls(job=Path(os.environ.get(ENV_JOB) or cwd).resolve(), cwd=Path(cwd).resolve(),
                   show=_outermost(paths(ENV_SHOW)), hide=[Path(p).resolve() for p in paths(ENV_HIDE)],
                   ipc=Path(ipc).resolve() if ipc else None, cgroups=paths(ENV_CGROUPS),
                   user=os.environ.get(ENV_USER) or CAGE_USER, memory_mb=_number(ENV_MEMORY))

    @property
    def home(self) -> Path:
        return self.job / "home"


def _number(name: str) -> int | None:
    try:
        return int(os.environ.get(name, ""))
    except ValueError:
        return None


# --- the unprivileged user --------------------------------------------------------------------


def cage_ids(name: str | None = None) -> tuple[int, int] | None:
    """(uid, gid) of the user kernels run as when the grader is root, if it exists."""
    import pwd

    try:
        entry = pwd.getpwnam(name or os.environ.get(ENV_USER) or CAGE_USER)
    except KeyError:
        return None
    return entry.pw_uid, entry.pw_gid


def ensure_cage_user() -> tuple[int, int] | None:
    """As root, the system user ``rumbo-jaula`` (created the first time: no home, no shell, no
    password). Anyone else runs kernels as themselves, in a user namespace."""
    import shutil
    import subprocess

    ids = cage_ids()
    if ids is not None or os.geteuid() != 0:
        return ids
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"
    subprocess.run([useradd, "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                    "--shell", "/usr/sbin/nologin", "--comment", "Rumbo (cuadernos en correccion)", CAGE_USER],
                   capture_output=True, check=False)
    return cage_ids(CAGE_USER)  # another grader may have created it at the same moment


# --- Linux primitives -------------------------------------------------------------------------


def _libc():
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
    libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]
    libc.syscall.restype = ctypes.c_long
    return libc


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _syscall(name: str) -> int:
    import platform

    number = SYSCALLS.get(platform.machine(), {}).get(name)
    if number is None:
        raise OSError(38, f"{name} not known on this machine")
    return number


def _mount(libc, source, target, fstype, flags, data=None) -> None:
    enc = lambda s: None if s is None else os.fsencode(s)  # noqa: E731
    _check(libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)), f"mount {target}")


def _set_attributes(libc, path: str, attributes: int, recursive: bool = True) -> None:
    """mount_setattr(2): read-only (and nosuid, nodev) for a whole mount tree in one call."""
    attr = _MountAttr(attributes, 0, 0, 0)
    flags = AT_RECURSIVE if recursive else 0
    _check(libc.syscall(_syscall("mount_setattr"), AT_FDCWD, os.fsencode(path), flags, ctypes.byref(attr),
                        ctypes.sizeof(attr)), f"mount_setattr {path}")


def _remount_readonly(libc, path: str, extra: int = 0) -> None:
    """Read-only with mount_setattr, or (older kernels) a remount that keeps the locked flags."""
    try:
        _set_attributes(libc, path, MOUNT_ATTR_RDONLY | extra)
        return
    except OSError:
        pass
    kept = os.statvfs(path).f_flag & (MS_NOSUID | MS_NODEV | MS_NOEXEC)
    _mount(libc, None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | kept | extra)


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="ascii") as f:
        f.write(text)


def _loopback_up() -> None:
    """The new network namespace's loopback, up (``ip link set lo up``): the only network there is."""
    import fcntl
    import socket
    import struct

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH22x", b"lo", 0)
        flags = struct.unpack("16sH22x", fcntl.ioctl(sock, SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(sock, SIOCSIFFLAGS, struct.pack("16sH22x", b"lo", flags | IFF_UP))


def _namespace_flags() -> int:
    flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
    return flags if os.geteuid() == 0 else flags | CLONE_NEWUSER


def _enter_namespaces(libc) -> None:
    """unshare(2) into new namespaces; without root, inside a user namespace that maps only us."""
    uid, gid = os.geteuid(), os.getegid()
    flags = _namespace_flags()
    _check(libc.unshare(flags), "unshare")
    if flags & CLONE_NEWUSER:
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")


def _close_inherited_fds() -> None:
    """No descriptor of the grader's world (a zygote's, a launcher's) survives into the cage."""
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd > 2:
            try:
                os.close(fd)
            except OSError:
                pass


# --- the new root -------------------------------------------------------------------------------


class View:
    """Builds the kernel's file system in a fresh tmpfs, then makes it the root (pivot_root)."""

    def __init__(self, libc, plan: Plan, owner: tuple[int, int]):
        self.libc, self.plan, self.owner = libc, plan, owner
        self.root = str(plan.job / ROOT_DIR)
        self.readonly: list[str] = []

    def inside(self, path) -> str:
        return self.root + str(path)

    def _tmpfs(self, path, mode: str, owned: bool = False, size: str = SCRATCH) -> str:
        target = self.inside(path)
        os.makedirs(target, exist_ok=True)
        owner = f",uid={self.owner[0]},gid={self.owner[1]}" if owned else ""
        _mount(self.libc, "tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, f"{size},mode={mode}{owner}")
        return target

    def _bind(self, source: str, writable: bool = False, device: bool = False) -> None:
        target = self.inside(source)
        if os.path.isdir(source):
            os.makedirs(target, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            open(target, "a").close()
        _mount(self.libc, source, target, None, MS_BIND | MS_REC)
        if not writable:
            self.readonly.append((target, device))

    def build(self) -> None:
        libc, plan = self.libc, self.plan
        if not plan.cwd.is_relative_to(plan.job):
            raise OSError(1, f"el cuaderno ({plan.cwd}) no está en su copia de trabajo ({plan.job})")
        _mount(libc, None, "/", None, MS_REC | MS_PRIVATE)  # nothing done here reaches the host
        os.makedirs(self.root, exist_ok=True)
        _mount(libc, "tmpfs", self.root, "tmpfs", MS_NOSUID | MS_NODEV, "size=4m,mode=755")
        for path in SYSTEM_PATHS:
            if os.path.islink(path):
                os.symlink(os.readlink(path), self.inside(path))
            elif os.path.isdir(path):
                self._bind(path)
        for path in plan.show:
            if not any(Path(path).is_relative_to(s) for s in SYSTEM_PATHS):
                self._bind(path)
        self._proc()
        self._dev()
        self._tmpfs("/tmp", "1777")
        for folder in (plan.home, plan.cwd):
            self._private_copy(folder)
        if plan.ipc is not None:
            self._bind(str(plan.ipc), writable=True)
        for folder in plan.hide:
            if os.path.isdir(self.inside(folder)) and not plan.cwd.is_relative_to(folder):
                _mount(libc, "tmpfs", self.inside(folder), "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV,
                       "size=4k,mode=755")
        for target, device in self.readonly:
            _remount_readonly(libc, target, 0 if device else MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV)

    def _proc(self) -> None:
        target = self.inside("/proc")
        os.makedirs(target, exist_ok=True)
        try:  # a procfs of the new PID namespace: only the kernel's own processes
            _mount(self.libc, "proc", target, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        except OSError:
            pass  # some containers forbid it: no /proc rather than the host's

    def _dev(self) -> None:
        dev = self._tmpfs("/dev", "755", size="size=64k")
        for name in DEVICES:
            if os.path.exists(f"/dev/{name}"):
                self._bind(f"/dev/{name}", writable=True, device=True)
        for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                             ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):
            os.symlink(target, os.path.join(dev, name))
        self._tmpfs("/dev/shm", "1777")
        _mount(self.libc, None, dev, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID)

    def _private_copy(self, folder: Path) -> None:
        """A writable tmpfs at ``folder`` holding a copy of it: the learner's writes never reach the host."""
        import shutil

        target = self._tmpfs(folder, "700", owned=True)
        if folder.is_dir():
            shutil.copytree(folder, target, symlinks=True, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns(ROOT_DIR, REPORT))
        for dirpath, dirnames, filenames in os.walk(target):
            for name in dirnames + filenames:
                os.lchown(os.path.join(dirpath, name), *self.owner)

    def add_file(self, path: str, text: str) -> None:
        """A file only the kernel can read, in its private home (its connection file)."""
        target = self.inside(path)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chown(target, *self.owner)

    def enter(self) -> None:
        """pivot_root into the new root and drop the old one: the host tree is gone from here."""
        os.chdir(self.root)
        _check(self.libc.syscall(_syscall("pivot_root"), b".", b"."), "pivot_root")
        _check(self.libc.umount2(b".", MNT_DETACH), "umount old root")
        os.chdir("/")
        _mount(self.libc, None, "/", None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


# --- privileges -----------------------------------------------------------------------------------


def _drop_bounding_set(libc) -> None:
    try:
        last = int(Path("/proc/sys/kernel/cap_last_cap").read_text())
    except (OSError, ValueError):
        last = 40
    for cap in range(last + 1):
        libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)


def _become(libc, ids: tuple[int, int] | None) -> None:
    """Lose root for good: the unprivileged user (from root), no capability, no way back."""
    parent = os.getppid()
    _drop_bounding_set(libc)
    if ids is not None and os.geteuid() == 0:
        os.setgroups([])
        os.setresgid(ids[1], ids[1], ids[1])
        os.setresuid(ids[0], ids[0], ids[0])  # clears every capability
    else:  # in a user namespace: same user, no capability left in it either
        header, data = _CapHeader(0x20080522, 0), (_CapData * 2)()
        _check(libc.capset(ctypes.byref(header), ctypes.byref(data)), "capset")
    _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # a change of user clears it
    if os.getppid() != parent:
        os._exit(1)


# --- stage 1: the cage, then the kernel ------------------------------------------------------------


def _report(job: Path, level: str, reason: str = "", **details) -> None:
    try:
        (job / REPORT).write_text(json.dumps({"aislamiento": level, "motivo": reason, **details}),
                                  encoding="utf-8")
    except OSError:
        pass


def _stage2_argv(argv: list[str]) -> list[str]:
    return [sys.executable, "-m", "rumbo.classroom.jaula", STAGE2, *argv]


def _connection_file(argv: list[str]) -> int | None:
    """Index in ``argv`` of the connection file's path (after ``-f``)."""
    for i, arg in enumerate(argv[:-1]):
        if arg in ("-f", "--f"):
            return i + 1
    return None


def _supervise(child: int, watch: int | None = None) -> None:
    """The parent outside the namespaces: forward signals, exit as the kernel did.

    With ``watch`` (a process id), also stop the kernel when that process ends:
    a kernel forked by the zygote is not a child of the launcher jupyter watches.
    """
    signal.signal(signal.SIGINT, (lambda *a: _signal(child, signal.SIGINT)) if watch else signal.SIG_IGN)
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(sig, lambda *a: _signal(child, signal.SIGKILL))
    watcher = _pidfd(watch) if watch else None
    ended = _pidfd(child) if watcher is not None else None  # wake the moment the kernel ends
    while True:
        try:
            if watcher is None:
                _, status = os.waitpid(child, 0)
                break
            import select

            ready = select.select([fd for fd in (watcher, ended) if fd is not None], [], [],
                                  None if ended is not None else 0.25)[0]
            if watcher in ready:
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


def _run_caged(argv: list[str], plan: Plan, in_process: bool, watch: int | None = None,
               program: list[str] | None = None) -> None:
    """Namespaces, fork, the new root, the user; then the kernel: exec'd (stage 2) or, in a
    zygote's child, in place (or any ``program``). A cage that cannot be built means no kernel,
    never an uncaged one."""
    def kernel(arguments: list[str], level: str) -> None:
        if level == FULL:  # under the cage's init, ipykernel would take PID 1 for a dead parent
            os.environ.pop("JPY_PARENT_PID", None)
        if program:
            os.execv(program[0], program)
        if in_process:
            stage2(arguments, watch=watch if level == BASIC else None, caged=level == FULL)
            os._exit(0)
        os.execv(sys.executable, _stage2_argv(arguments))

    if os.environ.get(ENV_ISOLATE, "1") == "0":
        _report(plan.job, BASIC, "desactivado")
        kernel(argv, BASIC)
    try:
        if not sys.platform.startswith("linux"):
            raise OSError(95, "solo Linux permite encerrar los kernels")
        ids = cage_ids(plan.user) if os.geteuid() == 0 else None
        if os.geteuid() == 0 and ids is None:
            raise OSError(2, f"no existe el usuario {plan.user}")
        libc = _libc()
        _enter_namespaces(libc)
    except (OSError, AttributeError) as exc:
        _report(plan.job, FAILED, str(exc))
        os._exit(1)
    parent = os.getpid()
    child = os.fork()
    if child:
        _supervise(child, watch)
    try:  # child: PID 1 of the new namespace
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() not in (0, parent):
            os._exit(1)
        _close_inherited_fds()
        if plan.cgroups:
            cgroups.join(plan.cgroups)
        _loopback_up()
        owner = ids or (os.geteuid(), os.getegid())
        view = View(libc, plan, owner)
        view.build()
        arguments = list(argv)
        index = _connection_file(arguments)
        if index is not None:  # the grader's copy is root's alone: the kernel gets its own
            private = str(plan.home / ".conexion-kernel.json")
            view.add_file(private, Path(arguments[index]).read_text(encoding="utf-8"))
            arguments[index] = private
        _report(plan.job, FULL, "", usuario=plan.user if ids else str(os.geteuid()),
                grupos_de_control=bool(plan.cgroups))
        view.enter()
        _become(libc, ids)
        os.chdir(plan.cwd)
    except (OSError, ValueError, AttributeError) as exc:
        _report(plan.job, FAILED, str(exc))
        os._exit(1)
    pid = os.fork()
    if pid == 0:
        kernel(arguments, FULL)
    _init(pid, forward_interrupts=in_process)


def _init(kernel: int, forward_interrupts: bool) -> None:
    """PID 1 of the cage: reap every orphan (a learner's double fork, a finished bomb) so no
    zombie holds the process cap, pass signals on, and end as the kernel ends (taking the
    namespace, and anything left in it, along)."""
    signal.signal(signal.SIGINT, (lambda *a: _signal(kernel, signal.SIGINT)) if forward_interrupts
                  else signal.SIG_IGN)  # exec'd kernels get jupyter's SIGINT through their process group
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(sig, lambda *a: _signal(kernel, signal.SIGKILL))
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except InterruptedError:
            continue
        except ChildProcessError:
            os._exit(1)
        if pid == kernel:
            code = os.waitstatus_to_exitcode(status)
            os._exit(code if code >= 0 else 128 - code)


def main(argv: list[str]) -> None:
    """Stage 1 (what jupyter starts): the cage, then the kernel; a warm one from the zygote if there is one."""
    cwd = os.getcwd()
    plan = Plan.from_env(cwd)
    cage_environment(plan.job, caged=os.environ.get(ENV_ISOLATE, "1") != "0")
    try:  # if the grading worker dies, its kernel goes with it
        _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    zygote = os.environ.get(ENV_ZYGOTE)
    if zygote:
        child = _ask_zygote(zygote, argv, cwd)
        if child:
            _wait_for(child)
    _run_caged(argv, plan, in_process=False)


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
        _follow_language()
        os.chdir(request["cwd"])
        plan = Plan.from_env(request["cwd"])
        _run_caged(request["argv"], plan, in_process=True, watch=int(request["pid"]))
    finally:
        os._exit(1)


def _follow_language() -> None:
    """A kernel forked from the zygote speaks its job's RUMBO_LANG (the zygote imported the
    package, and chose a language, before that job existed)."""
    i18n = sys.modules.get("rumbo.core.i18n")
    if i18n is not None:
        i18n.set_language(i18n.language_from_env())


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


def set_limits(memory_mb: int | None, cpu_seconds: int | None, processes: int | None = None) -> None:
    import resource

    if memory_mb:
        _limit(resource.RLIMIT_AS, memory_mb * 1024 * 1024)
    if cpu_seconds:
        _limit(resource.RLIMIT_CPU, cpu_seconds)
    if processes:
        _limit(resource.RLIMIT_NPROC, processes)
    _limit(resource.RLIMIT_FSIZE, MAX_FILE_BYTES)
    _limit(resource.RLIMIT_CORE, 0)


def cage_environment(job: Path, caged: bool = False) -> None:
    """HOME, temporary files, the plan and matplotlib's cache all inside the working copy
    (in the full cage: its private copies, and /tmp)."""
    home = job / "home"
    for key in list(os.environ):
        if key.startswith(("AWS_", "GITHUB_", "GH_", "SSH_", "GPG_", "JUPYTER_TOKEN")) or "TOKEN" in key \
                or "SECRET" in key or "PASSWORD" in key:
            del os.environ[key]
    os.environ.update({
        "HOME": str(home), "TMPDIR": "/tmp" if caged else str(job / "tmp"),
        "RUMBO_PLAN": str(home / "rumbo" / "mi_plan.json"),
        "MPLCONFIGDIR": str(home / ".matplotlib"), "IPYTHONDIR": str(home / ".ipython"),
        "MALLOC_ARENA_MAX": "2", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1", "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    })


def cap_output(limit: int) -> None:
    """Stop sending output after ``limit`` bytes per kernel; say so once."""
    from ipykernel import iostream

    from rumbo.classroom.diagnose import output_cut_notice  # in the job's RUMBO_LANG: the learner's

    state = {"sent": 0, "told": False}
    notice = output_cut_notice(max(1, limit // (1024 * 1024)))
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


def _process_limit(caged: bool) -> int | None:
    """RLIMIT_NPROC where no control group caps processes. It counts every task of the user: in
    the cage's user namespace that is the cage alone; uncaged, the user's other tasks too."""
    if caged and os.environ.get(ENV_CGROUPS):
        return None
    if caged:
        return PROCESSES
    mine, uid = 0, os.getuid()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
            if int(fields["Uid"].split()[0]) == uid:
                mine += int(fields["Threads"])
        except (OSError, KeyError, ValueError):
            continue
    return mine + PROCESSES


def stage2(argv: list[str], watch: int | None = None, caged: bool | None = None) -> None:
    job = Path(os.environ.get(ENV_JOB) or os.getcwd())
    if caged is None:
        caged = os.environ.get(ENV_ISOLATE, "1") != "0"
    if watch:
        _watchdog(watch)
    for folder in ("home", "tmp"):
        try:
            (job / folder).mkdir(exist_ok=True)
        except OSError:
            pass
    set_limits(_number(ENV_MEMORY), _number(ENV_CPU), _process_limit(caged))
    cap_output(_number(ENV_OUTPUT) or DEFAULT_OUTPUT_BYTES)
    from ipykernel import kernelapp

    sys.argv = [sys.argv[0], *argv]
    kernelapp.launch_new_instance()


def probe() -> bool:
    """Can kernels be fully caged here? Tries the namespaces and mounts in a throwaway process."""
    import subprocess

    if not sys.platform.startswith("linux"):
        return False
    try:
        done = subprocess.run([sys.executable, "-m", "rumbo.classroom.jaula", "--probe"], capture_output=True,
                              timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _probe_here() -> int:
    import tempfile

    try:
        libc = _libc()
        _enter_namespaces(libc)
        _loopback_up()
        _mount(libc, None, "/", None, MS_REC | MS_PRIVATE)
        folder = tempfile.mkdtemp(prefix="rumbo-probe-")
        try:
            _mount(libc, "tmpfs", folder, "tmpfs", 0, "size=4k")
            _set_attributes(libc, folder, MOUNT_ATTR_RDONLY, recursive=False)
            libc.umount2(os.fsencode(folder), MNT_DETACH)
        finally:
            os.rmdir(folder)
    except (OSError, AttributeError):
        return 1
    return 0


def run_program(program: list[str]) -> None:
    """``python -m rumbo.classroom.jaula --ejecutar PROGRAM ARGS...``: any program in the cage the
    environment describes, as a kernel would be (to check what a machine gives)."""
    cwd = os.getcwd()
    plan = Plan.from_env(cwd)
    cage_environment(plan.job, caged=os.environ.get(ENV_ISOLATE, "1") != "0")
    _run_caged([], plan, in_process=False, program=program)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--probe":
        sys.exit(_probe_here())
    if args and args[0] == "--ejecutar":
        run_program(args[1:])
    if args and args[0] == STAGE2:
        stage2(args[1:])
    elif args and args[0] == "--zygote":
        zygote(args[1])
    else:
        main(args)
