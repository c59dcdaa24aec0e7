"""`python -m coursemd.scaffold`: a lesson or a track started by one command builds strictly at once.

Each test writes a fixture course into tmp_path, runs the scaffold as an instructor would (a
subprocess, from the course root or with --root), then builds with `mkdocs build --strict`.
A refused request must say what is wrong in one line, exit with 2 and write nothing.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from coursemd.scaffold import slugify
from fixture_course import MKDOCS_YML, TRACK, basic_course, build_cli, errors, write_course

#: The `{{ name = 4 }}` extension. Without it, the fixture builds without that line of
#: mkdocs.yml, and the scaffold then writes its example number unchecked.
NUMBERS_READY = importlib.util.find_spec("coursemd.numbers") is not None

#: track.yml of t01 with a {title, phase} entry and a lesson after it.
TRACK_WITH_PHASES = """\
title: Probability Basics
total: 4
phases:
  1: Foundations
  2: Inference
lessons:
  1: Events and outcomes
  2: {title: "Bayes' rule", phase: 2}
  3: Independence
"""

LESSON_FILES = (
    "lesson.yml",
    "brief.md",
    "lesson.md",
    "summary.md",
    "practice.md",
    "cheatsheet.md",
    "references.md",
    "numbers.py",
)
SITE_PAGES = (
    "index.html",
    "lesson/index.html",
    "summary/index.html",
    "practice/index.html",
    "cheatsheet/index.html",
    "references/index.html",
)


# --- Helpers ---------------------------------------------------------------------------------


def course_at(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    """A fixture course; its mkdocs.yml drops `coursemd.numbers` while that extension is missing."""
    course = write_course(tmp_path, files)
    if not NUMBERS_READY:
        (course / "mkdocs.yml").write_text(MKDOCS_YML.replace("  - coursemd.numbers\n", ""), "utf-8")
    return course


def scaffold(course: Path, *args: str, root: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the scaffold: with `--root course` from elsewhere, or (root=False) inside the course."""
    command = [sys.executable, "-m", "coursemd.scaffold", *args]
    return subprocess.run(
        [*command, "--root", str(course)] if root else command,
        cwd=course.parent if root else course,
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )


def snapshot(course: Path) -> dict[str, bytes]:
    """Every file of the course (not the linked node_modules), with its content."""
    files = {}
    for folder, dirs, names in os.walk(course):  # does not follow the node_modules link
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
        for name in names:
            path = Path(folder) / name
            if not path.is_symlink():
                files[path.relative_to(course).as_posix()] = path.read_bytes()
    return files


def created(folder: str) -> list[str]:
    """The 'created ...' lines the scaffold must print for a new lesson folder, in order."""
    return [f"created {folder}/{name}" for name in LESSON_FILES]


def assert_builds(course: Path) -> None:
    # "-v" after build_cli's "-q": under -q MkDocs drops warnings before --strict counts them,
    # so a broken link would pass unseen.
    result = build_cli(course, "-v")
    assert result.returncode == 0, result.stderr
    assert errors(result) == []


def assert_lesson_in_site(course: Path, url: str, id_prefix: str) -> None:
    site = course / "site" / url
    for page in SITE_PAGES:
        assert (site / page).is_file(), f"{url}{page} was not built"
    practice = (site / "practice/index.html").read_text("utf-8")
    assert f'data-widget="quiz" id="{id_prefix}-self-check"' in practice
    assert f'data-widget="drill" id="{id_prefix}-drill"' in practice
    assert f'data-widget="flashcards" id="{id_prefix}-deck"' in practice
    assert "///" not in practice  # every block was read
    assert (site / f"practice/{id_prefix}-deck.apkg").is_file()
    lesson = (site / "lesson/index.html").read_text("utf-8")
    assert 'class="katex"' in lesson
    if NUMBERS_READY:
        assert "{{" not in lesson and "is 4." in lesson


# --- Creating --------------------------------------------------------------------------------


def test_a_lesson_listed_in_track_yml_takes_its_title_phase_and_neighbours(tmp_path: Path) -> None:
    files = basic_course()
    files["lesson_src/t01/track.yml"] = TRACK_WITH_PHASES
    course = course_at(tmp_path, files)

    result = scaffold(course, "lesson", "t01/02", root=False)  # run in the course root, as `make lesson` does

    assert result.returncode == 0, result.stderr
    folder = "lesson_src/t01/02-bayes-rule"
    assert result.stdout.splitlines() == [
        *created(folder),
        "Next: run `make serve` and open http://127.0.0.1:8000/t01/02-bayes-rule/",
    ]
    meta = yaml.safe_load((course / folder / "lesson.yml").read_text("utf-8"))
    assert {k: v for k, v in meta.items() if k != "objectives"} == {
        "title": "Bayes' rule",
        "track": "t01",
        "number": 2,
        "phase": 2,
        "read_minutes": 10,
        "practice_minutes": 10,
        "difficulty": "standard",
        "prerequisites": ["t01/01"],
        "next": "t01/03",
    }
    assert len(meta["objectives"]) == 2 and all(o.startswith("Replace this") for o in meta["objectives"])
    assert_builds(course)
    assert_lesson_in_site(course, "t01/02-bayes-rule/", "t01-02")


def test_a_lesson_with_its_title_on_the_command_line(tmp_path: Path) -> None:
    course = course_at(tmp_path)  # t01: lesson 1 written, 2 announced, total 3

    result = scaffold(course, "lesson", "t01/03", "--title", "Conditional probability: a first look")

    assert result.returncode == 0, result.stderr
    folder = "lesson_src/t01/03-conditional-probability-a-first-look"
    assert result.stdout.splitlines()[:-1] == created(folder)
    meta = yaml.safe_load((course / folder / "lesson.yml").read_text("utf-8"))
    assert meta["title"] == "Conditional probability: a first look"
    assert (meta["phase"], meta["prerequisites"]) == (1, ["t01/02"])  # the announced lesson 2
    assert "next" not in meta  # lesson 4 does not exist
    assert_builds(course)
    assert_lesson_in_site(course, "t01/03-conditional-probability-a-first-look/", "t01-03")


def test_a_new_track_then_a_lesson_in_it(tmp_path: Path) -> None:
    course = course_at(tmp_path)

    made = scaffold(
        course, "track", "t02", "--title", "Statistics: estimation", "--total", "4", "--phase", "Estimators"
    )
    default = scaffold(course, "track", "t03", "--title", "Linear algebra")

    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[0] == "created lesson_src/t02/track.yml"
    assert "make lesson ID=t02/01" in made.stdout.splitlines()[1]
    assert "http://127.0.0.1:8000/tracks/t02/" in made.stdout.splitlines()[1]
    track = yaml.safe_load((course / "lesson_src/t02/track.yml").read_text("utf-8"))
    assert track == {
        "title": "Statistics: estimation",
        "code": "Track 2",
        "total": 4,
        "phases": {1: "Estimators"},
        "lessons": {},
    }
    assert default.returncode == 0, default.stderr
    defaults = yaml.safe_load((course / "lesson_src/t03/track.yml").read_text("utf-8"))
    assert (defaults["total"], defaults["phases"]) == (10, {1: "Foundations"})

    lesson = scaffold(course, "lesson", "t02/01", "--title", "Point estimates")

    assert lesson.returncode == 0, lesson.stderr
    meta = yaml.safe_load((course / "lesson_src/t02/01-point-estimates/lesson.yml").read_text("utf-8"))
    assert (meta["track"], meta["number"], meta["phase"]) == ("t02", 1, 1)
    assert "prerequisites" not in meta and "next" not in meta
    assert_builds(course)  # t03, with no lessons yet, builds too
    assert_lesson_in_site(course, "t02/01-point-estimates/", "t02-01")
    assert (course / "site/tracks/t02/index.html").is_file()
    assert (course / "site/tracks/t03/index.html").is_file()


def test_the_example_number_is_checked_only_where_the_course_has_the_extension(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with_numbers = write_course(tmp_path / "a")
    without = write_course(tmp_path / "b")
    (without / "mkdocs.yml").write_text(MKDOCS_YML.replace("  - coursemd.numbers\n", ""), "utf-8")

    for course in (with_numbers, without):
        assert scaffold(course, "lesson", "t01/02").returncode == 0

    lesson = with_numbers / "lesson_src/t01/02-bayes-rule"
    assert "{{ example_sum = 4 }}" in (lesson / "lesson.md").read_text("utf-8")
    assert "\nAnswer: {{ example_sum = 4 }}\n" in (lesson / "practice.md").read_text("utf-8")
    assert "example_sum = 1 + 3" in (lesson / "numbers.py").read_text("utf-8")
    plain = without / "lesson_src/t01/02-bayes-rule"
    assert "{{" not in (plain / "lesson.md").read_text("utf-8")
    assert "\nAnswer: 4\n" in (plain / "practice.md").read_text("utf-8")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Bayes' rule", "bayes-rule"),
        ("Maximum likelihood and the KL view", "maximum-likelihood-and-the-kl-view"),
        ("What a generative model is, and the four-paradigm map", "what-a-generative-model-is"),
        ("Café au lait  --  statistics", "cafe-au-lait-statistics"),
        ("???", "lesson"),
    ],
)
def test_slug(title: str, slug: str) -> None:
    assert slugify(title) == slug


# --- Refusing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("lesson", "t01-02"), "'t01-02' is not a lesson id"),
        (("lesson", "T01/02"), "'T01/02' is not a lesson id"),
        (("lesson", "t01/00"), "Lesson numbers start at 1"),
        (("lesson",), "no lesson id given"),
        (("lesson", "t09/01"), "there is no track 't09'"),
        (("lesson", "t01/04"), "lesson 4 is beyond the track's total of 3"),
        (("lesson", "t01/01"), "lesson 1 already exists, in lesson_src/t01/01-events"),
        (("lesson", "t01/03"), 'lesson 3 has no title in lesson_src/t01/track.yml. Pass one with TITLE="..."'),
        (("lesson", "t01/02", "--title", "Bayes's theorem"), 'lesson 2 is listed as "Bayes\' rule"'),
        (("track", "t01", "--title", "Again"), "lesson_src/t01 already exists"),
        (("track", "T02", "--title", "Statistics"), "'T02' is not a track id"),
        (("track", "t_2", "--title", "Statistics"), "'t_2' is not a track id"),
        (("track", "t02"), "track 't02' needs a title"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else "",
)
def test_a_refusal_is_one_line_and_writes_nothing(tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    course = write_course(tmp_path, {**basic_course(), "lesson_src/t01/track.yml": TRACK})
    before = snapshot(course)

    result = scaffold(course, *args)

    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("scaffold: ")
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(course) == before


def test_outside_a_course_root_it_refuses(tmp_path: Path) -> None:
    result = scaffold(tmp_path, "track", "t02", "--title", "Statistics")

    assert result.returncode == 2
    assert result.stderr == (
        f"scaffold: {tmp_path.resolve()} has no mkdocs.yml. Run this in the course root"
        " (the folder with mkdocs.yml), or pass --root PATH.\n"
    )
    assert list(tmp_path.iterdir()) == []
