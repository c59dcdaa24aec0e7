"""The calculator at its limit: milliseconds per add, edit and remove with 990 to 1,000 rows.

Builds the course, opens lesson 2's lesson page in Chromium, fills the calculator to 990 rows
(the worked example's 3 and 987 more) and times each kind of step in the page, as a student
takes it: the control scrolled into view, a frame's pause, then performance.now() around the
click (or the keystroke's input event) and the layout it causes, forced so it is counted.
Prints the median and the slowest of each kind, and the machine's load, since a busy core
stretches every figure. Goal (issue 14): every step under 50 ms.

Run: make bench-calculator   (or: .venv/bin/python benchmarks/calculator_steps.py [--steps 10])
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CALC = '[data-widget="calculator"]'
KINDS = ("add", "edit", "edit-last", "edit-first", "remove-last", "remove", "remove-first")

STEPS = """async ([what, times]) => {
  const root = document.querySelector('[data-widget="calculator"]');
  const out = [];
  for (let k = 0; k < times; k++) {
    const fields = root.querySelectorAll('.nll-calc__p');
    const at = what.endsWith('last') ? fields.length - 1 : what.endsWith('first') ? 0 : Math.floor(fields.length / 2);
    const target = what === 'add' ? root.querySelector('.nll-calc__buttons button')
      : what.startsWith('remove') ? root.querySelectorAll('.nll-calc__remove')[at] : fields[at];
    target.scrollIntoView({ block: 'center' });
    if (what.startsWith('edit')) target.focus();
    void document.body.offsetHeight;
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const t0 = performance.now();
    if (what.startsWith('edit')) {
      target.value = k % 2 ? '0.3' : '0.25';
      target.dispatchEvent(new Event('input', { bubbles: true }));
    } else {
      target.click();
    }
    void document.body.offsetHeight;
    out.push(performance.now() - t0);
  }
  return out;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=10, help="steps of each kind (medians reported)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    site = Path(tempfile.mkdtemp(prefix="bench-calc-"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=ROOT, env=env, check=True)
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/t19/02-autoregressive-models/lesson/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(url, wait_until="networkidle")
        page.wait_for_selector(f"{CALC} .nll-calc__ui")
        calc = page.locator(CALC)
        calc.locator(".nll-calc__repeat summary").click()
        calc.locator(".nll-calc__repeat-fields input").nth(0).fill("987")
        calc.locator(".nll-calc__repeat-fields input").nth(1).fill("0.1")
        calc.locator(".nll-calc__repeat-fields button").click()
        rows = calc.locator(".nll-calc__p").count()
        figures = {}
        for what in KINDS:
            steps = min(args.steps, 10) if what == "add" else args.steps  # stays within 1,000 rows
            figures[what] = page.evaluate(STEPS, [what, steps])
        browser.close()
    server.shutdown()
    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    print(f"Calculator steps from {rows} rows, ms (forced layout included); load {load:.2f} per core at the end.")
    print(f"{'step':14} {'median':>7} {'slowest':>8}")
    for what, ms in figures.items():
        print(f"{what:14} {statistics.median(ms):7.1f} {max(ms):8.1f}")
    print("Goal: every step under 50 ms.")


if __name__ == "__main__":
    main()
