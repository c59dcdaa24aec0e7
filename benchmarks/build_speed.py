"""Build-speed benchmark at course scale: this project's math against math left to the browser.

For generated courses of 1, 15 and 40 lessons (and 300 with --with-300: about the size of
the published course this one follows), copies of lesson 2 whose formulas differ, spread
over tracks of 12 (course_copies.py), the same pages are built strictly two ways:

    (a) this project: coursemd.katex_math (one KaTeX process + disk cache)
    (c) math left unrendered: pymdownx.arithmatex (the floor: no server-side math at all)

"Cold" empties the math cache first; "warm" builds again on the cache the cold build left.
Each build runs in a fresh Python process and is measured around MkDocs' build() alone
(import and start-up are the same for both, so they are not counted): CPU seconds are user +
sys of that process and of its children (the KaTeX process, stopped and reaped before the
reading), which stay steady on a loaded machine; wall seconds are printed beside them. The
two configurations alternate run by run (a c, c a, ...) over --repeat runs (default 3), and
the medians are reported, with the ratios a/c. Goals (issue #11): cold <= 1.5, warm <= 1.2.
Also printed: peak memory (maximum resident set of the build process) per lesson, and the
average page's HTML and its navigation's share of it (Material renders the navigation
into every page, so that share grows with the course).

Run: make bench            (or: .venv/bin/python benchmarks/build_speed.py [--sizes 1,15,40]
                            [--with-300] [--repeat 3] [--keep])
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from course_copies import make_course  # noqa: E402

MATH_ENTRY = re.compile(r"  - coursemd\.katex_math:\n      cache_dir: [^\n]+\n")

# Runs in the child: build, stop the KaTeX process, then read this process's CPU and that of
# its reaped children, so Node's work is counted for (a).
CHILD = """
import json, resource, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
from coursemd import katex_renderer
config = load_config(sys.argv[1], site_dir=sys.argv[2], strict=True)
config.plugins.on_startup(command="build", dirty=False)
def cpu():
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
cpu0, wall0 = cpu(), time.perf_counter()
build(config)
config.plugins.on_shutdown()
for renderer in list(katex_renderer._RENDERERS.values()):
    renderer.close()
cpu1, wall1 = cpu(), time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"cpu": cpu1 - cpu0, "wall": wall1 - wall0, "peak_mb": peak}))
"""


def variant_config(course: Path, name: str, cache: Path) -> Path:
    """The course's mkdocs.yml with its math extension swapped for configuration `name`."""
    text = (course / "mkdocs.yml").read_text("utf-8")
    replacement = {
        "a": f"  - coursemd.katex_math:\n      cache_dir: {cache}\n",
        "c": "  - pymdownx.arithmatex:\n      generic: true\n",
    }[name]
    new, count = MATH_ENTRY.subn(replacement, text)
    assert count == 1, "mkdocs.yml no longer has the coursemd.katex_math entry this benchmark swaps"
    config = course / f".bench-{name}.yml"  # beside mkdocs.yml so relative paths resolve the same
    config.write_text(new, "utf-8")
    return config


def run_build(config: Path, site: Path) -> dict[str, float]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(config), str(site)],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        sys.exit(f"build failed for {config}:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def page_weight(site: Path) -> tuple[int, float, float]:
    """(pages, mean HTML KB of a page, mean share of it that is the primary navigation)."""
    sizes, navs = [], []
    for html in site.rglob("index.html"):
        text = html.read_text("utf-8")
        sizes.append(len(text.encode("utf-8")))
        # The primary navigation's sidebar runs up to the table of contents' sidebar.
        start, end = text.find("md-nav--primary"), text.find("md-sidebar--secondary")
        navs.append(len(text[start:end].encode("utf-8")) if 0 <= start < end else 0)
    return len(sizes), statistics.mean(sizes) / 1024, sum(navs) / max(1, sum(sizes))


def measure(size: int, repeat: int, work: Path) -> dict[str, object]:
    course = work / f"course-{size}"
    make_course(course, size)
    configs = {name: variant_config(course, name, work / f"cache-{size}-{name}") for name in "ac"}
    runs: dict[str, dict[str, list[float]]] = {n: {"cold": [], "warm": [], "cold_wall": [], "warm_wall": [], "peak": []} for n in "ac"}
    for run in range(repeat):
        for name in ("a", "c") if run % 2 == 0 else ("c", "a"):
            shutil.rmtree(work / f"cache-{size}-{name}", ignore_errors=True)
            site = work / f"site-{size}-{name}"
            shutil.rmtree(site, ignore_errors=True)
            cold = run_build(configs[name], site)
            warm = run_build(configs[name], site)
            for kind, result in (("cold", cold), ("warm", warm)):
                runs[name][kind].append(result["cpu"])
                runs[name][f"{kind}_wall"].append(result["wall"])
            runs[name]["peak"].append(max(cold["peak_mb"], warm["peak_mb"]))
            print(f"  {size:>3} lessons, run {run + 1}, ({name}): cold {cold['cpu']:.1f} s CPU, warm {warm['cpu']:.1f} s CPU", flush=True)
    pages, page_kb, nav_share = page_weight(work / f"site-{size}-a")
    median = {n: {k: statistics.median(v) for k, v in runs[n].items()} for n in "ac"}
    return {"size": size, "pages": pages, "page_kb": page_kb, "nav_share": nav_share, **median}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,15,40", help="course sizes in lessons, comma-separated")
    parser.add_argument("--with-300", action="store_true", help="also a 300-lesson course (some minutes a build)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per configuration and size (medians reported)")
    parser.add_argument("--keep", action="store_true", help="keep the generated courses and sites")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s] + ([300] if args.with_300 else [])

    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        rows = [measure(size, args.repeat, work) for size in sizes]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")

    print(f"\nStrict builds, CPU seconds (user + sys, with the KaTeX process); median of {args.repeat} alternating runs.")
    print("(a) this project's build-time KaTeX   (c) the same pages with math left to the browser\n")
    head = (
        f"{'lessons':>7} {'pages':>5} | {'a cold':>7} {'c cold':>7} {'ratio':>5} | {'a warm':>7} {'c warm':>7} {'ratio':>5}"
        f" | {'wall a/c cold':>13} {'wall a/c warm':>13} | {'peak MB':>7} {'MB/lesson':>9} | {'page KB':>7} {'nav %':>5}"
    )
    print(head)
    print("-" * len(head))
    for row in rows:
        a, c = row["a"], row["c"]
        print(
            f"{row['size']:>7} {row['pages']:>5} | {a['cold']:7.2f} {c['cold']:7.2f} {a['cold'] / c['cold']:5.2f} |"
            f" {a['warm']:7.2f} {c['warm']:7.2f} {a['warm'] / c['warm']:5.2f} |"
            f" {a['cold_wall']:6.1f}/{c['cold_wall']:<6.1f} {a['warm_wall']:6.1f}/{c['warm_wall']:<6.1f} |"
            f" {a['peak']:7.0f} {a['peak'] / row['size']:9.1f} | {row['page_kb']:7.0f} {100 * row['nav_share']:5.0f}"
        )
    print("\nGoals: ratio cold <= 1.5, warm <= 1.2 at every size; peak memory per lesson flat or falling.")


if __name__ == "__main__":
    main()
