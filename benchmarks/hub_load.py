"""How many owners fit one machine: N learners sign in together to a real hub and work.

For each N (10, 20, 30 by default) a class of N learners is created, the hub
started on 127.0.0.1, and N threads act as N people at once: sign in (code and
new password), start their server, open a kernel, run module 1 (the notebook
in their own home) cell by cell through the kernel API, then change a number
field of module 1's main panel five times, as the browser does (a comm
message), waiting each time until the kernel is idle again. Reported:

* spawn time p50/p95 (asking for the server -> its API answers);
* time to a usable module 1 (asking for the server -> every cell has run);
* widget round trip p95 (value sent -> the callback's work done);
* memory per learner after module 1, over every process of the learner's Unix
  user (server, kernel): resident (RSS) and proportional (PSS, shared library
  pages divided among the processes that map them), mean and max; and the drop
  in the machine's available memory divided by N (what the class really takes);
* CPU seconds per learner (server start + module 1 + the round trips), which
  does not depend on what else the machine is doing, and the load average;
* the largest N whose widget round-trip p95 is <= 500 ms.

Needs root (Unix users) and ``make hub``. Run: ``.venv/bin/python benchmarks/hub_load.py``
(``--learners 10 20``, ``--json out.json``). Figures, not pass/fail; the users
are removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hub_support import HubProcess, Learner, skip_reason  # noqa: E402

MODULE = "rumbo/curso/01_objetivos.ipynb"
ROUND_TRIPS = 5
TARGET_P95_MS = 500


def percentile(values: list[float], q: float, digits: int = 0) -> float | None:
    """The q-quantile of ``values`` rounded, or None when no learner got that far."""
    if not values:
        return None
    ordered = sorted(values)
    value = ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]
    return round(value, digits) if digits else round(value)


def usage(user: str) -> dict:
    """Memory (MB) and CPU seconds so far of every process of ``user``: the server and its kernels.

    Resident memory (RSS) counts the libraries shared with every other learner's
    processes once per process; the proportional share (PSS) divides each shared
    page among the processes that map it, so PSS x N is what N learners really take.
    """
    import psutil

    rss = pss = uss = cpu = 0.0
    processes = {}
    for proc in psutil.process_iter(["username", "cpu_times", "cmdline"]):
        if proc.info["username"] != user:
            continue
        try:
            mem = proc.memory_full_info()
        except psutil.Error:
            continue
        rss, pss, uss = rss + mem.rss, pss + mem.pss, uss + mem.uss
        cpu += proc.info["cpu_times"].user + proc.info["cpu_times"].system
        role = "kernel" if "ipykernel" in " ".join(proc.info["cmdline"] or []) else "server"
        processes[role] = processes.get(role, 0.0) + mem.pss / 2**20
    return {"rss": rss / 2**20, "pss": pss / 2**20, "uss": uss / 2**20, "cpu": cpu, "pss_by_role": processes}


def available_mb() -> float:
    """The machine's available memory (MemAvailable), in MB."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no MemAvailable in /proc/meminfo")


def one_learner(hub: HubProcess, name: str, out: dict) -> None:
    person = Learner(hub, name)
    began = time.time()
    try:
        assert person.login(hub.codes[name], "clave-de-prueba").status_code == 302
        out["spawn"] = person.start_server(timeout=900)
        nb = person.get(f"/api/contents/{MODULE}").json()["content"]
        kernel = person.kernel()
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                kernel.run(cell["source"])
        out["usable"] = time.time() - began
        # A number field is a text box (read through the course's Spanish number parser):
        # typing a new whole number in it is what a learner does.
        fields = [cid for cid, st in kernel.comms.items()
                  if st.get("_model_name") == "TextModel" and str(st.get("value", "")).strip().isdigit()]
        trips = []
        if fields:
            comm_id = fields[0]
            start = int(kernel.comms[comm_id]["value"])
            for step in range(ROUND_TRIPS):
                sent = time.time()
                kernel.set_value(comm_id, str(start + step + 1))
                trips.append((time.time() - sent) * 1000)
        if not trips:
            raise RuntimeError("module 1 showed no number field to type in")
        out["trips"] = trips
        used = usage(hub.unix_name(name))
        out["memory"], out["pss"], out["uss"], out["cpu"] = used["rss"], used["pss"], used["uss"], used["cpu"]
        out["pss_by_role"] = used["pss_by_role"]
        kernel.close()
    except Exception as exc:  # one learner's failure is a figure of the run, not the end of it
        out["error"] = f"{type(exc).__name__}: {exc}"[:300]


def run(n: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="rumbo-hub-bench-") as work:
        learners = [(f"a{i:02d}", f"Alumno{i}", "Panadería") for i in range(n)]
        hub = HubProcess(Path(work), learners, memory_mb=1024)
        try:
            hub.start(timeout=600)
            results = {lid: {} for lid, _n, _b in learners}
            threads = [threading.Thread(target=one_learner, args=(hub, lid, results[lid])) for lid in results]
            began, free_before = time.time(), available_mb()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.time() - began
            # Every server and kernel is still running here: what the class took from the machine.
            machine_mb = (free_before - available_mb()) / n
        finally:
            hub.cleanup()
    done = [r for r in results.values() if "memory" in r]
    trips = [t for r in done for t in r.get("trips", [])]
    memory = [r["memory"] for r in done]
    pss = [r["pss"] for r in done]
    roles = sorted({role for r in done for role in r["pss_by_role"]})
    return {
        "learners": n, "ok": len(done), "errors": sorted({r["error"] for r in results.values() if "error" in r}),
        "wall_s": round(wall, 1),
        "spawn_p50_s": percentile([r["spawn"] for r in done], 0.5, 1),
        "spawn_p95_s": percentile([r["spawn"] for r in done], 0.95, 1),
        "usable_p50_s": percentile([r["usable"] for r in done], 0.5, 1),
        "usable_p95_s": percentile([r["usable"] for r in done], 0.95, 1),
        "widget_p50_ms": percentile(trips, 0.5), "widget_p95_ms": percentile(trips, 0.95),
        "memory_mean_mb": round(statistics.mean(memory)) if memory else None,
        "memory_max_mb": round(max(memory)) if memory else None,
        "pss_mean_mb": round(statistics.mean(pss)) if pss else None,
        "pss_max_mb": round(max(pss)) if pss else None,
        "pss_by_role_mb": {role: round(statistics.mean([r["pss_by_role"].get(role, 0.0) for r in done]))
                           for role in roles},
        "machine_mb_per_learner": round(machine_mb),
        "cpu_s_per_learner": round(statistics.mean([r["cpu"] for r in done]), 1) if done else None,
        "load_average": round(os.getloadavg()[0], 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[10, 20, 30])
    parser.add_argument("--json", default=None, help="write the results here too")
    args = parser.parse_args(argv)
    reason = skip_reason()
    if reason:
        print(f"hub_load: cannot run here: {reason}")
        return 1
    rows = []
    for n in args.learners:
        row = run(n)
        rows.append(row)
        print(json.dumps(row), flush=True)
    print("\n| learners | ok | spawn p50 / p95 (s) | usable module 1 p50 / p95 (s) | widget p50 / p95 (ms) "
          "| RSS mean / max (MB) | PSS mean / max (MB) | machine MB per learner | CPU s per learner | load average |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['learners']} | {r['ok']} | {r['spawn_p50_s']} / {r['spawn_p95_s']} | {r['usable_p50_s']} / "
              f"{r['usable_p95_s']} | {r['widget_p50_ms']} / {r['widget_p95_ms']} | {r['memory_mean_mb']} / "
              f"{r['memory_max_mb']} | {r['pss_mean_mb']} / {r['pss_max_mb']} | {r['machine_mb_per_learner']} | {r['cpu_s_per_learner']} | {r['load_average']} |")
    fits = [r["learners"] for r in rows
            if r["ok"] == r["learners"] and r["widget_p95_ms"] is not None and r["widget_p95_ms"] <= TARGET_P95_MS]
    print(f"\nLargest N with every learner served and widget p95 <= {TARGET_P95_MS} ms: "
          f"{max(fits) if fits else 'none of those tried'}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
