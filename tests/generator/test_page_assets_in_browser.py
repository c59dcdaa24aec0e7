"""A page loads only what it uses (issue 11), in Chromium, on a fixture course.

Every response a page gets is recorded, dynamically imported widget modules included:

- the home page requests no KaTeX and no block's CSS or JS;
- a page with only a quiz requests the quiz's CSS and JS and the shared files, nothing of
  another block (no calculator math through the quiz's number parser) and no KaTeX;
- a page with only a drill requests no quiz code: the choice engine they share is a module of
  its own (widgets/choices.js);
- a page with math gets KaTeX's stylesheet and its fonts, and no block's files;
- the project's own CSS and JS arrive minified, and a figure's size is in the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import Site, new_page
from fixture_course import basic_course, served_course, write_course

pytestmark = pytest.mark.browser

ASSETS = Path(__file__).resolve().parents[2] / "hooks" / "coursemd" / "assets"
LESSON = "t01/01-events/"
SHARED = {
    "assets/stylesheets/course.css",
    "assets/stylesheets/print.css",
    "assets/javascripts/a11y-fixes.js",
    "assets/javascripts/widgets/index.js",
}
#: The choice engine the quiz and the drill share, loaded with either.
CHOICES = {"assets/javascripts/widgets/choices.js", "assets/javascripts/widgets/dom.js", "assets/javascripts/widgets/storage.js"}
#: Each block's own files; a block's page may request its own and the shared helpers only.
BLOCK_FILES = {
    "quiz": {
        "assets/stylesheets/answers.css",  # what the quiz, the drill and the exercise share
        "assets/stylesheets/quiz.css",
        "assets/javascripts/widgets/quiz.js",
        "assets/javascripts/widgets/quiz-numeric.js",  # the quiz's typed answers
    },
    "drill": {"assets/stylesheets/answers.css", "assets/stylesheets/drill.css", "assets/javascripts/widgets/drill.js"},
    "flashcards": {
        "assets/stylesheets/flashcards.css",
        "assets/javascripts/widgets/flashcards.js",
        "assets/javascripts/widgets/flashcards-schedule.js",
    },
    "calculator": {
        "assets/stylesheets/calculator.css",
        "assets/javascripts/widgets/calculator.js",
        "assets/javascripts/widgets/nll-math.js",  # the calculator's math
    },
    "exercise": {
        "assets/stylesheets/answers.css",
        "assets/stylesheets/exercise.css",
        "assets/javascripts/widgets/exercise.js",
    },
}
ALL_BLOCK_FILES = set().union(*BLOCK_FILES.values())

MATH_MD = r"""# Lesson

The chain rule writes a joint as $`p(a)\, p(b \mid a)`$, one factor per piece.

```math
p(a, b, c) = p(a)\, p(b \mid a)\, p(c \mid a, b)
```

![A tree of three outcomes](figures/tree.svg)
"""

QUIZ_MD = """# Practice

/// quiz | Check yourself
    id: t01-check

Which outcome is an event?

- [ ] None of them.
- [x] Any set of outcomes.

A set of outcomes is an event.

---

How many outcomes has a fair die?

Answer: 6
Tolerance: 0

Six faces, six outcomes.
///
"""

DRILL_MD = """# Cheatsheet

/// drill | Find the leak
    id: t01-leaks

A decoder over four tokens:

1. Shift the targets left by one.
2. [bug] Keep `tril(ones(T, T), diagonal=1)`.

Position t sees t + 1.
///
"""

TREE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 80" width="120" height="80"><circle cx="60" cy="40" r="30"/></svg>'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    files = basic_course()
    files["lesson_src/t01/01-events/lesson.md"] = MATH_MD
    files["lesson_src/t01/01-events/practice.md"] = QUIZ_MD
    files["lesson_src/t01/01-events/cheatsheet.md"] = DRILL_MD
    files["lesson_src/t01/01-events/figures/tree.svg"] = TREE_SVG
    with served_course(write_course(tmp_path_factory.mktemp("assets"), files)) as built:
        yield built


def requested(browser: Any, site: Site, path: str) -> dict[str, int]:
    """Every file of the site `path` requested on load, as {site path: bytes of its body}."""
    context, page, log = new_page(browser, site, width=412, height=823, lay_out_everything=False)
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    try:
        page.goto(site.url + path, wait_until="load")
        page.wait_for_function("document.querySelectorAll('[data-widget]:not([data-widget-ready])').length === 0")
        page.wait_for_load_state("networkidle")
        log.assert_clean()
        return {r.url[len(site.url) :].split("?", 1)[0]: len(r.body()) for r in responses if r.url.startswith(site.url)}
    finally:
        context.close()


def own(files: dict[str, int]) -> set[str]:
    """The project's own CSS and JS among `files` (not Material's, not KaTeX's)."""
    return {uri for uri in files if uri.startswith("assets/") and (ASSETS / uri[len("assets/") :]).is_file()}


def test_the_home_page_requests_no_katex_and_no_block_assets(browser: Any, site: Site) -> None:
    files = requested(browser, site, "")
    assert not [uri for uri in files if uri.startswith("assets/katex/")]
    assert own(files) == SHARED


def test_a_page_with_only_a_quiz_requests_only_the_quizs_css_and_js(browser: Any, site: Site) -> None:
    files = requested(browser, site, LESSON + "practice/")
    assert not [uri for uri in files if uri.startswith("assets/katex/")]
    mine = own(files)
    assert SHARED | BLOCK_FILES["quiz"] <= mine
    assert not mine & (ALL_BLOCK_FILES - BLOCK_FILES["quiz"]), "another block's files came with the quiz"


def test_a_page_with_only_a_drill_requests_the_choice_engine_and_no_quiz_code(browser: Any, site: Site) -> None:
    files = requested(browser, site, LESSON + "cheatsheet/")
    mine = own(files)
    # quiz.css styles the choices of both blocks; quiz.js is the quiz's own code.
    assert SHARED | CHOICES | {"assets/javascripts/widgets/drill.js", "assets/stylesheets/quiz.css"} <= mine
    assert not mine & (ALL_BLOCK_FILES - BLOCK_FILES["drill"] - {"assets/stylesheets/quiz.css"}), (
        "another block's code came with the drill"
    )


def test_a_page_with_math_gets_katex_css_and_its_fonts_and_no_block_assets(browser: Any, site: Site) -> None:
    files = requested(browser, site, LESSON + "lesson/")
    assert "assets/katex/katex.min.css" in files
    assert [uri for uri in files if uri.startswith("assets/katex/fonts/") and uri.endswith(".woff2")]
    assert own(files) == SHARED


def test_own_css_and_js_are_served_minified_with_their_imports_intact(site: Site) -> None:
    for source in [*ASSETS.rglob("*.js"), *ASSETS.rglob("*.css")]:
        served_file = site.dir / "assets" / source.relative_to(ASSETS)
        text = served_file.read_text("utf-8")
        assert len(text) < 0.8 * source.stat().st_size, f"{served_file} is not minified"
        assert "\n// " not in text and "/* " not in text, f"{served_file} kept its comments"
    quiz = (site.dir / "assets/javascripts/widgets/quiz.js").read_text("utf-8")
    assert 'from"./dom.js"' in quiz, "a widget module keeps its import specifiers (no bundling)"


def test_a_figure_has_its_width_and_height(site: Site) -> None:
    html = (site.dir / LESSON / "lesson" / "index.html").read_text("utf-8")
    assert 'src="../figures/tree.svg"' in html
    img = html[html.index("<img", html.index("Lesson")) :].split(">", 1)[0]
    assert 'width="120"' in img and 'height="80"' in img, img
