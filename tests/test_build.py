"""The whole site built strictly: lesson pages from lesson_src, nav, header, self-hosted KaTeX,
and author mistakes reported as one line with file and line, never a stack trace."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build_site

LESSON = "t19/02-autoregressive-models"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("built")
    build_site(site_dir)
    return site_dir


def test_lesson_pages_come_from_lesson_src(built: Path) -> None:
    for part in ("", "lesson/", "practice/", "cheatsheet/", "references/"):
        assert (built / LESSON / part / "index.html").is_file(), part
    assert not (ROOT / "docs" / "t19").exists(), "lesson pages must not be copied into docs/"


def test_lesson_header_shows_position_times_and_neighbours(built: Path) -> None:
    html = (built / LESSON / "index.html").read_text("utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Lesson 2 of 15 · Phase 1: Generative foundations" in text
    assert "Reading: about 13 min" in text and "Practice: about 15 min" in text
    assert "Difficulty: standard" in text
    assert "Previous: Lesson 1: What a generative model is, and the four-paradigm map (planned)" in text
    assert 'href="../01-what-a-generative-model-is-and-the-four-paradigm-map/">Lesson 1' in html
    assert "Next: Lesson 3: Maximum likelihood and the KL view (planned)" in text
    assert "State the chain rule of probability" in text  # objectives, on the brief only
    lesson_text = (built / LESSON / "lesson" / "index.html").read_text("utf-8")
    assert (
        "State the chain rule of probability"
        not in re.sub(r"<[^>]+>", " ", lesson_text.split('class="md-content"')[1])[:2000]
    )


def test_track_page_lists_known_lessons_with_status(built: Path) -> None:
    html = (built / "tracks" / "t19" / "index.html").read_text("utf-8")
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)
    cells = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows[1:]]
    assert cells == [
        "1 What a generative model is, and the four-paradigm map Planned",
        "2 Autoregressive models, factoring by the chain rule 1 Available",
        "3 Maximum likelihood and the KL view Planned",
        "4 Normalizing flows Planned",
    ]
    assert 'href="../../t19/02-autoregressive-models/"' in html
    # Announced lessons get a "planned" page, so links to them work before they are written.
    assert 'href="../../t19/01-what-a-generative-model-is-and-the-four-paradigm-map/"' in html
    planned = (built / "t19" / "03-maximum-likelihood-and-the-kl-view" / "index.html").read_text("utf-8")
    assert "Lesson 3: Maximum likelihood and the KL view" in planned and "is planned and not published yet" in planned
    assert not (built / "t19" / "05-").exists()  # no invented lessons


def test_math_is_rendered_at_build_time_and_katex_is_self_hosted(built: Path) -> None:
    html = (built / LESSON / "lesson" / "index.html").read_text("utf-8")
    assert 'class="katex"' in html and "<math" in html
    assert "$`" not in html, "unrendered inline math left in the page"
    assert "cdn.jsdelivr" not in html and "fonts.googleapis" not in html
    assert 'href="../../../assets/katex/katex.min.css"' in html
    katex = ROOT / "node_modules" / "katex"
    served = built / "assets" / "katex" / "katex.min.css"
    # The CSS (and so the glyph metrics) comes from the very package that rendered the HTML.
    assert served.read_bytes() == (katex / "dist" / "katex.min.css").read_bytes()
    for font in set(re.findall(r"url\((fonts/[^)]+)\)", served.read_text("utf-8"))):
        assert (served.parent / font).is_file(), font


def test_no_page_references_another_origin(built: Path) -> None:
    pattern = re.compile(r"""(?:src|href)=["'](https?:)?//(?!127\.0\.0\.1)([^"'/]+)""")
    for page in built.rglob("*.html"):
        for match in pattern.finditer(page.read_text("utf-8")):
            host = match.group(2)
            tag_start = page.read_text("utf-8").rfind("<", 0, match.start())
            tag = page.read_text("utf-8")[tag_start : match.start()]
            # Plain links (<a href>) to other sites are fine; anything the browser loads is not.
            assert tag.startswith("<a "), f"{page.relative_to(built)} loads from {host}: {tag}"


# --- Author mistakes -------------------------------------------------------------------------


def _project_copy(tmp_path: Path) -> Path:
    """A copy of the project's sources (not node_modules, which is linked) to break on purpose."""
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ("mkdocs.yml", "docs", "lesson_src", "hooks", "exercises"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, copy / name)
    (copy / "node_modules").symlink_to(ROOT / "node_modules")
    return copy


def _build_cli(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(project / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=120,
    )


META = "lesson_src/t19/02-autoregressive-models/lesson.yml"

BAD_METADATA = [
    pytest.param(
        lambda s: s.replace("read_minutes: 13\n", ""),
        f"lessons: Doc file '{META}', line 1: the required key 'read_minutes' is missing. Add a line like 'read_minutes: 13'.",
        id="missing-field",
    ),
    pytest.param(
        lambda s: s + "reading_time: 13\n",
        f"lessons: Doc file '{META}', line 19: unknown key 'reading_time'.",
        id="unknown-key",
    ),
    pytest.param(
        lambda s: s.replace("read_minutes: 13", "read_minutes: thirteen"),
        f"lessons: Doc file '{META}', line 14: 'read_minutes' must be whole minutes of reading, not 'thirteen'. Write it like 'read_minutes: 13'.",
        id="bad-type",
    ),
    pytest.param(
        lambda s: s.replace("prerequisites: [t19/01]", "prerequisites: [t19/07]"),
        f"lessons: Doc file '{META}', line 17: 'prerequisites' names t19/07, which is no lesson of any track.",
        id="unknown-prerequisite",
    ),
    pytest.param(
        lambda s: s.replace("difficulty: standard", "difficulty: hard"),
        f"lessons: Doc file '{META}', line 16: 'difficulty' must be one of introductory, standard, advanced, not 'hard'.",
        id="bad-choice",
    ),
    pytest.param(
        lambda s: s.replace("phase: 1", "phase: [1"),
        f"lessons: Doc file '{META}', line 5: this is not valid YAML",
        id="bad-yaml",
    ),
]


@pytest.mark.parametrize(("break_it", "message"), BAD_METADATA)
def test_metadata_mistakes_stop_the_build_with_file_and_line(tmp_path: Path, break_it, message: str) -> None:
    project = _project_copy(tmp_path)
    meta = project / META
    meta.write_text(break_it(meta.read_text("utf-8")), "utf-8")
    result = _build_cli(project)
    assert result.returncode == 1
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr, result.stderr


def test_bad_tex_stops_the_build_with_file_line_and_the_tex(tmp_path: Path) -> None:
    project = _project_copy(tmp_path)
    page = project / "lesson_src/t19/02-autoregressive-models/practice.md"
    lines = page.read_text("utf-8").splitlines()
    lines.insert(2, r"A broken formula: $`\frac{1}{2`$ here.")
    page.write_text("\n".join(lines) + "\n", "utf-8")
    result = _build_cli(project)
    assert result.returncode == 1
    expected = (
        "katex: Doc file 'lesson_src/t19/02-autoregressive-models/practice.md', line 3: "
        r"cannot render the math `\frac{1}{2`: KaTeX parse error:"
    )
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert any(expected in line for line in error_lines), "the message must be one line"


def test_bad_tex_in_a_page_with_front_matter_counts_the_front_matter(tmp_path: Path) -> None:
    project = _project_copy(tmp_path)
    page = project / "docs/tracks/t19.md"
    page.write_text(page.read_text("utf-8") + "\nOops $`x^`$\n", "utf-8")
    expected_line = page.read_text("utf-8").splitlines().index("Oops $`x^`$") + 1
    result = _build_cli(project)
    assert (
        f"katex: Doc file 'docs/tracks/t19.md', line {expected_line}: cannot render the math `x^`" in result.stderr
    ), result.stderr


def test_unreadable_block_options_stop_the_build_at_their_line(tmp_path: Path) -> None:
    project = _project_copy(tmp_path)
    page = project / "lesson_src/t19/02-autoregressive-models/practice.md"
    lines = page.read_text("utf-8").splitlines()
    lines.insert(2, "/// quiz\n    id: [oops\n///\n")
    page.write_text("\n".join(lines) + "\n", "utf-8")
    result = _build_cli(project)
    assert result.returncode == 1
    expected = (
        "quiz: Doc file 'lesson_src/t19/02-autoregressive-models/practice.md', line 4: "
        "the option line 'id: [oops' is not valid YAML (expected ',' or ']', but got '<stream end>')."
    )
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr, result.stderr


def test_package_json_pins_katex_exactly() -> None:
    """The served CSS must match the renderer: a range could install a different KaTeX."""
    version = json.loads((ROOT / "package.json").read_text("utf-8"))["dependencies"]["katex"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), version


def test_serve_reports_a_mistake_and_keeps_serving(tmp_path: Path) -> None:
    """The instructor loop: a bad formula, then a bad quiz block, each print one line with file
    and line; the server survives both and serves the page once the file is fixed."""
    import os
    import socket
    import time
    import urllib.request

    project = _project_copy(tmp_path)
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
        page = project / "lesson_src/t19/02-autoregressive-models/practice.md"
        good = page.read_text("utf-8")
        page.write_text(good + "\nBroken $`\\frac{1`$\n", "utf-8")
        line = len(good.splitlines()) + 2
        log = wait_for("cannot render the math")
        assert f"katex: Doc file 'lesson_src/t19/02-autoregressive-models/practice.md', line {line}:" in log
        assert "Traceback" not in log
        assert server.poll() is None, "the server must keep running"
        # A block mistake next: a numeric quiz answer that lost its tolerance.
        assert good.count("\nTolerance: 0.01\n") == 1
        page.write_text(good.replace("\nTolerance: 0.01\n", "\n"), "utf-8")
        answer_line = good[: good.index("\nAnswer: 4 bits")].count("\n") + 2
        log = wait_for("the numeric answer has no tolerance")
        assert f"quiz: Doc file 'lesson_src/t19/02-autoregressive-models/practice.md', line {answer_line}:" in log
        assert "Traceback" not in log
        assert server.poll() is None, "the server must keep running"
        # MkDocs holds page requests while the build is broken; fixing the file frees them.
        page.write_text(good, "utf-8")
        rebuilt = log.count("Documentation built")
        deadline = time.monotonic() + 60
        while log_path.read_text("utf-8").count("Documentation built") <= rebuilt:
            assert time.monotonic() < deadline, log_path.read_text("utf-8")
            time.sleep(0.2)
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/t19/02-autoregressive-models/practice/", timeout=10
        ) as response:  # noqa: S310
            assert response.status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
