"""The quiz on the practice page in Chromium: readable without JavaScript, answered with the
keyboard and the mouse, numeric answers with their units, per-option feedback and hints,
remembered across visits, axe clean at 360 and 1280 px in both schemes.

The page's quiz shuffles its options per student, so tests find an option by its original
index (the input's value) and read the letter it was given on screen.
"""

from __future__ import annotations

import pytest
from conftest import FULL_STORAGE, REFUSED_STORAGE, Site, open_practice, tab_until
from conftest import axe_violations as _axe_violations

pytestmark = pytest.mark.browser

QUIZ = "#t19-02-self-check"
NUMERIC = 4  # the question answered by typing a number (in bits)

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


def question(page: object, n: int) -> object:
    return page.locator(f"{QUIZ}-q{n}")  # type: ignore[attr-defined]


def option(q: object, original: int) -> object:
    """The on-screen choice that was the author's option number `original` (0-based)."""
    value = q.page.locator(f'input[value="{original}"]')  # type: ignore[attr-defined]  # relative to each choice
    return q.locator(".quiz__choice").filter(has=value)  # type: ignore[attr-defined]


def letter(q: object, original: int) -> str:
    return str(option(q, original).locator(".quiz__letter").inner_text()).rstrip(".")


# The right answers, by the author's option numbers; question 4 is typed.
RIGHT = {1: [2], 2: [1, 3], 3: [0], 5: [1], 6: [0, 2]}


def answer_all(page: object) -> None:
    for n, picks in RIGHT.items():
        for i in picks:
            option(question(page, n), i).locator("input").check()
        question(page, n).get_by_role("button", name="Check").click()
    question(page, NUMERIC).locator("input").fill("4")
    question(page, NUMERIC).get_by_role("button", name="Check").click()


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
        assert not first.locator(".quiz__hint-text").is_visible()
        first.locator(".quiz__hint > summary").click()
        assert "definition of a conditional" in first.locator(".quiz__hint-text").inner_text()
        first.locator(".quiz__answer > summary").click()
        assert first.locator(".quiz__key").inner_text() == "Answer: C."
        assert "definition of conditional probability" in first.locator(".quiz__explanation").inner_text()
        notes = first.locator(".quiz__option-feedback > li").all_inner_texts()
        assert [n.split(".", 1)[0] for n in notes] == ["A", "B", "D"]
        assert "Markov chain" in notes[0]
        numeric = question(page, NUMERIC)
        assert numeric.locator(".quiz__numeric").inner_text() == "Answer with a number in bits."
        numeric.locator(".quiz__answer > summary").click()
        assert numeric.locator(".quiz__key").inner_text() == "Answer: 4 bits (accepted within ±0.01)."
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]


def test_answer_with_the_mouse_feedback_in_words_events_and_try_again(browser: object, site: Site) -> None:
    context, page, log = open_practice(browser, site, width=360, height=740)
    try:
        page.evaluate(EVENTS)  # type: ignore[attr-defined]
        q1 = question(page, 1)
        assert q1.locator("[role=radiogroup] input[type=radio]").count() == 4
        # A fieldset with a legend, named "Question 1" and the stem together.
        group = q1.locator("fieldset[role=radiogroup]")
        assert group.locator(":scope > legend").inner_text() == "Question 1"
        assert group.get_attribute("aria-labelledby") == "t19-02-self-check-1-legend t19-02-self-check-q1-stem"
        named = q1.get_by_role("radiogroup", name="Question 1 A model factors the probability")
        assert named.count() == 1
        assert not q1.locator(".quiz__answer").is_visible()
        q1.get_by_role("button", name="Check").click()
        assert q1.locator(".quiz__message").inner_text() == "Choose an answer first."

        q1.get_by_label("Each token depends only on the token just before it.").check()
        q1.get_by_role("button", name="Check").click()
        assert q1.locator(".quiz__message").inner_text() == f"✗ Not quite. The right answer is {letter(q1, 2)}."
        assert q1.locator(".quiz__feedback").get_attribute("aria-live") == "polite"
        assert option(q1, 0).locator(".quiz__verdict").inner_text() == "✗ Wrong, your choice"
        assert option(q1, 2).locator(".quiz__verdict").inner_text() == "✓ Right answer"
        assert option(q1, 1).locator(".quiz__verdict").inner_text() == ""
        # The picked option's own feedback appears under it; an unpicked wrong one's does not.
        assert "Markov chain" in option(q1, 0).locator(".quiz__note").inner_text()
        assert not option(q1, 1).locator(".quiz__note").is_visible()
        assert option(q1, 2).locator(".quiz__note").count() == 0
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
        assert not option(q1, 0).locator(".quiz__note").is_visible()
        assert page.evaluate("document.activeElement.name") == "t19-02-self-check-1"  # type: ignore[attr-defined]
        option(q1, 2).locator("input").check()
        q1.get_by_role("button", name="Check").click()
        assert q1.locator(".quiz__message").inner_text() == "✓ Correct."

        # A "select all that apply" question is right only with exactly the right boxes.
        q2 = question(page, 2)
        assert (
            q2.get_by_role("group", name="Question 2 A trained autoregressive").locator("input[type=checkbox]").count()
            == 4
        )
        option(q2, 1).locator("input").check()
        q2.get_by_role("button", name="Check").click()
        right = sorted([letter(q2, 1), letter(q2, 3)])
        assert (
            q2.locator(".quiz__message").inner_text()
            == f"✗ Not quite. The right answers are {right[0]} and {right[1]}."
        )
        q2.get_by_role("button", name="Try again").click()
        option(q2, 1).locator("input").check()
        option(q2, 3).locator("input").check()
        q2.get_by_role("button", name="Check").click()
        assert q2.locator(".quiz__message").inner_text() == "✓ Correct."
        assert sorted(page.evaluate("window.__events.at(-1)")["chosen"]) == [1, 3]  # type: ignore[attr-defined]
        assert page.locator(".quiz__score").inner_text() == "2 of 6 questions right (2 checked so far)."  # type: ignore[attr-defined]
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]


def test_numeric_answer_bad_input_wrong_unit_and_right(browser: object, site: Site) -> None:
    """Bad input gets a message beside the field and no grade; nats for bits is named."""
    context, page, log = open_practice(browser, site, width=360, height=740)
    try:
        page.evaluate(EVENTS)  # type: ignore[attr-defined]
        q = question(page, NUMERIC)
        field = q.get_by_label("Answer with a number in bits.")
        error = q.locator(".quiz__field-error")
        assert field.get_attribute("aria-describedby") == error.get_attribute("id")

        q.get_by_role("button", name="Check").click()
        assert error.inner_text() == "Enter a number, e.g. 0.25, 1/4 or 2.5e-1"  # every field's words
        assert field.get_attribute("aria-invalid") == "true"
        field.fill("four")
        assert field.get_attribute("aria-invalid") is None  # typing clears the old complaint
        field.press("Enter")
        assert "Not a number" in error.inner_text()
        assert "NaN" not in q.inner_text()
        assert q.locator(".quiz__message").inner_text() == ""
        assert page.locator(".quiz__score").inner_text() == "6 questions, none checked yet."  # type: ignore[attr-defined]
        assert page.evaluate("document.activeElement.id") == field.get_attribute("id")  # type: ignore[attr-defined]

        # The hint opens in place.
        q.locator(".quiz__hint > summary").click()
        assert "-log" in q.locator(".quiz__hint-text").inner_text().replace("−", "-")

        # The NLL in nats, typed as a bare number: named as the answer in the wrong unit.
        field.fill("2.77")
        field.press("Enter")
        assert error.inner_text() == ""
        message = q.locator(".quiz__message").inner_text()
        assert message.startswith("✗ Wrong unit: 2.77 is the answer in nats, and the question asks for bits.")
        assert "The answer is 4 bits" in message
        assert q.locator(".quiz__explanation").is_visible()
        assert field.evaluate("el => el.readOnly")
        assert page.evaluate("document.activeElement.textContent") == "Try again"  # type: ignore[attr-defined]

        q.get_by_role("button", name="Try again").click()
        assert field.input_value() == ""
        field.fill("2.7726 nats")
        q.get_by_role("button", name="Check").click()
        assert q.locator(".quiz__message").inner_text() == (
            "✗ Right amount, wrong unit: 2.773 nats is 4 bits, and the question asks for bits."
        )

        q.get_by_role("button", name="Try again").click()
        field.fill("4.0 bits")
        field.press("Enter")
        assert q.locator(".quiz__message").inner_text() == "✓ Correct: 4 bits."
        assert page.evaluate("window.__events.map(e => [e.correct, e.chosen])") == [  # type: ignore[attr-defined]
            [False, "2.77"],
            [False, "2.7726 nats"],
            [True, "4.0 bits"],
        ]
        assert page.locator(".quiz__score").inner_text() == "1 of 6 questions right (1 checked so far)."  # type: ignore[attr-defined]
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]


def test_the_whole_quiz_from_the_keyboard_alone(browser: object, site: Site) -> None:
    """Tab, arrows, Space and Enter only; focus is always visible."""
    context, page, log = open_practice(browser, site)
    try:
        # Start just above the quiz, as a student who tabbed down the page would.
        page.evaluate("document.querySelector('#self-check').tabIndex = -1")  # type: ignore[attr-defined]
        page.focus("#self-check")  # type: ignore[attr-defined]
        for n in range(1, 7):
            q = f"{QUIZ}-q{n}"
            if n == NUMERIC:
                tab_until(page, f"{q} .quiz__hint > summary")
                page.keyboard.press("Enter")  # type: ignore[attr-defined]
                assert question(page, n).locator(".quiz__hint-text").is_visible()
                tab_until(page, f"{q} input")
                page.keyboard.type("4")  # type: ignore[attr-defined]
                page.keyboard.press("Enter")  # type: ignore[attr-defined]
            elif len(RIGHT[n]) == 1:
                tab_until(page, f"{q} input[type=radio]")
                outline = page.evaluate("getComputedStyle(document.activeElement.closest('label')).outlineStyle")  # type: ignore[attr-defined]
                assert outline == "solid"
                target = RIGHT[n][0]
                for _ in range(4):  # arrows move and select, in the order on screen
                    if page.evaluate("document.activeElement.value") == str(target):  # type: ignore[attr-defined]
                        break
                    page.keyboard.press("ArrowDown")  # type: ignore[attr-defined]
                page.keyboard.press("Space")  # type: ignore[attr-defined]
                assert option(question(page, n), target).locator("input").is_checked()
                tab_until(page, f"{q} .quiz__check")
                page.keyboard.press("Enter")  # type: ignore[attr-defined]
            else:
                for _ in range(4):
                    tab_until(page, f"{q} input[type=checkbox]")
                    if int(page.evaluate("document.activeElement.value")) in RIGHT[n]:  # type: ignore[attr-defined]
                        page.keyboard.press("Space")  # type: ignore[attr-defined]
                tab_until(page, f"{q} .quiz__check")
                assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"  # type: ignore[attr-defined]
                page.keyboard.press("Enter")  # type: ignore[attr-defined]
            message = question(page, n).locator(".quiz__message").inner_text()
            assert message.startswith("✓ Correct"), (n, message)
            assert page.evaluate("document.activeElement.textContent") == "Try again"  # type: ignore[attr-defined]
        assert page.locator(".quiz__score").inner_text() == "6 of 6 questions right."  # type: ignore[attr-defined]
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]


def test_answers_are_remembered_and_start_over_forgets_them(browser: object, site: Site) -> None:
    context, page, log = open_practice(browser, site)
    try:
        page.evaluate(EVENTS)  # type: ignore[attr-defined]
        order = page.locator(f"{QUIZ} .quiz__text").all_inner_texts()  # type: ignore[attr-defined]
        answer_all(page)
        assert page.locator(".quiz__score").inner_text() == "6 of 6 questions right."  # type: ignore[attr-defined]
        completed = page.evaluate("window.__events.filter(e => e.type === 'quiz:completed')")  # type: ignore[attr-defined]
        assert completed == [
            {"type": "quiz:completed", "id": "t19-02-self-check", "checked": 6, "right": 6, "total": 6, "done": True}
        ]

        page.reload(wait_until="networkidle")  # type: ignore[attr-defined]
        assert page.locator(f"{QUIZ} .quiz__text").all_inner_texts() == order  # type: ignore[attr-defined]
        assert page.locator(".quiz__score").inner_text() == "6 of 6 questions right."  # type: ignore[attr-defined]
        assert question(page, 5).locator(".quiz__message").inner_text() == "✓ Correct."
        assert option(question(page, 5), 1).locator("input").is_checked()
        assert question(page, NUMERIC).locator("input").input_value() == "4"
        assert question(page, NUMERIC).locator(".quiz__message").inner_text() == "✓ Correct: 4 bits."

        page.get_by_role("button", name="Start over").first.click()  # type: ignore[attr-defined]
        assert question(page, 5).locator(".quiz__message").inner_text() == ""
        assert question(page, NUMERIC).locator("input").input_value() == ""
        page.reload(wait_until="networkidle")  # type: ignore[attr-defined]
        assert page.locator(".quiz__score").inner_text() == "6 questions, none checked yet."  # type: ignore[attr-defined]
        assert not option(question(page, 5), 1).locator("input").is_checked()
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("storage", ["refused", "full"])
def test_works_when_storage_is_refused_or_full(browser: object, site: Site, storage: str) -> None:
    """Private mode, a full quota or disabled storage cost only persistence, and log nothing."""
    script = REFUSED_STORAGE if storage == "refused" else FULL_STORAGE
    context, page, log = open_practice(browser, site, init_script=script)
    try:
        answer_all(page)
        assert page.locator(".quiz__score").inner_text() == "6 of 6 questions right."  # type: ignore[attr-defined]
        page.get_by_role("button", name="Start over").first.click()  # type: ignore[attr-defined]
        assert page.locator(".quiz__score").inner_text().endswith("6 questions, none checked yet.")  # type: ignore[attr-defined]
        page.reload(wait_until="networkidle")  # type: ignore[attr-defined]
        assert page.locator(".quiz__score").inner_text() == "6 questions, none checked yet."  # type: ignore[attr-defined]
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
            '<li class="quiz__question" data-kind="single" id="mixed-q1">'
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
        option(question(page, 2), 1).locator("input").check()
        option(question(page, 2), 3).locator("input").check()
        question(page, 2).get_by_role("button", name="Check").click()
        question(page, 3).locator("input").nth(2).check()
        question(page, 4).locator(".quiz__hint > summary").click()
        question(page, 4).locator("input").fill("oops")
        question(page, 4).get_by_role("button", name="Check").click()  # the error beside the field
        question(page, 5).locator("input").first.check()
        question(page, 5).get_by_role("button", name="Check").click()
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0  # type: ignore[attr-defined]
        box = page.locator(QUIZ).bounding_box()  # type: ignore[attr-defined]
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        violations = violations_inside(page, QUIZ)
        assert not violations, "\n".join(violations)
        log.assert_clean()  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]
