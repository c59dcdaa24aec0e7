"""Lesson 2's practice page loads at most 60 KB of the project's own CSS and JS (issue 11):
every response recorded in Chromium, widget modules imported on demand included, bodies
counted uncompressed. Lighthouse's figures are in benchmarks/page_weight.py, not here."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import PRACTICE, ROOT, Site, new_page

pytestmark = pytest.mark.browser

ASSETS = ROOT / "hooks" / "coursemd" / "assets"
BUDGET = 60_000


# Minified, the page's own files came to 74 KB (from 133 KB as written); the rest of the way is
# in the widget modules themselves (exercise.js, flashcards.js and quiz.js are 31 KB of it).
@pytest.mark.xfail(reason="issue 11: 74 KB of own CSS and JS after minification; the budget is 60 KB", strict=False)
def test_the_practice_page_loads_at_most_60_kb_of_own_css_and_js(browser: Any, site: Site) -> None:
    context, page, log = new_page(browser, site, width=412, height=823)
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    try:
        page.goto(site.url + PRACTICE, wait_until="load")
        page.wait_for_function("document.querySelectorAll('[data-widget]:not([data-widget-ready])').length === 0")
        page.wait_for_load_state("networkidle")
        own = {}
        for response in responses:
            uri = response.url[len(site.url) :].split("?", 1)[0]
            if uri.startswith("assets/") and (ASSETS / uri[len("assets/") :]).is_file():
                own[uri] = len(response.body())
        log.assert_clean()
    finally:
        context.close()
    assert "assets/javascripts/widgets/quiz.js" in own, "the widget modules were not counted"
    listing = ", ".join(f"{uri} {size}" for uri, size in sorted(own.items(), key=lambda item: -item[1]))
    assert sum(own.values()) <= BUDGET, f"{sum(own.values())} bytes of own CSS and JS: {listing}"
