"""The generator on small fixture courses: pages from lesson_src, generated track and home pages,
the nav, the lesson header, self-hosted KaTeX, and author mistakes as one line with file and line.

Nothing here reads this repository's own lessons: each test writes the course it needs.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from conftest import ROOT
from fixture_course import TRACK, basic_course, build_cli, build_in_process, errors, lesson_pages, lesson_yml, write_course


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


def article(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text("utf-8")
    return html.split("<article", 1)[1].split(">", 1)[1].split("</article>", 1)[0]


def nav_titles(site: Path, page: str = "") -> list[str]:
    html = (site / page / "index.html").read_text("utf-8")
    nav = html.split("md-nav--primary", 1)[1].split("md-sidebar--secondary", 1)[0]
    return re.findall(r'<span class="md-ellipsis">\s*([^<]*?)\s*</span>', nav)


NEW_TRACK = """\
title: Linear Algebra
description: Vectors, matrices and what they do.
total: 2
phases:
  1: Vectors
lessons:
  2: {title: Matrices, phase: 1}
"""


def two_track_course() -> dict[str, str]:
    """Track t12 (from basic_course, as t12) and a new track t3 written from the guide alone."""
    files = {
        path.replace("t01", "t12"): text.replace("track: t01", "track: t12")
        for path, text in basic_course().items()
    }
    files["lesson_src/t3/track.yml"] = NEW_TRACK
    files["lesson_src/t3/01-vectors/lesson.yml"] = lesson_yml(
        "t3", 1, "Vectors", summary="Arrows you can add.", next="t3/02"
    )
    files.update(lesson_pages("lesson_src/t3/01-vectors", "Vectors", lesson_body="A vector $`v \\in \\mathbb{R}^n`$.\n"))
    # As the scaffold writes it: lesson.md's h1 is the lesson's title.
    files["lesson_src/t3/01-vectors/lesson.md"] = files["lesson_src/t3/01-vectors/lesson.md"].replace("# Lesson", "# Vectors", 1)
    files["lesson_src/t3/01-vectors/summary.md"] = "# Summary\n\nVectors add tip to tail.\n"
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    course = write_course(tmp_path_factory.mktemp("two-tracks"), two_track_course())
    return build_in_process(course)


def test_lesson_pages_come_from_lesson_src(built: Path) -> None:
    for part in ("", "lesson/", "practice/", "cheatsheet/", "references/"):
        assert (built / "t3/01-vectors" / part / "index.html").is_file(), part
    assert not (built.parent / "docs" / "t3").exists(), "lesson pages must not be copied into docs/"


def test_a_new_track_appears_in_the_nav_in_course_order(built: Path) -> None:
    titles = nav_titles(built)
    first, second = titles.index("Track 3: Linear Algebra"), titles.index("Track 12: Probability Basics")
    assert titles[0] == "Home" and first < second, titles  # t3 before t12, as people count
    assert titles[first + 1 : first + 3] == ["Overview", "1. Vectors"]
    # summary.md is optional: where it exists it comes after the lesson, elsewhere there is none
    assert titles[first + 3 : first + 9] == ["Brief", "Lesson", "Summary", "Practice", "Cheatsheet", "References"]
    assert titles[second + 3 : second + 8] == ["Brief", "Lesson", "Practice", "Cheatsheet", "References"]


def test_an_optional_summary_page_is_in_the_lessons_tabs(built: Path) -> None:
    tabs = re.findall(r'<nav class="lesson-header__pages".*?</nav>', (built / "t3/01-vectors/summary/index.html").read_text("utf-8"), re.S)
    assert tabs and text_of(tabs[0]) == "Brief Lesson Summary Practice Cheatsheet References"
    assert 'aria-current="page">Summary' in tabs[0]
    assert not (built / "t12/01-events/summary").exists()


def test_the_home_page_lists_every_track_and_starts_at_the_first_lesson(built: Path) -> None:
    html = article(built, "")
    assert '<a href="tracks/t3/">Track 3: Linear Algebra</a> (1 of 2 lessons available). Vectors, matrices' in html
    assert '<a href="tracks/t12/">Track 12: Probability Basics</a> (1 of 3 lessons available).' in html
    assert 'Start with Track 3, lesson 1: <a href="t3/01-vectors/">Vectors</a>. Arrows you can add.' in html


def test_a_generated_track_page_lists_lessons_with_phase_and_status(built: Path) -> None:
    html = article(built, "tracks/t3")
    assert "<h1" in html and "Track 3: Linear Algebra" in text_of(html)
    assert "Vectors, matrices and what they do." in html
    assert "<table>" in html, "a table with a class is not styled by Material"
    rows = [text_of(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S)[1:]]
    # Each phase is a row group headed by its name; the status says which lessons can be read.
    assert rows == ["Phase 1: Vectors", "1 Vectors Available", "2 Matrices Planned"]
    assert '<th colspan="3" scope="rowgroup">Phase 1: Vectors</th>' in html
    assert "Track 3 has 2 lessons: 1 available and 1 more planned." in html
    assert 'href="../../t3/01-vectors/"' in html and 'href="../../t3/02-matrices/"' in html


def test_planned_lessons_get_a_page_and_the_header_links_the_neighbours(built: Path) -> None:
    planned = text_of(article(built, "t3/02-matrices"))
    assert "Lesson 2: Matrices" in planned and "is planned and not published yet" in planned
    page = (built / "t3/01-vectors/index.html").read_text("utf-8")
    header = text_of(page.split('<div class="lesson-header">', 1)[1].split("</nav>", 1)[0])
    assert header.startswith("Track 3 · Lesson 1 of 2: Vectors")  # the brief's h1 is "Brief": name the lesson
    assert "Phase 1: Vectors" in header and "Reading 5 min" in header and "Practice 5 min" in header
    assert "Difficulty: introductory" in header
    assert header.endswith("Brief Lesson Summary Practice Cheatsheet References")  # the page tabs
    assert "Next lesson (planned) Lesson 2: Matrices" in text_of(page.split('class="lesson-neighbours"', 1)[1])
    assert "Say what an event is" in text_of(page.split('class="lesson-goals"', 1)[1])  # objectives, on the brief
    assert not (built / "t12/03-").exists()  # no invented lessons


def test_the_lesson_header_is_short_and_says_each_thing_once(built: Path) -> None:
    """Objectives only on the brief; the lesson's title only where the h1 is not it; neighbours once, at the end."""
    lesson = (built / "t3/01-vectors/lesson/index.html").read_text("utf-8")
    header = text_of(lesson.split('<div class="lesson-header">', 1)[1].split("</div>", 1)[0])
    assert header.startswith("Track 3 · Lesson 1 of 2 Phase 1")  # lesson.md's h1 is the title: not repeated
    assert 'class="lesson-goals"' not in lesson and "Say what an event is" not in lesson
    assert lesson.count('class="lesson-neighbours"') == 1
    body = lesson.split('<div class="lesson-header">', 1)[1]
    assert body.index('class="lesson-neighbours"') > body.index("A vector")  # after the lesson's text
    for name in ("lesson", "practice", "cheatsheet", "references", "summary"):
        html = (built / f"t3/01-vectors/{name}/index.html").read_text("utf-8")
        assert html.count('aria-current="page"') == 1, name
        assert 'class="lesson-goals"' not in html, name


def test_math_is_rendered_at_build_time_and_katex_is_self_hosted(built: Path) -> None:
    html = (built / "t3/01-vectors/lesson/index.html").read_text("utf-8")
    assert 'class="katex"' in html and "<math" in html and "$`" not in html
    assert 'href="../../../assets/katex/katex.min.css"' in html
    served = built / "assets" / "katex" / "katex.min.css"
    assert served.read_bytes() == (ROOT / "node_modules/katex/dist/katex.min.css").read_bytes()
    for font in set(re.findall(r"url\((fonts/[^)]+)\)", served.read_text("utf-8"))):
        assert (served.parent / font).is_file(), font


def test_the_search_index_reads_each_formula_as_its_tex(built: Path) -> None:
    entries = json.loads((built / "search" / "search_index.json").read_text("utf-8"))["docs"]
    lesson = " ".join(e["text"] for e in entries if e["location"].startswith("t3/01-vectors/lesson/"))
    assert "A vector v \\in \\mathbb{R}^n." in lesson, lesson
    assert "katex" not in json.dumps(entries)
    html = (built / "t3/01-vectors/lesson/index.html").read_text("utf-8")
    assert html.count('<span class="katex">') == 1 and "data-search-" not in html  # the page keeps its math


def test_the_generator_brings_its_own_templates_css_and_js(built: Path) -> None:
    html = (built / "t3/01-vectors/practice/index.html").read_text("utf-8")
    assert 'class="lesson-header"' in html
    for asset in ("assets/stylesheets/course.css", "assets/javascripts/widgets/index.js"):
        assert (built / asset).is_file() and asset in html, asset


def _stylesheets(site: Path, page: str) -> list[str]:
    html = (site / page / "index.html").read_text("utf-8")
    return [href.rsplit("/", 1)[1] for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)]


def test_a_page_links_only_the_stylesheets_it_uses(tmp_path: Path) -> None:
    files = basic_course()
    files["lesson_src/t01/01-events/practice.md"] = "# Practice\n\n/// quiz\n\nWhich?\n\n- [x] A\n- [ ] B\n///\n"
    files["lesson_src/t01/01-events/lesson.md"] = "# Lesson\n\nA formula $`x^2`$.\n"
    site = build_in_process(write_course(tmp_path, files))
    for page in ("", "tracks/t01", "t01/01-events"):  # no math, no blocks
        assert not {"katex.min.css", "quiz.css", "drill.css", "flashcards.css"} & set(_stylesheets(site, page)), page
    assert "katex.min.css" in _stylesheets(site, "t01/01-events/lesson")
    assert "quiz.css" not in _stylesheets(site, "t01/01-events/lesson")
    practice = _stylesheets(site, "t01/01-events/practice")
    assert "quiz.css" in practice and "katex.min.css" not in practice and "flashcards.css" not in practice
    # Inside the article, so Material's instant navigation brings them along with the content.
    html = (site / "t01/01-events/practice/index.html").read_text("utf-8")
    assert html.index('href="../../../assets/stylesheets/quiz.css"') > html.index('<article class="md-content__inner')


GENERATOR = """\
def make(seed):
    question = "How many?" if seed == 0 else f"How many is $x_{{{seed}}}$?"
    return {
        "question": question,
        "answers": [{"label": "Count", "value": seed + 1, "tolerance": 0}],
        "solution": f"It is {seed + 1}.",
    }
"""


def test_math_that_only_later_variants_show_still_gets_katex_styles(tmp_path: Path) -> None:
    files = basic_course()
    files["lesson_src/t01/01-events/count.py"] = GENERATOR
    files["lesson_src/t01/01-events/practice.md"] = (
        "# Practice\n\n/// exercise\n    id: t01-01-count\n    generator: count.py:make\n    variants: 3\n\nCount.\n///\n"
    )
    site = build_in_process(write_course(tmp_path, files))
    html = (site / "t01/01-events/practice/index.html").read_text("utf-8")
    assert 'class="katex"' not in html, "variant 0, the one in the page, has no math"
    assert "katex.min.css" in _stylesheets(site, "t01/01-events/practice")


def test_a_course_page_extends_or_replaces_the_generated_track_page(tmp_path: Path) -> None:
    files = basic_course()
    files["docs/tracks/t01.md"] = "# Probability, our way\n\nRead these in order.\n\n<!-- track-lessons -->\n"
    course = write_course(tmp_path, files, home=None)
    site = build_in_process(course)
    html = article(site, "tracks/t01")
    assert "Probability, our way" in html and "Read these in order." in html
    assert "Phase 1: Foundations 1 Events and outcomes Available 2 Bayes' rule Planned" in text_of(html)
    # With no docs/index.md, the home page is generated from mkdocs.yml and the course.
    home = text_of(article(site, ""))
    assert home.startswith("Fixture course") and "Track 1: Probability Basics (1 of 3 lessons available)" in home
    assert "Start with Track 1, lesson 1: Events and outcomes ." in home


def test_a_config_named_by_a_relative_path_builds_the_same(tmp_path: Path) -> None:
    """`mkdocs build -f mkdocs.yml` hands MkDocs a relative path; lesson files must still be found."""
    files = basic_course()
    files["lesson_src/t01/01-events/numbers.py"] = "outcomes = 6\n"
    files["lesson_src/t01/01-events/lesson.md"] += "\nA die has {{ outcomes = 6 }} faces.\n"
    course = write_course(tmp_path, files)
    (course / "other.yml").write_text((course / "mkdocs.yml").read_text("utf-8"), "utf-8")
    result = build_cli(course, "-f", "other.yml")
    assert result.returncode == 0, result.stderr
    assert "A die has 6 faces." in text_of(article(course / "site", "t01/01-events/lesson"))


def test_adding_a_lesson_needs_no_other_edit(tmp_path: Path) -> None:
    course = write_course(tmp_path)
    first = build_in_process(course)
    assert "2. Bayes' rule" not in nav_titles(first)
    folder = "lesson_src/t01/02-bayes-rule"
    (course / folder).mkdir()
    (course / folder / "lesson.yml").write_text(lesson_yml("t01", 2, "Bayes' rule", prerequisites="[t01/01]"), "utf-8")
    for path, text in lesson_pages(folder, "Bayes' rule").items():
        (course / path).write_text(text, "utf-8")
    site = build_in_process(course)
    assert "2. Bayes' rule" in nav_titles(site)
    assert "2 Bayes' rule Available" in text_of(article(site, "tracks/t01"))
    assert "(2 of 3 lessons available)" in text_of(article(site, ""))
    page = (site / "t01/02-bayes-rule/index.html").read_text("utf-8")
    neighbours = text_of(page.split('class="lesson-neighbours"', 1)[1].split("</nav>", 1)[0])
    # The prerequisite is the previous lesson: linked once, at the end, and said to be needed.
    assert "Previous lesson, needed for this one Lesson 1: Events and outcomes" in neighbours
    assert "Before this lesson" not in page


def test_package_json_pins_katex_exactly() -> None:
    """The served CSS must match the renderer: a range could install a different KaTeX."""
    version = json.loads((ROOT / "package.json").read_text("utf-8"))["dependencies"]["katex"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), version


# --- Author mistakes -------------------------------------------------------------------------

META = "lesson_src/t01/01-events/lesson.yml"
TRACK_YML = "lesson_src/t01/track.yml"


def _broken(path: str, change) -> dict[str, str]:
    files = basic_course()
    files[path] = change(files[path])
    return files


BAD_METADATA = [
    pytest.param(
        META,
        lambda s: s.replace("read_minutes: 5\n", ""),
        f"lessons: Doc file '{META}', line 1: the required key 'read_minutes' is missing. Add a line like 'read_minutes: 13'.",
        id="missing-field",
    ),
    pytest.param(
        META,
        lambda s: s + "reading_time: 13\n",
        f"lessons: Doc file '{META}', line 9: unknown key 'reading_time'.",
        id="unknown-key",
    ),
    pytest.param(
        META,
        lambda s: s.replace("read_minutes: 5", "read_minutes: five"),
        f"lessons: Doc file '{META}', line 6: 'read_minutes' must be whole minutes of reading, not 'five'.",
        id="bad-type",
    ),
    pytest.param(
        META,
        lambda s: s + "prerequisites: [t01/07]\n",
        f"lessons: Doc file '{META}', line 9: 'prerequisites' names t01/07, which is no lesson of any track.",
        id="unknown-prerequisite",
    ),
    pytest.param(
        META,
        lambda s: s.replace("difficulty: introductory", "difficulty: hard"),
        f"lessons: Doc file '{META}', line 8: 'difficulty' must be one of introductory, standard, advanced, not 'hard'.",
        id="bad-choice",
    ),
    pytest.param(
        META,
        lambda s: s.replace("phase: 1", "phase: [1"),
        f"lessons: Doc file '{META}', line 4: this is not valid YAML",
        id="bad-yaml",
    ),
    pytest.param(
        META,
        lambda s: s.replace("title: Events and outcomes", "title: Events"),
        f"lessons: Doc file '{META}', line 1: the title 'Events' differs from 'Events and outcomes' in {TRACK_YML} (line 6).",
        id="title-differs-from-track",
    ),
    pytest.param(
        TRACK_YML,
        lambda s: s.replace("  2: Bayes' rule", "  2: {title: Bayes' rule, phase: 4}"),
        f"lessons: Doc file '{TRACK_YML}', line 7: lesson 2 is in phase 4, which is not under 'phases'.",
        id="track-lesson-phase",
    ),
    pytest.param(
        TRACK_YML,
        lambda s: s + "colour: blue\n",
        f"lessons: Doc file '{TRACK_YML}', line 8: unknown key 'colour'. Use one of: title, code, description,",
        id="track-unknown-key",
    ),
]


@pytest.mark.parametrize(("path", "break_it", "message"), BAD_METADATA)
def test_metadata_mistakes_stop_the_build_with_file_and_line(tmp_path: Path, path: str, break_it, message: str) -> None:
    result = build_cli(write_course(tmp_path, _broken(path, break_it)))
    assert result.returncode == 1
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr, result.stderr


def test_bad_tex_and_bad_block_options_stop_the_build_at_their_lines(tmp_path: Path) -> None:
    page = "lesson_src/t01/01-events/practice.md"
    files = basic_course()
    files[page] = "# Practice\n\nA broken formula: $`\\frac{1}{2`$ here.\n"
    result = build_cli(write_course(tmp_path / "tex", files))
    expected = f"katex: Doc file '{page}', line 3: cannot render the math `\\frac{{1}}{{2`: KaTeX parse error:"
    assert result.returncode == 1 and any(expected in line for line in errors(result)), result.stderr
    assert "Traceback" not in result.stderr

    files[page] = "# Practice\n\n/// quiz\n    id: [oops\n///\n"
    result = build_cli(write_course(tmp_path / "options", files))
    expected = (
        f"quiz: Doc file '{page}', line 4: the option line 'id: [oops' is not valid YAML "
        "(expected ',' or ']', but got '<stream end>')."
    )
    assert result.returncode == 1 and expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_bad_tex_in_a_page_with_front_matter_counts_the_front_matter(tmp_path: Path) -> None:
    files = basic_course()
    files["docs/about.md"] = "---\ntitle: About\n---\n\n# About\n\nOops $`x^`$\n"
    result = build_cli(write_course(tmp_path, files))
    assert "katex: Doc file 'docs/about.md', line 7: cannot render the math `x^`" in result.stderr, result.stderr


def test_serve_reports_a_mistake_and_keeps_serving(tmp_path: Path) -> None:
    """Plain `mkdocs serve` with the hooks: a bad formula, then a bad quiz block, each print one
    line with file and line, every time; the server survives and serves the page once fixed.
    (`make serve` runs coursemd.preview instead; see test_preview.py.)"""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    files = basic_course()
    page_path = "lesson_src/t01/01-events/practice.md"
    good = "# Practice\n\n/// quiz\n    id: q\n\nHow many?\n\nAnswer: 4\nTolerance: 0\n///\n"
    files[page_path] = good
    project = write_course(tmp_path, files)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:

        def wait_for(text: str, timeout: float = 60) -> str:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                log = log_path.read_text("utf-8")
                if text in log:
                    return log
                assert server.poll() is None, log
                time.sleep(0.2)
            raise AssertionError(f"waited {timeout}s for {text!r}:\n{log_path.read_text('utf-8')}")

        wait_for("Serving on")
        time.sleep(1.5)  # the file watcher starts just after the "Serving on" line
        page = project / page_path
        page.write_text(good + "\nBroken $`\\frac{1`$\n", "utf-8")
        line = len(good.splitlines()) + 2
        log = wait_for("cannot render the math")
        assert f"katex: Doc file '{page_path}', line {line}:" in log
        assert "Traceback" not in log and server.poll() is None, "the server must keep running"
        page.write_text(good.replace("Tolerance: 0\n", ""), "utf-8")
        log = wait_for("the numeric answer has no tolerance")
        assert f"quiz: Doc file '{page_path}', line 8:" in log
        assert "Traceback" not in log and server.poll() is None, "the server must keep running"
        # The same formula mistake again: plain `mkdocs serve` filters repeated messages out,
        # the hook lets it print again.
        page.write_text(good + "\nBroken $`\\frac{1`$\n", "utf-8")
        deadline = time.monotonic() + 60
        while log_path.read_text("utf-8").count(f"katex: Doc file '{page_path}', line {line}:") < 2:
            assert time.monotonic() < deadline, log_path.read_text("utf-8")
            time.sleep(0.2)
        page.write_text(good, "utf-8")
        log = log_path.read_text("utf-8")
        rebuilt = log.count("Documentation built")
        deadline = time.monotonic() + 60
        while log_path.read_text("utf-8").count("Documentation built") <= rebuilt:
            assert time.monotonic() < deadline, log_path.read_text("utf-8")
            time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/t01/01-events/practice/", timeout=10) as response:  # noqa: S310
            assert response.status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_no_track_is_needed_beyond_its_folder(tmp_path: Path) -> None:
    """A track folder without track.yml is named with its fix, not a traceback."""
    files = basic_course()
    files["lesson_src/t02/01-x/lesson.yml"] = lesson_yml("t02", 1, "X")
    result = build_cli(write_course(tmp_path, files))
    assert result.returncode == 1
    assert "lessons: Doc file 'lesson_src/t02': this track folder has no track.yml." in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert TRACK  # the fixture's track.yml is the documented minimum
