"""Edit-loop benchmark: from saving a lesson page to seeing it, under `make serve`.

For generated courses of 1, 15 and 100 lessons (copies of lesson 2 with distinct formulas,
see course_copies.py), start `python -m coursemd.preview`, open the lesson page in Chromium,
then save lesson.md five times with a new sentence. For each save it measures:

    served   from the write to the first HTTP response that contains the sentence
    shown    from the write to the reloaded tab's first contentful paint, which has the sentence
    CPU      user + sys seconds of the server and its children (the KaTeX process) for that rebuild

and prints the medians, with the first full build's wall and CPU seconds. Goals (issue #10):
median shown < 1 s at 15 lessons, < 2 s at 100.

Run: make bench-loop   (or: .venv/bin/python benchmarks/edit_loop.py [--sizes 1,15,100] [--saves 5])
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from course_copies import make_course  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """user + sys seconds of process `pid` and every living descendant (from /proc)."""
    total = 0.0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / TICKS
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            stack.extend(int(child) for child in task.read_text().split())
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - localhost
        return response.read().decode("utf-8")


def measure(lessons: int, saves: int, browser: object | None) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix=f"bench-loop-{lessons}-"))
    pages = make_course(work / "course", lessons)
    page = pages[len(pages) // 2]
    url_path = page.parent.relative_to(work / "course" / "lesson_src").as_posix() + "/lesson/"
    port = free_port()
    log_path = work / "serve.log"
    started = time.perf_counter()
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "coursemd.preview", "-a", f"127.0.0.1:{port}"],
            cwd=work / "course",
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        while "Serving on" not in log_path.read_text("utf-8"):
            if server.poll() is not None:
                sys.exit(log_path.read_text("utf-8")[-3000:])
            time.sleep(0.05)
        first_wall = time.perf_counter() - started
        first_cpu = cpu_seconds(server.pid)
        if "not built" in log_path.read_text("utf-8"):
            sys.exit(f"the generated {lessons}-lesson course does not build:\n{log_path.read_text('utf-8')[-3000:]}")
        url = f"http://127.0.0.1:{port}/{url_path}"
        tab = None
        if browser is not None:
            context = browser.new_context()  # type: ignore[attr-defined]
            tab = context.new_page()
            tab.goto(url, wait_until="load")
        served, shown, cpu = [], [], []
        original = page.read_text("utf-8")
        time.sleep(1)
        for n in range(saves):
            marker = f"Benchmark sentence number {n} {time.time_ns()}."
            before = cpu_seconds(server.pid)
            t0, wall0 = time.perf_counter(), time.time()
            page.write_text(original + f"\n{marker}\n", "utf-8")
            while marker not in fetch(url):
                time.sleep(0.01)
            served.append(time.perf_counter() - t0)
            if tab is not None:
                # The tab reloads itself; "shown" is its first contentful paint, by the browser's clock.
                tab.wait_for_function("(m) => document.body && document.body.innerText.includes(m)", arg=marker, timeout=60000)
                painted = tab.evaluate(
                    "() => new Promise((done) => { const get = () => performance.getEntriesByName('first-contentful-paint')[0];"
                    " const tick = () => get() ? done(performance.timeOrigin + get().startTime) : setTimeout(tick, 20); tick(); })"
                )
                shown.append(painted / 1000 - wall0)
            time.sleep(0.5)  # let the rebuild's tail (anchors, decks) finish before reading CPU
            cpu.append(cpu_seconds(server.pid) - before)
        if tab is not None:
            tab.context.close()
        return {
            "lessons": lessons,
            "first_wall": first_wall,
            "first_cpu": first_cpu,
            "served": statistics.median(served),
            "shown": statistics.median(shown) if shown else float("nan"),
            "cpu": statistics.median(cpu),
        }
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,15,100", help="course sizes in lessons, comma-separated")
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true", help="measure served latency only")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = []
    if args.no_browser or not Path(CHROMIUM).exists():
        results = [measure(n, args.saves, None) for n in sizes]
    else:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                results = [measure(n, args.saves, browser) for n in sizes]
            finally:
                browser.close()
    print(f"Edit loop: median of {args.saves} saves of one lesson.md under `make serve` (coursemd.preview)")
    print(f"{'lessons':>8} {'first build s':>14} {'first CPU s':>12} {'served s':>9} {'shown s':>8} {'CPU s/save':>11}")
    for r in results:
        print(
            f"{r['lessons']:>8} {r['first_wall']:>14.2f} {r['first_cpu']:>12.2f} {r['served']:>9.3f} "
            f"{r['shown']:>8.3f} {r['cpu']:>11.3f}"
        )
    print("goal: shown < 1 s at 15 lessons, < 2 s at 100")


if __name__ == "__main__":
    main()
