"""Lesson 2's practice page: the project's own CSS and JS it loads, every response recorded in
Chromium, widget modules imported on demand included, bodies counted uncompressed.

Issue 11's goal is 60 KB; minified, the page's own files are 57.3 KB (from 133 KB as written,
and 61.6 KB before the stylesheets dropped `.md-typeset` where Material needs no beating and the
widgets shared more of their DOM code, and a11y-fixes.js stopped measuring inline math). This holds the line where it is, a little under the
goal: a change that makes the page heavier fails here. Lighthouse's figures are in
benchmarks/page_weight.py, not here."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import PRACTICE, ROOT, Site, new_page

pytestmark = pytest.mark.browser

ASSETS = ROOT / "hooks" / "coursemd" / "assets"
GOAL = 60_000  # issue 11's budget
CEILING = 58_000  # what the page loads today, 57.3 KB, with a little room


def test_the_practice_page_loads_no_more_own_css_and_js_than_today(browser: Any, site: Site) -> None:
    context, page, log = new_page(browser, site, width=412, height=823, lay_out_everything=False)
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
    assert sum(own.values()) <= CEILING, f"{sum(own.values())} bytes of own CSS and JS (goal {GOAL}): {listing}"
