"""Small courses written into temporary folders, to test the generator apart from this course.

A fixture course is what a second course using the generator would hold: its own mkdocs.yml,
the two hook entry points, a home page, and `lesson_src/` with a track or two. Nothing in it
comes from this repository's `lesson_src/` or `docs/`, so adding a lesson here breaks no test.

    course = write_course(tmp_path, {"lesson_src/t01/track.yml": TRACK, ...})
    result = build_cli(course)          # `mkdocs build --strict`, as an instructor runs it
    site = build_in_process(course)     # faster, when only the output matters
    with served_course(course) as site: # built and served, for Chromium
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import Site

ROOT = Path(__file__).resolve().parent.parent

MKDOCS_YML = """\
site_name: Fixture course
site_url: http://127.0.0.1:8000/
strict: true
validation:
  anchors: warn
theme:
  name: material
  font: false
hooks:
  - hooks/lessons.py
  - hooks/anki_export.py
  - hooks/exercise_variants.py
markdown_extensions:
  - toc:
      permalink: true
  - admonition
  - attr_list
  - md_in_html
  - tables
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.blocks.details
  - coursemd.numbers
  - coursemd.calculator
  - coursemd.flashcards
  - coursemd.quiz
  - coursemd.drill
  - coursemd.exercise
  - coursemd.katex_math:
      cache_dir: .cache/katex
"""

HOME = """\
# Fixture course

<!-- course-tracks -->

<!-- course-start-here -->
"""

TRACK = """\
title: Probability Basics
total: 3
phases:
  1: Foundations
lessons:
  1: Events and outcomes
  2: Bayes' rule
"""


def lesson_yml(track: str, number: int, title: str, **extra: str) -> str:
    """A valid lesson.yml for lesson `number` of `track`."""
    lines = [
        f"title: {title}",
        f"track: {track}",
        f"number: {number}",
        "phase: 1",
        "objectives: [Say what an event is]",
        "read_minutes: 5",
        "practice_minutes: 5",
        "difficulty: introductory",
    ]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


def lesson_pages(folder: str, title: str, *, lesson_body: str = "") -> dict[str, str]:
    """The five pages of a lesson in `folder` (e.g. 'lesson_src/t01/01-events'), each one line."""
    pages = {name: f"# {heading}\n\n{title}: {heading.lower()}.\n" for name, heading in _PAGES}
    if lesson_body:
        pages["lesson.md"] = f"# Lesson\n\n{textwrap.dedent(lesson_body)}"
    return {f"{folder}/{name}": text for name, text in pages.items()}


_PAGES = (
    ("brief.md", "Brief"),
    ("lesson.md", "Lesson"),
    ("practice.md", "Practice"),
    ("cheatsheet.md", "Cheatsheet"),
    ("references.md", "References"),
)


def basic_course() -> dict[str, str]:
    """One track, `t01`, with lesson 1 written and lesson 2 announced."""
    files = {"lesson_src/t01/track.yml": TRACK}
    files["lesson_src/t01/01-events/lesson.yml"] = lesson_yml("t01", 1, "Events and outcomes")
    files.update(lesson_pages("lesson_src/t01/01-events", "Events and outcomes"))
    return files


def write_course(tmp_path: Path, files: dict[str, str] | None = None, *, home: str | None = HOME) -> Path:
    """Write a fixture course: mkdocs.yml, the hook entry points, a home page and `files`."""
    course = tmp_path / "course"
    course.mkdir(parents=True)
    (course / "mkdocs.yml").write_text(MKDOCS_YML, "utf-8")
    (course / "hooks").mkdir()
    for entry in ("lessons.py", "anki_export.py", "exercise_variants.py"):
        shutil.copy(ROOT / "hooks" / entry, course / "hooks" / entry)
    (course / "docs").mkdir()
    if home is not None:
        (course / "docs" / "index.md").write_text(home, "utf-8")
    (course / "lesson_src").mkdir()
    for path, text in (basic_course() if files is None else files).items():
        target = course / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    # The KaTeX package the renderer and the served CSS come from (pinned by this repository).
    (course / "node_modules").symlink_to(ROOT / "node_modules")
    return course


def build_cli(course: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` in `course`, as an instructor would; return the result."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(course / "site"), *args],
        cwd=course,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=180,
    )


def build_in_process(course: Path, site: Path | None = None) -> Path:
    """Build `course` strictly in this process (into `site`, default course/site); return the site folder."""
    from conftest import build_site

    site = site or course / "site"
    cwd = os.getcwd()
    os.chdir(course)  # the KaTeX package is found from the working folder, as under `mkdocs`
    try:
        build_site(site, config_file=course / "mkdocs.yml")
    finally:
        os.chdir(cwd)
    return site


@contextlib.contextmanager
def served_course(course: Path) -> Iterator[Site]:
    """Build `course` strictly and serve its site (conftest.served), from inside the course folder."""
    from conftest import served

    cwd = os.getcwd()
    os.chdir(course)  # the npm packages are found from the working folder, as under `mkdocs`
    try:
        with served(course / "site", config_file=course / "mkdocs.yml") as site:
            yield site
    finally:
        os.chdir(cwd)


def errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The ERROR and WARNING lines a build printed."""
    return [line for line in result.stderr.splitlines() if line.startswith(("ERROR", "WARNING"))]
