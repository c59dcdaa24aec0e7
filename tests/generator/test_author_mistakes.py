"""The corpus of authoring mistakes: every one stops the strict build with one line naming the
source file (under lesson_src/ or docs/, never a generated path) and its line, and no traceback.

Each case changes one file of the basic fixture course. All cases build in one process
(tests/mistakes_driver.py), since starting MkDocs costs seconds per build. Grow the corpus
with every new syntax.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT
from fixture_course import basic_course, lesson_pages, lesson_yml, write_course

L = "lesson_src/t01/01-events"
META = f"{L}/lesson.yml"
TRACK = "lesson_src/t01/track.yml"
PRACTICE = f"{L}/practice.md"
BRIEF = f"{L}/brief.md"

QUIZ = """\
/// quiz
    id: q

Which is an event?

- [x] A set of outcomes
- [ ] A number
///
"""

Change = Callable[[dict[str, str]], None]


def page(path: str, body: str) -> Change:
    """Replace a page with `# Title`, a blank line, then `body` (so `body` starts on line 3)."""

    def change(files: dict[str, str]) -> None:
        files[path] = "# Page\n\n" + body

    return change


def edit(path: str, old: str, new: str) -> Change:
    def change(files: dict[str, str]) -> None:
        assert old in files[path], (path, old)
        files[path] = files[path].replace(old, new)

    return change


def add(path: str, text: str) -> Change:
    def change(files: dict[str, str]) -> None:
        files[path] = text

    return change


def append(path: str, text: str) -> Change:
    def change(files: dict[str, str]) -> None:
        files[path] = files[path] + text

    return change


def second_lesson_numbered_one(files: dict[str, str]) -> None:
    files[f"lesson_src/t01/01-outcomes/lesson.yml"] = lesson_yml("t01", 1, "Events and outcomes")
    files.update(lesson_pages("lesson_src/t01/01-outcomes", "Events and outcomes"))


# (id, change, the file the message must name, its line, words the message must contain)
CORPUS: list[tuple[str, Change, str, int | None, str]] = [
    # --- blocks
    ("block-misspelled", page(PRACTICE, QUIZ.replace("/// quiz", "/// quizz")), PRACTICE, 3, "Did you mean '/// quiz'?"),
    ("block-unclosed", page(PRACTICE, QUIZ.rsplit("///", 1)[0] + "\n## Next section\n"), PRACTICE, 3, "never closed"),
    ("block-options-unindented", page(PRACTICE, QUIZ.replace("    id: q", "id: q")), PRACTICE, 4, "indented"),
    (
        "block-nested",
        page(PRACTICE, QUIZ.replace("///\n", "").replace("- [ ] A number\n", "- [ ] A number\n\n" + QUIZ + "///\n")),
        PRACTICE,
        11,
        "inside",
    ),
    (
        "block-same-id-two-kinds",
        page(PRACTICE, QUIZ + "\n/// flashcards\n    id: q\n\nQ: What is an outcome?\nA: One result.\n///\n"),
        PRACTICE,
        12,
        "already used",
    ),
    ("block-unknown-option", page(PRACTICE, QUIZ.replace("    id: q", "    id: q\n    shufle: true")), PRACTICE, 5, "unknown option 'shufle'. Did you mean 'shuffle'?"),
    ("block-options-bad-yaml", page(PRACTICE, QUIZ.replace("    id: q", "    id: [q")), PRACTICE, 4, "not valid YAML"),
    ("quiz-no-right-answer", page(PRACTICE, QUIZ.replace("[x]", "[ ]")), PRACTICE, 6, "no right option"),
    (
        "quiz-answer-infinite",
        page(PRACTICE, "/// quiz\n\nHow many?\n\nAnswer: 1e999 bits\nTolerance: 0.1\n///\n"),
        PRACTICE,
        7,
        "finite",
    ),
    (
        "quiz-tolerance-infinite",
        page(PRACTICE, "/// quiz\n\nHow many?\n\nAnswer: 4 bits\nTolerance: 1e999\n///\n"),
        PRACTICE,
        8,
        "finite",
    ),
    # --- math
    ("math-bad-tex", page(PRACTICE, "A formula $`\\frac{1}{2`$ here.\n"), PRACTICE, 3, "cannot render the math"),
    ("math-bad-dollar-tex", page(PRACTICE, "A formula $\\frac{1}{2$ here.\n"), PRACTICE, 3, "cannot render the math"),
    ("math-unclosed-backtick", page(PRACTICE, "Text\n\nA formula $`x^2 never closed.\n"), PRACTICE, 5, "math"),
    ("math-unclosed-display", page(PRACTICE, "$$\nx^2\n\nMore text.\n"), PRACTICE, 3, "$$"),
    ("math-href", page(PRACTICE, "A link in math $`\\href{https://example.org}{x}`$.\n"), PRACTICE, 3, "\\href"),
    # --- pages
    ("page-front-matter-yaml", add(BRIEF, "---\ntitle: [oops\n---\n\n# Brief\n"), BRIEF, 2, "front matter"),
    ("page-not-utf8", add(BRIEF, "# Brief\n\nCaf\xe9\n"), BRIEF, 3, "UTF-8"),
    ("link-missing-page", page(BRIEF, "See [the next lesson](../02-missing/index.md).\n"), BRIEF, 3, "02-missing"),
    ("link-missing-image", page(BRIEF, "Text.\n\n![A figure](figures/none.svg)\n"), BRIEF, 5, "figures/none.svg"),
    ("link-missing-anchor", page(BRIEF, "See [practice](practice.md#no-such-section).\n"), BRIEF, 3, "no-such-section"),
    (
        "link-missing-in-quiz-option",
        page(PRACTICE, QUIZ.replace("- [ ] A number", "- [ ] A [number](nowhere.md)")),
        PRACTICE,
        9,
        "nowhere.md",
    ),
    # --- lesson.yml and track.yml
    ("meta-not-utf8", append(META, "summary: caf\xe9\n"), META, 9, "UTF-8"),
    ("meta-repeated-key", append(META, "read_minutes: 7\n"), META, 9, "twice"),
    ("meta-prerequisite-itself", append(META, "prerequisites: [t01/01]\n"), META, 9, "itself"),
    ("meta-next-itself", append(META, "next: t01/01\n"), META, 9, "itself"),
    ("meta-bad-yaml", edit(META, "phase: 1", "phase: [1"), META, 4, "not valid YAML"),
    ("meta-missing-page", lambda f: f.pop(f"{L}/cheatsheet.md"), f"{L}/cheatsheet.md", None, "missing"),
    ("meta-folder-name", lambda f: f.update({k.replace("01-events", "1-events"): v for k, v in f.items()}), "lesson_src/t01/1-events", None, "NN-slug"),
    ("two-folders-one-number", second_lesson_numbered_one, f"lesson_src/t01/01-outcomes/lesson.yml", 3, "also by lesson_src/t01/01-events"),
    ("track-repeated-number", edit(TRACK, "  2: Bayes' rule\n", "  2: Bayes' rule\n  2: Priors\n"), TRACK, 8, "twice"),
    ("track-bad-yaml", edit(TRACK, "total: 3", "total: [3"), TRACK, 2, "not valid YAML"),
    ("track-not-utf8", append(TRACK, "description: caf\xe9\n"), TRACK, 8, "UTF-8"),
]


def _latin1(text: str) -> bool:
    """Whether a fixture file is to be written as Latin-1 bytes (its text holds \\xe9), not UTF-8."""
    return "\xe9" in text


def _write(course: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        if _latin1(text):
            (course / path).write_bytes(text.encode("latin-1"))


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    root = tmp_path_factory.mktemp("mistakes")
    good = basic_course()
    cases = {}
    for case, change, *_ in CORPUS:
        files = basic_course()
        change(files)
        course = write_course(root / case, {k: v for k, v in files.items() if not _latin1(v)})
        _write(course, files)
        changes = {
            path: None if path not in files else {"text": files[path], "latin1": _latin1(files[path])}
            for path in sorted(set(good) | set(files))
            if good.get(path) != files.get(path)
        }
        cases[case] = {"course": str(course), "changes": changes}
    serve_course = write_course(root / "serve", good)
    (root / "cases.json").write_text(json.dumps({"serve_course": str(serve_course), "cases": cases}), "utf-8")
    # The strict builds and the preview server's saves run side by side, one process each.
    runs = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "mistakes_driver.py"), mode, str(root / "cases.json"), str(root / f"{mode}.json")],
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "tests")},
        )
        for mode in ("strict", "serve")
    ]
    for run in runs:
        assert run.wait(timeout=900) == 0
    strict, serve = (json.loads((root / f"{mode}.json").read_text("utf-8")) for mode in ("strict", "serve"))
    return {case: {**strict[case], **serve[case]} for case in strict}


@pytest.mark.parametrize(("case", "change", "source", "line", "words"), CORPUS, ids=[c[0] for c in CORPUS])
def test_the_mistake_is_named_at_its_file_and_line(
    results: dict[str, dict[str, object]], case: str, change: Change, source: str, line: int | None, words: str
) -> None:
    result = results[case]
    lines: list[str] = result["lines"]  # type: ignore[assignment]
    report = "\n".join(lines) + str(result["traceback"])
    assert result["failed"], f"the strict build passed:\n{report}"
    assert not result["traceback"], report
    assert len(lines) == 1 and "\n" not in lines[0], f"not one line:\n{report}"
    where = f"Doc file '{source}', line {line}:" if line is not None else f"Doc file '{source}':"
    assert where in lines[0], f"the message does not name {where}:\n{report}"
    assert words in lines[0], f"the message does not say {words!r}:\n{report}"
    assert "Doc file 't01/" not in lines[0], f"the message names a generated path:\n{report}"


@pytest.mark.parametrize(("case", "change", "source", "line", "words"), CORPUS, ids=[c[0] for c in CORPUS])
def test_the_preview_server_says_the_same_and_clears_it_once_fixed(
    results: dict[str, dict[str, object]], case: str, change: Change, source: str, line: int | None, words: str
) -> None:
    result = results[case]
    (strict,) = (text.split("-  ", 1)[1] for text in result["lines"])  # type: ignore[union-attr]
    assert result["serve_start"] == [strict], "a preview server started on the mistake"
    assert result["serve_save"] == [strict], "the mistake saved while the preview server runs"
    assert result["serve_fixed"] == [], "the fix saved while the preview server runs"


def test_the_corpus_covers_every_kind() -> None:
    kinds = {case.split("-")[0] for case, *_ in CORPUS}
    assert {"block", "quiz", "math", "page", "link", "meta", "track"} <= kinds
