"""The quiz on the practice page in Chromium: readable without JavaScript, answered with the
keyboard and the mouse, remembered across visits, axe clean at 360 and 1280 px in both schemes."""

from __future__ import annotations

import pytest
from conftest import Site, new_page
from test_site_in_browser import _axe_violations

pytestmark = pytest.mark.browser

PRACTICE = "t19/02-autoregressive-models/practice/"
QUIZ = "#t19-02-self-check"

# Record the widget's events, so a test can assert what a page would report.
EVENTS = """() => { window.__events = [];
  for (const name of ['quiz:answered', 'quiz:completed'])
    document.addEventListener(name, (e) => window.__events.push({type: e.type, ...e.detail})); }"""


def violations_inside(page: object, selector: str) -> list[str]:
    """axe's violations (the site's baseline applied) whose node lies inside `selector`.

    The whole page is checked by test_site_in_browser; here only this widget counts.
    """
    found = []
    for violation in _axe_violations(page):
        target = violation.split(" at ", 1)[1].rsplit(": ", 1)[0]
        inside = page.evaluate(  # type: ignore[attr-defined]
            "([t, s]) => { const n = document.querySelector(t); return !n || !!n.closest(s); }", [target, selector]
        )
        if inside:
            found.append(violation)
    return found


def open_practice(browser: object, site: Site, **kwargs: object) -> tuple[object, object, object]:
    context, page, log = new_page(browser, site, **kwargs)
    page.goto(site.url + PRACTICE, wait_until="networkidle")  # type: ignore[attr-defined]
    return context, page, log


def question(page: object, n: int) -> object:
    return page.locator(f"{QUIZ}-q{n}")  # type: ignore[attr-defined]


def test_without_javascript_every_question_and_its_answer_are_readable(browser: object, site: Site) -> None:
    context, page, log = open_practice(browser, site, javascript=False)
    try:
        quiz = page.locator(QUIZ)  # type: ignore[attr-defined]
        assert quiz.locator(".quiz__question").count() == 6
        assert quiz.locator("input").count() == 0
        first = question(page, 1)
        assert "What does this factorization assume" in first.inner_text()
        assert first.locator(".quiz__option").count() == 4
        assert not first.locator(".quiz__key").is_visible()
        first.locator("summary").click()
        assert first.locator(".quiz__key").inner_text() == "Answer: C."
        assert "definition of conditional probability" in first.locator(".quiz__explanation").inner_text()
        assert question(page, 2).locator(".quiz__key").inner_text(timeout=1000) in ("Answers: B and D.", "")
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]


def test_answer_with_the_mouse_feedback_in_words_events_and_try_again(browser: object, site: Site) -> None:
    context, page, log = open_practice(browser, site, width=360, height=740)
    try:
        page.evaluate(EVENTS)  # type: ignore[attr-defined]
        q1 = question(page, 1)
        assert q1.locator("[role=radiogroup] input[type=radio]").count() == 4
        assert q1.locator("[role=radiogroup]").get_attribute("aria-labelledby") == "t19-02-self-check-q1-stem"
        assert not q1.locator(".quiz__answer").is_visible()
        q1.get_by_role("button", name="Check").click()
        assert q1.locator(".quiz__message").inner_text() == "Choose an answer first."

        q1.get_by_label("Each token depends only on the token just before it.").check()
        q1.get_by_role("button", name="Check").click()
        assert q1.locator(".quiz__message").inner_text() == "✗ Not quite. The right answer is C."
        assert q1.locator(".quiz__feedback").get_attribute("aria-live") == "polite"
        verdicts = q1.locator(".quiz__verdict").all_inner_texts()
        assert verdicts == ["✗ Wrong, your choice", "", "✓ Right answer", ""]
        assert q1.locator(".quiz__explanation").is_visible()
        assert all(q1.locator("input").nth(i).is_disabled() for i in range(4))
        assert page.evaluate("window.__events") == [  # type: ignore[attr-defined]
            {"type": "quiz:answered", "id": "t19-02-self-check", "item": 1, "correct": False, "chosen": [0]}
        ]
        assert page.locator(".quiz__score").inner_text() == "0 of 6 questions right (1 checked so far)."  # type: ignore[attr-defined]

        # Try again clears the question and hands focus back to the options.
        q1.get_by_role("button", name="Try again").click()
        assert q1.locator(".quiz__message").inner_text() == ""
        assert not q1.locator(".quiz__explanation").is_visible()
        assert page.evaluate("document.activeElement.name") == "t19-02-self-check-1"  # type: ignore[attr-defined]

        # A "select all that apply" question is right only with exactly the right boxes.
        q2 = question(page, 2)
        assert q2.locator("[role=group] input[type=checkbox]").count() == 4
        q2.locator("input").nth(1).check()
        q2.get_by_role("button", name="Check").click()
        assert q2.locator(".quiz__message").inner_text() == "✗ Not quite. The right answers are B and D."
        q2.get_by_role("button", name="Try again").click()
        q2.locator("input").nth(1).check()
        q2.locator("input").nth(3).check()
        q2.get_by_role("button", name="Check").click()
        assert q2.locator(".quiz__message").inner_text() == "✓ Correct."
        assert page.evaluate("window.__events.at(-1)")["chosen"] == [1, 3]  # type: ignore[attr-defined]
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]


def test_keyboard_only_answers_and_focus_is_visible(browser: object, site: Site) -> None:
    context, page, log = open_practice(browser, site)
    try:
        q3 = question(page, 3)
        q3.locator("input").first.focus()
        outline = page.evaluate(  # type: ignore[attr-defined]
            "getComputedStyle(document.activeElement.closest('label')).outlineStyle"
        )
        assert outline == "solid"
        page.keyboard.press("Space")  # type: ignore[attr-defined]
        assert q3.locator("input").first.is_checked()
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        assert page.evaluate("document.activeElement.textContent") == "Check"  # type: ignore[attr-defined]
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
        assert q3.locator(".quiz__message").inner_text() == "✓ Correct."
        assert page.evaluate("document.activeElement.textContent") == "Try again"  # type: ignore[attr-defined]
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]


def test_answers_are_remembered_and_start_over_forgets_them(browser: object, site: Site) -> None:
    context, page, log = new_page(browser, site)
    try:
        page.goto(site.url + PRACTICE, wait_until="networkidle")  # type: ignore[attr-defined]
        page.evaluate(EVENTS)  # type: ignore[attr-defined]
        answers = {1: [2], 2: [1, 3], 3: [0], 4: [1], 5: [1], 6: [0, 2]}
        for n, picks in answers.items():
            for i in picks:
                question(page, n).locator("input").nth(i).check()
            question(page, n).get_by_role("button", name="Check").click()
        assert page.locator(".quiz__score").inner_text() == "6 of 6 questions right."  # type: ignore[attr-defined]
        completed = page.evaluate("window.__events.filter(e => e.type === 'quiz:completed')")  # type: ignore[attr-defined]
        assert completed == [
            {"type": "quiz:completed", "id": "t19-02-self-check", "checked": 6, "right": 6, "total": 6, "done": True}
        ]

        page.reload(wait_until="networkidle")  # type: ignore[attr-defined]
        assert page.locator(".quiz__score").inner_text() == "6 of 6 questions right."  # type: ignore[attr-defined]
        assert question(page, 4).locator(".quiz__message").inner_text() == "✓ Correct."
        assert question(page, 4).locator("input").nth(1).is_checked()

        page.get_by_role("button", name="Start over").first.click()  # type: ignore[attr-defined]
        assert question(page, 4).locator(".quiz__message").inner_text() == ""
        page.reload(wait_until="networkidle")  # type: ignore[attr-defined]
        assert page.locator(".quiz__score").inner_text() == "6 questions, none checked yet."  # type: ignore[attr-defined]
        assert not question(page, 4).locator("input").nth(1).is_checked()
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]


def test_shuffle_is_stable_and_bad_markup_fails_soft(browser: object, site: Site) -> None:
    """A shuffled quiz keeps each student's order across visits; broken markup stays static."""
    context, page, log = open_practice(browser, site)
    try:
        index = site.url + "assets/javascripts/widgets/index.js"
        add = """async ([index, html]) => {
            const holder = document.createElement('div'); holder.innerHTML = html;
            document.querySelector('article').append(holder);
            await (await import(index)).mountAll(); }"""
        options = "".join(
            f'<li class="quiz__option" data-correct="{str(i == 3).lower()}"><span class="quiz__letter">'
            f"{'ABCDEF'[i]}.</span> option {i}</li>"
            for i in range(6)
        )
        shuffled = (
            '<div class="quiz" data-widget="quiz" id="mixed" data-shuffle="true"><ol class="quiz__questions">'
            '<li class="quiz__question" data-multiple="false" id="mixed-q1">'
            '<div class="quiz__stem" id="mixed-q1-stem"><p>Which?</p></div>'
            f'<ul class="quiz__options">{options}</ul>'
            '<details class="quiz__answer"><summary>Answer</summary><p class="quiz__key">Answer: D.</p></details>'
            "</li></ol></div>"
        )
        page.evaluate(add, [index, shuffled])  # type: ignore[attr-defined]
        order = page.locator("#mixed .quiz__text").all_inner_texts()  # type: ignore[attr-defined]
        assert sorted(t.split(" ", 1)[1] for t in order) == [f"option {i}" for i in range(6)]
        assert [t.split(" ", 1)[0] for t in order] == ["A.", "B.", "C.", "D.", "E.", "F."]
        page.locator("#mixed").get_by_text("option 3").click()  # type: ignore[attr-defined]
        page.locator("#mixed").get_by_role("button", name="Check").click()  # type: ignore[attr-defined]
        assert page.locator("#mixed .quiz__message").inner_text() == "✓ Correct."  # type: ignore[attr-defined]

        page.reload(wait_until="networkidle")  # type: ignore[attr-defined]
        page.evaluate(add, [index, shuffled])  # type: ignore[attr-defined]
        assert page.locator("#mixed .quiz__text").all_inner_texts() == order  # type: ignore[attr-defined]

        errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))  # type: ignore[attr-defined]
        broken = shuffled.replace('id="mixed"', 'id="broken"').replace('data-correct="true"', 'data-correct="false"')
        page.evaluate(add, [index, broken])  # type: ignore[attr-defined]
        assert errors == ["quiz: unexpected markup in #broken; showing the static version"]
        assert page.locator("#broken input").count() == 0  # type: ignore[attr-defined]
        assert page.locator("#broken .quiz__option").count() == 6  # type: ignore[attr-defined]
        log.console_errors.clear()  # type: ignore[attr-defined]  # the error above was the point
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_answered_quiz_is_axe_clean_and_fits(browser: object, site: Site, width: int, scheme: str) -> None:
    context, page, log = open_practice(browser, site, width=width, scheme=scheme)
    try:
        question(page, 1).locator("input").first.check()
        question(page, 1).get_by_role("button", name="Check").click()
        question(page, 2).locator("input").nth(1).check()
        question(page, 2).locator("input").nth(3).check()
        question(page, 2).get_by_role("button", name="Check").click()
        question(page, 3).locator("input").nth(2).check()
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0  # type: ignore[attr-defined]
        box = page.locator(QUIZ).bounding_box()  # type: ignore[attr-defined]
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        violations = violations_inside(page, QUIZ)
        assert not violations, "\n".join(violations)
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]
