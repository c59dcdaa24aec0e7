"""Build-speed benchmark: the same lesson sources built three ways, cold and warm.

    (a) this project: coursemd.katex_math (one KaTeX process + disk cache)
    (b) markdown-katex out of the box, with `npx` on PATH and no katex package where it looks
    (c) math left unrendered: pymdownx.arithmatex (the floor: no server-side math at all)

Each build runs in a fresh Python process and is timed around MkDocs' build() alone, so
interpreter start-up is not counted for anyone. "Cold" empties that variant's math cache
first; "warm" builds again with the cache the cold build left. Prints seconds and the
ratios a/c and a/b. Goal (issue #2): cold a/c <= 1.5, warm a/c <= 1.2.

Run: make bench   (or: .venv/bin/python benchmarks/build_speed.py [--repeat N] [--skip-b])
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MATH_ENTRY = re.compile(r"  - coursemd\.katex_math:\n      cache_dir: [^\n]+\n")

CHILD = """
import sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2], strict=False)
config.plugins.on_startup(command="build", dirty=False)
start = time.perf_counter()
build(config)
print(f"{time.perf_counter() - start:.4f}")
"""


def variant_config(name: str, cache: Path) -> str:
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    replacement = {
        "a": f"  - coursemd.katex_math:\n      cache_dir: {cache}\n",
        "b": "  - markdown_katex\n",
        "c": "  - pymdownx.arithmatex:\n      generic: true\n",
    }[name]
    new, count = MATH_ENTRY.subn(replacement, text)
    assert count == 1, "mkdocs.yml no longer has the coursemd.katex_math entry this benchmark swaps"
    return new


def run_build(config: Path, site: Path, env: dict[str, str]) -> float:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(config), str(site)],
        cwd=env["BENCH_CWD"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        sys.exit(f"build failed for {config.name}:\n{out.stderr[-2000:]}")
    return float(out.stdout.strip().splitlines()[-1])


def count_formulas() -> int:
    total = 0
    for page in (ROOT / "lesson_src").rglob("*.md"):
        text = page.read_text("utf-8")
        total += len(re.findall(r"\$`", text)) + len(re.findall(r"^\s*```math", text, flags=re.M))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=1, help="repeat each measurement and keep the fastest")
    parser.add_argument("--skip-b", action="store_true", help="skip markdown-katex out of the box (slow)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-"))
    # markdown-katex looks for katex via `npx --no-install katex` from the working directory;
    # run every build from an empty folder so (b) meets the common case: npx, no katex package.
    empty_cwd = work / "cwd"
    empty_cwd.mkdir()
    katex_dir = ROOT / "node_modules" / "katex"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BENCH_CWD": str(empty_cwd), "KATEX_DIR": str(katex_dir)}
    if shutil.which("npx", path=env.get("PATH")) is None:
        print("note: npx is not on PATH, so (b) measures markdown-katex's bundled binary only")
    mdkatex_cache = Path(tempfile.gettempdir()) / "mdkatex"

    names = ["a", "b", "c"] if not args.skip_b else ["a", "c"]
    results: dict[str, tuple[float, float]] = {}
    for name in names:
        cache = work / f"cache-{name}"
        config = ROOT / f".bench-{name}.yml"  # beside mkdocs.yml so relative paths resolve the same
        config.write_text(variant_config(name, cache), "utf-8")
        try:
            cold, warm = [], []
            for _ in range(args.repeat):
                shutil.rmtree(cache, ignore_errors=True)
                if name == "b":
                    shutil.rmtree(mdkatex_cache, ignore_errors=True)
                cold.append(run_build(config, work / f"site-{name}", env))
                warm.append(run_build(config, work / f"site-{name}", env))
            results[name] = (min(cold), min(warm))
        finally:
            config.unlink()
    shutil.rmtree(work, ignore_errors=True)

    labels = {"a": "(a) this project", "b": "(b) markdown-katex, npx on PATH", "c": "(c) arithmatex, no rendering"}
    print(f"Lesson sources: {count_formulas()} formulas in lesson_src; best of {args.repeat} run(s) each.")
    print(f"{'configuration':34} {'cold s':>9} {'warm s':>9}")
    for name, (cold, warm) in results.items():
        print(f"{labels[name]:34} {cold:9.3f} {warm:9.3f}")
    a, c = results["a"], results["c"]
    print(f"{'ratio a/c':34} {a[0] / c[0]:9.2f} {a[1] / c[1]:9.2f}   (goal: cold <= 1.5, warm <= 1.2)")
    if "b" in results:
        b = results["b"]
        print(f"{'ratio a/b':34} {a[0] / b[0]:9.3f} {a[1] / b[1]:9.3f}")


if __name__ == "__main__":
    main()
