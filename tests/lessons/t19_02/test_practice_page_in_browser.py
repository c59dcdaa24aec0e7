"""The whole practice page at once, as a student meets it: every block used in one visit with
storage refused or full, and not one console error from the blocks or from Material."""

from __future__ import annotations

import pytest
from conftest import FULL_STORAGE, REFUSED_STORAGE, Site, open_practice
from test_calculator_in_browser import exercise_answer

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("storage", ["refused", "full"])
def test_every_block_works_without_storage(browser: object, site: Site, storage: str) -> None:
    script = REFUSED_STORAGE if storage == "refused" else FULL_STORAGE
    context, page, log = open_practice(browser, site, init_script=script, width=360, height=740)
    try:
        # The quiz: a typed answer.
        numeric = page.locator("#t19-02-self-check-q4")  # type: ignore[attr-defined]
        numeric.locator("input").fill("4 bits")
        numeric.get_by_role("button", name="Check").click()
        assert numeric.locator(".quiz__message").inner_text() == "✓ Correct: 4 bits."

        # The exercise: a wrong joint gets its message, never NaN.
        joint, _ = exercise_answer(page, "seven", "")
        assert joint and "NaN" not in joint

        # The drill: the first model's leaking line.
        first = page.locator("#t19-02-causality-bugs-m1")  # type: ignore[attr-defined]
        first.locator(".drill__lines input").nth(2).check()
        first.get_by_role("button", name="Check").click()
        assert first.locator(".drill__message").inner_text() == "✓ Right: line 3 leaks the future."

        # The deck: flip a card and grade it.
        deck = page.locator('[data-widget="flashcards"]')  # type: ignore[attr-defined]
        deck.locator(".flashcards__viewport").focus()
        page.keyboard.press("Space")  # type: ignore[attr-defined]
        page.keyboard.press("2")  # type: ignore[attr-defined]
        assert deck.locator('[data-count="learned"]').inner_text() == "1"

        # Nothing was kept, and nothing complains about it.
        page.reload(wait_until="networkidle")  # type: ignore[attr-defined]
        assert page.locator(".quiz__score").inner_text() == "6 questions, none checked yet."  # type: ignore[attr-defined]
        assert page.locator('[data-widget="flashcards"] [data-count="learned"]').inner_text() == "0"  # type: ignore[attr-defined]
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]
