"""The widgets under Material's instant navigation, which swaps page content without a reload.

The course leaves `navigation.instant` off, but an instructor may turn it on: the blocks must
then mount on a page reached by a link click (no load event, no module re-run), keep working,
and mount again when the student comes back. Built once with the feature on, for this file.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import PRACTICE, Site, new_page, served

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def instant_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with served(tmp_path_factory.mktemp("instant"), features=("navigation.instant",)) as built:
        yield built


def test_blocks_mount_after_an_instant_navigation_and_again_on_return(browser: object, instant_site: Site) -> None:
    context, page, log = new_page(browser, instant_site)
    try:
        page.goto(instant_site.url + "t19/02-autoregressive-models/", wait_until="networkidle")  # type: ignore[attr-defined]
        page.evaluate("window.__sameDocument = true")  # type: ignore[attr-defined]  # gone if the page reloads
        page.locator("article a[href$='practice/']").first.click()  # type: ignore[attr-defined]
        page.wait_for_url("**/" + PRACTICE)  # type: ignore[attr-defined]
        # The brief links no quiz stylesheet; the practice page's comes with its swapped content.
        page.wait_for_function(  # type: ignore[attr-defined]
            "() => [...document.styleSheets].some((s) => (s.href || '').endsWith('/quiz.css'))"
        )
        page.locator("#t19-02-self-check.quiz--interactive").wait_for()  # type: ignore[attr-defined]
        assert page.evaluate("window.__sameDocument") is True  # type: ignore[attr-defined]
        for widget in ("quiz", "drill", "flashcards", "exercise"):
            assert page.locator(f'[data-widget="{widget}"][data-widget-ready]').count() >= 1, widget  # type: ignore[attr-defined]

        numeric = page.locator("#t19-02-self-check-q4")  # type: ignore[attr-defined]
        numeric.locator("input").fill("4")
        numeric.get_by_role("button", name="Check").click()
        assert numeric.locator(".quiz__message").inner_text() == "✓ Correct: 4 bits."

        # Away and back, still without a reload: a fresh copy of the page mounts again and
        # finds the answer this student just gave.
        page.go_back()  # type: ignore[attr-defined]
        page.wait_for_url("**/t19/02-autoregressive-models/")  # type: ignore[attr-defined]
        page.locator("article a[href$='practice/']").first.click()  # type: ignore[attr-defined]
        page.locator("#t19-02-self-check.quiz--interactive").wait_for()  # type: ignore[attr-defined]
        assert page.evaluate("window.__sameDocument") is True  # type: ignore[attr-defined]
        assert page.locator("#t19-02-self-check .quiz__check:not([hidden])").count() == 6 - 1  # type: ignore[attr-defined]
        assert page.locator("#t19-02-self-check-q4 .quiz__message").inner_text() == "✓ Correct: 4 bits."  # type: ignore[attr-defined]
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]
