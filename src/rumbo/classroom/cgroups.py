"""Memory and process caps for everything one submission starts, through Linux control groups.

A per-process limit (``RLIMIT_AS``) stops one big allocation, but three child
processes of 700 MB each pass a 1024 MB cap, and nothing per process stops a
fork bomb. A control group caps the whole tree: every process a learner's
kernel starts stays in the group of its submission.

The grading worker makes one group per submission (:class:`JobGroup`) under
``rumbo-jaula/`` of each controller it can write: cgroup v2 (``memory.max``,
``memory.swap.max``, ``pids.max``) where the controller is on the unified
hierarchy, else cgroup v1 (``memory.limit_in_bytes``, ``memory.memsw.limit_in_bytes``,
``pids.max``), as on hybrid systems. The caged kernel joins the groups itself
before it drops root (:func:`join`). Afterwards the worker reads how often a
cap was hit (:meth:`JobGroup.events`), kills anything left and removes the groups.

Without a writable controller (no root, no delegation) nothing is capped here and
:func:`available` says so; the kernel still has its per-process limits.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

PARENT = "rumbo-jaula"
#: Tasks (processes and threads) one submission may have at once: a kernel uses about 15.
DEFAULT_PIDS = 256


@dataclass(frozen=True)
class Controller:
    name: str      # "memory" or "pids"
    version: int   # 1 or 2
    root: Path     # where the hierarchy is mounted


def _mounts() -> list[tuple[str, str, str]]:
    """(mount point, file system type, super options) of every cgroup mount."""
    found = []
    try:
        with open("/proc/self/mountinfo", encoding="utf-8") as f:
            for line in f:
                left, _sep, right = line.partition(" - ")
                fields, tail = left.split(), right.split()
                if len(tail) >= 3 and tail[0] in ("cgroup", "cgroup2"):
                    found.append((fields[4].replace("\\040", " "), tail[0], tail[2]))
    except OSError:
        pass
    return found


def controllers() -> dict[str, Controller]:
    """The hierarchy that carries each of memory and pids: v2 when enabled there, else v1."""
    found: dict[str, Controller] = {}
    mounts = _mounts()
    for point, kind, options in mounts:
        if kind != "cgroup2":
            continue
        try:
            names = (Path(point) / "cgroup.controllers").read_text().split()
        except OSError:
            continue
        for name in ("memory", "pids"):
            if name in names and name not in found:
                found[name] = Controller(name, 2, Path(point))
    for point, kind, options in mounts:
        if kind != "cgroup":
            continue
        for name in ("memory", "pids"):
            if name in options.split(",") and name not in found:
                found[name] = Controller(name, 1, Path(point))
    return found


def available() -> dict[str, Controller]:
    """Controllers this process can create groups in (root, usually)."""
    usable = {}
    for name, ctl in controllers().items():
        parent = ctl.root / PARENT
        try:
            parent.mkdir(exist_ok=True)
            if ctl.version == 2:
                _enable(ctl.root, name)
                _enable(parent, name)
        except OSError:
            continue
        if os.access(parent, os.W_OK):
            usable[name] = ctl
    return usable


def _enable(folder: Path, name: str) -> None:
    """cgroup v2: let the children of ``folder`` use controller ``name``."""
    control = folder / "cgroup.subtree_control"
    if name not in control.read_text().split():
        control.write_text(f"+{name}")


def describe(usable: dict[str, Controller]) -> str:
    """Which mechanism caps what, for the trainer: ``"memoria: cgroup v1, procesos: cgroup v1"``."""
    return ", ".join(f"{label}: cgroup v{usable[name].version}" for name, label in
                     (("memory", "memoria"), ("pids", "procesos")) if name in usable)


@dataclass
class JobGroup:
    """The groups of one submission, one per usable controller."""

    name: str
    memory_mb: int
    pids: int = DEFAULT_PIDS
    folders: dict[str, Path] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)

    @classmethod
    def create(cls, name: str, memory_mb: int, pids: int = DEFAULT_PIDS,
               usable: dict[str, Controller] | None = None) -> JobGroup:
        group = cls(name, memory_mb, pids)
        for ctl_name, ctl in (available() if usable is None else usable).items():
            folder = ctl.root / PARENT / name
            try:
                folder.mkdir(exist_ok=True)
                if ctl_name == "memory":
                    _set_memory(folder, ctl.version, memory_mb * 1024 * 1024)
                else:
                    (folder / "pids.max").write_text(str(pids))
            except OSError:
                _remove(folder)
                continue
            group.folders[ctl_name] = folder
            group.versions[ctl_name] = ctl.version
        return group

    @property
    def paths(self) -> list[str]:
        """What the kernel writes itself into (v2 has one folder for both controllers)."""
        return sorted({str(p) for p in self.folders.values()})

    def events(self) -> dict[str, int]:
        """How many processes the memory cap killed and how many forks the process cap refused."""
        out = {"memory_kills": 0, "pids_refused": 0}
        memory, pids = self.folders.get("memory"), self.folders.get("pids")
        if memory is not None:
            source = "memory.events" if self.versions["memory"] == 2 else "memory.oom_control"
            out["memory_kills"] = _counter(memory / source, "oom_kill")
        if pids is not None:
            out["pids_refused"] = _counter(pids / "pids.events", "max")
        return out

    def close(self) -> None:
        """Kill whatever is still running in the groups, then remove them."""
        for folder in self.folders.values():
            kill_all(folder)
            _remove(folder)


def _set_memory(folder: Path, version: int, limit: int) -> None:
    if version == 2:
        (folder / "memory.max").write_text(str(limit))
        swap = folder / "memory.swap.max"
        if swap.exists():
            swap.write_text("0")  # no escaping the cap into swap
        return
    (folder / "memory.limit_in_bytes").write_text(str(limit))
    swap = folder / "memory.memsw.limit_in_bytes"
    if swap.exists():
        swap.write_text(str(limit))


def _counter(path: Path, key: str) -> int:
    try:
        for line in path.read_text().splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == key:
                return int(parts[1])
    except (OSError, ValueError):
        pass
    return 0


def join(paths: list[str]) -> None:
    """Put the calling process (and so everything it starts) into each group."""
    for path in paths:
        with open(os.path.join(path, "cgroup.procs"), "w", encoding="ascii") as f:
            f.write("0")


def kill_all(folder: Path, seconds: float = 5.0) -> None:
    """SIGKILL every process in the group until it is empty (cgroup.kill where the kernel has it)."""
    deadline = time.monotonic() + seconds
    kill = folder / "cgroup.kill"
    while time.monotonic() < deadline:
        try:
            pids = [int(p) for p in (folder / "cgroup.procs").read_text().split()]
        except (OSError, ValueError):
            return
        if not pids:
            return
        try:
            if kill.exists():
                kill.write_text("1")
        except OSError:
            pass
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.05)


def _remove(folder: Path, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            folder.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:  # busy: the last processes are still exiting
            if time.monotonic() > deadline:
                return
            time.sleep(0.05)


def sweep(prefix: str = "") -> None:
    """Remove groups left behind by workers that were killed: those named ``w<PID>-...`` whose
    worker is gone (or, with ``prefix``, every group whose name starts with it)."""
    for ctl in controllers().values():
        parent = ctl.root / PARENT
        if not parent.is_dir():
            continue
        for folder in parent.iterdir():
            if not folder.is_dir():
                continue
            name = folder.name
            if prefix:
                stale = name.startswith(prefix)
            else:
                owner = name[1:].split("-", 1)[0]
                stale = name.startswith("w") and owner.isdigit() and not _alive(int(owner))
            if stale:
                kill_all(folder)
                _remove(folder)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
