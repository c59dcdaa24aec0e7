"""Every built page in Chromium: no console error, no failed or off-site request, axe clean,
readable at 360x740 and 1280x800 in the light and the dark scheme, math in KaTeX's own fonts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, Site, axe_violations as _axe_violations, new_page

pytestmark = pytest.mark.browser

SCREENS = ROOT / "test-results" / "screens"
VIEWPORTS = {"phone": (360, 740), "laptop": (1280, 800)}
SCHEMES = {"light": "default", "dark": "slate"}

@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_page_loads_clean_and_accessible(browser: object, site: Site, viewport: str, scheme: str) -> None:
    """Each page: clean console and network, right colour scheme, no sideways scroll; axe clean.

    axe runs on the phone, in both schemes: contrast follows the scheme, and the narrow screen
    is where content scrolls and so must take focus. At 1280 px the cheap checks suffice (the
    fixture-course tests run axe there on every kind of page). Costs grow with the course, so
    one context per screen and scheme walks all the pages (storage is cleared between them).
    """
    width, height = VIEWPORTS[viewport]
    problems: list[str] = []
    pages = site.pages()
    assert len(pages) >= 8, pages
    context, page, log = new_page(browser, site, width=width, height=height, scheme=scheme)
    try:
        for path in pages:
            log.console_errors.clear(), log.failed.clear(), log.off_origin.clear()
            page.goto(site.url + path, wait_until="networkidle")  # type: ignore[attr-defined]
            shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")  # type: ignore[attr-defined]
            if shown != SCHEMES[scheme]:
                problems.append(f"{path}: scheme {shown!r}, expected {SCHEMES[scheme]!r}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")  # type: ignore[attr-defined]
            if overflow > 0:
                problems.append(f"{path}: page scrolls sideways by {overflow}px at {width}px wide")
            if viewport == "phone":
                problems += [f"{path}: {v}" for v in _axe_violations(page)]
            name = (path.strip("/").replace("/", "__") or "home") + f"-{viewport}-{scheme}.png"
            SCREENS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENS / name), full_page=False)  # type: ignore[attr-defined]
            try:
                log.assert_clean()
            except AssertionError as error:
                problems.append(f"{path}: {error}")
            page.evaluate("localStorage.clear(); sessionStorage.clear()")  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]
    assert not problems, "\n".join(problems)


def test_math_renders_with_self_hosted_katex_fonts(browser: object, site: Site) -> None:
    """Static math is there without JavaScript, and with it the glyphs come from our own fonts."""
    path = "t19/02-autoregressive-models/lesson/"
    context, page, log = new_page(browser, site, javascript=False)
    try:
        page.goto(site.url + path)  # type: ignore[attr-defined]
        assert page.locator(".katex").count() > 0  # type: ignore[attr-defined]
        assert page.locator(".katex-mathml math").count() > 0  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]

    context, page, log = new_page(browser, site)
    try:
        page.goto(site.url + path, wait_until="networkidle")  # type: ignore[attr-defined]
        loaded = page.evaluate(  # type: ignore[attr-defined]
            """async () => { await document.fonts.ready;
                 return [...document.fonts].filter(f => f.family.includes('KaTeX') && f.status === 'loaded')
                                           .map(f => f.family); }"""
        )
        assert "KaTeX_Main" in {name.strip("\"'") for name in loaded}, loaded
        font_requests = [u for u in log.requests if "/fonts/KaTeX_" in u]
        assert font_requests, "no KaTeX font was requested"
        assert all(u.startswith(site.url + "assets/katex/fonts/") for u in font_requests), font_requests
        log.assert_clean()
    finally:
        context.close()  # type: ignore[attr-defined]


def test_search_works_under_a_sub_path(browser: object, site: Site) -> None:
    """Material's search index and worker load under /course-site/ and lead to a lesson page."""
    context, page, log = new_page(browser, site)
    try:
        page.goto(site.url, wait_until="networkidle")  # type: ignore[attr-defined]
        page.keyboard.press("/")  # type: ignore[attr-defined]
        page.keyboard.type("autoregressive")  # type: ignore[attr-defined]
        first = page.locator(".md-search-result__item a").first  # type: ignore[attr-defined]
        first.wait_for(timeout=10_000)
        href = first.get_attribute("href")
        assert href and href.startswith(site.url), href
        first.click()
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        assert page.url.startswith(site.url)  # type: ignore[attr-defined]
        assert "autoregressive" in page.locator("article").inner_text().lower()  # type: ignore[attr-defined]
        log.assert_clean()
    finally:
        context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_cheatsheet_prints_on_at_most_two_pages(browser: object, site: Site, paper: str, tmp_path: Path) -> None:
    """The cheatsheet is the lesson on one screen; printed, it must fit on one or two sheets."""
    context, page, log = new_page(browser, site)
    try:
        page.goto(site.url + "t19/02-autoregressive-models/cheatsheet/", wait_until="networkidle")  # type: ignore[attr-defined]
        page.emulate_media(media="print")  # type: ignore[attr-defined]
        pdf = page.pdf(format=paper, print_background=False)  # type: ignore[attr-defined]
        (tmp_path / f"cheatsheet-{paper}.pdf").write_bytes(pdf)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert 1 <= pages <= 2, f"the cheatsheet prints on {pages} {paper} pages"
        log.assert_clean()
    finally:
        context.close()  # type: ignore[attr-defined]
