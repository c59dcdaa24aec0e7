"""Page weight and load performance of the built course (issue 11, parts 3 and 4): `make bench-pages`.

Builds the site strictly into a temporary folder, serves it gzip-compressed as GitHub Pages
does, and prints, for each kind of page:

- the bytes (uncompressed) of the project's own CSS and JS the page requests, widget modules
  imported on demand included, then KaTeX's CSS and fonts, Material's own files, and the total;
- the long tasks (over 50 ms) on load with the CPU slowed 4x, and which scripts ran in them
  (Long Animation Frame timing names each script's file);
- Lighthouse 12.2.3's mobile performance score for the lesson and the practice pages
  (`npx --yes lighthouse@12.2.3`, with CHROME_PATH pointing at Debian's Chromium).

    python benchmarks/page_weight.py [--no-lighthouse] [--site DIR]

A reported figure, not a test: Lighthouse's score moves by a few points from run to run, so
it is run 3 times per page and the median printed. The asset budget itself (60 KB of the
project's own CSS and JS on the practice page) is a test: tests/lessons/t19_02/.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OWN_ASSETS = ROOT / "hooks" / "coursemd" / "assets"
LIGHTHOUSE = "lighthouse@12.2.3"
LESSON = "t19/02-autoregressive-models/"
PAGES = {
    "home": "",
    "track": "tracks/t19/",
    "brief": LESSON,
    "lesson": LESSON + "lesson/",
    "practice": LESSON + "practice/",
    "cheatsheet": LESSON + "cheatsheet/",
}
LIGHTHOUSE_PAGES = ("lesson", "practice")
LIGHTHOUSE_RUNS = 3
COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt")

# Collects long tasks and long animation frames from the very start of the document.
OBSERVE = """
window.__long = { tasks: [], frames: [] };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__long.tasks.push({ start: e.startTime, duration: e.duration });
}).observe({ type: "longtask", buffered: true });
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.frames.push({
      start: e.startTime, duration: e.duration,
      scripts: e.scripts.map((s) => ({ url: s.sourceURL, fn: s.sourceFunctionName, duration: s.duration })),
    });
  }).observe({ type: "long-animation-frame", buffered: true });
} catch (error) {}
"""


# --- Serving ---------------------------------------------------------------------------------


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that gzips text files for clients that accept it, as GitHub Pages does."""

    def send_head(self) -> Any:  # noqa: ANN401 - the stdlib's own return type
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the stdlib's redirect to the folder's URL
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` at http://127.0.0.1:<port>/ on a thread; yield the base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_GzipHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


def build(site: Path, url: str) -> None:
    """A strict build of the course into `site`, with `url` as its site_url."""
    env = {**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], cwd=ROOT, env=env, check=True
    )


# --- Measuring -------------------------------------------------------------------------------


def kind_of(url: str, base: str) -> str:
    """Which part of the site a response belongs to: own, katex, material, page or other."""
    path = url[len(base) :].split("?", 1)[0].split("#", 1)[0] if url.startswith(base) else ""
    if path.startswith("assets/katex/"):
        return "katex"
    if path.startswith("assets/") and (OWN_ASSETS / path[len("assets/") :]).is_file():
        return "own"
    if path.startswith(("assets/", "search/")):
        return "material"
    return "page" if path.endswith((".html", "/")) or path == "" else "other"


def measure_pages(base: str) -> dict[str, dict[str, Any]]:
    """Bytes per kind of asset and long tasks on each page, in one Chromium."""
    from playwright.sync_api import sync_playwright

    out: dict[str, dict[str, Any]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, path in PAGES.items():
                out[name] = _measure(browser, base, path)
        finally:
            browser.close()
    return out


def _measure(browser: Any, base: str, path: str) -> dict[str, Any]:
    # A phone, as Lighthouse's mobile run: 412 px wide, CPU slowed 4x.
    context = browser.new_context(viewport={"width": 412, "height": 823}, service_workers="block")
    page = context.new_page()
    bytes_by: dict[str, int] = {}
    own: dict[str, int] = {}
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    page.add_init_script(OBSERVE)
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    # At 4x the page parses for seconds with the network idle: wait for the load, every
    # widget mounted and the network quiet, then a second for work the last module started.
    page.goto(base + path, wait_until="load")
    page.wait_for_function("document.querySelectorAll('[data-widget]:not([data-widget-ready])').length === 0")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)
    for response in responses:
        try:
            size = len(response.body())
        except Exception:  # a redirect or a body Chromium did not keep
            continue
        kind = kind_of(response.url, base)
        bytes_by[kind] = bytes_by.get(kind, 0) + size
        if kind == "own":
            own[response.url[len(base) :]] = size
    long = page.evaluate("window.__long")
    context.close()
    tasks = [t for t in long["tasks"] if t["duration"] > 50]
    ours: dict[str, float] = {}
    for frame in long["frames"]:
        for script in frame["scripts"]:
            if kind_of(script["url"], base) == "own" and script["duration"] > 0:
                key = script["url"][len(base) :]
                ours[key] = max(ours.get(key, 0.0), script["duration"])
    return {"bytes": bytes_by, "own": own, "long_tasks": [round(t["duration"]) for t in tasks], "own_scripts_ms": ours}


METRICS = {
    "first-contentful-paint": ("FCP", "ms"),
    "largest-contentful-paint": ("LCP", "ms"),
    "total-blocking-time": ("TBT", "ms"),
    "cumulative-layout-shift": ("CLS", ""),
    "speed-index": ("SI", "ms"),
}


def lighthouse(url: str, runs: int = LIGHTHOUSE_RUNS) -> tuple[float, str] | None:
    """Lighthouse's mobile performance score (0-100) for `url`, the median of `runs` runs,
    with that run's metrics."""
    npx = shutil.which("npx")
    if npx is None:
        print("page_weight: npx was not found on PATH; install Node.js 18 or newer to run Lighthouse.", file=sys.stderr)
        return None
    results = []
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            report = Path(tmp) / "report.json"
            result = subprocess.run(
                [npx, "--yes", LIGHTHOUSE, url, "--only-categories=performance", "--output=json",
                 f"--output-path={report}", f"--chrome-flags={flags}", "--quiet"],
                env={**os.environ, "CHROME_PATH": CHROMIUM},
                capture_output=True,
                text=True,
                timeout=300,
            )
            if result.returncode != 0 or not report.is_file():
                tail = (result.stderr.strip().splitlines() or ["no output"])[-1]
                print(f"page_weight: lighthouse failed on {url}: {tail}", file=sys.stderr)
                return None
            data = json.loads(report.read_text("utf-8"))
        audits = data["audits"]
        metrics = ", ".join(
            f"{label} {audits[key]['numericValue']:.0f} {unit}".rstrip() if unit else f"{label} {audits[key]['numericValue']:.3f}"
            for key, (label, unit) in METRICS.items()
        )
        results.append((100 * (data["categories"]["performance"]["score"] or 0), metrics))
    results.sort()
    return statistics.median(score for score, _ in results), results[len(results) // 2][1]


# --- Report ----------------------------------------------------------------------------------


def main() -> None:
    """Build, serve, measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the Lighthouse runs")
    parser.add_argument("--runs", type=int, default=LIGHTHOUSE_RUNS, help="Lighthouse runs per page (median)")
    parser.add_argument("--site", type=Path, help="measure this built site instead of building one (site_url /)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if args.site is None:
            build(site, "http://127.0.0.1:8000/")
        with serve(site) as base:
            results = measure_pages(base)
            print(f"{'page':<11} {'own CSS+JS':>11} {'KaTeX':>9} {'Material':>9} {'total':>9}  long tasks (4x CPU)")
            for name, r in results.items():
                b = r["bytes"]
                total = sum(b.values())
                tasks = ", ".join(f"{t} ms" for t in r["long_tasks"]) or "none"
                print(
                    f"{name:<11} {b.get('own', 0) / 1000:>8.1f} kB {b.get('katex', 0) / 1000:>6.1f} kB "
                    f"{b.get('material', 0) / 1000:>6.1f} kB {total / 1000:>6.1f} kB  {tasks}"
                )
                if r["own_scripts_ms"]:
                    slow = ", ".join(f"{url} {ms:.0f} ms" for url, ms in sorted(r["own_scripts_ms"].items()))
                    print(f"{'':<11} own scripts in long frames: {slow}")
            practice = results["practice"]["own"]
            print("\npractice page, own files (uncompressed bytes):")
            for url, size in sorted(practice.items(), key=lambda item: -item[1]):
                print(f"  {size:>7}  {url}")
            if not args.no_lighthouse:
                print(f"\nLighthouse {LIGHTHOUSE.split('@')[1]} mobile performance (median of {args.runs}, gzip):")
                for name in LIGHTHOUSE_PAGES:
                    found = lighthouse(base + PAGES[name], args.runs)
                    print(f"  {name:<9} " + ("failed" if found is None else f"{found[0]:.0f}  ({found[1]})"))


if __name__ == "__main__":
    main()
