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
* memory per learner: resident memory of every process of the learner's Unix
  user (server, kernel) after module 1, mean and max;
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
NUMBER_MODELS = {"FloatTextModel", "IntTextModel", "BoundedFloatTextModel", "BoundedIntTextModel"}
ROUND_TRIPS = 5
TARGET_P95_MS = 500


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def usage(user: str) -> tuple[float, float]:
    """(resident MB, CPU seconds so far) of every process of ``user``: the server and its kernels."""
    import psutil

    rss = cpu = 0.0
    for proc in psutil.process_iter(["username", "memory_info", "cpu_times"]):
        if proc.info["username"] == user and proc.info["memory_info"]:
            rss += proc.info["memory_info"].rss
            cpu += proc.info["cpu_times"].user + proc.info["cpu_times"].system
    return rss / 2**20, cpu


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
        fields = [(cid, st) for cid, st in kernel.comms.items()
                  if st.get("_model_name") in NUMBER_MODELS and isinstance(st.get("value"), (int, float))]
        trips = []
        if fields:
            comm_id, state = fields[0]
            for step in range(ROUND_TRIPS):
                sent = time.time()
                kernel.set_value(comm_id, state["value"] + step + 1)
                trips.append((time.time() - sent) * 1000)
        out["trips"] = trips
        out["memory"], out["cpu"] = usage(hub.unix_name(name))
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
            began = time.time()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.time() - began
        finally:
            hub.cleanup()
    done = [r for r in results.values() if "usable" in r]
    trips = [t for r in done for t in r.get("trips", [])]
    memory = [r["memory"] for r in done]
    return {
        "learners": n, "ok": len(done), "errors": sorted({r["error"] for r in results.values() if "error" in r}),
        "wall_s": round(wall, 1),
        "spawn_p50_s": round(percentile([r["spawn"] for r in done], 0.5), 1),
        "spawn_p95_s": round(percentile([r["spawn"] for r in done], 0.95), 1),
        "usable_p50_s": round(percentile([r["usable"] for r in done], 0.5), 1),
        "usable_p95_s": round(percentile([r["usable"] for r in done], 0.95), 1),
        "widget_p50_ms": round(percentile(trips, 0.5)), "widget_p95_ms": round(percentile(trips, 0.95)),
        "memory_mean_mb": round(statistics.mean(memory)) if memory else None,
        "memory_max_mb": round(max(memory)) if memory else None,
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
          "| memory mean / max (MB) | CPU s per learner | load average |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['learners']} | {r['ok']} | {r['spawn_p50_s']} / {r['spawn_p95_s']} | {r['usable_p50_s']} / "
              f"{r['usable_p95_s']} | {r['widget_p50_ms']} / {r['widget_p95_ms']} | {r['memory_mean_mb']} / "
              f"{r['memory_max_mb']} | {r['cpu_s_per_learner']} | {r['load_average']} |")
    fits = [r["learners"] for r in rows if r["ok"] == r["learners"] and r["widget_p95_ms"] <= TARGET_P95_MS]
    print(f"\nLargest N with every learner served and widget p95 <= {TARGET_P95_MS} ms: "
          f"{max(fits) if fits else 'none of those tried'}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
