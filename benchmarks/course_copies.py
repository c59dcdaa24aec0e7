"""Generated courses for the benchmarks: copies of lesson 2 whose formulas differ, over tracks.

    make_course(folder, lessons=100)   # a course of 100 lessons, at most LESSONS_PER_TRACK a track

Each copy is lesson 2 with its number, track and ids changed, and every formula (and every
exercise variant) made its own, so the KaTeX cache cannot serve one copy's math to another.
Every track also announces lessons 1, 3 and 4, so lesson 2's links to them resolve.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "lesson_src" / "t19" / "02-autoregressive-models"
LESSONS_PER_TRACK = 12
PLANNED = {
    1: "What a generative model is, and the four-paradigm map",
    3: "Maximum likelihood and the KL view",
    4: "Normalizing flows",
}
TITLE = "Autoregressive models, factoring by the chain rule"
INLINE_MATH = re.compile(r"\$`(.+?)`\$")
MATH_FENCE = re.compile(r"^([ \t>]*)```math\n", re.M)


def _numbers_in_track(count: int) -> list[int]:
    """Lesson numbers for `count` copies in one track: 2, then 5, 6, ... (1, 3, 4 are planned)."""
    return [2, *range(5, 5 + count - 1)]


def make_course(folder: Path, lessons: int) -> list[Path]:
    """Write a course of `lessons` copies into `folder` (mkdocs.yml, docs/, lesson_src/); return
    the copies' lesson.md paths."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", folder / "docs")
    (folder / "hooks").mkdir()
    for entry in (ROOT / "hooks").glob("*.py"):  # the entry points mkdocs.yml lists
        shutil.copy(entry, folder / "hooks" / entry.name)
    if (ROOT / "exercises").is_dir():
        shutil.copytree(ROOT / "exercises", folder / "exercises", ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    pages: list[Path] = []
    copy = 0
    track_index = 0
    while copy < lessons:
        track_index += 1
        track = f"t{track_index}"
        count = min(LESSONS_PER_TRACK, lessons - copy)
        numbers = _numbers_in_track(count)
        titles = {**PLANNED}
        for number in numbers:
            copy += 1
            titles[number] = f"{TITLE} (copy {copy})"
            pages.append(_copy_lesson(folder / "lesson_src" / track, track, number, copy, titles[number]))
        entries = "".join(f"  {n}: {_quote(t)}\n" for n, t in sorted(titles.items()))
        (folder / "lesson_src" / track / "track.yml").write_text(
            f"title: Benchmark track {track_index}\ntotal: {max(titles)}\nphases:\n  1: Generative foundations\n"
            f"lessons:\n{entries}",
            "utf-8",
        )
    return pages


def _quote(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def _copy_lesson(track_dir: Path, track: str, number: int, copy: int, title: str) -> Path:
    target = track_dir / f"{number:02d}-autoregressive-copy-{copy}"
    shutil.copytree(SOURCE, target, ignore=shutil.ignore_patterns("__pycache__", "make_figures.py"))
    # Every formula starts with a kern no wider than a hair that only this copy has, so no
    # two copies share a formula in the KaTeX cache; the exercise's variants start at a seed
    # of their own for the same reason.
    kern = f"\\hspace{{{copy / 10_000:.4f}em}}"
    for page in target.glob("*.md"):
        text = page.read_text("utf-8").replace("t19-02-", f"{track}-{number:02d}-")
        text = INLINE_MATH.sub(lambda m: f"$`{kern}{m.group(1)}`$", text)
        text = MATH_FENCE.sub(lambda m: f"{m.group(0)}{m.group(1)}{kern}\n", text)
        page.write_text(text, "utf-8")
    exercise = target / "fresh_sequence.py"
    if exercise.is_file():
        with exercise.open("a", encoding="utf-8") as out:
            out.write(f"\n\n_variant = fresh_sequence\n\n\ndef fresh_sequence(seed):\n    return _variant(seed + {copy * 1000})\n")
    meta = (target / "lesson.yml").read_text("utf-8")
    meta = re.sub(r"^title: .*$", f"title: {_quote(title)}", meta, flags=re.M)
    meta = re.sub(r"^track: .*$", f"track: {track}", meta, flags=re.M)
    meta = re.sub(r"^number: .*$", f"number: {number}", meta, flags=re.M)
    meta = meta.replace("t19/", f"{track}/")
    (target / "lesson.yml").write_text(meta, "utf-8")
    return target / "lesson.md"
