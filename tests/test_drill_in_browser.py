"""The spot-the-causality-bug drill on the practice page in Chromium: readable without
JavaScript, a step or "No bug" picked and checked, remembered, axe clean in both schemes."""

from __future__ import annotations

import pytest
from conftest import Site, open_practice
from test_quiz_in_browser import tab_until, violations_inside

pytestmark = pytest.mark.browser

DRILL = "#t19-02-causality-bugs"
EVENTS = """() => { window.__events = [];
  for (const name of ['drill:answered', 'drill:completed'])
    document.addEventListener(name, (e) => window.__events.push({type: e.type, ...e.detail})); }"""
STEPS = 5  # every model on the page has five lines; option 5 (0-based) is "No bug"
BUGS = {1: 2, 2: STEPS, 3: 1, 4: 2}  # model -> the right option (0-based)


def model(page: object, n: int) -> object:
    return page.locator(f"{DRILL}-m{n}")  # type: ignore[attr-defined]


def test_without_javascript_models_steps_and_answers_are_readable(browser: object, site: Site) -> None:
    context, page, log = open_practice(browser, site, javascript=False)
    try:
        assert page.locator(f"{DRILL} .drill__item").count() == 4  # type: ignore[attr-defined]
        first = model(page, 1)
        assert first.locator(".drill__step").count() == STEPS
        # Numbered 1, 2, 3 as the key says ("step 3"), not Material's a, b, c for nested lists.
        assert first.locator(".drill__steps").evaluate("el => getComputedStyle(el).listStyleType") == "decimal"
        assert first.locator(".drill__prompt").inner_text() == "Which step breaks causality, if any?"
        first.locator("summary").click()
        assert first.locator(".drill__key").inner_text() == "The bug is in step 3."
        for n, right in BUGS.items():
            if n > 1:
                model(page, n).locator("summary").click()
            key = model(page, n).locator(".drill__key").inner_text()
            assert key == (
                "No bug: every step keeps the model causal." if right == STEPS else f"The bug is in step {right + 1}."
            )
            assert model(page, n).locator(".drill__explanation").is_visible()
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]


def test_pick_a_step_or_no_bug_and_check(browser: object, site: Site) -> None:
    context, page, log = open_practice(browser, site, width=360, height=740)
    try:
        page.evaluate(EVENTS)  # type: ignore[attr-defined]
        m1 = model(page, 1)
        group = m1.locator("[role=radiogroup]")
        assert group.get_attribute("aria-labelledby") == "t19-02-causality-bugs-m1-prompt"
        labels = group.locator("label").all_inner_texts()
        assert [t.split(" ", 2)[:2] for t in labels[:STEPS]] == [["Step", str(i)] for i in range(1, STEPS + 1)]
        assert labels[STEPS] == "No bug: every step keeps the model causal."
        assert not m1.locator(".drill__answer").is_visible()

        m1.get_by_role("button", name="Check").click()
        assert m1.locator(".drill__message").inner_text() == "Choose a step, or “No bug”, first."
        # A wrong verdict: the model leaks.
        m1.get_by_label("No bug: every step keeps the model causal.").check()
        m1.get_by_role("button", name="Check").click()
        assert m1.locator(".drill__message").inner_text() == "✗ It does leak the future: the bug is in step 3."
        assert m1.locator(".drill__verdict").all_inner_texts() == [
            "",
            "",
            "✓ Right answer",
            "",
            "",
            "✗ Wrong, your choice",
        ]
        assert "diagonal=1" in m1.locator(".drill__explanation").inner_text()
        # The right verdict at the wrong line.
        m1.get_by_role("button", name="Try again").click()
        m1.locator("input").nth(1).check()
        m1.get_by_role("button", name="Check").click()
        assert m1.locator(".drill__message").inner_text() == (
            "✗ Right that it leaks, but not at step 2: the bug is in step 3."
        )
        m1.get_by_role("button", name="Try again").click()
        m1.locator("input").nth(2).check()
        m1.get_by_role("button", name="Check").click()
        assert m1.locator(".drill__message").inner_text() == "✓ Right: step 3 leaks the future."

        # The causal model: "No bug" is the right answer, and a suspicious step is not.
        m2 = model(page, 2)
        m2.locator("input").nth(3).check()
        m2.get_by_role("button", name="Check").click()
        assert m2.locator(".drill__message").inner_text() == (
            "✗ This model is causal: step 4 does not leak, and no other step does."
        )
        m2.get_by_role("button", name="Try again").click()
        m2.locator("input").nth(STEPS).check()
        m2.get_by_role("button", name="Check").click()
        assert m2.locator(".drill__message").inner_text() == "✓ Right: this model is causal, no step sees the future."

        for n in (3, 4):
            model(page, n).locator("input").nth(BUGS[n]).check()
            model(page, n).get_by_role("button", name="Check").click()
            assert (
                model(page, n).locator(".drill__message").inner_text()
                == f"✓ Right: step {BUGS[n] + 1} leaks the future."
            )
        assert page.locator(".drill__score").inner_text() == "4 of 4 models right."  # type: ignore[attr-defined]
        events = page.evaluate("window.__events")  # type: ignore[attr-defined]
        assert [(e["type"], e.get("item"), e.get("correct")) for e in events] == [
            ("drill:answered", 1, False),
            ("drill:answered", 1, False),
            ("drill:answered", 1, True),
            ("drill:answered", 2, False),
            ("drill:answered", 2, True),
            ("drill:answered", 3, True),
            ("drill:answered", 4, True),
            ("drill:completed", None, None),
        ]
        assert events[-1] == {
            "type": "drill:completed",
            "id": "t19-02-causality-bugs",
            "checked": 4,
            "right": 4,
            "total": 4,
            "done": True,
        }

        page.reload(wait_until="networkidle")  # type: ignore[attr-defined]
        assert page.locator(".drill__score").inner_text() == "4 of 4 models right."  # type: ignore[attr-defined]
        assert model(page, 2).locator("input").nth(STEPS).is_checked()
        page.get_by_role("button", name="Start over").last.click()  # type: ignore[attr-defined]
        assert page.locator(".drill__score").inner_text().endswith("4 models, none checked yet.")  # type: ignore[attr-defined]
        page.reload(wait_until="networkidle")  # type: ignore[attr-defined]
        assert not model(page, 2).locator("input").nth(STEPS).is_checked()
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]


def test_the_whole_drill_from_the_keyboard_alone(browser: object, site: Site) -> None:
    """Tab into each model's choices, arrow to the line that leaks (or "No bug"), Enter on Check."""
    context, page, log = open_practice(browser, site)
    try:
        page.evaluate("document.querySelector('#spot-the-causality-bug').tabIndex = -1")  # type: ignore[attr-defined]
        page.focus("#spot-the-causality-bug")  # type: ignore[attr-defined]
        for n, right in BUGS.items():
            m = f"{DRILL}-m{n}"
            tab_until(page, f"{m} input[type=radio]")
            assert page.evaluate("getComputedStyle(document.activeElement.closest('label')).outlineStyle") == "solid"  # type: ignore[attr-defined]
            for _ in range(right):
                page.keyboard.press("ArrowDown")  # type: ignore[attr-defined]
            page.keyboard.press("Space")  # type: ignore[attr-defined]
            assert model(page, n).locator("input").nth(right).is_checked()
            tab_until(page, f"{m} .drill__check")
            page.keyboard.press("Enter")  # type: ignore[attr-defined]
            assert model(page, n).locator(".drill__message").inner_text().startswith("✓ Right")
            assert page.evaluate("document.activeElement.textContent") == "Try again"  # type: ignore[attr-defined]
        assert page.locator(".drill__score").inner_text() == "4 of 4 models right."  # type: ignore[attr-defined]
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_checked_drill_is_axe_clean_and_fits(browser: object, site: Site, width: int, scheme: str) -> None:
    context, page, log = open_practice(browser, site, width=width, scheme=scheme)
    try:
        model(page, 1).locator("input").nth(0).check()
        model(page, 1).get_by_role("button", name="Check").click()
        model(page, 2).locator("input").nth(STEPS).check()
        model(page, 2).get_by_role("button", name="Check").click()
        model(page, 3).locator("input").nth(1).focus()
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0  # type: ignore[attr-defined]
        box = page.locator(DRILL).bounding_box()  # type: ignore[attr-defined]
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        violations = violations_inside(page, DRILL)
        assert not violations, "\n".join(violations)
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]
