"""App mode responsiveness, measured in a real browser (a script, not a pass/fail test).

    .venv/bin/python benchmarks/bench_app.py [--repeat 15] [--json out.json]

Serves app/ with Voilà on 127.0.0.1 exactly as `rumbo app` does, opens each
module page in Debian's Chromium and reports:

* time to usable: from navigation to the module's ``.rumbo-main`` widget on screen
  (Voilà starts a kernel, runs the page's cell, renders the widgets);
* update latency: from typing a new value into the main widget's first number field
  (fill + Enter) to its visible text changing; the value alternates between two
  numbers so every change is a real change. Includes Playwright's round trips, so
  it is an upper bound of what a person sees.

Targets (issue 10): median update under 300 ms, usable under 5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rumbo import app  # noqa: E402
from rumbo.course import MODULES  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(page, base: str, stem: str, repeat: int) -> dict:
    start = time.perf_counter()
    page.goto(f"{base}/voila/render/{stem}.ipynb", timeout=120_000)
    page.wait_for_selector(".rumbo-main input[type=number]", timeout=120_000)
    usable = time.perf_counter() - start
    panel = page.locator(".rumbo-main").first
    field = panel.locator("input[type=number]").first
    first = float(field.input_value() or 0)
    values = [str(int(first * 2 + 7)), str(int(first) if first == int(first) else first)]
    page.wait_for_timeout(500)
    latencies = []
    for i in range(repeat + 1):
        before = panel.inner_text()
        t0 = time.perf_counter()
        field.fill(values[i % 2])
        field.press("Enter")
        page.wait_for_function("([b]) => document.querySelector('.rumbo-main').innerText !== b",
                               arg=[before], timeout=10_000, polling="raf")
        if i:  # the first change warms up the kernel's imports and caches
            latencies.append((time.perf_counter() - t0) * 1000)
    return {"module": stem, "usable_s": round(usable, 2),
            "update_median_ms": round(statistics.median(latencies), 1),
            "update_p95_ms": round(percentile(latencies, 0.95), 1), "n": len(latencies)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="rumbo-bench-app-"))
    port = free_port()
    env = app.voila_env(work / "rumbo" / "mi_plan.json", "panaderia")
    env.update(HOME=str(work), RUMBO_DATASETS=str(ROOT / "datasets"))
    server = subprocess.Popen(app.voila_command(ROOT / "app", port), env=env, cwd=work,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows = []
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for stem, *_rest in MODULES:
                rows.append(measure(page, f"http://127.0.0.1:{port}", stem, args.repeat))
                print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{'module':28} {'usable s':>9} {'median ms':>10} {'p95 ms':>8}")
    for r in rows:
        print(f"{r['module']:28} {r['usable_s']:>9} {r['update_median_ms']:>10} {r['update_p95_ms']:>8}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
