"""`/// exercise` and a drill with its own verdicts in Chromium, on a lesson outside Track 19.

The fixture course's t02/03 is a Bayes' rule lesson whose folder holds its own generator
(tests/fixtures/bayes/screening.py). The expected numbers are computed here by hand
(bayes_course.expected), not read from the page. Every test also fails on a console error, a
failed request or a request that leaves the site.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from bayes_course import PRACTICE_PAGE, bayes_course, expected
from conftest import AXE_BASELINE, FULL_STORAGE, REFUSED_STORAGE, ROOT, Site, new_page, served
from fixture_course import write_course

pytestmark = pytest.mark.browser

EXERCISE = "#screening"
DRILL = "#conditionals"
SCREENS = ROOT / "test-results" / "screens"


# Light and dark, chosen by the browser's preference, as the course's own mkdocs.yml does.
PALETTE = """\
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
"""


@pytest.fixture(scope="module")
def bayes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    course = write_course(tmp_path_factory.mktemp("bayes-browser"), bayes_course())
    config = course / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  font: false\n", "  font: false\n" + PALETTE, 1), "utf-8")
    with served(course / "site", config_file=course / "mkdocs.yml") as site:
        yield site


def open_exercise(browser: Any, site: Site, fragment: str = "", *, init_script: str | None = None, **kwargs: Any):
    context, page, log = new_page(browser, site, **kwargs)
    if init_script:
        context.add_init_script(init_script)
    page.goto(f"{site.url}{PRACTICE_PAGE}{fragment}", wait_until="networkidle")
    page.wait_for_selector(f"{EXERCISE} .exercise__ui .exercise__input")
    return context, page, log


def answer(page: Any, evidence: str, posterior: str) -> tuple[str, str]:
    """Type both answers, press Check; the two messages under the fields."""
    page.locator(f"{EXERCISE}-answer-1").fill(evidence)
    page.locator(f"{EXERCISE}-answer-2").fill(posterior)
    page.locator(f"{EXERCISE} button", has_text="Check").click()
    return (
        page.locator(f"{EXERCISE}-answer-1-message").inner_text(),
        page.locator(f"{EXERCISE}-answer-2-message").inner_text(),
    )


def where(page: Any) -> str:
    return str(page.locator(f"{EXERCISE} .exercise__where").inner_text())


def question_for(seed: int) -> str:
    e = expected(seed)
    return (
        f"An illness affects {e['prior']:.0%} of a population. A test detects it in {e['sensitivity']:.0%} of the ill"
    )


def axe_inside(page: Any, selector: str) -> list[str]:
    """axe-core's violations within `selector` (the site's baseline applied)."""
    from axe_playwright_python.sync_playwright import Axe

    found = []
    for violation in Axe().run(page, context=selector).response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            if not any(fragment in target for fragment in AXE_BASELINE.get(violation["id"], [])):
                found.append(f"{violation['id']} at {target}: {violation['help']}")
    return found


# --- Without JavaScript ----------------------------------------------------------------------


def test_without_javascript_variant_0_shows_with_its_worked_answer(browser: Any, bayes: Site) -> None:
    context, page, log = new_page(browser, bayes, javascript=False)
    try:
        page.goto(bayes.url + PRACTICE_PAGE)
        block = page.locator(EXERCISE)
        assert question_for(0) in block.inner_text()
        details = block.locator("details.exercise__answer")
        assert not details.locator(".exercise__solution").is_visible()
        details.locator("summary").click()
        e = expected(0)
        key = details.locator(".exercise__key").inner_text()
        assert f": {e['evidence']:.3g} (accepted within ±1%)" in key and f": {e['posterior']:.4f}" in key
        assert details.locator(".exercise__solution .katex-display").count() == 2
        assert f"{e['posterior']:.4f}" in details.locator(".exercise__solution").inner_text()
        # The mistakes are for the widget: inert templates, never shown.
        assert "sensitivity" not in block.inner_text()
        drill = page.locator(DRILL)
        assert drill.locator(".drill__prompt").first.inner_text() == (
            "Is this derivation right? If not, which line has the wrong step?"
        )
        drill.locator("summary").first.click()
        assert drill.locator(".drill__key").first.inner_text() == "Has a wrong step: the wrong step is in line 1."
        log.assert_clean()
    finally:
        context.close()


# --- Checking answers ------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 17, 39])
def test_the_address_picks_the_variant_and_right_answers_pass_within_tolerance(
    browser: Any, bayes: Site, seed: int
) -> None:
    e = expected(seed)
    context, page, log = open_exercise(browser, bayes, f"#screening={seed}")
    try:
        assert where(page) == f"Variant {seed}"
        assert question_for(seed) in page.locator(f"{EXERCISE} .exercise__question").inner_text()
        toggle = page.locator(f"{EXERCISE} .exercise__toggle")
        assert not toggle.is_visible()  # no solution before an attempt
        # Three significant figures, a comma, a fraction, and values 0.9% off all pass.
        first, second = answer(page, f"{e['evidence']:.3g}", f"{e['posterior'] * 1.009:.5f}".replace(".", ","))
        assert first.startswith("✓ Correct") and second.startswith("✓ Correct"), (first, second)
        assert page.locator(f"{EXERCISE} .exercise__status").inner_text() == "2 of 2 answers right."
        assert toggle.is_visible()
        assert toggle.inner_text() == "Show solution"
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true" and toggle.inner_text() == "Hide solution"
        solution = page.locator(f"{EXERCISE} .exercise__solution")
        assert f"{e['posterior']:.4f}" in solution.inner_text()
        assert solution.locator(".katex-display").count() == 2
        # 1.5% off is not within the tolerance, and is called close.
        _, second = answer(page, "", f"{e['posterior'] * 1.015:.5f}")
        assert second == "✗ Close, but not within ±1%: keep more digits."
        if seed:
            assert any(r.endswith(f"/screening/{seed}.json") for r in log.requests)
        log.assert_clean()
    finally:
        context.close()


def test_each_mistake_gets_its_message_and_bad_input_the_quizs(browser: Any, bayes: Site) -> None:
    seed = 11
    e = expected(seed)
    context, page, log = open_exercise(browser, bayes, f"#screening={seed}")
    try:
        first, second = answer(page, f"{e['numerator_only']:.4g}", f"{e['sensitivity']}")
        assert first == "✗ Not quite. That counts only the ill who test positive: add the healthy who do."
        assert second.startswith("✗ Not quite. That is") and "the test's sensitivity: Bayes' rule" in second, second
        assert page.locator(f"{EXERCISE}-answer-2-message .katex").count() == 1  # the message's math, from the build
        _, second = answer(page, "", f"{e['numerator_only']:.4g}")
        assert "the numerator alone: divide it by" in second
        first, _ = answer(page, "seven", "")
        # The message every numeric field gives (number-input.js; nll_math.py is its twin).
        assert first == "Not a number: write a decimal (0.25), a fraction (1/4) or scientific notation (2.5e-1)"
        assert page.locator(f"{EXERCISE}-answer-1").get_attribute("aria-invalid") == "true"
        first, _ = answer(page, "0.1 bits", "")
        assert first == "This answer is a plain number, without a unit: leave out the unit."
        far = next(
            x
            for x in (0.3, 0.6, 0.2)
            if all(abs(x - v) > 0.1 * v for v in (e["posterior"], e["sensitivity"], e["numerator_only"]))
        )
        _, second = answer(page, "", str(far))
        assert second == "✗ Not yet: check your working and try again."
        log.assert_clean()
    finally:
        context.close()


def test_the_solution_waits_for_an_attempt(browser: Any, bayes: Site) -> None:
    context, page, log = open_exercise(browser, bayes)
    try:
        toggle = page.locator(f"{EXERCISE} .exercise__toggle")
        page.locator(f"{EXERCISE} button", has_text="Check").click()
        assert page.locator(f"{EXERCISE} .exercise__status").inner_text() == "Type your answers first, then check."
        answer(page, "lots", "")  # unreadable: not an attempt
        assert not toggle.is_visible() and not page.locator(f"{EXERCISE} .exercise__solution").is_visible()
        answer(page, "0.5", "")
        assert toggle.is_visible()
        log.assert_clean()
    finally:
        context.close()


# --- Variants and the address ----------------------------------------------------------------


def test_new_variant_loads_another_and_puts_its_seed_in_the_address(browser: Any, bayes: Site) -> None:
    context, page, log = open_exercise(browser, bayes)
    try:
        assert where(page) == "Variant 0"
        assert not any(re.search(r"/screening/\d+\.json$", r) for r in log.requests)  # nothing until asked
        answer(page, "0.5", "0.5")
        page.locator(f"{EXERCISE} button", has_text="New variant").click()
        page.wait_for_function(
            "() => !document.querySelector('#screening .exercise__where').textContent.endsWith(' 0')"
        )
        seed = int(where(page).split()[-1])
        assert 0 < seed < 40
        assert page.evaluate("location.hash") == f"#screening={seed}"
        assert question_for(seed) in page.locator(f"{EXERCISE} .exercise__question").inner_text()
        assert page.locator(f"{EXERCISE}-answer-1").input_value() == ""
        assert not page.locator(f"{EXERCISE} button", has_text="Show solution").is_visible()
        assert page.evaluate("document.activeElement.id") == "screening-answer-1"
        assert page.locator(f"{EXERCISE} .exercise__link a").get_attribute("href") == f"#screening={seed}"
        # A class link followed on the same page changes only the fragment.
        target = 5 if seed != 5 else 6
        page.evaluate(f"location.hash = '#screening={target}'")
        page.wait_for_function(
            f"() => document.querySelector('#screening .exercise__where').textContent === 'Variant {target}'"
        )
        assert question_for(target) in page.locator(f"{EXERCISE} .exercise__question").inner_text()
        log.assert_clean()
    finally:
        context.close()


def test_a_seed_beyond_the_variants_shows_variant_0_and_says_so(browser: Any, bayes: Site) -> None:
    context, page, log = open_exercise(browser, bayes, "#screening=99")
    try:
        assert where(page) == "Variant 0"
        assert page.locator(f"{EXERCISE} .exercise__status").inner_text() == (
            "The address asks for variant 99, but this exercise has variants 0 to 39: showing variant 0."
        )
        log.assert_clean()
    finally:
        context.close()


def test_the_variant_and_the_answers_are_remembered(browser: Any, bayes: Site) -> None:
    e = expected(23)
    context, page, log = open_exercise(browser, bayes, "#screening=23")
    try:
        answer(page, f"{e['evidence']:.3g}", "0.9999")
        page.goto(bayes.url + PRACTICE_PAGE, wait_until="networkidle")  # no seed in the address now
        page.wait_for_function(
            "() => document.querySelector('#screening .exercise__where')?.textContent === 'Variant 23'"
        )
        assert page.locator(f"{EXERCISE}-answer-2").input_value() == "0.9999"
        assert page.locator(f"{EXERCISE}-answer-1-message").inner_text().startswith("✓ Correct")
        assert page.locator(f"{EXERCISE} button", has_text="Show solution").is_visible()
        key = next(k for k in page.evaluate("Object.keys(localStorage)") if k.endswith(":exercise:screening"))
        assert json.loads(page.evaluate(f"localStorage.getItem({key!r})"))["seed"] == 23
        log.assert_clean()
    finally:
        context.close()


@pytest.mark.parametrize("storage", ["refused", "full"])
def test_it_works_when_storage_throws(browser: Any, bayes: Site, storage: str) -> None:
    script = REFUSED_STORAGE if storage == "refused" else FULL_STORAGE
    context, page, log = open_exercise(browser, bayes, init_script=script)
    try:
        e = expected(0)
        first, _ = answer(page, f"{e['evidence']:.3g}", "")
        assert first.startswith("✓ Correct")
        page.locator(f"{EXERCISE} button", has_text="New variant").click()
        page.wait_for_function(
            "() => !document.querySelector('#screening .exercise__where').textContent.endsWith(' 0')"
        )
        drill = page.locator(f"{DRILL}-m2")
        drill.locator('.drill__verdicts input[value="causal"]').check()
        drill.get_by_role("button", name="Check").click()
        assert drill.locator(".drill__message").inner_text() == "✓ Right: this derivation has no wrong step."
        log.assert_clean()
    finally:
        context.close()


# --- A drill about another kind of bug --------------------------------------------------------


def test_a_drill_with_its_own_verdicts_and_words(browser: Any, bayes: Site) -> None:
    context, page, log = open_exercise(browser, bayes)
    try:
        first = page.locator(f"{DRILL}-m1")
        assert (
            first.locator(".drill__lines legend").inner_text() == "Which line has the wrong step? Pick it if one does."
        )
        assert first.locator(".drill__verdicts legend").inner_text() == "Your verdict on this derivation"
        labels = first.locator(".drill__verdicts .drill__text").all_inner_texts()
        assert [t.strip() for t in labels] == ["Has a wrong step", "Correct"]
        check = first.get_by_role("button", name="Check")
        check.click()
        assert first.locator(".drill__message").inner_text() == "Decide first: “Has a wrong step” or “Correct”?"
        first.locator('.drill__verdicts input[value="leaks"]').check()
        check.click()
        assert first.locator(".drill__message").inner_text() == "Now pick the line with the wrong step."
        first.locator('.drill__verdicts input[value="causal"]').check()
        check.click()
        assert first.locator(".drill__message").inner_text() == "✗ Not “Correct”: the wrong step is in line 1."
        assert first.locator(".drill__lines .drill__verdict").first.inner_text() == "✓ The line with the wrong step"
        first.get_by_role("button", name="Try again").click()
        first.locator(".drill__lines input").nth(1).check()
        check.click()
        assert first.locator(".drill__message").inner_text() == (
            "✗ Right verdict, but not line 2: the wrong step is in line 1."
        )
        assert first.locator(".drill__lines .drill__verdict").nth(1).inner_text() == "✗ Your pick: this line is fine"
        first.get_by_role("button", name="Try again").click()
        first.locator(".drill__lines input").nth(0).check()
        check.click()
        assert first.locator(".drill__message").inner_text() == "✓ Right: the wrong step is in line 1."
        assert page.locator(f"{DRILL} .drill__score").inner_text() == "1 of 2 derivations right (1 checked so far)."
        # Saved as before: the answer is back after a reload.
        page.reload(wait_until="networkidle")
        page.locator(f"{DRILL}.drill--interactive").wait_for()
        assert page.locator(f"{DRILL}-m1 .drill__message").inner_text() == "✓ Right: the wrong step is in line 1."
        log.assert_clean()
    finally:
        context.close()


# --- Accessibility and layout ----------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_axe_clean_fits_and_both_schemes(browser: Any, bayes: Site, width: int, scheme: str) -> None:
    """After use (a mistake, an unreadable reply, the solution open, another variant): axe clean."""
    context, page, log = open_exercise(browser, bayes, "#screening=3", width=width, height=800, scheme=scheme)
    problems: list[str] = []
    try:
        e = expected(3)
        answer(page, "many", f"{e['sensitivity']}")
        page.locator(f"{EXERCISE} button", has_text="Show solution").click()
        page.locator(f"{DRILL}-m1 .drill__lines input").nth(1).check()
        page.locator(f"{DRILL}-m1").get_by_role("button", name="Check").click()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"the page scrolls sideways by {overflow}px at {width}px")
        for selector in (EXERCISE, DRILL):
            box = page.locator(selector).bounding_box()
            if box and box["x"] + box["width"] > width:
                problems.append(f"{selector} is wider than {width}px")
            problems += [f"{selector}: {v}" for v in axe_inside(page, selector)]
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.locator(EXERCISE).screenshot(path=str(SCREENS / f"bayes-exercise-{width}-{scheme}.png"))
        page.locator(DRILL).screenshot(path=str(SCREENS / f"bayes-drill-{width}-{scheme}.png"))
        log.assert_clean()
    finally:
        context.close()
    assert not problems, "\n".join(problems)
