"""The light/dark toggle (theme/partials/palette.html and partials/javascripts/palette.html), in
Chromium, on a fixture course with the two palettes and toggles the authoring guide shows:
the scheme is set before the text arrives, follows the system until the student chooses, and a
choice is stored, outlasts the system's scheme and can be made from the keyboard.

Nothing here reads this repository's lessons: the course is written into a temporary folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import Site, new_page, served
from fixture_course import basic_course, write_course

pytestmark = pytest.mark.browser

LESSON = "t01/01-events/lesson/"
PALETTE = """\
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    course = write_course(tmp_path_factory.mktemp("palette"), basic_course())
    config = course / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  font: false\n", "  font: false\n" + PALETTE, 1), "utf-8")
    with served(course / "site", config_file=config) as built:
        yield built


def test_material_s_palette_component_is_not_mounted(site: Site) -> None:
    html = (site.dir / LESSON / "index.html").read_text("utf-8")
    assert 'data-md-component="palette"' not in html
    assert html.count("data-course-palette") == 2  # the form, and the script that finds it


# Every change to the body's attributes once the page's text has begun to arrive, with the
# scheme the body had then: each such change restyles the whole page.
WATCH_BODY = """window.bodyChanges = [];
new MutationObserver((records, observer) => {
  if (!document.querySelector('.md-content')) return;
  observer.disconnect();
  window.schemeWhenTextArrived = document.body.dataset.mdColorScheme;
  new MutationObserver((changes) => {
    for (const change of changes) window.bodyChanges.push(change.attributeName);
  }).observe(document.body, { attributes: true });
}).observe(document, { childList: true, subtree: true });"""
PALETTE_KEY = "/course-site/.__palette"


def test_the_colour_scheme_is_set_before_the_text_and_follows_the_system_until_chosen(browser: Any, site: Site) -> None:
    """Material's palette script switched the scheme as it mounted, after the page had shown in
    the light one, restyling the whole page twice on every load (issue 11), and then stored
    the system's scheme as if the student had chosen it."""
    context, page, log = new_page(browser, site, width=360, height=740, scheme="dark")
    try:
        page.add_init_script(WATCH_BODY)
        page.goto(site.url + LESSON, wait_until="networkidle")
        assert page.evaluate("window.schemeWhenTextArrived") == "slate"
        assert page.evaluate("window.bodyChanges") == []
        assert page.evaluate("k => localStorage.getItem(k)", PALETTE_KEY) is None
        page.emulate_media(color_scheme="light")
        page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")

        # The student's choice is stored and outlasts the system's scheme.
        page.emulate_media(color_scheme="dark")
        page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        page.locator("form[data-course-palette] label:visible").click()
        page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
        assert page.evaluate("k => JSON.parse(localStorage.getItem(k)).index", PALETTE_KEY) == 0
        page.reload(wait_until="networkidle")
        assert page.evaluate("window.schemeWhenTextArrived") == "default"
        assert page.evaluate("window.bodyChanges") == []
        assert page.locator("form[data-course-palette] label:visible").get_attribute("title") == "Switch to dark mode"

        # From the keyboard: Enter on the focused toggle switches and keeps the focus on it.
        page.locator("form[data-course-palette] input:checked").focus()
        page.keyboard.press("Enter")
        page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        assert page.evaluate("document.activeElement.matches('form[data-course-palette] input:checked')")
        assert page.evaluate("document.querySelector('meta[name=theme-color]').content").startswith("#")
        log.assert_clean()
    finally:
        context.close()


