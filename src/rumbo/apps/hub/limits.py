"""A memory cap and a fair share of the CPU for each learner, with Linux control groups.

Each learner gets a group ``rumbo-hub/<unix name>``; their server joins it
before it drops to the learner's user, so every kernel and Voilà page it
starts is counted too. Memory: ``memory.max`` (cgroup v2) or
``memory.limit_in_bytes`` (v1), swap off, so a runaway notebook is stopped
inside its own group and nobody else's work slows down. CPU: every group has
the same weight, so when the machine is busy each learner gets an equal share
whatever they run. Where control groups cannot be written (a container without
them) :func:`available` says why and the hub runs without caps.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
PARENT = "rumbo-hub"
CPU_WEIGHT_V2 = 100     # the default weight: equal for everyone
CPU_SHARES_V1 = 1024


@dataclass
class Group:
    """One learner's control groups: the directories whose ``cgroup.procs`` a server joins."""

    dirs: list[Path]
    memory_file: Path | None

    def join(self, pid: int) -> None:
        for folder in self.dirs:
            (folder / "cgroup.procs").write_text(str(pid))

    def memory_limit(self) -> int | None:
        if self.memory_file is None or not self.memory_file.exists():
            return None
        text = self.memory_file.read_text().strip()
        return None if text == "max" else int(text)

    def pids(self) -> set[int]:
        found: set[int] = set()
        for folder in self.dirs:
            procs = folder / "cgroup.procs"
            if procs.exists():
                found |= {int(p) for p in procs.read_text().split()}
        return found


def version(root: Path = CGROUP_ROOT) -> int:
    """2 for the unified hierarchy with the memory controller, 1 for the legacy one, 0 for none."""
    controllers = root / "cgroup.controllers"
    if controllers.exists() and "memory" in controllers.read_text().split():
        return 2
    if (root / "memory" / "memory.limit_in_bytes").exists():
        return 1
    return 0


def available(root: Path = CGROUP_ROOT) -> tuple[bool, str]:
    """Whether learners can be capped here, and if not, why (for the trainer)."""
    kind = version(root)
    if kind == 0:
        return False, "no memory control group"
    probe = (root / PARENT) if kind == 2 else (root / "memory" / PARENT)
    try:
        probe.mkdir(exist_ok=True)
    except OSError as exc:
        return False, str(exc)
    return True, f"cgroup v{kind}"


def _write(path: Path, value: str) -> None:
    try:
        path.write_text(value)
    except OSError:
        pass  # an optional knob this kernel does not have (swap accounting, cpu.weight)


def group_for(name: str, memory_mb: int, root: Path = CGROUP_ROOT) -> Group:
    """Create (or update) ``name``'s groups with the memory cap and an equal CPU weight."""
    limit = memory_mb * 1024 * 1024
    if version(root) == 2:
        parent = root / PARENT
        parent.mkdir(exist_ok=True)
        wanted = {"+memory", "+cpu"} & {f"+{c}" for c in (root / "cgroup.controllers").read_text().split()}
        for level in (root, parent):
            _write(level / "cgroup.subtree_control", " ".join(sorted(wanted)))
        folder = parent / name
        folder.mkdir(exist_ok=True)
        (folder / "memory.max").write_text(str(limit))
        _write(folder / "memory.swap.max", "0")
        _write(folder / "cpu.weight", str(CPU_WEIGHT_V2))
        return Group([folder], folder / "memory.max")
    memory = root / "memory" / PARENT / name
    memory.mkdir(parents=True, exist_ok=True)
    (memory / "memory.limit_in_bytes").write_text(str(limit))
    _write(memory / "memory.memsw.limit_in_bytes", str(limit))
    dirs = [memory]
    cpu = root / "cpu" / PARENT / name
    try:
        cpu.mkdir(parents=True, exist_ok=True)
        (cpu / "cpu.shares").write_text(str(CPU_SHARES_V1))
        dirs.append(cpu)
    except OSError:
        pass
    return Group(dirs, memory / "memory.limit_in_bytes")


def remove_group(name: str, root: Path = CGROUP_ROOT) -> None:
    """Remove ``name``'s (empty) groups; a group still holding processes stays."""
    for folder in (root / PARENT / name, root / "memory" / PARENT / name, root / "cpu" / PARENT / name):
        try:
            os.rmdir(folder)
        except OSError:
            pass
