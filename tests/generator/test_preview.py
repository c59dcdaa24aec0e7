"""coursemd.preview, the server behind `make serve`: what a save rebuilds, the same page a full
strict build writes, every mistake printed every time and shown on the page, no request held."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from coursemd.preview import Preview, error_banner
from fixture_course import basic_course, build_in_process, lesson_pages, lesson_yml, write_course

LESSON = "lesson_src/t01/01-events"


def _course(tmp_path: Path) -> Path:
    files = basic_course()
    files[f"{LESSON}/numbers.py"] = "total = 4\n"
    files[f"{LESSON}/lesson.md"] = "# Lesson\n\nThere are {{ total = 4 }} outcomes, $`x^2`$.\n"
    files[f"{LESSON}/figures/a.svg"] = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'
    return write_course(tmp_path, files)


@pytest.fixture
def preview(tmp_path: Path) -> tuple[Preview, Path]:
    course = _course(tmp_path)
    cwd = os.getcwd()
    os.chdir(course)
    try:
        built = Preview(str(course / "mkdocs.yml"), str(tmp_path / "preview-site"), "http://127.0.0.1:8000/")
        assert built.build() == [] and built.last_kind == "full"
        yield built, course
    finally:
        os.chdir(cwd)


def _page(site: str, uri: str) -> str:
    return (Path(site) / uri / "index.html").read_text("utf-8")


def test_a_saved_page_is_rebuilt_alone_and_equals_the_full_build(preview: tuple[Preview, Path], tmp_path: Path) -> None:
    built, course = preview
    page = course / LESSON / "lesson.md"
    page.write_text(page.read_text("utf-8") + "\nA new paragraph.\n", "utf-8")
    before = _page(built.site_dir, "t01/01-events/practice")
    assert built.build([str(page)]) == [] and built.last_kind == "1 page"
    preview_html = _page(built.site_dir, "t01/01-events/lesson")
    assert "A new paragraph." in preview_html
    assert _page(built.site_dir, "t01/01-events/practice") == before  # untouched
    # An editor (or sed -i) that saves through a temporary file and renames it onto the page
    scratch = page.with_name(".lesson.md.swp~")
    scratch.write_text(page.read_text("utf-8") + "\nSaved by rename.\n", "utf-8")
    os.replace(scratch, page)
    assert built.build([str(scratch), str(page)]) == [] and built.last_kind == "1 page"
    assert "Saved by rename." in _page(built.site_dir, "t01/01-events/lesson")
    # A full rebuild writes a fresh folder and swaps it in, so pages stay whole meanwhile.
    before_full = built.site_dir
    assert built.build([str(course / "mkdocs.yml")]) == [] and built.last_kind == "full"
    assert built.site_dir != before_full and not Path(before_full).exists()
    preview_html = _page(built.site_dir, "t01/01-events/lesson")
    full = build_in_process(course)
    assert preview_html == (full / "t01/01-events/lesson/index.html").read_text("utf-8")


CHANGES = [
    (f"{LESSON}/numbers.py", "5 pages"),  # the numbers feed every page of the folder
    (f"{LESSON}/figures/a.svg", "0 pages"),  # copied, nothing rendered
    (f"{LESSON}/lesson.yml", "full"),  # the header, nav and track page use it
    ("lesson_src/t01/track.yml", "full"),
    ("mkdocs.yml", "full"),
]


def test_what_a_change_rebuilds(preview: tuple[Preview, Path]) -> None:
    built, course = preview
    for changed, kind in CHANGES:
        path = course / changed
        path.write_text(path.read_text("utf-8") + ("\n" if not changed.endswith(".svg") else ""), "utf-8")
        assert built.build([str(path)]) == [], changed
        assert built.last_kind == kind, changed


def test_a_new_or_removed_page_rebuilds_everything(preview: tuple[Preview, Path]) -> None:
    built, course = preview
    folder = course / "lesson_src/t01/02-bayes-rule"
    folder.mkdir()
    (folder / "lesson.yml").write_text(lesson_yml("t01", 2, "Bayes' rule"), "utf-8")
    for path, text in lesson_pages("lesson_src/t01/02-bayes-rule", "Bayes' rule").items():
        (course / path).write_text(text, "utf-8")
    assert built.build([str(folder / "brief.md")]) == [] and built.last_kind == "full"
    assert "Bayes" in _page(built.site_dir, "tracks/t01")
    (course / "docs" / "extra.md").write_text("# Extra\n", "utf-8")
    assert built.build([str(course / "docs" / "extra.md")]) == [] and built.last_kind == "full"
    (course / "docs" / "extra.md").unlink()
    assert built.build([str(course / "docs" / "extra.md")]) == [] and built.last_kind == "full"
    assert not (Path(built.site_dir) / "extra").exists()
    # A file that came and went between two builds (an editor's scratch file) changes nothing.
    assert built.build([str(course / "docs" / "never-built.md")]) == [] and built.last_kind == "0 pages"


def test_a_mistake_is_reported_every_time_and_the_last_good_page_stays(preview: tuple[Preview, Path]) -> None:
    built, course = preview
    page = course / LESSON / "lesson.md"
    good = page.read_text("utf-8")
    for _ in range(2):  # the same mistake twice, with a fix in between
        page.write_text(good + "\nBroken $`\\frac{1`$\n", "utf-8")
        (error,) = built.build([str(page)])
        assert error.startswith(f"katex: Doc file '{LESSON}/lesson.md', line 5: cannot render the math `\\frac{{1`")
        assert "outcomes" in _page(built.site_dir, "t01/01-events/lesson")  # the last good version
        page.write_text(good, "utf-8")
        assert built.build([str(page)]) == []
    page.write_text(good.replace("{{ total = 4 }}", "{{ total = 5 }}"), "utf-8")
    (error,) = built.build([str(page)])
    assert error.startswith(f"numbers: Doc file '{LESSON}/lesson.md', line 3: states 5 for total")


def test_a_deleted_numbers_py_is_reported_by_the_pages_that_use_it(preview: tuple[Preview, Path]) -> None:
    built, course = preview
    numbers = course / LESSON / "numbers.py"
    numbers.unlink()
    (error,) = built.build([str(numbers)])
    assert error.startswith(f"numbers: Doc file '{LESSON}/lesson.md', line 3: '{{{{ total ... }}}}' names a computed value")
    assert built.last_kind == "5 pages"
    numbers.write_text("total = 4\n", "utf-8")
    assert built.build([str(numbers)]) == []


def test_a_warning_is_a_mistake_too(preview: tuple[Preview, Path]) -> None:
    built, course = preview
    page = course / LESSON / "lesson.md"
    page.write_text(page.read_text("utf-8") + "\nSee [the practice](practise.md).\n", "utf-8")
    errors = built.build([str(page)])
    assert any("practise.md" in e for e in errors), errors


def test_the_banner_is_escaped_and_says_what_to_do() -> None:
    banner = error_banner(["quiz: Doc file 'a.md', line 3: <script>alert(1)</script>. Fix it."]).decode()
    assert "<script>" not in banner and "&lt;script&gt;" in banner
    assert 'role="alert"' in banner and "Fix the file named below and save" in banner


# --- The server, as `make serve` runs it --------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, timeout: float = 3) -> tuple[float, str]:
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - localhost
        return time.monotonic() - started, response.read().decode("utf-8")


def test_the_server_shows_each_mistake_on_the_page_and_in_the_terminal_every_time(tmp_path: Path) -> None:
    course = _course(tmp_path)
    port = _free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "coursemd.preview", "-a", f"127.0.0.1:{port}"],
            cwd=course,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )

    def log_text() -> str:
        return log_path.read_text("utf-8")

    def wait_for(predicate, what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert server.poll() is None, log_text()
            if predicate():
                return
            time.sleep(0.1)
        raise AssertionError(f"waited {timeout}s for {what}:\n{log_text()}")

    url = f"http://127.0.0.1:{port}/t01/01-events/lesson/"
    page = course / LESSON / "lesson.md"
    good = page.read_text("utf-8")
    message = f"katex: Doc file '{LESSON}/lesson.md', line 5: cannot render the math"
    try:
        wait_for(lambda: "Serving on" in log_text(), "the server")
        time.sleep(0.5)
        for attempt in (1, 2):  # the same mistake twice, fixed in between
            page.write_text(good + "\nBroken $`\\frac{1`$\n", "utf-8")
            wait_for(lambda: log_text().count(message) >= attempt, f"the message, time {attempt}")
            assert "Traceback" not in log_text()
            seconds, html = _get(url)
            assert seconds < 2, "a page request must not wait for the build"
            banner = re.search(r'<div id="coursemd-build-errors".*?</div>', html, re.S)
            assert banner and message in banner.group(0).replace("&#x27;", "'")
            assert html.index("coursemd-build-errors") < html.index("<article"), "the mistake comes first"
            assert "/livereload/" in html, "the page reloads by itself once fixed"
            _, missing = _get(f"http://127.0.0.1:{port}/no/such/page/")
            assert "coursemd-build-errors" in missing  # any page shows it
            page.write_text(good.replace("outcomes", f"outcomes (fixed {attempt})"), "utf-8")
            wait_for(lambda: f"fixed {attempt}" in _get(url)[1], f"the fix, time {attempt}")
            assert "coursemd-build-errors" not in _get(url)[1]
    finally:
        server.terminate()
        server.wait(timeout=10)
