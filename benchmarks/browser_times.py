"""How quickly the course answers in a real browser: JupyterLab and app mode (a script, not
a pass/fail test).

    .venv/bin/python benchmarks/browser_times.py [--repeat 15] [--where lab app] [--json out.json]

Starts the same servers as the browser tests (tests/browser_support.py: JupyterLab over
a copy of course/, Voilà serving app/, both on 127.0.0.1), drives Debian's Chromium
and reports, for each module:

* usable: JupyterLab, from "run all" (kernel already idle) to the main widget on
  screen; app mode, from navigation to the main widget on screen (Voilà starts a
  kernel, runs the page, renders the widgets);
* update: from typing a new value into the main widget's first number field
  (fill + Enter) to its visible text changing, ``--repeat`` times, alternating two
  values so every change is a real one (the first change, which warms caches, is
  not counted). Playwright's own round trips are included: an upper bound of what
  a person sees;
* steps: each interaction of tests/browser_support.INTERACTIONS once (type, pick,
  slide, click, upload, download), in milliseconds.

Targets (issue 10): update median under 300 ms, usable under 5 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser_support import (INTERACTIONS, MAIN, lab_server, launch_chromium,  # noqa: E402
                                   open_in_app, open_in_lab, operate, voila_server)

CHROMIUM = "/usr/bin/chromium"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def update_latencies(page, repeat: int) -> list[float]:
    panel = page.locator(MAIN).first
    field = panel.locator("input[type=number]").first
    first = float((field.input_value() or "0").replace(",", "."))
    values = [str(int(first * 2 + 7)), f"{first:g}"]
    page.wait_for_timeout(500)
    latencies = []
    # An even number of changes ends on the value shown at first, so the steps that follow
    # (tests/browser_support.INTERACTIONS) find the page as a learner would.
    for i in range(repeat + 1 + (repeat + 1) % 2):
        before = panel.inner_text()
        start = time.perf_counter()
        field.fill(values[i % 2])
        field.press("Enter")
        page.wait_for_function("([b]) => document.querySelector('.rumbo-main').innerText !== b",
                               arg=[before], timeout=10_000, polling="raf")
        if i:  # the first change warms caches up
            latencies.append((time.perf_counter() - start) * 1000)
    return latencies


def measure(page, where: str, base: str, module: str, repeat: int) -> dict:
    usable = (open_in_lab(page, base, module)["usable_s"] if where == "lab"
              else open_in_app(page, base, module))
    latencies = update_latencies(page, repeat)
    steps = {step.name: round(operate(page, step)) for step in INTERACTIONS[module]}
    return {"where": where, "module": module, "usable_s": round(usable, 2),
            "update_median_ms": round(statistics.median(latencies), 1),
            "update_p95_ms": round(percentile(latencies, 0.95), 1), "n": len(latencies),
            "steps_ms": steps}


def run(where: str, repeat: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix=f"rumbo-bench-{where}-"))
    server = lab_server(work) if where == "lab" else voila_server(work)
    rows = []
    with server as served, sync_playwright() as p:
        base = served if where == "lab" else served[0]
        browser = launch_chromium(p, CHROMIUM)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-ES",
                                      accept_downloads=True)
        page = context.new_page()
        for module in sorted(INTERACTIONS):
            rows.append(measure(page, where, base, module, repeat))
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
        browser.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--where", nargs="+", choices=("lab", "app"), default=["lab", "app"])
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    rows = [row for where in args.where for row in run(where, args.repeat)]
    print(f"\n{'where':5} {'module':28} {'usable s':>9} {'median ms':>10} {'p95 ms':>8}  slowest step")
    for r in rows:
        slowest = max(r["steps_ms"].items(), key=lambda kv: kv[1])
        print(f"{r['where']:5} {r['module']:28} {r['usable_s']:>9} {r['update_median_ms']:>10} "
              f"{r['update_p95_ms']:>8}  {slowest[0]} {slowest[1]} ms")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
